package org.gatewaydoctor.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.cli.internal.Cli;
import org.gatewaydoctor.cli.internal.CliContext;
import org.gatewaydoctor.cli.internal.Terminal;
import org.gatewaydoctor.logs.SignatureCatalog;

/**
 * The {@code gateway-doctor} command line.
 *
 * <pre>
 * gateway-doctor diagnose --url https://example.org/ --logs /var/log/nginx /var/log/php8.2-fpm.log
 * gateway-doctor diagnose --example --format json
 * gateway-doctor scan --logs /var/log/nginx /var/log/php8.2-fpm.log --since 2h
 * gateway-doctor checks
 * </pre>
 *
 * <p>Embedders and scripts that want the exit code without {@link System#exit(int)} call
 * {@link #run(String[], PrintStream, PrintStream)}.
 *
 * <table>
 *   <caption>Exit codes of {@code diagnose} (Nagios plugin convention, in every output format)</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>healthy (OK)</td></tr>
 *   <tr><td>1</td><td>degraded (WARNING)</td></tr>
 *   <tr><td>2</td><td>failing (CRITICAL)</td></tr>
 *   <tr><td>3</td><td>inconclusive, usage error or internal error (UNKNOWN)</td></tr>
 * </table>
 *
 * <p>{@code scan} exits 0 when no signature matched, 1 when signatures matched, 2 when one of them
 * implies a 5xx response, 3 on a usage error, when no log could be read, when no signatures are
 * installed, or when a scan cut short by its timeout found nothing.
 */
public final class Main {

    /** The exit code of a usage error or an unexpected internal error (Nagios UNKNOWN). */
    public static final int EXIT_UNKNOWN = 3;

    private final Consumer<GatewayDoctor.Builder> customiser;
    private final Terminal terminal;
    private final InputStream in;
    private final Clock clock;
    private final Supplier<SignatureCatalog> signatures;

    /**
     * A command line whose {@link GatewayDoctor} builders pass through {@code customiser} last
     * (tests register programmatic checks with it), on {@code terminal}.
     */
    Main(Consumer<GatewayDoctor.Builder> customiser, Terminal terminal) {
        this(customiser, terminal, System.in, new DefaultZoneClock(), CliContext::discoverSignatures);
    }

    /**
     * {@link Clock#systemDefaultZone()}, looked up when first used: finding the default zone reads the JDK's
     * time-zone database, which {@code checks} and {@code --help} never need.
     */
    static final class DefaultZoneClock extends Clock {
        private volatile Clock clock;

        private Clock clock() {
            Clock c = clock;
            if (c == null) {
                c = Clock.systemDefaultZone();
                clock = c;
            }
            return c;
        }

        @Override
        public java.time.ZoneId getZone() {
            return clock().getZone();
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return clock().withZone(zone);
        }

        @Override
        public java.time.Instant instant() {
            return clock().instant();
        }

        @Override
        public long millis() {
            return clock().millis();
        }
    }

    /**
     * As {@link #Main(Consumer, Terminal)}, reading standard input from {@code in}, telling time by
     * {@code clock} (whose zone is the default log zone) and scanning with the catalogue
     * {@code signatures} supplies.
     */
    Main(Consumer<GatewayDoctor.Builder> customiser, Terminal terminal, InputStream in, Clock clock,
         Supplier<SignatureCatalog> signatures) {
        this.customiser = Objects.requireNonNull(customiser, "customiser");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.in = Objects.requireNonNull(in, "in");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--debug")) {
            // Before anything logs: slf4j-simple reads its level once per JVM.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        // --timeout bounds the command's wall time: what the JVM took to start counts against it
        org.gatewaydoctor.cli.internal.Cli.processStarted();
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
     * @return the exit code: for {@code diagnose} 0 healthy, 1 degraded, 2 failing, 3 inconclusive or
     *     usage/internal error (see the class documentation for {@code scan} and {@code checks})
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // a command that scans finds its signatures on another core while picocli parses (EarlySignatures)
        org.gatewaydoctor.cli.internal.EarlySignatures early = org.gatewaydoctor.cli.internal.EarlySignatures
                .startFor(args);
        if (early == null) {
            return new Main(builder -> { }, Terminal.system()).execute(args, out, err);
        }
        return new Main(builder -> { }, Terminal.system(), System.in, new DefaultZoneClock(), early)
                .execute(args, out, err);
    }

    /** Runs the command line with this instance's customiser and terminal. */
    int execute(String[] args, PrintStream out, PrintStream err) {
        Objects.requireNonNull(args, "args");
        boolean debug = Arrays.asList(args).contains("--debug");
        CliContext context = new CliContext(customiser, terminal, in, out, err, clock, signatures, debug);
        return Cli.execute(context, args);
    }
}
