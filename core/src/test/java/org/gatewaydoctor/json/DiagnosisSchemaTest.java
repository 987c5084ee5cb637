package org.gatewaydoctor.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON Schema accepts what the library writes and rejects what it never writes. */
class DiagnosisSchemaTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHangingChecks() {
        release.countDown();
    }

    @Test
    void schemaIsOnTheClassPathAtTheDocumentedLocationAndIsValidDraft202012() throws IOException {
        JsonNode schema;
        try (var in = DiagnosisJson.schema()) {
            schema = SchemaSupport.MAPPER.readTree(in);
        }
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        assertEquals(Diagnosis.SCHEMA_VERSION, schema.at("/properties/schemaVersion/const").asInt());
        Set<ValidationMessage> problems = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"))
                .validate(schema);
        assertTrue(problems.isEmpty(), () -> "the schema is not valid against the 2020-12 meta-schema:\n"
                + SchemaSupport.describe(problems));
    }

    @Test
    void schemaEnumsListExactlyTheModelsConstants() throws IOException {
        JsonNode schema;
        try (var in = DiagnosisJson.schema()) {
            schema = SchemaSupport.MAPPER.readTree(in);
        }
        assertEquals(names(Layer.values()), texts(schema.at("/$defs/layer/enum")));
        assertEquals(names(Severity.values()), texts(schema.at("/$defs/severity/enum")));
        assertEquals(names(Verdict.values()), texts(schema.at("/$defs/verdict/enum")));
        assertEquals(names(org.gatewaydoctor.model.DiscoveryIssue.Kind.values()),
                texts(schema.at("/$defs/discoveryIssue/properties/kind/enum")));
        for (CauseCode code : CauseCode.known()) {
            assertTrue(code.value().matches(schema.at("/$defs/causeCode/pattern").asText()), code.value());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"failing.json", "healthy.json", "inconclusive.json", "edge-error-page.json"})
    void goldenFilesAreValid(String file) {
        assertValid(GoldenFiles.read(file));
    }

    @Test
    void aDiagnosisProducedByTheEngineIsValid(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("error.log");
        Files.writeString(log, "2026/03/14 10:14:03 [error] 812#812: *5123 connect() to unix:/run/php/php8.2-fpm.sock "
                + "failed (111: Connection refused) while connecting to upstream\n", StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-03-14T09:14:03Z");
        GatewayDoctor doctor = GatewayDoctor.builder()
                .discover(false)
                .register(
                        check("test.findings", Layer.PHP_FPM, Duration.ofSeconds(5), ctx -> {
                            List<Evidence> lines = new java.util.ArrayList<>();
                            ctx.logs().forEachLine((file, n, text, truncated) ->
                                    lines.add(new Evidence.LogLine(file.toString(), n, now, text)));
                            return CheckResult.findings(
                                    Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.9,
                                                    "PHP-FPM refuses connections")
                                            .evidence(lines)
                                            .evidence(new Evidence.ConfigLine("/etc/nginx/sites-enabled/shop", 31,
                                                            "fastcgi_pass", "unix:/run/php/php8.2-fpm.sock"),
                                                    new Evidence.Measurement("php-fpm processes", 0, ""),
                                                    new Evidence.Observation("no php-fpm master process is running"))
                                            .remediation("systemctl start php8.2-fpm")
                                            .httpStatus(502)
                                            .build(),
                                    Finding.symptom(Layer.PROXY, Severity.WARNING, "nginx logged upstream errors")
                                            .build());
                        }),
                        check("test.passed", Layer.TLS, Duration.ofSeconds(5), ctx -> CheckResult.passed(
                                new Evidence.Probe("https://shop.example.org/", "https", 200, Duration.ofMillis(12),
                                        "200 OK", now))),
                        check("test.not-applicable", Layer.DNS, Duration.ofSeconds(5),
                                ctx -> CheckResult.notApplicable("no --url given")),
                        check("test.throws", Layer.APPLICATION, Duration.ofSeconds(5), ctx -> {
                            throw new IllegalStateException("wp-config.php has define('DB_PASSWORD', 'hunter2')");
                        }),
                        check("test.hangs", Layer.DATABASE, Duration.ofMillis(200), ctx -> {
                            release.await();
                            return CheckResult.passed();
                        }),
                        check("test.after-throws", Layer.APPLICATION, Duration.ofSeconds(5), ctx -> CheckResult.passed(),
                                "test.throws"),
                        check("test.orphan", Layer.HOST, Duration.ofSeconds(5), ctx -> CheckResult.passed(),
                                "test.nowhere"))
                .timeout(Duration.ofSeconds(10))
                .build();
        Diagnosis diagnosis = doctor.diagnose(Target.builder()
                .url("https://admin:secret@shop.example.org/wp-login.php?pwd=hunter2")
                .logs(log, dir.resolve("missing.log"))
                .option("test.mode", "strict")
                .build());

        assertEquals(Verdict.FAILING, diagnosis.verdict());
        assertEquals(Set.of(CheckReport.Completed.class, CheckReport.Errored.class, CheckReport.TimedOut.class,
                        CheckReport.Skipped.class),
                Set.copyOf(diagnosis.checks().stream().map(Object::getClass).toList()), "every report status");
        assertFalse(diagnosis.discoveryIssues().isEmpty());
        assertFalse(diagnosis.notes().isEmpty());
        assertFalse(diagnosis.timeline().isEmpty());
        String json = DiagnosisJson.write(diagnosis);
        assertValid(json);
        assertEquals(json, DiagnosisJson.write(DiagnosisJson.read(json)), "the engine's output reads back unchanged");
    }

    @Test
    void healthyAndEmptyDiagnosesFromTheEngineAreValid() {
        Diagnosis healthy = GatewayDoctor.builder().discover(false)
                .register(check("test.passed", Layer.PROXY, Duration.ofSeconds(5), ctx -> CheckResult.passed()))
                .build()
                .diagnose(Target.builder().url("http://localhost/").build());
        assertEquals(Verdict.HEALTHY, healthy.verdict());
        assertValid(DiagnosisJson.write(healthy));

        Diagnosis empty = GatewayDoctor.builder().discover(false).build().diagnose(Target.builder().build());
        assertEquals(Verdict.INCONCLUSIVE, empty.verdict());
        assertValid(DiagnosisJson.write(empty));
    }

    @Test
    void rejectsAnUnknownVerdict() {
        assertRejected(json -> json.put("verdict", "BROKEN"), "verdict");
    }

    @Test
    void rejectsAVerdictWrittenInLowerCase() {
        assertRejected(json -> json.put("verdict", "failing"), "verdict");
    }

    @Test
    void rejectsACauseWithoutCode() {
        assertRejected(json -> ((ObjectNode) json.get("causes").get(0)).remove("code"), "code");
    }

    @Test
    void rejectsACauseCodeOfTheWrongSyntax() {
        assertRejected(json -> ((ObjectNode) json.get("causes").get(0)).put("code", "PHP-FPM down"), "code");
    }

    @Test
    void rejectsAnUnknownEvidenceKind() {
        assertRejected(json -> ((ObjectNode) json.get("causes").get(0).get("evidence").get(0))
                .put("kind", "screenshot"), "kind");
    }

    @Test
    void rejectsEvidenceWithPropertiesOfAnotherKind() {
        assertRejected(json -> ((ObjectNode) json.get("causes").get(0).get("evidence").get(0))
                .put("kind", "observation"), "property 'file' is not defined");
    }

    @Test
    void rejectsANegativeLineNumberWithAPreciseMessage() {
        ObjectNode json = (ObjectNode) SchemaSupport.tree(DiagnosisJson.write(Fixtures.failing()));
        ((ObjectNode) json.at("/causes/0/evidence/2")).put("line", -1);
        Set<ValidationMessage> problems = SchemaSupport.validate(json);
        assertEquals(1, problems.size(), () -> "one mistake, one message:\n" + SchemaSupport.describe(problems));
        assertEquals("/causes/0/evidence/2/line", problems.iterator().next().getInstanceLocation().toString());
    }

    @Test
    void rejectsAnUnknownReportStatus() {
        assertRejected(json -> ((ObjectNode) json.get("checks").get(0)).put("status", "crashed"), "status");
    }

    @Test
    void rejectsAnUnknownResultOutcome() {
        assertRejected(json -> ((ObjectNode) json.get("checks").get(0).get("result")).put("outcome", "ok"), "outcome");
    }

    @Test
    void rejectsAFindingsResultWithoutFindings() {
        assertRejected(json -> ((ArrayNode) json.get("checks").get(0).get("result").get("findings")).removeAll(),
                "findings");
    }

    @Test
    void rejectsALayerWrittenAsItsLabel() {
        assertRejected(json -> json.put("failingLayer", "php-fpm"), "failingLayer");
    }

    @Test
    void rejectsAFailingVerdictWithoutFailingLayer() {
        assertRejected(json -> json.remove("failingLayer"), "failingLayer");
    }

    @Test
    void rejectsAHealthyVerdictWithAFailingLayer() {
        assertRejected(json -> json.put("verdict", "HEALTHY"), "verdict");
    }

    @Test
    void rejectsAnotherSchemaVersion() {
        assertRejected(json -> json.put("schemaVersion", 2), "schemaVersion");
    }

    @Test
    void rejectsUnknownProperties() {
        assertRejected(json -> json.put("severity", "CRITICAL"), "severity");
    }

    @Test
    void rejectsConfidenceAboveOne() {
        assertRejected(json -> ((ObjectNode) json.get("causes").get(0)).put("confidence", 1.5), "confidence");
    }

    @Test
    void rejectsDurationsWrittenAsIsoText() {
        assertRejected(json -> json.put("elapsedMillis", "PT5.012S"), "elapsedMillis");
    }

    @Test
    void rejectsInstantsWithAnOffsetOtherThanUtc() {
        assertRejected(json -> json.put("startedAt", "2026-03-14T10:14:30+01:00"), "startedAt");
    }

    @Test
    void rejectsAnUnknownDiscoveryIssueKind() {
        ObjectNode json = (ObjectNode) SchemaSupport.tree(DiagnosisJson.write(Fixtures.inconclusive()));
        ((ObjectNode) json.get("discoveryIssues").get(0)).put("kind", "CRASHED");
        Set<ValidationMessage> problems = SchemaSupport.validate(json);
        assertFalse(problems.isEmpty());
        assertTrue(problems.stream().anyMatch(m -> m.getInstanceLocation().toString().contains("discoveryIssues")),
                () -> SchemaSupport.describe(problems));
    }

    private static void assertValid(String json) {
        Set<ValidationMessage> problems = SchemaSupport.validate(json);
        assertTrue(problems.isEmpty(), () -> "not valid against " + DiagnosisJson.SCHEMA_RESOURCE + ":\n"
                + SchemaSupport.describe(problems) + "\n" + json);
    }

    /** Changes a valid document and expects the schema to reject it, with a message about {@code where}. */
    private static void assertRejected(Consumer<ObjectNode> change, String where) {
        ObjectNode json = (ObjectNode) SchemaSupport.tree(DiagnosisJson.write(Fixtures.failing()));
        assertTrue(SchemaSupport.validate(json).isEmpty(), "the unchanged document must be valid");
        change.accept(json);
        Set<ValidationMessage> problems = SchemaSupport.validate(json);
        assertFalse(problems.isEmpty(), "the schema accepted an invalid document");
        assertTrue(problems.stream().anyMatch(m -> m.getMessage().contains(where)),
                () -> "no message mentions '" + where + "':\n" + SchemaSupport.describe(problems));
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    interface Body {
        CheckResult run(CheckContext ctx) throws Exception;
    }

    private static Check check(String id, Layer layer, Duration timeout, Body body, String... dependsOn) {
        return new Check() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Layer layer() {
                return layer;
            }

            @Override
            public String title() {
                return "test check " + id;
            }

            @Override
            public Set<String> dependsOn() {
                return Set.of(dependsOn);
            }

            @Override
            public Duration timeout() {
                return timeout;
            }

            @Override
            public CheckResult run(CheckContext context) throws Exception {
                return body.run(context);
            }
        };
    }
}
