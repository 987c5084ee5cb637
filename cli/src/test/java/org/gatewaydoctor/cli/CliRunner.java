package org.gatewaydoctor.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.cli.internal.CliContext;
import org.gatewaydoctor.cli.internal.Terminal;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.spi.Check;

/** Runs the command line in-process with programmatic checks and captures what it prints. */
final class CliRunner {

    record Result(int exitCode, String out, String err) {
        String firstLine() {
            int end = out.indexOf('\n');
            return end < 0 ? out : out.substring(0, end);
        }
    }

    private CliRunner() {
    }

    /** Runs with only {@code checks} (no discovery), on a non-interactive terminal. */
    static Result run(Check[] checks, String... args) {
        return run(Terminal.plain(), b -> b.discover(false).register(checks), args);
    }

    static Result run(Terminal terminal, Consumer<GatewayDoctor.Builder> customiser, String... args) {
        return run(new Main(customiser, terminal, new ByteArrayInputStream(new byte[0]), Clock.systemDefaultZone(),
                CliContext::discoverSignatures), args);
    }

    /**
     * Runs with only {@code checks}, standard input {@code in}, the clock {@code clock} (whose zone is
     * the default log zone) and exactly the signatures of {@code signatures}.
     */
    static Result run(Check[] checks, InputStream in, Clock clock, SignatureCatalog signatures, String... args) {
        return run(Terminal.plain(), checks, in, clock, signatures, args);
    }

    static Result run(Terminal terminal, Check[] checks, InputStream in, Clock clock, SignatureCatalog signatures,
                      String... args) {
        return run(new Main(b -> b.discover(false).register(checks), terminal, in, clock, () -> signatures), args);
    }

    private static Result run(Main main, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = main.execute(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Check[] checks(Check... checks) {
        return checks;
    }
}
