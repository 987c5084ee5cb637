package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the shaded jar as a separate process, the way users run it:
 * {@code java -jar cli/target/gateway-doctor.jar ...}. Run with {@code mvn -o verify -pl cli}.
 */
class GatewayDoctorJarIT {

    private static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "gateway-doctor.jar");

    private record Run(int code, String out, String err) {
    }

    private static Run java(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "the shaded jar is built before integration tests: " + JAR);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("gateway-doctor-it-", ".out");
        Path err = Files.createTempFile("gateway-doctor-it-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("NO_COLOR");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gateway-doctor did not finish within 120 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void diagnosesTheBundledExampleAsJson() throws Exception {
        Run checks = java("checks", "--format", "json");
        JsonNode modules = new ObjectMapper().readTree(checks.out()).get("checks");
        boolean checksPresent = false;
        boolean httpChecks = false;
        boolean fpmChecks = false;
        for (JsonNode c : modules) {
            checksPresent = true;
            httpChecks |= c.get("id").asText().startsWith("http");
            fpmChecks |= c.get("id").asText().startsWith("phpfpm");
        }
        boolean exampleFiles = GatewayDoctorJarIT.class
                .getResource("/org/gatewaydoctor/cli/example/php8.2-fpm.log") != null;

        Run r = java("diagnose", "--example", "--format", "json");

        assertTrue(r.code() >= 0 && r.code() <= 3, "exit code " + r.code() + "\n" + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals(json.get("verdict").asText(), switch (r.code()) {
            case 0 -> "HEALTHY";
            case 1 -> "DEGRADED";
            case 2 -> "FAILING";
            default -> "INCONCLUSIVE";
        });
        for (JsonNode cause : json.get("causes")) {
            assertTrue(cause.get("code").asText().matches("[a-z][a-z0-9]*\\.[a-z][a-z0-9_]*"), cause.toString());
        }
        if (exampleFiles && checksPresent && httpChecks && fpmChecks) {
            assertEquals(2, r.code(), r.out());
            assertEquals("phpfpm.pool_exhausted", json.get("causes").get(0).get("code").asText());
        }
    }

    @Test
    void printsVersionAndHelp() throws Exception {
        Run version = java("--version");
        Run help = java("--help");

        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().startsWith("gateway-doctor 0."), version.out());
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("Usage: gateway-doctor"), help.out());
    }

    @Test
    void unknownOptionExitsThreeWithOneClearLine() throws Exception {
        Run r = java("diagnose", "--frobnicate");

        assertEquals(3, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("gateway-doctor: Unknown option: '--frobnicate'"), r.err());
    }
}
