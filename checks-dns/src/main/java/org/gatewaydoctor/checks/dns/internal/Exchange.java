package org.gatewaydoctor.checks.dns.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One question asked of one name server, and what came back.
 *
 * @param server the server asked
 * @param name the name asked about
 * @param type the record type ({@link Type})
 * @param outcome the answer, or why there is none
 * @param latency from the first packet sent to the answer (or to giving up)
 * @param notes what happened on the way that a user may need: a truncated UDP answer retried over TCP,
 *     replies ignored because they carried another question id or were not DNS messages
 */
public record Exchange(NameServer server, Name name, int type, Outcome outcome, Duration latency, List<String> notes) {

    public Exchange {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
        notes = List.copyOf(notes);
    }

    /** What came back. */
    public sealed interface Outcome {
    }

    /**
     * A DNS message that answers the question (any response code).
     *
     * @param message the answer
     * @param tcp whether it came over TCP (after a truncated UDP answer)
     */
    public record Answer(Message message, boolean tcp) implements Outcome {
        public Answer {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Why no usable answer came back. */
    public enum Failure {
        /** Nothing came back in time. */
        TIMEOUT,
        /** Replies came, but each carried another question id (or question): ignored, as every resolver does. */
        WRONG_ID,
        /** Replies came, but none was a DNS message. */
        MALFORMED,
        /** Nothing listens there: ICMP port unreachable over UDP, connection refused over TCP. */
        UNREACHABLE,
        /** The answer was truncated over UDP and TCP failed. */
        TRUNCATED,
        /** The query could not be sent (no route, address family not supported). */
        ERROR
    }

    /**
     * No usable answer.
     *
     * @param failure why
     * @param detail in words, e.g. {@code no reply within 2000 ms}
     */
    public record NoAnswer(Failure failure, String detail) implements Outcome {
        public NoAnswer {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The answer, when one came. */
    public java.util.Optional<Message> message() {
        return outcome instanceof Answer a ? java.util.Optional.of(a.message()) : java.util.Optional.empty();
    }

    /** {@code A www.example.org @127.0.0.1:5353}. */
    public String question() {
        return Type.string(type) + " " + name.toString(true) + " @" + server.hostPort();
    }
}
