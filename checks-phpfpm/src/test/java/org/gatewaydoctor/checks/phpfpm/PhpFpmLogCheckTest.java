package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.gatewaydoctor.testkit.CheckResults.find;
import static org.gatewaydoctor.testkit.CheckResults.only;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.gatewaydoctor.checks.phpfpm.internal.signatures.PhpFpmSignatureProvider;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests of {@link PhpFpmLogCheck}.
 *
 * <p>Provenance of the log lines: each is written exactly as PHP-FPM formats it, from the format strings
 * in php-src (github.com/php/php-src, sapi/fpm/fpm/): the prefix {@code "[%d-%b-%Y %H:%M:%S] %s: "}
 * (zlog.c: zlog_print_time, zlog_buf_prefix; {@code ".%06d"} and {@code "pid %d, %s(), line %d: "} at
 * log_level = debug; syslog form {@code "[%s] "}), the messages of fpm_process_ctl.c
 * (max_children, seems busy, exiting), fpm_children.c (exited on signal / with code, started, stopped for
 * tracing), fpm_request.c (executing too slow, execution timed out), fpm_sockets.c (unable to bind,
 * another FPM instance), fpm.c (FPM initialization failed, fpm is running), fpm_events.c (ready to
 * handle connections), fpm_stdio.h (said into stderr), fpm_main.c (PHP message), fpm_php_trace.c (the
 * slowlog record) and fpm_trace_ptrace.c (failed to ptrace); PHP's own messages from main/main.c,
 * Zend/zend_alloc.c and Zend/zend_execute_API.c. Signal names are those of fpm_signals.c.
 *
 * <p>The check reads the shared log scan: {@link TestCheckContext#logScan()} scans the target's logs
 * with every signature provider on the class path, this module's among them.
 */
class PhpFpmLogCheckTest {

    static final String MAX = "[21-Nov-2026 09:14:01] WARNING: [pool www] server reached pm.max_children setting (5), "
            + "consider raising it";
    static final String MAX_ONDEMAND = "[21-Nov-2026 09:14:01] WARNING: [pool shop] server reached max_children setting "
            + "(10), consider raising it";
    static final String BUSY = "[21-Nov-2026 09:10:12] WARNING: [pool www] seems busy (you may need to increase "
            + "pm.start_servers, or pm.min/max_spare_servers), spawning 8 children, there are 0 idle, and 13 total children";
    static final String SEGV = "[21-Nov-2026 09:14:05] WARNING: [pool www] child 4242 exited on signal 11 "
            + "(SIGSEGV - core dumped) after 120.412201 seconds from start";
    static final String KILL = "[21-Nov-2026 09:14:06] WARNING: [pool www] child 4243 exited on signal 9 (SIGKILL) "
            + "after 88.101000 seconds from start";
    static final String TERM = "[21-Nov-2026 09:14:07] WARNING: [pool www] child 4244 exited on signal 15 (SIGTERM) "
            + "after 30.000211 seconds from start";
    static final String QUIT = "[21-Nov-2026 09:14:07] NOTICE: [pool www] child 4245 exited on signal 3 (SIGQUIT) "
            + "after 3600.100000 seconds from start";
    static final String TIMED_OUT = "[21-Nov-2026 09:14:08] WARNING: [pool www] child 4246, script "
            + "'/var/www/html/wp-content/plugins/acme-importer/cron.php' (request: \"GET "
            + "/wp-content/plugins/acme-importer/cron.php?batch=7\") execution timed out (30.012005 sec), terminating";
    static final String SLOW_PLUGIN = "[21-Nov-2026 09:14:09] WARNING: [pool www] child 4247, script "
            + "'/var/www/html/wp-content/plugins/acme-related-posts/ajax/related.php' (request: \"GET "
            + "/wp-content/plugins/acme-related-posts/ajax/related.php?post=4821\") executing too slow (5.123456 sec), logging";
    static final String SLOW_INDEX = "[21-Nov-2026 09:14:09] WARNING: [pool www] child 4247, script '/var/www/html/index.php' "
            + "(request: \"GET /index.php\") executing too slow (5.000912 sec), logging";
    static final String BIND = "[21-Nov-2026 06:25:14] ERROR: unable to bind listening socket for address "
            + "'/run/php/php8.2-fpm.sock': No such file or directory (2)";
    static final String ANOTHER = "[21-Nov-2026 06:25:14] ERROR: An another FPM instance seems to already listen on "
            + "/run/php/php8.2-fpm.sock";
    static final String INIT = "[21-Nov-2026 06:25:14] ERROR: FPM initialization failed";
    static final String RUNNING = "[21-Nov-2026 06:30:00] NOTICE: fpm is running, pid 812";
    static final String READY = "[21-Nov-2026 06:30:00] NOTICE: ready to handle connections";
    static final String BYE = "[21-Nov-2026 09:20:00] NOTICE: exiting, bye-bye!";
    static final String STARTED = "[21-Nov-2026 07:00:00] NOTICE: [pool www] child 1391 started";
    static final String EXITED_OK = "[21-Nov-2026 07:00:00] NOTICE: [pool www] child 1377 exited with code 0 after "
            + "2805.661774 seconds from start";
    static final String PTRACE = "[21-Nov-2026 09:14:09] ERROR: failed to ptrace(PEEKDATA) pid 4247: Input/output error (5)";
    static final String TRACING = "[21-Nov-2026 09:14:09] NOTICE: child 4247 stopped for tracing";
    static final String SAID = "[21-Nov-2026 09:14:10] WARNING: [pool www] child 4248 said into stderr: \"NOTICE: PHP "
            + "message: PHP Fatal error:  Uncaught Error: Call to undefined function northwind_meta() in "
            + "/var/www/html/wp-content/themes/northwind/functions.php:12\"";
    static final String CHILD_MEMORY = "NOTICE: PHP message: PHP Fatal error:  Allowed memory size of 268435456 bytes "
            + "exhausted (tried to allocate 65536 bytes) in /var/www/html/wp-content/plugins/big-export/export.php on line 77";
    static final String DEBUG_MICRO = "[21-Nov-2026 09:14:01.123456] WARNING: pid 812, "
            + "fpm_pctl_perform_idle_server_maintenance(), line 397: [pool www] server reached pm.max_children setting (5), "
            + "consider raising it";
    static final String SYSLOG = "Nov 21 09:14:01 web1 php-fpm8.2[812]: [WARNING] [pool www] server reached "
            + "pm.max_children setting (5), consider raising it";
    static final String[] SLOWLOG = {
        "",
        "[21-Nov-2026 09:14:09]  [pool www] pid 4247",
        "script_filename = /var/www/html/index.php",
        "[0x00007f3b5c814200] curl_exec() /var/www/html/wp-includes/Requests/src/Transport/Curl.php:205",
        "[0x00007f3b5c814100] request() /var/www/html/wp-includes/class-wp-http.php:415",
        "[0x00007f3b5c814000] fetch_related() /var/www/html/wp-content/plugins/acme-related-posts/includes/class-api.php:88",
        "[0x00007f3b5c813f00] render() /var/www/html/wp-content/themes/northwind/single.php:40",
        ""};

    @TempDir
    Path dir;

    @Test
    void reportsMaxChildrenAsACriticalFullPool() throws Exception {
        CheckResult r = run(write("php8.2-fpm.log", RUNNING, READY, MAX, MAX.replace("09:14:01", "09:19:30")));
        Finding f = only(r);
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, f.cause());
        assertEquals(Layer.PHP_FPM, f.layer());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(502, f.httpStatus());
        assertEquals("PHP-FPM pool www reached pm.max_children (5) 2 times: every worker was busy, so new requests "
                + "waited or failed", f.summary());
        Evidence.LogLine first = (Evidence.LogLine) f.evidence().get(0);
        assertEquals(MAX, first.text(), "the whole line is the evidence");
        assertEquals(3, first.line());
        assertEquals(Instant.parse("2026-11-21T09:14:01Z"), first.timestamp());
        assertTrue(f.remediation().stream().anyMatch(s -> s.contains("pm.max_children (now 5)")));
        assertTrue(f.remediation().stream().anyMatch(s -> s.contains("request_slowlog_timeout")));
    }

    @Test
    void namesEveryCauseOfWhatARealPhpFpmWrote() throws Exception {
        // fixtures/php-fpm: a real PHP-FPM 8.2.36 log and slowlog (see its README)
        CheckResult r = new PhpFpmLogCheck().run(context(ZoneOffset.UTC, PhpFpmSignaturesTest.captured()));
        assertEquals(List.of("app.execution_timeout", "app.fatal_error", "app.memory_exhausted", "app.slow_requests",
                        "phpfpm.pool_exhausted", "phpfpm.request_timeout", "phpfpm.start_failure", "phpfpm.worker_crash"),
                r.findingList().stream().map(f -> f.cause().value()).sorted().toList());
        assertEquals("PHP-FPM pool www reached pm.max_children (2) once: every worker was busy, so new requests waited or "
                + "failed; slow requests from plugin acme-related-posts held the workers",
                find(r, CauseCode.PHPFPM_POOL_EXHAUSTED).summary());
        assertEquals("PHP-FPM workers died on a signal 3 times, all at 20:56 (SIGBUS x1, SIGKILL x1, "
                + "SIGSEGV x1), dropping the requests they served", find(r, CauseCode.PHPFPM_WORKER_CRASH).summary());
        assertEquals("PHP-FPM failed to start (cannot bind /tmp/cap/missing-dir/php8.2-fpm.sock (No such file or directory "
                + "(2)))", find(r, CauseCode.PHPFPM_START_FAILURE).summary());
        assertTrue(find(r, CauseCode.APP_SLOW_REQUESTS).summary().endsWith("mostly plugin acme-related-posts"));
        assertTrue(find(r, CauseCode.APP_FATAL_ERROR).summary().endsWith("mostly in theme northwind"));
        assertTrue(find(r, CauseCode.APP_MEMORY_EXHAUSTED).summary().endsWith("mostly in plugin big-export"));
        assertTrue(find(r, CauseCode.APP_EXECUTION_TIMEOUT).summary().endsWith("mostly in /tmp/cap/www/exec.php"));
        assertFalse(DiagnosisJson.writeValue(r).contains("SECRET-2"));
    }

    @Test
    void recognisesTheOndemandWordingAndDebugAndSyslogForms() throws Exception {
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, only(run(write("a.log", MAX_ONDEMAND))).cause());
        assertTrue(only(run(write("b.log", MAX_ONDEMAND))).summary().contains("pool shop reached pm.max_children (10)"));
        Finding debug = only(run(write("c.log", DEBUG_MICRO)));
        assertEquals(Instant.parse("2026-11-21T09:14:01.123456Z"), ((Evidence.LogLine) debug.evidence().get(0)).timestamp(),
                "log_level = debug adds microseconds");
        Finding syslog = only(run(write("d.log", SYSLOG)));
        LocalDateTime at = LocalDateTime.ofInstant(((Evidence.LogLine) syslog.evidence().get(0)).timestamp(), ZoneOffset.UTC);
        assertEquals(11, at.getMonthValue());
        assertEquals(21, at.getDayOfMonth());
        assertEquals(9, at.getHour());
    }

    @Test
    void namesTheAllowListWhenWorkersDropTheWebServersConnections() throws Exception {
        // Written by php-fpm8.2 (main/fastcgi.c) with catch_workers_output = yes: bare with
        // decorate_workers_output = no (seen in the whole-stack test), relayed by the master otherwise.
        String bare = "ERROR: Connection disallowed: IP address '127.0.0.1' has been dropped.";
        String relayed = "[21-Nov-2026 09:14:05] WARNING: [pool www] child 4242 said into stderr: \"ERROR: Connection "
                + "disallowed: IP address '127.0.0.1' has been dropped.\"";
        Finding f = only(run(write("fpm.log", RUNNING, READY, relayed, bare)));
        assertEquals(CauseCode.PHPFPM_CLIENT_NOT_ALLOWED, f.cause());
        assertEquals(502, f.httpStatus());
        assertEquals("PHP-FPM dropped 2 connections from 127.0.0.1 because listen.allowed_clients does not list it",
                f.summary());
        assertEquals(relayed, ((Evidence.LogLine) f.evidence().get(0)).text());
        assertTrue(f.remediation().get(0).startsWith("Add the address the web server connects from (127.0.0.1) to "
                + "listen.allowed_clients"), f.remediation().toString());
    }

    @Test
    void seemsBusyAloneIsOnlyAWarning() throws Exception {
        Finding f = only(run(write("fpm.log", BUSY)));
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, f.cause());
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.confidence() < 0.6);
        assertTrue(f.remediation().stream().anyMatch(s -> s.contains("pm.start_servers")));
    }

    @Test
    void workersDyingOnSignalsAreCrashesAndSigkillPointsAtTheOomKiller() throws Exception {
        Finding f = only(run(write("fpm.log", SEGV, KILL, TERM, QUIT)));
        assertEquals(CauseCode.PHPFPM_WORKER_CRASH, f.cause());
        assertTrue(f.summary().contains("2 times"), f.summary());
        assertTrue(f.summary().contains("SIGSEGV x1") && f.summary().contains("SIGKILL x1"), f.summary());
        assertTrue(f.confirmWith().stream().anyMatch(c -> c.contains("host.out_of_memory")), f.confirmWith().toString());
        assertTrue(f.remediation().stream().anyMatch(s -> s.contains("OOM killer")));
    }

    @Test
    void signalsFpmSendsItselfAreNotCrashes() throws Exception {
        assertInstanceOf(CheckResult.Passed.class, run(write("fpm.log", TERM, QUIT, STARTED, EXITED_OK)));
    }

    @Test
    void aTerminatedScriptIsARequestTimeoutAttributedToItsPlugin() throws Exception {
        Finding f = only(run(write("fpm.log", TIMED_OUT, TERM.replace("4244", "4246"))));
        assertEquals(CauseCode.PHPFPM_REQUEST_TIMEOUT, f.cause());
        assertTrue(f.summary().contains("plugin acme-importer"), f.summary());
        assertTrue(f.remediation().stream().anyMatch(s -> s.contains("request_terminate_timeout")));
    }

    static Stream<Arguments> slowRequests() {
        String tpl = "[21-Nov-2026 09:14:09] WARNING: [pool www] child 4247, script '%s' (request: \"%s\") executing too "
                + "slow (5.123456 sec), logging";
        return Stream.of(
                Arguments.of(SLOW_PLUGIN, "plugin acme-related-posts"),
                Arguments.of(String.format(tpl, "/var/www/html/index.php", "GET /wp-json/acme-related-posts/v1/related?post=1"),
                        "REST namespace acme-related-posts"),
                Arguments.of(String.format(tpl, "/var/www/html/wp-admin/admin-ajax.php",
                        "GET /wp-admin/admin-ajax.php?action=acme_load_more&page=2"), "AJAX action acme_load_more"),
                Arguments.of(String.format(tpl, "/var/www/html/wp-content/themes/northwind/ajax.php", "POST /x"),
                        "theme northwind"),
                Arguments.of(SLOW_INDEX, "script /var/www/html/index.php"));
    }

    @ParameterizedTest
    @MethodSource("slowRequests")
    void attributesSlowRequests(String line, String subject) throws Exception {
        Finding f = only(run(write("fpm.log", line, TRACING)));
        assertEquals(CauseCode.APP_SLOW_REQUESTS, f.cause());
        assertEquals(Layer.APPLICATION, f.layer());
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().endsWith("mostly " + subject), f.summary());
    }

    @Test
    void aFullPoolNamesThePluginWhoseSlowRequestsHoldTheWorkers() throws Exception {
        CheckResult r = run(write("fpm.log", SLOW_PLUGIN, TRACING, PTRACE, MAX));
        assertEquals(List.of("phpfpm.pool_exhausted", "app.slow_requests"),
                r.findingList().stream().map(f -> f.cause().value()).toList());
        Finding pool = r.findingList().get(0);
        assertTrue(pool.summary().endsWith("slow requests from plugin acme-related-posts held the workers"), pool.summary());
        assertTrue(pool.remediation().get(0).contains("plugin acme-related-posts"));
    }

    @Test
    void theSlowlogNamesThePluginBehindIndexPhp() throws Exception {
        Path fpm = write("php8.2-fpm.log", SLOW_INDEX);
        Path slow = write("www-slow.log", SLOWLOG);
        CheckResult r = new PhpFpmLogCheck().run(context(ZoneOffset.UTC, fpm, slow));
        Finding f = only(r);
        assertEquals(CauseCode.APP_SLOW_REQUESTS, f.cause());
        assertTrue(f.summary().endsWith("mostly plugin acme-related-posts"), f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().contains("fetch_related()")), f.evidence().toString());
    }

    @Test
    void aSlowlogAloneCountsItsTraces() throws Exception {
        Finding f = only(run(write("www-slow.log", SLOWLOG)));
        assertEquals(CauseCode.APP_SLOW_REQUESTS, f.cause());
        assertTrue(f.summary().startsWith("1 slow request"), f.summary());
    }

    @Test
    void aMasterThatCannotStartIsAStartFailure() throws Exception {
        Finding f = only(run(write("fpm.log", BIND, INIT)));
        assertEquals(CauseCode.PHPFPM_START_FAILURE, f.cause());
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.summary().contains("cannot bind /run/php/php8.2-fpm.sock (No such file or directory (2))"), f.summary());
        assertTrue(f.remediation().stream().anyMatch(s -> s.contains("RuntimeDirectory=php")));

        Finding another = only(run(write("fpm2.log", ANOTHER, INIT)));
        assertTrue(another.remediation().stream().anyMatch(s -> s.contains("ss -ltnp")));

        Finding recovered = only(run(write("fpm3.log", BIND, INIT, RUNNING, READY)));
        assertEquals(Severity.WARNING, recovered.severity());
        assertTrue(recovered.summary().endsWith("but started successfully later"), recovered.summary());
    }

    @Test
    void aLogEndingInAShutdownSuggestsPhpFpmIsDown() throws Exception {
        Finding f = only(run(write("fpm.log", RUNNING, READY, BYE)));
        assertEquals(CauseCode.PHPFPM_DOWN, f.cause());
        assertEquals(Severity.WARNING, f.severity());
        assertFalse(f.confirmWith().isEmpty());
        assertInstanceOf(CheckResult.Passed.class, run(write("fpm2.log", BYE, RUNNING.replace("06:30", "09:25"),
                READY.replace("06:30", "09:25"))));
    }

    @Test
    void aShutdownInTheSameSecondAsTheStartStillEndsTheLog() throws Exception {
        // PHP-FPM stamps whole seconds: started and stopped again within one, only the line order tells. What
        // php-fpm8.2 -y fpm.conf wrote when sent SIGQUIT as soon as its socket appeared:
        Finding f = only(run(write("fpm.log",
                "[21-Nov-2026 09:20:00] NOTICE: fpm is running, pid 16930",
                "[21-Nov-2026 09:20:00] NOTICE: ready to handle connections",
                "[21-Nov-2026 09:20:00] NOTICE: systemd monitor interval set to 10000ms",
                "[21-Nov-2026 09:20:00] NOTICE: Finishing ...",
                BYE)));
        assertEquals(CauseCode.PHPFPM_DOWN, f.cause());
        assertEquals(List.of(new Evidence.LogLine(dir.resolve("fpm.log").toString(), 5,
                Instant.parse("2026-11-21T09:20:00Z"), BYE)), f.evidence());
    }

    @Test
    void aRestartInTheSameSecondIsNotAShutdown() throws Exception {
        String running = RUNNING.replace("06:30:00", "09:20:00");
        String ready = READY.replace("06:30:00", "09:20:00");
        assertInstanceOf(CheckResult.Passed.class, run(write("fpm.log", BYE, running, ready)));
    }

    @Test
    void aStartInTheSameSecondAfterAFailedOneCountsAsRecovered() throws Exception {
        String running = RUNNING.replace("06:30:00", "06:25:14");
        String ready = READY.replace("06:30:00", "06:25:14");
        Finding recovered = only(run(write("fpm.log", BIND, INIT, running, ready)));
        assertEquals(Severity.WARNING, recovered.severity());
        assertTrue(recovered.summary().endsWith("but started successfully later"), recovered.summary());
    }

    @Test
    void fatalErrorsWorkersWriteAreApplicationCauses() throws Exception {
        CheckResult r = run(write("fpm.log", SAID, CHILD_MEMORY));
        Finding fatal = find(r, CauseCode.APP_FATAL_ERROR);
        assertTrue(fatal.summary().contains("theme northwind"), fatal.summary());
        assertEquals(500, fatal.httpStatus());
        Finding memory = find(r, CauseCode.APP_MEMORY_EXHAUSTED);
        assertTrue(memory.summary().contains("plugin big-export"), memory.summary());
        assertEquals(Instant.parse("2026-11-21T09:14:10Z"), ((Evidence.LogLine) memory.evidence().get(0)).timestamp(),
                "an undated worker line takes the time of the line before it");
    }

    @Test
    void passesOnRoutineLinesAndSaysWhatItRead() throws Exception {
        CheckResult.Passed p = assertInstanceOf(CheckResult.Passed.class,
                run(write("fpm.log", RUNNING, READY, STARTED, EXITED_OK, PTRACE, TRACING)));
        String text = p.evidence().get(0).describe();
        assertTrue(text.startsWith("read 6 lines of PHP-FPM logs in 1 file"), text);
    }

    @Test
    void isNotApplicableWithoutPhpFpmLines() throws Exception {
        assertInstanceOf(CheckResult.NotApplicable.class, new PhpFpmLogCheck().run(TestCheckContext.builder().build()));
        assertInstanceOf(CheckResult.NotApplicable.class, run(write("empty.log")));
        CheckResult.NotApplicable na = assertInstanceOf(CheckResult.NotApplicable.class, run(write("error.log",
                "2026/11/21 09:14:03 [error] 812#812: *1 upstream timed out (110: Connection timed out) while reading "
                        + "response header from upstream, client: 203.0.113.7, server: example.org")));
        assertTrue(na.reason().contains("PHP-FPM log lines"), na.reason());
    }

    @Test
    void readsTimesInTheTargetsZone() throws Exception {
        Path log = write("fpm.log", MAX);
        Finding f = only(new PhpFpmLogCheck().run(context(ZoneId.of("Europe/Berlin"), log)));
        assertEquals(Instant.parse("2026-11-21T08:14:01Z"), ((Evidence.LogLine) f.evidence().get(0)).timestamp());
    }

    @Test
    void anEarlierEpisodeIsOnlyAWarning() throws Exception {
        // "Newest" is the newest line the scan matched (routine lines such as "child N started" are never decoded):
        // here a restart at 09:30.
        Finding f = only(run(write("fpm.log", MAX.replace("09:14:01", "06:00:00"), STARTED.replace("07:00", "09:30"),
                READY.replace("06:30", "09:30"))));
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().contains("earlier episode")));
    }

    @Test
    void saysWhenTheFullPoolClustered() throws Exception {
        Finding f = only(run(write("fpm.log", READY, MAX.replace("09:14:01", "09:11:48"), MAX.replace("09:14:01", "09:16:03"),
                MAX.replace("09:14:01", "09:37:41"))));
        assertTrue(f.summary().contains("reached pm.max_children (5) 3 times, all between 09:11 and 09:37:"), f.summary());
    }

    @Test
    void neverLeaksSecretsFromRequestsOrWorkerOutput() throws Exception {
        String token = SLOW_PLUGIN.replace("?post=4821", "?token=CANARY-123&post=4821");
        String cookie = SAID.replace("northwind_meta()", "northwind_meta() for Cookie: session=CANARY-456");
        CheckResult r = run(write("fpm.log", token, cookie, MAX));
        String json = DiagnosisJson.writeValue(r);
        assertFalse(json.contains("CANARY-123"), json);
        assertFalse(json.contains("CANARY-456"), json);
        assertTrue(json.contains("[REDACTED]"));
    }

    @Test
    void survivesATenMegabyteLineInLinearTime() throws Exception {
        // Shaped like a slow-request line but never closed: a backtracking pattern would take forever.
        String hostile = "[21-Nov-2026 09:14:09] WARNING: [pool www] child 1, script '" + "' (request: \"".repeat(700_000)
                + " executing too slow (";
        String hostile2 = "[21-Nov-2026 09:14:09] WARNING: [pool " + "x".repeat(10 << 20);
        Path log = write("huge.log", hostile, hostile2, MAX);
        TestCheckContext ctx = context(ZoneOffset.UTC, log);
        CheckResult r = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> new PhpFpmLogCheck().run(ctx));
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, only(r).cause());
    }

    @Test
    void survivesNulBytesInvalidUtf8AndCarriageReturns() throws Exception {
        Path log = dir.resolve("binary.log");
        try (OutputStream out = Files.newOutputStream(log)) {
            out.write(new byte[] {0, 0, (byte) 0xC3, (byte) 0x28, '\n'});
            out.write(MAX.getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {0, (byte) 0xFF, '\r', '\n', (byte) 0xFE});
        }
        Finding f = only(run(log));
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, f.cause());
        String text = ((Evidence.LogLine) f.evidence().get(0)).text();
        assertTrue(text.startsWith(MAX), text);
        assertFalse(text.indexOf('\0') >= 0);
    }

    @Test
    void isRegisteredForServiceLoader() {
        assertTrue(ServiceLoader.load(Check.class).stream().anyMatch(p -> p.get().id().equals(PhpFpmLogCheck.ID)));
        PhpFpmLogCheck c = new PhpFpmLogCheck();
        assertEquals("phpfpm.log", c.id());
        assertEquals(Layer.PHP_FPM, c.layer());
        List<String> discovered = SignatureCatalog.discover(getClass().getClassLoader()).signatures().stream()
                .map(s -> s.id()).toList();
        new PhpFpmSignatureProvider().signatures().forEach(s -> assertTrue(discovered.contains(s.id()), s.id()));
    }

    static TestCheckContext context(ZoneId zone, Path... logs) {
        return TestCheckContext.builder().logs(logs).zone(zone).build();
    }

    private CheckResult run(Path log) throws InterruptedException {
        return new PhpFpmLogCheck().run(context(ZoneOffset.UTC, log));
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
        return p;
    }

}
