package org.gatewaydoctor.checks.http.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;
import org.junit.jupiter.api.Test;

class SamplesJudgeTest {

    private static final URI URL = URI.create("https://example.org/");

    private static SamplesCheck.Sample ok(int i, long ms, boolean reused, String where) {
        return new SamplesCheck.Sample(i, 200, Duration.ofMillis(ms), reused, where, "");
    }

    private static SamplesCheck.Sample bad(int i, Integer status, boolean reused, String where) {
        return new SamplesCheck.Sample(i, status, Duration.ofMillis(5), reused, where, status == null ? "reset" : "");
    }

    private static List<Finding> findings(List<SamplesCheck.Sample> s) {
        return assertInstanceOf(CheckResult.Findings.class, SamplesCheck.judge(URL, s, s.size(), Duration.ofSeconds(1),
                Redactor.standard(), null)).findings();
    }

    @Test
    void allFineIsAPassWithPercentiles() {
        List<SamplesCheck.Sample> s = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            s.add(ok(i, 10 * (i + 1), i > 0, ""));
        }
        CheckResult.Passed p = assertInstanceOf(CheckResult.Passed.class, SamplesCheck.judge(URL, s, 10,
                Duration.ofSeconds(1), Redactor.standard(), null));
        assertTrue(p.evidence().contains(new Evidence.Measurement("latency p50", 50, "ms")), p.evidence().toString());
        assertTrue(p.evidence().contains(new Evidence.Measurement("latency p90", 90, "ms")), p.evidence().toString());
        assertTrue(p.evidence().contains(new Evidence.Measurement("latency max", 100, "ms")), p.evidence().toString());
    }

    @Test
    void someFailuresAreIntermittentWithTheRateAndSequence() {
        List<SamplesCheck.Sample> s = List.of(ok(0, 5, false, ""), bad(1, 502, false, ""), ok(2, 5, false, ""),
                ok(3, 5, false, ""));
        Finding f = findings(s).get(0);
        assertTrue(f.summary().startsWith("The site fails intermittently: 1 of 4 (25%)"), f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().endsWith(": .5..")), f.evidence().toString());
    }

    @Test
    void failuresOnlyOnReusedConnectionsAreTheKeepAliveRace() {
        List<SamplesCheck.Sample> s = List.of(ok(0, 5, false, ""), ok(1, 5, true, ""), bad(2, null, true, ""),
                ok(3, 5, false, ""), bad(4, 502, true, ""), ok(5, 5, true, ""));
        List<Finding> f = findings(s);
        assertEquals(2, f.size());
        assertTrue(f.get(1).summary().contains("keep-alive race"), f.get(1).summary());
    }

    @Test
    void failuresAtOneEdgeLocationOnlyAreSaid() {
        List<SamplesCheck.Sample> s = List.of(ok(0, 5, false, "cf FRA"), bad(1, 522, false, "cf AMS"),
                ok(2, 5, false, "cf FRA"), bad(3, 522, false, "cf AMS"));
        assertTrue(findings(s).get(0).summary().endsWith("; only at some edge locations: cf AMS 2/2"),
                findings(s).get(0).summary());
    }

    @Test
    void readsIntervalsInTheUsualForms() {
        assertEquals(Duration.ofSeconds(2), SamplesCheck.interval("2s"));
        assertEquals(Duration.ofMillis(500), SamplesCheck.interval("500ms"));
        assertEquals(Duration.ofMillis(1500), SamplesCheck.interval("1.5s"));
        assertEquals(Duration.ofMinutes(1), SamplesCheck.interval("1m"));
        assertEquals(Duration.ofSeconds(3), SamplesCheck.interval("PT3S"));
        assertThrows(IllegalArgumentException.class, () -> SamplesCheck.interval("soon"));
    }

    @Test
    void theEdgeLocationComesFromTheRayIdThePopOrTheCacheNode() {
        java.util.Map<String, List<String>> h = java.util.Map.of("cf-ray", List.of("8e5f1c2a9b3d4e5f-FRA"));
        assertEquals("cf FRA", SamplesCheck.location(HttpProber.Response.of(URL, "", 200, "", h, new byte[0])));
        h = java.util.Map.of("x-amz-cf-pop", List.of("CDG50-C1"));
        assertEquals("cloudfront CDG50-C1", SamplesCheck.location(HttpProber.Response.of(URL, "", 200, "", h,
                new byte[0])));
        h = java.util.Map.of("x-served-by", List.of("cache-iad-kiad7000025-IAD, cache-fra-eddf8230044-FRA"));
        assertEquals("cache-fra-eddf8230044-FRA", SamplesCheck.location(HttpProber.Response.of(URL, "", 200, "", h,
                new byte[0])));
    }
}
