package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.GatewayDoctor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code diagnose --example} with the checks really on the class path, through the public entry point. */
class ExampleTest {

    /** Whether the example's files and the checks that diagnose them are in this build. */
    static boolean exampleComplete() {
        boolean files = Main.class.getResource("/org/gatewaydoctor/cli/example/php8.2-fpm.log") != null;
        var modules = GatewayDoctor.builder().build().checks().stream().map(CheckInfo::module).toList();
        return files && modules.stream().anyMatch(m -> m.contains("checks-http"))
                && modules.stream().anyMatch(m -> m.contains("checks-phpfpm"));
    }

    /** The secret example/README.txt says is planted in the example's logs. */
    private static final String CANARY = "GDX-CANARY-5f1e2d9a";

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void diagnosesTheBundledIncidentAsJsonAndDeletesTheCopy() throws Exception {
        Run r = run("diagnose", "--example", "--format", "json");

        JsonNode json = new ObjectMapper().readTree(r.out());
        assertTrue(r.code() >= 0 && r.code() <= 3, "exit code " + r.code());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("Europe/Berlin", json.get("target").get("zone").asText(), "the zone example/README.txt names");
        Path copy = Path.of(json.get("target").get("logs").get(0).asText());
        assertFalse(Files.exists(copy), "the temporary copy is deleted: " + copy);
        assertFalse(r.err().contains("\tat "), r.err());
        if (exampleComplete()) {
            assertEquals(2, r.code(), r.out());
            assertEquals("FAILING", json.get("verdict").asText());
            assertEquals("phpfpm.pool_exhausted", json.get("causes").get(0).get("code").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "nagios", "html"})
    void neverPrintsTheExamplesPlantedSecret(String format) {
        Run r = run("diagnose", "--example", "--format", format);

        assertFalse(r.out().contains(CANARY), r.out());
        assertFalse(r.err().contains(CANARY), r.err());
    }

    @Test
    void printsACompleteTextDiagnosis() {
        Run r = run("diagnose", "--example");

        assertTrue(r.code() >= 0 && r.code() <= 3, "exit code " + r.code());
        assertTrue(r.out().matches("(?s)(HEALTHY|DEGRADED|FAILING|INCONCLUSIVE) — .*"), r.out());
        assertTrue(r.out().contains("This was the bundled example incident (log times in Europe/Berlin)."), r.out());
        if (exampleComplete()) {
            assertEquals(2, r.code(), r.out());
            assertTrue(r.out().startsWith("FAILING — php-fpm: "), r.out());
            assertTrue(r.out().contains("Most likely cause: phpfpm.pool_exhausted"), r.out());
            assertTrue(java.util.regex.Pattern.compile("\n  (nginx/error\\.log|php8\\.2-fpm\\.log):\\d+ ")
                    .matcher(r.out()).find(), "evidence relative to the example: " + r.out());
            assertFalse(r.out().contains("gateway-doctor-example-"), "no temporary paths: " + r.out());
        }
    }
}
