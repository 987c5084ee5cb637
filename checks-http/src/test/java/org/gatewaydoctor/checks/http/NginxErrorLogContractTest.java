package org.gatewaydoctor.checks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NginxErrorLogCheck} through the real engine with the test kit's contract assertions. */
class NginxErrorLogContractTest {

    @TempDir
    Path dir;

    @Test
    void behavesLikeAGoodCheck() throws IOException {
        Files.writeString(dir.resolve("error.log"), String.join("\n",
                NginxErrorLogCheckTest.EAGAIN.replace("GET /shop/", "GET /shop/?token=CANARY-7f3a91"),
                NginxErrorLogCheckTest.TIMEOUT,
                NginxErrorLogCheckTest.FATAL.replace("acme_related_fetch()", "acme_related_fetch() Cookie: sid=CANARY-c00c1e"),
                NginxErrorLogCheckTest.FORBIDDEN) + "\n");
        CheckTester.of(new NginxErrorLogCheck())
                .assertDescribesItselfProperly()
                .withLogs(dir)
                .withZone(ZoneOffset.UTC)
                .run()
                .assertCompleted()
                .assertFound(CauseCode.PHPFPM_POOL_EXHAUSTED, Severity.CRITICAL)
                .assertFound(CauseCode.PROXY_UPSTREAM_TIMEOUT)
                .assertFound(CauseCode.APP_FATAL_ERROR)
                .assertNoSecretsLeak("CANARY-7f3a91", "CANARY-c00c1e")
                .assertValidAgainstSchema();
    }

    @Test
    void returnsWithinItsDeadlineOnAHugeLog() throws IOException {
        Path big = dir.resolve("error.log");
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            chunk.append(NginxErrorLogCheckTest.TIMEOUT).append('\n');
        }
        String block = chunk.toString();
        for (int i = 0; i < 150; i++) { // 150,000 lines, about 40 MB
            Files.writeString(big, block, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        CheckTester.of(new NginxErrorLogCheck())
                .withLogs(big)
                .withZone(ZoneOffset.UTC)
                .assertRespectsDeadline(Duration.ofMillis(600))
                .assertFound(CauseCode.PROXY_UPSTREAM_TIMEOUT)
                .assertValidAgainstSchema();
    }
}
