package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlowQueryCheckTest {

    @TempDir
    Path dir;

    private Path fixture() throws IOException {
        Path p = dir.resolve("mariadb-slow.log");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/mysql/mariadb-slow.log")) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new SlowQueryCheck()).assertDescribesItselfProperly();
    }

    @Test
    void aSlowLogAmongTheLogsIsRecognisedAndItsWorstStatementNamedWithoutLiterals() throws IOException {
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
