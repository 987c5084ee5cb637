package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;

/**
 * {@link ScanMerge}'s written-out orders exactly as the {@code Comparator.comparing} chains they replace: same sign
 * on every pair of random inputs drawn from few values (the first keys tie often, later keys decide), same sorted
 * list.
 */
class ScanMergeOrdersTest {

    private static final Random RANDOM = new Random(14);
    private static final Instant T0 = Instant.parse("2026-12-08T03:00:00Z");
    private static final String[] IDS = {"nginx.upstream-refused", "nginx.upstream-timeout", "php-fpm.max-children"};
    private static final String[] FILES = {"/var/log/nginx/error.log", "/var/log/php8.2-fpm.log", "-"};

    @Test
    void hitsOrderIsTheChainItReplaced() {
        Comparator<SignatureHits> chain = Comparator.comparingLong(SignatureHits::count).reversed()
                .thenComparing(SignatureHits::id);
        for (int round = 0; round < 50; round++) {
            List<SignatureHits> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Signature s = new Signature(IDS[RANDOM.nextInt(IDS.length)], Layer.PROXY, Set.of(), "literal " + i,
                        null, 502, List.of(), "sample " + i);
                all.add(new SignatureHits(s, RANDOM.nextInt(4), T0, T0, List.of(), new TreeMap<>(), Map.of()));
            }
            assertSameOrder(chain, ScanMerge.HITS_ORDER, all, SignatureHits::count);
        }
    }

    @Test
    void timelineOrderIsTheChainItReplaced() {
        Comparator<LogEvent> chain = Comparator.comparing(LogEvent::at).thenComparing(e -> e.line().file())
                .thenComparingLong(e -> e.line().line());
        for (int round = 0; round < 50; round++) {
            List<LogEvent> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Instant at = T0.plusSeconds(RANDOM.nextInt(3));
                Evidence.LogLine line = new Evidence.LogLine(FILES[RANDOM.nextInt(FILES.length)], RANDOM.nextInt(3),
                        at, "line " + i);
                all.add(new LogEvent(at, IDS[RANDOM.nextInt(IDS.length)], line, Map.of()));
            }
            assertSameOrder(chain, ScanMerge.TIMELINE_ORDER, all, LogEvent::at);
            assertSameOrder(chain, ScanMerge.TIMELINE_ORDER, all, e -> e.at() + " " + e.line().file());
        }
    }

    /** Same sign on every pair and same sorted list; some pair ties on {@code firstKey} and a later key decides. */
    private static <T> void assertSameOrder(Comparator<T> chain, Comparator<T> plain, List<T> all,
            Function<T, ?> firstKey) {
        int decidedLater = 0;
        for (T a : all) {
            for (T b : all) {
                int expected = Integer.signum(chain.compare(a, b));
                assertEquals(expected, Integer.signum(plain.compare(a, b)), () -> a + " vs " + b);
                if (expected != 0 && firstKey.apply(a).equals(firstKey.apply(b))) {
                    decidedLater++;
                }
            }
        }
        assertTrue(decidedLater > 0, "no pair got past the first key");
        List<T> byChain = new ArrayList<>(all);
        byChain.sort(chain);
        List<T> byPlain = new ArrayList<>(all);
        byPlain.sort(plain);
        assertEquals(byChain, byPlain);
    }
}
