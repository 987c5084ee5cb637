package org.gatewaydoctor.internal.redact;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redaction work grows linearly with the length of the text, whatever the text: measured
 * deterministically as the number of characters the redactor reads (every detector reads the text
 * through {@code charAt} only), not as time. Each input is the worst case of one detector (the
 * long runs of letters and digits that made the old URL pattern backtrack, runs of separators,
 * quotes, backslashes, half-opened URLs, stack-trace calls, armour lines), from 8 KiB to 256 KiB.
 */
class RedactionWorkTest {

    private static final int SMALL = 8 * 1024;
    private static final int LARGE = 256 * 1024;
    /** Characters read per character of text, at most: a constant, whatever the length. */
    private static final double MAX_READS_PER_CHAR = 40;

    static Stream<Arguments> adversarial() {
        return Stream.of(
                input("letters and digits", n -> randomOf("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n)),
                input("scheme without end", n -> "https://" + repeat("a", n)),
                input("user info without host", n -> repeat("https://u:", n)),
                input("at signs and colons", n -> repeat("a:b@", n)),
                input("colons", n -> repeat(":", n)),
                input("names without values", n -> repeat("password", n)),
                input("separators without values", n -> repeat("password=", n)),
                input("colon separators", n -> repeat("token: ", n)),
                input("one long value", n -> "password=" + repeat("x", n)),
                input("unclosed quotes", n -> repeat("password='", n)),
                input("quotes", n -> repeat("'", n)),
                input("escaped quotes", n -> repeat("\\\"", n)),
                input("json-escaped names", n -> repeat("\\\"password\\\":\\\"", n)),
                input("backslash runs", n -> "password=\\\"" + repeat("\\", n) + "\""),
                input("concatenation", n -> "define('DB_PASSWORD', " + repeat("'a' . ", n)),
                input("trace calls", n -> repeat("mysqli_real_connect(", n)),
                input("trace arguments", n -> "mysqli_real_connect(" + repeat("'a', ", n)),
                input("nested objects", n -> "mysqli_real_connect(" + repeat("Object(", n)),
                input("identified", n -> repeat("IDENTIFIED ", n)),
                input("identified by without quote", n -> repeat("IDENTIFIED BY x ", n)),
                input("bearer", n -> repeat("Bearer ", n)),
                input("authorization", n -> repeat("Authorization: ", n)),
                input("cookie segments", n -> "Cookie: " + repeat("a=b; ", n)),
                input("cookies without a token name", n -> "Cookie: " + repeat("u:x=y@h;", n)),
                input("one cookie name without end", n -> "Cookie: " + repeat("@:", n)),
                input("credentials with equals signs", n -> repeat("Bearer u:a=b@h ", n)),
                input("armour lines", n -> repeat("-----BEGIN ", n)),
                input("private key armour", n -> repeat("-----BEGIN PRIVATE KEY-----", n)),
                input("percent signs", n -> repeat("%7", n)),
                input("entities", n -> repeat("&#", n)),
                input("query separators", n -> "GET /?" + repeat("key=&", n)),
                input("jwt-like", n -> repeat("eyJ.", n)),
                input("mixed", RedactionWorkTest::mixed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarial")
    void readsEachCharacterABoundedNumberOfTimes(String name, IntFunction<String> input) {
        List<KnownSecret> known = List.of(new KnownSecret("aaaaaaaaaaaaaaab"), new KnownSecret("password=passwordX"),
                new KnownSecret("\"\"\"\"\"\"\"\"x"));
        long[] small = reads(input.apply(SMALL), known);
        long[] large = reads(input.apply(LARGE), known);
        double perCharSmall = (double) small[0] / SMALL;
        double perCharLarge = (double) large[0] / LARGE;
        // each pass reads each character of its text a bounded number of times; a pass after the first reads
        // the text the one before masked (a one-letter value became a mask: longer), and there are few passes
        double perCharRead = (double) large[0] / large[1];
        assertTrue(perCharRead <= MAX_READS_PER_CHAR,
                name + ": " + perCharRead + " reads per character the passes read at 256 KiB");
        // linear: 32 times the text, at most about 32 times the work of all passes (plus constant overhead)
        assertTrue(perCharLarge <= perCharSmall * 1.2 + 1,
                name + ": " + perCharSmall + " reads per character at 8 KiB, " + perCharLarge + " at 256 KiB");
    }

    /**
     * Characters read by all passes (a text in which something was masked is redacted again) and the length of
     * the texts they read.
     */
    private static long[] reads(String text, List<KnownSecret> known) {
        List<CountingText> passes = new ArrayList<>();
        passes.add(new CountingText(text));
        DefaultRedactor.redact(passes.get(0), known, next -> {
            CountingText counting = new CountingText(next);
            passes.add(counting);
            return counting;
        });
        return new long[] {passes.stream().mapToLong(p -> p.reads).sum(),
            passes.stream().mapToLong(CountingText::length).sum()};
    }

    private static Arguments input(String name, IntFunction<String> make) {
        return Arguments.of(name, make);
    }

    private static String repeat(String unit, int length) {
        StringBuilder sb = new StringBuilder(length + unit.length());
        while (sb.length() < length) {
            sb.append(unit);
        }
        sb.setLength(length);
        return sb.toString();
    }

    private static String randomOf(String alphabet, int length) {
        Random random = new Random(8);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Fragments of every syntax the detectors look for, shuffled. */
    private static String mixed(int length) {
        String[] parts = {"password", "=", ":", "'", "\"", "\\", "://", "@", "Bearer ", "Cookie: ", "(", ")", ", ",
            "IDENTIFIED BY ", "-----BEGIN ", "PRIVATE KEY", "-----", "%2F", "&amp;", "?", "&", "mysqli_real_connect",
            "->", "::", "eyJ", ".", "a1", " ", "\n", "{", "}", "|", "define(", "sess_"};
        Random random = new Random(15);
        StringBuilder sb = new StringBuilder(length + 32);
        while (sb.length() < length) {
            sb.append(parts[random.nextInt(parts.length)]);
        }
        sb.setLength(length);
        return sb.toString();
    }

    /** A text that counts how often its characters are read. */
    private static final class CountingText implements CharSequence {
        private final String text;
        long reads;

        CountingText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            reads += end - start;
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            reads += text.length();
            return text;
        }
    }
}
