package org.gatewaydoctor.checks.http.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gatewaydoctor.model.CauseCode;

/**
 * Maps nginx error-log messages about upstreams to cause codes.
 *
 * <p>Every signature below is the literal text of an {@code ngx_log_error}/{@code ngx_connection_error}
 * format string in the nginx source (github.com/nginx/nginx, read at commit 3f6f782); the file is named
 * next to each. The {@code (errno: text)} part is appended by {@code ngx_log_errno} (src/core/ngx_log.c)
 * and the {@code while ...} action by {@code ngx_http_log_error} (src/http/ngx_http_request.c); the
 * actions are set in src/http/ngx_http_upstream.c ({@code "connecting to upstream"},
 * {@code "SSL handshaking to upstream"}, {@code "reading response header from upstream"}).
 */
public final class NginxSignatures {

    /**
     * One cause a line points to.
     *
     * @param cause the cause code
     * @param httpStatus what nginx answers the visitor (502, or 504 for timeouts; see
     *     {@code ngx_http_upstream_next}: {@code NGX_HTTP_UPSTREAM_FT_TIMEOUT} gives 504, the rest 502)
     * @param subject what the cause is about: an upstream address, a plugin, a file
     * @param detail a short description of what this line says
     * @param base the confidence one such line gives
     * @param max the confidence many such lines give
     */
    public record Hit(CauseCode cause, int httpStatus, String subject, String detail, double base, double max) {
    }

    // src/http/modules/ngx_http_fastcgi_module.c: "FastCGI sent in stderr: \"%*s\""
    static final String FASTCGI_STDERR = "FastCGI sent in stderr: \"";
    // src/event/ngx_event_connect.c: "connect() to %V failed"
    static final String CONNECT_TO = "connect() to ";
    static final String CONNECT_TO_TAIL = " failed (";
    // src/http/ngx_http_upstream.c (ngx_http_upstream_test_connect): "connect() failed"
    static final String CONNECT_FAILED = "connect() failed (";
    // src/http/ngx_http_upstream.c (ngx_http_upstream_next): "upstream timed out", logged with NGX_ETIMEDOUT
    static final String TIMED_OUT = "upstream timed out";
    // src/http/ngx_http_upstream.c: "upstream prematurely closed connection"
    static final String PREMATURELY_CLOSED = "upstream prematurely closed connection";
    // src/http/modules/ngx_http_fastcgi_module.c: "upstream prematurely closed FastCGI stdout"
    static final String PREMATURELY_CLOSED_FASTCGI = "upstream prematurely closed FastCGI stdout";
    // src/os/unix/ngx_recv.c: "recv() failed", here with ECONNRESET "(104: Connection reset by peer)"
    static final String RECV_FAILED = "recv() failed (";
    static final String READV_FAILED = "readv() failed (";
    // src/http/modules/ngx_http_proxy_module.c and ngx_http_fastcgi_module.c:
    // "upstream sent invalid header: \"%*s\\x%02xd...\""; fastcgi: "upstream sent invalid status \"%V\""
    static final String INVALID_HEADER = "upstream sent invalid header";
    static final String INVALID_STATUS = "upstream sent invalid status";
    // src/http/ngx_http_upstream.c: "upstream sent too big header"
    static final String TOO_BIG_HEADER = "upstream sent too big header";
    // src/http/ngx_http_upstream.c: "no live upstreams"
    static final String NO_LIVE = "no live upstreams";
    // src/http/ngx_http_upstream.c: "%V could not be resolved (%i: %s)"
    static final String NOT_RESOLVED = " could not be resolved (";
    // src/http/ngx_http_upstream.c: "no resolver defined to resolve %V"
    static final String NO_RESOLVER = "no resolver defined to resolve ";
    // src/event/ngx_event_openssl.c: "SSL_do_handshake() failed" (action "SSL handshaking to upstream")
    static final String SSL_HANDSHAKE = "SSL_do_handshake() failed";
    // src/event/ngx_event_openssl.c: "peer closed connection in SSL handshake"
    static final String SSL_PEER_CLOSED = "peer closed connection in SSL handshake";
    // src/http/ngx_http_upstream.c: "upstream SSL certificate verify error: (%l:%s)"
    static final String SSL_VERIFY = "upstream SSL certificate verify error: (";
    // src/http/ngx_http_upstream.c: "upstream SSL certificate does not match \"%V\""
    static final String SSL_MISMATCH = "upstream SSL certificate does not match \"";
    // src/core/ngx_connection.c and src/event/ngx_event.c: "%ui worker_connections are not enough"
    static final String WORKER_CONNECTIONS = " worker_connections are not enough";
    // src/http/modules/ngx_http_fastcgi_module.c: "upstream sent unsupported FastCGI protocol version: %d"
    static final String FASTCGI_VERSION = "upstream sent unsupported FastCGI protocol version: ";
    // src/http/modules/ngx_http_proxy_module.c: "upstream sent no valid HTTP/1.0 header"
    static final String NO_VALID_HTTP = "upstream sent no valid HTTP/1.0 header";

    static final String ACTION_HANDSHAKE = "SSL handshaking to upstream";

    private NginxSignatures() {
    }

    /** The causes {@code line} points to; empty for lines that are not about a failing upstream. */
    public static List<Hit> classify(NginxErrorLine line) {
        String text = line.text();
        String action = line.action();
        String upstream = line.upstream().orElse("");

        if (text.startsWith(FASTCGI_STDERR)) {
            return PhpMessages.fatal(text).map(f -> fatalHit(f)).map(List::of).orElse(List.of());
        }
        if (text.startsWith(CONNECT_TO) && text.contains(CONNECT_TO_TAIL) || text.startsWith(CONNECT_FAILED)) {
            return connectFailure(line, text, upstream);
        }
        if (text.startsWith(TIMED_OUT)) {
            String phase = action.isEmpty() ? "waiting for the upstream" : action;
            return List.of(new Hit(CauseCode.PROXY_UPSTREAM_TIMEOUT, 504, peer(upstream, text),
                    "upstream timed out while " + phase, 0.7, 0.92));
        }
        if (text.startsWith(PREMATURELY_CLOSED) || text.startsWith(PREMATURELY_CLOSED_FASTCGI)) {
            return List.of(new Hit(CauseCode.PROXY_UPSTREAM_CLOSED, 502, peer(upstream, text),
                    "the upstream closed the connection before a complete response", 0.7, 0.92));
        }
        if ((text.startsWith(RECV_FAILED) || text.startsWith(READV_FAILED)) && text.contains("(104: ")
                && action.contains("upstream")) {
            return List.of(new Hit(CauseCode.PROXY_UPSTREAM_CLOSED, 502, peer(upstream, text),
                    "the upstream reset the connection (ECONNRESET)", 0.65, 0.9));
        }
        if (text.startsWith(INVALID_HEADER) || text.startsWith(INVALID_STATUS)) {
            return List.of(new Hit(CauseCode.PROXY_INVALID_HEADER, 502, peer(upstream, text),
                    "the upstream sent a malformed response header", 0.75, 0.93));
        }
        if (text.startsWith(TOO_BIG_HEADER)) {
            return List.of(new Hit(CauseCode.PROXY_HEADER_TOO_BIG, 502, peer(upstream, text),
                    "the upstream's response headers do not fit nginx's buffer", 0.85, 0.96));
        }
        if (text.startsWith(NO_LIVE)) {
            return List.of(new Hit(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, 502, peer(upstream, text),
                    "every server of the upstream group is marked failed", 0.75, 0.92));
        }
        if (text.contains(NOT_RESOLVED) || text.startsWith(NO_RESOLVER)) {
            String name = text.startsWith(NO_RESOLVER)
                    ? text.substring(NO_RESOLVER.length()).trim()
                    : text.substring(0, text.indexOf(NOT_RESOLVED));
            return List.of(new Hit(CauseCode.PROXY_UPSTREAM_DNS_FAILURE, 502, bounded(name),
                    text.startsWith(NO_RESOLVER) ? "no resolver is configured to resolve the upstream's name"
                            : "the upstream's name could not be resolved", 0.85, 0.96));
        }
        if ((text.startsWith(SSL_HANDSHAKE) || text.startsWith(SSL_PEER_CLOSED)) && action.equals(ACTION_HANDSHAKE)
                || text.startsWith(SSL_VERIFY) || text.startsWith(SSL_MISMATCH)) {
            return List.of(new Hit(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, 502, peer(upstream, text),
                    text.startsWith(SSL_VERIFY) || text.startsWith(SSL_MISMATCH)
                            ? "the upstream's certificate does not verify" : "the TLS handshake with the upstream fails",
                    0.8, 0.95));
        }
        if (text.contains(WORKER_CONNECTIONS)) {
            return List.of(new Hit(CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED, 502, "nginx",
                    "nginx ran out of worker_connections", 0.85, 0.96));
        }
        if (text.startsWith(FASTCGI_VERSION) || text.startsWith(NO_VALID_HTTP)) {
            return List.of(new Hit(CauseCode.PROXY_PROTOCOL_MISMATCH, 502, peer(upstream, text),
                    text.startsWith(FASTCGI_VERSION)
                            ? "the FastCGI upstream does not answer in FastCGI (is it an HTTP server?)"
                            : "the HTTP upstream does not answer in HTTP", 0.7, 0.9));
        }
        return List.of();
    }

    private static Hit fatalHit(PhpMessages.Fatal f) {
        Optional<WpAttribution> who = f.file().flatMap(WpAttribution::of);
        String subject = who.map(WpAttribution::describe).orElse(f.file().orElse("unknown file"));
        double base = f.cause().equals(CauseCode.APP_FATAL_ERROR) ? 0.7 : 0.8;
        // A fatal error answers 500; nginx still logs it because PHP-FPM sent it on stderr.
        return new Hit(f.cause(), 500, bounded(subject), f.detail(), base, 0.95);
    }

    private static List<Hit> connectFailure(NginxErrorLine line, String text, String upstream) {
        Optional<NginxErrorLine.Errno> errno = line.errno();
        int code = errno.map(NginxErrorLine.Errno::code).orElse(-1);
        String errText = errno.map(e -> e.code() + ": " + e.text()).orElse("unknown error");
        String peer = peer(upstream, text);
        boolean unix = text.startsWith(CONNECT_TO + "unix:") || upstream.contains("://unix:");
        boolean fastcgi = upstream.toLowerCase(Locale.ROOT).startsWith("fastcgi://") || unix && upstream.isEmpty();
        switch (code) {
            case 111 -> { // ECONNREFUSED
                Hit refused = new Hit(CauseCode.PROXY_UPSTREAM_REFUSED, 502, peer,
                        "the upstream refuses connections (" + errText + ")", 0.75, 0.93);
                if (unix || fastcgi) {
                    // A stale socket file nobody listens on, or no FPM on the port: PHP-FPM is most likely down.
                    return List.of(refused, new Hit(CauseCode.PHPFPM_DOWN, 502, peer,
                            "nothing accepts connections on PHP-FPM's address (" + errText + ")", 0.5, 0.7));
                }
                return List.of(refused);
            }
            case 2 -> { // ENOENT: the socket file does not exist
                if (unix) {
                    // Either PHP-FPM is not running (it creates the socket at start) or it listens elsewhere.
                    return List.of(
                            new Hit(CauseCode.PHPFPM_DOWN, 502, peer,
                                    "the PHP-FPM socket does not exist (" + errText + ")", 0.45, 0.6),
                            new Hit(CauseCode.PHPFPM_SOCKET_MISMATCH, 502, peer,
                                    "the PHP-FPM socket does not exist (" + errText + ")", 0.4, 0.55));
                }
                return List.of(new Hit(CauseCode.PROXY_UPSTREAM_REFUSED, 502, peer,
                        "nginx cannot connect to its upstream (" + errText + ")", 0.5, 0.75));
            }
            case 13 -> { // EACCES
                if (unix) {
                    return List.of(new Hit(CauseCode.PHPFPM_SOCKET_PERMISSION, 502, peer,
                            "nginx's user may not open the PHP-FPM socket (" + errText + ")", 0.85, 0.97));
                }
                return List.of(new Hit(CauseCode.PROXY_UPSTREAM_REFUSED, 502, peer,
                        "nginx is not allowed to connect to its upstream (" + errText + ")", 0.5, 0.75));
            }
            case 11 -> { // EAGAIN: on Linux, a unix socket whose listen queue is full (ngx_event_connect.c)
                if (unix) {
                    return List.of(new Hit(CauseCode.PHPFPM_POOL_EXHAUSTED, 502, peer,
                            "the PHP-FPM socket's listen queue is full (" + errText + ")", 0.7, 0.9));
                }
                return List.of(new Hit(CauseCode.PROXY_UPSTREAM_REFUSED, 502, peer,
                        "nginx cannot connect to its upstream (" + errText + ")", 0.5, 0.75));
            }
            default -> {
                return List.of(new Hit(CauseCode.PROXY_UPSTREAM_REFUSED, 502, peer,
                        "nginx cannot connect to its upstream (" + errText + ")", 0.55, 0.8));
            }
        }
    }

    /** The upstream named by the line: the context's upstream, else the address after {@code connect() to}. */
    static String peer(String upstream, String text) {
        if (!upstream.isEmpty()) {
            return bounded(address(upstream));
        }
        if (text.startsWith(CONNECT_TO)) {
            int end = text.indexOf(CONNECT_TO_TAIL);
            if (end > CONNECT_TO.length()) {
                return bounded(text.substring(CONNECT_TO.length(), end));
            }
        }
        return "the upstream";
    }

    /**
     * The address part of nginx's {@code upstream: "schema + peer + separator + uri"}: the URI the request
     * was passed on with is left out (it may carry a query string).
     */
    static String address(String upstream) {
        int scheme = upstream.indexOf("://");
        if (scheme < 0) {
            return upstream;
        }
        String rest = upstream.substring(scheme + 3);
        if (rest.startsWith("unix:")) {
            int end = rest.indexOf(':', 5);
            return end > 0 ? rest.substring(0, end) : rest;
        }
        int slash = rest.indexOf('/');
        return upstream.substring(0, scheme + 3) + (slash >= 0 ? rest.substring(0, slash) : rest);
    }

    private static String bounded(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
