package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.internal.logs.FileLogAccess;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Gap;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A diagnosis never says HEALTHY on evidence it did not see whole. */
class IncompleteEvidenceTest {

    @TempDir
    Path dir;

    private static final Signature REFUSED = new Signature("test.refused", Layer.PROXY, Set.of(),
            "failed (111: Connection refused)", Pattern.compile("connect\\(\\) to (?<upstream>\\S+) failed"), 502,
            List.of(CauseCode.PROXY_UPSTREAM_REFUSED), "connection refused");

    private static Diagnosis run(Check... checks) {
        return GatewayDoctor.builder().discover(false).register(checks).build().diagnose(Target.builder().build());
    }

    @Test
    void aPassedResultWithAGapMakesTheDiagnosisInconclusiveNotHealthy() {
        Diagnosis d = run(TestCheck.passing("a.fine"), TestCheck.of("a.partial", ctx -> CheckResult.passed(
                new Evidence.Observation("read 10 lines: nothing wrong")).withGaps(List.of(
                new Gap("/var/log/nginx/error.log", "reading stopped at the deadline after 4194304 bytes", true)))));
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
        assertTrue(d.headline().contains("/var/log/nginx/error.log: reading stopped at the deadline"), d.headline());
    }

    @Test
    void aCriticalFindingInWhatWasReadStillCountsDespiteAGap() {
        Diagnosis d = run(TestCheck.of("a.partial", ctx -> CheckResult.findings(Finding.symptom(Layer.PROXY,
                Severity.CRITICAL, "502s in the part that was read").build()).withGaps(List.of(
                new Gap("/var/log/nginx/error.log.1", "reading stopped at the deadline", true)))));
        assertEquals(Verdict.FAILING, d.verdict());
    }

    @Test
    void anInformationalFindingWithAGapIsNotHealthy() {
        Diagnosis d = run(TestCheck.of("a.config", ctx -> CheckResult.findings(Finding.symptom(Layer.PROXY,
                Severity.INFO, "part of the configuration was not read").build()).withGaps(List.of(
                new Gap("/etc/nginx/huge.conf", "not read: over the size limit", false)))));
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
    }

    @Test
    void aCheckThatGivesUpWithInterruptedExceptionIsTimedOutNeverNotApplicable() {
        Diagnosis d = run(TestCheck.passing("a.fine"), TestCheck.of("a.gives-up", ctx -> {
            throw new InterruptedException("the shared log scan did not finish before this check's deadline");
        }));
        assertInstanceOf(CheckReport.TimedOut.class, d.report("a.gives-up").orElseThrow());
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
    }

    @Test
    void aCheckTimedUntilTheDiagnosisDeadlineGetsTheDiagnosisBudget() {
        TestCheck waits = new TestCheck("a.waits", Layer.PROXY, Set.of(), Check.UNTIL_DIAGNOSIS_DEADLINE,
                ctx -> CheckResult.passed(new Evidence.Observation("deadline " + ctx.deadline())));
        AtomicReference<Duration> left = new AtomicReference<>();
        TestCheck measures = new TestCheck("a.measures", Layer.PROXY, Set.of(), Check.UNTIL_DIAGNOSIS_DEADLINE,
                ctx -> {
                    left.set(ctx.remaining());
                    return CheckResult.passed();
                });
        Diagnosis d = GatewayDoctor.builder().discover(false).register(waits, measures).timeout(Duration.ofMinutes(7))
                .build().diagnose(Target.builder().build());
        assertEquals(Verdict.HEALTHY, d.verdict());
        // not a fixed number of seconds: the diagnosis's seven minutes (less what already passed)
        assertTrue(left.get().compareTo(Duration.ofMinutes(6)) > 0, left.get().toString());
        assertTrue(left.get().compareTo(Duration.ofMinutes(7)) <= 0, left.get().toString());
    }

    @Test
    void aDirectoryWithMoreFilesThanAreReadIsStatedAndIncomplete() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        int n = FileLogAccess.MAX_FILES + 3;
        for (int i = 0; i < n; i++) {
            Files.writeString(logs.resolve("error.log." + i), "x\n");
        }
        Files.writeString(logs.resolve("error.log"), "2026/11/21 09:14:03 [error] 1#1: *1 connect() to "
                + "127.0.0.1:9000 failed (111: Connection refused) while connecting to upstream\n");
        Files.setLastModifiedTime(logs.resolve("error.log"), java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() + 3_600_000));
        FileLogAccess.LogFiles files = FileLogAccess.expand(List.of(logs));
        assertEquals(FileLogAccess.MAX_FILES, files.files().size());
        // the newest file, the one that matters, is among those read
        assertTrue(files.files().contains(logs.resolve("error.log").toAbsolutePath()));
        assertTrue(files.problemList().stream().anyMatch(s -> s.contains("most recently modified")),
                files.problemList().toString());

        LogScan scan = org.gatewaydoctor.internal.logs.scan.ScanEngine.withUnread(LogScan.empty(), files.unread());
        assertFalse(scan.complete());
        List<Gap> gaps = scan.gaps(f -> false);
        assertEquals(1, gaps.size(), gaps.toString());
        assertEquals(logs.toString(), gaps.get(0).source());
        assertEquals("holds " + (n + 1) + " files; only the " + FileLogAccess.MAX_FILES
                + " most recently modified were read, 4 older ones were not", gaps.get(0).reason());
        assertFalse(gaps.get(0).partial() && gaps.get(0).source().isEmpty());
    }

    @Test
    void aSymbolicLinkLoopIsReportedAsSuchNotAsMissing() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        FileLogAccess.LogFiles files = FileLogAccess.expand(List.of(a));
        assertEquals(List.of(a + ": a symbolic link loop (40: Too many levels of symbolic links)"),
                files.problemList());
    }
}
