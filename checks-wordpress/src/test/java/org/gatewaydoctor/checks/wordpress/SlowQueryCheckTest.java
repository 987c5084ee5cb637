package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.SignatureTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlowQueryCheckTest {

    @TempDir
    Path dir;

    private static Path fixture() {
        return SignatureTester.fixture("mysql/mariadb-slow.log");
    }

    @Test
    void theSlowStatementsOfTheSlowLogAreTheCurrentEpisodeAndYesterdaysFatalErrorsHistory() throws IOException {
        // the day before the slow statements (2026-12-07 09:38), a plugin's fatal errors for twenty minutes
        StringBuilder old = new StringBuilder();
        for (int m = 0; m < 20; m++) {
            old.append(String.format("[06-Dec-2026 14:%02d:10 UTC] PHP Fatal error:  Uncaught Error: Call to undefined "
                    + "function acme_gallery_missing() in /srv/www/wp-content/plugins/acme-gallery/gallery.php:12%n", m));
        }
        Files.writeString(dir.resolve("php-error.log"), old);
        Files.copy(fixture(), dir.resolve("mariadb-slow.log"));
        Diagnosis d = GatewayDoctor.builder().include(SlowQueryCheck.ID, PhpErrorLogCheck.ID)
                .timeout(Duration.ofSeconds(60)).build()
                .diagnose(Target.builder().logs(dir).zone(ZoneOffset.UTC).build());
        assertEquals(CauseCode.DATABASE_SLOW, d.topCause().orElseThrow().code(), DiagnosisJson.write(d));
        assertTrue(d.causes().stream().noneMatch(c -> c.code() == CauseCode.APP_FATAL_ERROR), DiagnosisJson.write(d));
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("The logs hold 2 episodes of errors")), d.notes().toString());
        assertTrue(d.timeline().stream().anyMatch(t -> t.at().equals(Instant.ofEpochSecond(1796636284))
                && t.evidence().describe().contains("SELECT SLEEP(2.5), '?' AS plugin;")), d.timeline().toString());
        assertFalse(DiagnosisJson.write(d).contains("CANARY"));
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new SlowQueryCheck()).assertDescribesItselfProperly();
    }

    @Test
    void aSlowLogAmongTheLogsIsRecognisedAndItsWorstStatementNamedWithoutLiterals() {
        Path slow = fixture();
        CheckRun run = CheckTester.of(new SlowQueryCheck()).withLogs(slow).withZone(ZoneOffset.UTC).run();
        assertEquals(1, run.findings().size(), run.json());
        Finding f = run.findings().get(0);
        assertEquals(CauseCode.DATABASE_SLOW, f.cause());
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().startsWith("2 statements took 1.0 s or more; the slowest, 2.50 s at 2026-12-07 "),
                f.summary());
        assertTrue(f.summary().endsWith(": SELECT SLEEP(2.5), '?' AS plugin;"), f.summary());
        Evidence.LogLine first = (Evidence.LogLine) f.evidence().get(0);
        assertEquals(slow.toString(), first.file());
        assertTrue(first.line() > 0);
        assertFalse(run.json().contains("CANARY"), run.json());
    }

    @Test
    void theFileOptionIsReadAndAFastLogPasses() throws IOException {
        Path p = Files.writeString(dir.resolve("fast.log"), "# User@Host: wp[wp] @ localhost []\n"
                + "# Query_time: 0.200000  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 9\nSET timestamp=1796636284;\n"
                + "SELECT 1;\n");
        CheckRun run = CheckTester.of(new SlowQueryCheck()).withOption(SlowQueryCheck.FILE_OPTION, p.toString()).run();
        assertTrue(run.result().orElseThrow() instanceof CheckResult.Passed, run.json());
        assertTrue(run.json().contains("1 statements in the whole file"), run.json());
    }

    @Test
    void withoutAnySlowLogItIsNotApplicable() throws IOException {
        Path other = Files.writeString(dir.resolve("error.log"), "2026/12/07 09:00:00 [error] 1#1: *1 boom\n");
        assertTrue(CheckTester.of(new SlowQueryCheck()).withLogs(other).run().result().orElseThrow()
                instanceof CheckResult.NotApplicable);
    }
}
