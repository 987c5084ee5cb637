package org.gatewaydoctor.checks.http.internal;

import static org.gatewaydoctor.checks.http.internal.CauseTable.part;

import java.util.List;
import java.util.Map;
import org.gatewaydoctor.checks.http.internal.signatures.CaddySignatureProvider;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.model.CauseCode;

/** Caddy's error log ({@code http.log.error}) read as causes, and what to tell the site owner. */
public final class CaddyLog implements LogCauseReport.Advice {

    private static final CauseTable TABLE = new CauseTable(CaddySignatureProvider.PREFIX,
            h -> h.fields().getOrDefault("upstream", Map.of()))
            .on("dial-refused", part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.7, 0.92,
                    "Caddy's connections to its upstream were refused"))
            .on("dial-unix-missing", part(CauseCode.PHPFPM_DOWN, 0.6, 0.85,
                            "the unix socket Caddy connects to does not exist"),
                    part(CauseCode.PHPFPM_SOCKET_MISMATCH, 0.5, 0.75, "the unix socket Caddy connects to does not exist"))
            .on("dial-unix-denied", part(CauseCode.PHPFPM_SOCKET_PERMISSION, 0.75, 0.93,
                    "Caddy may not connect to the unix socket"))
            .on("dial-unix-refused", part(CauseCode.PHPFPM_DOWN, 0.7, 0.9,
                    "nothing accepts on the unix socket Caddy connects to"))
            .on("header-timeout", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.7, 0.92,
                    "the upstream did not send its headers within response_header_timeout"))
            .on("dial-timeout", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.6, 0.85,
                    "Caddy could not connect within dial_timeout"))
            .on("upstream-closed", part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.65, 0.9,
                    "the upstream closed or reset the connection before answering"))
            .on("no-upstreams", part(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, 0.6, 0.85,
                    "every upstream was marked down"));

    /** The one instance. */
    public static final CaddyLog ADVICE = new CaddyLog();

    private CaddyLog() {
    }

    /** The causes the scan's Caddy hits point to. */
    public static Map<CauseCode, HitGroup> classify(LogScan scan) {
        return TABLE.classify(scan);
    }

    @Override
    public String summary(CauseCode cause, HitGroup t, String when) {
        String what = switch (cause.value()) {
            case "proxy.upstream_refused" -> "Caddy's upstream refused its connections (nothing listens there)";
            case "phpfpm.down" -> "Caddy could not reach PHP-FPM's socket (missing, or nobody accepts on it)";
            case "phpfpm.socket_mismatch" -> "the unix socket in Caddy's php_fastcgi does not exist";
            case "phpfpm.socket_permission" -> "Caddy's user may not connect to PHP-FPM's socket";
            case "proxy.upstream_timeout" -> "Caddy gave up waiting for its upstream";
            case "proxy.upstream_closed" -> "the upstream closed or reset Caddy's connection without an answer";
            case "proxy.no_healthy_upstream" -> "Caddy had no upstream left: all were marked down";
            default -> "Caddy's upstream failed";
        };
        return what + " " + LogCauseReport.times(t.count()) + when;
    }

    @Override
    public List<String> remediation(CauseCode cause, HitGroup t) {
        return switch (cause.value()) {
            case "proxy.upstream_refused" -> List.of(
                    "Start the application Caddy proxies to, or correct the address in reverse_proxy.",
                    "In containers, proxy to the service's name on the shared network, not to localhost.");
            case "phpfpm.down", "phpfpm.socket_mismatch" -> List.of(
                    "Start PHP-FPM (systemctl start php8.2-fpm) and check its log for why it stopped.",
                    "Make php_fastcgi's unix// path the same as the pool's listen = path.");
            case "phpfpm.socket_permission" -> List.of(
                    "Set listen.owner / listen.group (or listen.acl_users) of the pool to Caddy's user (caddy), "
                            + "listen.mode = 0660, then reload PHP-FPM.");
            case "proxy.upstream_timeout" -> List.of(
                    "Find why the upstream is slow (its own log, slow queries), then raise response_header_timeout "
                            + "/ dial_timeout only as far as visitors should wait.");
            case "proxy.upstream_closed" -> List.of(
                    "Read the upstream's own log at these times: it crashed, restarted or dropped idle keep-alive "
                            + "connections.",
                    "If it closes idle connections sooner than Caddy reuses them, lower keepalive in the transport.");
            case "proxy.no_healthy_upstream" -> List.of(
                    "Bring an upstream back (the failures before this line say why they were marked down); "
                            + "health checks then return them.");
            default -> List.of("Read the upstream's own log at these times.");
        };
    }

    @Override
    public List<String> confirmWith(CauseCode cause) {
        return List.of();
    }
}
