package org.gatewaydoctor.checks.phpfpm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PhpFpmLogCheck} through the real engine with the test kit's contract assertions. */
class PhpFpmLogContractTest {

    @TempDir
    Path dir;

    @Test
    void behavesLikeAGoodCheckOnTheExampleIncident() {
        CheckTester.of(new PhpFpmLogCheck())
                .assertDescribesItselfProperly()
                .withLogs(ExampleIncidentTest.EXAMPLE.resolve("php8.2-fpm.log"))
                .withZone(ZoneId.of("Europe/Berlin"))
                .run()
                .assertCompleted()
                .assertFound(CauseCode.PHPFPM_POOL_EXHAUSTED, Severity.CRITICAL)
                .assertFound(CauseCode.APP_SLOW_REQUESTS, Severity.WARNING)
                .assertNoSecretsLeak(ExampleIncidentTest.CANARY)
                .assertValidAgainstSchema();
    }

    @Test
    void returnsWithinItsDeadlineOnAHugeLog() throws IOException {
        Path big = dir.resolve("php8.2-fpm.log");
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            chunk.append(PhpFpmLogCheckTest.SLOW_PLUGIN).append('\n');
        }
        String block = chunk.toString();
        for (int i = 0; i < 150; i++) { // 150,000 lines, about 40 MB
            Files.writeString(big, block, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        CheckTester.of(new PhpFpmLogCheck())
                .withLogs(big)
                .withZone(ZoneOffset.UTC)
                .assertRespectsDeadline(Duration.ofMillis(600))
                .assertFound(CauseCode.APP_SLOW_REQUESTS)
                .assertValidAgainstSchema();
    }
}
