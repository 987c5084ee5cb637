package org.gatewaydoctor.checks.http.internal.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One directive of an nginx or Apache configuration, where it was written, and its block.
 *
 * <p>Includes are already spliced in: the directives an {@code include} pulled in stand where the
 * {@code include} stood, each with its own {@link #file()} and {@link #line()}. Apache sections
 * ({@code <VirtualHost *:80>}) are blocks named without the angle brackets ({@code VirtualHost}, args
 * {@code [*:80]}); Apache names are case-insensitive, so compare them with {@link #isIgnoreCase}.
 *
 * @param name the directive's name as written
 * @param args its arguments, unquoted and unescaped as the server does it
 * @param file the file as the server names it
 * @param line the line its name is on, from 1 (the servers' own messages name the line where it
 *     ends, which differs only for a directive written over several lines)
 * @param block whether it has a block ({@code server { ... }}, {@code <Directory ...>}), even an empty one
 * @param children the block's directives, in order; empty when it has none
 */
public record Directive(String name, List<String> args, String file, int line, boolean block,
                        List<Directive> children) {

    public Directive {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        args = List.copyOf(args);
        children = List.copyOf(children);
        if (!block && !children.isEmpty()) {
            throw new IllegalArgumentException("a directive without a block has no children: " + name);
        }
        if (line < 1) {
            throw new IllegalArgumentException("line < 1: " + line);
        }
    }

    /** A directive without a block. */
    public static Directive simple(String name, List<String> args, String file, int line) {
        return new Directive(name, args, file, line, false, List.of());
    }

    /** The {@code i}th argument (from 0), or {@code null} when there are fewer. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** Whether this is named {@code n} exactly (nginx: names are case-sensitive). */
    public boolean is(String n) {
        return name.equals(n);
    }

    /** Whether this is named {@code n} in any case (Apache: names are case-insensitive). */
    public boolean isIgnoreCase(String n) {
        return name.equalsIgnoreCase(n);
    }

    /** The block's directives named {@code n} exactly. */
    public Stream<Directive> children(String n) {
        return children.stream().filter(d -> d.is(n));
    }

    /** {@code file:line}. */
    public String where() {
        return file + ":" + line;
    }

    /** The directive as one line: name, arguments, and {@code { ... }} for a block. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        args.forEach(a -> sb.append(' ').append(a));
        return sb.append(block ? " { ... }" : ";").append(" (").append(where()).append(')').toString();
    }
}
