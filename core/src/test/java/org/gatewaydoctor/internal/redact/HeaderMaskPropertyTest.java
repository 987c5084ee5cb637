package org.gatewaydoctor.internal.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style, reproducible: {@code Cookie}, {@code Set-Cookie} and {@code Authorization} headers built
 * from random fragments: the redactor's own mask, separators, at signs and colons (user info), backslashes,
 * control and non-ASCII characters, names that are and are not cookie names. Two properties over every one:
 * redacting twice gives what redacting once gave, and a secret planted as a cookie's value or as credentials
 * never comes out, whatever fragments stand around it in the header. A failure names the seed and case
 * ({@code -Dredactor.headers.seed=N} replays another seed).
 */
class HeaderMaskPropertyTest {

    private static final long SEED = Long.getLong("redactor.headers.seed", 20261208L);
    private static final int CASES = 20_000;
    private static final String REGISTERED = "Cy0aB9q";
    private static final String CANARY = "CANARYx7Q";

    private static final String[] OPENERS = {"Cookie: ", "cookie=", "Cookie:", "\u0000cookie:", "@cookie=",
        "Set-Cookie: ", "HTTP_COOKIE=", "\"Cookie\":\"", "Authorization: ", "Authorization: Bearer ",
        "Proxy-Authorization: Basic ", "authorization=", "Cookie: wordpress_logged_in_abc="};

    /** Fragments that keep a header's value going (no line end, quote, capture separator). */
    private static final String[] INSIDE = {org.gatewaydoctor.spi.Redactor.MASK, ";", "; ",
        "=", "@", ":", "/", "://", "http://", "\\", "\\&", " ", "\t", "\u0000", "\u0019", "wd", "pwd", "a", "x1",
        "ie", "\u05e4", "\uc5c9", "\u0377p", "\u00e9", "{", ",", "&", "?", "#", "%", "$", "!", "~", "[", "]",
        "h.example", "u:x@h", "d@oo", "wordpress_logged_in_1=", "PHPSESSID=", "(", ")", "Bearer ", "path=/",
        REGISTERED};

    /** Fragments that end a header's value or a user info token. */
    private static final String[] ENDING = {"\"", "'", "|", "}", "\n", "\\n", "\\\"", "\r\n"};

    @Test
    void redactingAHeaderTwiceGivesWhatRedactingItOnceGave() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            StringBuilder line = new StringBuilder();
            if (random.nextInt(3) == 0) {
                fragments(random, line, 1 + random.nextInt(4), true);
            }
            line.append(pick(random, OPENERS));
            fragments(random, line, 1 + random.nextInt(14), random.nextInt(3) == 0);
            if (random.nextBoolean()) {
                line.append(pick(random, OPENERS));
                fragments(random, line, 1 + random.nextInt(8), random.nextInt(3) == 0);
            }
            DefaultRedactor r = new DefaultRedactor();
            if (random.nextBoolean()) {
                r.addSecret(REGISTERED);
            }
            String once = r.redact(line.toString());
            assertEquals(once, r.redact(once), "seed " + SEED + ", case " + i + ", line: " + escaped(line));
        }
    }

    @Test
    void aSecretInACookieOrCredentialsNeverComesOutWhateverStandsAroundIt() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            StringBuilder line = new StringBuilder();
            int kind = random.nextInt(4);
            line.append(switch (kind) {
                case 0 -> "Cookie: ";
                case 1 -> "Set-Cookie: ";
                case 2 -> "Authorization: Bearer ";
                default -> "Proxy-Authorization: ";
            });
            if (kind == 0) {
                // the planted cookie may follow any others, junk included
                fragments(random, line, random.nextInt(8), false);
                line.append("; ");
            }
            if (kind <= 1) {
                line.append("wordpress_logged_in_").append(random.nextInt(999)).append('=');
            }
            if (random.nextBoolean()) {
                // inside the planted cookie's value (a ';' would start the next cookie, or a Set-Cookie attribute)
                int before = line.length();
                fragments(random, line, 1 + random.nextInt(3), false);
                for (int k = before; k < line.length(); k++) {
                    if (line.charAt(k) == ';') {
                        line.setCharAt(k, '.');
                    }
                }
            }
            line.append(CANARY);
            fragments(random, line, random.nextInt(8), false);
            fragments(random, line, random.nextInt(3), true);
            DefaultRedactor r = new DefaultRedactor();
            if (random.nextBoolean()) {
                r.addSecret(REGISTERED);
            }
            String once = r.redact(line.toString());
            assertFalse(once.contains(CANARY), "seed " + SEED + ", case " + i + ", line: " + escaped(line)
                    + "\nresult: " + escaped(once));
            assertEquals(once, r.redact(once), "seed " + SEED + ", case " + i + ", line: " + escaped(line));
        }
    }

    private static void fragments(Random random, StringBuilder line, int count, boolean withEndings) {
        for (int k = 0; k < count; k++) {
            line.append(withEndings && random.nextInt(4) == 0 ? pick(random, ENDING) : pick(random, INSIDE));
        }
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String escaped(CharSequence s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e || c == '\\' ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return b.toString();
    }
}
