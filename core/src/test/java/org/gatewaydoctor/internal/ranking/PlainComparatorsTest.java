package org.gatewaydoctor.internal.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.TimelineEntry;
import org.junit.jupiter.api.Test;

/**
 * The written-out comparators of the ranking order exactly as the {@code Comparator.comparing} chains they replace
 * (which build serializable lambdas the class-data archive cannot hold): same sign on every pair of random inputs
 * drawn from few values, so the first keys tie often and the later keys decide.
 */
class PlainComparatorsTest {

    private static final Random RANDOM = new Random(14);

    @Test
    void rankerOrderIsTheChainItReplaced() {
        Comparator<Candidate> chain = Comparator.comparingInt(Candidate::tier)
                .thenComparing(Comparator.comparingLong((Candidate c) -> Math.round(c.score() * 1e9)).reversed())
                .thenComparing(c -> c.layer.ordinal(), Comparator.reverseOrder())
                .thenComparing(c -> c.code);
        CauseCode[] codes = {CauseCode.DNS_NXDOMAIN, CauseCode.DNS_SERVFAIL, CauseCode.DNS_TIMEOUT,
                CauseCode.DNS_NO_ADDRESS, CauseCode.DNS_INCONSISTENT, CauseCode.DNS_DANGLING_CNAME};
        Layer[] layers = Layer.values();
        Severity[] severities = Severity.values();
        double[] confidences = {0.5, 0.7, 0.7000000001, 0.9};
        for (int round = 0; round < 50; round++) {
            List<Candidate> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Candidate c = new Candidate(codes[RANDOM.nextInt(6)]);
                c.layer = layers[RANDOM.nextInt(3)];
                c.severity = severities[RANDOM.nextInt(severities.length)];
                c.confidence = confidences[RANDOM.nextInt(confidences.length)];
                c.weight = RANDOM.nextBoolean() ? 1.0 : 0.5;
                c.observed = RANDOM.nextBoolean();
                c.statusMismatch = RANDOM.nextInt(4) == 0;
                all.add(c);
            }
            assertSameOrder(chain, Ranker.ORDER, all, Candidate::tier);
        }
    }

    @Test
    void timelineOrderIsTheChainItReplaced() {
        Comparator<TimelineEntry> chain = Comparator.comparing(TimelineEntry::at)
                .thenComparing(TimelineEntry::checkId);
        Instant t0 = Instant.parse("2026-12-08T03:00:00Z");
        String[] checks = {"nginx-error-log", "php-fpm-log", "log-scan", "http-probe"};
        for (int round = 0; round < 50; round++) {
            List<TimelineEntry> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(new TimelineEntry(t0.plusSeconds(RANDOM.nextInt(5)), Layer.values()[RANDOM.nextInt(3)],
                        checks[RANDOM.nextInt(checks.length)], null, new Evidence.Observation("line " + i, null),
                        false));
            }
            assertSameOrder(chain, Assembler.BY_TIME, all, TimelineEntry::at);
        }
    }

    /**
     * Same sign on every pair, same sorted list; and the first key ties on some pair where a later one decides, so
     * the comparison reaches past the first key.
     */
    static <T> void assertSameOrder(Comparator<T> chain, Comparator<T> plain, List<T> all,
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
