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
 * one-shot tool), as a separate process: same results as {@code java -jar}, its JVM settings in effect (JSON written
 * without a generated class per reflective call), found
 * through a symbolic link, a stale class-data archive never heard of on standard output, running out of heap
 * a clear message and exit code 3; its class-data archive (picocli's classes included) used while it fits the jar
 * and the JDK, left for the JDK's own one otherwise, and written anew for a moved copy with {@code GD_CDS_DUMP}. Run with {@code mvn -o verify -pl cli}.
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
        assertTrue(r.err().contains("-XX:CICompilerCount=1"), r.err());
        assertTrue(r.err().contains("-XX:+UseSerialGC"), r.err());
        assertTrue(r.err().contains("-XX:MaxHeapSize=67108864"), r.err());
    }

    @Test
    void writesJsonWithoutSpinningAClassPerReflectiveCall() throws Exception {
        // JDK 17 replaces a Method.invoke called more than 15 times (Jackson's getters) with a generated accessor
        // class, one per method, which no class-data archive holds; the launcher keeps the calls native
        Path classes = dir.resolve("classes.log");
        Path inflated = dir.resolve("inflated.log");
        List<String> scan = args(LAUNCHER, "scan", "--logs", LOG.toString(), "--format", "json");
        Run r = run(scan, Map.of("GD_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes));
        // the same scan with the JDK's threshold back (a later -D wins): this input does inflate calls
        Run control = run(scan, Map.of("GD_JAVA_OPTS",
                "-Dsun.reflect.inflationThreshold=15 -Xlog:class+load=info:file=" + inflated));

        assertEquals(2, r.code(), r.err());
        assertTrue(signatures(r.out()).size() > 0, r.out());
        assertEquals(signatures(control.out()), signatures(r.out()));
        assertTrue(Files.readString(inflated, StandardCharsets.UTF_8).contains("GeneratedMethodAccessor"),
                "the control run made no inflated reflective call");
        String loaded = Files.readString(classes, StandardCharsets.UTF_8);
        assertFalse(loaded.contains("GeneratedMethodAccessor"), loaded);
    }

    @Test
    void leavesTheCompilerThreadsToGdJavaOptsThatChooseTheCompilers() throws Exception {
        // C2 (a tiered level above 1) refuses to start with one compiler thread
        Run r = run(args(LAUNCHER, "--version"), Map.of("GD_JAVA_OPTS",
                "-XX:TieredStopAtLevel=4 -XX:+PrintCommandLineFlags"));

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("gateway-doctor "), r.out());
        assertTrue(r.err().contains("-XX:TieredStopAtLevel=4"), r.err());
        assertFalse(r.err().contains("-XX:CICompilerCount=1"), r.err());
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

        Path classes = dir.resolve("classes.txt");
        Run r = run(args(link, "scan", "--logs", LOG.toString(), "--format", "json"),
                Map.of("GD_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes));

        assertTrue(r.code() >= 0 && r.code() <= 2, r.code() + ": " + r.err());
        assertTrue(signatures(r.out()).size() > 0, r.out());
        assertFalse(r.out().contains("[cds"), r.out());
        assertFalse(r.err().contains("[cds"), r.err());
        // the launcher left the archive out (made for the jar at its build path), so the JDK's own one is used
        assertEquals("file", source(classes, "org.gatewaydoctor.cli.Main"));
        assertEquals("shared objects file", source(classes, "java.lang.Object"));
    }

    /** Where the JVM took {@code className} from, as {@code -Xlog:class+load} wrote it: "shared objects file" or "file". */
    private static String source(Path classLog, String className) throws IOException {
        for (String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
            int at = line.indexOf(" " + className + " source: ");
            if (at >= 0) {
                String source = line.substring(at + className.length() + " source: ".length() + 1);
                return source.startsWith("shared objects file") ? "shared objects file"
                        : source.startsWith("file:") || source.startsWith("jar:") ? "file" : source;
            }
        }
        throw new AssertionError(className + " was not loaded: " + classLog);
    }

    @Test
    void loadsTheCommandsClassesPicocliIncludedFromTheBuildsArchive() throws Exception {
        Path classes = dir.resolve("classes.txt");
        Run r = run(args(LAUNCHER, "checks"), Map.of("GD_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes));

        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(TARGET.resolve("gateway-doctor.jsa.id")), "the build writes the archive's id");
        // picocli's Java 5 class files, which a dynamic archive refuses, come from the static one too
        assertEquals("shared objects file", source(classes, "picocli.CommandLine"));
        assertEquals("shared objects file", source(classes, "org.gatewaydoctor.cli.Main"));
        assertEquals("shared objects file", source(classes, "org.gatewaydoctor.cli.internal.ChecksCommand"));
        assertEquals("shared objects file", source(classes, "org.gatewaydoctor.GatewayDoctor"));
        // picocli as the build compiles it from its sources: Java 17 class files, verified when the archive is made
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            byte[] head = jar.getInputStream(jar.getEntry("picocli/CommandLine.class")).readNBytes(8);
            assertEquals(61, ((head[6] & 0xff) << 8) | (head[7] & 0xff), "class file version of picocli.CommandLine");
        }
    }

    @Test
    void writesAnArchiveForAMovedCopyAndUsesItOnlyWhileItFitsTheJarAndTheJdk() throws Exception {
        Path copy = Files.createDirectory(dir.resolve("moved"));
        for (String f : List.of("gateway-doctor", "gateway-doctor.jar")) {
            Files.copy(TARGET.resolve(f), copy.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path launcher = copy.resolve("gateway-doctor");
        Path archive = copy.resolve("gateway-doctor.jsa");
        // the README's command after moving the files: the command's own output, and the archive beside the jar
        Run dumped = run(args(launcher, "checks"), Map.of("GD_CDS_DUMP", archive.toString()));
        Run plain = run(args(LAUNCHER, "checks"), Map.of());

        assertEquals(0, dumped.code(), dumped.err());
        assertEquals(plain.out(), dumped.out());
        assertEquals("", dumped.err());
        assertTrue(Files.size(archive) > 0, "archive written");
        assertFalse(Files.exists(copy.resolve("gateway-doctor.jsa.classes")), "the class list is removed");

        Path classes = dir.resolve("moved-classes.txt");
        Map<String, String> logClasses = Map.of("GD_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
        Run used = run(args(launcher, "checks"), logClasses);
        assertEquals(plain.out(), used.out());
        assertEquals("shared objects file", source(classes, "picocli.CommandLine"));

        // made for another JDK: left out, the JDK's own archive is used
        Path id = copy.resolve("gateway-doctor.jsa.id");
        String madeFor = Files.readString(id, StandardCharsets.UTF_8);
        Files.writeString(id, copy.resolve("gateway-doctor.jar") + " /opt/another-jdk/bin/java\n", StandardCharsets.UTF_8);
        Run otherJdk = run(args(launcher, "checks"), logClasses);
        assertEquals(plain.out(), otherJdk.out());
        assertEquals("", otherJdk.err());
        assertEquals("file", source(classes, "picocli.CommandLine"));
        assertEquals("shared objects file", source(classes, "java.lang.Object"));

        // a jar newer than its archive (replaced after the archive was made): left out too
        Files.writeString(id, madeFor, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(copy.resolve("gateway-doctor.jar"), java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(archive).toInstant().plusSeconds(60)));
        Run newerJar = run(args(launcher, "checks"), logClasses);
        assertEquals(plain.out(), newerJar.out());
        assertEquals("", newerJar.err());
        assertEquals("file", source(classes, "picocli.CommandLine"));
        assertEquals("shared objects file", source(classes, "java.lang.Object"));
    }

    @Test
    void runningOutOfHeapEndsWithAMessageAndExitCodeUnknownNeverAResult() throws Exception {
        // a scan of a log of 4 MiB or more reads through a 4 MiB buffer (a smaller log through one of about its
        // size): a 6 MiB heap cannot hold it next to the catalogue
        byte[] lines = Files.readAllBytes(LOG);
        Path big = dir.resolve("big-error.log");
        try (var out = Files.newOutputStream(big)) {
            for (long written = 0; written < (5 << 20); written += lines.length) {
                out.write(lines);
            }
        }
        Run r = run(args(LAUNCHER, "scan", "--logs", big.toString(), "--format", "json"),
                Map.of("GD_JAVA_OPTS", "-Xmx6m"));

        assertEquals(3, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("gateway-doctor: out of heap memory"), r.err());
        assertTrue(r.err().contains("GD_JAVA_OPTS=-Xmx512m"), r.err());
    }
}
