package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The example incident bundled with the CLI ({@code gateway-doctor diagnose --example}), diagnosed by the
 * engine with the checks found on the class path: it must name PHP-FPM's full pool as the cause, the
 * slow plugin behind it, and never show the secret planted in a request.
 */
class ExampleIncidentTest {

    /** Maven runs tests in the module's directory; the example lives with the CLI's resources. */
    static final Path EXAMPLE = Path.of("..", "cli", "src", "main", "resources", "org", "gatewaydoctor", "cli", "example");
    static final String CANARY = "GDX-CANARY-5f1e2d9a";

    @Test
    void diagnosesTheExampleAsAFullPhpFpmPool() throws Exception {
        assertTrue(Files.isRegularFile(EXAMPLE.resolve("php8.2-fpm.log")), "example missing at " + EXAMPLE.toAbsolutePath());
        Diagnosis d = GatewayDoctor.builder().include("http.*", "phpfpm.*").timeout(Duration.ofSeconds(30)).build()
                .diagnose(Target.builder().logs(EXAMPLE).zone(ZoneId.of("Europe/Berlin")).build());

        assertEquals(Verdict.FAILING, d.verdict());
        RankedCause top = d.topCause().orElseThrow();
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, top.code(), d.causes().toString());
        assertEquals(Severity.CRITICAL, top.severity());
        assertEquals(List.of("http.nginx-error-log", "phpfpm.log"), top.reportedBy().stream().sorted().toList());
        assertTrue(top.explains().contains(CauseCode.PROXY_UPSTREAM_TIMEOUT), top.explains().toString());
        assertTrue(top.summary().contains("plugin acme-related-posts"), top.summary());
        assertTrue(top.confidence() > 0.9, "confidence " + top.confidence());

        RankedCause slow = d.causes().stream().filter(c -> c.code().equals(CauseCode.APP_SLOW_REQUESTS)).findFirst()
                .orElseThrow();
        assertTrue(slow.summary().endsWith("mostly plugin acme-related-posts"), slow.summary());
        assertTrue(slow.rank() > 1);

        // The routine noise (403 scans, 404 images, theme warnings, a 413, a buffered export) is no cause.
        assertEquals(List.of("app.slow_requests", "phpfpm.pool_exhausted", "proxy.upstream_timeout"),
                d.causes().stream().map(c -> c.code().value()).sorted().toList());

        String json = DiagnosisJson.write(d);
        assertFalse(json.contains(CANARY), "the canary leaked");
        assertTrue(d.causes().stream().flatMap(c -> c.evidence().stream()).filter(Evidence.LogLine.class::isInstance)
                .anyMatch(e -> e.describe().contains("token=[REDACTED]")), "the redacted request is shown");
    }
}
