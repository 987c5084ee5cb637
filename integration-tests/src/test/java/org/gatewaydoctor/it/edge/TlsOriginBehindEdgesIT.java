package org.gatewaydoctor.it.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.gatewaydoctor.it.apache.Apache;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.testkit.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A TLS-broken origin (real nginx on 127.0.0.1 serving an expired certificate, or a self-signed one) behind
 * edges that verify it: HAProxy ({@code server ... ssl verify required ca-file}) and Apache ({@code SSLProxyEngine},
 * {@code SSLProxyVerify require}). HAProxy answers 503, Apache 2.4 its "500 Proxy Error" page; the diagnosis from the URL and
 * {@code --origin https://...} names the origin's certificate ({@code edge.origin_tls_failure}) and what is wrong
 * with it, as for the nginx edge in {@link TlsIT}.
 */
class TlsOriginBehindEdgesIT {

    private static final Duration DAY = Duration.ofDays(1);
    private static Stack origin;
    private static TestPki certs;
    private static int expiredPort;
    private static int selfSignedPort;
    private static int intermediatePort;
    private static int ipOnlyPort;

    @BeforeAll
    static void startOrigins() {
        origin = Stack.create("tls-origins");
        certs = TestPki.create(origin.mkdirs("tls"));
        Instant now = Instant.now();
        certs.leaf("expired", "DNS:site.test,IP:127.0.0.1", now.minus(DAY.multipliedBy(40)), now.minus(DAY.multipliedBy(3)),
                false);
        certs.selfSigned("selfsigned", "DNS:site.test,IP:127.0.0.1");
        // valid, and signed by the intermediate CA as almost every public certificate is: the chain is deeper than
        // mod_ssl's default SSLProxyVerifyDepth of 1. Apache 2.4.71 checks the name of "https://127.0.0.1:..." against
        // the DNS names and CN only (an IP entry alone fails: "AH02411: SSL Proxy: Peer certificate does not match
        // for hostname 127.0.0.1"), so the address is a DNS name too
        certs.leaf("valid", "DNS:site.test,DNS:127.0.0.1,IP:127.0.0.1", now.minus(DAY), now.plus(DAY.multipliedBy(30)),
                false);
        // the same without the address as a DNS name: a browser takes it for 127.0.0.1, Apache does not
        certs.leaf("iponly", "DNS:site.test,IP:127.0.0.1", now.minus(DAY), now.plus(DAY.multipliedBy(30)), false);
        expiredPort = Ports.free();
        selfSignedPort = Ports.free();
        intermediatePort = Ports.free();
        ipOnlyPort = Ports.free();
        StringBuilder servers = new StringBuilder();
        for (Object[] s : new Object[][] {{expiredPort, "expired.chain.crt", "expired.key"},
            {selfSignedPort, "selfsigned.crt", "selfsigned.key"}, {intermediatePort, "valid.chain.crt", "valid.key"},
            {ipOnlyPort, "iponly.chain.crt", "iponly.key"}}) {
            servers.append(Edge.tlsServer((int) s[0], certs.file((String) s[1]), certs.file((String) s[2]),
                    origin.path("www"), ""));
        }
        origin.write("www/index.html", "<html><body>origin</body></html>\n");
        Nginx.start(origin, Nginx.config(origin, servers.toString()), expiredPort);
        Wait.until("origin on " + selfSignedPort, Duration.ofSeconds(10), () -> Wait.listening(selfSignedPort));
        Wait.until("origin on " + intermediatePort, Duration.ofSeconds(10), () -> Wait.listening(intermediatePort));
        Wait.until("origin on " + ipOnlyPort, Duration.ofSeconds(10), () -> Wait.listening(ipOnlyPort));
    }

    @AfterAll
    static void stopOrigins() {
        origin.close();
    }

    private static int haproxy(Stack stack, int originPort) {
        int port = Ports.free();
        String cfg = """
                global
                    maxconn 100
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend origin
                backend origin
                    server o1 127.0.0.1:%d ssl verify required ca-file %s sni str(site.test)
                """.formatted(port, originPort, certs.root());
        java.nio.file.Path conf = stack.write("haproxy/haproxy.cfg", cfg);
        stack.start("haproxy", List.of("/usr/sbin/haproxy", "-db", "-f", conf.toString()));
        Wait.until("HAProxy on port " + port + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> Wait.listening(port));
        return port;
    }

    private static int apache(Stack stack, int originPort) {
        return apache(stack, originPort, "SSLProxyVerifyDepth 3");
    }

    /** Apache verifying its https origin, with {@code depth} ({@code SSLProxyVerifyDepth N}, or empty). */
    private static int apache(Stack stack, int originPort, String depth) {
        int port = Ports.free();
        Apache.start(stack, Apache.config(stack, port, """
                LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
                SSLProxyEngine on
                SSLProxyVerify require
                %s
                SSLProxyCACertificateFile %s
                ProxyPass "/" "https://127.0.0.1:%d/"
                """.formatted(depth, certs.root(), originPort)), port);
        return port;
    }

    private static String errorLog(Stack stack) {
        try {
            java.nio.file.Path log = stack.logs().resolve("apache-error.log");
            return java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Apache answers its "500 Proxy Error" page for {@code url}, and its error log gets {@code line}. Apache 2.4
     * answers 500, not 502, when the TLS handshake with the backend fails: the handshake runs when the request is
     * first written, and mod_proxy_http reports "pass request body failed" (AH01097).
     */
    private static Http.Response apacheAnswers500(Stack stack, URI url, String line) {
        Http.Response broken = Http.get(url);
        assertEquals(500, broken.status(), stack.outputs() + errorLog(stack));
        assertTrue(broken.body().contains("<title>500 Proxy Error</title>") && broken.body().contains(
                "Reason: <strong>Error during SSL Handshake with remote server</strong>"), broken.body());
        Wait.until(line + " in apache-error.log", Duration.ofSeconds(5), () -> errorLog(stack).contains(line));
        return broken;
    }

    /** A fault-table row for Apache in front of the nginx origin; offline, Apache's log names the TLS failure. */
    private static void apacheRow(String id, String fault, int status, CauseCode live, String cited, String note) {
        FaultTable.record(FaultTable.Row.of(id, "Apache edge (mod_proxy_http, mod_ssl) → HTTPS origin (nginx)", fault,
                status, CauseCode.PROXY_UPSTREAM_TLS_FAILURE, live, cited, note));
    }

    private static void originNamed(Diagnosis d, int originPort, String what) {
        Edge.topCiting(d, CauseCode.EDGE_ORIGIN_TLS_FAILURE, "The origin 127.0.0.1:" + originPort + " serves a "
                + "certificate " + what + " for 127.0.0.1");
    }

    /** HAProxy in front of the origin on {@code originPort} answers 503; the diagnosis names the origin's certificate. */
    private static int haproxyAnswers503AndNamesTheOrigin(String name, int originPort, String what) {
        try (Stack stack = Stack.create(name)) {
            URI url = Http.url(haproxy(stack, originPort), "/");
            Http.Response broken = Http.get(url);
            assertEquals(503, broken.status(), stack.outputs());
            originNamed(Edge.live(url, "https://127.0.0.1:" + originPort, certs.root()), originPort, what);
            return broken.status();
        }
    }

    @Test
    void haproxyInFrontOfAnExpiredOriginAnswers503AndTheOriginCertificateIsNamed() {
        int status = haproxyAnswers503AndNamesTheOrigin("haproxy-edge-origin-tls-expired", expiredPort,
                "that is expired");
        FaultTable.record(FaultTable.Row.of("haproxy-edge-origin-tls-expired", "HAProxy edge → HTTPS origin (nginx)",
                "origin certificate expired, HAProxy verifies it (ssl verify required); --origin https://…", status,
                null, CauseCode.EDGE_ORIGIN_TLS_FAILURE, "origin … serves a certificate that is expired",
                "live, URL and --origin only"));
    }

    @Test
    void haproxyInFrontOfASelfSignedOriginAnswers503AndTheOriginCertificateIsNamed() {
        haproxyAnswers503AndNamesTheOrigin("haproxy-edge-origin-tls-self-signed", selfSignedPort, "that is self-signed");
    }

    @Test
    void apacheInFrontOfAnExpiredOriginAnswers500AndTheOriginCertificateIsNamed() {
        try (Stack stack = Stack.create("apache-edge-origin-tls-expired")) {
            URI url = Http.url(apache(stack, expiredPort), "/");
            String line = "AH02039: Certificate Verification: Error (10): certificate has expired";
            Http.Response broken = apacheAnswers500(stack, url, line);

            Diagnosis d = Edge.live(url, "https://127.0.0.1:" + expiredPort, certs.root());
            originNamed(d, expiredPort, "that is expired");
            Diagnosis offline = Diagnose.offline(stack);
            assertEquals(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, Diagnose.top(offline), Diagnose.explain(offline));
            apacheRow("apache-edge-origin-tls-expired", "origin certificate expired, Apache verifies it (SSLProxyVerify "
                    + "require); --origin https://…", broken.status(), CauseCode.EDGE_ORIGIN_TLS_FAILURE,
                    "origin … serves a certificate that is expired; log: " + line, "live: URL and --origin");
        }
    }

    @Test
    void apachesDefaultVerifyDepthRejectsAValidOriginSignedByAnIntermediateAndTheDepthIsNamed() {
        try (Stack stack = Stack.create("apache-edge-origin-verify-depth")) {
            URI url = Http.url(apache(stack, intermediatePort, ""), "/");
            Target.Builder config = Target.builder().zone(ZoneId.systemDefault())
                    .config(Target.CONFIG_APACHE, Apache.configFile(stack));
            // before any request: only the configuration and the origin's chain say it, a risk
            Finding risk = depthFinding(Diagnose.run(config.build()));
            assertEquals(Basis.RISK, risk.basis());
            assertEquals(Severity.WARNING, risk.severity());

            String line = "AH02040: Certificate Verification: Certificate Chain too long (chain has 2 certificates, "
                    + "but maximum allowed are only 1)";
            Http.Response broken = apacheAnswers500(stack, url, line);

            // with Apache's log the rejection is seen happening: the cause, first
            Diagnosis d = Diagnose.run(config.logs(stack.logs()).build());
            assertEquals(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, Diagnose.top(d), Diagnose.explain(d));
            Finding seen = depthFinding(d);
            assertEquals(Basis.OBSERVED, seen.basis());
            assertEquals(Severity.CRITICAL, seen.severity());
            assertTrue(seen.remediation().get(0).startsWith("Set SSLProxyVerifyDepth 2 (or more) beside SSLProxyVerify "
                    + "require (" + Apache.configFile(stack)), seen.remediation().toString());
            assertTrue(seen.evidence().stream().anyMatch(e -> e.describe().contains(line)), seen.evidence().toString());
            // the log alone names it too, with the depth to set
            Diagnosis offline = Diagnose.offline(stack);
            assertEquals(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, Diagnose.top(offline), Diagnose.explain(offline));
            assertTrue(offline.causes().get(0).remediation().stream()
                    .anyMatch(r -> r.startsWith("Set SSLProxyVerifyDepth 2 (or more)")), Diagnose.explain(offline));
            apacheRow("apache-edge-origin-verify-depth", "valid origin certificate from an intermediate CA, "
                    + "SSLProxyVerify require without SSLProxyVerifyDepth (default 1)", broken.status(),
                    CauseCode.PROXY_UPSTREAM_TLS_FAILURE, "log: " + line, "live: Apache configuration and logs");
        }
    }

    @Test
    void aVerifyDepthThatCoversTheIntermediateIsNotFlagged() {
        try (Stack stack = Stack.create("apache-edge-origin-verify-depth-2")) {
            URI url = Http.url(apache(stack, intermediatePort, "SSLProxyVerifyDepth 2"), "/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + errorLog(stack));
            Diagnosis d = Diagnose.run(Target.builder().zone(ZoneId.systemDefault()).logs(stack.logs())
                    .config(Target.CONFIG_APACHE, Apache.configFile(stack)).build());
            assertTrue(Edge.findings(d).stream().noneMatch(f -> f.summary().contains("SSLProxyVerifyDepth")),
                    Diagnose.explain(d));
        }
    }

    @Test
    void apacheComparesAnAddressWithDnsNamesOnlySoACertificateNamingItAsAnIpEntryIsRejected() {
        try (Stack stack = Stack.create("apache-edge-origin-ip-entry")) {
            URI url = Http.url(apache(stack, ipOnlyPort, "SSLProxyVerifyDepth 2"), "/");
            // at LogLevel info Apache 2.4.71 says why: "AH02411: SSL Proxy: Peer certificate does not match for
            // hostname 127.0.0.1"; at warn only the handshake failure
            apacheAnswers500(stack, url, "AH00898: Error during SSL Handshake with remote server returned by /");
            Diagnosis d = Diagnose.run(Target.builder().zone(ZoneId.systemDefault())
                    .config(Target.CONFIG_APACHE, Apache.configFile(stack)).build());
            Finding f = Edge.findings(d).stream().filter(x -> CauseCode.PROXY_UPSTREAM_TLS_FAILURE.equals(x.cause())
                    && x.summary().contains("does not cover the name 127.0.0.1")).findFirst()
                    .orElseThrow(() -> new AssertionError(Diagnose.explain(d)));
            assertTrue(f.summary().endsWith("; Apache compares an address with the certificate's DNS names and CN "
                    + "only, not its IP entries"), f.summary());
        }
    }

    /** The proxy configuration check's finding about the verify depth. */
    private static Finding depthFinding(Diagnosis d) {
        return Edge.findings(d).stream().filter(f -> CauseCode.PROXY_UPSTREAM_TLS_FAILURE.equals(f.cause())
                        && f.summary().startsWith("Apache verifies the upstream 127.0.0.1:" + intermediatePort
                        + " with SSLProxyVerifyDepth 1 (mod_ssl's default), but its certificate reaches the trusted CA "
                        + "only through 2 certificates")).findFirst()
                .orElseThrow(() -> new AssertionError(Diagnose.explain(d)));
    }
}
