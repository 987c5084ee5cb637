package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.gatewaydoctor.checks.wordpress.internal.Maintenance;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.ProbedPage;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageCheckTest {

    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final String PASSWORD = "CANARY-page-db-4e1a";
    /** Written by WordPress 6.1 (class-wpdb.php) when DB_HOST 'localhost' meets PHP's default socket, which is absent. */
    static final String NO_SOCKET = "[07-Dec-2026 09:59:40 UTC] PHP Warning:  mysqli_real_connect(): (HY000/2002): No such "
            + "file or directory in %s/wp-includes/class-wpdb.php on line 1775";
    static final String FATAL = "[07-Dec-2026 09:59:30 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function "
            + "acme_slider_missing_helper() in %s/wp-content/plugins/acme-slider/acme-slider.php:4";

    @TempDir
    Path dir;

    private Path site(String dbHost) throws IOException {
        Path wp = WpFolder.create(dir, "wp-content/plugins/acme-slider", "<?php\ndefine( 'DB_NAME', 'wordpress' );\n"
                + "define( 'DB_USER', 'wp' );\ndefine( 'DB_PASSWORD', '" + PASSWORD + "' );\ndefine( 'DB_HOST', '" + dbHost
                + "' );\n$table_prefix = 'wp_';\nrequire_once ABSPATH . 'wp-settings.php';\n");
        Files.writeString(wp.resolve("wp-settings.php"), "<?php\n");
        return wp;
    }

    private static ProbedPage page(String id, int status) {
        return new ProbedPage(URI.create("http://127.0.0.1:8080/"), status, new ErrorSource("wordpress",
                ErrorSource.Hop.ORIGIN_APP, status, 0.95, List.of("status " + status), "nginx", null), id,
                NOW.minusSeconds(10));
    }

    private CheckTester tester(Path wp, ProbedPage page, Path... logs) {
        CheckTester t = CheckTester.of(new PageCheck()).withCompanions(new WpConfigCheck())
                .withOption(WordPressOptions.DIR, wp.toString()).withUrl("http://127.0.0.1:8080/")
                .withZone(ZoneOffset.UTC).withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withLogs(logs);
        return page == null ? t : t.withFact(Facts.PROBE_CHECK, Facts.PROBED_PAGE, page);
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new PageCheck()).assertDescribesItselfProperly();
    }

    @Test
    void theDatabasePageWhileTheDatabaseAcceptsTheLoginBlamesLocalhostsDefaultSocketAndQuotesPhp() throws IOException {
        Path wp = site("localhost");
        Path log = Files.writeString(dir.resolve("debug.log"), NO_SOCKET.formatted(wp) + "\n");
        CheckRun run = tester(wp, page(PageCheck.DB_PAGE, 500), log)
                .withFact(DatabaseCheck.ID, DatabaseCheck.STATE, new DatabaseCheck.DatabaseState(
                        "unix socket /srv/db/mysqld.sock", true, "the database at unix socket /srv/db/mysqld.sock "
                        + "accepts wp with the password of wp-config.php (server 10.11.19-MariaDB)"))
                .run();
        Finding f = run.findings().get(0);
        assertEquals(CauseCode.DATABASE_DOWN, f.cause());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(0.9, f.confidence());
        assertTrue(f.summary().startsWith("WordPress answers 'Error establishing a database connection', yet the database "
                + "at unix socket /srv/db/mysqld.sock accepts wp-config.php's user: DB_HOST 'localhost' makes PHP connect "
                + "through its own default socket"), f.summary());
        assertTrue(f.summary().contains("(PHP: 'No such file or directory')"), f.summary());
        assertTrue(f.remediation().get(0).contains("define('DB_HOST', 'localhost:/srv/db/mysqld.sock')"),
                f.remediation().toString());
        assertTrue(f.evidence().get(0) instanceof Evidence.ErrorPage, f.evidence().toString());
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.LogLine l && l.line() == 1
                && l.text().contains("(HY000/2002): No such file or directory")), f.evidence().toString());
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.ConfigLine c && c.directive().equals("DB_HOST")
                && c.line() == 5), f.evidence().toString());
        assertFalse(run.json().contains(PASSWORD));
    }

    @Test
    void theDatabasePageWhileTheDatabaseIsDownIsItsSymptomNotASecondCause() throws IOException {
        Path wp = site("localhost:/srv/db/mysqld.sock");
        CheckRun run = tester(wp, page(PageCheck.DB_PAGE, 500))
                .withFact(DatabaseCheck.ID, DatabaseCheck.STATE, new DatabaseCheck.DatabaseState(
                        "unix socket /srv/db/mysqld.sock", false, "nothing accepts connections on /srv/db/mysqld.sock"))
                .run();
        Finding f = run.findings().get(0);
        assertNull(f.cause());
        assertEquals(Layer.DATABASE, f.layer());
        assertEquals("visitors get WordPress's 500 'Error establishing a database connection' because nothing accepts "
                + "connections on /srv/db/mysqld.sock; WordPress wrote this page itself, so every gateway in front worked",
                f.summary());
    }

    @Test
    void theCriticalErrorPageIsTiedToTheNewestFatalAndThePluginItNames() throws IOException {
        Path wp = site("localhost");
        Path log = Files.writeString(dir.resolve("php-error.log"), FATAL.formatted(wp) + "\n");
        Finding f = tester(wp, page("wordpress.critical-error", 500), log).run().findings().get(0);
        assertEquals(CauseCode.APP_FATAL_ERROR, f.cause());
        assertEquals("visitors get WordPress's 500 critical-error page: a PHP fatal error in plugin acme-slider ("
                + wp + "/wp-content/plugins/acme-slider/acme-slider.php:4), last logged at 2026-12-07 09:59:30; WordPress "
                + "wrote this page itself, so every gateway in front worked", f.summary());
        assertTrue(f.remediation().get(0).startsWith("Disable plugin acme-slider"), f.remediation().toString());
        assertTrue(f.evidence().get(1) instanceof Evidence.LogLine l && l.file().equals(log.toString()));
    }

    @Test
    void theCriticalErrorPageWithoutAFatalInTheLogsSaysWordPressLogsNowhere() throws IOException {
        Path wp = site("localhost");
        Finding f = tester(wp, page("wordpress.critical-error", 500)).run().findings().get(0);
        assertNull(f.cause());
        assertTrue(f.summary().contains("no fatal error is in the logs read (WP_DEBUG_LOG is off"), f.summary());
        assertTrue(f.remediation().get(0).startsWith("Turn on WordPress's log"), f.remediation().toString());
    }

    @Test
    void theMaintenancePageSaysWhenTheUpdateBeganAndWhenWordPressStopsHonouringTheFile() throws IOException {
        Path wp = site("localhost");
        Files.writeString(wp.resolve(".maintenance"), "<?php $upgrading = " + NOW.minusSeconds(150).getEpochSecond() + "; ?>");
        Finding f = tester(wp, page(PageCheck.MAINTENANCE_PAGE, 503)).run().findings().get(0);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("visitors get WordPress's 503 maintenance page: an update began at 2026-12-07 09:57:30 (2 minutes "
                + "ago, " + wp.resolve(".maintenance") + "); WordPress ignores the file from 2026-12-07 10:07:30, 10 "
                + "minutes after; WordPress wrote this page itself, so every gateway in front worked", f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.ConfigLine c && c.line() == 1
                && c.directive().equals("$upgrading")), f.evidence().toString());
    }

    @Test
    void aMaintenanceFileThatComputesItsTimeNeverExpires() throws IOException {
        Path wp = site("localhost");
        Files.writeString(wp.resolve(".maintenance"), "<?php\n// kept on by a deploy script\n$upgrading = time();\n");
        Finding f = tester(wp, page(PageCheck.MAINTENANCE_PAGE, 503)).run().findings().get(0);
        assertTrue(f.summary().contains("it sets $upgrading to time(), which never gets 10 minutes old, so WordPress "
                + "never leaves maintenance mode by itself"), f.summary());
    }

    @Test
    void aStaleMaintenanceFileIsReportedAsIgnoredLeftover() throws IOException {
        Finding f = maintenanceWithoutPage(3600);
        assertEquals(Severity.INFO, f.severity());
        assertEquals(dir.resolve("wp/.maintenance") + " is left over from an update that began at 2026-12-07 09:00:00; "
                + "WordPress ignores it since 2026-12-07 09:10:00 (10 minutes later): the update was probably interrupted",
                f.summary());
    }

    @Test
    void aFreshMaintenanceFileWithoutAProbeIsAWarningWith503() throws IOException {
        Finding f = maintenanceWithoutPage(60);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(503, f.httpStatus());
    }

    /** The finding of a site whose .maintenance file says an update began {@code secondsAgo}, no page probed. */
    private Finding maintenanceWithoutPage(long secondsAgo) throws IOException {
        Path wp = site("localhost");
        Files.writeString(wp.resolve(".maintenance"), "<?php $upgrading = " + NOW.minusSeconds(secondsAgo).getEpochSecond()
                + "; ?>");
        return tester(wp, null).run().findings().get(0);
    }

    @Test
    void noPageAndNoMaintenanceFilePasses() throws IOException {
        Path wp = site("localhost");
        assertTrue(tester(wp, null).run().result().orElseThrow() instanceof CheckResult.Passed);
        assertTrue(CheckTester.of(new PageCheck()).run().result().orElseThrow() instanceof CheckResult.NotApplicable);
    }

    @Test
    void maintenanceFileParsesAsPhpReadsIt() {
        Path f = Path.of("/srv/wp/.maintenance");
        Maintenance written = Maintenance.parse(f, NOW, "<?php $upgrading = 1765101234; ?>");
        assertEquals(1765101234L, written.upgrading());
        assertEquals(Instant.ofEpochSecond(1765101234L + 600), written.endsAt().orElseThrow());
        Maintenance computed = Maintenance.parse(f, NOW, "<?php /* $upgrading = 1; */ $upgrading = time() ;");
        assertNull(computed.upgrading());
        assertEquals("time()", computed.source());
        assertTrue(computed.active(NOW));
        Maintenance none = Maintenance.parse(f, NOW, "<?php echo 'x';");
        assertEquals(0, none.line());
        assertFalse(none.active(NOW));
        Maintenance last = Maintenance.parse(f, NOW, "<?php $upgrading = 5;\n$upgrading = 1765101234;");
        assertEquals(2, last.line());
        assertEquals(1765101234L, last.upgrading());
    }
}
