package org.gatewaydoctor.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the JSON of a {@link Diagnosis} with golden files. When a test here fails, the JSON contract
 * changed: see {@link GoldenFiles} for how to accept an intended change
 * ({@code -Dgolden.update=true}).
 */
class DiagnosisJsonGoldenTest {

    static Stream<Arguments> goldenCases() {
        return Stream.of(
                Arguments.of("failing.json", (Supplier<Diagnosis>) Fixtures::failing),
                Arguments.of("healthy.json", (Supplier<Diagnosis>) Fixtures::healthy),
                Arguments.of("inconclusive.json", (Supplier<Diagnosis>) Fixtures::inconclusive),
                Arguments.of("edge-error-page.json", (Supplier<Diagnosis>) Fixtures::edgeErrorPage));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void writesExactlyTheGoldenFile(String file, Supplier<Diagnosis> diagnosis) throws IOException {
        GoldenFiles.assertMatches(file, DiagnosisJson.write(diagnosis.get()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void readsTheGoldenFileBackToAnEqualDiagnosis(String file, Supplier<Diagnosis> diagnosis) throws IOException {
        assertEquals(diagnosis.get(), DiagnosisJson.read(GoldenFiles.read(file)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void roundTripsItsOwnOutput(String file, Supplier<Diagnosis> diagnosis) throws IOException {
        String json = DiagnosisJson.write(diagnosis.get());
        Diagnosis back = DiagnosisJson.read(json);
        assertEquals(diagnosis.get(), back);
        assertEquals(json, DiagnosisJson.write(back));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void streamingWriteGivesTheSameBytesAndLeavesTheStreamOpen(String file, Supplier<Diagnosis> diagnosis)
            throws IOException {
        ClosingDetector out = new ClosingDetector();
        DiagnosisJson.write(diagnosis.get(), out);
        assertEquals(DiagnosisJson.write(diagnosis.get()), out.toString(StandardCharsets.UTF_8));
        assertFalse(out.closed, "DiagnosisJson.write(diagnosis, out) closed the stream");
    }

    @Test
    void errorSourceComesAfterTheHeadlineWithItsFieldsInContractOrder() {
        JsonNode tree = SchemaSupport.tree(DiagnosisJson.write(Fixtures.edgeErrorPage()));
        assertEquals(List.of("schemaVersion", "target", "startedAt", "elapsedMillis", "verdict", "failingLayer",
                "headline", "errorSource", "hops", "causes", "checks", "discoveryIssues", "notes", "timeline"), fieldNames(tree));
        assertEquals(List.of("vendor", "hop", "status", "confidence", "markers", "reference"),
                fieldNames(tree.get("errorSource")), "relayedBy is left out when nothing relayed the page");
        assertEquals("edge", tree.get("errorSource").get("hop").asText());
    }

    @Test
    void topLevelPropertiesComeInContractOrderStartingWithSchemaVersion() {
        assertEquals(List.of("schemaVersion", "target", "startedAt", "elapsedMillis", "verdict", "failingLayer",
                        "headline", "hops", "causes", "checks", "discoveryIssues", "notes", "timeline"),
                fieldNames(SchemaSupport.tree(DiagnosisJson.write(Fixtures.failing()))));
        for (Diagnosis d : List.of(Fixtures.healthy(), Fixtures.inconclusive())) {
            String json = DiagnosisJson.write(d);
            assertTrue(json.startsWith("{\n  \"schemaVersion\" : 1,"), json);
            assertEquals(List.of("schemaVersion", "target", "startedAt", "elapsedMillis", "verdict", "headline",
                    "hops", "causes", "checks", "discoveryIssues", "notes", "timeline"), fieldNames(SchemaSupport.tree(json)),
                    "without a failing layer, failingLayer is left out and nothing else moves");
        }
    }

    @Test
    void causesAreAnArrayOrderedByRankEachWithACode() {
        JsonNode causes = SchemaSupport.tree(DiagnosisJson.write(Fixtures.failing())).get("causes");
        assertTrue(causes.isArray());
        assertEquals(3, causes.size());
        for (int i = 0; i < causes.size(); i++) {
            assertEquals(i + 1, causes.get(i).get("rank").asInt());
            assertEquals("rank", causes.get(i).fieldNames().next(), "rank comes first in a cause");
            assertTrue(causes.get(i).get("code").isTextual());
        }
        assertEquals(List.of("phpfpm.pool_exhausted", "proxy.upstream_timeout", "host.overloaded"),
                causes.findValuesAsText("code"));
    }

    @Test
    void writesEnumsByConstantNameDurationsAsMillisAndInstantsAsUtcIsoText() {
        JsonNode json = SchemaSupport.tree(DiagnosisJson.write(Fixtures.failing()));
        assertEquals("PHP_FPM", json.get("failingLayer").asText(), "layers are written by name, not by label()");
        assertEquals("LOAD_BALANCER", json.get("checks").get(6).get("layer").asText());
        assertEquals("CRITICAL", json.get("causes").get(0).get("severity").asText());
        assertEquals("FAILING", json.get("verdict").asText());
        assertTrue(json.get("elapsedMillis").isIntegralNumber());
        assertEquals(5012, json.get("elapsedMillis").asLong());
        assertEquals(5000, json.get("checks").get(8).get("timeoutMillis").asLong());
        assertEquals("2026-03-14T09:14:30Z", json.get("startedAt").asText());
        assertEquals("2026-03-14T09:14:30.125Z", json.get("timeline").get(3).get("at").asText());
        assertEquals("/var/log/nginx/error.log", json.get("target").get("logs").get(0).asText(),
                "paths are plain strings, not file: URIs");
        assertEquals("Europe/Paris", json.get("target").get("zone").asText());
        assertEquals("NO_CHECKS", SchemaSupport.tree(DiagnosisJson.write(
                org.gatewaydoctor.GatewayDoctor.builder().discover(false).build()
                        .diagnose(org.gatewaydoctor.model.Target.builder().build())))
                .get("discoveryIssues").get(0).get("kind").asText());
    }

    @Test
    void typeIdsComeFirstInPolymorphicValues() {
        JsonNode json = SchemaSupport.tree(DiagnosisJson.write(Fixtures.failing()));
        List<String> statuses = new ArrayList<>();
        for (JsonNode report : json.get("checks")) {
            assertEquals("status", report.fieldNames().next());
            statuses.add(report.get("status").asText());
            if (report.has("result")) {
                assertEquals("outcome", report.get("result").fieldNames().next());
            }
        }
        assertEquals(List.of("completed", "completed", "completed", "completed", "completed", "completed",
                "completed", "errored", "timed_out", "skipped"), statuses);
        List<String> kinds = new ArrayList<>();
        for (JsonNode evidence : json.findValues("evidence")) {
            for (JsonNode e : evidence.isArray() ? evidence : List.of(evidence)) {
                assertEquals("kind", e.fieldNames().next());
                kinds.add(e.get("kind").asText());
            }
        }
        assertEquals(List.of("config_line", "log_line", "measurement", "observation", "probe"),
                kinds.stream().distinct().sorted().toList(), "the failing fixture shows every evidence kind");
    }

    @Test
    void writingIsDeterministic() {
        assertEquals(DiagnosisJson.write(Fixtures.failing()), DiagnosisJson.write(Fixtures.failing()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static final class ClosingDetector extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
