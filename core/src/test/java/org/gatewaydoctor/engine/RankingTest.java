package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;

class RankingTest {

    private static final Instant T0 = Instant.parse("2026-11-21T09:14:00Z");

    private static Diagnosis run(TestCheck... checks) {
        return GatewayDoctor.builder().discover(false).register(checks).build().diagnose(Target.builder().build());
    }

    private static TestCheck finding(String id, CauseCode code, Layer layer, Severity severity, double confidence,
                                     Instant at) {
        return TestCheck.of(id, ctx -> CheckResult.findings(Finding.cause(code, layer, severity, confidence,
                        code.value() + " seen by " + id)
                .evidence(new Evidence.LogLine("/var/log/" + id + ".log", 7, at, code + " line"))
                .remediation("fix " + code, "then verify")
                .build()));
    }

    private static List<CauseCode> codes(Diagnosis d) {
        return d.causes().stream().map(RankedCause::code).toList();
    }

    @Test
    void findingsOfOneCauseFromTwoChecksMergeAndReinforce() {
        Diagnosis d = run(finding("a.log", CauseCode.PHPFPM_WORKER_CRASH, Layer.PHP_FPM, Severity.CRITICAL, 0.6, T0),
                finding("b.log", CauseCode.PHPFPM_WORKER_CRASH, Layer.PHP_FPM, Severity.CRITICAL, 0.5, T0));
        assertEquals(1, d.causes().size());
        RankedCause c = d.causes().get(0);
        assertEquals(0.8, c.confidence(), 1e-9); // 1 - 0.4 * 0.5
        assertEquals(List.of("a.log", "b.log"), c.reportedBy());
        assertEquals(2, c.evidence().size());
        assertEquals(List.of("fix phpfpm.worker_crash", "then verify"), c.remediation());
        assertEquals(1, c.rank());
    }

    @Test
    void mergedCausesFollowPlanOrderNotCompletionOrder() {
        TestCheck slowFirst = TestCheck.of("a.slow", ctx -> {
            Thread.sleep(150);
            return CheckResult.findings(Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.5,
                    "from a").remediation("step from a").build());
        });
        TestCheck fastSecond = TestCheck.of("b.fast", ctx -> CheckResult.findings(Finding.cause(CauseCode.PHPFPM_DOWN,
                Layer.PHP_FPM, Severity.CRITICAL, 0.5, "from b").remediation("step from b").build()));
        Diagnosis d = run(slowFirst, fastSecond);
        assertEquals(List.of("a.slow", "b.fast"), d.causes().get(0).reportedBy());
        assertEquals(List.of("step from a", "step from b"), d.causes().get(0).remediation());
        assertEquals(List.of("a.slow", "b.fast"), d.checks().stream().map(r -> r.checkId()).toList());
    }

    @Test
    void criticalOutranksAMoreConfidentWarning() {
        // Two causes the explanation relation does not link.
        Diagnosis d = run(finding("w.log", CauseCode.APP_REDIRECT_LOOP, Layer.APPLICATION, Severity.WARNING, 0.9, T0),
                finding("c.log", CauseCode.PROXY_HEADER_TOO_BIG, Layer.PROXY, Severity.CRITICAL, 0.7, T0));
        assertEquals(List.of(CauseCode.PROXY_HEADER_TOO_BIG, CauseCode.APP_REDIRECT_LOOP), codes(d));
    }

    @Test
    void aDeeperCauseExplainsTheProxySymptomItProduces() {
        Diagnosis d = run(
                finding("nginx.log", CauseCode.PROXY_UPSTREAM_REFUSED, Layer.PROXY, Severity.CRITICAL, 0.9, T0),
                finding("fpm.proc", CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.7, T0.plusSeconds(30)));
        assertEquals(List.of(CauseCode.PHPFPM_DOWN, CauseCode.PROXY_UPSTREAM_REFUSED), codes(d));
        RankedCause top = d.causes().get(0);
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED), top.explains());
        assertEquals(1 - 0.3 * (1 - 0.45), top.confidence(), 1e-3);
        assertEquals(Layer.PHP_FPM, d.failingLayer());
        assertTrue(top.statusNote().contains("503"), top.statusNote());
    }

    @Test
    void anExplanationNeedsEvidenceCloseInTime() {
        Diagnosis d = run(
                finding("nginx.log", CauseCode.PROXY_UPSTREAM_REFUSED, Layer.PROXY, Severity.CRITICAL, 0.9, T0),
                finding("fpm.log", CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.7,
                        T0.minusSeconds(3 * 3600)));
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PHPFPM_DOWN), codes(d));
        assertTrue(d.causes().get(0).explains().isEmpty());
    }

    @Test
    void staleEvidenceRanksBelowTheCurrentIncident() {
        Diagnosis d = run(
                finding("old.log", CauseCode.PHPFPM_WORKER_CRASH, Layer.PHP_FPM, Severity.CRITICAL, 0.9,
                        T0.minusSeconds(2 * 3600)),
                finding("new.log", CauseCode.PROXY_HEADER_TOO_BIG, Layer.PROXY, Severity.CRITICAL, 0.6, T0));
        assertEquals(List.of(CauseCode.PROXY_HEADER_TOO_BIG, CauseCode.PHPFPM_WORKER_CRASH), codes(d));
    }

    @Test
    void tiesGoToTheCauseDeeperAlongThePath() {
        Diagnosis d = run(
                finding("edge.probe", CauseCode.EDGE_ORIGIN_UNREACHABLE, Layer.EDGE, Severity.CRITICAL, 0.6, null),
                finding("db.probe", CauseCode.DATABASE_DOWN, Layer.DATABASE, Severity.CRITICAL, 0.6, null));
        assertEquals(List.of(CauseCode.DATABASE_DOWN, CauseCode.EDGE_ORIGIN_UNREACHABLE), codes(d));
    }

    @Test
    void theTimelineMergesEvidenceOfAllChecksByTime() {
        Diagnosis d = run(
                finding("nginx.log", CauseCode.PROXY_UPSTREAM_REFUSED, Layer.PROXY, Severity.CRITICAL, 0.9,
                        T0.plusSeconds(2)),
                finding("fpm.log", CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.9, T0));
        assertEquals(List.of("fpm.log", "nginx.log"), d.timeline().stream().map(t -> t.checkId()).toList());
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, d.timeline().get(0).cause());
    }

    @Test
    void evidenceTwoFindingsOfACheckShareIsOneTimelineEvent() {
        // A missing socket: the check cannot tell PHP-FPM down from a wrong path and reports both on one line.
        Evidence.LogLine line = new Evidence.LogLine("/var/log/nginx/error.log", 3, T0,
                "connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory)");
        Diagnosis d = run(TestCheck.of("nginx.log", ctx -> CheckResult.findings(
                Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.5, "down?")
                        .evidence(line).remediation("start it").build(),
                Finding.cause(CauseCode.PHPFPM_SOCKET_MISMATCH, Layer.PHP_FPM, Severity.CRITICAL, 0.45, "elsewhere?")
                        .evidence(line).remediation("align them").build())));
        assertEquals(2, d.causes().size());
        assertEquals(1, d.timeline().size(), d.timeline().toString());
        assertEquals(CauseCode.PHPFPM_DOWN, d.timeline().get(0).cause(), "the first finding's cause is kept");
    }

    @Test
    void aStatusNoteDoesNotRepeatTheObservedStatus() {
        Diagnosis d = run(TestCheck.of("fpm.log", ctx -> CheckResult.findings(
                Finding.cause(CauseCode.APP_SLOW_REQUESTS, Layer.APPLICATION, Severity.WARNING, 0.6, "slow")
                        .evidence(new Evidence.LogLine("/var/log/fpm.log", 1, T0, "slow")).httpStatus(504)
                        .remediation("speed up").build(),
                Finding.cause(CauseCode.HOST_OVERLOADED, Layer.HOST, Severity.WARNING, 0.5, "busy")
                        .evidence(new Evidence.LogLine("/var/log/fpm.log", 2, T0, "busy")).httpStatus(500)
                        .remediation("add CPU").build())));
        RankedCause slow = d.causes().stream().filter(c -> c.code() == CauseCode.APP_SLOW_REQUESTS).findFirst()
                .orElseThrow();
        assertEquals("", slow.statusNote(), "typically 502/504, and 504 was observed");
        RankedCause busy = d.causes().stream().filter(c -> c.code() == CauseCode.HOST_OVERLOADED).findFirst()
                .orElseThrow();
        assertEquals("Visitors typically see: 502/504.", busy.statusNote(), "500 observed: the usual statuses help");
    }
}
