package org.gatewaydoctor.checks.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NginxErrorLogCheck} through the real engine: with the test kit's contract assertions, and with
 * {@link GatewayDoctor} discovering checks and signatures as the command line does. {@link CheckTester}
 * registers only this check but, like the engine, discovers every signature on the class path.
 */
class NginxErrorLogContractTest {

    @TempDir
    Path dir;
    private Path incident;

    @BeforeEach
    void writeIncident() throws IOException {
        incident = dir.resolve("error.log");
        Files.writeString(incident, String.join("\n",
                NginxErrorLogCheckTest.EAGAIN.replace("GET /shop/", "GET /shop/?token=CANARY-7f3a91"),
                NginxErrorLogCheckTest.TIMEOUT,
                NginxErrorLogCheckTest.FATAL.replace("acme_related_fetch()", "acme_related_fetch() Cookie: sid=CANARY-c00c1e"),
                NginxErrorLogCheckTest.FORBIDDEN) + "\n");
    }

    @Test
    void behavesLikeAGoodCheck() {
        CheckRun run = CheckTester.of(new NginxErrorLogCheck())
                .assertDescribesItselfProperly()
                .withLogs(dir)
                .withZone(ZoneOffset.UTC)
                .run()
                .assertCompleted();
        run.assertFound(CauseCode.PHPFPM_POOL_EXHAUSTED, Severity.CRITICAL)
                .assertFound(CauseCode.PROXY_UPSTREAM_TIMEOUT)
                .assertFound(CauseCode.APP_FATAL_ERROR)
                .assertNoSecretsLeak("CANARY-7f3a91", "CANARY-c00c1e")
                .assertValidAgainstSchema();
    }

    @Test
    void findsTheCausesThroughTheEngineWithoutLeakingSecrets() throws IOException {
        Diagnosis d = GatewayDoctor.builder().include(NginxErrorLogCheck.ID).build()
                .diagnose(Target.builder().logs(dir).zone(ZoneOffset.UTC).build());
        CheckReport.Completed report = assertInstanceOf(CheckReport.Completed.class,
                d.report(NginxErrorLogCheck.ID).orElseThrow());
        assertTrue(report.result().findingList().stream().anyMatch(f -> f.cause().equals(CauseCode.PHPFPM_POOL_EXHAUSTED)
                && f.severity() == Severity.CRITICAL), report.toString());
        String json = DiagnosisJson.write(d);
        assertFalse(json.contains("CANARY-7f3a91") || json.contains("CANARY-c00c1e"), json);
        assertTrue(DiagnosisJson.write(DiagnosisJson.read(json)).equals(json), "the JSON reads back");
    }

    @Test
    void returnsWithinItsDeadlineOnAHugeLog() throws IOException {
        // whatever the scan holds (see the class comment), the check answers within its deadline
        CheckTester.of(new NginxErrorLogCheck()).withLogs(hugeLog()).withZone(ZoneOffset.UTC)
                .assertRespectsDeadline(Duration.ofMillis(600)).assertValidAgainstSchema();
    }

    @Test
    void findsTheCausesOfAHugeLogThroughTheEngine() throws IOException {
        // A comfortable budget: whether the shared scan itself stops in time is core's to test (and under a short
        // budget today it may not: the scan checks its deadline per 4 MiB buffer and the engine waits for it until
        // the check's own deadline).
        Diagnosis d = GatewayDoctor.builder().include(NginxErrorLogCheck.ID).timeout(Duration.ofSeconds(10)).build()
                .diagnose(Target.builder().logs(hugeLog()).zone(ZoneOffset.UTC).build());
        CheckReport.Completed report = assertInstanceOf(CheckReport.Completed.class,
                d.report(NginxErrorLogCheck.ID).orElseThrow());
        assertTrue(report.result().findingList().stream().anyMatch(f -> f.cause().equals(CauseCode.PROXY_UPSTREAM_TIMEOUT)),
                report.toString());
    }

    /**
     * About 40 MB of a busy error log: 404s and 403s, one upstream timeout in 200 lines. (A file where
     * every line is a candidate scans about 20 times slower, and the scanner checks its deadline once
     * per 4 MiB buffer, so under a 600 ms budget it overruns and the check gets no scan at all.)
     */
    private Path hugeLog() throws IOException {
        Path big = dir.resolve("huge").resolve("error.log");
        Files.createDirectories(big.getParent());
        String block = (NginxErrorLogCheckTest.NOT_FOUND + "\n" + NginxErrorLogCheckTest.FORBIDDEN + "\n").repeat(100)
                .replaceFirst("\n", "\n" + NginxErrorLogCheckTest.TIMEOUT + "\n");
        for (int i = 0; i < 800; i++) {
            Files.writeString(big, block, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return big;
    }
}
