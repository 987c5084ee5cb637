package org.gatewaydoctor.internal.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Explanation;
import org.gatewaydoctor.spi.ExplanationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Third-party explanation pairs found with ServiceLoader: one provider failing hides nothing else. */
class ExplanationDiscoveryTest {

    static final CauseCode CACHE_DOWN = CauseCode.of("acme.cache_down");

    /** A module's pairs. */
    public static final class AcmeExplanations implements ExplanationProvider {
        @Override
        public List<Explanation> explanations() {
            return List.of(new Explanation(CACHE_DOWN, CauseCode.PROXY_UPSTREAM_REFUSED,
                    "nginx connects to the acme cache daemon; while it is down the connects are refused"));
        }
    }

    /** A module whose provider throws. */
    public static final class Throwing implements ExplanationProvider {
        @Override
        public List<Explanation> explanations() {
            throw new IllegalStateException("acme relation table missing");
        }
    }

    /** A module that gets a built-in pair backwards. */
    public static final class Backwards implements ExplanationProvider {
        @Override
        public List<Explanation> explanations() {
            return List.of(new Explanation(CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PHPFPM_DOWN, "backwards"));
        }
    }

    /** Reports the cache down and nginx's refusals, the refusals far more confidently. */
    static final class Findings implements Check {
        @Override
        public String id() {
            return "acme.findings";
        }

        @Override
        public Layer layer() {
            return Layer.PROXY;
        }

        @Override
        public String title() {
            return "acme findings";
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of();
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.findings(
                    Finding.cause(CauseCode.PROXY_UPSTREAM_REFUSED, Layer.PROXY, Severity.CRITICAL, 0.95,
                                    "nginx's connects to 127.0.0.1:6081 are refused")
                            .evidence(new Evidence.Observation("connect() failed (111: Connection refused)")).build(),
                    Finding.cause(CACHE_DOWN, Layer.PROXY, Severity.CRITICAL, 0.4, "the acme cache daemon is not running")
                            .evidence(new Evidence.Observation("no acme-cache process")).build());
        }
    }

    @Test
    void discoveredPairsRankTheirCauseFirstAndBrokenProvidersAreReported(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(ExplanationProvider.class.getName()), String.join("\n",
                Throwing.class.getName(), "org.acme.NotThere", Backwards.class.getName(),
                AcmeExplanations.class.getName()) + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ExplanationDiscoveryTest.class.getClassLoader())) {
            GatewayDoctor doctor = GatewayDoctor.builder().classLoader(loader).discoverSignatures(false)
                    .register(new Findings()).build();
            Diagnosis d = doctor.diagnose(Target.builder().build());

            assertEquals(List.of(CACHE_DOWN, CauseCode.PROXY_UPSTREAM_REFUSED),
                    d.causes().stream().map(RankedCause::code).toList());
            List<String> issues = d.discoveryIssues().stream().map(DiscoveryIssue::message).toList();
            assertTrue(issues.stream().anyMatch(m -> m.startsWith("Explanation provider " + Throwing.class.getName())
                    && m.contains("acme relation table missing")), issues.toString());
            assertTrue(issues.stream().anyMatch(m -> m.contains("org.acme.NotThere")), issues.toString());
            assertTrue(issues.stream().anyMatch(m -> m.equals("The explanation pair proxy.upstream_refused -> "
                    + "phpfpm.down is ignored: proxy.upstream_refused explains phpfpm.down would close a cycle: "
                    + "phpfpm.down already explains proxy.upstream_refused through the relation; the pair is "
                    + "ignored.")), issues.toString());
        }
    }

    @Test
    void pairsGivenToTheBuilderCountToo() {
        Diagnosis d = GatewayDoctor.builder().discover(false).discoverSignatures(false).register(new Findings())
                .explanations(new AcmeExplanations().explanations().toArray(Explanation[]::new)).build()
                .diagnose(Target.builder().build());
        assertEquals(CACHE_DOWN, d.causes().get(0).code());
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED), d.causes().get(0).explains());
    }
}
