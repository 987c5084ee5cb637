package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.LogLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs found through configuration ({@link LogLocator}) join the shared scan; broken locators cost nothing else. */
class LogLocatorTest {

    @TempDir
    Path dir;

    private Diagnosis run(AtomicReference<LogScan> scan, Target target, LogLocator... locators) {
        TestCheck reader = TestCheck.of("reader", ctx -> {
            scan.set(ctx.logScan());
            return CheckResult.passed();
        });
        return GatewayDoctor.builder().discover(false).register(reader).logLocators(locators).build()
                .diagnose(target);
    }

    @Test
    void scansTheLogsALocatorFindsBesideTheTargetsOwn() throws Exception {
        Path own = Files.writeString(dir.resolve("own.log"), "one line\n");
        Path named = Files.writeString(dir.resolve("named.log"), "another line\n");
        Path missing = dir.resolve("not-written-yet.log");
        AtomicReference<LogScan> scan = new AtomicReference<>();
        Diagnosis d = run(scan, Target.builder().logs(own).build(), target -> List.of(named, missing, own));
        assertEquals(List.of(named.toString(), own.toString()),
                scan.get().files().stream().map(ScannedFile::path).sorted().toList());
        assertTrue(d.notes().contains("Also read 1 log path named by the configuration: " + named + "."),
                d.notes().toString());
    }

    @Test
    void aFailingLocatorBecomesANoteAndTheOthersStillCount() throws Exception {
        Path named = Files.writeString(dir.resolve("named.log"), "line\n");
        AtomicReference<LogScan> scan = new AtomicReference<>();
        LogLocator broken = target -> {
            throw new java.io.IOException("nginx.conf: permission denied");
        };
        Diagnosis d = run(scan, Target.builder().build(), broken, target -> List.of(named));
        assertEquals(1, scan.get().files().size());
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("failed (IOException: nginx.conf: permission denied)")),
                d.notes().toString());
    }

    @Test
    void aHangingLocatorIsLeftBehindWithANote() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<LogScan> scan = new AtomicReference<>();
        Diagnosis d = run(scan, Target.builder().build(), target -> {
            never.await();
            return List.of();
        });
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("took too long")), d.notes().toString());
        assertEquals(0, scan.get().files().size());
    }

    @Test
    void rotatedCopiesAreThoseLogrotateNamesAndNoOthers() throws Exception {
        for (String f : List.of("error.log", "error.log.1", "error.log.2.gz", "error.log-20261121",
                "error.log-20261120.gz", "error.log.bak", "error.log.1.swp", "error.logger", "access.log.1")) {
            Files.writeString(dir.resolve(f), "");
        }
        assertEquals(List.of(dir.resolve("error.log-20261120.gz"), dir.resolve("error.log-20261121"),
                        dir.resolve("error.log.1"), dir.resolve("error.log.2.gz")),
                LogLocator.rotated(dir.resolve("error.log")));
        for (int i = 10; i < 40; i++) {
            Files.writeString(dir.resolve("big.log." + i), "");
        }
        assertEquals(LogLocator.MAX_ROTATED, LogLocator.rotated(dir.resolve("big.log")).size());
        assertEquals(List.of(), LogLocator.rotated(dir.resolve("missing/x.log")));
    }
}
