package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.junit.jupiter.api.Test;

/**
 * The written-out comparators of the log reports exactly as the {@code Comparator.comparing} chains they replace
 * (which build serializable lambdas the class-data archive cannot hold): same sign on every pair of random inputs
 * drawn from few values, so the first keys tie often and the later keys decide; nulls included where allowed.
 */
class PlainComparatorsTest {

    private static final Random RANDOM = new Random(14);
    private static final Instant T0 = Instant.parse("2026-12-08T03:00:00Z");

    @Test
    void findingsOrderIsTheChainItReplaced() {
        Comparator<Finding> chain = Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Comparator.comparingDouble(Finding::confidence).reversed());
        double[] confidences = {0.3, 0.6, 0.6000001, 0.9};
        for (int round = 0; round < 50; round++) {
            List<Finding> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(Finding.cause(CauseCode.DNS_TIMEOUT, Layer.PROXY,
                        Severity.values()[RANDOM.nextInt(Severity.values().length)],
                        confidences[RANDOM.nextInt(confidences.length)], "finding " + i).build());
            }
            assertSameOrder(chain, LogCauseReport.BY_SEVERITY, all, Finding::severity);
        }
    }

    @Test
    void subjectOrderIsTheChainItReplaced() {
        Comparator<Map.Entry<String, Long>> chain = Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey());
        String[] keys = {"GET /", "GET /wp-login.php", "POST /xmlrpc.php", "GET /a", "GET /b", ""};
        for (int round = 0; round < 50; round++) {
            List<Map.Entry<String, Long>> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(Map.entry(keys[RANDOM.nextInt(keys.length)], (long) RANDOM.nextInt(4)));
            }
            assertSameOrder(chain, HitGroup.BY_COUNT, all, Map.Entry::getValue);
        }
    }

    @Test
    void sampleOrderIsTheChainItReplacedUndatedLast() {
        Comparator<Evidence.LogLine> chain = Comparator.comparing(Evidence.LogLine::timestamp,
                        Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Evidence.LogLine::file).thenComparingLong(Evidence.LogLine::line);
        String[] files = {"/var/log/nginx/error.log", "/var/log/nginx/a.error.log", "/var/log/php8.2-fpm.log"};
        for (int round = 0; round < 50; round++) {
            List<Evidence.LogLine> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Instant at = RANDOM.nextInt(4) == 0 ? null : T0.plusSeconds(RANDOM.nextInt(3));
                all.add(new Evidence.LogLine(files[RANDOM.nextInt(files.length)], RANDOM.nextInt(4), at, "line " + i));
            }
            assertSameOrder(chain, HitGroup.BY_TIME, all, l -> String.valueOf(l.timestamp()));
        }
    }

    @Test
    void busiestMinuteIsTheChainItReplaced() {
        Comparator<Map.Entry<Instant, Long>> chain = Map.Entry.<Instant, Long>comparingByValue()
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());
        for (int round = 0; round < 50; round++) {
            List<Map.Entry<Instant, Long>> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(Map.entry(T0.plusSeconds(60L * RANDOM.nextInt(6)), (long) RANDOM.nextInt(4)));
            }
            assertSameOrder(chain, Timing.BUSIEST, all, Map.Entry::getValue);
        }
    }

    /**
     * Same sign on every pair, same sorted list; and the first key ties on some pair where a later one decides, so
     * the comparison reaches past the first key.
     */
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
