package org.gatewaydoctor.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB ({@code /usr/sbin/mariadbd}, Debian's {@code mariadb-server}) in a stack: its own data folder
 * {@code db/data} (never {@code /var/lib/mysql}, no option files: {@code --no-defaults}), a unix socket
 * {@code run/mysqld.sock} and a TCP port on 127.0.0.1, its error log in {@code logs/mariadb-error.log}.
 *
 * <p>{@code mariadb-install-db} takes seconds, so {@link #template(String, List)} builds a data folder once per JVM
 * (per name), prepared by SQL run as root; each test starts from a copy of it.
 */
public final class MariaDb {

    public static final String SERVER = "/usr/sbin/mariadbd";
    public static final String INSTALL = "/usr/bin/mariadb-install-db";
    public static final String CLIENT = "/usr/bin/mariadb";
    private static final List<String> COMMON = List.of("--innodb-buffer-pool-size=16M", "--innodb-log-file-size=4M",
            "--skip-name-resolve", "--user=root", "--skip-log-bin", "--performance-schema=OFF");

    private final Server server;
    private final Path socket;
    private final int port;

    private MariaDb(Server server, Path socket, int port) {
        this.server = server;
        this.socket = socket;
        this.port = port;
    }

    public Server server() {
        return server;
    }

    public Path socket() {
        return socket;
    }

    public int port() {
        return port;
    }

    /**
     * A data folder created once per JVM under the system temp dir (removed when the JVM exits), prepared by
     * {@code setup}, which gets the socket of a server running on it (no network).
     */
    public static synchronized Path template(String name, java.util.function.Consumer<Path> setup) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gd-it-mariadb-template-" + name + "-"
                + ProcessHandle.current().pid());
        if (Files.isDirectory(dir.resolve("data/mysql"))) {
            return dir.resolve("data");
        }
        try {
            Files.createDirectories(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(dir.getParent(), List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(60));
                } catch (IOException e) {
                    // a leftover temp folder is harmless
                }
            }));
            run(dir, List.of(INSTALL, "--no-defaults", "--datadir=" + dir.resolve("data"), "--auth-root-authentication-method=normal",
                    "--skip-test-db", "--user=root", "--innodb-log-file-size=4M", "--innodb-buffer-pool-size=16M"),
                    Duration.ofSeconds(120));
            Path sock = dir.resolve("setup.sock");
            List<String> cmd = new ArrayList<>(List.of(SERVER, "--no-defaults", "--datadir=" + dir.resolve("data"),
                    "--socket=" + sock, "--skip-networking", "--pid-file=" + dir.resolve("setup.pid"),
                    "--log-error=" + dir.resolve("setup-error.log")));
            cmd.addAll(COMMON);
            Server s = Server.start("mariadb-setup", dir, cmd);
            try {
                Wait.until("MariaDB setup server\n" + s.output(), Duration.ofSeconds(60), () -> Wait.listening(sock));
                setup.accept(sock);
                s.close();
                Wait.until("MariaDB setup server to stop", Duration.ofSeconds(30), () -> !s.isAlive());
            } finally {
                s.close();
            }
            return dir.resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts MariaDB on a copy of {@code template} with extra server options (e.g. {@code --max-connections=10}). */
    public static MariaDb start(Stack stack, Path template, String... options) {
        Path data = stack.path("db/data");
        try {
            Files.createDirectories(data.getParent());
            run(stack.dir(), List.of("cp", "-a", template.toString(), data.toString()), Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return startOn(stack, Ports.free(), options);
    }

    /** Starts (or restarts) MariaDB on the stack's existing data folder and {@code port}. */
    public static MariaDb startOn(Stack stack, int port, String... options) {
        Path socket = stack.path("run/mysqld.sock");
        List<String> cmd = new ArrayList<>(List.of(SERVER, "--no-defaults", "--datadir=" + stack.path("db/data"),
                "--socket=" + socket, "--port=" + port, "--bind-address=127.0.0.1",
                "--pid-file=" + stack.path("run/mariadb.pid"), "--log-error=" + stack.logs().resolve("mariadb-error.log")));
        cmd.addAll(COMMON);
        cmd.addAll(List.of(options));
        Server s = stack.start("mariadb", cmd);
        Wait.until("MariaDB on " + socket + "\n" + stack.outputs(), Duration.ofSeconds(60),
                () -> Wait.listening(socket) && Wait.listening(port));
        return new MariaDb(s, socket, port);
    }

    /** Runs SQL as root over the socket with the command-line client; returns its output. */
    public String sql(String statements) {
        return sqlOn(socket, statements);
    }

    /** Runs SQL as root on the server behind {@code socket}. */
    public static String sqlOn(Path socket, String statements) {
        try {
            return run(socket.getParent(), List.of(CLIENT, "--no-defaults", "-S", socket.toString(), "-uroot", "-N", "-B",
                    "-e", statements), Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end; its output, or an exception with it when it fails. */
    public static String run(Path dir, List<String> command, Duration limit) throws IOException {
        Path out = Files.createTempFile("gd-it-cmd-", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + command + "\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
