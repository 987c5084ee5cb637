package org.gatewaydoctor.checks.wordpress.internal.php;

import java.util.List;
import java.util.Objects;

/**
 * The value of a constant or variable as read from PHP source, without running it.
 *
 * @param value the value as PHP would see it (strings decoded, {@code true}/{@code false} as those words,
 *     numbers as written); {@code null} when it is not static
 * @param source how the source writes it, shortened: {@code getenv('DB_HOST')}, {@code $_SERVER['X'] ?? 'y'}
 * @param line the 1-based line of the definition
 * @param literals every string literal of the expression, decoded (for registering secrets piece by piece)
 */
public record PhpValue(String value, String source, int line, List<String> literals) {

    public PhpValue {
        Objects.requireNonNull(source, "source");
        literals = List.copyOf(literals);
    }

    /** Whether the value is known without running PHP. */
    public boolean isStatic() {
        return value != null;
    }

    /** Whether PHP would read this as true (for {@code WP_DEBUG} and friends): static and truthy. */
    public boolean isTrue() {
        if (value == null) {
            return false;
        }
        String v = value.strip();
        return !(v.isEmpty() || v.equals("0") || v.equalsIgnoreCase("false") || v.equalsIgnoreCase("null"));
    }
}
