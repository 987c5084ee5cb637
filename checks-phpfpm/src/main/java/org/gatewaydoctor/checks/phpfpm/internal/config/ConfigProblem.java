package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.Objects;

/**
 * Something in the configuration that PHP-FPM rejects or warns about, or that this parser could not read.
 *
 * @param severity how much it matters
 * @param origin the line (or file, line 0 when no line applies) it is about
 * @param message what is wrong, in PHP-FPM's words where PHP-FPM has words for it
 */
public record ConfigProblem(Severity severity, Origin origin, String message) {

    /** How much a problem matters. */
    public enum Severity {
        /** PHP-FPM refuses this configuration: {@code php-fpm -t} fails, or the master fails to start. */
        FATAL,
        /** PHP-FPM accepts it but warns, or reads it differently from what it appears to say. */
        WARNING,
        /** This parser could not read everything (a limit, an unreadable file, an unknown environment). */
        INCOMPLETE
    }

    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return severity + " " + origin + ": " + message;
    }
}
