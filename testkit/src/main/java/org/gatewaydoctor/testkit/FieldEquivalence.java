package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.Signature;

/**
 * Tests that a faster reader of a signature's fields (a hand-written scan in place of a regular expression) gives
 * exactly what the signature's whole expression gives: on real lines, and on random lines built from real ones by
 * inserting pieces, deleting runs and cutting them short. Mutations are reproducible: the same seed makes the same
 * lines.
 *
 * <pre>{@code
 * List<String> real = List.of(Files.readString(fixture).split("\n"));
 * List<String> lines = FieldEquivalence.mutations(real, FieldEquivalence.pieces(FieldEquivalence.PHP_PIECES, "\""),
 *         1403, 6_000);
 * assertTrue(FieldEquivalence.agreeing(lines, signatures, Names::of, (s, l) -> fastReader(s).read(l)) > 500);
 * }</pre>
 */
public final class FieldEquivalence {

    /**
     * Pieces of a PHP error's message and of the file it names (paths under {@code wp-content}, PHP's error
     * prefixes): to insert into real PHP error lines, before a test's own pieces.
     */
    public static final List<String> PHP_PIECES = List.of(" in ", " in /", "/wp-content/", "/wp-content/plugins/",
            "/wp-content/mu-plugins/", "/wp-content/themes/", "/wp-content/plugins/x", "/wp-content/themes/t/", ".php",
            ".php.php", ".ph", "/", "plugins/", "mu-", "themes/", "PHP Fatal error:  ", "PHP Parse error:  ",
            "Allowed memory size of ");

    private FieldEquivalence() {
    }

    /** {@code first}, then {@code more}. */
    public static List<String> pieces(List<String> first, String... more) {
        List<String> out = new ArrayList<>(first);
        out.addAll(List.of(more));
        return List.copyOf(out);
    }

    /**
     * {@code count} lines, each one of {@code real} with one to five random edits: a piece of {@code pieces}
     * inserted (half the edits), one to twelve characters deleted, or the line cut 40 characters after a point.
     */
    public static List<String> mutations(List<String> real, List<String> pieces, long seed, int count) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder(real.get(random.nextInt(real.size())));
            int edits = 1 + random.nextInt(5);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length() + 1);
                switch (random.nextInt(4)) {
                    case 0, 1 -> b.insert(at, pieces.get(random.nextInt(pieces.size())));
                    case 2 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(12)));
                    default -> b.setLength(Math.min(b.length(), at + 40));
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    /**
     * The groups {@code names} of {@code pattern}'s first match in {@code line} that took part in the match, in the
     * order of {@code names}; {@code null} when it does not match.
     */
    public static Map<String, String> wholeMatch(Pattern pattern, List<String> names, String line) {
        Matcher m = pattern.matcher(line);
        if (!m.find()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            if (m.group(name) != null) {
                out.put(name, m.group(name));
            }
        }
        return out;
    }

    /**
     * The hand-written reader of each of {@code signatures}, made once by {@code reader}, as {@link #agree} takes it.
     */
    public static BiFunction<Signature, String, Map<String, String>> byHand(List<Signature> signatures,
            Function<Signature, Function<String, Map<String, String>>> reader) {
        Map<Signature, Function<String, Map<String, String>>> readers = new LinkedHashMap<>();
        signatures.forEach(s -> readers.put(s, reader.apply(s)));
        return (s, line) -> readers.get(s).apply(line);
    }

    /**
     * {@link #agree} for each of {@code lines}.
     *
     * @return how many lines some signature matched
     */
    public static int agreeing(List<String> lines, List<Signature> signatures, Function<Pattern, List<String>> names,
                               BiFunction<Signature, String, Map<String, String>> byHand) {
        int matched = 0;
        for (String line : lines) {
            matched += agree(line, signatures, names, byHand) ? 1 : 0;
        }
        return matched;
    }

    /**
     * Asserts, for each of {@code signatures}, that {@code byHand} reads from {@code line} the fields its whole
     * expression gives ({@code null} for no match), the failure naming the signature and the line.
     *
     * @param names the named groups of an expression
     * @return whether any of them matched
     */
    public static boolean agree(String line, List<Signature> signatures, Function<Pattern, List<String>> names,
                                BiFunction<Signature, String, Map<String, String>> byHand) {
        boolean matched = false;
        for (Signature s : signatures) {
            Map<String, String> expected = wholeMatch(s.pattern(), names.apply(s.pattern()), line);
            assertEquals(expected, byHand.apply(s, line), s.id() + " on " + line);
            matched |= expected != null;
        }
        return matched;
    }
}
