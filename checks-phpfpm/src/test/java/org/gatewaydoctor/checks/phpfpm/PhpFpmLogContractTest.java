package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PhpFpmLogCheck} through the real engine with the test kit's contract assertions.
 *
 * <p>{@link CheckTester} builds its engine with {@code discover(false)}, which today also leaves the
 * signature catalogue empty, so the check sees an empty scan and passes: the findings of its run are
 * checked only when the catalogue reaches it. {@link ExampleIncidentTest} and {@link #findsTheSlowRequestsOfAHugeLogThroughTheEngine()}
 * run the check through {@code GatewayDoctor} with discovery, as the command line does.
 */
class PhpFpmLogContractTest {

    @TempDir
    Path dir;

    @Test
    void behavesLikeAGoodCheckOnTheExampleIncident() {
        CheckRun run = CheckTester.of(new PhpFpmLogCheck())
                .assertDescribesItselfProperly()
                .withLogs(ExampleIncidentTest.EXAMPLE.resolve("php8.2-fpm.log"))
                .withZone(ZoneId.of("Europe/Berlin"))
                .run()
                .assertCompleted();
        run.assertFound(CauseCode.PHPFPM_POOL_EXHAUSTED, Severity.CRITICAL)
                .assertFound(CauseCode.APP_SLOW_REQUESTS, Severity.WARNING)
                .assertNoSecretsLeak(ExampleIncidentTest.CANARY)
                .assertValidAgainstSchema();
    }

    @Test
    void returnsWithinItsDeadlineOnAHugeLog() throws IOException {
        // whatever the scan holds (see the class comment), the check answers within its deadline
        CheckTester.of(new PhpFpmLogCheck()).withLogs(hugeLog()).withZone(ZoneOffset.UTC)
                .assertRespectsDeadline(Duration.ofMillis(600)).assertValidAgainstSchema();
    }

    @Test
    void findsTheSlowRequestsOfAHugeLogThroughTheEngine() throws IOException {
        CheckReport.Completed report = assertInstanceOf(CheckReport.Completed.class, GatewayDoctor.builder()
                .include(PhpFpmLogCheck.ID).timeout(Duration.ofSeconds(10)).build()
                .diagnose(Target.builder().logs(hugeLog()).zone(ZoneOffset.UTC).build())
                .report(PhpFpmLogCheck.ID).orElseThrow());
        assertTrue(report.result().findingList().stream().anyMatch(f -> f.cause().equals(CauseCode.APP_SLOW_REQUESTS)
                && f.summary().endsWith("mostly plugin acme-related-posts")), report.toString());
    }

    /** About 40 MB of a busy pool's log: workers respawning, one slow request in 200 lines. */
    private Path hugeLog() throws IOException {
        Path big = dir.resolve("php8.2-fpm.log");
        String block = (PhpFpmLogCheckTest.EXITED_OK + "\n" + PhpFpmLogCheckTest.STARTED + "\n").repeat(100)
                .replaceFirst("\n", "\n" + PhpFpmLogCheckTest.SLOW_PLUGIN + "\n");
        for (int i = 0; i < 1300; i++) {
            Files.writeString(big, block, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return big;
    }
}
