package org.gatewaydoctor.checks.http.internal.config;

import java.util.Objects;

/**
 * Something a configuration parser noticed: where ({@code file:line}), how bad, and what, in the words
 * of the server itself where it has words for it ({@code unexpected "}"}, {@code <VirtualHost> was not
 * closed.}).
 *
 * @param file the file as the server names it (its configuration path, not where it was read from)
 * @param line the line, from 1; 0 when the problem is about the whole file
 * @param severity how bad
 * @param message what, without the location
 */
public record ConfigProblem(String file, int line, Severity severity, String message) {

    /** How bad a problem is. */
    public enum Severity {
        /** The server itself would refuse this configuration (it would not start or reload). */
        ERROR,
        /** The server accepts it, but something is probably not as meant, or the parser had to skip part. */
        WARNING,
        /** Worth knowing, not wrong: an optional include that matched nothing. */
        NOTE,
        /**
         * Part of the configuration was not read (a file over the size limit, not a regular file, binary,
         * includes or blocks nested past the limits, too many files or directives): what was read holds, but
         * the routes may be incomplete, so nothing can be called healthy on it.
         */
        UNREAD
    }

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line < 0: " + line);
        }
    }

    static ConfigProblem error(String file, int line, String message) {
        return new ConfigProblem(file, line, Severity.ERROR, message);
    }

    static ConfigProblem warning(String file, int line, String message) {
        return new ConfigProblem(file, line, Severity.WARNING, message);
    }

    static ConfigProblem unread(String file, int line, String message) {
        return new ConfigProblem(file, line, Severity.UNREAD, message);
    }

    static ConfigProblem note(String file, int line, String message) {
        return new ConfigProblem(file, line, Severity.NOTE, message);
    }

    /** {@code file:line: message} ({@code file: message} for a whole file). */
    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : file) + ": " + message;
    }
}
