package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.gatewaydoctor.cli.internal.Terminal;
import org.junit.jupiter.api.Test;

/** Colour and the progress line appear only for a person at a terminal, and internal errors stay short. */
class TerminalBehaviourTest {

    private static final Terminal TTY = new Terminal(true, true, Map.of("TERM", "xterm-256color"));

    private static CliRunner.Result onTerminal(Terminal terminal, String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "diagnose";
        args[1] = "--url";
        args[2] = "https://example.invalid/";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return CliRunner.run(terminal, b -> b.discover(false).register(FakeCheck.failing("fake.fpm")), args);
    }

    @Test
    void coloursTextOnATerminal() {
        assertTrue(onTerminal(TTY).firstLine().startsWith("\u001b[1;31mFAILING\u001b[0m — "));
    }

    @Test
    void noColourWithNoColorOptionOrVariableOrDumbTerminal() {
        assertFalse(onTerminal(TTY, "--no-color").out().contains("\u001b["));
        assertFalse(onTerminal(new Terminal(true, true, Map.of("NO_COLOR", "1"))).out().contains("\u001b["));
        assertFalse(onTerminal(new Terminal(true, true, Map.of("TERM", "dumb"))).out().contains("\u001b["));
        assertFalse(onTerminal(Terminal.plain()).out().contains("\u001b["));
    }

    @Test
    void neverColoursJsonOrNagios() {
        assertFalse(onTerminal(TTY, "--format", "json").out().contains("\u001b["));
        assertFalse(onTerminal(TTY, "--format", "nagios").out().contains("\u001b["));
    }

    @Test
    void asciiOnlyTerminalGetsPlainDashes() {
        CliRunner.Result r = onTerminal(new Terminal(false, false, Map.of()));

        assertTrue(r.firstLine().startsWith("FAILING - php-fpm: "), r.firstLine());
    }

    @Test
    void showsProgressOnStderrWhenADiagnosisTakesAWhileOnATerminal() {
        CliRunner.Result r = CliRunner.run(TTY,
                b -> b.discover(false).register(FakeCheck.slow("fake.slow", Duration.ofMillis(1500))),
                "diagnose", "--url", "https://example.invalid/", "--format", "json");

        assertEquals(0, r.exitCode());
        assertTrue(r.err().contains("\r| checking fake.slow…") || r.err().contains("checking fake.slow…"), r.err());
        assertTrue(r.err().endsWith("\r"), "the progress line is erased at the end: " + r.err());
        assertTrue(r.out().startsWith("{"), "stdout stays clean: " + r.out());
    }

    @Test
    void noProgressWithoutATerminal() {
        CliRunner.Result r = CliRunner.run(Terminal.plain(),
                b -> b.discover(false).register(FakeCheck.slow("fake.slow", Duration.ofMillis(700))),
                "diagnose", "--url", "https://example.invalid/");

        assertEquals("", r.err());
    }

    @Test
    void internalErrorIsOneLineWithoutStackTrace() {
        CliRunner.Result r = CliRunner.run(Terminal.plain(), b -> {
            throw new IllegalStateException("kaputt");
        }, "diagnose", "--url", "https://example.invalid/");

        assertEquals(3, r.exitCode());
        assertEquals("", r.out());
        assertEquals("gateway-doctor: internal error: IllegalStateException: kaputt "
                + "(run with --debug for the stack trace)\n", r.err());
    }

    @Test
    void nagiosInternalErrorIsAnUnknownStatusLine() {
        CliRunner.Result r = CliRunner.run(Terminal.plain(), b -> {
            throw new IllegalStateException("kaputt");
        }, "diagnose", "--url", "https://example.invalid/", "--format=nagios");

        assertEquals(3, r.exitCode());
        assertEquals("GATEWAY-DOCTOR UNKNOWN - internal error: kaputt\n", r.out());
    }

    @Test
    void internalErrorShowsTheStackTraceWithDebug() {
        CliRunner.Result r = CliRunner.run(Terminal.plain(), b -> {
            throw new IllegalStateException("kaputt");
        }, "--debug", "diagnose", "--url", "https://example.invalid/");

        assertEquals(3, r.exitCode());
        assertTrue(r.err().startsWith("gateway-doctor: internal error: IllegalStateException: kaputt\n"), r.err());
        assertTrue(r.err().contains("\tat "), r.err());
    }
}
