package org.gatewaydoctor.cli.internal;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Consumer;
import org.gatewaydoctor.GatewayDoctor;

/**
 * What every command needs: the streams, the terminal, the debug flag and the hook that
 * customises each {@link GatewayDoctor.Builder} (tests register programmatic checks with it).
 *
 * @param customiser applied to every builder after the command's own settings
 * @param terminal where the command line runs
 * @param out results
 * @param err progress, warnings and errors
 * @param debug whether {@code --debug} was given (stack traces, debug logging)
 */
public record CliContext(Consumer<GatewayDoctor.Builder> customiser, Terminal terminal, PrintStream out,
                         PrintStream err, boolean debug) {
    public CliContext {
        Objects.requireNonNull(customiser, "customiser");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }
}
