package org.gatewaydoctor.spi;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.gatewaydoctor.model.Target;

/**
 * Resolves a host name with the resolver a diagnosis is told to use ({@code --dns-server}, else the system's
 * hosts file and resolv.conf), so that checks which connect to the site go where that resolver sends visitors.
 *
 * <p>The seam between the checks that connect (the probes of {@code checks-http}) and a DNS module
 * ({@code checks-dns} provides one), without making one check wait for another: a check that connects finds
 * providers with {@link java.util.ServiceLoader} ({@code uses org.gatewaydoctor.spi.NameResolver} in its
 * module descriptor; a provider lists its class in {@code META-INF/services/org.gatewaydoctor.spi.NameResolver}
 * and in its {@code provides}) and calls the first one that loads, under its own deadline. With none on the
 * path it asks the JVM's resolver.
 *
 * <p>A provider only asks name servers (it never changes anything), returns by {@code deadline} (an answer
 * still missing then is {@link Status#TIMEOUT}), is safe to call from several threads, and keeps nothing
 * between calls: each call reads the target's options afresh. Sharing answers is the engine's part: a check
 * calls the provider through {@link CheckContext#perDiagnosis}, which asks it once per name for the whole
 * diagnosis and forgets the answers with it, so that one diagnosis asks DNS once, however many checks connect.
 *
 * <pre>{@code
 * NameResolver.Answer a = ctx.perDiagnosis(resolver).resolve("shop.example", ctx.target(), ctx.deadline());
 * if (!a.resolved()) {
 *     // a.status() is NXDOMAIN, SERVFAIL, ...; a.describe() says what and who, e.g.
 *     // "NXDOMAIN from resolver 127.0.0.1:53 (--dns-server)"
 * }
 * }</pre>
 */
public interface NameResolver {

    /**
     * Resolves {@code host}'s A and AAAA records (following CNAMEs) as {@code target}'s options say.
     *
     * @param host a host name (not an IP literal)
     * @param target the diagnosis's target: which resolver to ask is in its options
     * @param deadline when the answer is due; a lookup still running then is {@link Status#TIMEOUT}
     * @return the answer, never {@code null}; a failure is an answer without addresses
     * @throws InterruptedException when the calling thread is interrupted
     */
    Answer resolve(String host, Target target, Instant deadline) throws InterruptedException;

    /** What kind of answer came back. */
    enum Status {
        /** At least one address. */
        RESOLVED,
        /** The name does not exist. */
        NXDOMAIN,
        /** The name exists but has no A or AAAA record (NODATA). */
        NO_ADDRESS,
        /** A CNAME whose target does not resolve. */
        DANGLING_CNAME,
        /** The resolver failed on the name (SERVFAIL: a lame delegation, broken DNSSEC). */
        SERVFAIL,
        /** The resolver refused to answer (REFUSED). */
        REFUSED,
        /** No usable answer in time. */
        TIMEOUT,
        /** Nothing could be asked, or the answer could not be read. */
        ERROR
    }

    /**
     * One answer.
     *
     * @param host the name asked about
     * @param status what kind of answer it is
     * @param addresses the addresses, A first; empty unless {@link Status#RESOLVED}
     * @param resolver who answered, in words, e.g. {@code resolver 127.0.0.1:53 (/etc/resolv.conf)}
     * @param answer the answer in words, e.g. {@code 127.0.0.2 (TTL 60 s)} or {@code NXDOMAIN}
     */
    record Answer(String host, Status status, List<InetAddress> addresses, String resolver, String answer) {
        public Answer {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(status, "status");
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(resolver, "resolver");
            Objects.requireNonNull(answer, "answer");
            if ((status == Status.RESOLVED) == addresses.isEmpty()) {
                throw new IllegalArgumentException("a " + status + " answer " + (addresses.isEmpty() ? "without"
                        : "with") + " addresses");
            }
        }

        /** Whether the name resolved to at least one address. */
        public boolean resolved() {
            return status == Status.RESOLVED;
        }

        /** Whether this is the answer for {@code name} (case-insensitive, a final dot ignored). */
        public boolean names(String name) {
            return name != null && norm(name).equals(norm(host));
        }

        /** The answer and who gave it, e.g. {@code NXDOMAIN from resolver 127.0.0.1:53 (--dns-server)}. */
        public String describe() {
            return answer + " from " + resolver;
        }

        private static String norm(String s) {
            String l = s.toLowerCase(Locale.ROOT);
            return l.endsWith(".") ? l.substring(0, l.length() - 1) : l;
        }
    }
}
