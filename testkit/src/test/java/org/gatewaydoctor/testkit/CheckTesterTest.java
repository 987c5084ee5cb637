package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class CheckTesterTest {

    private static final String DB_CANARY = "canary-db-7f3a91";
    private static final String URL_CANARY = "canary-url-51c0de";
    private static final String COOKIE_CANARY = "canary-cookie-0b5e";

    @TempDir
    Path dir;
    private Path log;
    private Path config;
    private StallingServer upstream;

    @BeforeEach
    void writeInputs() throws IOException {
        log = dir.resolve("error.log");
        Files.writeString(log, String.join("\n",
                "2026/03/14 10:14:03 [error] 812#812: *5123 upstream timed out (110: Connection timed out) while "
                        + "reading response header from upstream, client: 203.0.113.7, server: shop.example.org, "
                        + "request: \"GET /cart?session=" + COOKIE_CANARY + " HTTP/1.1\", upstream: "
                        + "\"http://127.0.0.1:8080/cart\", host: \"shop.example.org\"",
                "2026/03/14 10:14:05 [notice] 812#812: signal process started", ""), StandardCharsets.UTF_8);
        config = dir.resolve("app.ini");
        Files.writeString(config, "mode = strict\ndb.pass = " + DB_CANARY + "\n", StandardCharsets.UTF_8);
        upstream = StallingServer.start();
    }

    @AfterEach
    void stopServer() {
        upstream.close();
    }

    private CheckTester wellBehaved() {
        return CheckTester.of(new WellBehavedCheck())
                .withLogs(log)
                .withConfig(WellBehavedCheck.CONFIG_APP, config);
    }

    @Test
    void aWellBehavedCheckPassesAllFourAssertions() {
        CheckTester tester = wellBehaved()
                .withUrl("http://admin:" + URL_CANARY + "@127.0.0.1:" + upstream.port() + "/?token=" + URL_CANARY)
                .withTimeout(Duration.ofSeconds(2)); // room for a loaded CI machine; the upstream stalls forever
        tester.assertDescribesItselfProperly();
        CheckRun run = tester.run()
                .assertRespectsDeadline()
                .assertNoSecretsLeak(DB_CANARY, URL_CANARY, COOKIE_CANARY)
                .assertValidAgainstSchema()
                .assertDescribesItselfProperly()
                .assertFound(CauseCode.PROXY_UPSTREAM_TIMEOUT, Severity.WARNING);
        assertEquals(1, upstream.acceptedConnections(), "the check really waited on the stalled upstream");
        assertTrue(run.findings().stream().anyMatch(f -> f.isSymptom() && f.summary().startsWith("The site did not")));
        assertTrue(run.wallTime().compareTo(Duration.ofSeconds(2)) < 0, "returned before its deadline");
    }

    @Test
    void aCheckThatLeaksASecretItReadsFailsAssertNoSecretsLeakAndSaysWhere() {
        CheckRun run = CheckTester.of(new MisbehavingChecks.Leaking())
                .withConfig(WellBehavedCheck.CONFIG_APP, config)
                .run()
                .assertPassed();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> run.assertNoSecretsLeak(DB_CANARY));
        assertTrue(e.getMessage().contains("'" + DB_CANARY + "' at /checks/0/result/evidence/0/value"), e.getMessage());
        assertTrue(e.getMessage().contains("describe() of evidence 0 of check testkit.leaking"), e.getMessage());
    }

    @Test
    void theSameCheckDoesNotLeakWhenTheUserDeclaredTheSecret() {
        CheckTester.of(new MisbehavingChecks.Leaking())
                .withConfig(WellBehavedCheck.CONFIG_APP, config)
                .withSecret(DB_CANARY)
                .run()
                .assertNoSecretsLeak();
    }

    @Test
    void aCanaryPlantedInATargetOptionIsRedactedByTheEngine() {
        wellBehaved().withOption("testkit.password", DB_CANARY).run().assertNoSecretsLeak(DB_CANARY);
    }

    @Test
    void aHangingCheckThatIgnoresInterruptsFailsAssertRespectsDeadline() {
        MisbehavingChecks.IgnoresInterrupts check = new MisbehavingChecks.IgnoresInterrupts();
        try {
            CheckRun run = CheckTester.of(check).withTimeout(Duration.ofMillis(200)).run();
            assertTrue(run.report() instanceof CheckReport.TimedOut);
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> run.assertRespectsDeadline(Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("did not respect its deadline of"), e.getMessage());
            assertTrue(e.getMessage().contains("still running"), e.getMessage());
            assertTrue(e.getMessage().contains("ignores interruption"), e.getMessage());
        } finally {
            check.release.countDown();
        }
    }

    @Test
    void aCheckThatOversleepsFailsAssertRespectsDeadlineEvenThoughInterruptionStopsIt() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> CheckTester.of(new MisbehavingChecks.Oversleeps()).assertRespectsDeadline(Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("returned"), e.getMessage());
        assertTrue(e.getMessage().contains("InterruptedException"), e.getMessage());
    }

    @Test
    void aCheckThatThrowsWhenItsInputStallsFailsAssertRespectsDeadline() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> CheckTester.of(new MisbehavingChecks.ThrowsAtDeadline())
                        .assertRespectsDeadline(Duration.ofMillis(400)));
        assertTrue(e.getMessage().contains("threw java.net.SocketTimeoutException: Read timed out"), e.getMessage());
    }

    @Test
    void outputTheSchemaRejectsFailsAssertValidAgainstSchema() {
        CheckRun run = CheckTester.of(new MisbehavingChecks.NegativeLine()).run().assertPassed();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, run::assertValidAgainstSchema);
        assertTrue(e.getMessage().contains("/checks/0/result/evidence/0/timestamp"), e.getMessage());
    }

    @Test
    void aBadDescriptionFailsAssertDescribesItselfProperlyListingEveryProblem() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> CheckTester.of(new MisbehavingChecks.BadDescription()).assertDescribesItselfProperly());
        assertTrue(e.getMessage().contains("its id 'Testkit_Bad' is not lower-case words"), e.getMessage());
        assertTrue(e.getMessage().contains("its title spans several lines"), e.getMessage());
    }

    @Test
    void anUndiscoverableCheckFailsAssertDescribesItselfProperly() {
        AssertionFailedError unlisted = assertThrows(AssertionFailedError.class,
                () -> CheckTester.of(new MisbehavingChecks.Unlisted()).assertDescribesItselfProperly());
        assertTrue(unlisted.getMessage().contains(MisbehavingChecks.Unlisted.class.getName()
                + " is not listed in META-INF/services/org.gatewaydoctor.spi.Check"), unlisted.getMessage());
        assertTrue(unlisted.getMessage().contains("ServiceLoader finds: [" + WellBehavedCheck.class.getName() + "]"),
                unlisted.getMessage());
    }

    @Test
    void aGreedyTimeoutAndAMissingConstructorFailAssertDescribesItselfProperly() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> CheckTester.of(MisbehavingChecks.Greedy.create()).assertDescribesItselfProperly());
        assertTrue(e.getMessage().contains("longer than a whole diagnosis"), e.getMessage());
        AssertionFailedError anonymous = assertThrows(AssertionFailedError.class,
                () -> CheckTester.of(new MisbehavingChecks.Base("testkit.anonymous") {
                    @Override
                    public CheckResult run(org.gatewaydoctor.spi.CheckContext ctx) {
                        return CheckResult.passed();
                    }
                }).assertDescribesItselfProperly());
        assertTrue(anonymous.getMessage().contains("not a public top-level or static nested class"),
                anonymous.getMessage());
    }

    @Test
    void runningACheckTheEngineRejectsFailsWithTheEnginesExplanation() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> CheckTester.of(new MisbehavingChecks.BadDescription()).run());
        assertTrue(e.getMessage().contains("its id 'Testkit_Bad'"), e.getMessage());
    }

    @Test
    void aStandInProducerHandsAFactToACheckThatDependsOnIt() {
        CheckRun run = CheckTester.of(new MisbehavingChecks.Consumer())
                .withFact("testkit.producer", MisbehavingChecks.POOL, "www")
                .run()
                .assertPassed();
        assertEquals(List.of(new Evidence.Observation("pool www")),
                ((CheckResult.Passed) run.result().orElseThrow()).evidence());
    }

    @Test
    void aStandInProducerHandsAFactToACheckThatRunsAfterIt() {
        CheckRun run = CheckTester.of(new MisbehavingChecks.SoftConsumer())
                .withFact("testkit.producer", MisbehavingChecks.POOL, "www")
                .run()
                .assertPassed();
        assertEquals(List.of(new Evidence.Observation("pool www")),
                ((CheckResult.Passed) run.result().orElseThrow()).evidence());
    }

    @Test
    void withersLeaveTheOriginalTesterUnchanged() {
        CheckTester base = CheckTester.of(new WellBehavedCheck());
        CheckTester withLogs = base.withLogs(log);
        assertNotSame(base, withLogs);
        assertTrue(base.target().logs().isEmpty());
        assertEquals(List.of(log), withLogs.target().logs());
    }

    @Test
    void resultAssertionsSayWhatHappenedInstead() {
        CheckRun run = CheckTester.of(new WellBehavedCheck()).run().assertPassed();
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> run.assertFound(CauseCode.PHPFPM_DOWN));
        assertTrue(e.getMessage().contains("expected check 'testkit.well-behaved' to find phpfpm.down"), e.getMessage());
        assertThrows(AssertionFailedError.class, run::assertNotApplicable);
    }
}
