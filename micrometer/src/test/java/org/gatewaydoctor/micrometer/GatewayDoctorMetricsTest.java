package org.gatewaydoctor.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters a real diagnosis (real engine, checks registered by hand) leaves in a Prometheus registry. */
class GatewayDoctorMetricsTest {

    @TempDir
    Path logs;

    @Test
    void countsEachCauseCodeAndSetsTheVerdictGaugeInPrometheusNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayDoctorMetrics metrics = new GatewayDoctorMetrics();
        metrics.bindTo(registry);

        Diagnosis d = diagnose(new PoolExhausted(), new Passing(), new Throwing());
        assertEquals(Verdict.FAILING, d.verdict());
        metrics.record("shop", d);
        metrics.record("shop", d);

        String scrape = registry.scrape();
        assertTrue(scrape.contains("gateway_doctor_cause_total{code=\"phpfpm.pool_exhausted\",site=\"shop\"} 2.0"), scrape);
        assertTrue(scrape.contains("gateway_doctor_top_cause_total{code=\"phpfpm.pool_exhausted\",site=\"shop\"} 2.0"), scrape);
        assertTrue(scrape.contains("gateway_doctor_verdict{site=\"shop\"} 2.0"), scrape);
        assertTrue(scrape.contains("gateway_doctor_diagnosis_duration_seconds_count{site=\"shop\"} 2"), scrape);
        assertTrue(scrape.contains(
                "gateway_doctor_check_duration_seconds_count{check=\"test.pool\",outcome=\"findings\",site=\"shop\"} 2"), scrape);
        assertTrue(scrape.contains(
                "gateway_doctor_check_duration_seconds_count{check=\"test.passing\",outcome=\"passed\",site=\"shop\"} 2"), scrape);
        assertTrue(scrape.contains(
                "gateway_doctor_check_duration_seconds_count{check=\"test.throwing\",outcome=\"errored\",site=\"shop\"} 2"), scrape);
    }

    @Test
    void aHealthySiteAfterAFailingOneTurnsTheGaugeBackToZeroAndKeepsTheCount() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayDoctorMetrics metrics = new GatewayDoctorMetrics();
        metrics.bindTo(registry);
        metrics.record("shop", diagnose(new PoolExhausted()));
        Diagnosis healthy = diagnose(new Passing());
        assertEquals(Verdict.HEALTHY, healthy.verdict());
        metrics.record("shop", healthy);

        assertEquals(0.0, registry.get(GatewayDoctorMetrics.VERDICT).tag("site", "shop").gauge().value());
        assertEquals(1.0, registry.get(GatewayDoctorMetrics.CAUSE).tags("site", "shop", "code", "phpfpm.pool_exhausted")
                .counter().count());
    }

    @Test
    void aRegistryBoundLaterGetsTheVerdictOfSitesAlreadyRecorded() {
        GatewayDoctorMetrics metrics = new GatewayDoctorMetrics();
        metrics.record("shop", diagnose(new PoolExhausted()));
        SimpleMeterRegistry late = new SimpleMeterRegistry();
        metrics.bindTo(late);
        assertEquals(2.0, late.get(GatewayDoctorMetrics.VERDICT).tag("site", "shop").gauge().value());
    }

    @Test
    void aWatchedSiteReadsNaNUntilItsFirstDiagnosis() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayDoctorMetrics metrics = new GatewayDoctorMetrics();
        metrics.bindTo(registry);
        metrics.watch("blog");
        assertTrue(Double.isNaN(registry.get(GatewayDoctorMetrics.VERDICT).tag("site", "blog").gauge().value()));
        assertFalse(registry.getMeters().stream().anyMatch(m -> m.getId().getName().equals(GatewayDoctorMetrics.CAUSE)));
    }

    @Test
    void aBlankSiteNameIsRejected() {
        GatewayDoctorMetrics metrics = new GatewayDoctorMetrics();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metrics.watch(" "));
        assertEquals("the site name must not be blank", e.getMessage());
    }

    private Diagnosis diagnose(Check... checks) {
        return GatewayDoctor.builder().discover(false).discoverSignatures(false).register(checks)
                .timeout(Duration.ofSeconds(20)).build().diagnose(Target.builder().logs(logs).build());
    }

    private abstract static class TestCheck implements Check {
        @Override
        public Layer layer() {
            return Layer.PHP_FPM;
        }

        @Override
        public String title() {
            return id();
        }
    }

    private static final class PoolExhausted extends TestCheck {
        @Override
        public String id() {
            return "test.pool";
        }

        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.findings(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL,
                    0.9, "every worker of pool www is busy").evidence(new Evidence.Observation(
                    "server reached pm.max_children setting (2), consider raising it", null)).build());
        }
    }

    private static final class Passing extends TestCheck {
        @Override
        public String id() {
            return "test.passing";
        }

        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.passed(new Evidence.Observation("pool www answers", null));
        }
    }

    private static final class Throwing extends TestCheck {
        @Override
        public String id() {
            return "test.throwing";
        }

        @Override
        public CheckResult run(CheckContext context) {
            throw new IllegalStateException("broken check");
        }
    }
}
