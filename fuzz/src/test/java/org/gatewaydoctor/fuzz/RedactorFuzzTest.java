package org.gatewaydoctor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.function.Function;
import org.gatewaydoctor.spi.Redactor;

/**
 * The redactor, through its public interface only ({@link Redactor#standard()}), so that any implementation
 * behind it is held to the same promises. The fuzzer chooses a secret, one of the syntaxes the redactor says
 * it covers, and arbitrary text before and after it.
 *
 * <p>Invariants: it never throws; {@code null} and empty text come back unchanged; redacting twice gives the
 * same text as redacting once; a planted secret never comes out, in any covered syntax, whatever text
 * surrounds it; and a registered secret never comes out wherever it stands.
 */
class RedactorFuzzTest {

    /**
     * Secrets in the syntaxes the redactor covers ({@link Redactor}'s Javadoc, and the list of what it
     * redacts in issue 8): each puts the secret {@code s} where a secret stands. Each ends with a character
     * that ends the value, so the fuzzer's text after it cannot lengthen the secret.
     */
    private static final List<Function<String, String>> SYNTAXES = List.of(
            s -> "define('DB_PASSWORD', '" + s + "');",
            s -> "define( \"AUTH_KEY\", \"" + s + "\" );",
            s -> "define('NONCE_SALT','" + s + "');",
            s -> "Authorization: Bearer " + s + "\n",
            s -> "Authorization: Basic " + s + "\r\n",
            s -> "proxy-authorization: " + s + "\n",
            s -> "Cookie: wordpress_logged_in_abc=" + s + "\n",
            s -> "Set-Cookie: PHPSESSID=" + s + "; path=/\n",
            s -> "GET /wp-login.php?token=" + s + " HTTP/1.1",
            s -> "GET /x?a=1&password=" + s + "&b=2 ",
            s -> "/api?key=" + s + "#top ",
            s -> "?X-Amz-Signature=" + s + " ",
            s -> "https://admin:" + s + "@example.org/ ",
            s -> "mysql://wp:" + s + "@127.0.0.1:3306/wordpress ",
            s -> " --password=" + s + " ",
            s -> " DB_PASSWORD=" + s + "\n",
            s -> " password = " + s + "\n",
            s -> " password: \"" + s + "\"\n");

    @FuzzTest(maxDuration = Budget.PER_TARGET)
    void redact(FuzzedDataProvider data) {
        Redactor r = Redactor.standard();
        assertNull(r.redact(null));
        assertEquals("", r.redact(""));

        String secret = "Cy" + alnum(data.consumeString(24)) + "9q";
        int syntax = data.consumeInt(0, SYNTAXES.size());
        String before = data.consumeString(400);
        String after = data.consumeRemainingAsString();

        String text;
        if (syntax == SYNTAXES.size()) {
            // a registered secret, anywhere, with anything around it
            r.addSecret(secret);
            text = before + secret + after;
        } else {
            text = before + "\n" + SYNTAXES.get(syntax).apply(secret) + after;
        }
        String once = r.redact(text);
        // the fuzzer may also write the secret into the text around it, where nothing marks it as one
        if (!(before + "\n" + after).contains(secret)) {
            assertFalse(once.contains(secret), () -> "the secret came out of: " + text + "\nas: " + once);
        }
        assertEquals(once, r.redact(once), "redacting again changed the text");

        String plain = before + after;
        String plainOnce = r.redact(plain);
        assertEquals(plainOnce, r.redact(plainOnce), () -> "redacting again changed the text of: " + plain);
    }

    /** {@code s} with every character mapped into {@code [A-Za-z0-9]}: a secret in every syntax above. */
    private static String alnum(String s) {
        String set = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(s.length());
        s.chars().forEach(c -> b.append(set.charAt(Math.floorMod(c, set.length()))));
        return b.toString();
    }
}
