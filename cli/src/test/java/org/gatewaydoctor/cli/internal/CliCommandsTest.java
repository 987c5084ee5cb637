package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.junit.jupiter.api.Test;

/**
 * The command line builds only the command its arguments run (picocli reads every command's options by
 * reflection), and every command whenever something else may need them: the root's help, {@code help}, a typo.
 */
class CliCommandsTest {

    private static final List<String> ALL = List.of("diagnose", "scan", "checks", "help");

    private static List<String> built(String... args) {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        CliContext context = new CliContext(b -> { }, Terminal.plain(), InputStream.nullInputStream(), none, none,
                Clock.systemUTC(), () -> SignatureCatalog.of(List.of()), false);
        return List.copyOf(Cli.commandLine(context, args).getSubcommands().keySet());
    }

    @Test
    void buildsOnlyTheCommandTheArgumentsRun() {
        assertEquals(List.of("checks"), built("checks"));
        assertEquals(List.of("checks"), built("checks", "--format", "json"));
        assertEquals(List.of("scan"), built("scan", "--logs", "error.log", "diagnose"));
        assertEquals(List.of("diagnose"), built("diagnose", "--example"));
        assertEquals(List.of("diagnose"), built("--debug", "diagnose", "--logs", "checks"));
        assertEquals(List.of("checks"), built("--debug", "--debug", "checks"));
    }

    @Test
    void buildsEveryCommandInTheHelpsOrderForAnythingElse() {
        assertEquals(ALL, built());
        assertEquals(ALL, built("--help"));
        assertEquals(ALL, built("-h", "checks"));
        assertEquals(ALL, built("--version"));
        assertEquals(ALL, built("help", "diagnose"));
        assertEquals(ALL, built("--debug"));
        assertEquals(ALL, built("chekcs"));
        assertEquals(ALL, built("Checks"));
        assertEquals(ALL, built("--debug=true", "checks"));
    }
}
