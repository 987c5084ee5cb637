package org.gatewaydoctor.internal.ranking;

import static org.gatewaydoctor.internal.ranking.Reports.T0;
import static org.gatewaydoctor.internal.ranking.Reports.diagnose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Explanation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the ranking over random diagnoses (fixed seeds, so a failure names the seed that shows it):
 * it does not depend on the order of reports or findings, adding unrelated older evidence does not reorder what
 * was there, and its three guarantees hold (no unconfirmed risk above what happens, explainers above what they
 * explain, causes that fit the visitors' status above those that do not).
 */
class RankingPropertyTest {

    private static final List<CauseCode> CODES = CauseCode.known();
    private static final String URL = "http://127.0.0.1:8080/";

    static Stream<Long> seeds() {
        return IntStream.range(0, 200).mapToObj(i -> 0x5EED0000L + i);
    }

    private record Scenario(List<CheckReport> reports, Set<CauseCode> codes) {
    }

    private static Scenario scenario(Random rnd, Set<CauseCode> avoid, boolean old) {
        List<CauseCode> pool = new ArrayList<>(CODES);
        pool.removeAll(avoid);
        Collections.shuffle(pool, rnd);
        int n = Math.min(pool.size(), 2 + rnd.nextInt(7));
        List<Finding> findings = new ArrayList<>();
        Set<CauseCode> used = new HashSet<>();
        for (CauseCode code : pool.subList(0, n)) {
            used.add(code);
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                Instant at = rnd.nextInt(4) == 0 ? null
                        : (old ? T0.minus(Duration.ofHours(3)) : T0).minusSeconds(rnd.nextInt(1800));
                Finding.Builder b = Finding.cause(code, code.layer().orElseThrow(),
                                Severity.values()[rnd.nextInt(3)], 0.05 + 0.95 * rnd.nextDouble(),
                                code + " finding " + rnd.nextInt(3))
                        .basis(rnd.nextInt(3) == 0 ? Basis.RISK : Basis.OBSERVED)
                        .evidence(rnd.nextBoolean()
                                ? new Evidence.LogLine("/var/log/" + code.value(), 1 + rnd.nextInt(50), at,
                                "line " + rnd.nextInt(5))
                                : new Evidence.ConfigLine("/etc/" + code.value(), 1 + rnd.nextInt(50), "directive", "v"))
                        .remediation("fix " + code + " step " + rnd.nextInt(2));
                if (rnd.nextInt(3) == 0) {
                    b.httpStatus(List.of(500, 502, 503, 504).get(rnd.nextInt(4)));
                }
                findings.add(b.build());
            }
        }
        if (!old && rnd.nextBoolean()) {
            int status = List.of(500, 502, 503, 504).get(rnd.nextInt(4));
            findings.add(Finding.symptom(Layer.PROXY, Severity.CRITICAL, "the site answers " + status)
                    .evidence(new Evidence.ErrorPage(new ErrorSource("nginx", ErrorSource.Hop.PROXY, status, 0.9,
                            List.of("body: nginx"), null, null), T0)).build());
        }
        return new Scenario(split(findings, rnd, old ? "old" : "check"), used);
    }

    private static List<CheckReport> split(List<Finding> findings, Random rnd, String prefix) {
        int checks = 1 + rnd.nextInt(4);
        List<List<Finding>> parts = new ArrayList<>();
        for (int i = 0; i < checks; i++) {
            parts.add(new ArrayList<>());
        }
        findings.forEach(f -> parts.get(rnd.nextInt(checks)).add(f));
        List<CheckReport> out = new ArrayList<>();
        for (int i = 0; i < checks; i++) {
            if (!parts.get(i).isEmpty()) {
                out.add(report(prefix + "." + i, parts.get(i)));
            }
        }
        return out;
    }

    private static CheckReport report(String id, List<Finding> findings) {
        return new CheckReport.Completed(id, Layer.PROXY, Duration.ofMillis(3), CheckResult.findings(findings));
    }

    /** What the ranking decides, without what depends on report order by design (evidence and step order). */
    private static List<List<Object>> decided(Diagnosis d) {
        List<List<Object>> out = new ArrayList<>();
        for (RankedCause c : d.causes()) {
            out.add(List.of(c.rank(), c.code(), c.confidence(), c.severity(), c.basis(), c.summary(),
                    new HashSet<>(c.explains()), c.statusNote(), new HashSet<>(c.evidence()),
                    new HashSet<>(c.remediation())));
        }
        return out;
    }

    private static List<CheckReport> shuffled(List<CheckReport> reports, Random rnd) {
        List<CheckReport> out = new ArrayList<>();
        for (CheckReport r : reports) {
            CheckReport.Completed c = (CheckReport.Completed) r;
            List<Finding> fs = new ArrayList<>(c.result().findingList());
            Collections.shuffle(fs, rnd);
            out.add(report(c.checkId(), fs));
        }
        Collections.shuffle(out, rnd);
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theRankingDoesNotDependOnTheOrderOfReportsOrFindings(long seed) {
        Random rnd = new Random(seed);
        Scenario s = scenario(rnd, Set.of(), false);
        List<List<Object>> first = decided(diagnose(URL, s.reports()));
        for (int i = 0; i < 5; i++) {
            assertEquals(first, decided(diagnose(URL, shuffled(s.reports(), rnd))), "seed " + seed);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void unrelatedOlderEvidenceDoesNotReorderTheIncident(long seed) {
        Random rnd = new Random(seed);
        Scenario s = scenario(rnd, Set.of(), false);
        Set<CauseCode> related = new HashSet<>(s.codes());
        for (Explanation e : Explanations.BUILT_IN) {
            if (s.codes().contains(e.cause()) || s.codes().contains(e.explained())) {
                related.add(e.cause());
                related.add(e.explained());
            }
        }
        Scenario older = scenario(rnd, related, true);
        // only codes no pair links to the incident's (directly) and none of the incident's
        List<CheckReport> all = new ArrayList<>(s.reports());
        all.addAll(older.reports());
        Collections.shuffle(all, rnd);
        List<List<Object>> before = decided(diagnose(URL, s.reports()));
        List<List<Object>> after = decided(diagnose(URL, all)).stream()
                .filter(row -> s.codes().contains((CauseCode) row.get(1))).toList();
        assertEquals(before.stream().map(r -> r.subList(1, r.size())).toList(),
                after.stream().map(r -> r.subList(1, r.size())).toList(), "seed " + seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theOrderKeepsItsThreeGuarantees(long seed) {
        Random rnd = new Random(seed);
        Diagnosis d = diagnose(URL, scenario(rnd, Set.of(), false).reports());
        List<RankedCause> causes = d.causes();
        for (int i = 0; i < causes.size(); i++) {
            RankedCause hi = causes.get(i);
            for (int j = i + 1; j < causes.size(); j++) {
                RankedCause lo = causes.get(j);
                String where = "seed " + seed + ": " + hi.code() + " above " + lo.code();
                assertTrue(!lo.explains().contains(hi.code()), where + ", which explains it");
                boolean hiExplainsLo = explainsTransitively(causes, hi, lo);
                if (!hiExplainsLo) {
                    assertTrue(happening(hi) || !happening(lo), where + ": a risk above what happens");
                    if (happening(hi) == happening(lo)) {
                        assertTrue(fits(hi) || !fits(lo), where + ": a cause that does not fit above one that does");
                    }
                }
            }
            if (!happening(hi)) {
                assertTrue(hi.severity() != Severity.CRITICAL, "seed " + seed + ": an unconfirmed risk is critical");
            }
        }
    }

    /**
     * Whether {@code lo} had to wait for {@code hi} or a cause below it: explainers come first, so {@code lo}
     * follows every cause that (transitively) explains it, whatever the tiers say.
     */
    private static boolean explainsTransitively(List<RankedCause> causes, RankedCause hi, RankedCause lo) {
        Set<CauseCode> ancestors = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (RankedCause c : causes) {
                if ((c.explains().contains(lo.code()) || c.explains().stream().anyMatch(ancestors::contains))
                        && ancestors.add(c.code())) {
                    grew = true;
                }
            }
        }
        return causes.stream().anyMatch(c -> ancestors.contains(c.code()) && c.rank() >= hi.rank());
    }

    private static boolean happening(RankedCause c) {
        return c.basis() == Basis.OBSERVED || !c.explains().isEmpty();
    }

    private static boolean fits(RankedCause c) {
        return !c.statusNote().startsWith("Visitors got");
    }
}
