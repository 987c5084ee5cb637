package org.gatewaydoctor.cli.internal;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.logs.SignatureCatalog;

/**
 * What every command needs: the streams, the terminal, the clock, the debug flag, the hook that
 * customises each {@link GatewayDoctor.Builder} (tests register programmatic checks with it) and
 * where {@code scan} gets its signatures.
 *
 * @param customiser applied to every builder after the command's own settings
 * @param terminal where the command line runs
 * @param in standard input, read for {@code --logs -}
 * @param out results
 * @param err progress, warnings and errors
 * @param clock what "now" and "today" are for {@code --since 2h} and {@code --since 09:00}; its zone
 *     is the default log zone
 * @param signatures the signature catalogue {@code scan} starts from (discovered on the class path)
 * @param debug whether {@code --debug} was given (stack traces, debug logging)
 */
public record CliContext(Consumer<GatewayDoctor.Builder> customiser, Terminal terminal, InputStream in,
                         PrintStream out, PrintStream err, Clock clock, Supplier<SignatureCatalog> signatures,
                         boolean debug) {
    public CliContext {
        Objects.requireNonNull(customiser, "customiser");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(signatures, "signatures");
    }

    /** The signatures found on the class path of the command line. */
    public static SignatureCatalog discoverSignatures() {
        return SignatureCatalog.discover(CliContext.class.getClassLoader());
    }
}
