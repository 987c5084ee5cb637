package org.gatewaydoctor.spi;

/**
 * Masks secrets in text before it can reach evidence, logs or JSON: passwords, WordPress keys and
 * salts, cookies, {@code Authorization} headers, secrets in query strings and URL user info, and
 * any exact value a check {@linkplain #addSecret(String) registers}.
 *
 * <p>The standard redactor masks values and keeps names ({@code password=[REDACTED]}), also in
 * JSON escaped inside a log line, PHP arrays and {@code define()}s, HAProxy's captured headers and
 * PHP stack-trace arguments of credential functions; a registered value is masked also where it
 * reappears escaped ({@code \/}, {@code %2F}, {@code &quot;}) or cut by PHP ({@code 'hunter2-pa...'}).
 * Its work is linear in the length of the text, whatever the text.
 *
 * <p>One redactor serves a whole diagnosis and is safe to use from several threads.
 */
public interface Redactor {

    /** The text that replaces a secret. */
    String MASK = "[REDACTED]";

    /** Returns {@code text} with every secret replaced by {@link #MASK}; {@code null} stays {@code null}. */
    String redact(String text);

    /**
     * Registers an exact secret value (for example the database password read from
     * {@code wp-config.php}) so that it is masked wherever it appears later. Values shorter than
     * four characters are masked only where a pattern finds them, to keep output readable.
     */
    void addSecret(String secret);

    /** A new redactor with the built-in patterns (the one every diagnosis uses), for tools that print evidence. */
    static Redactor standard() {
        return new org.gatewaydoctor.internal.redact.DefaultRedactor();
    }
}
