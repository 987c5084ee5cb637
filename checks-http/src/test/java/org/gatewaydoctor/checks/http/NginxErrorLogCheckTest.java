package org.gatewaydoctor.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.gatewaydoctor.testkit.CheckResults.find;
import static org.gatewaydoctor.testkit.CheckResults.only;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gatewaydoctor.checks.http.internal.signatures.NginxSignatureProvider;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.mockito.AdditionalAnswers;
import org.mockito.Mockito;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests of {@link NginxErrorLogCheck}.
 *
 * <p>Provenance of the log lines: each is written exactly as nginx formats it, assembled from the format
 * strings in the nginx source (github.com/nginx/nginx): the prefix {@code "%4d/%02d/%02d %02d:%02d:%02d [%V] %P#%d: *%uA "}
 * (src/core/ngx_log.c, src/core/ngx_times.c), the message (file named in {@code NginxSignatures}), the
 * errno {@code " (%d: %s)"} (ngx_log_errno, with glibc's strerror texts), the action {@code " while %s"}
 * and the context {@code ", client: %V, server: %V, request: \"%V\", upstream: \"%V%V%s%V\", host: \"%V\""}
 * (src/http/ngx_http_request.c). Levels follow the source: EAGAIN/ECONNREFUSED on connect are
 * {@code error}, other connect errnos {@code crit}, worker_connections {@code alert}.
 *
 * <p>The check reads the shared log scan: {@link TestCheckContext#logScan()} scans the target's logs
 * with every signature provider on the class path, this module's among them.
 */
class NginxErrorLogCheckTest {

    private static final String CTX = ", client: 203.0.113.7, server: example.org, request: \"GET /shop/ HTTP/1.1\", "
            + "upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"";
    private static final String CTX_PROXY = ", client: 203.0.113.7, server: example.org, request: \"GET /api/orders HTTP/1.1\", "
            + "upstream: \"http://127.0.0.1:8080/api/orders\", host: \"example.org\"";

    static final String EAGAIN = "2026/11/21 09:14:03 [error] 812#812: *4711 connect() to unix:/run/php/php8.2-fpm.sock "
            + "failed (11: Resource temporarily unavailable) while connecting to upstream" + CTX;
    static final String REFUSED_UNIX = "2026/11/21 09:14:03 [error] 812#812: *4712 connect() to unix:/run/php/php8.2-fpm.sock "
            + "failed (111: Connection refused) while connecting to upstream" + CTX;
    static final String REFUSED_TCP = "2026/11/21 09:14:03 [error] 812#812: *4713 connect() failed (111: Connection refused) "
            + "while connecting to upstream" + CTX_PROXY;
    static final String MISSING_SOCKET = "2026/11/21 09:14:03 [crit] 812#812: *4714 connect() to unix:/run/php/php8.1-fpm.sock "
            + "failed (2: No such file or directory) while connecting to upstream" + CTX.replace("php8.2", "php8.1");
    static final String DENIED = "2026/11/21 09:14:03 [crit] 812#812: *4715 connect() to unix:/run/php/php8.2-fpm.sock "
            + "failed (13: Permission denied) while connecting to upstream" + CTX;
    static final String TIMEOUT = "2026/11/21 09:14:03 [error] 812#812: *4716 upstream timed out (110: Connection timed out) "
            + "while reading response header from upstream" + CTX;
    static final String PREMATURE = "2026/11/21 09:14:03 [error] 812#812: *4717 upstream prematurely closed connection "
            + "while reading response header from upstream" + CTX_PROXY;
    static final String PREMATURE_FASTCGI = "2026/11/21 09:14:03 [error] 812#812: *4718 upstream prematurely closed FastCGI "
            + "stdout while reading response header from upstream" + CTX;
    static final String RESET = "2026/11/21 09:14:03 [error] 812#812: *4719 recv() failed (104: Connection reset by peer) "
            + "while reading response header from upstream" + CTX;
    static final String CLIENT_RESET = "2026/11/21 09:14:03 [info] 812#812: *4720 recv() failed (104: Connection reset by peer) "
            + "while reading client request line, client: 203.0.113.7, server: 0.0.0.0:443";
    static final String INVALID_HEADER = "2026/11/21 09:14:03 [error] 812#812: *4721 upstream sent invalid header: \"\\xEF...\" "
            + "while reading response header from upstream" + CTX;
    static final String INVALID_STATUS = "2026/11/21 09:14:03 [error] 812#812: *4722 upstream sent invalid status \"20 OK\" "
            + "while reading response header from upstream" + CTX;
    static final String TOO_BIG = "2026/11/21 09:14:03 [error] 812#812: *4723 upstream sent too big header while reading "
            + "response header from upstream" + CTX;
    static final String NO_LIVE = "2026/11/21 09:14:03 [error] 812#812: *4724 no live upstreams while connecting to upstream, "
            + "client: 203.0.113.7, server: example.org, request: \"GET / HTTP/1.1\", upstream: \"http://backend/\", host: \"example.org\"";
    static final String NOT_RESOLVED = "2026/11/21 09:14:03 [error] 812#812: *4725 api.internal could not be resolved "
            + "(3: Host not found), client: 203.0.113.7, server: example.org, request: \"GET /api/ HTTP/1.1\", host: \"example.org\"";
    static final String NO_RESOLVER = "2026/11/21 09:14:03 [error] 812#812: *4726 no resolver defined to resolve api.internal, "
            + "client: 203.0.113.7, server: example.org, request: \"GET /api/ HTTP/1.1\", host: \"example.org\"";
    static final String SSL_HANDSHAKE = "2026/11/21 09:14:03 [error] 812#812: *4727 SSL_do_handshake() failed (SSL: "
            + "error:0A000086:SSL routines::certificate verify failed) while SSL handshaking to upstream, client: 203.0.113.7, "
            + "server: example.org, request: \"GET / HTTP/1.1\", upstream: \"https://10.0.0.5:443/\", host: \"example.org\"";
    /** nginx 1.22 with OpenSSL 3, proxy_pass https:// to a plain HTTP port (seen in the whole-stack test). */
    static final String SSL_PLAIN_PEER = "2026/11/21 09:14:03 [error] 812#812: *4729 SSL_do_handshake() failed (SSL: "
            + "error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 127.0.0.1, "
            + "server: localhost, request: \"GET / HTTP/1.1\", upstream: \"https://127.0.0.1:8081/\", host: \"127.0.0.1\"";
    static final String SSL_VERIFY = "2026/11/21 09:14:03 [error] 812#812: *4728 upstream SSL certificate verify error: "
            + "(10:certificate has expired) while SSL handshaking to upstream, client: 203.0.113.7, server: example.org, "
            + "request: \"GET / HTTP/1.1\", upstream: \"https://10.0.0.5:443/\", host: \"example.org\"";
    static final String WORKER_CONNECTIONS = "2026/11/21 09:14:03 [alert] 812#812: 768 worker_connections are not enough";
    static final String FASTCGI_VERSION = "2026/11/21 09:14:03 [error] 812#812: *4729 upstream sent unsupported FastCGI "
            + "protocol version: 72 while reading response header from upstream" + CTX;
    static final String FATAL = "2026/11/21 09:14:03 [error] 812#812: *4730 FastCGI sent in stderr: \"PHP message: PHP Fatal "
            + "error:  Uncaught Error: Call to undefined function acme_related_fetch() in "
            + "/var/www/html/wp-content/plugins/acme-related-posts/includes/class-widget.php:88";
    static final String MEMORY = "2026/11/21 09:14:03 [error] 812#812: *4731 FastCGI sent in stderr: \"PHP message: PHP Fatal "
            + "error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in "
            + "/var/www/html/wp-includes/class-wpdb.php on line 2351\" while reading response header from upstream" + CTX;
    static final String EXEC_TIME = "2026/11/21 09:14:03 [error] 812#812: *4732 FastCGI sent in stderr: \"PHP message: PHP "
            + "Fatal error:  Maximum execution time of 30 seconds exceeded in "
            + "/var/www/html/wp-content/themes/storefront-child/functions.php on line 41\" while reading response header from "
            + "upstream" + CTX;
    static final String PHP_WARNING = "2026/11/21 09:14:03 [error] 812#812: *4733 FastCGI sent in stderr: \"PHP message: PHP "
            + "Warning:  Undefined array key \"ref\" in /var/www/html/wp-content/themes/northwind/functions.php on line 212\" "
            + "while reading response header from upstream" + CTX;
    static final String FORBIDDEN = "2026/11/21 09:14:03 [error] 812#812: *4734 access forbidden by rule, client: 198.51.100.4, "
            + "server: example.org, request: \"GET /.env HTTP/1.1\", host: \"example.org\"";
    static final String NOT_FOUND = "2026/11/21 09:14:03 [error] 812#812: *4735 open() \"/var/www/html/favicon.png\" failed "
            + "(2: No such file or directory), client: 198.51.100.4, server: example.org, request: \"GET /favicon.png HTTP/1.1\", "
            + "host: \"example.org\"";
    static final String RELOAD = "2026/11/21 06:25:02 [notice] 31877#31877: signal process started";
    /** nginx's "combined" access-log format (ngx_http_log_module), a 502 as nginx writes it. */
    static final String ACCESS_502 = "203.0.113.7 - - [21/Nov/2026:09:14:03 +0000] \"GET /shop/ HTTP/1.1\" 502 157 \"-\" "
            + "\"curl/8.5.0\"";

    @TempDir
    Path dir;

    static Stream<Arguments> signatures() {
        return Stream.of(
                Arguments.of(EAGAIN, List.of("phpfpm.pool_exhausted"), 502),
                Arguments.of(REFUSED_UNIX, List.of("proxy.upstream_refused", "phpfpm.down"), 502),
                Arguments.of(REFUSED_TCP, List.of("proxy.upstream_refused"), 502),
                Arguments.of(MISSING_SOCKET, List.of("phpfpm.down", "phpfpm.socket_mismatch"), 502),
                Arguments.of(DENIED, List.of("phpfpm.socket_permission"), 502),
                Arguments.of(TIMEOUT, List.of("proxy.upstream_timeout"), 504),
                Arguments.of(PREMATURE, List.of("proxy.upstream_closed"), 502),
                Arguments.of(PREMATURE_FASTCGI, List.of("proxy.upstream_closed"), 502),
                // towards FastCGI a reset is PHP-FPM's worker dying mid-request (issue 12); towards HTTP only the bare symptom
                Arguments.of(RESET, List.of("phpfpm.worker_crash", "phpfpm.request_timeout", "proxy.upstream_closed"), 502),
                Arguments.of(RESET.replace(CTX, CTX_PROXY), List.of("proxy.upstream_closed"), 502),
                Arguments.of(INVALID_HEADER, List.of("proxy.invalid_header"), 502),
                Arguments.of(INVALID_STATUS, List.of("proxy.invalid_header"), 502),
                Arguments.of(TOO_BIG, List.of("proxy.header_too_big"), 502),
                Arguments.of(NO_LIVE, List.of("proxy.no_healthy_upstream"), 502),
                Arguments.of(NOT_RESOLVED, List.of("proxy.upstream_dns_failure"), 502),
                Arguments.of(NO_RESOLVER, List.of("proxy.upstream_dns_failure"), 502),
                Arguments.of(SSL_HANDSHAKE, List.of("proxy.upstream_tls_failure"), 502),
                Arguments.of(SSL_PLAIN_PEER, List.of("proxy.protocol_mismatch"), 502),
                Arguments.of(SSL_VERIFY, List.of("proxy.upstream_tls_failure"), 502),
                Arguments.of(WORKER_CONNECTIONS, List.of("proxy.worker_connections_exhausted"), 502),
                Arguments.of(FASTCGI_VERSION, List.of("proxy.protocol_mismatch"), 502),
                Arguments.of(FATAL, List.of("app.fatal_error"), 500),
                Arguments.of(MEMORY, List.of("app.memory_exhausted"), 500),
                Arguments.of(EXEC_TIME, List.of("app.execution_timeout"), 500));
    }

    @ParameterizedTest
    @MethodSource("signatures")
    void mapsEachUpstreamSignatureToItsCauses(String line, List<String> codes, int status) throws Exception {
        CheckResult result = run(write("error.log", line));
        List<String> found = result.findingList().stream().map(f -> f.cause().value()).sorted().toList();
        assertEquals(codes.stream().sorted().toList(), found, line);
        for (Finding f : result.findingList()) {
            assertEquals(status, f.httpStatus());
            assertEquals(CauseCode.of(f.cause().value()).layer().orElseThrow(), f.layer());
            assertFalse(f.remediation().isEmpty(), "remediation for " + f.cause());
            Evidence.LogLine evidence = (Evidence.LogLine) f.evidence().get(0);
            assertEquals(line, evidence.text(), "the whole line is the evidence");
            assertEquals(1, evidence.line());
        }
    }

    @Test
    void ranksAWorkerDeathAboveTheBareResetAndSaysPhpFpmsLogDecides() throws Exception {
        CheckResult result = run(write("error.log", RESET, RESET.replace("*4719", "*4730")));
        Finding crash = find(result, CauseCode.PHPFPM_WORKER_CRASH);
        Finding timeout = find(result, CauseCode.PHPFPM_REQUEST_TIMEOUT);
        Finding closed = find(result, CauseCode.PROXY_UPSTREAM_CLOSED);
        assertTrue(crash.confidence() > closed.confidence(), crash.confidence() + " vs " + closed.confidence());
        assertTrue(crash.confidence() > timeout.confidence(), crash.confidence() + " vs " + timeout.confidence());
        assertTrue(crash.summary().contains("unix:/run/php/php8.2-fpm.sock") && crash.summary().contains("PHP-FPM's log"),
                crash.summary());
        assertTrue(crash.confirmWith().stream().anyMatch(c -> c.contains("exited on signal")
                && c.contains("execution timed out")), crash.confirmWith().toString());
    }

    @Test
    void reportsAFullPhpFpmQueueOnEagainAsPoolExhaustedCritical() throws Exception {
        CheckResult result = run(write("error.log", RELOAD, EAGAIN, EAGAIN.replace("09:14:03", "09:15:10")));
        Finding f = only(result);
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, f.cause());
        assertEquals(Layer.PHP_FPM, f.layer());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(502, f.httpStatus());
        assertTrue(f.summary().contains("unix:/run/php/php8.2-fpm.sock"), f.summary());
        assertTrue(f.summary().contains("2 times"), f.summary());
        assertEquals(2.0, measurement(f).value());
        assertTrue(f.remediation().stream().anyMatch(r -> r.contains("pm.max_children")));
        assertTrue(f.confirmWith().stream().anyMatch(c -> c.contains("server reached pm.max_children")));
    }

    @Test
    void namesEveryCauseOfWhatARealNginxWrote() throws Exception {
        // fixtures/nginx: real nginx 1.22.1 lines for every failure the check knows (see its README)
        CheckResult r = new NginxErrorLogCheck().run(context(ZoneOffset.UTC, NginxSignaturesTest.captured()));
        assertEquals(List.of("app.execution_timeout", "app.fatal_error", "app.memory_exhausted", "phpfpm.down",
                        "phpfpm.pool_exhausted", "phpfpm.request_timeout", "phpfpm.socket_mismatch",
                        "phpfpm.socket_permission", "phpfpm.worker_crash", "proxy.header_too_big",
                        "proxy.invalid_header", "proxy.no_healthy_upstream", "proxy.protocol_mismatch", "proxy.upstream_closed",
                        "proxy.upstream_dns_failure", "proxy.upstream_refused", "proxy.upstream_timeout",
                        "proxy.upstream_tls_failure", "proxy.worker_connections_exhausted"),
                r.findingList().stream().map(f -> f.cause().value()).sorted().toList());
        Finding full = find(r, CauseCode.PHPFPM_POOL_EXHAUSTED);
        assertEquals("PHP-FPM's listen queue on unix:/tmp/cap/sock/full.sock was full 5 times, all within the minute "
                + "20:55: every worker was busy and nginx answered 502", full.summary());
        assertTrue(full.evidence().stream().anyMatch(e -> e.describe().startsWith("the access log shows visitors got 502 "
                + "50 times")), full.evidence().toString());
        // the missing socket, the stale one and FastCGI on a closed TCP port all point at PHP-FPM being down
        Finding down = find(r, CauseCode.PHPFPM_DOWN);
        assertTrue(down.summary().startsWith("PHP-FPM looks down: nothing answered on ") && down.summary().endsWith(" 3 times"),
                down.summary());
        String json = DiagnosisJson.writeValue(r);
        assertFalse(json.contains("SECRET-1") || json.contains("SECRET-2"), json);
    }

    @Test
    void cannotTellDownFromMismatchOnAMissingSocketAndSaysWhatDecides() throws Exception {
        CheckResult result = run(write("error.log", MISSING_SOCKET));
        Finding down = find(result, CauseCode.PHPFPM_DOWN);
        Finding mismatch = find(result, CauseCode.PHPFPM_SOCKET_MISMATCH);
        assertTrue(down.confidence() < 0.7 && mismatch.confidence() < 0.7, "neither is proven by the log alone");
        assertTrue(down.confirmWith().stream().anyMatch(c -> c.contains("master process")));
        assertTrue(mismatch.confirmWith().stream().anyMatch(c -> c.contains("listen =")));
        assertTrue(mismatch.remediation().stream().anyMatch(r -> r.contains("fastcgi_pass")));
    }

    @Test
    void namesTheDirectivesForPermissionAndTimeout() throws Exception {
        Finding permission = only(run(write("a.log", DENIED)));
        assertTrue(permission.remediation().stream().anyMatch(r -> r.contains("listen.owner") && r.contains("listen.mode")));
        Finding timeout = only(run(write("b.log", TIMEOUT)));
        assertTrue(timeout.remediation().stream().anyMatch(r -> r.contains("fastcgi_read_timeout")));
        assertEquals(504, timeout.httpStatus());
    }

    @Test
    void attributesAFatalErrorToThePluginThatRaisedIt() throws Exception {
        // A PHP fatal error with a stack trace: nginx writes PHP's newlines as they are, so the trace
        // continues on lines of its own that are not nginx lines.
        Path log = write("error.log", FATAL, "Stack trace:",
                "#0 /var/www/html/wp-includes/class-wp-hook.php(324): Acme_Widget->render()",
                "#1 {main}",
                "  thrown in /var/www/html/wp-content/plugins/acme-related-posts/includes/class-widget.php on line 88\" "
                        + "while reading response header from upstream" + CTX);
        Finding f = only(run(log));
        assertEquals(CauseCode.APP_FATAL_ERROR, f.cause());
        assertTrue(f.summary().contains("plugin acme-related-posts"), f.summary());
        assertTrue(f.remediation().stream().anyMatch(r -> r.contains("plugin acme-related-posts")));
    }

    @Test
    void ignoresClientSideErrorsWarningsAndRoutineNoise() throws Exception {
        CheckResult result = run(write("error.log", RELOAD, CLIENT_RESET, PHP_WARNING, FORBIDDEN, NOT_FOUND));
        CheckResult.Passed passed = assertInstanceOf(CheckResult.Passed.class, result);
        Evidence.Observation o = (Evidence.Observation) passed.evidence().get(0);
        assertTrue(o.text().contains("read 5 lines of nginx error log in 1 file"), o.text());
        assertTrue(o.text().contains("none reports an upstream failure"), o.text());
    }

    @Test
    void isNotApplicableWithoutLogsOrWithoutNginxLines() throws Exception {
        assertInstanceOf(CheckResult.NotApplicable.class,
                new NginxErrorLogCheck().run(TestCheckContext.builder().zone(ZoneOffset.UTC).build()));
        Path access = write("access.log", ACCESS_502);
        CheckResult r = run(access);
        CheckResult.NotApplicable na = assertInstanceOf(CheckResult.NotApplicable.class, r);
        assertTrue(na.reason().contains("nginx error-log lines"), na.reason());
        assertTrue(na.reason().contains("the access log shows 1 answers with 502"), na.reason());
        assertInstanceOf(CheckResult.NotApplicable.class, run(write("empty.log")));
    }

    @Test
    void readsTheTimestampInTheTargetsZone() throws Exception {
        Path log = write("error.log", EAGAIN);
        CheckResult r = new NginxErrorLogCheck().run(context(ZoneId.of("Europe/Berlin"), log));
        Evidence.LogLine line = (Evidence.LogLine) only(r).evidence().get(0);
        assertEquals(Instant.parse("2026-11-21T08:14:03Z"), line.timestamp());
    }

    @Test
    void anEarlierEpisodeIsOnlyAWarning() throws Exception {
        // Timeouts at 07:00, then quiet until a reload at 09:14. "Newest" is the newest line the scan matched:
        // routine lines (the 403 at 09:14) are never decoded, so they cannot move it.
        CheckResult r = run(write("error.log", TIMEOUT.replace("09:14:03", "07:00:00"), FORBIDDEN,
                RELOAD.replace("06:25:02", "09:14:00")));
        Finding f = only(r);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().contains("earlier episode")));
    }

    @Test
    void aLaterEpisodeStaysCriticalBesideAnEarlierOne() throws Exception {
        CheckResult r = run(write("error.log", TIMEOUT.replace("09:14:03", "07:00:00"), EAGAIN));
        assertEquals(Severity.WARNING, find(r, CauseCode.PROXY_UPSTREAM_TIMEOUT).severity());
        assertEquals(Severity.CRITICAL, find(r, CauseCode.PHPFPM_POOL_EXHAUSTED).severity());
    }

    @Test
    void saysWhenABurstHappenedAndWhatVisitorsGot() throws Exception {
        // 37 EAGAIN lines between 09:12 and 09:41, the same 502s in the access log, and a quiet morning before
        List<String> errors = new ArrayList<>(List.of(RELOAD));
        List<String> access = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            String clock = String.format("09:%02d:%02d", 12 + (i * 29) / 36, (i * 7) % 60);
            errors.add(EAGAIN.replace("09:14:03", clock));
            access.add(ACCESS_502.replace("09:14:03", clock));
        }
        for (int i = 0; i < 5; i++) {
            access.add(ACCESS_502.replace("09:14:03", "09:14:" + (10 + i)));
            errors.add(EAGAIN.replace("09:14:03", "09:14:" + (10 + i)));
        }
        access.add(0, ACCESS_502.replace("09:14:03", "06:30:00").replace("\" 502 ", "\" 200 "));
        Path dir = Files.createDirectories(this.dir.resolve("nginx"));
        Files.writeString(dir.resolve("error.log"), String.join("\n", errors) + "\n");
        Files.writeString(dir.resolve("access.log"), String.join("\n", access) + "\n");
        Finding f = only(run(dir));
        assertTrue(f.summary().contains("was full 42 times, all between 09:12 and 09:41, up to"), f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().startsWith(
                "the access log shows visitors got 502 42 times, all between 09:12 and 09:41, up to")),
                f.evidence().toString());
        // the same 502s minute by minute, as the HTML report charts them: every one counted, each minute once
        List<AccessLogMinute> minutes = f.evidence().stream().map(AccessLogMinute::of)
                .flatMap(java.util.Optional::stream).toList();
        assertEquals(42, minutes.stream().mapToLong(AccessLogMinute::count).sum(), minutes.toString());
        assertEquals(minutes.size(), minutes.stream().map(AccessLogMinute::minute).distinct().count());
        assertTrue(minutes.stream().allMatch(m -> m.status() == 502), minutes.toString());
        assertEquals(new AccessLogMinute(java.time.Instant.parse("2026-11-21T09:14:00Z"), 502, 6),
                minutes.stream().filter(m -> m.minute().equals(java.time.Instant.parse("2026-11-21T09:14:00Z")))
                        .findFirst().orElseThrow(), "the burst at 09:14: one of the spread lines and five more");
    }

    @Test
    void passesButSaysSoWhenOnlyTheAccessLogShows502s() throws Exception {
        Path dir = Files.createDirectories(this.dir.resolve("nginx"));
        Files.writeString(dir.resolve("error.log"), RELOAD + "\n" + FORBIDDEN + "\n");
        Files.writeString(dir.resolve("access.log"), ACCESS_502 + "\n");
        CheckResult.Passed p = assertInstanceOf(CheckResult.Passed.class, run(dir));
        String text = p.evidence().get(0).describe();
        assertTrue(text.contains("none reports an upstream failure; yet the access log shows 1 answers with 502"), text);
        assertEquals(List.of(new AccessLogMinute(java.time.Instant.parse("2026-11-21T09:14:00Z"), 502, 1)),
                p.evidence().stream().map(AccessLogMinute::of).flatMap(java.util.Optional::stream).toList(),
                "the access log's 502 minute by minute, for the chart");
    }

    @Test
    void manyOccurrencesRaiseConfidenceAndKeepFiveSamples() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(TIMEOUT.replace("09:14:03", String.format("09:%02d:%02d", 10 + i / 60, i % 60)));
        }
        Finding many = only(run(write("many.log", lines.toArray(String[]::new))));
        Finding once = only(run(write("once.log", TIMEOUT)));
        assertTrue(many.confidence() > once.confidence(), many.confidence() + " > " + once.confidence());
        List<Evidence.LogLine> samples = many.evidence().stream().filter(Evidence.LogLine.class::isInstance)
                .map(Evidence.LogLine.class::cast).toList();
        assertEquals(5, samples.size());
        assertTrue(samples.get(0).text().contains("09:10:00"), "the earliest is kept");
        assertTrue(samples.get(4).text().contains("09:10:39"), "the latest is kept");
        assertEquals(40.0, measurement(many).value());
    }

    @Test
    void neverLeaksSecretsFromRequestsOrRelayedMessages() throws Exception {
        String withToken = EAGAIN.replace("GET /shop/ HTTP/1.1", "GET /shop/?token=CANARY-123 HTTP/1.1");
        String withCookie = FATAL.replace("acme_related_fetch()", "acme_related_fetch() with Cookie: session=CANARY-456");
        CheckResult r = run(write("error.log", withToken, withCookie));
        String json = DiagnosisJson.writeValue(r);
        assertFalse(json.contains("CANARY-123"), json);
        assertFalse(json.contains("CANARY-456"), json);
        assertTrue(json.contains("[REDACTED]"));
    }

    @Test
    void survivesATenMegabyteLine() throws Exception {
        String huge = "2026/11/21 09:14:03 [error] 812#812: *1 connect() to unix:/x.sock failed (" + "9".repeat(10 << 20);
        String huge2 = "2026/11/21 09:14:04 [error] 812#812: *2 upstream sent invalid header: \"" + "\"".repeat(10 << 20)
                + " while reading response header from upstream, client: 1.2.3.4" + ", upstream: \"".repeat(1000);
        Path log = write("huge.log", huge, huge2, EAGAIN);
        CheckContext ctx = context(ZoneOffset.UTC, log);
        CheckResult r = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> new NginxErrorLogCheck().run(ctx));
        assertTrue(r.findingList().stream().anyMatch(f -> f.cause().equals(CauseCode.PHPFPM_POOL_EXHAUSTED)));
        for (Finding f : r.findingList()) {
            for (Evidence e : f.evidence()) {
                assertTrue(e.describe().length() < 5000, "evidence is cut: " + e.describe().length());
            }
        }
    }

    @Test
    void survivesNulBytesInvalidUtf8AndCarriageReturns() throws Exception {
        byte[] prefix = EAGAIN.substring(0, EAGAIN.indexOf("connect()")).getBytes(StandardCharsets.UTF_8);
        byte[] rest = EAGAIN.substring(EAGAIN.indexOf("connect()")).getBytes(StandardCharsets.UTF_8);
        byte[] garbage = {0, (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, 'x'};
        Path log = dir.resolve("binary.log");
        try (var out = Files.newOutputStream(log)) {
            out.write(garbage);
            out.write('\n');
            out.write(prefix);
            out.write(rest);
            out.write(new byte[] {0, (byte) 0xFE, '\r', '\n'});
            out.write(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0});
        }
        CheckResult r = run(log);
        Finding f = only(r);
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, f.cause());
        String text = ((Evidence.LogLine) f.evidence().get(0)).text();
        assertFalse(text.indexOf('\0') >= 0, "no NUL in evidence");
        assertTrue(text.startsWith("2026/11/21 09:14:03 [error]"));
        assertEquals(2, ((Evidence.LogLine) f.evidence().get(0)).line());
    }

    @Test
    void saysCountsArePartialWhenTheScanStoppedAtItsDeadline() throws Exception {
        String[] lines = new String[50];
        Arrays.fill(lines, TIMEOUT);
        TestCheckContext real = context(ZoneOffset.UTC, write("big.log", lines));
        LogScan full = real.logScan();
        // the scan as the engine returns it when its reading deadline passed in the middle of the file
        LogScan stopped = new LogScan(full.bytesScanned(), full.linesScanned(), full.elapsed(), full.files().stream()
                .map(f -> new ScannedFile(f.path(), f.formats(), f.bytes(), f.lines(), false,
                        List.of(f.path() + ": reading stopped at the deadline after " + f.bytes() + " bytes")))
                .toList(), full.signatures(), full.timeline(), List.of());
        CheckContext ctx = Mockito.mock(CheckContext.class, AdditionalAnswers.delegatesTo(real));
        Mockito.doReturn(stopped).when(ctx).logScan();
        Finding f = only(new NginxErrorLogCheck().run(ctx));
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().contains("so counts are partial")), f.toString());
    }

    @Test
    void theLogChecksTakeTheirDeadlineFromTheDiagnosisNotAFixedTwentySeconds() {
        for (org.gatewaydoctor.spi.Check c : List.of(new NginxErrorLogCheck(), new ApacheErrorLogCheck(),
                new HaproxyLogCheck())) {
            assertEquals(org.gatewaydoctor.spi.Check.UNTIL_DIAGNOSIS_DEADLINE, c.timeout(), c.id());
        }
    }

    @Test
    void givesUpAsTimedOutNeverNotApplicableWhenTheSharedScanCannotFinishInTime() throws Exception {
        TestCheckContext real = context(ZoneOffset.UTC, write("error.log", TIMEOUT));
        CheckContext ctx = Mockito.mock(CheckContext.class, AdditionalAnswers.delegatesTo(real));
        Mockito.doThrow(new InterruptedException("deadline")).when(ctx).logScan();
        // the engine reports a check that throws InterruptedException as timed out
        InterruptedException e = org.junit.jupiter.api.Assertions.assertThrows(InterruptedException.class,
                () -> new NginxErrorLogCheck().run(ctx));
        assertEquals("deadline", e.getMessage());
    }

    @Test
    void aScanCutAtTheDeadlineIsAGapOfTheResult() throws Exception {
        TestCheckContext real = context(ZoneOffset.UTC, write("error.log", TIMEOUT));
        LogScan full = real.logScan();
        LogScan stopped = new LogScan(full.bytesScanned(), full.linesScanned(), full.elapsed(), full.files().stream()
                .map(f -> new ScannedFile(f.path(), f.formats(), f.bytes(), f.lines(), false,
                        List.of(f.path() + ": reading stopped at the deadline after " + f.bytes() + " bytes")))
                .toList(), full.signatures(), full.timeline(), List.of());
        CheckContext ctx = Mockito.mock(CheckContext.class, AdditionalAnswers.delegatesTo(real));
        Mockito.doReturn(stopped).when(ctx).logScan();
        CheckResult r = new NginxErrorLogCheck().run(ctx);
        assertEquals(1, r.gapList().size(), r.toString());
        assertTrue(r.gapList().get(0).reason().startsWith("reading stopped at the deadline"), r.toString());
        assertTrue(r.gapList().get(0).partial());
    }

    @Test
    void readsEveryFileOfADirectory() throws Exception {
        Path nginx = Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(nginx.resolve("error.log"), EAGAIN + "\n");
        Files.writeString(nginx.resolve("error.log.1"), TIMEOUT.replace("09:14:03", "09:01:00") + "\n");
        CheckResult r = new NginxErrorLogCheck().run(context(ZoneOffset.UTC, nginx));
        assertEquals(List.of("phpfpm.pool_exhausted", "proxy.upstream_timeout"),
                r.findingList().stream().map(f -> f.cause().value()).sorted().toList());
    }

    @Test
    void isRegisteredForServiceLoader() {
        List<String> ids = ServiceLoader.load(Check.class).stream().map(p -> p.get().id()).collect(Collectors.toList());
        assertTrue(ids.contains(NginxErrorLogCheck.ID), ids.toString());
        assertTrue(ids.contains(HttpProbeCheck.ID), ids.toString());
        NginxErrorLogCheck c = new NginxErrorLogCheck();
        assertEquals("http.nginx-error-log", c.id());
        assertEquals(Layer.PROXY, c.layer());
        assertTrue(ServiceLoader.load(SignatureProvider.class).stream()
                .anyMatch(p -> p.type().equals(NginxSignatureProvider.class)), "the provider is registered");
        SignatureCatalog catalog = SignatureCatalog.discover(getClass().getClassLoader());
        List<String> discovered = catalog.signatures().stream().map(s -> s.id()).toList();
        new NginxSignatureProvider().signatures().forEach(s -> assertTrue(discovered.contains(s.id()), s.id() + " "
                + catalog.problems()));
    }

    static TestCheckContext context(ZoneId zone, Path... logs) {
        return TestCheckContext.builder().logs(logs).zone(zone).build();
    }

    private CheckResult run(Path log) throws InterruptedException {
        return new NginxErrorLogCheck().run(context(ZoneOffset.UTC, log));
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
        return p;
    }


    static Evidence.Measurement measurement(Finding f) {
        return f.evidence().stream().filter(Evidence.Measurement.class::isInstance).map(Evidence.Measurement.class::cast)
                .findFirst().orElseThrow();
    }
}
