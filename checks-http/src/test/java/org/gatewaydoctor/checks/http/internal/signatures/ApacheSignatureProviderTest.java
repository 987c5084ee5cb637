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
import java.util.stream.Collectors;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.model.CauseCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Apache signatures against the error logs Apache 2.4.71 wrote in the fixture session (fixtures/apache). */
class ApacheSignatureProviderTest {

    static final List<Signature> SIGNATURES = new ApacheSignatureProvider().signatures();
    static LogScan scan;

    @BeforeAll
    static void scanFixtures() throws Exception {
        scan = scan(SIGNATURES, "apache");
    }

    @Test
    void everySignatureMatchesAFixtureLine() {
        // mod_fastcgi and mod_fcgid are not in the fixture session: ApacheOldModulesSignatureTest has their lines
        List<String> unmatched = SIGNATURES.stream().map(Signature::id).filter(id -> count(scan, id) == 0)
                .filter(id -> !ApacheOldModulesSignatureTest.OLD_MODULES.contains(id)).toList();
        assertEquals(List.of(), unmatched);
    }

    @Test
    void literalsAreLongEnoughForTheScannerToSkipFast() {
        Signature shortest = SIGNATURES.stream().min(java.util.Comparator.comparingInt(s -> s.literal().length()))
                .orElseThrow();
        assertEquals("Got bogus version ", shortest.literal());
        assertEquals(SIGNATURES.size(), SIGNATURES.stream().map(Signature::id).distinct().count());
    }

    @Test
    void countsEachFailureOfTheRealRunOnce() {
        Map<String, Long> expected = Map.ofEntries(
                Map.entry("apache.fcgi-socket-missing", 1L), Map.entry("apache.fcgi-socket-refused", 1L),
                Map.entry("apache.fcgi-socket-permission", 1L),
                // 2 x port 19001, 2 x port 19013, 1 from-source line without microseconds
                Map.entry("apache.fcgi-connect-refused", 5L),
                // the closed HTTP port, both members of the balancer twice, the strict balancer's member
                Map.entry("apache.connect-refused", 6L), Map.entry("apache.http-no-connection", 6L),
                Map.entry("apache.fcgi-no-connection", 7L), Map.entry("apache.worker-put-in-error", 5L),
                Map.entry("apache.fcgi-timeout", 1L), Map.entry("apache.fcgi-closed-before-headers", 1L),
                Map.entry("apache.fcgi-dispatch-failed", 1L), Map.entry("apache.http-read-timeout", 1L),
                Map.entry("apache.http-read-failed", 2L), Map.entry("apache.proxy-read-error", 3L),
                // two more handshake failures, the chain too long and the expired backend: verify-depth-error.log
                Map.entry("apache.php-fatal-error", 3L), Map.entry("apache.tls-handshake-failed", 4L),
                Map.entry("apache.tls-proxy-connect-failed", 2L), Map.entry("apache.max-request-workers", 2L),
                Map.entry("apache.tls-proxy-chain-too-long", 1L), Map.entry("apache.tls-proxy-verify-failed", 2L));
        Map<String, Long> actual = expected.keySet().stream().collect(Collectors.toMap(id -> id, id -> count(scan, id)));
        assertEquals(expected, actual);
    }

    @Test
    void aVerificationErrorAtLogLevelErrorYieldsTheBackendAndTheReason() throws Exception {
        String line = "[Mon Dec 07 16:06:31.387841 2026] [ssl:error] [pid 18457:tid 18515] [remote 127.0.0.1:34649] "
                + "AH02039: Certificate Verification: Error (10): certificate has expired";
        assertEquals(Map.of("upstream", "127.0.0.1:34649", "ah", "02039", "code", "10", "reason",
                "certificate has expired"), only(SIGNATURES, "apache.tls-proxy-verify-failed", line));
    }

    @Test
    void aChainLongerThanSslProxyVerifyDepthYieldsTheBackendAndBothDepths() throws Exception {
        String line = "[Mon Dec 07 14:37:52.846205 2026] [ssl:error] [pid 18783:tid 18789] [remote 127.0.0.1:34649] "
                + "AH02040: Certificate Verification: Certificate Chain too long (chain has 2 certificates, but maximum "
                + "allowed are only 1)";
        assertEquals(Map.of("upstream", "127.0.0.1:34649", "ah", "02040", "depth", "2", "max", "1"),
                only(SIGNATURES, "apache.tls-proxy-chain-too-long", line));
        // the same check of a client's certificate (SSLVerifyDepth) is not about a backend
        assertEquals(0, count(scanText(SIGNATURES, line.replace("[remote 127.0.0.1:34649]", "[client 127.0.0.1:34649]")
                + "\n"), "apache.tls-proxy-chain-too-long"));
    }

    @Test
    void missingPhpFpmSocketLineYieldsSocketErrnoAndBackend() throws Exception {
        String line = "[Sat Nov 21 20:44:00.284194 2026] [proxy:error] [pid 10862:tid 10864] (2)No such file or directory:"
                + " AH02454: FCGI: attempt to connect to Unix domain socket /tmp/gd-work/run/missing.sock (localhost:8000)"
                + " failed";
        assertEquals(Map.of("errno", "2", "errtext", "No such file or directory", "ah", "02454", "scheme", "FCGI",
                "socket", "/tmp/gd-work/run/missing.sock", "backend", "localhost:8000"),
                only(SIGNATURES, "apache.fcgi-socket-missing", line));
    }

    @Test
    void fastCgiTimeoutIsA504AndMod_proxy_httpTimeoutA502() throws Exception {
        String fcgi = "[Sat Nov 21 20:44:02.334471 2026] [proxy_fcgi:error] [pid 10806:tid 10815] (70007)The timeout"
                + " specified has expired: [client 127.0.0.1:34178] AH01075: Error dispatching request to :18080: (polling)";
        assertEquals(Map.of("errno", "70007", "errtext", "The timeout specified has expired", "client",
                "127.0.0.1:34178", "ah", "01075"), only(SIGNATURES, "apache.fcgi-timeout", fcgi));
        String http = "[Sat Nov 21 20:44:09.657793 2026] [proxy_http:error] [pid 10807:tid 10853] (70007)The timeout"
                + " specified has expired: [client 127.0.0.1:47824] AH01102: error reading status line from remote"
                + " server 127.0.0.1:19003";
        assertEquals(Map.of("errno", "70007", "errtext", "The timeout specified has expired", "client",
                "127.0.0.1:47824", "ah", "01102", "upstream", "127.0.0.1:19003"),
                only(SIGNATURES, "apache.http-read-timeout", http));
        assertEquals(504, signature("apache.fcgi-timeout").httpStatus());
        assertEquals(502, signature("apache.http-read-timeout").httpStatus());
        assertEquals(503, signature("apache.fcgi-no-connection").httpStatus());
    }

    @Test
    void phpErrorsRelayedByPhpFpmAreAttributedToThePluginOrTheme() {
        assertEquals(Set.of("acme-slider"), values(scan, "apache.php-memory-exhausted", "plugin"));
        assertEquals(Set.of("33554432"), values(scan, "apache.php-memory-exhausted", "limit"));
        assertEquals(Set.of("1"), values(scan, "apache.php-execution-timeout", "seconds"));
        assertEquals(Set.of("Uncaught Error: Call to undefined function acme_slider_missing_helper()",
                "Uncaught RuntimeException: Slider feed unavailable",
                "syntax error, unexpected token \"{\", expecting variable"),
                values(scan, "apache.php-fatal-error", "message"));
        assertEquals(Set.of("/tmp/gd-work/www/wp-content/themes/acme-theme/functions.php"),
                values(scan, "apache.php-headers-sent", "file"));
        assertEquals(Set.of("acme-theme"), values(scan, "apache.php-headers-sent", "theme"));
        assertEquals(List.of(CauseCode.APP_OUTPUT_BEFORE_HEADERS), signature("apache.php-headers-sent").causes());
    }

    @Test
    void distinguishesStaleRootOnlyAndMissingSockets() {
        assertEquals(Set.of("/tmp/gd-work/run/stale.sock"), values(scan, "apache.fcgi-socket-refused", "socket"));
        assertEquals(Set.of("/tmp/gd-work/run/private.sock"), values(scan, "apache.fcgi-socket-permission", "socket"));
        assertEquals(List.of(CauseCode.PHPFPM_SOCKET_PERMISSION), signature("apache.fcgi-socket-permission").causes());
        assertEquals(Set.of("backend.gd-test.invalid"), values(scan, "apache.dns-failure", "backend"));
        assertEquals(Set.of("EAI 3"), values(scan, "apache.dns-failure", "errno"));
        assertEquals(Set.of("72"), values(scan, "apache.fcgi-bogus-version", "version"));
        assertEquals(Set.of("Bad Name"), values(scan, "apache.response-header-invalid", "header"));
    }

    @Test
    void linesOfOtherFormatsDoNotMatch() throws Exception {
        String nginx = "2026/11/21 09:14:03 [error] 812#812: *1 (111)Connection refused: AH00957: FCGI: attempt to"
                + " connect to 127.0.0.1:9000 (127.0.0.1:9000) failed";
        String php = "[21-Nov-2026 20:43:20 UTC] PHP Fatal error:  Allowed memory size of 33554432 bytes exhausted"
                + " (tried to allocate 2097152 bytes) in /var/www/x.php on line 9";
        String fpm = "[21-Nov-2026 20:43:22] WARNING: [pool www] child 8524 said into stderr: \"End of script output"
                + " before headers: index.php\"";
        LogScan other = scanText(SIGNATURES, String.join("\n", nginx, php, fpm) + "\n");
        assertTrue(other.signatures().isEmpty(), () -> "matched: " + other.signatures());
    }

    private static Signature signature(String id) {
        return SIGNATURES.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
