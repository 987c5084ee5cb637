package org.gatewaydoctor.checks.phpfpm.internal.config;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real php-fpm (the Debian package's binary) started in the foreground with a configuration of the test's own,
 * under a temp directory, and stopped by PID. Tests that need it skip, with a message saying how to install it,
 * only when no binary is found; CI installs {@code php-fpm}.
 */
public final class RealPhpFpm implements AutoCloseable {

    /** The binary: {@code $GD_PHP_FPM}, else {@code php-fpm*} on the PATH or in /usr/sbin, newest version first. */
    public static Optional<Path> binary() {
        String forced = System.getenv("GD_PHP_FPM");
        if (forced != null && !forced.isBlank()) {
            return Optional.of(Path.of(forced)).filter(Files::isExecutable);
        }
        List<Path> dirs = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                dirs.add(Path.of(d));
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/usr/local/sbin"));
        List<Path> found = new ArrayList<>();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.getFileName().toString().matches("php-fpm[0-9.]*")).filter(Files::isExecutable)
                        .forEach(found::add);
            } catch (IOException | RuntimeException e) {
                // not a readable directory
            }
        }
        return found.stream().max(Comparator.comparing(p -> p.getFileName().toString()));
    }

    /** The binary, or skips the test with a message saying what is missing. */
    public static Path requireBinary() {
        Optional<Path> b = binary();
        assumeTrue(b.isPresent(), "php-fpm is not installed (apt-get install php-fpm, or set GD_PHP_FPM); "
                + "CI installs it, so this test runs there");
        return b.orElseThrow();
    }

    /** Whether this JVM runs as root (then pools need a user, and workers run as nobody). */
    public static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code user = nobody} as root (php-fpm refuses root workers), nothing otherwise (php-fpm ignores it). */
    public static String userLine() {
        return root() ? "user = nobody\n" : "";
    }

    /** Makes the temp directory and its files readable by the workers' user. */
    public static void openUp(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
    }

    /** Runs {@code php-fpm -n -tt -y config -p prefix}: the configuration test with its dump. */
    public static Run test(Path config, Path prefix) throws IOException, InterruptedException {
        Path out = Files.createTempFile(prefix, "fpm-test", ".out");
        Process p = new ProcessBuilder(requireBinary().toString(), "-n", "-tt", "-y", config.toString(), "-p",
                prefix.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("php-fpm -tt did not finish");
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Run(p.exitValue(), text);
    }

    /** The exit code and output of a run. */
    public record Run(int exitCode, String output) {
    }

    private final Process process;
    private final Path log;

    private RealPhpFpm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code php-fpm -n -y config -F} and waits (at most 15 s) for the given sockets to appear.
     *
     * @param sockets unix socket paths to wait for
     */
    public static RealPhpFpm start(Path config, Path dir, List<Path> sockets) throws IOException, InterruptedException {
        Path log = dir.resolve("php-fpm.stdout");
        Process p = new ProcessBuilder(requireBinary().toString(), "-n", "-y", config.toString(), "-F")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealPhpFpm fpm = new RealPhpFpm(p, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!sockets.stream().allMatch(Files::exists)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String out = Files.exists(log) ? Files.readString(log) : "";
                fpm.close();
                throw new IOException("php-fpm did not start: " + out);
            }
            Thread.sleep(20);
        }
        return fpm;
    }

    /** The master's PID. */
    public long pid() {
        return process.pid();
    }

    /** What the master wrote to stdout/stderr. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Kills the master and every worker with SIGKILL, as the OOM killer or {@code kill -9} would. */
    public void killAll() throws InterruptedException {
        ProcessHandle h = process.toHandle();
        List<ProcessHandle> children = h.descendants().toList();
        h.destroyForcibly();
        for (ProcessHandle c : children) {
            c.destroyForcibly();
        }
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle c : children) {
            c.onExit().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> c).join();
        }
    }

    /** Stops the master by PID with SIGTERM (php-fpm's fast shutdown, which removes its sockets). */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                killAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
