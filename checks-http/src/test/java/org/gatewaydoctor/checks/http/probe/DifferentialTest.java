package org.gatewaydoctor.checks.http.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.spi.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edge/origin decision table, one row per case. */
class DifferentialTest {

    private static final URI URL = URI.create("https://example.org/");
    private static final Origins.Origin ORIGIN = Origins.parseOne("203.0.113.7");
    private static final Redactor NONE = new Redactor() {
        @Override
        public String redact(String text) {
            return text;
        }

        @Override
        public void addSecret(String secret) {
        }
    };

    private static HttpProber.Response answer(int status, String... headers) {
        Map<String, List<String>> h = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], List.of(headers[i + 1]));
        }
        return HttpProber.Response.of(URL, "192.0.2.1:443", status, "", h, new byte[0]);
    }

    private static HttpProber.Failure failure(HttpProber.Kind kind) {
        return new HttpProber.Failure(URL, "203.0.113.7:443", kind, "203.0.113.7:443 " + kind, null, 0,
                new HttpProber.Timings(Duration.ZERO, Duration.ofMillis(1), null, null, Duration.ofMillis(2)));
    }

    private static Finding judge(HttpProber.Outcome edge, HttpProber.Outcome origin) {
        return EdgeOriginCheck.Differential.judge(edge, origin, ORIGIN, List.of(), NONE);
    }

    @Test
    void bothAnsweringIsNoFinding() {
        assertNull(judge(answer(200), answer(200)));
        assertNull(judge(answer(404), answer(301)));
    }

    @ParameterizedTest
    @CsvSource({
        "REFUSED, edge.origin_unreachable",
        "CONNECT_TIMEOUT, edge.origin_unreachable",
        "TLS, edge.origin_tls_failure",
        "TIMEOUT, edge.origin_timeout",
        "TRICKLE, edge.origin_timeout",
        "CLOSED, edge.origin_invalid_response",
        "RESET, edge.origin_invalid_response",
        "MALFORMED_STATUS, edge.origin_invalid_response",
        "HEADERS_TOO_BIG, edge.origin_invalid_response",
        "PROTOCOL, edge.origin_invalid_response"})
    void anEdge502WithTheOriginFailingTooIsNamedByTheOriginsFailure(HttpProber.Kind kind, String code) {
        Finding f = judge(answer(502, "server", "cloudflare"), failure(kind));
        assertEquals(code, f.cause().value());
        assertEquals(502, f.httpStatus());
    }

    @Test
    void theOriginsOwn5xxMeansTheCauseIsInsideTheOrigin() {
        Finding f = judge(answer(502), answer(503));
        assertEquals(CauseCode.EDGE_ORIGIN_ERROR, f.cause());
        assertTrue(f.summary().contains("the failure is inside the origin"), f.summary());
    }

    @ParameterizedTest
    @CsvSource({"504, edge.origin_timeout", "524, edge.origin_timeout", "525, edge.origin_tls_failure",
        "526, edge.origin_tls_failure", "521, edge.origin_unreachable", "502, edge.origin_unreachable",
        "503, edge.origin_unreachable"})
    void anEdgeFailingWhileTheOriginAnswersUsIsTheEdgesLeg(int status, String code) {
        Finding f = judge(answer(status), answer(200));
        assertEquals(code, f.cause().value());
        assertTrue(f.summary().contains("answers this request 200"), f.summary());
    }

    @Test
    void anEdgeThatFailsFasterThanTheOriginAnswersGaveUpOnIt() {
        HttpProber.Response slowOrigin = new HttpProber.Response(URL, "203.0.113.7:443", 200, "OK", "HTTP/1.1 200 OK",
                Map.of(), new byte[0], HttpProber.BodyEnd.COMPLETE, new byte[0], "", List.of(), false,
                new HttpProber.Timings(Duration.ZERO, Duration.ofMillis(1), null, Duration.ofMillis(3000),
                        Duration.ofMillis(3001)));
        HttpProber.Response varnish503 = new HttpProber.Response(URL, "192.0.2.1:443", 503, "Backend fetch failed",
                "HTTP/1.1 503 Backend fetch failed", Map.of(), new byte[0], HttpProber.BodyEnd.COMPLETE, new byte[0], "",
                List.of(), false, new HttpProber.Timings(Duration.ZERO, Duration.ofMillis(1), null,
                        Duration.ofMillis(1002), Duration.ofMillis(1003)));
        Finding f = judge(varnish503, slowOrigin);
        assertEquals(CauseCode.EDGE_ORIGIN_TIMEOUT, f.cause());
        assertTrue(f.summary().startsWith("The edge answers 503 after 1002 ms while the origin"), f.summary());
    }

    @Test
    void aCachedEdgeAnswerOverAFailingOriginIsStaleCacheMasking() {
        Finding f = judge(answer(200, "age", "4000", "x-varnish", "98306 32770"), failure(HttpProber.Kind.REFUSED));
        assertEquals(CauseCode.EDGE_STALE_CACHE_MASKING, f.cause());
        assertTrue(f.summary().contains("age: 4000, x-varnish: 98306 32770"), f.summary());
    }

    @Test
    void anUncachedEdgeAnswerOverAFailingOriginIsOnlyAWarning() {
        Finding f = judge(answer(200), failure(HttpProber.Kind.REFUSED));
        assertTrue(f.isSymptom());
        assertTrue(f.summary().contains("the edge uses another origin"), f.summary());
    }
}
