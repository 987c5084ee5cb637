package org.gatewaydoctor.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the shaded CLI jar the way users run it, in a child JVM with a small heap ({@value #HEAP}), and
 * records each run's wall time to {@code target/reliability/figures.txt} for the closing note.
 */
final class Jar {

    /** The child's heap: a run that needs more fails with OutOfMemoryError instead of passing. */
    static final String HEAP = "-Xmx128m";
    /** What JVM exit and rendering may add to a diagnosis's own --timeout, beyond the JVM's start-up. */
    static final long MARGIN_MILLIS = 1_500;
    private static long startupMillis = -1;

    /**
     * The allowed overrun of --timeout: {@link #MARGIN_MILLIS} plus what a trivial diagnosis (an empty log
     * file: JVM start, check discovery, signature compilation, exit) takes on this machine now, the quicker
     * of two runs. A loaded build machine then does not fail the suite, while a diagnosis that ignores its
     * deadline by seconds (54 s for --timeout 20s before the fixes) still does.
     */
    static synchronized long margin() throws IOException, InterruptedException {
        if (startupMillis < 0) {
            Path empty = Files.createTempFile("gd-rel-empty-", ".log");
            try {
                long best = Long.MAX_VALUE;
                for (int i = 0; i < 2; i++) {
                    best = Math.min(best, run("baseline: diagnose an empty log", List.of("diagnose", "--logs",
                            empty.toString(), "--format", "nagios", "--timeout", "30s")).millis());
                }
                startupMillis = best;
            } finally {
                Files.deleteIfExists(empty);
            }
        }
        return MARGIN_MILLIS + startupMillis;
    }

    static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "gateway-doctor.jar");
    private static final Path FIGURES = Path.of(System.getProperty("basedir", "."), "target", "reliability",
            "figures.txt");

    record Run(int code, String out, String err, long millis) {
        /** The Nagios status word: OK, WARNING, CRITICAL or UNKNOWN. */
        String nagiosState() {
            String s = out.strip();
            return s.startsWith("GATEWAY-DOCTOR ") ? s.substring(15, s.indexOf(' ', 15)) : "";
        }

        /** A Nagios performance value, e.g. {@code timed_out}. */
        long perf(String label) {
            int i = out.indexOf(" " + label + "=");
            if (i < 0) {
                return -1;
            }
            int from = i + label.length() + 2;
            int to = from;
            while (to < out.length() && Character.isDigit(out.charAt(to))) {
                to++;
            }
            return Long.parseLong(out.substring(from, to));
        }

        void assertNoCrash() {
            assertFalse(err.contains("OutOfMemoryError"), "out of memory with " + HEAP + ":\n" + err);
            assertFalse(err.contains("\tat "), "no stack trace:\n" + err);
        }
    }

    private Jar() {
    }

    static Run run(String label, List<String> args) throws IOException, InterruptedException {
        return run(label, args, null, Map.of());
    }

    static Run run(String label, List<String> args, Path tmp, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = builder(args, tmp, env);
        Path out = Files.createTempFile("gd-rel-", ".out");
        Path err = Files.createTempFile("gd-rel-", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            long start = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gateway-doctor did not finish within 180 s: " + args);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            record(label, millis);
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), millis);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static ProcessBuilder builder(List<String> args, Path tmp, Map<String, String> env) {
        assertTrue(Files.isRegularFile(JAR), "the shaded jar is built before integration tests: " + JAR);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        command.add("-XX:+UseSerialGC");
        if (tmp != null) {
            command.add("-Djava.io.tmpdir=" + tmp);
        }
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        return pb;
    }

    static synchronized void record(String label, long millis) throws IOException {
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, label + "\t" + millis + " ms\t" + HEAP + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Content hash, size and modification time of every file under {@code paths}: what "nothing written" compares. */
    static Map<String, String> fingerprint(Path... paths) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path root : paths) {
            if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                    out.put(p.toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + " "
                            + (Files.size(p) <= (64L << 20) ? sha256(p) : "-"));
                }
            }
        }
        return out;
    }

    private static String sha256(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(p)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code bytes} of {@code unit} repeated, without a line break anywhere. */
    static Path repeat(Path file, String unit, long bytes) throws IOException {
        byte[] u = unit.getBytes(StandardCharsets.UTF_8);
        byte[] block = new byte[(1 << 20) / u.length * u.length];
        for (int i = 0; i < block.length; i += u.length) {
            System.arraycopy(u, 0, block, i, u.length);
        }
        try (OutputStream o = Files.newOutputStream(file)) {
            long written = 0;
            while (written < bytes) {
                int n = (int) Math.min(block.length, bytes - written);
                o.write(block, 0, n);
                written += n;
            }
        }
        return file;
    }
}
