package org.gatewaydoctor.it.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gatewaydoctor.it.apache.Apache;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
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

    @BeforeAll
    static void startOrigins() {
        origin = Stack.create("tls-origins");
        certs = TestPki.create(origin.mkdirs("tls"));
        Instant now = Instant.now();
        certs.leaf("expired", "DNS:site.test,IP:127.0.0.1", now.minus(DAY.multipliedBy(40)), now.minus(DAY.multipliedBy(3)),
                false);
        certs.selfSigned("selfsigned", "DNS:site.test,IP:127.0.0.1");
        expiredPort = Ports.free();
        selfSignedPort = Ports.free();
        StringBuilder servers = new StringBuilder();
        for (Object[] s : new Object[][] {{expiredPort, "expired.chain.crt", "expired.key"},
            {selfSignedPort, "selfsigned.crt", "selfsigned.key"}}) {
            servers.append(Edge.tlsServer((int) s[0], certs.file((String) s[1]), certs.file((String) s[2]),
                    origin.path("www"), ""));
        }
        origin.write("www/index.html", "<html><body>origin</body></html>\n");
        Nginx.start(origin, Nginx.config(origin, servers.toString()), expiredPort);
        Wait.until("origin on " + selfSignedPort, Duration.ofSeconds(10), () -> Wait.listening(selfSignedPort));
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
        int port = Ports.free();
        Apache.start(stack, Apache.config(stack, port, """
                LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
                SSLProxyEngine on
                SSLProxyVerify require
                SSLProxyVerifyDepth 3
                SSLProxyCACertificateFile %s
                ProxyPass "/" "https://127.0.0.1:%d/"
                """.formatted(certs.root(), originPort)), port);
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
}
