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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** The bundled example's log files, copied from the sources (README.txt is no log). */
    private static Path copyExample(Path to) throws IOException {
        Path example = Path.of(System.getProperty("basedir", "."), "src", "main", "resources", "org", "gatewaydoctor",
                "cli", "example");
        assertTrue(Files.isDirectory(example), example.toString());
        try (Stream<Path> files = Files.walk(example)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().endsWith(".log")) {
                    Path target = to.resolve(example.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    /** The secret the example's README says is planted in its logs. */
    private static final String EXAMPLE_CANARY = "GDX-CANARY-5f1e2d9a";

    @Test
    void scansTheExampleLogsAsJsonWithASignatureFile(@TempDir Path dir) throws Exception {
        Path logs = copyExample(dir.resolve("example"));
        Path signatures = Files.writeString(dir.resolve("signatures.json"), """
                { "signatures": [ {
                    "id": "it.connect-eagain", "layer": "PROXY",
                    "literal": "failed (11: Resource temporarily unavailable)",
                    "pattern": "connect\\\\(\\\\) to (?<upstream>\\\\S+) failed",
                    "httpStatus": 502, "causes": ["phpfpm.pool_exhausted"],
                    "title": "nginx could not connect: the socket's backlog is full" } ] }
                """);

        Run r = java("scan", "--logs", logs.toString(), "--signatures", signatures.toString(), "--only", "it.*",
                "--zone", "Europe/Berlin", "--format", "json");

        assertEquals(2, r.code(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertTrue(json.get("complete").asBoolean());
        assertEquals(3, json.get("files").size());
        assertTrue(json.get("bytesScanned").asLong() > 100_000, json.toString());
        assertTrue(json.get("linesScanned").asLong() > 700, json.toString());
        JsonNode eagain = json.get("signatures").get(0);
        assertEquals("it.connect-eagain", eagain.get("id").asText());
        assertEquals("PROXY", eagain.get("layer").asText());
        assertEquals(71, eagain.get("count").asInt(), "71 times, as the example's README says");
        assertEquals(71, eagain.get("fields").get("upstream").get("unix:/run/php/php8.2-fpm.sock").asInt());
        assertEquals(5, eagain.get("samples").size());
        assertFalse(r.out().contains(EXAMPLE_CANARY) || r.err().contains(EXAMPLE_CANARY), "redacted");
        if (!eagain.get("firstSeen").isNull()) {
            // 09:12:33 Berlin time, per the example's README
            assertEquals("2026-11-17T08:12:33Z", eagain.get("firstSeen").asText());
            assertEquals(71, json.get("timeline").size());
        }
    }

    @Test
    void scansTheExampleLogsWithTheInstalledSignatures(@TempDir Path dir) throws Exception {
        Path logs = copyExample(dir.resolve("example"));

        Run r = java("scan", "--logs", logs.toString(), "--format", "json");

        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        if (r.code() == 3) {
            // a build whose check modules ship no signatures yet has nothing to look for, and says so
            assertTrue(r.err().contains("no log signatures are installed"), r.err());
            assertEquals("", r.out());
            return;
        }
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        boolean serverError = false;
        for (JsonNode s : json.get("signatures")) {
            assertTrue(s.get("count").asInt() > 0, s.toString());
            serverError |= s.get("httpStatus").asInt(0) >= 500;
        }
        int expected = json.get("signatures").isEmpty() ? 0 : serverError ? 2 : 1;
        assertEquals(expected, r.code(), r.out());
        assertFalse(r.out().contains(EXAMPLE_CANARY) || r.err().contains(EXAMPLE_CANARY), "redacted");
    }

    @Test
    void scansStandardInput(@TempDir Path dir) throws Exception {
        Path fpm = copyExample(dir.resolve("example")).resolve("php8.2-fpm.log");
        Path signatures = Files.writeString(dir.resolve("signatures.json"), """
                { "signatures": [ { "id": "it.max-children", "layer": "PHP_FPM",
                    "literal": "server reached pm.max_children", "title": "the pool is full" } ] }
                """);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "scan", "--logs", "-", "--signatures", signatures.toString(), "--only", "it.*");
        Process p = new ProcessBuilder(command).redirectInput(fpm.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));

        assertEquals(1, p.exitValue(), out);
        assertTrue(out.startsWith("Found 1 known failure signature — 7 matches."), out);
        assertTrue(out.contains("\n  -:"), "samples from standard input are '-:line': " + out);
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
