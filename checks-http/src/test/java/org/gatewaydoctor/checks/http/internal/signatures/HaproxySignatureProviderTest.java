package org.gatewaydoctor.checks.http.internal.signatures;

import static org.gatewaydoctor.testkit.SignatureTester.count;
import static org.gatewaydoctor.testkit.SignatureTester.only;
import static org.gatewaydoctor.testkit.SignatureTester.scan;
import static org.gatewaydoctor.testkit.SignatureTester.scanText;
import static org.gatewaydoctor.testkit.SignatureTester.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HAProxy signatures against what HAProxy 2.6.12 logged in the fixture session (fixtures/haproxy). */
class HaproxySignatureProviderTest {

    static final List<Signature> SIGNATURES = new HaproxySignatureProvider().signatures();

    /** What the real run logged, whatever the syslog envelope. */
    static final Map<String, Long> REAL_RUN = new TreeMap<>(Map.ofEntries(
            Map.entry("haproxy.server-refused", 1L),
            Map.entry("haproxy.no-server", 3L), // three backends whose only server a health check marked down
            Map.entry("haproxy.connect-timeout", 1L),
            Map.entry("haproxy.server-closed", 2L), // the closing and the resetting server
            Map.entry("haproxy.server-timeout", 4L), // two silent requests, the queued request's server, abortonclose
            Map.entry("haproxy.response-blocked", 2L), // a header name with a space, a 20 KB header
            Map.entry("haproxy.server-aborted-body", 1L),
            Map.entry("haproxy.server-timeout-body", 1L),
            Map.entry("haproxy.queue-timeout", 1L),
            Map.entry("haproxy.client-aborted-body", 1L),
            Map.entry("haproxy.server-down-refused", 1L),
            Map.entry("haproxy.server-down-status", 1L),
            Map.entry("haproxy.server-down-timeout", 1L),
            Map.entry("haproxy.backend-no-server", 3L)));

    @ParameterizedTest
    @ValueSource(strings = {"haproxy/haproxy.log", "haproxy/haproxy-traditional.log"})
    void countsEveryAbnormalTerminationOfTheRealRun(String fixture) throws Exception {
        LogScan scan = scan(SIGNATURES, fixture);
        Map<String, Long> actual = new TreeMap<>();
        scan.signatures().forEach(h -> actual.put(h.id(), h.count()));
        assertEquals(REAL_RUN, actual);
        assertEquals(Set.of("be_down", "be_l7", "be_full"), values(scan, "haproxy.no-server", "backend"));
        assertEquals(Set.of("503"), values(scan, "haproxy.no-server", "status"));
        assertEquals(Set.of("be_silent", "be_queue", "be_abort"), values(scan, "haproxy.server-timeout", "backend"));
    }

    @Test
    void alertsAreRecognisedInHaproxysOwnStderrForm() throws Exception {
        LogScan scan = scan(SIGNATURES, "haproxy/haproxy-stderr.log");
        assertEquals(Map.of("haproxy.server-down-refused", 1L, "haproxy.server-down-status", 1L,
                "haproxy.server-down-timeout", 1L, "haproxy.backend-no-server", 3L),
                scan.signatures().stream().collect(Collectors.toMap(h -> h.id(), h -> h.count())));
        assertEquals(Set.of("be_down", "be_l7", "be_full"), values(scan, "haproxy.backend-no-server", "backend"));
        assertEquals(Set.of("400"), values(scan, "haproxy.server-down-status", "code"));
    }

    @Test
    void relayedErrorMatchesOnlyNormalTerminationsWithA5xxStatus() throws Exception {
        LogScan scan = scan(SIGNATURES, "haproxy/relayed.log");
        assertEquals(Map.of("haproxy.relayed-error", 2L),
                scan.signatures().stream().collect(Collectors.toMap(h -> h.id(), h -> h.count())));
        assertEquals(Set.of("502", "503"), values(scan, "haproxy.relayed-error", "status"));
        assertEquals(Set.of("app"), values(scan, "haproxy.relayed-error", "backend"));
    }

    @Test
    void everySignatureMatchesAFixtureLine() throws Exception {
        LogScan scan = scan(SIGNATURES, "haproxy");
        List<String> unmatched = SIGNATURES.stream().map(Signature::id).filter(id -> count(scan, id) == 0).toList();
        assertEquals(List.of(), unmatched);
        assertEquals(Set.of("2001:db8::9"), values(scan, "haproxy.proxy-resource-exhausted", "client"));
    }

    @Test
    void serverClosedLineYieldsEveryField() throws Exception {
        String line = "2026-11-21T20:44:57.066338+00:00 vm haproxy[12950]: 127.0.0.1:56918 [21/Nov/2026:20:44:57.065]"
                + " fe_wp be_close/app1 0/0/0/-1/0 502 209 - - SH-- 1/1/0/0/0 0/0 \"GET /close HTTP/1.1\"";
        assertEquals(Map.ofEntries(Map.entry("client", "127.0.0.1"), Map.entry("frontend", "fe_wp"),
                Map.entry("backend", "be_close"), Map.entry("server", "app1"), Map.entry("tq", "0"),
                Map.entry("tw", "0"), Map.entry("tc", "0"), Map.entry("tr", "-1"), Map.entry("ta", "0"),
                Map.entry("status", "502"), Map.entry("bytes", "209"), Map.entry("state", "SH--"),
                Map.entry("request", "GET /close")), only(SIGNATURES, "haproxy.server-closed", line));
    }

    @Test
    void serverDownAlertYieldsReasonAndInfo() throws Exception {
        String line = "Nov 21 20:44:52 vm haproxy[12950]: Server be_down/app1 is DOWN, reason: Layer4 connection problem,"
                + " info: \"Connection refused\", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions"
                + " active, 0 requeued, 0 remaining in queue.";
        assertEquals(Map.of("backend", "be_down", "server", "app1", "reason", "Layer4 connection problem", "info",
                "Connection refused", "remaining", "0"), only(SIGNATURES, "haproxy.server-down-refused", line));
    }

    @Test
    void statusesAreWhatHaproxyAnswered() {
        Map<String, Integer> expected = Map.of("haproxy.server-refused", 503, "haproxy.no-server", 503,
                "haproxy.connect-timeout", 503, "haproxy.server-closed", 502, "haproxy.server-timeout", 504,
                "haproxy.response-blocked", 502, "haproxy.queue-timeout", 503);
        expected.forEach((id, status) -> assertEquals(status, SIGNATURES.stream().filter(s -> s.id().equals(id))
                .findFirst().orElseThrow().httpStatus(), id));
    }

    @Test
    void literalsAreTheStateWithItsFixedSurroundings() {
        int shortest = SIGNATURES.stream().mapToInt(s -> s.literal().length()).min().orElseThrow();
        assertEquals(10, shortest);
        assertTrue(SIGNATURES.stream().anyMatch(s -> s.literal().equals(" - - sH-- ")));
    }

    @Test
    void linesOfOtherFormatsAndNormalTerminationsDoNotMatch() throws Exception {
        String ok = "2026-11-21T20:44:54.041396+00:00 vm haproxy[12950]: 127.0.0.1:56880 [21/Nov/2026:20:44:54.040]"
                + " fe_wp be_ok/app1 0/0/0/0/0 200 51 - - ---- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"";
        String access = "203.0.113.9 - - [21/Nov/2026:09:14:03 +0100] \"GET / - - SH-- HTTP/1.1\" 502 157 \"-\" \"curl\"";
        String nginx = "2026/11/21 09:14:03 [warn] 812#812: Server be/app1 is DOWN, reason: Layer4 timeout";
        LogScan other = scanText(SIGNATURES, String.join("\n", ok, access, nginx) + "\n");
        assertTrue(other.signatures().isEmpty(), () -> "matched: " + other.signatures());
    }
}
