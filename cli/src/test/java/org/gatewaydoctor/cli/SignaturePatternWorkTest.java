package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.junit.jupiter.api.Test;

/**
 * Every extraction pattern of the shipped signature catalogue does work linear in the length of
 * the line it runs on, measured deterministically as characters read (the pattern runs on a
 * {@link CharSequence} that counts {@code charAt}), not as time. Inputs are what a visitor can put
 * in a log line: long runs of one character, of the signature's literal, of the literal followed
 * by the words of the pattern; at 2 KiB and 16 KiB. A pattern that retries a long scan at every
 * occurrence of its literal reads about 64 times more at 8 times the length and fails here.
 */
class SignaturePatternWorkTest {

    private static final int SMALL = 2 * 1024;
    private static final int LARGE = 16 * 1024;

    @Test
    void everySignaturePatternReadsALineALinearNumberOfTimes() {
        SignatureCatalog catalog = SignatureCatalog.discover(getClass().getClassLoader());
        List<String> superLinear = new ArrayList<>();
        int checked = 0;
        for (Signature s : catalog.signatures()) {
            if (s.pattern() == null) {
                continue;
            }
            checked++;
            for (String unit : units(s)) {
                for (boolean literalFirst : new boolean[] {true, false}) {
                    String small = line(s, unit, SMALL, literalFirst);
                    String large = line(s, unit, LARGE, literalFirst);
                    long a = reads(s, small);
                    long b = reads(s, large);
                    double perChar = (double) b / large.length();
                    if ((double) b / a > 16 && perChar > 8) {
                        superLinear.add(String.format("%s: %.0f reads per character at 16 KiB, %.1f times the reads "
                                + "of 2 KiB, line of '%s'", s.id(), perChar, (double) b / a, unit));
                        break;
                    }
                }
            }
        }
        assertTrue(checked > 50, "the catalogue was found: " + checked);
        assertTrue(superLinear.isEmpty(), String.join("\n", superLinear));
    }

    private static Set<String> units(Signature s) {
        Set<String> units = new LinkedHashSet<>(List.of("a", "0", " ", ":", s.literal()));
        int words = 0;
        for (String w : s.pattern().pattern().split("[^A-Za-z0-9 _.-]+")) {
            String word = w.strip();
            if (word.length() >= 3 && words++ < 5) {
                units.add(s.literal() + " a " + word + " b ");
            }
        }
        return units;
    }

    private static String line(Signature s, String unit, int length, boolean literalFirst) {
        StringBuilder sb = new StringBuilder(length + unit.length() + s.literal().length());
        if (literalFirst) {
            sb.append(s.literal());
        }
        while (sb.length() < length) {
            sb.append(unit);
        }
        sb.setLength(length);
        return sb.toString();
    }

    private static long reads(Signature s, String line) {
        CountingText text = new CountingText(line);
        Matcher m = s.pattern().matcher(text);
        if (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                m.group(g);
            }
        }
        return text.reads;
    }

    /** A line that counts how often its characters are read. */
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
