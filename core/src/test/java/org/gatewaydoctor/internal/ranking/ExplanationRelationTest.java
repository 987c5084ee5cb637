package org.gatewaydoctor.internal.ranking;

import static org.gatewaydoctor.internal.ranking.Reports.T0;
import static org.gatewaydoctor.internal.ranking.Reports.codes;
import static org.gatewaydoctor.internal.ranking.Reports.diagnose;
import static org.gatewaydoctor.internal.ranking.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Explanation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of the built-in explanation relation, one test each, and the relation's own rules. */
class ExplanationRelationTest {

    static Stream<Explanation> builtIn() {
        return Explanations.BUILT_IN.stream();
    }

    private static Finding finding(CauseCode code, Severity severity, double confidence, Basis basis, String line) {
        return Finding.cause(code, code.layer().orElseThrow(), severity, confidence, code + " seen")
                .basis(basis)
                .evidence(new Evidence.LogLine("/var/log/" + code.value() + ".log", 1, T0, line))
                .remediation("fix " + code).build();
    }

    /** A weak cause above a strong, observed symptom it explains, whatever order the reports come in. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIn")
    void theCauseRanksAboveTheEvidenceItProduces(Explanation pair) {
        Finding cause = finding(pair.cause(), Severity.WARNING, 0.3, Basis.OBSERVED, "cause line");
        Finding explained = finding(pair.explained(), Severity.CRITICAL, 0.97, Basis.OBSERVED, "symptom line");
        for (boolean causeFirst : List.of(true, false)) {
            Diagnosis d = diagnose(causeFirst
                    ? List.of(report("a", cause.layer(), cause), report("b", explained.layer(), explained))
                    : List.of(report("b", explained.layer(), explained), report("a", cause.layer(), cause)));
            assertEquals(List.of(pair.cause(), pair.explained()), codes(d));
            RankedCause top = d.causes().get(0);
            assertEquals(List.of(pair.explained()), top.explains());
            assertEquals(Severity.CRITICAL, top.severity(), "a cause is as severe as what it produces");
        }
    }

    /** A configuration risk is borne out by the observed evidence it explains: not capped, not below. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIn")
    void aRiskIsBorneOutByTheObservedEvidenceItExplains(Explanation pair) {
        Finding cause = finding(pair.cause(), Severity.CRITICAL, 0.4, Basis.RISK, "configuration");
        Finding explained = finding(pair.explained(), Severity.CRITICAL, 0.9, Basis.OBSERVED, "symptom line");
        Diagnosis d = diagnose(List.of(report("b", explained.layer(), explained), report("a", cause.layer(), cause)));
        assertEquals(List.of(pair.cause(), pair.explained()), codes(d));
        assertEquals(Basis.RISK, d.causes().get(0).basis());
        assertEquals(Severity.CRITICAL, d.causes().get(0).severity());
    }

    /** Nothing to explain when the explained cause is itself only a risk. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIn")
    void aRiskExplainsNothing(Explanation pair) {
        Finding cause = finding(pair.cause(), Severity.CRITICAL, 0.9, Basis.OBSERVED, "cause line");
        Finding explained = finding(pair.explained(), Severity.WARNING, 0.45, Basis.RISK, "configuration");
        Diagnosis d = diagnose(List.of(report("a", cause.layer(), cause), report("b", explained.layer(), explained)));
        assertTrue(d.causes().get(0).explains().isEmpty(), d.causes().toString());
        assertEquals(List.of(pair.cause(), pair.explained()), codes(d));
    }

    @Test
    void twoReadingsOfOneLineExplainNothing() {
        // nginx's missing-socket line fits PHP-FPM down and a wrong socket path alike; a check reports both
        Evidence line = new Evidence.LogLine("/var/log/nginx/error.log", 3, T0,
                "connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory)");
        Finding refused = Finding.cause(CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PROXY_UPSTREAM_REFUSED.layer()
                .orElseThrow(), Severity.CRITICAL, 0.9, "refused").evidence(line).build();
        Finding mismatch = Finding.cause(CauseCode.PHPFPM_SOCKET_MISMATCH, CauseCode.PHPFPM_SOCKET_MISMATCH.layer()
                .orElseThrow(), Severity.CRITICAL, 0.4, "elsewhere?").evidence(line).build();
        Diagnosis d = diagnose(List.of(report("nginx", refused.layer(), refused, mismatch)));
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PHPFPM_SOCKET_MISMATCH), codes(d));
        assertTrue(d.causes().get(1).explains().isEmpty());
    }

    @Test
    void theBuiltInRelationIsAcyclicAndWithoutDuplicates() {
        List<String> rejected = new ArrayList<>();
        Explanations all = Explanations.of(List.of(), (e, why) -> rejected.add(why));
        assertEquals(List.of(), rejected);
        assertEquals(Explanations.BUILT_IN, all.pairs());
        Set<List<CauseCode>> seen = new HashSet<>();
        for (Explanation e : Explanations.BUILT_IN) {
            assertTrue(seen.add(List.of(e.cause(), e.explained())), "duplicate " + e);
            assertTrue(e.cause().isKnown() && e.explained().isKnown(), e.toString());
        }
    }

    @Test
    void aPairThatClosesACycleIsIgnoredWithAReason() {
        List<String> rejected = new ArrayList<>();
        Explanation backwards = new Explanation(CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PHPFPM_DOWN,
                "a third-party module gets it backwards");
        Explanation fine = new Explanation(CauseCode.of("acme.cache_down"), CauseCode.PROXY_UPSTREAM_REFUSED,
                "nginx connects to the cache daemon");
        Explanations all = Explanations.of(List.of(backwards, fine), (e, why) -> rejected.add(e + ": " + why));
        assertEquals(1, rejected.size());
        assertTrue(rejected.get(0).contains("would close a cycle"), rejected.get(0));
        assertFalse(all.pairs().contains(backwards));
        assertTrue(all.pairs().contains(fine));
    }

    @Test
    void aThirdPartyPairRanksItsCauseAboveTheSymptom() {
        CauseCode cacheDown = CauseCode.of("acme.cache_down");
        Explanations relation = Explanations.of(List.of(new Explanation(cacheDown, CauseCode.PROXY_UPSTREAM_REFUSED,
                "nginx connects to the cache daemon")), (e, why) -> { });
        Finding refused = finding(CauseCode.PROXY_UPSTREAM_REFUSED, Severity.CRITICAL, 0.95, Basis.OBSERVED, "refused");
        Finding down = Finding.cause(cacheDown, refused.layer(), Severity.CRITICAL, 0.5, "the cache daemon is down")
                .evidence(new Evidence.Observation("no acme-cache process", T0)).build();
        Diagnosis d = diagnose(null, List.of(report("nginx", refused.layer(), refused), report("acme", refused.layer(),
                down)), new Ranker(relation));
        assertEquals(List.of(cacheDown, CauseCode.PROXY_UPSTREAM_REFUSED), codes(d));
        Diagnosis without = diagnose(List.of(report("nginx", refused.layer(), refused), report("acme", refused.layer(),
                down)));
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED, cacheDown), codes(without));
    }

    @Test
    void aCauseCannotExplainItself() {
        assertThrows(IllegalArgumentException.class,
                () -> new Explanation(CauseCode.PHPFPM_DOWN, CauseCode.PHPFPM_DOWN, "no"));
    }

    /** docs/causes.md lists every built-in pair, so the page users read is the relation the ranking uses. */
    @Test
    void theCausesPageListsEveryPair() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "causes.md"));
        List<String> missing = new ArrayList<>();
        for (Explanation e : Explanations.BUILT_IN) {
            String row = "| `" + e.cause() + "` | `" + e.explained() + "` |";
            if (!page.contains(row)) {
                missing.add(row + " " + e.how() + " |");
            }
        }
        assertEquals(List.of(), missing, "add these rows to docs/causes.md's explanation table:\n"
                + String.join("\n", missing));
    }
}
