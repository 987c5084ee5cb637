package org.gatewaydoctor.checks.http.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.gatewaydoctor.checks.http.internal.signatures.NginxSignatureProvider;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;

/**
 * Reads the hits of {@link NginxSignatureProvider}'s signatures as causes. Most signatures name their
 * cause; connection failures depend on where nginx connected, which the extracted fields tell: a unix
 * socket (field {@code socket}) that refuses ({@code ECONNREFUSED}), is missing ({@code ENOENT}), is
 * denied ({@code EACCES}) or has a full queue ({@code EAGAIN}) is PHP-FPM's, a TCP address is some
 * upstream's (and PHP-FPM's when the upstream is {@code fastcgi://}).
 */
public final class NginxCauses {

    private static final Predicate<String> UNIX = text -> text.contains("connect() to unix:");

    private NginxCauses() {
    }

    /** The causes the scan's nginx error-log hits point to, in a stable order. */
    public static Map<CauseCode, HitGroup> classify(LogScan scan) {
        Map<CauseCode, HitGroup> out = new TreeMap<>();
        for (SignatureHits h : scan.signatures()) {
            String id = h.id();
            if (!id.startsWith(NginxSignatureProvider.ERROR_LOG)) {
                continue;
            }
            long unix = total(h, "socket");
            switch (id) {
                case "nginx.connect-refused" -> {
                    long fastcgi = h.fields().getOrDefault("upstream", Map.of()).entrySet().stream()
                            .filter(e -> e.getKey().startsWith("fastcgi://") || e.getKey().contains("://unix:"))
                            .mapToLong(Map.Entry::getValue).sum();
                    add(out, CauseCode.PROXY_UPSTREAM_REFUSED, h, h.count(), null, addresses(h, null),
                            "the upstream refuses connections (" + errno(h) + ")", 0.75, 0.93);
                    // A stale socket file nobody listens on, or no FPM on the port: PHP-FPM is most likely down.
                    Map<String, Long> fpm = addresses(h, null);
                    fpm.keySet().removeIf(a -> !a.startsWith("unix:") && !a.startsWith("fastcgi://"));
                    add(out, CauseCode.PHPFPM_DOWN, h, Math.max(unix, fastcgi),
                            text -> UNIX.test(text) || text.contains("upstream: \"fastcgi://"), fpm,
                            "nothing accepts connections on PHP-FPM's address (" + errno(h) + ")", 0.5, 0.7);
                }
                case "nginx.connect-enoent" -> {
                    // PHP-FPM creates its socket at start: it is not running, or it listens elsewhere.
                    add(out, CauseCode.PHPFPM_DOWN, h, unix, UNIX, addresses(h, true),
                            "the PHP-FPM socket does not exist (" + errno(h) + ")", 0.45, 0.6);
                    add(out, CauseCode.PHPFPM_SOCKET_MISMATCH, h, unix, UNIX, addresses(h, true),
                            "the PHP-FPM socket does not exist (" + errno(h) + ")", 0.4, 0.55);
                    add(out, CauseCode.PROXY_UPSTREAM_REFUSED, h, h.count() - unix, UNIX.negate(), addresses(h, false),
                            "nginx cannot connect to its upstream (" + errno(h) + ")", 0.5, 0.75);
                }
                case "nginx.connect-eacces" -> {
                    add(out, CauseCode.PHPFPM_SOCKET_PERMISSION, h, unix, UNIX, addresses(h, true),
                            "nginx's user may not open the PHP-FPM socket (" + errno(h) + ")", 0.85, 0.97);
                    add(out, CauseCode.PROXY_UPSTREAM_REFUSED, h, h.count() - unix, UNIX.negate(), addresses(h, false),
                            "nginx is not allowed to connect to its upstream (" + errno(h) + "; SELinux?)", 0.5, 0.75);
                }
                case "nginx.connect-eagain" -> {
                    // Linux answers EAGAIN on a unix socket whose listen queue is full (ngx_event_connect.c).
                    add(out, CauseCode.PHPFPM_POOL_EXHAUSTED, h, unix, UNIX, addresses(h, true),
                            "the PHP-FPM socket's listen queue is full (" + errno(h) + ")", 0.7, 0.9);
                    add(out, CauseCode.PROXY_UPSTREAM_REFUSED, h, h.count() - unix, UNIX.negate(), addresses(h, false),
                            "nginx cannot connect to its upstream (" + errno(h) + ")", 0.5, 0.75);
                }
                case "nginx.connect-failed" -> add(out, CauseCode.PROXY_UPSTREAM_REFUSED, h, h.count(), null,
                        addresses(h, null), "nginx cannot connect to its upstream (" + errno(h) + ")", 0.55, 0.8);
                case "nginx.upstream-timed-out" -> {
                    add(out, CauseCode.PROXY_UPSTREAM_TIMEOUT, h, h.count(), null, addresses(h, null), null, 0.7, 0.92);
                    HitGroup g = out.get(CauseCode.PROXY_UPSTREAM_TIMEOUT);
                    h.fields().getOrDefault("action", Map.of("waiting for the upstream", h.count()))
                            .forEach((action, n) -> g.detail("upstream timed out while " + action, n));
                }
                case "nginx.upstream-prematurely-closed" -> add(out, CauseCode.PROXY_UPSTREAM_CLOSED, h, h.count(), null,
                        addresses(h, null), "the upstream closed the connection before a complete response", 0.7, 0.92);
                case "nginx.recv-reset" -> {
                    // Towards a FastCGI upstream a reset means the PHP-FPM worker serving the request died (a crash,
                    // or request_terminate_timeout's kill): the whole-stack tests produce exactly this line for both.
                    // PHP-FPM's own log decides which ("exited on signal" vs "execution timed out").
                    long fastcgi = h.fields().getOrDefault("upstream", Map.of()).entrySet().stream()
                            .filter(e -> e.getKey().startsWith("fastcgi://")).mapToLong(Map.Entry::getValue).sum();
                    Map<String, Long> fpm = addresses(h, null);
                    Predicate<String> toFpm = text -> text.contains("upstream: \"fastcgi://");
                    add(out, CauseCode.PHPFPM_WORKER_CRASH, h, fastcgi, toFpm, fpm, "PHP-FPM reset nginx's FastCGI"
                            + " connection mid-request (ECONNRESET): its worker died; PHP-FPM's log decides between a crash"
                            + " ('exited on signal') and request_terminate_timeout ('execution timed out')", 0.7, 0.9);
                    add(out, CauseCode.PHPFPM_REQUEST_TIMEOUT, h, fastcgi, toFpm, fpm, "PHP-FPM reset nginx's FastCGI"
                            + " connection mid-request: request_terminate_timeout kills a worker this way; PHP-FPM's log"
                            + " decides", 0.4, 0.6);
                    add(out, CauseCode.PROXY_UPSTREAM_CLOSED, h, h.count(), null, addresses(h, null),
                            "the upstream reset the connection (ECONNRESET)", fastcgi == h.count() ? 0.5 : 0.65,
                            fastcgi == h.count() ? 0.7 : 0.9);
                }
                case "nginx.invalid-header", "nginx.invalid-status" -> add(out, CauseCode.PROXY_INVALID_HEADER, h,
                        h.count(), null, addresses(h, null), "the upstream sent a malformed response header", 0.75, 0.93);
                case "nginx.too-big-header" -> add(out, CauseCode.PROXY_HEADER_TOO_BIG, h, h.count(), null,
                        addresses(h, null), "the upstream's response headers do not fit nginx's buffer", 0.85, 0.96);
                case "nginx.no-live-upstreams" -> add(out, CauseCode.PROXY_NO_HEALTHY_UPSTREAM, h, h.count(), null,
                        addresses(h, null), "every server of the upstream group is marked failed", 0.75, 0.92);
                case "nginx.upstream-not-resolved", "nginx.no-resolver" -> add(out, CauseCode.PROXY_UPSTREAM_DNS_FAILURE, h,
                        h.count(), null, h.fields().getOrDefault("name", Map.of()),
                        id.equals("nginx.no-resolver") ? "no resolver is configured to resolve the upstream's name"
                                : "the upstream's name could not be resolved", 0.85, 0.96);
                case "nginx.upstream-ssl-handshake" -> {
                    // OpenSSL's words for a peer whose first bytes are not a TLS record: an HTTPS route to a plain port.
                    long plain = h.fields().getOrDefault("errtext", Map.of()).entrySet().stream()
                            .filter(e -> notTls(e.getKey())).mapToLong(Map.Entry::getValue).sum();
                    add(out, CauseCode.PROXY_PROTOCOL_MISMATCH, h, plain, NginxCauses::notTls, addresses(h, null),
                            "the upstream does not answer in TLS: https:// points at a plain HTTP port", 0.8, 0.95);
                    add(out, CauseCode.PROXY_UPSTREAM_TLS_FAILURE, h, h.count() - plain, line -> !notTls(line),
                            addresses(h, null), "the TLS handshake with the upstream fails", 0.8, 0.95);
                }
                case "nginx.upstream-ssl-verify", "nginx.upstream-ssl-name-mismatch" -> add(out,
                        CauseCode.PROXY_UPSTREAM_TLS_FAILURE, h, h.count(), null, addresses(h, null),
                        "the upstream's certificate does not verify", 0.8, 0.95);
                case "nginx.worker-connections" -> add(out, CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED, h, h.count(),
                        null, Map.of("nginx", h.count()), "nginx ran out of worker_connections", 0.85, 0.96);
                case "nginx.fastcgi-unsupported-version" -> add(out, CauseCode.PROXY_PROTOCOL_MISMATCH, h, h.count(), null,
                        addresses(h, null), "the FastCGI upstream does not answer in FastCGI (is it an HTTP server?)",
                        0.7, 0.9);
                case "nginx.no-valid-http-header" -> add(out, CauseCode.PROXY_PROTOCOL_MISMATCH, h, h.count(), null,
                        addresses(h, null), "the HTTP upstream does not answer in HTTP", 0.7, 0.9);
                case "nginx.fastcgi-stderr-fatal", "nginx.fastcgi-stderr-parse" -> add(out, CauseCode.APP_FATAL_ERROR, h,
                        h.count(), null, components(h), "a PHP fatal error", 0.7, 0.95);
                case "nginx.fastcgi-stderr-memory" -> add(out, CauseCode.APP_MEMORY_EXHAUSTED, h, h.count(), null,
                        components(h), "a script hit memory_limit", 0.8, 0.95);
                case "nginx.fastcgi-stderr-timeout" -> add(out, CauseCode.APP_EXECUTION_TIMEOUT, h, h.count(), null,
                        components(h), "a script hit max_execution_time", 0.8, 0.95);
                default -> {
                    // context lines (nginx.reload) point to no cause
                }
            }
        }
        return out;
    }

    /** The access log's visitor-facing 5xx answers, by status. */
    public static Map<Integer, HitGroup> visitors(LogScan scan) {
        Map<Integer, HitGroup> out = new TreeMap<>();
        for (SignatureHits h : scan.signatures()) {
            if (h.id().startsWith(NginxSignatureProvider.ACCESS_LOG) && h.signature().httpStatus() != null) {
                out.computeIfAbsent(h.signature().httpStatus(), s -> new HitGroup())
                        .add(h, h.count(), null, h.fields().getOrDefault("request", Map.of()), null, 0, 0);
            }
        }
        return out;
    }

    /**
     * Whether an OpenSSL error text says the peer answered something other than TLS: {@code wrong version number}
     * (OpenSSL 1.1 and 3 reading an HTTP answer as a record header), {@code unknown protocol} (older),
     * {@code packet length too long} / {@code record layer failure} (a non-TLS stream read as records).
     */
    static boolean notTls(String text) {
        return text.contains("wrong version number") || text.contains("unknown protocol")
                || text.contains("packet length too long") || text.contains("record layer failure");
    }

    private static void add(Map<CauseCode, HitGroup> out, CauseCode cause, SignatureHits h, long n,
                            Predicate<String> inPart, Map<String, Long> subjects, String detail, double base, double max) {
        if (n > 0) {
            out.computeIfAbsent(cause, c -> new HitGroup()).add(h, Math.min(n, h.count()), inPart, subjects, detail, base,
                    max);
        }
    }

    private static long total(SignatureHits h, String field) {
        return h.fields().getOrDefault(field, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The errno and its text, e.g. {@code 11: Resource temporarily unavailable}. */
    private static String errno(SignatureHits h) {
        return h.topValue("errno").map(e -> e + ": " + h.topValue("errtext").orElse("?")).orElse("unknown error");
    }

    /**
     * Where nginx connected, with counts: the context's {@code upstream} (a unix socket without its
     * {@code fastcgi://}), else the socket or peer of {@code connect() to}. {@code unix}: only unix
     * sockets (true), only other addresses (false), or all (null).
     */
    static Map<String, Long> addresses(SignatureHits h, Boolean unix) {
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, Long> upstreams = h.fields().getOrDefault("upstream", Map.of());
        if (upstreams.isEmpty()) {
            h.fields().getOrDefault("socket", Map.of()).forEach((k, n) -> out.merge(k, n, Long::sum));
            h.fields().getOrDefault("peer", Map.of()).forEach((k, n) -> out.merge(k, n, Long::sum));
        } else {
            upstreams.forEach((k, n) -> out.merge(display(k), n, Long::sum));
        }
        if (unix != null) {
            out.keySet().removeIf(k -> k.startsWith("unix:") != unix);
        }
        out.remove("(other)");
        return out;
    }

    /** {@code fastcgi://unix:/run/php/x.sock} as {@code unix:/run/php/x.sock}; a TCP upstream keeps its scheme. */
    static String display(String upstream) {
        int unix = upstream.indexOf("://unix:");
        return unix >= 0 ? upstream.substring(unix + 3) : upstream;
    }

    /**
     * What PHP errors were in, with counts: {@code plugin x} and {@code theme y} (of the file the error
     * names), else the file.
     */
    static Map<String, Long> components(SignatureHits h) {
        Map<String, Long> out = new LinkedHashMap<>();
        h.fields().getOrDefault("plugin", Map.of()).forEach((slug, n) -> out.merge("plugin " + slug, n, Long::sum));
        h.fields().getOrDefault("theme", Map.of()).forEach((slug, n) -> out.merge("theme " + slug, n, Long::sum));
        h.fields().getOrDefault("file", Map.of()).forEach((file, n) -> {
            if (!file.contains("/wp-content/")) {
                out.merge(file, n, Long::sum);
            }
        });
        out.keySet().removeIf(k -> k.endsWith("(other)"));
        return out;
    }
}
