package org.gatewaydoctor.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The monitor runs diagnoses off the caller's thread; health only reads their results. */
class SiteMonitorTest {

    @TempDir
    Path logs;

    @Test
    void healthAnswersUnknownWhileTheFirstDiagnosisIsStillRunning() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SiteMonitor monitor = monitor(new Blocking(entered, release));
        monitor.start();
        try {
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the diagnosis started on the monitor's thread");
            // The check is parked on the latch: a health call that ran or awaited a diagnosis could not return.
            Health health = new SiteHealthIndicator(monitor, "shop").health();
            assertEquals(Status.UNKNOWN, health.getStatus());
            assertEquals("first diagnosis running", health.getDetails().get("state"));
        } finally {
            release.countDown();
            monitor.stop();
        }
    }

    @Test
    void aFailingDiagnosisIsDownWithTheTopCauseAndTheFailingHop() {
        SiteMonitor monitor = monitor(new PoolExhausted());
        monitor.runOnce(monitor.sites().get(0));
        Health health = new SiteHealthIndicator(monitor, "shop").health();
        assertEquals(Status.DOWN, health.getStatus());
        Map<String, Object> d = health.getDetails();
        assertEquals("FAILING", d.get("verdict"));
        assertEquals("phpfpm.pool_exhausted", d.get("cause"));
        assertEquals("PHP_FPM", d.get("failingHop"));
        assertTrue(d.get("headline").toString().length() > 0, d.toString());
    }

    @Test
    void aRegisteredSecretReachesNeitherHealthNorTheEndpoint() {
        String canary = "CANARY-hunter2-7f3a9c";
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).discoverSignatures(false).secrets(canary)
                .register(new Leaky(canary)).build();
        SiteMonitor monitor = new SiteMonitor(doctor, List.of(new MonitoredSite("shop", target())), Duration.ofHours(1),
                null, Clock.systemUTC());
        monitor.runOnce(monitor.sites().get(0));

        Health health = new SiteHealthIndicator(monitor, "shop").health();
        String endpoint = new GatewayDoctorEndpoint(monitor).diagnoses().toString();
        assertEquals(Status.DOWN, health.getStatus());
        assertTrue(health.getDetails().get("headline").toString().contains("database password"), health.getDetails().toString());
        assertFalse(health.getDetails().toString().contains(canary), health.getDetails().toString());
        assertTrue(endpoint.contains("DB_PASSWORD"), endpoint);
        assertFalse(endpoint.contains(canary), endpoint);
    }

    @Test
    void theHealthDetailsListEveryHopWithItsState() {
        SiteMonitor monitor = monitor(new PoolExhausted());
        monitor.runOnce(monitor.sites().get(0));
        Object hops = new SiteHealthIndicator(monitor, "shop").health().getDetails().get("hops");
        assertTrue(hops instanceof Map<?, ?> m && "FAILING".equals(m.get("PHP_FPM")), String.valueOf(hops));
    }

    @Test
    void anInconclusiveDiagnosisIsOutOfService() {
        SiteMonitor monitor = monitor(new NotApplicable());
        monitor.runOnce(monitor.sites().get(0));
        Health health = new SiteHealthIndicator(monitor, "shop").health();
        assertEquals(Status.OUT_OF_SERVICE, health.getStatus(), health.getDetails().toString());
        assertEquals("INCONCLUSIVE", health.getDetails().get("verdict"));
        assertNull(health.getDetails().get("cause"));
    }

    @Test
    void eachDiagnosisIsHandedToTheMetersWithTheSiteName() {
        List<String> seen = new ArrayList<>();
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).discoverSignatures(false)
                .register(new PoolExhausted()).build();
        SiteMonitor monitor = new SiteMonitor(doctor, List.of(new MonitoredSite("shop", target())), Duration.ofHours(1),
                (site, d) -> seen.add(site + "=" + d.verdict()), Clock.systemUTC());
        monitor.runOnce(monitor.sites().get(0));
        monitor.runOnce(monitor.sites().get(0));
        assertEquals(List.of("shop=FAILING", "shop=FAILING"), seen);
        assertEquals(2, monitor.status("shop").orElseThrow().runs());
    }

    @Test
    void twoSitesWithOneNameAreRejectedNamingTheName() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SiteMonitor(doctor,
                List.of(new MonitoredSite("shop", target()), new MonitoredSite("shop", target())), Duration.ofMinutes(1),
                null, Clock.systemUTC()));
        assertEquals("two sites are named 'shop': give each gateway-doctor.sites[n] its own name", e.getMessage());
    }

    private SiteMonitor monitor(Check check) {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).discoverSignatures(false).register(check)
                .timeout(Duration.ofSeconds(30)).build();
        return new SiteMonitor(doctor, List.of(new MonitoredSite("shop", target())), Duration.ofHours(1), null,
                Clock.systemUTC());
    }

    private Target target() {
        return Target.builder().logs(logs).build();
    }

    private abstract static class TestCheck implements Check {
        @Override
        public String id() {
            return "test." + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public Layer layer() {
            return Layer.PHP_FPM;
        }

        @Override
        public String title() {
            return id();
        }
    }

    private static final class Blocking extends TestCheck {
        private final CountDownLatch entered;
        private final CountDownLatch release;

        Blocking(CountDownLatch entered, CountDownLatch release) {
            this.entered = entered;
            this.release = release;
        }

        @Override
        public CheckResult run(CheckContext context) throws InterruptedException {
            entered.countDown();
            release.await();
            return CheckResult.passed(new Evidence.Observation("released", null));
        }
    }

    private static final class PoolExhausted extends TestCheck {
        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.findings(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL,
                    0.9, "every worker of pool www is busy").evidence(new Evidence.Observation(
                    "server reached pm.max_children setting (2), consider raising it", null)).build());
        }
    }

    private static final class Leaky extends TestCheck {
        private final String secret;

        Leaky(String secret) {
            this.secret = secret;
        }

        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.findings(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL,
                    0.9, "the pool stalls on the database password " + secret).evidence(new Evidence.Observation(
                    "define( 'DB_PASSWORD', '" + secret + "' );", null)).build());
        }
    }

    private static final class NotApplicable extends TestCheck {
        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.notApplicable("nothing to look at");
        }
    }
}
