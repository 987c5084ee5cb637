package org.gatewaydoctor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.cli.internal.CliContext;
import org.gatewaydoctor.cli.internal.Terminal;

/** Runs the CLI's {@code diagnose} in this JVM with the real check modules and signatures, for tests of its output. */
final class DiagnoseJson {

    private DiagnoseJson() {
    }

    /**
     * Runs {@code diagnose ARGS --format json} with {@code stdin} as standard input.
     *
     * @return the whole diagnosis as JSON
     * @throws UncheckedIOException when the output is not JSON (the message holds what was printed)
     */
    static JsonNode run(InputStream stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("diagnose"));
        all.addAll(List.of(args));
        all.addAll(List.of("--format", "json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            new Main(b -> { }, Terminal.plain(), stdin, Clock.systemDefaultZone(), CliContext::discoverSignatures)
                    .execute(all.toArray(String[]::new), o, e);
        }
        try {
            return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("diagnose printed no JSON: " + out + err, e);
        }
    }
}
