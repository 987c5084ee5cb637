package org.gatewaydoctor.cli.internal;

import java.nio.charset.Charset;
import java.util.Map;
import java.util.Objects;

/**
 * What the command line knows about where it runs: whether a person is watching (a console), whether
 * the output encoding can show typographic characters, and the environment variables that matter.
 *
 * @param interactive whether {@link System#console()} is present, i.e. a person is at a terminal
 * @param unicode whether the standard output's encoding can show characters such as an em dash
 * @param environment environment variables ({@code NO_COLOR}, {@code TERM})
 */
public record Terminal(boolean interactive, boolean unicode, Map<String, String> environment) {

    public Terminal {
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** The terminal of this process. */
    public static Terminal system() {
        return new Terminal(System.console() != null, stdoutCharset().newEncoder().canEncode("—…"),
                System.getenv());
    }

    /** The encoding System.out writes with: stdout.encoding (Java 19+), else the platform's. */
    private static Charset stdoutCharset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null) {
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    // unknown or unsupported: try the next
                }
            }
        }
        return Charset.defaultCharset();
    }

    /** A non-interactive terminal (output to a pipe or file), as in scripts, cron jobs and tests. */
    public static Terminal plain() {
        return new Terminal(false, true, Map.of());
    }

    /**
     * Whether text output may use ANSI colours: only on an interactive terminal, never with
     * {@code --no-color}, a non-empty {@code NO_COLOR} (see no-color.org) or {@code TERM=dumb}.
     */
    public boolean colour(boolean noColorOption) {
        String noColor = environment.get("NO_COLOR");
        return interactive && !noColorOption && (noColor == null || noColor.isEmpty())
                && !"dumb".equals(environment.get("TERM"));
    }
}
