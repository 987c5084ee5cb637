package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.Objects;

/**
 * Where a configuration value (or problem) comes from: a file and a 1-based line, a whole file (line 0), or
 * PHP-FPM itself ({@link #builtIn}) when the value is a default or derived by PHP-FPM.
 *
 * @param file the file as it was opened, or for a built-in value the rule that supplies it
 * @param line 1-based line number; 0 for the file as a whole; -1 for a built-in value
 */
public record Origin(String file, int line) {

    public Origin {
        Objects.requireNonNull(file, "file");
        if (line < -1) {
            throw new IllegalArgumentException("line must be >= -1: " + line);
        }
    }

    /** A value PHP-FPM supplies itself; {@code why} names the rule (e.g. "php-fpm default"). */
    public static Origin builtIn(String why) {
        return new Origin(why, -1);
    }

    /** A file as a whole. */
    public static Origin file(String file) {
        return new Origin(file, 0);
    }

    /** Whether PHP-FPM supplied this value rather than a configuration line. */
    public boolean isBuiltIn() {
        return line == -1;
    }

    /** {@code file:line}, the file, or the built-in rule. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
