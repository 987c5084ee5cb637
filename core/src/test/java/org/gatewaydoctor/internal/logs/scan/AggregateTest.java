package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gatewaydoctor.logs.LogScanner;
import org.junit.jupiter.api.Test;

/**
 * A signature's field tallies: hits whose fields are the scan's own (insertion-ordered) map are tallied in the
 * order of an immutable copy of them, as when every hit's fields were copied, and give the same values, counts
 * and iteration orders (which decide, when segments are merged, which values are kept and which become
 * {@code "(other)"}) as the tally of copied fields written the way it was before.
 */
class AggregateTest {

    private static final String[] KEYS = {"client", "server", "request", "upstream", "host", "file", "plugin", "theme",
        "errno", "errtext", "socket", "peer", "limit", "seconds"};

    /** Random fields: a random subset of the keys in a random order (a few shapes repeat), values from a pool. */
    private static List<LinkedHashMap<String, String>> hits(long seed, int n) {
        Random r = new Random(seed);
        List<List<String>> shapes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<String> keys = new ArrayList<>(List.of(KEYS));
            java.util.Collections.shuffle(keys, r);
            shapes.add(keys.subList(0, r.nextInt(KEYS.length + 1)));
        }
        List<LinkedHashMap<String, String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> shape = r.nextInt(10) == 0 ? shapes.get(r.nextInt(shapes.size()))
                    : shapes.get(i / 500 % shapes.size());
            LinkedHashMap<String, String> f = new LinkedHashMap<>();
            for (String k : shape) {
                // some fields with few values, some with more than are kept (13, 21 or 40 distinct)
                int pool = k.length() % 3 == 0 ? 13 : k.length() % 3 == 1 ? 21 : 40;
                f.put(k, k + "-" + r.nextInt(pool));
            }
            out.add(f);
        }
        return out;
    }

    /** The tally as it was written before: every hit's fields copied, computeIfAbsent, containsKey and merge. */
    private static Map<String, Map<String, Long>> reference(List<? extends Map<String, String>> hits) {
        Map<String, Map<String, Long>> fields = new LinkedHashMap<>();
        for (Map<String, String> h : hits) {
            for (Map.Entry<String, String> f : Map.copyOf(h).entrySet()) {
                Map<String, Long> values = fields.computeIfAbsent(f.getKey(), k -> new HashMap<>());
                String key = values.containsKey(f.getValue()) || values.size() < LogScanner.MAX_FIELD_VALUES
                        ? f.getValue() : "(other)";
                values.merge(key, 1L, Long::sum);
            }
        }
        return fields;
    }

    private static Aggregate.PerSignature tally(List<? extends Map<String, String>> hits, boolean copy) {
        Aggregate.PerSignature per = new Aggregate.PerSignature();
        long line = 0;
        for (Map<String, String> h : hits) {
            per.add(new Aggregate.Hit(0, line++, Instant.EPOCH, "x", copy ? Map.copyOf(h) : h), 2, 3);
        }
        return per;
    }

    /** The tallies with every order they are iterated in. */
    private static List<String> ordered(Map<String, Map<String, Long>> fields) {
        List<String> out = new ArrayList<>();
        fields.forEach((field, values) -> values.forEach((v, n) -> out.add(field + "=" + v + ":" + n)));
        return out;
    }

    @Test
    void fieldsTalliedInTheirCopysOrderGiveTheTalliesAndOrdersOfCopiedFields() {
        for (long seed = 1; seed <= 20; seed++) {
            List<LinkedHashMap<String, String>> hits = hits(seed, 3_000);
            List<String> expected = ordered(reference(hits));
            assertEquals(expected, ordered(tally(hits, false).fields), "seed " + seed + ", the scan's own maps");
            assertEquals(expected, ordered(tally(hits, true).fields), "seed " + seed + ", copies");
        }
    }

    @Test
    void mergedSegmentsKeepTheSameValuesWhicheverWayTheirFieldsWereHeld() {
        for (long seed = 21; seed <= 30; seed++) {
            List<LinkedHashMap<String, String>> first = hits(seed, 1_500);
            List<LinkedHashMap<String, String>> second = hits(seed * 7, 1_500);
            Aggregate.PerSignature a = tally(first, false);
            a.merge(tally(second, false), 2, 3);
            Aggregate.PerSignature b = tally(first, true);
            b.merge(tally(second, true), 2, 3);
            assertEquals(ordered(b.fields), ordered(a.fields), "seed " + seed);
            assertEquals(b.count, a.count);
        }
    }
}
