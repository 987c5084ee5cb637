package org.gatewaydoctor.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * Log lines in the exact formats nginx 1.22 and PHP-FPM 8.2 write (nginx src/core/ngx_log.c and
 * src/event/ngx_event_connect.c; php-src sapi/fpm/fpm/zlog.c and fpm_process_ctl.c), and a small
 * signature catalogue for them, so that {@code scan} tests do not depend on which check modules are
 * on the class path. The signatures apply to every line format, so they match whether or not format
 * detection recognises the lines.
 */
final class ScanFixtures {

    /** 10:00 UTC on Saturday 21 November 2026, after every fixture line. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneId.of("UTC"));

    static final String SECRET = "GDX-CANARY-0c4f7e1b";

    static final Signature EAGAIN = new Signature("test.nginx-connect-eagain", Layer.PROXY, Set.of(),
            "failed (11: Resource temporarily unavailable)",
            Pattern.compile("connect\\(\\) to (?<upstream>\\S+) failed \\((?<errno>11): (?<errtext>[^)]*)\\)"),
            502, List.of(CauseCode.PHPFPM_POOL_EXHAUSTED), "nginx could not connect: the socket's backlog is full");
    static final Signature TIMEOUT = new Signature("test.nginx-upstream-timed-out", Layer.PROXY, Set.of(),
            "upstream timed out (110: Connection timed out)", null, 504, List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT),
            "nginx waited longer than its read timeout");
    static final Signature MAX_CHILDREN = new Signature("test.fpm-max-children", Layer.PHP_FPM, Set.of(),
            "server reached pm.max_children setting",
            Pattern.compile("\\[pool (?<pool>[^\\]]+)\\] server reached pm\\.max_children setting \\((?<limit>\\d+)\\)"),
            null, List.of(CauseCode.PHPFPM_POOL_EXHAUSTED), "the pool ran out of workers");

    static final SignatureCatalog CATALOG = SignatureCatalog.of(List.of(EAGAIN, TIMEOUT, MAX_CHILDREN));

    /** nginx's error log: noise, then a full FPM socket backlog (3 × EAGAIN), then one read timeout. */
    static final String NGINX_ERROR = String.join("\n",
            "2026/11/21 09:10:02 [notice] 31877#31877: signal process started",
            "2026/11/21 09:11:40 [error] 1023#1023: *41023 open() \"/var/www/html/favicon.ico\" failed (2: No such "
                    + "file or directory), client: 192.0.2.46, server: example.org, request: \"GET /favicon.ico "
                    + "HTTP/1.1\", host: \"example.org\"",
            "2026/11/21 09:14:03 [error] 1022#1022: *41631 connect() to unix:/run/php/php8.2-fpm.sock failed (11: "
                    + "Resource temporarily unavailable) while connecting to upstream, client: 192.0.2.179, server: "
                    + "example.org, request: \"GET / HTTP/2.0\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", "
                    + "host: \"example.org\"",
            "2026/11/21 09:14:41 [error] 1023#1023: *41639 connect() to unix:/run/php/php8.2-fpm.sock failed (11: "
                    + "Resource temporarily unavailable) while connecting to upstream, client: 192.0.2.124, server: "
                    + "example.org, request: \"GET /contact/ HTTP/2.0\", upstream: "
                    + "\"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"",
            "2026/11/21 09:16:12 [error] 1022#1022: *41702 connect() to unix:/run/php/php8.2-fpm.sock failed (11: "
                    + "Resource temporarily unavailable) while connecting to upstream, client: 192.0.2.167, server: "
                    + "example.org, request: \"GET /wp-content/plugins/acme-related-posts/ajax/related.php?token="
                    + SECRET + "&post=5120 HTTP/2.0\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", "
                    + "host: \"example.org\"",
            "2026/11/21 09:17:30 [error] 1023#1023: *41733 upstream timed out (110: Connection timed out) while "
                    + "reading response header from upstream, client: 198.51.100.22, server: example.org, request: "
                    + "\"GET /shop/ HTTP/2.0\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: "
                    + "\"example.org\"",
            "") ;

    /** PHP-FPM's log: a restart, then the pool running full twice. */
    static final String FPM = String.join("\n",
            "[21-Nov-2026 09:05:14] NOTICE: fpm is running, pid 812",
            "[21-Nov-2026 09:05:14] NOTICE: ready to handle connections",
            "[21-Nov-2026 09:13:58] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it",
            "[21-Nov-2026 09:15:02] NOTICE: [pool www] child 1391 started",
            "[21-Nov-2026 09:16:07] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it",
            "");

    /** Lines none of the fixture signatures matches. */
    static final String QUIET = String.join("\n",
            "2026/11/21 09:10:02 [notice] 31877#31877: signal process started",
            "2026/11/21 09:11:40 [error] 1023#1023: *41023 open() \"/var/www/html/favicon.ico\" failed (2: No such "
                    + "file or directory), client: 192.0.2.46, server: example.org, request: \"GET /favicon.ico "
                    + "HTTP/1.1\", host: \"example.org\"",
            "");

    private ScanFixtures() {
    }

    static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static ByteArrayInputStream noStdin() {
        return new ByteArrayInputStream(new byte[0]);
    }

    /**
     * Whether core reads the clocks of nginx error log lines (format detection by content). Until it
     * does, matches carry no time: no histogram, no timeline, and time windows filter nothing.
     */
    static boolean linesAreDated() {
        try {
            LogScan probe = LogScanner.builder().catalog(CATALOG).zone(ZoneId.of("UTC")).build()
                    .scan(stdin(NGINX_ERROR), "probe");
            return probe.hits(EAGAIN.id()).map(h -> h.firstSeen() != null).orElse(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
