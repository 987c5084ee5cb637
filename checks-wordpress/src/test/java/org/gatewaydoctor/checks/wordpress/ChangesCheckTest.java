package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangesCheckTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    static final String FATAL = "[07-Dec-2026 09:12:30 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function "
            + "acme_missing() in /srv/wp/wp-content/plugins/acme/acme.php:4";

    @TempDir
    Path dir;

    private Path site(Instant configChanged) throws IOException {
        Path wp = WpFolder.create(dir, "wp-content", "<?php\ndefine('DB_PASSWORD', 'CANARY-changes-77');\n");
        Files.setLastModifiedTime(wp.resolve("wp-config.php"), FileTime.from(configChanged));
        return wp;
    }

    /** The check on {@code wp} with a PHP error log whose one fatal error (a 500) is at 09:12:30. */
    private CheckRun withFatalAt0912(Path wp) throws IOException {
        return tester(wp, Files.writeString(dir.resolve("php-error.log"), FATAL + "\n")).run();
    }

    private CheckTester tester(Path wp, Path... logs) {
        return CheckTester.of(new ChangesCheck()).withCompanions(new WpConfigCheck())
                .withOption(WordPressOptions.DIR, wp.toString()).withLogs(logs).withZone(ZoneOffset.UTC).withClock(NOW);
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new ChangesCheck()).assertDescribesItselfProperly();
    }

    @Test
    void wpConfigChangedTwoMinutesBeforeTheFirstErrorIsTheLead() throws IOException {
        Path wp = site(Instant.parse("2026-12-07T09:10:00Z"));
        CheckRun run = withFatalAt0912(wp);
        assertEquals(1, run.findings().size(), run.json());
        Finding f = run.findings().get(0);
        assertEquals("wp-config.php " + wp.resolve("wp-config.php") + " changed at 09:10:00; the 500s began at 09:12:30 "
                + "(2 minutes later, first 'a PHP fatal error ended the script'): the change is the first lead", f.summary());
        assertTrue(f.isSymptom());
        assertTrue(f.evidence().get(0) instanceof Evidence.Observation o
                && o.at().equals(Instant.parse("2026-12-07T09:10:00Z")), f.evidence().toString());
        assertTrue(!run.json().contains("CANARY-changes-77"));
    }

    @Test
    void aGracefulApacheReloadInItsLogIsTheLeadWhenItIsTheNewestChange() throws IOException {
        Path wp = site(Instant.parse("2026-12-01T08:00:00Z"));
        Path log = apacheLogWithHtaccessError(wp);
        Finding f = tester(wp, log).run().findings().get(0);
        assertTrue(f.summary().startsWith("Apache stopped gracefully (SIGWINCH) at 09:32:55; the 500s began at 09:34:02"),
                f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.LogLine l
                && l.text().contains("AH00493: SIGUSR1 received.  Doing graceful restart")), f.evidence().toString());
    }

    @Test
    void aReloadLeadNamesTheConfigurationFileEditedBeforeIt() throws IOException {
        Path wp = site(Instant.parse("2026-12-01T08:00:00Z"));
        Path log = apacheLogWithHtaccessError(wp);
        Path conf = Files.writeString(dir.resolve("apache2.conf"), "ServerName localhost\n");
        Files.setLastModifiedTime(conf, FileTime.from(Instant.parse("2026-12-07T09:30:00Z")));
        Finding f = tester(wp, log).withConfig(Target.CONFIG_APACHE, conf).run().findings().get(0);
        assertTrue(f.summary().startsWith("Apache stopped gracefully (SIGWINCH) at 09:32:55, after Apache configuration "
                + conf + " changed at 09:30:00; the 500s began at 09:34:02"), f.summary());
        assertTrue(f.evidence().get(1) instanceof Evidence.Observation o && o.text().startsWith("Apache configuration "
                + conf + " changed at 2026-12-07 09:30:00"), f.evidence().toString());
    }

    @Test
    void reloadsOfNginxAtNoticeLevelAndOfPhpFpmAreDatedOnTheTimeline() throws IOException {
        Path wp = site(Instant.parse("2026-11-01T08:00:00Z"));
        Path nginx = copy("changes/nginx-error-notice.log");
        Path fpm = copy("changes/php-fpm.log");
        CheckRun run = tester(wp, nginx, fpm).run();
        CheckResult.Passed p = (CheckResult.Passed) run.result().orElseThrow();
        String text = p.evidence().toString();
        assertTrue(text.contains("no 5xx error in the logs to date them against"), text);
        long reconfiguring = p.evidence().stream().filter(e -> e instanceof Evidence.LogLine l
                && l.text().endsWith(", reconfiguring")).count();
        assertEquals(2, reconfiguring, text);
        assertTrue(p.evidence().stream().anyMatch(e -> e instanceof Evidence.LogLine l
                && l.text().contains("NOTICE: Reloading in progress ...")), text);
    }

    @Test
    void aChangeLongBeforeTheErrorsIsNoLead() throws IOException {
        CheckRun run = withFatalAt0912(site(Instant.parse("2026-12-07T07:00:00Z")));
        assertEquals(0, run.findings().size(), run.json());
        assertTrue(run.json().contains("changed within 60 minutes before the first error"), run.json());
    }

    @Test
    void theConfigurationFilesOfTheTargetAreDated() throws IOException {
        Path wp = site(Instant.parse("2026-11-01T08:00:00Z"));
        Path nginx = Files.writeString(dir.resolve("nginx.conf"), "events {}\n");
        Files.setLastModifiedTime(nginx, FileTime.from(Instant.parse("2026-12-07T09:11:00Z")));
        Path log = Files.writeString(dir.resolve("php-error.log"), FATAL + "\n");
        Finding f = tester(wp, log).withConfig(Target.CONFIG_NGINX, nginx).run().findings().get(0);
        assertTrue(f.summary().startsWith("nginx configuration " + nginx + " changed at 09:11:00; the 500s began"),
                f.summary());
    }

    /**
     * The real Apache log of the changes fixture (a graceful restart at 09:32:51, its SIGWINCH stop at 09:32:55) with
     * an .htaccess error of {@code wp} (a 500) at 09:34:02.
     */
    private Path apacheLogWithHtaccessError(Path wp) throws IOException {
        String apache;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/changes/apache-error.log")) {
            apache = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Files.writeString(dir.resolve("apache-error.log"), apache
                + "[Mon Dec 07 09:34:02.000001 2026] [core:alert] [pid 12782:tid 12807] [client 127.0.0.1:55934] "
                + wp.resolve(".htaccess") + ": Expected </IfModule> before end of configuration\n");
    }

    @Test
    void anHtaccessEditedMinutesBeforeALoggedRestartStaysTheLeadForItNeedsNoReload() throws IOException {
        Path wp = site(Instant.parse("2026-12-01T08:00:00Z"));
        Path htaccess = Files.writeString(wp.resolve(".htaccess"), "<IfModule mod_expires.c>\nExpiresActive On\n");
        Files.setLastModifiedTime(htaccess, FileTime.from(Instant.parse("2026-12-07T09:28:00Z")));
        Finding f = tester(wp, apacheLogWithHtaccessError(wp)).run().findings().get(0);
        assertTrue(f.summary().startsWith(".htaccess " + htaccess + " changed at 09:28:00; the 500s began at 09:34:02 "
                + "(6 minutes later, first '"), f.summary());
        assertTrue(f.summary().endsWith("the change is the first lead (Apache stopped gracefully (SIGWINCH) at 09:32:55 "
                + "came in between; the file takes effect without it)"), f.summary());
        assertTrue(f.evidence().get(0) instanceof Evidence.Observation o && o.text().startsWith(".htaccess " + htaccess),
                f.evidence().toString());
        assertTrue(f.evidence().get(1) instanceof Evidence.LogLine l && l.text().contains("AH00492"),
                f.evidence().toString());
    }

    private Path copy(String fixture) throws IOException {
        Path p = dir.resolve(fixture.replace('/', '-'));
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + fixture)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }
}
