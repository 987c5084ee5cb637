package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wordpress.php-log over real PHP error logs and debug.log files (fixtures written by PHP 8.2 and WordPress 6.1). */
class PhpErrorLogCheckTest {

    private static Path fixture(Path dir, String name) throws IOException {
        Path p = dir.resolve(name.replace('/', '-'));
        try (InputStream in = PhpErrorLogCheckTest.class.getResourceAsStream("/fixtures/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    private static CheckRun run(Path... logs) {
        return CheckTester.of(new PhpErrorLogCheck()).withLogs(logs).withZone(ZoneOffset.UTC).run();
    }

    private static Finding finding(CheckRun run, CauseCode code) {
        return run.findings().stream().filter(f -> code.equals(f.cause())).findFirst().orElseThrow(
                () -> new AssertionError("no " + code + " in " + run.findings()));
    }

    private static String text(Finding f) {
        StringBuilder b = new StringBuilder(f.summary());
        for (Evidence e : f.evidence()) {
            b.append('\n').append(e.describe());
        }
        return b.toString();
    }

    @Test
    void attributesFatalErrorsMemoryAndTimeLimitsToThePluginAndHeadersToTheTheme(@TempDir Path dir) throws IOException {
        CheckRun run = run(fixture(dir, "php/php-fpm-error.log"));
        Finding fatal = finding(run, CauseCode.APP_FATAL_ERROR);
        assertTrue(fatal.summary().contains("mostly in plugin acme-slider"), fatal.summary());
        assertTrue(finding(run, CauseCode.APP_MEMORY_EXHAUSTED).summary().contains("plugin acme-slider"));
        assertTrue(finding(run, CauseCode.APP_EXECUTION_TIMEOUT).summary().contains("plugin acme-slider"));
        Finding headers = finding(run, CauseCode.APP_OUTPUT_BEFORE_HEADERS);
        assertTrue(headers.summary().contains("theme acme-theme"), headers.summary());
        assertTrue(text(headers).contains("output started at /tmp/gd-work/www/wp-content/themes/acme-theme/functions.php:1"));
    }

    @Test
    void databaseFailuresInDebugLogAreNotBlamedOnTheCoreFileThatReportedThem(@TempDir Path dir) throws IOException {
        CheckRun run = run(fixture(dir, "php/wp-debug.log"));
        for (CauseCode c : List.of(CauseCode.DATABASE_DOWN, CauseCode.DATABASE_ACCESS_DENIED,
                CauseCode.DATABASE_TOO_MANY_CONNECTIONS, CauseCode.DATABASE_SLOW)) {
            Finding f = finding(run, c);
            assertFalse(f.summary().contains("mostly in"), f.summary());
            assertTrue(f.summary().contains("is not the cause"), f.summary());
        }
        assertEquals(2, finding(run, CauseCode.DATABASE_DOWN).evidence().stream()
                .filter(e -> e instanceof Evidence.LogLine l && l.text().contains("(HY000/2002)")).count());
    }

    @Test
    void uncaughtMysqliExceptionsAreDatabaseCausesAndSensitiveParametersStayHidden(@TempDir Path dir) throws IOException {
        // the fixture holds two sessions on different days; the diagnosis reads the latest episode, so each
        // session is read on its own
        String all = Files.readString(fixture(dir, "php/php-cli-error.log"), StandardCharsets.UTF_8);
        int second = all.indexOf("# Real PHP error log: PHP 8.2.36 CLI (Debian 12), PHP 8.1+'s default mysqli report mode");
        Path november = Files.writeString(dir.resolve("november.log"), all.substring(0, second));
        Path december = Files.writeString(dir.resolve("december.log"), all.substring(second));
        CheckRun old = run(november);
        finding(old, CauseCode.DATABASE_TOO_MANY_CONNECTIONS);
        finding(old, CauseCode.DATABASE_DOWN);
        CheckRun denied = run(december);
        finding(denied, CauseCode.DATABASE_ACCESS_DENIED);
        for (CheckRun r : List.of(old, denied)) {
            assertTrue(r.findings().stream().noneMatch(f -> CauseCode.APP_FATAL_ERROR.equals(f.cause())),
                    "an uncaught mysqli_sql_exception is a database failure: " + r.findings());
        }
    }

    @Test
    void aLogWithoutPhpLinesIsNotApplicable(@TempDir Path dir) throws IOException {
        Path nginx = Files.writeString(dir.resolve("access.log"),
                "127.0.0.1 - - [07/Dec/2026:06:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl/7.88.1\"\n");
        run(nginx).assertNotApplicable();
    }

    @Test
    void a200MegabyteDebugLogIsReadWithinTheDeadlineAndStillNamesThePlugin(@TempDir Path dir) throws IOException {
        // 200 MB of WordPress 6.1's real PHP 8.2 deprecation noise, then one fatal error
        List<String> noise = Files.readAllLines(fixture(dir, "php/wp-debug.log"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("PHP Deprecated")).toList();
        Path big = dir.resolve("debug.log");
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            while (written < 200L << 20) {
                for (String l : noise) {
                    w.write(l);
                    w.write('\n');
                    written += l.length() + 1;
                }
            }
            w.write("[21-Nov-2026 20:47:00 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function "
                    + "acme_cache_get() in /var/www/html/wp-content/plugins/acme-cache/cache.php:41\n");
        }
        CheckRun run = CheckTester.of(new PhpErrorLogCheck()).withLogs(big).withZone(ZoneOffset.UTC)
                .withTimeout(Duration.ofSeconds(20)).run().assertRespectsDeadline();
        assertTrue(finding(run, CauseCode.APP_FATAL_ERROR).summary().contains("plugin acme-cache"),
                "the fatal error after 200 MB of noise is found and attributed");
    }
}
