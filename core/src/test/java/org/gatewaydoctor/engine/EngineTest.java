package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.DiagnosisListener;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.FactKey;
import org.junit.jupiter.api.Test;

class EngineTest {

    private static final Target EMPTY = Target.builder().build();

    /** Spins until {@code ms} have passed, swallowing every interrupt: the worst-behaved check. */
    private static CheckResult ignoreInterruptsFor(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException ignored) {
                // deliberately ignored
            }
        }
        return CheckResult.passed();
    }

    @Test
    void timesOutACheckThatIgnoresInterruptsWithoutWaitingForIt() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(new TestCheck("slow.stubborn", Layer.PHP_FPM, Set.of(), Duration.ofMillis(200),
                                ctx -> ignoreInterruptsFor(30_000)),
                        TestCheck.passing("quick.one"))
                .build();
        long start = System.nanoTime();
        Diagnosis d = doctor.diagnose(EMPTY);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        CheckReport.TimedOut timedOut = assertInstanceOf(CheckReport.TimedOut.class,
                d.report("slow.stubborn").orElseThrow());
        assertEquals(200, timedOut.timeout().toMillis());
        assertInstanceOf(CheckReport.Completed.class, d.report("quick.one").orElseThrow());
        // The check would hang for 30 s; the diagnosis must not wait for it.
        assertTrue(tookMs < 10_000, "diagnosis waited " + tookMs + " ms for a hung check");
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
    }

    @Test
    void theOverallDeadlineBoundsChecksWithLongTimeouts() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).timeout(Duration.ofMillis(300))
                .register(new TestCheck("slow.long", Layer.PROXY, Set.of(), Duration.ofSeconds(60),
                                ctx -> ignoreInterruptsFor(30_000)),
                        new TestCheck("slow.after", Layer.PROXY, Set.of("slow.long"), Duration.ofSeconds(60),
                                ctx -> CheckResult.passed()))
                .build();
        long start = System.nanoTime();
        Diagnosis d = doctor.diagnose(EMPTY);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        CheckReport.TimedOut t = assertInstanceOf(CheckReport.TimedOut.class, d.report("slow.long").orElseThrow());
        assertTrue(t.timeout().toMillis() <= 300, "budget was " + t.timeout());
        CheckReport.Skipped s = assertInstanceOf(CheckReport.Skipped.class, d.report("slow.after").orElseThrow());
        assertTrue(s.reason().contains("timed out"), s.reason());
        assertTrue(tookMs < 10_000, "took " + tookMs + " ms");
    }

    @Test
    void anInterruptibleCheckSeesTheInterruptAtItsDeadline() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(new TestCheck("slow.polite", Layer.DNS, Set.of(), Duration.ofMillis(100), ctx -> {
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return CheckResult.passed();
                }))
                .build();
        Diagnosis d = doctor.diagnose(EMPTY);
        assertInstanceOf(CheckReport.TimedOut.class, d.report("slow.polite").orElseThrow());
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the check's thread was not interrupted");
    }

    @Test
    void anExceptionBecomesAnErroredReportWithARedactedMessage() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(TestCheck.of("boom.check", ctx -> {
                    throw new IllegalStateException("cannot log in with password=CANARY-pw-42 to the database");
                }), TestCheck.of("fine.check", ctx -> CheckResult.findings(Finding.cause(CauseCode.PHPFPM_DOWN,
                        Layer.PHP_FPM, Severity.CRITICAL, 0.8, "PHP-FPM is not running").build())))
                .build();
        Diagnosis d = doctor.diagnose(EMPTY);
        CheckReport.Errored e = assertInstanceOf(CheckReport.Errored.class, d.report("boom.check").orElseThrow());
        assertEquals(IllegalStateException.class.getName(), e.errorClass());
        assertFalse(e.message().contains("CANARY-pw-42"), e.message());
        assertTrue(e.message().contains("cannot log in"), e.message());
        assertEquals(Verdict.FAILING, d.verdict());
        assertEquals(CauseCode.PHPFPM_DOWN, d.topCause().orElseThrow().code());
    }

    @Test
    void anErrorThrowableAndANullResultAreIsolatedToo() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(TestCheck.of("error.check", ctx -> {
                    throw new StackOverflowError("deep");
                }), TestCheck.of("null.check", ctx -> null), TestCheck.passing("ok.check"))
                .build();
        Diagnosis d = doctor.diagnose(EMPTY);
        assertEquals(StackOverflowError.class.getName(),
                ((CheckReport.Errored) d.report("error.check").orElseThrow()).errorClass());
        assertTrue(((CheckReport.Errored) d.report("null.check").orElseThrow()).message().contains("null"));
        assertInstanceOf(CheckReport.Completed.class, d.report("ok.check").orElseThrow());
    }

    @Test
    void independentChecksRunInParallel() {
        CountDownLatch both = new CountDownLatch(2);
        TestCheck.Body meet = ctx -> {
            both.countDown();
            // Only completes if the other check runs at the same time.
            return both.await(5, TimeUnit.SECONDS) ? CheckResult.passed()
                    : CheckResult.notApplicable("ran alone");
        };
        Diagnosis d = GatewayDoctor.builder().discover(false).parallelism(2)
                .register(TestCheck.of("p.one", meet), TestCheck.of("p.two", meet)).build().diagnose(EMPTY);
        for (String id : List.of("p.one", "p.two")) {
            CheckReport.Completed c = assertInstanceOf(CheckReport.Completed.class, d.report(id).orElseThrow());
            assertInstanceOf(CheckResult.Passed.class, c.result(), id);
        }
    }

    @Test
    void factsFlowFromADependencyToItsDependent() {
        FactKey<String> socket = FactKey.of("test.socket", String.class);
        Diagnosis d = GatewayDoctor.builder().discover(false)
                .register(new TestCheck("f.consumer", Layer.PHP_FPM, Set.of("f.producer"), Duration.ofSeconds(5),
                                ctx -> CheckResult.notApplicable("saw " + ctx.fact(socket).orElse("nothing"))),
                        TestCheck.of("f.producer", ctx -> {
                            ctx.publish(socket, "/run/php/php8.2-fpm.sock");
                            return CheckResult.passed();
                        }))
                .build().diagnose(EMPTY);
        CheckReport.Completed c = (CheckReport.Completed) d.report("f.consumer").orElseThrow();
        assertEquals("saw /run/php/php8.2-fpm.sock", ((CheckResult.NotApplicable) c.result()).reason());
    }

    @Test
    void aDependentIsSkippedWhenItsDependencyFails() {
        Diagnosis d = GatewayDoctor.builder().discover(false)
                .register(TestCheck.of("d.base", ctx -> {
                    throw new java.io.IOException("disk gone");
                }), TestCheck.passing("d.top", "d.base"))
                .build().diagnose(EMPTY);
        CheckReport.Skipped s = assertInstanceOf(CheckReport.Skipped.class, d.report("d.top").orElseThrow());
        assertTrue(s.reason().contains("d.base") && s.reason().contains("java.io.IOException"), s.reason());
    }

    @Test
    void listenersHearEveryCheckInOrderAndCannotBreakTheRun() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        DiagnosisListener listener = new DiagnosisListener() {
            @Override
            public void checkStarted(CheckInfo check) {
                events.add("start " + check.id());
                throw new RuntimeException("listener bug");
            }

            @Override
            public void checkFinished(CheckInfo check, CheckReport report) {
                events.add("end " + check.id() + " " + report.getClass().getSimpleName());
            }
        };
        Diagnosis d = GatewayDoctor.builder().discover(false).listener(listener)
                .register(TestCheck.passing("l.one"), TestCheck.passing("l.two", "l.one"),
                        TestCheck.passing("l.skipped", "l.missing"))
                .build().diagnose(EMPTY);
        assertEquals(3, d.checks().size());
        assertEquals(List.of("start l.one", "end l.skipped Skipped", "end l.one Completed", "start l.two",
                "end l.two Completed"), events);
    }

    @Test
    void verdictsFollowTheWorstSeverity() {
        TestCheck critical = TestCheck.of("v.crit", ctx -> CheckResult.findings(
                Finding.symptom(Layer.PROXY, Severity.CRITICAL, "the site answers 502").httpStatus(502).build()));
        TestCheck warning = TestCheck.of("v.warn", ctx -> CheckResult.findings(
                Finding.cause(CauseCode.APP_SLOW_REQUESTS, Layer.APPLICATION, Severity.WARNING, 0.7,
                        "slow plugin").build()));
        TestCheck na = TestCheck.of("v.na", ctx -> CheckResult.notApplicable("no url"));

        Diagnosis failing = GatewayDoctor.builder().discover(false).register(critical, warning).build().diagnose(EMPTY);
        assertEquals(Verdict.FAILING, failing.verdict());
        // The symptom has no cause; the failing hop comes from the top cause only if it is at least a warning.
        assertEquals(Layer.APPLICATION, failing.failingLayer());

        Diagnosis symptomOnly = GatewayDoctor.builder().discover(false).register(critical).build().diagnose(EMPTY);
        assertEquals(Layer.PROXY, symptomOnly.failingLayer());
        assertTrue(symptomOnly.headline().contains("could not be determined"), symptomOnly.headline());

        assertEquals(Verdict.DEGRADED,
                GatewayDoctor.builder().discover(false).register(warning).build().diagnose(EMPTY).verdict());
        assertEquals(Verdict.HEALTHY, GatewayDoctor.builder().discover(false)
                .register(TestCheck.passing("v.ok"), na).build().diagnose(EMPTY).verdict());
        Diagnosis nothing = GatewayDoctor.builder().discover(false).register(na).build().diagnose(EMPTY);
        assertEquals(Verdict.INCONCLUSIVE, nothing.verdict());
        assertEquals(3, nothing.verdict().nagiosExitCode());
    }
}
