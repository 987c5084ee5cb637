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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code cli/target/gateway-doctor}, the launcher users run (the jar beside it with the JVM settings of a
 * one-shot tool), as a separate process: same results as {@code java -jar}, its JVM settings in effect, found
 * through a symbolic link, a stale class-data archive never heard of on standard output, running out of heap
 * a clear message and exit code 3. Run with {@code mvn -o verify -pl cli}.
 */
class LauncherIT {

    private static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");
    private static final Path LAUNCHER = TARGET.resolve("gateway-doctor");
    private static final Path JAR = TARGET.resolve("gateway-doctor.jar");
    private static final Path LOG = Path.of(System.getProperty("basedir", "."), "..", "checks-http", "src", "test",
            "resources", "fixtures", "nginx", "error.log");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(LAUNCHER), "the package phase installs the launcher: " + LAUNCHER);
        Path out = Files.createTempFile("gateway-doctor-launcher-", ".out");
        Path err = Files.createTempFile("gateway-doctor-launcher-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("GD_JAVA_OPTS");
            pb.environment().remove("GD_CDS_DUMP");
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish within 120 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<String> args(Path launcher, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** What a scan found, without its timings. */
    private static JsonNode signatures(String json) throws IOException {
        return new ObjectMapper().readTree(json).get("signatures");
    }

    @Test
    void scansExactlyAsJavaDashJarDoes() throws Exception {
        Run launched = run(args(LAUNCHER, "scan", "--logs", LOG.toString(), "--format", "json"), Map.of());
        List<String> plain = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "scan", "--logs", LOG.toString(), "--format", "json"));
        Run jar = run(plain, Map.of());

        assertEquals(jar.code(), launched.code(), launched.err());
        assertTrue(signatures(launched.out()).size() > 0, launched.out());
        assertEquals(signatures(jar.out()), signatures(launched.out()));
        assertEquals("", launched.err());
    }

    @Test
    void runsTheJvmWithTheSettingsOfAOneShotTool() throws Exception {
        Run r = run(args(LAUNCHER, "--version"), Map.of("GD_JAVA_OPTS", "-XX:+PrintCommandLineFlags"));

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("gateway-doctor "), r.out());
        // VM output goes to standard error: nothing but the command's own output on standard output
        assertFalse(r.out().contains("-XX:"), r.out());
        assertTrue(r.err().contains("-XX:TieredStopAtLevel=1"), r.err());
        assertTrue(r.err().contains("-XX:+UseSerialGC"), r.err());
        assertTrue(r.err().contains("-XX:MaxHeapSize=67108864"), r.err());
    }

    @Test
    void findsItsJarThroughASymbolicLinkAndKeepsAStaleArchiveOffStandardOutput() throws Exception {
        // a copy elsewhere: the archive was written for the jar at its build path, so here it does not fit
        Path copy = Files.createDirectory(dir.resolve("opt"));
        for (String f : List.of("gateway-doctor", "gateway-doctor.jar", "gateway-doctor.jsa")) {
            if (Files.exists(TARGET.resolve(f))) {
                Files.copy(TARGET.resolve(f), copy.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("gateway-doctor"), copy.resolve("gateway-doctor"));

        Run r = run(args(link, "scan", "--logs", LOG.toString(), "--format", "json"), Map.of());

        assertTrue(r.code() >= 0 && r.code() <= 2, r.code() + ": " + r.err());
        assertTrue(signatures(r.out()).size() > 0, r.out());
        assertFalse(r.out().contains("[cds"), r.out());
        assertFalse(r.err().contains("[cds"), r.err());
    }

    @Test
    void runningOutOfHeapEndsWithAMessageAndExitCodeUnknownNeverAResult() throws Exception {
        // a scan reads through a 4 MiB buffer: a 6 MiB heap cannot hold it next to the catalogue
        Run r = run(args(LAUNCHER, "scan", "--logs", LOG.toString(), "--format", "json"),
                Map.of("GD_JAVA_OPTS", "-Xmx6m"));

        assertEquals(3, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("gateway-doctor: out of heap memory"), r.err());
        assertTrue(r.err().contains("GD_JAVA_OPTS=-Xmx512m"), r.err());
    }
}
