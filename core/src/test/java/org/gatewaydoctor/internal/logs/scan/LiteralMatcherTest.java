package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    @ValueSource(ints = {1, 5, 40, 65, 300})
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
}
