package com.example.gatewaydoctor.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceCheckTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path dir;
    private Path nginxLog;
    private Path fpmLog;
    private final CountDownLatch unblock = new CountDownLatch(1);

    @BeforeEach
    void writeLogs() throws IOException {
        Path nginx = Files.createDirectories(dir.resolve("log/nginx"));
        nginxLog = Files.writeString(nginx.resolve("error.log"),
                "2026/03/14 10:14:03 [crit] 812#812: *5123 pwrite() \"/var/lib/nginx/body/0000000042\" failed "
                        + "(28: No space left on device)\n", StandardCharsets.UTF_8);
        fpmLog = Files.writeString(dir.resolve("log/php8.2-fpm.log"), "", StandardCharsets.UTF_8);
    }

    @AfterEach
    void releaseHungProbes() {
        unblock.countDown();
    }

    /** A probe that says every path lives on one file system of 40 GiB with {@code freePercent} free. */
    private static DiskSpaceCheck.SpaceProbe oneDisk(double freePercent) {
        return path -> new DiskSpaceCheck.Space("sda1", "/ (/dev/sda1)", 40 * GIB, (long) (40 * GIB * freePercent / 100));
    }

    @Test
    void passesTheTestkitsFourAssertionsOnTheRealFileSystem() {
        CheckTester tester = CheckTester.of(new DiskSpaceCheck())
                .withLogs(nginxLog, fpmLog)
                .withUrl("https://admin:canary-pass-93a1@shop.example.org/?token=canary-token-77be")
                // the build machine's disks may be nearly full; this test is about behaviour, not space
                .withOption(DiskSpaceCheck.WARN_PERCENT, "0")
                .withTimeout(Duration.ofSeconds(3));
        tester.assertDescribesItselfProperly();
        CheckRun run = tester.run()
                .assertPassed()
                .assertRespectsDeadline()
                .assertNoSecretsLeak("canary-pass-93a1", "canary-token-77be")
                .assertValidAgainstSchema();
        List<Evidence> evidence = ((CheckResult.Passed) run.result().orElseThrow()).evidence();
        Evidence.Measurement free = evidence.stream()
                .filter(e -> e instanceof Evidence.Measurement m && m.name().startsWith("free space on "))
                .map(Evidence.Measurement.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError(evidence.toString()));
        assertEquals("%", free.unit());
        assertTrue(free.value() >= 0 && free.value() <= 100, free.toString());
    }

    @Test
    void respectsItsDeadlineWhenAFileSystemHangs() {
        DiskSpaceCheck.SpaceProbe hangsOnLogs = path -> {
            if (path.startsWith(dir)) {
                while (true) {
                    try {
                        unblock.await(); // like stat() on a dead NFS server: interrupts do not help
                        break;
                    } catch (InterruptedException ignored) {
                        // keep blocking
                    }
                }
            }
            return oneDisk(50).measure(path);
        };
        CheckRun run = CheckTester.of(new DiskSpaceCheck(hangsOnLogs, dir.getRoot()))
                .withLogs(nginxLog)
                .withTimeout(Duration.ofSeconds(2)) // room for a loaded CI machine; the file system never answers
                .run()
                .assertRespectsDeadline()
                .assertFound(CauseCode.HOST_OVERLOADED, Severity.WARNING)
                .assertValidAgainstSchema();
        Finding f = run.findings().get(0);
        assertTrue(f.summary().startsWith("The file system holding " + nginxLog + " does not answer"), f.summary());
    }

    @Test
    void reportsCriticalBelowTwoPercentFree() {
        CheckRun run = CheckTester.of(new DiskSpaceCheck(oneDisk(1.5), dir))
                .withLogs(nginxLog, fpmLog)
                .run()
                .assertFound(CauseCode.HOST_OVERLOADED, Severity.CRITICAL)
                .assertValidAgainstSchema();
        Finding f = run.findings().get(0);
        assertEquals(1, run.findings().size(), "one file system, one finding");
        assertEquals("Only 1.5% (614 MiB of 40 GiB) is free on / (/dev/sda1), which holds " + nginxLog + ", " + fpmLog
                + " and " + dir, f.summary());
        assertEquals(new Evidence.Measurement("free space on / (/dev/sda1)", 1.5, "%"), f.evidence().get(0));
        assertEquals(0.7, f.confidence());
    }

    @Test
    void warnsBelowTenPercentFree() {
        CheckTester.of(new DiskSpaceCheck(oneDisk(7), dir))
                .withLogs(nginxLog)
                .run()
                .assertFound(CauseCode.HOST_OVERLOADED, Severity.WARNING);
    }

    @Test
    void passesWithMoreThanTenPercentFree() {
        CheckTester.of(new DiskSpaceCheck(oneDisk(12), dir)).withLogs(nginxLog).run().assertPassed();
    }

    @Test
    void takesItsThresholdsFromTargetOptions() {
        CheckTester tester = CheckTester.of(new DiskSpaceCheck(oneDisk(12), dir)).withLogs(nginxLog);
        tester.withOption(DiskSpaceCheck.WARN_PERCENT, "15").run()
                .assertFound(CauseCode.HOST_OVERLOADED, Severity.WARNING);
        tester.withOption(DiskSpaceCheck.WARN_PERCENT, "20%").withOption(DiskSpaceCheck.CRITICAL_PERCENT, "12.5").run()
                .assertFound(CauseCode.HOST_OVERLOADED, Severity.CRITICAL);
        CheckTester.of(new DiskSpaceCheck(oneDisk(1.5), dir)).withLogs(nginxLog)
                .withOption(DiskSpaceCheck.WARN_PERCENT, "1").run()
                .assertPassed();
    }

    @Test
    void reportsAnInvalidThresholdAsAnErrorNamingTheOption() {
        CheckRun run = CheckTester.of(new DiskSpaceCheck(oneDisk(50), dir))
                .withLogs(nginxLog)
                .withOption(DiskSpaceCheck.WARN_PERCENT, "ten")
                .run();
        CheckReport.Errored errored = (CheckReport.Errored) run.report();
        assertEquals("option example.disk-space.warn-percent must be a percentage from 0 to 100, e.g. 10; got 'ten'",
                errored.message());
    }

    @Test
    void doesNotApplyToAUrlOnlyDiagnosis() {
        CheckTester.of(new DiskSpaceCheck(oneDisk(1), dir)).withUrl("https://example.org/").run().assertNotApplicable();
    }

    @Test
    void measuresTheDirectoryOfALogThatNoLongerExistsAndExtraPaths() throws Exception {
        Path gone = dir.resolve("log/nginx/access.log.1");
        Path data = Files.createDirectories(dir.resolve("mysql"));
        List<Path> probed = new java.util.concurrent.CopyOnWriteArrayList<>();
        DiskSpaceCheck check = new DiskSpaceCheck(path -> {
            probed.add(path);
            return oneDisk(50).measure(path);
        }, dir);
        CheckResult result = check.run(TestCheckContext.builder()
                .logs(gone)
                .option(DiskSpaceCheck.PATHS, " " + data + " ,")
                .build());
        assertTrue(result instanceof CheckResult.Passed, result::toString);
        assertEquals(java.util.Set.of(dir.resolve("log/nginx"), data, dir), java.util.Set.copyOf(probed),
                "a missing log is measured at its directory; /tmp and the extra path are measured too");
    }

    @Test
    void formatsSizesForPeople() {
        assertEquals("512 bytes", DiskSpaceCheck.bytes(512));
        assertEquals("1.5 KiB", DiskSpaceCheck.bytes(1536));
        assertEquals("614 MiB", DiskSpaceCheck.bytes((long) (40 * GIB * 0.015)));
        assertEquals("37 GiB", DiskSpaceCheck.bytes(37 * GIB + GIB / 10));
    }
}
