package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a FastCGI call ended. Each case names what a web server in front would have met, so a check can say
 * which 502 (or 504) it explains.
 */
public sealed interface FcgiResult {

    /** A short description for evidence, e.g. {@code refused: unix:/run/php/x.sock (stale socket file)}. */
    String describe();

    /** One CGI response header. */
    record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A complete answer: CGI headers, body, STDERR and {@code END_REQUEST} with {@code FCGI_REQUEST_COMPLETE}.
     *
     * @param status the HTTP status: the {@code Status} header, 302 for a {@code Location} without one, else 200
     * @param headers the CGI headers in order ({@code Status} included)
     * @param body the body after the headers (decoded as UTF-8), within {@link FcgiLimits#maxStdoutBytes()}
     * @param stderr what the server wrote to STDERR (PHP errors when {@code fastcgi.logging} is on)
     * @param stderrTruncated whether STDERR was longer than {@link FcgiLimits#maxStderrBytes()}
     * @param appStatus the application's exit status from {@code END_REQUEST}
     * @param elapsed from the start of the call to {@code END_REQUEST}
     */
    record Response(int status, List<Header> headers, String body, String stderr, boolean stderrTruncated,
            long appStatus, Duration elapsed) implements FcgiResult {
        public Response {
            headers = List.copyOf(headers);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(stderr, "stderr");
            Objects.requireNonNull(elapsed, "elapsed");
        }

        /** The first header of that name (case-insensitive). */
        public Optional<String> header(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
        }

        @Override
        public String describe() {
            return "answered " + status + " in " + elapsed.toMillis() + " ms";
        }
    }

    /**
     * The peer answered, but not with a FastCGI answer this client can use.
     *
     * @param kind what went wrong
     * @param what details, e.g. the first line of an HTTP answer
     * @param bytesReceived bytes read before giving up
     * @param prefix the first bytes received, printable ASCII with {@code \xNN} escapes (at most 200 characters)
     */
    record ProtocolError(Kind kind, String what, long bytesReceived, String prefix) implements FcgiResult {

        /** What went wrong. */
        public enum Kind {
            /** The peer answered in HTTP: an HTTP server, not FastCGI ({@code fastcgi_pass} to an HTTP port). */
            HTTP_RESPONSE,
            /** The peer answered with TLS: a TLS port. */
            TLS_RESPONSE,
            /** A record header's version byte is not 1: not a FastCGI peer, or a corrupt stream. */
            BAD_VERSION,
            /** A record type a responder does not send (or FCGI_UNKNOWN_TYPE: the peer did not understand us). */
            UNEXPECTED_RECORD,
            /** A record for another request id. */
            WRONG_REQUEST_ID,
            /** An {@code END_REQUEST} whose body is not 8 bytes. */
            BAD_END_REQUEST,
            /** {@code END_REQUEST} with a protocol status other than {@code FCGI_REQUEST_COMPLETE}. */
            REQUEST_REJECTED,
            /** STDOUT does not start with valid CGI headers (nginx: "upstream sent invalid header"). */
            MALFORMED_HEADERS,
            /** More output than {@link FcgiLimits} allows: an endless or oversized answer. */
            OUTPUT_LIMIT,
            /** More records than {@link FcgiLimits#maxRecords()}. */
            RECORD_LIMIT
        }

        public ProtocolError {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public String describe() {
            return "protocol error (" + kind.name().toLowerCase(Locale.ROOT) + "): " + what;
        }
    }

    /** The step a timeout hit. */
    enum Phase {
        /** Connecting (name resolution included): nothing accepted in time (a full TCP backlog, a filtered port). */
        CONNECT,
        /** Sending the request: the peer does not read. */
        WRITE,
        /** Waiting for the answer: the peer stalls (busy workers, a stuck script). */
        READ
    }

    /**
     * The deadline passed.
     *
     * @param phase where it passed
     * @param waited how long the call had run
     * @param bytesReceived bytes of answer read by then
     */
    record Timeout(Phase phase, Duration waited, long bytesReceived) implements FcgiResult {
        public Timeout {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(waited, "waited");
        }

        @Override
        public String describe() {
            return "timed out " + phase.name().toLowerCase(Locale.ROOT) + "ing after " + waited.toMillis() + " ms"
                    + (bytesReceived > 0 ? " (" + bytesReceived + " bytes received)" : "");
        }
    }

    /**
     * Connection refused (ECONNREFUSED): nothing listens there.
     *
     * @param target the endpoint
     * @param detail for a unix socket, what is at the path (a stale socket file, a regular file, ...)
     */
    record Refused(String target, String detail) implements FcgiResult {
        public Refused {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            return "refused: " + target + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** The unix socket path does not exist (ENOENT): PHP-FPM is down, or listens elsewhere. */
    record NoSuchSocket(Path path) implements FcgiResult {
        public NoSuchSocket {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "no such socket: " + path;
        }
    }

    /** Permission denied (EACCES): the socket's (or a directory's) mode does not let this user connect. */
    record PermissionDenied(String target, String detail) implements FcgiResult {
        public PermissionDenied {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            return "permission denied: " + target + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /**
     * A unix socket's listen queue is full (EAGAIN on a non-blocking connect, as nginx connects): every worker
     * is busy and {@code listen.backlog} connections already wait. nginx logs "Resource temporarily
     * unavailable" and answers 502.
     */
    record QueueFull(String target) implements FcgiResult {
        public QueueFull {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String describe() {
            return "listen queue full: " + target;
        }
    }

    /**
     * The peer closed the connection (or reset it) before {@code END_REQUEST}.
     *
     * @param bytesReceived bytes read before
     * @param reset whether it was a reset (ECONNRESET) rather than an orderly close
     * @param detail where in the answer it happened
     * @param stdoutPrefix STDOUT received before, at most 1024 characters
     * @param stderr STDERR received before, within the limit
     */
    record Closed(long bytesReceived, boolean reset, String detail, String stdoutPrefix, String stderr)
            implements FcgiResult {
        public Closed {
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(stdoutPrefix, "stdoutPrefix");
            Objects.requireNonNull(stderr, "stderr");
        }

        @Override
        public String describe() {
            return (reset ? "connection reset: " : "connection closed: ") + detail;
        }
    }

    /**
     * Could not connect for another reason: a host name that does not resolve, no route, a unix path too long.
     */
    record Unreachable(String target, String detail) implements FcgiResult {
        public Unreachable {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            return "unreachable: " + target + " (" + detail + ")";
        }
    }
}
