package org.gatewaydoctor.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.cli.internal.Terminal;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new Main(customiser, terminal).execute(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Check[] checks(Check... checks) {
        return checks;
    }
}
