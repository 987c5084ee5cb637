package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.Objects;

/**
 * One configuration value as PHP-FPM uses it, with the line it was written on.
 *
 * @param value the value PHP-FPM uses (after INI processing, {@code $pool} substitution, units and path
 *     resolution)
 * @param text the configuration line as written (trimmed, at most 512 characters), empty for a built-in value
 * @param origin where the value comes from
 * @param <T> the value's type
 */
public record Setting<T>(T value, String text, Origin origin) {

    static final int MAX_TEXT = 512;

    public Setting {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + "...";
        }
    }

    /** A value PHP-FPM supplies itself. */
    public static <T> Setting<T> builtIn(T value, String why) {
        return new Setting<>(value, "", Origin.builtIn(why));
    }

    /** Whether this value is PHP-FPM's default (or derived by it) rather than written in a file. */
    public boolean isBuiltIn() {
        return origin.isBuiltIn();
    }

    /** The same origin and text with another value (a resolved path, a derived number). */
    public <U> Setting<U> with(U newValue) {
        return new Setting<>(newValue, text, origin);
    }

    /** {@code value (file:line)}, for evidence. */
    @Override
    public String toString() {
        return value + " (" + origin + ")";
    }
}
