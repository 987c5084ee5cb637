package org.gatewaydoctor.checks.wordpress.internal.php;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@code wp-config.php} defines, read by {@link WpConfigParser} without running it.
 *
 * @param file the file read
 * @param constants the first definition of each constant (PHP keeps the first; a second {@code define} only warns)
 * @param redefined names defined more than once, with the line of each later definition
 * @param tablePrefix {@code $table_prefix}'s last assignment, if any
 * @param problems what could not be read, in sentences (never holding a secret value)
 */
public record WpConfig(Path file, Map<String, PhpValue> constants, Map<String, List<Integer>> redefined,
                       PhpValue tablePrefix, List<String> problems) {

    /** The keys and salts WordPress generates, plus the password: never shown, always registered as secrets. */
    public static final Set<String> SECRETS = Set.of("DB_PASSWORD", "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY",
            "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT");

    public WpConfig {
        Objects.requireNonNull(file, "file");
        constants = Map.copyOf(constants);
        redefined = Map.copyOf(redefined);
        problems = List.copyOf(problems);
    }

    /** The constant {@code name}, if defined. */
    public Optional<PhpValue> constant(String name) {
        return Optional.ofNullable(constants.get(name));
    }

    /** The static value of {@code name}, if defined statically. */
    public Optional<String> value(String name) {
        return constant(name).filter(PhpValue::isStatic).map(PhpValue::value);
    }

    /** Whether {@code name} is a secret: a known key, salt or password, or a name that says it is one. */
    public static boolean isSecret(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        return SECRETS.contains(n) || n.endsWith("PASSWORD") || n.endsWith("_KEY") || n.endsWith("_SALT")
                || n.contains("SECRET") || n.endsWith("TOKEN") || n.endsWith("_PASS");
    }

    /**
     * The table prefix to query with: the static {@code $table_prefix} when it is a valid one (WordPress refuses
     * any other than letters, digits and underscores), else empty.
     */
    public Optional<String> safeTablePrefix() {
        if (tablePrefix == null || !tablePrefix.isStatic()) {
            return Optional.empty();
        }
        String p = tablePrefix.value();
        return p.matches("[A-Za-z0-9_]{1,64}") ? Optional.of(p) : Optional.empty();
    }
}
