package org.gatewaydoctor.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server process started in the foreground, so this harness owns its PID: stopped by PID
 * (SIGTERM, then SIGKILL), never through a service manager. Its stdout and stderr go to
 * {@code <name>.out} in the stack folder.
 */
public final class Server implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path output;

    private Server(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code command} in {@code dir}; the caller waits for readiness (see {@link Wait}). */
    public static Server start(String name, Path dir, List<String> command) {
        Path out = dir.resolve(name + ".out");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
            return new Server(name, p, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The PIDs of this server's child processes (workers), as the kernel sees them now. */
    public List<Long> children() {
        return process.toHandle().children().map(ProcessHandle::pid).toList();
    }

    /** What the server printed so far. */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }

    /** Sends a signal ({@code KILL}, {@code SEGV}, ...) to a process by PID with kill(1). */
    public static void signal(long pid, String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the whole process at once (SIGKILL), leaving whatever it left behind (sockets, PID files). */
    public void kill() {
        // The master first: killed workers would otherwise be replaced by a master still alive.
        List<ProcessHandle> kids = process.toHandle().descendants().toList();
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        kids.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle kid : kids) {
            kid.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> kid).join();
        }
    }

    /** Stops gracefully (SIGTERM), then forcibly; also reaps any worker left behind. */
    @Override
    public void close() {
        List<ProcessHandle> kids = process.toHandle().descendants().toList();
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(10))) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
        kids.forEach(ProcessHandle::destroyForcibly);
    }

    private boolean awaitExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (process.isAlive() ? "" : ", exited") + ")";
    }
}
