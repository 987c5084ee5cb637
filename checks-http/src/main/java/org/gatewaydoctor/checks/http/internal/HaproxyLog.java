package org.gatewaydoctor.checks.http.internal;

import static org.gatewaydoctor.checks.http.internal.CauseTable.part;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gatewaydoctor.checks.http.internal.signatures.HaproxySignatureProvider;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;

/**
 * HAProxy's log read as causes through the termination state of each {@code option httplog} line
 * ({@link HaproxySignatureProvider}), and what to tell the site owner about each.
 *
 * <p>The meanings are those of HAProxy's configuration manual, section 8.5 "Session state at
 * disconnection" (doc/configuration.txt of HAProxy 2.6): the first character says who ended the
 * stream ({@code S} the server aborted or refused, {@code s} {@code timeout server} or
 * {@code timeout connect} struck, {@code P} the proxy itself blocked it, {@code R} a local resource ran
 * out, {@code -} normal completion), the second in which phase ({@code C} connecting, {@code H} waiting
 * for the response headers, {@code D} in the body, {@code Q} queued). So:
 *
 * <ul>
 *   <li>{@code SC} with {@code <NOSRV>} as the server: no server was usable (all DOWN), HAProxy answers
 *       503: {@code proxy.no_healthy_upstream}; {@code SC} with a server: it refused the connection:
 *       {@code proxy.upstream_refused};</li>
 *   <li>{@code SH} (502): the server aborted before its full headers: {@code proxy.upstream_closed};</li>
 *   <li>{@code sH} (504) and {@code sC}: {@code timeout server} / {@code timeout connect} struck:
 *       {@code proxy.upstream_timeout};</li>
 *   <li>{@code PH} (502): "the proxy blocked the server's response, because it was invalid,
 *       incomplete, dangerous (cache control), or matched a security filter". The state does not say
 *       which; headers that do not fit {@code tune.bufsize - tune.maxrewrite} are the common case, so
 *       {@code proxy.header_too_big} ranks first and {@code proxy.invalid_header} second;</li>
 *   <li>{@code sQ}, {@code PC}, {@code RC}: the queue expired, or HAProxy ran out of sockets or other
 *       resources: {@code proxy.worker_connections_exhausted};</li>
 *   <li>{@code ----} with a 5xx status: the stream ended normally, the server itself answered 5xx and
 *       HAProxy relayed it: a symptom, the cause lies behind the server.</li>
 * </ul>
 *
 * <p>Health-check alerts ({@code Server be/srv is DOWN, reason: ...}, {@code backend be has no server
 * available!}) say why servers were unusable: they support the causes of the request lines and count
 * on their own only when no request line names a cause.
 */
public final class HaproxyLog implements LogCauseReport.Advice {

    private static final List<CauseCode> DOWN = List.of(CauseCode.PROXY_NO_HEALTHY_UPSTREAM,
            CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PROXY_UPSTREAM_TIMEOUT);

    private static final CauseTable TABLE = new CauseTable(HaproxySignatureProvider.PREFIX, HaproxyLog::subjects)
            .on("server-refused", part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.75, 0.93,
                    "SC: the server refused the connection"))
            .on("no-server", part(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, 0.8, 0.95,
                    "SC with <NOSRV>: no server of the backend was usable"))
            .on("connect-timeout", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.65, 0.9,
                    "sC: timeout connect struck before the server accepted"))
            .on("server-closed", part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.75, 0.93,
                    "SH: the server aborted before sending its full response headers"))
            .on("server-timeout", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.75, 0.93,
                    "sH: timeout server struck before the server sent its response headers"))
            .on("response-blocked",
                    part(CauseCode.PROXY_HEADER_TOO_BIG, 0.6, 0.8,
                            "PH: HAProxy blocked the server's response (too big for its buffer, or invalid)"),
                    part(CauseCode.PROXY_INVALID_HEADER, 0.5, 0.7,
                            "PH: HAProxy blocked the server's response (invalid, or too big for its buffer)"))
            .on("server-aborted-body", part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.45, 0.7,
                    "SD: the server broke off during the response body"))
            .on("server-timeout-body", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.45, 0.7,
                    "sD: the server went silent during the response body"))
            .on("queue-timeout", part(CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED, 0.7, 0.9,
                    "sQ: the request expired in the queue, every server at its maxconn"))
            .on("proxy-socket-limit", part(CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED, 0.75, 0.92,
                    "PC: HAProxy reached its own socket limit"))
            .on("proxy-resource-exhausted", part(CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED, 0.75, 0.92,
                    "RC: a local resource of HAProxy ran out"))
            .supports("backend-no-server", List.of(CauseCode.PROXY_NO_HEALTHY_UPSTREAM),
                    part(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, 0.7, 0.9, "a backend had no server left"))
            .supports("server-down-refused", DOWN, part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.45, 0.65,
                    "a health check could not connect to the server"))
            .supports("server-down-timeout", DOWN, part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.45, 0.65,
                    "a health check timed out"))
            .supports("server-down-tls", List.of(CauseCode.PROXY_NO_HEALTHY_UPSTREAM,
                    CauseCode.PROXY_UPSTREAM_TLS_FAILURE), part(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, 0.45, 0.65,
                    "a health check failed its TLS handshake"))
            .supports("server-down-invalid", List.of(CauseCode.PROXY_NO_HEALTHY_UPSTREAM,
                    CauseCode.PROXY_INVALID_HEADER), part(CauseCode.PROXY_INVALID_HEADER, 0.45, 0.65,
                    "a health check got an invalid answer"))
            .supports("server-down-status", List.of(CauseCode.PROXY_NO_HEALTHY_UPSTREAM))
            .supports("server-down", List.of(CauseCode.PROXY_NO_HEALTHY_UPSTREAM));

    /** The one instance. */
    public static final HaproxyLog ADVICE = new HaproxyLog();

    private HaproxyLog() {
    }

    /** The causes the scan's HAProxy hits point to, in a stable order. */
    public static Map<CauseCode, HitGroup> classify(LogScan scan) {
        return TABLE.classify(scan);
    }

    /**
     * Streams that ended normally ({@code ----}) with a 5xx status: the server answered the error
     * itself and HAProxy relayed it. A symptom: the cause lies behind the server.
     */
    public static List<Finding> relayed(LogScan scan) {
        List<Finding> out = new ArrayList<>();
        scan.hits(HaproxySignatureProvider.PREFIX + "relayed-error").filter(h -> h.count() > 0).ifPresent(h -> {
            String statuses = h.fields().getOrDefault("status", Map.of()).entrySet().stream()
                    .filter(e -> !e.getKey().equals("(other)"))
                    .map(e -> e.getKey() + " " + LogCauseReport.times(e.getValue())).collect(Collectors.joining(", "));
            String backends = h.fields().getOrDefault("backend", Map.of()).keySet().stream()
                    .filter(b -> !b.equals("(other)")).sorted().collect(Collectors.joining(", "));
            out.add(Finding.symptom(Layer.LOAD_BALANCER, Severity.WARNING, "HAProxy relayed " + statuses
                            + " that the servers of " + (backends.isEmpty() ? "its backends" : "backend " + backends)
                            + " answered themselves (state ----): HAProxy and its connections work; the cause is "
                            + "behind the server")
                    .evidence(h.samples().stream().limit(3).toList())
                    .evidence(new Evidence.Measurement("HAProxy log lines: normal termination with a 5xx status",
                            h.count(), "lines"))
                    .remediation("Look at the server behind HAProxy: its own error log (nginx, Apache) and what "
                            + "it proxies to (PHP-FPM, the application) at the same times")
                    .build());
        });
        return out;
    }

    /** What a hit's lines are about: the backend. */
    static Map<String, Long> subjects(SignatureHits h) {
        Map<String, Long> out = new LinkedHashMap<>();
        h.fields().getOrDefault("backend", Map.of()).forEach((b, n) -> {
            if (!b.equals("(other)")) {
                out.merge("backend " + b, n, Long::sum);
            }
        });
        return out;
    }

    @Override
    public String summary(CauseCode cause, HitGroup t, String when) {
        String n = LogCauseReport.times(t.count()) + when;
        String who = t.topSubject("a backend");
        return switch (cause.value()) {
            case "proxy.no_healthy_upstream" -> "HAProxy had no usable server in " + who + " and answered 503 " + n
                    + ": every server was marked DOWN by its health checks";
            case "proxy.upstream_refused" -> "the servers of " + who + " refused HAProxy's connections " + n;
            case "proxy.upstream_closed" -> "the servers of " + who + " closed the connection before their "
                    + "response headers " + n + " (HAProxy answered 502)";
            case "proxy.upstream_timeout" -> "HAProxy gave up waiting for the servers of " + who + " " + n + ": "
                    + t.details().stream().findFirst().map(Map.Entry::getKey).orElse("a timeout struck");
            case "proxy.header_too_big" -> "HAProxy blocked the response of " + who + " " + n + " (state PH, 502): "
                    + "most often headers larger than tune.bufsize - tune.maxrewrite; an invalid header is the "
                    + "other possibility";
            case "proxy.invalid_header" -> "HAProxy blocked the response of " + who + " " + n + " (state PH, 502): "
                    + "an invalid header is possible, headers too big for its buffer are more common";
            case "proxy.worker_connections_exhausted" -> "HAProxy could not get a connection slot for " + who + " "
                    + n + ": " + t.details().stream().findFirst().map(Map.Entry::getKey).orElse("limits reached");
            default -> "HAProxy: " + cause.meaning().orElse(cause.value()) + " (" + who + ") " + n;
        };
    }

    @Override
    public List<String> remediation(CauseCode cause, HitGroup t) {
        String who = t.topSubject("the backend");
        return switch (cause.value()) {
            case "proxy.no_healthy_upstream" -> List.of(
                    "Bring a server of " + who + " back: the 'is DOWN, reason:' lines say why each failed its health "
                            + "check (refused: the application is not running; timeout: it hangs or a firewall drops).",
                    "Check the health check matches what the server answers (option httpchk URI, expected status).");
            case "proxy.upstream_refused" -> List.of(
                    "Start the application the server line of " + who + " points at, or fix its address and port.",
                    "Add 'check' to the server lines so HAProxy stops sending requests to a dead server.");
            case "proxy.upstream_closed" -> List.of(
                    "Read the server's own log at the same times: it crashed, was restarted or killed a worker.",
                    "If it closes idle keep-alive connections, make its keep-alive timeout longer than HAProxy's "
                            + "(timeout http-keep-alive) or use 'http-reuse never'.");
            case "proxy.upstream_timeout" -> List.of(
                    "Find why the server is slow (its slow log, the database) before raising timeouts.",
                    "If some requests must take long, raise 'timeout server' in " + who + " only.");
            case "proxy.header_too_big" -> List.of(
                    "Compare the server's response headers with tune.bufsize - tune.maxrewrite (16384 - 1024 by "
                            + "default): curl -sI the server directly and count the bytes.",
                    "Raise tune.bufsize in the global section (memory per connection grows with it) or trim the "
                            + "headers (large cookies, long CSP or Link headers).");
            case "proxy.invalid_header" -> List.of(
                    "Show the blocked response: 'show errors' on HAProxy's stats socket prints the exact bytes "
                            + "and position of the error.",
                    "Fix the server's header (characters not allowed in a header name, a bad status line); "
                            + "'option accept-invalid-http-response' only hides it.");
            case "proxy.worker_connections_exhausted" -> List.of(
                    "Raise the servers' maxconn or add servers if they can take more; otherwise find what makes "
                            + "each request slow.",
                    "Raise the global maxconn and ulimit-n if HAProxy itself ran out of sockets.");
            default -> List.of();
        };
    }

    @Override
    public List<String> confirmWith(CauseCode cause) {
        return switch (cause.value()) {
            case "proxy.header_too_big" -> List.of(
                    "the server's response headers are larger than tune.bufsize - tune.maxrewrite",
                    "'show errors' on the stats socket shows the response cut at the buffer's end");
            case "proxy.invalid_header" -> List.of("'show errors' on the stats socket shows the invalid byte");
            case "proxy.upstream_closed" -> List.of("the server's own log shows a crash or restart at that time");
            default -> List.of();
        };
    }
}
