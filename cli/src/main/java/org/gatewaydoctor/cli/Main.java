package org.gatewaydoctor.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.cli.internal.Cli;
import org.gatewaydoctor.cli.internal.CliContext;
import org.gatewaydoctor.cli.internal.Terminal;

/**
 * The {@code gateway-doctor} command line.
 *
 * <pre>
 * gateway-doctor diagnose --url https://example.org/ --logs /var/log/nginx /var/log/php8.2-fpm.log
 * gateway-doctor diagnose --example --format json
 * gateway-doctor checks
 * </pre>
 *
 * <p>Embedders and scripts that want the exit code without {@link System#exit(int)} call
 * {@link #run(String[], PrintStream, PrintStream)}.
 *
 * <table>
 *   <caption>Exit codes (Nagios plugin convention, in every output format)</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>healthy (OK)</td></tr>
 *   <tr><td>1</td><td>degraded (WARNING)</td></tr>
 *   <tr><td>2</td><td>failing (CRITICAL)</td></tr>
 *   <tr><td>3</td><td>inconclusive, usage error or internal error (UNKNOWN)</td></tr>
 * </table>
 */
public final class Main {

    /** The exit code of a usage error or an unexpected internal error (Nagios UNKNOWN). */
    public static final int EXIT_UNKNOWN = 3;

    private final Consumer<GatewayDoctor.Builder> customiser;
    private final Terminal terminal;

    /**
     * A command line whose {@link GatewayDoctor} builders pass through {@code customiser} last
     * (tests register programmatic checks with it), on {@code terminal}.
     */
    Main(Consumer<GatewayDoctor.Builder> customiser, Terminal terminal) {
        this.customiser = Objects.requireNonNull(customiser, "customiser");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--debug")) {
            // Before anything logs: slf4j-simple reads its level once per JVM.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Runs the command line without exiting the JVM. Unlike {@link #main(String[])}, this leaves the
     * JVM's logging configuration alone: {@code --debug} adds stack traces but does not raise the log level.
     *
     * @param args the arguments, as {@link #main(String[])} gets them
     * @param out where results go
     * @param err where progress, warnings and errors go
     * @return the exit code: 0 healthy, 1 degraded, 2 failing, 3 inconclusive or usage/internal error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new Main(builder -> { }, Terminal.system()).execute(args, out, err);
    }

    /** Runs the command line with this instance's customiser and terminal. */
    int execute(String[] args, PrintStream out, PrintStream err) {
        Objects.requireNonNull(args, "args");
        boolean debug = Arrays.asList(args).contains("--debug");
        CliContext context = new CliContext(customiser, terminal, out, err, debug);
        return Cli.execute(context, args);
    }
}
