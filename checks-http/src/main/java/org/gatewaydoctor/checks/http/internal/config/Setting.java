package org.gatewaydoctor.checks.http.internal.config;

import java.util.Objects;

/**
 * A configured value and the directive it came from, or the server's default when nothing set it. The
 * origin is what a finding quotes ({@code proxy_read_timeout 30s at /etc/nginx/sites-enabled/shop:14}).
 *
 * @param value the value in effect
 * @param file the file of the directive that set it, {@code null} for the default
 * @param line its line, 0 for the default
 * @param <T> the value's type
 */
public record Setting<T>(T value, String file, int line) {

    public Setting {
        Objects.requireNonNull(value, "value");
        if ((file == null) != (line == 0)) {
            throw new IllegalArgumentException("a default has neither file nor line, a directive both");
        }
    }

    /** The server's default. */
    public static <T> Setting<T> defaulted(T value) {
        return new Setting<>(value, null, 0);
    }

    /** The value {@code d} set. */
    public static <T> Setting<T> of(T value, Directive d) {
        return new Setting<>(value, d.file(), d.line());
    }

    /** Whether nothing set it. */
    public boolean isDefault() {
        return file == null;
    }

    /** {@code file:line}, or {@code default}. */
    public String where() {
        return isDefault() ? "default" : file + ":" + line;
    }

    /** The value, then where it came from in brackets. */
    @Override
    public String toString() {
        return value + " (" + where() + ")";
    }
}
