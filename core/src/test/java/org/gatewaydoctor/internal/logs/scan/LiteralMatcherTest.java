package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiteralMatcherTest {

    private static final String WORDS = "upstream timed out connect failed while reading response header from "
            + "client server request host unix socket php fpm pool child exited signal script terminating";

    /** Every occurrence of every literal, found naively. */
    private static List<String> naive(List<String> literals, String text) {
        List<String> out = new ArrayList<>();
        for (int pos = 0; pos < text.length(); pos++) {
            for (int i = 0; i < literals.size(); i++) {
                if (text.startsWith(literals.get(i), pos)) {
                    out.add(i + "@" + pos);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 40, 64, 65, 300, 1000})
    void findsExactlyWhatANaiveSearchFinds(int count) {
        Random random = new Random(count);
        String[] words = WORDS.split(" ");
        List<String> literals = new ArrayList<>();
        while (literals.size() < count) {
            StringBuilder sb = new StringBuilder();
            int n = 2 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            String lit = sb.toString();
            if (lit.length() >= 8 && !literals.contains(lit)) {
                literals.add(lit);
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(random.nextInt(10) == 0 ? literals.get(random.nextInt(count)) : words[random.nextInt(words.length)]);
            text.append(random.nextInt(20) == 0 ? '\n' : ' ');
        }
        String t = text.toString();
        byte[] bytes = t.getBytes(StandardCharsets.US_ASCII);
        List<String> found = new ArrayList<>();
        new LiteralMatcher(literals).search(bytes, 0, bytes.length, (lit, start) -> found.add(lit + "@" + start));
        List<String> expected = naive(literals, t);
        assertEquals(expected.size(), found.size());
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(found));
    }

    // ---- large sets (bucketed shift-or) and edge cases, compared byte for byte with a naive search ----

    private static final String[] VOCABULARY = (WORDS + " worker socket while reading zeit überschritten "
            + "délai dépassé 接続 失敗 AH01079: (11: - - SC-- HTTP/1.1\" 502 /wp-content/plugins/").split(" ");

    /** Every occurrence in {@code buf[from, to)} of every literal, as "literal@start", in order of start. */
    private static List<String> naiveBytes(byte[][] literals, byte[] buf, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int pos = from; pos < to; pos++) {
            for (int i = 0; i < literals.length; i++) {
                byte[] l = literals[i];
                if (pos + l.length <= to && buf[pos] == l[0] && java.util.Arrays.equals(buf, pos, pos + l.length, l, 0,
                        l.length)) {
                    out.add(i + "@" + pos);
                }
            }
        }
        return out;
    }

    private static byte[][] bytes(List<String> literals) {
        return literals.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** Runs {@code search} and checks it against the naive search: same occurrences, in order of position. */
    private static void assertSameAsNaive(byte[][] literals, byte[] buf, int from, int to,
            java.util.function.Consumer<LiteralMatcher.Sink> search) {
        List<String> found = new ArrayList<>();
        int[] last = {Integer.MIN_VALUE};
        search.accept((lit, start) -> {
            assertTrue(start >= last[0], "out of order: " + start + " after " + last[0]);
            assertTrue(start >= from && start + literals[lit].length <= to, "outside the region: " + lit + "@" + start);
            last[0] = start;
            found.add(lit + "@" + start);
        });
        List<String> expected = naiveBytes(literals, buf, from, to);
        java.util.Collections.sort(found);
        java.util.Collections.sort(expected);
        assertEquals(expected, found);
    }

    /**
     * As {@link #assertSameAsNaive}, for a matcher with anchors chosen on a sample, which reports in order of the end
     * of each occurrence's anchor: an occurrence reported after one that starts later must overlap it.
     */
    private static void assertSameAsNaiveAnchored(byte[][] literals, byte[] buf, int from, int to,
            java.util.function.Consumer<LiteralMatcher.Sink> search) {
        List<String> found = new ArrayList<>();
        List<int[]> reported = new ArrayList<>();
        search.accept((lit, start) -> {
            assertTrue(start >= from && start + literals[lit].length <= to, "outside the region: " + lit + "@" + start);
            int end = start + literals[lit].length;
            for (int[] r : reported) {
                assertTrue(r[0] <= start || end > r[0], "out of order: " + lit + "@" + start + " after one at " + r[0]);
            }
            reported.add(new int[] {start});
            found.add(lit + "@" + start);
        });
        List<String> expected = naiveBytes(literals, buf, from, to);
        java.util.Collections.sort(found);
        java.util.Collections.sort(expected);
        assertEquals(expected, found);
    }

    private static String phrase(Random random, int minBytes) {
        StringBuilder sb = new StringBuilder();
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < minBytes || random.nextInt(3) == 0) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
        }
        return sb.toString();
    }

    /** Literals: phrases, some extending or cut from others (prefixes, overlaps), some repeated. */
    private static List<String> literalSet(Random random, int count, int minBytes) {
        List<String> literals = new ArrayList<>();
        while (literals.size() < count) {
            String lit;
            int kind = random.nextInt(10);
            if (kind == 0 && !literals.isEmpty()) {
                lit = literals.get(random.nextInt(literals.size())) + " " + VOCABULARY[random.nextInt(VOCABULARY.length)];
            } else if (kind == 1 && !literals.isEmpty()) {
                String base = literals.get(random.nextInt(literals.size()));
                lit = base.substring(random.nextInt(Math.max(1, base.length() / 2)));
            } else if (kind == 2 && !literals.isEmpty()) {
                String base = literals.get(random.nextInt(literals.size()));
                lit = base.substring(0, Math.max(1, base.length() - random.nextInt(6)));
            } else {
                lit = phrase(random, minBytes);
            }
            if (lit.getBytes(StandardCharsets.UTF_8).length >= minBytes && (kind != 3 || literals.isEmpty())) {
                literals.add(lit);
            } else if (kind == 3) {
                literals.add(literals.get(random.nextInt(literals.size())));
            }
        }
        return literals;
    }

    /** Text of vocabulary words, literals, near-misses and stray high bytes. */
    private static byte[] text(Random random, List<String> literals, int words) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < words; i++) {
            int r = random.nextInt(20);
            String s;
            if (r < 3) {
                s = literals.get(random.nextInt(literals.size()));
            } else if (r == 3) {
                String l = literals.get(random.nextInt(literals.size()));
                int cut = random.nextInt(l.length());
                s = l.substring(0, cut) + (char) ('a' + random.nextInt(26)) + l.substring(Math.min(l.length(), cut + 1));
            } else {
                s = VOCABULARY[random.nextInt(VOCABULARY.length)];
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
            if (random.nextInt(30) == 0) {
                out.write(0x80 | random.nextInt(128));
            }
            out.write(random.nextInt(15) == 0 ? '\n' : random.nextInt(8) == 0 ? 0 : ' ');
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 66, 100, 257, 700, 1500, 2049, 2500})
    void largeSetsFindExactlyWhatANaiveSearchFinds(int count) {
        Random random = new Random(31L * count);
        List<String> literals = literalSet(random, count, 8);
        byte[][] lits = bytes(literals);
        byte[] buf = text(random, literals, 4_000);
        LiteralMatcher m = new LiteralMatcher(literals);
        assertEquals(count, m.size());
        assertSameAsNaive(lits, buf, 0, buf.length, sink -> m.search(buf, 0, buf.length, sink));
        // anchors chosen on a sample (the text itself): the same occurrences
        LiteralMatcher anchored = new LiteralMatcher(literals, buf, 0, buf.length);
        assertSameAsNaiveAnchored(lits, buf, 0, buf.length, sink -> anchored.search(buf, 0, buf.length, sink));
        for (int i = 0; i < 40; i++) {
            int from = random.nextInt(buf.length);
            int to = from + random.nextInt(Math.min(buf.length - from, 200) + 1);
            assertSameAsNaive(lits, buf, from, to, sink -> m.search(buf, from, to, sink));
            assertSameAsNaiveAnchored(lits, buf, from, to, sink -> anchored.search(buf, from, to, sink));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 8, 9, 12, 17, 40})
    void shiftOrWithShortLiteralsFindsExactlyWhatANaiveSearchFinds(int minBytes) {
        Random random = new Random(minBytes);
        List<String> literals = literalSet(random, 200, minBytes);
        literals.add(VOCABULARY[0].substring(0, 3) + "xyzabcdefghijklmnopqrstuvwxyz0123456789".substring(0, minBytes - 3));
        byte[][] lits = bytes(literals);
        int min = java.util.Arrays.stream(lits).mapToInt(l -> l.length).min().orElseThrow();
        ShiftOrMatcher m = new ShiftOrMatcher(lits, Math.min(32, min));
        byte[] buf = text(random, literals, 3_000);
        assertSameAsNaive(lits, buf, 0, buf.length, sink -> m.search(buf, 0, buf.length, sink));
        for (int from = 0; from < 9; from++) {
            for (int to = buf.length - 9; to <= buf.length; to++) {
                int f = from;
                int t = to;
                assertSameAsNaive(lits, buf, f, t, sink -> m.search(buf, f, t, sink));
            }
        }
    }

    /**
     * Text whose blocks are in no literal takes the longest shift at every step, four steps per iteration of the
     * Wu-Manber loop while four blocks can be read as ints; literals planted at every distance from the region's
     * end (which may be the array's) are found as the naive search finds them, in position order.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 38, 140})
    void findsLiteralsAtEveryDistanceFromTheEndWhereTheSearchTakesFourLongestShiftsAtATime(int count) {
        Random random = new Random(4L * count);
        List<String> literals = literalSet(random, count, 10);
        byte[][] lits = bytes(literals);
        LiteralMatcher m = new LiteralMatcher(literals);
        for (int round = 0; round < 60; round++) {
            byte[] lit = lits[random.nextInt(lits.length)];
            int length = lits[0].length + lit.length + 30 + random.nextInt(120);
            byte[] buf = new byte[length];
            for (int i = 0; i < length; i++) {
                buf[i] = (byte) "QJZKXVWY".charAt((i * 3 + round) % 8); // letters of no word the literals are made of
            }
            int at = random.nextInt(length - lit.length + 1);
            System.arraycopy(lit, 0, buf, at, lit.length);
            if (random.nextBoolean()) {
                byte[] other = lits[0];
                int at2 = random.nextInt(length - other.length + 1);
                System.arraycopy(other, 0, buf, at2, other.length);
            }
            for (int to = Math.max(0, length - 48); to <= length; to++) {
                for (int from = 0; from <= 4 && from <= to; from += 2) {
                    int f = from;
                    int t = to;
                    assertSameAsNaive(lits, buf, f, t, sink -> m.search(buf, f, t, sink));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 65, 300})
    void findsOccurrencesAtTheRegionsEdgesOnly(int count) {
        Random random = new Random(7L + count);
        List<String> literals = literalSet(random, count, 8);
        byte[][] lits = bytes(literals);
        LiteralMatcher m = new LiteralMatcher(literals);
        for (int i = 0; i < 200; i++) {
            byte[] a = lits[random.nextInt(lits.length)];
            byte[] b = lits[random.nextInt(lits.length)];
            byte[] pad = ("x\u00e9" + VOCABULARY[random.nextInt(VOCABULARY.length)]).getBytes(StandardCharsets.UTF_8);
            int gap = random.nextInt(20);
            int lead = random.nextInt(pad.length);
            // [lead junk][a][gap bytes][b][trailing junk], region exactly from a's start to b's end
            byte[] buf = new byte[lead + a.length + gap + b.length + lead];
            System.arraycopy(pad, 0, buf, 0, lead);
            System.arraycopy(a, 0, buf, lead, a.length);
            for (int g = 0; g < gap; g++) {
                buf[lead + a.length + g] = (byte) (g % 2 == 0 ? 0xC3 : 'q');
            }
            System.arraycopy(b, 0, buf, lead + a.length + gap, b.length);
            System.arraycopy(pad, 0, buf, lead + a.length + gap + b.length, lead);
            int from = lead;
            int to = lead + a.length + gap + b.length;
            assertSameAsNaive(lits, buf, from, to, sink -> m.search(buf, from, to, sink));
            assertSameAsNaive(lits, buf, from + 1, to - 1, sink -> m.search(buf, from + 1, to - 1, sink));
            assertSameAsNaive(lits, buf, 0, buf.length, sink -> m.search(buf, 0, buf.length, sink));
        }
    }

    @org.junit.jupiter.api.Test
    void highBytesThatDifferOnlyInTheTopBitAreNotConfused() {
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            literals.add("caf\u00e9 n\u00b0" + i + " r\u00e9ponse");
        }
        byte[][] lits = bytes(literals);
        byte[] buf = ("caf\u00e9 n\u00b042 r\u00e9ponse cafi n042 riponse caf\u0069 " + "caf\u00e9 n\u00b099 r\u00e9ponse")
                .getBytes(StandardCharsets.UTF_8);
        byte[] masked = buf.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] &= 0x7F;
        }
        LiteralMatcher m = new LiteralMatcher(literals);
        assertSameAsNaive(lits, buf, 0, buf.length, sink -> m.search(buf, 0, buf.length, sink));
        List<String> none = new ArrayList<>();
        m.search(masked, 0, masked.length, (lit, start) -> none.add(lit + "@" + start));
        assertEquals(List.of(), none);
    }
}
