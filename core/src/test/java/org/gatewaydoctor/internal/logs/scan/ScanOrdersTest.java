package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.gatewaydoctor.logs.SiteHits;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;

/**
 * {@link ScanEngine}'s written-out orders exactly as the {@code Comparator.comparing} chains they replace (which build
 * serializable lambdas the class-data archive cannot hold): same sign on every pair of random inputs drawn from few
 * values, so the first keys tie often and the later keys decide; same sorted list; and the same answer to a null key
 * (neither accepts one).
 */
class ScanOrdersTest {

    private static final Random RANDOM = new Random(14);
    private static final Instant T0 = Instant.parse("2026-12-08T03:00:00Z");
    private static final String[] IDS = {"nginx.upstream-refused", "nginx.upstream-timeout", "php-fpm.max-children"};
    private static final String[] FILES = {"/var/log/nginx/error.log", "/var/log/php8.2-fpm.log", "-"};
    private static final String[] SITES = {"example.org", "shop.example.org", "blog.example.org"};

    @Test
    void newestFirstIsTheChainItReplaced() {
        Comparator<Aggregate.Event> chain = Comparator.comparing((Aggregate.Event e) -> e.hit().at()).reversed();
        for (int round = 0; round < 50; round++) {
            List<Aggregate.Event> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(event(i, T0.plusSeconds(RANDOM.nextInt(5))));
            }
            assertSameOrder(chain, ScanEngine.NEWEST_FIRST, all, null);
        }
        Aggregate.Event timed = event(1, T0);
        Aggregate.Event untimed = event(2, null);
        assertThrows(NullPointerException.class, () -> chain.compare(timed, untimed));
        assertThrows(NullPointerException.class, () -> ScanEngine.NEWEST_FIRST.compare(timed, untimed));
    }

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
            assertSameOrder(chain, ScanEngine.HITS_ORDER, all, SignatureHits::count);
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
            assertSameOrder(chain, ScanEngine.TIMELINE_ORDER, all, LogEvent::at);
            // the third key decides some pair too: same time, same file, other line
            assertSameOrder(chain, ScanEngine.TIMELINE_ORDER, all, e -> e.at() + " " + e.line().file());
        }
    }

    @Test
    void sitesOrderIsTheChainItReplaced() {
        Comparator<SiteHits> chain = Comparator.comparingLong(SiteHits::count).reversed()
                .thenComparing(SiteHits::site);
        for (int round = 0; round < 50; round++) {
            List<SiteHits> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(new SiteHits(SITES[RANDOM.nextInt(SITES.length)], RANDOM.nextInt(4), T0.plusSeconds(i), null,
                        RANDOM.nextBoolean()));
            }
            assertSameOrder(chain, ScanEngine.SITES_ORDER, all, SiteHits::count);
        }
    }

    private static Aggregate.Event event(int n, Instant at) {
        return new Aggregate.Event(n % 3, new Aggregate.Hit(0, n, at, "line " + n, Map.of()),
                new Aggregate.LineRef(100L * n, 80, 0, false, 0));
    }

    /**
     * Same sign on every pair, same sorted list (the sorts are stable, and equal elements differ in other
     * components, so ties must stay in place). With {@code firstKey}: some pair ties on it and a later key decides,
     * so the comparison reaches past it. Without: some pairs tie and some do not.
     */
    private static <T> void assertSameOrder(Comparator<T> chain, Comparator<T> plain, List<T> all,
            Function<T, ?> firstKey) {
        int decidedLater = 0;
        int ties = 0;
        int decided = 0;
        for (T a : all) {
            for (T b : all) {
                int expected = Integer.signum(chain.compare(a, b));
                assertEquals(expected, Integer.signum(plain.compare(a, b)), () -> a + " vs " + b);
                if (expected == 0) {
                    ties++;
                } else {
                    decided++;
                    if (firstKey != null && firstKey.apply(a).equals(firstKey.apply(b))) {
                        decidedLater++;
                    }
                }
            }
        }
        assertTrue(ties > all.size() && decided > 0, "the inputs neither tie nor differ");
        assertTrue(firstKey == null || decidedLater > 0, "no pair got past the first key");
        List<T> byChain = new ArrayList<>(all);
        byChain.sort(chain);
        List<T> byPlain = new ArrayList<>(all);
        byPlain.sort(plain);
        assertEquals(byChain, byPlain);
    }
}
