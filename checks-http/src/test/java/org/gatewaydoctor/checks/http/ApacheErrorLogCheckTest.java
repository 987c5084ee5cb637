package org.gatewaydoctor.checks.http;

import static org.gatewaydoctor.testkit.CheckResults.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.ServiceLoader;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of {@link ApacheErrorLogCheck}. Every line is one Apache 2.4 wrote for real: in this module's
 * fixture session ({@code fixtures/apache/error.log}, see its header) or in the whole-stack tests
 * (Apache in front of a stopped PHP-FPM).
 */
class ApacheErrorLogCheckTest {

    static final String SOCKET_MISSING = "[Sat Nov 21 20:44:00.284194 2026] [proxy:error] [pid 10862:tid 10864] (2)No such "
            + "file or directory: AH02454: FCGI: attempt to connect to Unix domain socket /tmp/gd-work/run/missing.sock "
            + "(localhost:8000) failed";
    static final String NO_CONNECTION = "[Sat Nov 21 20:44:00.284244 2026] [proxy_fcgi:error] [pid 10862:tid 10864] "
            + "[client 127.0.0.1:34112] AH01079: failed to make connection to backend: localhost";
    static final String FCGI_TIMEOUT = "[Sat Nov 21 20:44:02.334471 2026] [proxy_fcgi:error] [pid 10806:tid 10815] "
            + "(70007)The timeout specified has expired: [client 127.0.0.1:34178] AH01075: Error dispatching request to "
            + ":18080: (polling)";
    static final String HTTP_CLOSED = "[Sat Nov 21 20:44:09.668029 2026] [proxy_http:error] [pid 10806:tid 10825] "
            + "(20014)Internal error (specific information not available): [client 127.0.0.1:47834] AH01102: error "
            + "reading status line from remote server 127.0.0.1:19004";
    static final String READ_ERROR = "[Sat Nov 21 20:44:09.668055 2026] [proxy:error] [pid 10806:tid 10825] "
            + "[client 127.0.0.1:47834] AH00898: Error reading from remote server returned by /http-close/";

    @TempDir
    Path dir;

    @Test
    void namesPhpFpmDownWith503WhenTheSocketIsMissingAndKeepsTheSummaryLineAsSupport() throws Exception {
        CheckResult r = run(write(SOCKET_MISSING, NO_CONNECTION));
        Finding down = find(r, CauseCode.PHPFPM_DOWN);
        assertEquals(Severity.CRITICAL, down.severity());
        assertEquals(503, down.httpStatus());
        assertEquals(List.of(SOCKET_MISSING, NO_CONNECTION), lines(down));
        assertEquals("PHP-FPM looks down: Apache found nothing to talk to at unix:/tmp/gd-work/run/missing.sock once: "
                + "the PHP-FPM socket does not exist (2: No such file or directory); Apache answers 503 for this, "
                + "not 502", down.summary());
        assertEquals(1.0, measurement(down).value(), "the summary line is not counted twice");
        assertTrue(down.confidence() > find(r, CauseCode.PHPFPM_SOCKET_MISMATCH).confidence());
        assertEquals(2, r.findingList().size(), r.findingList().toString());
    }

    @Test
    void namesUpstreamTimeoutWith504ForAFastCgiPollingTimeout() throws Exception {
        Finding f = find(run(write(FCGI_TIMEOUT)), CauseCode.PROXY_UPSTREAM_TIMEOUT);
        assertEquals(504, f.httpStatus());
        assertEquals(List.of(FCGI_TIMEOUT), lines(f));
        assertEquals("Apache error-log lines: the FastCGI backend did not answer within the proxy timeout "
                + "(70007: The timeout specified has expired)", measurement(f).name());
        assertTrue(f.summary().endsWith(" and answered 504"), f.summary());
    }

    @Test
    void namesUpstreamClosedWith502WhenTheHttpBackendClosesBeforeItsStatusLine() throws Exception {
        CheckResult r = run(write(HTTP_CLOSED, READ_ERROR));
        assertEquals(1, r.findingList().size(), r.findingList().toString());
        Finding f = find(r, CauseCode.PROXY_UPSTREAM_CLOSED);
        assertEquals(502, f.httpStatus());
        assertEquals(List.of(HTTP_CLOSED, READ_ERROR), lines(f));
        assertEquals("127.0.0.1:19004 closed the connection before Apache had a response once: the HTTP backend "
                + "closed or reset the connection before its status line (20014: Internal error (specific "
                + "information not available)) (visitors got 502)", f.summary());
    }

    @Test
    void countsASummaryLineAloneWhenTheLineSayingWhyIsMissing() throws Exception {
        CheckResult r = run(write(READ_ERROR));
        Finding f = find(r, CauseCode.PROXY_UPSTREAM_CLOSED);
        assertEquals(List.of(READ_ERROR), lines(f));
        assertEquals(1.0, measurement(f).value());
    }

    @Test
    void adviceForTlsAndDnsFailuresNamesApachesOwnDirectives() throws Exception {
        // Captured from Apache 2.4 (fixtures/apache): an https backend that fails the handshake, and a backend
        // name that does not resolve.
        String tls = "[Sat Nov 21 20:44:09.722636 2026] [proxy:error] [pid 10806:tid 10830] [client 127.0.0.1:47900] "
                + "AH00898: Error during SSL Handshake with remote server returned by /tls/";
        String dns = "[Sat Nov 21 20:44:09.713977 2026] [proxy:error] [pid 10807:tid 10859] (EAI 3)Temporary failure "
                + "in name resolution: [client 127.0.0.1:47898] AH00898: DNS lookup failure for: "
                + "backend.gd-test.invalid returned by /dns/";
        CheckResult r = run(write(tls, dns));
        String tlsSteps = String.join(" ", find(r, CauseCode.PROXY_UPSTREAM_TLS_FAILURE).remediation());
        assertTrue(tlsSteps.contains("SSLProxyEngine On") && tlsSteps.contains("SSLProxyCACertificateFile"), tlsSteps);
        assertFalse(tlsSteps.contains("proxy_ssl"), "no nginx directives in Apache advice: " + tlsSteps);
        String dnsSteps = String.join(" ", find(r, CauseCode.PROXY_UPSTREAM_DNS_FAILURE).remediation());
        assertTrue(dnsSteps.contains("ProxyPass"), dnsSteps);
        assertFalse(dnsSteps.contains("resolver "), "no nginx directives in Apache advice: " + dnsSteps);
    }

    @Test
    void aBackendChainLongerThanSslProxyVerifyDepthNamesTheDepthToSet() throws Exception {
        // Apache 2.4.71 (Debian 12) with SSLProxyVerify require and no SSLProxyVerifyDepth (mod_ssl's default, 1) in
        // front of an https backend whose certificate an intermediate CA signed, one request (answered 500); the
        // same lines TlsOriginBehindEdgesIT makes with real Apache and nginx
        String depth = "[Mon Dec 07 14:37:52.846205 2026] [ssl:error] [pid 18783:tid 18789] [remote 127.0.0.1:34649] "
                + "AH02040: Certificate Verification: Certificate Chain too long (chain has 2 certificates, but maximum "
                + "allowed are only 1)";
        String body = "[Mon Dec 07 14:37:52.847077 2026] [proxy:error] [pid 18783:tid 18789] (20014)Internal error "
                + "(specific information not available): [client 127.0.0.1:60518] AH01084: pass request body failed to "
                + "127.0.0.1:34649 (127.0.0.1)";
        String handshake = "[Mon Dec 07 14:37:52.847098 2026] [proxy:error] [pid 18783:tid 18789] [client "
                + "127.0.0.1:60518] AH00898: Error during SSL Handshake with remote server returned by /";
        String from = "[Mon Dec 07 14:37:52.847110 2026] [proxy_http:error] [pid 18783:tid 18789] [client "
                + "127.0.0.1:60518] AH01097: pass request body failed to 127.0.0.1:34649 (127.0.0.1) from 127.0.0.1 ()";
        CheckResult r = run(write(depth, body, handshake, from));
        Finding f = find(r, CauseCode.PROXY_UPSTREAM_TLS_FAILURE);
        assertEquals(500, f.httpStatus());
        assertTrue(lines(f).contains(depth), lines(f).toString());
        assertEquals(List.of("Set SSLProxyVerifyDepth 2 (or more) where SSLProxyVerify require is set: mod_ssl's "
                + "default of 1 accepts only a backend certificate the trusted CA signed itself, and almost every CA "
                + "signs through an intermediate.", "Then apachectl configtest and reload Apache."), f.remediation());
        assertEquals(1, r.findingList().size(), r.findingList().toString());
    }

    @Test
    void isNotApplicableToALogWithoutApacheLines() throws Exception {
        Path log = dir.resolve("other.log");
        Files.writeString(log, "just some text\n");
        assertInstanceOf(CheckResult.NotApplicable.class, new ApacheErrorLogCheck().run(context(log)));
    }

    @Test
    void isRegisteredForServiceLoader() {
        assertTrue(ServiceLoader.load(Check.class).stream().anyMatch(p -> p.type().equals(ApacheErrorLogCheck.class)));
        assertEquals("http.apache-error-log", new ApacheErrorLogCheck().id());
    }

    private CheckResult run(Path log) throws InterruptedException {
        return new ApacheErrorLogCheck().run(context(log));
    }

    private static TestCheckContext context(Path log) {
        return TestCheckContext.builder().logs(log).zone(ZoneOffset.UTC).build();
    }

    private Path write(String... lines) throws Exception {
        Path p = dir.resolve("error.log");
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    static List<String> lines(Finding f) {
        return f.evidence().stream().filter(Evidence.LogLine.class::isInstance).map(e -> ((Evidence.LogLine) e).text())
                .toList();
    }

    static Evidence.Measurement measurement(Finding f) {
        return f.evidence().stream().filter(Evidence.Measurement.class::isInstance).map(Evidence.Measurement.class::cast)
                .findFirst().orElseThrow();
    }
}
