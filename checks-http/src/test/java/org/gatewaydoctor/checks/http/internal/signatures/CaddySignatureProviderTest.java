package org.gatewaydoctor.checks.http.internal.signatures;

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
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;

/** The Caddy signatures against what Caddy 2.6.2 logged in the fixture session (fixtures/caddy). */
class CaddySignatureProviderTest {

    static final List<Signature> SIGNATURES = new CaddySignatureProvider().signatures();

    @Test
    void countsEveryUpstreamFailureOfTheRealRunAndNothingElse() throws Exception {
        LogScan scan = scan(SIGNATURES, "caddy/caddy.log");
        Map<String, Long> actual = new TreeMap<>();
        scan.signatures().forEach(h -> actual.put(h.id(), h.count()));
        assertEquals(Map.of("caddy.dial-refused", 2L, "caddy.header-timeout", 1L, "caddy.upstream-closed", 1L,
                "caddy.dial-unix-missing", 1L, "caddy.no-upstreams", 1L), actual);
        assertEquals(Set.of("127.0.0.1:1"), values(scan, "caddy.dial-refused", "upstream"));
        assertEquals(Set.of("/tmp/caddy/missing-fpm.sock"), values(scan, "caddy.dial-unix-missing", "upstream"));
        assertEquals(Set.of("502"), values(scan, "caddy.dial-refused", "status"));
        assertEquals(Set.of("504"), values(scan, "caddy.header-timeout", "status"));
        assertEquals(Set.of("503"), values(scan, "caddy.no-upstreams", "status"));
        assertEquals(Set.of("127.0.0.1:18283"), values(scan, "caddy.upstream-closed", "host"));
    }

    @Test
    void theConsoleFormCaddyWritesToATerminalMatchesToo() throws Exception {
        // caddy 2.6 with a terminal: time, level, logger and message separated by tabs, then the fields as JSON
        Map<String, String> f = only(SIGNATURES, "caddy.dial-refused", "2026/12/07 09:12:49.005\tERROR\thttp.log.error"
                + "\tdial tcp 127.0.0.1:9000: connect: connection refused\t{\"request\": {\"remote_ip\": \"127.0.0.1\"}, "
                + "\"duration\": 0.00085, \"status\": 502}");
        assertEquals("127.0.0.1:9000", f.get("upstream"));
    }

    @Test
    void otherGoProgramsDialErrorsAreNotCaddys() throws Exception {
        LogScan scan = scanText(SIGNATURES, String.join("\n",
                "2026/12/07 09:12:49 failed to connect to database: dial tcp 127.0.0.1:5432: connect: connection refused",
                "{\"level\":\"error\",\"msg\":\"dial tcp 10.0.0.4:6379: i/o timeout\",\"logger\":\"redis\"}",
                "level=error msg=\"EOF\" component=worker") + "\n");
        assertTrue(scan.signatures().isEmpty(), scan.signatures().toString());
    }
}
