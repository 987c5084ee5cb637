package org.gatewaydoctor.it.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.testkit.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nginx serving TLS on 127.0.0.1 with certificates made by openssl for the test (a root and an
 * intermediate CA trusted through {@code --ca-file}): a good chain, expired, not yet valid, for another
 * host, self-signed, without its intermediate, and must-staple without stapling. Then nginx as the edge
 * proxying to an HTTPS origin whose certificate expired: the edge answers 502, the diagnosis with
 * {@code --origin https://...} names the origin's TLS.
 */
class TlsIT {

    static final String CHAIN = "visitor → nginx (TLS)";
    private static final Duration DAY = Duration.ofDays(1);

    private static Stack stack;
    private static TestPki certs;
    private static final Map<String, Integer> ports = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        stack = Stack.create("tls");
        certs = TestPki.create(stack.mkdirs("tls"));
        Instant now = Instant.now();
        String names = "DNS:site.test,IP:127.0.0.1";
        certs.leaf("good", names, now.minus(DAY), now.plus(DAY.multipliedBy(60)), false);
        certs.leaf("soon", names, now.minus(DAY.multipliedBy(80)), now.plus(DAY.multipliedBy(9)).plusSeconds(3600), false);
        certs.leaf("expired", names, now.minus(DAY.multipliedBy(40)), now.minus(DAY.multipliedBy(3)), false);
        certs.leaf("future", names, now.plus(DAY.multipliedBy(2)), now.plus(DAY.multipliedBy(90)), false);
        certs.leaf("otherhost", "DNS:other.example", now.minus(DAY), now.plus(DAY.multipliedBy(10)), false);
        certs.leaf("staple", names, now.minus(DAY), now.plus(DAY.multipliedBy(10)), true);
        certs.selfSigned("selfsigned", names);
        // OCSP stapling from a file (nginx ssl_stapling_file): responses made by openssl ocsp from the CA's
        // database; "ocspother" staples the response about another certificate (a file left from before a renewal)
        certs.leaf("ocspgood", names, now.minus(DAY), now.plus(DAY.multipliedBy(60)), false);
        certs.leaf("ocsprevoked", names, now.minus(DAY), now.plus(DAY.multipliedBy(60)), false);
        certs.leaf("ocspother", names, now.minus(DAY), now.plus(DAY.multipliedBy(60)), false);
        certs.revoke("ocsprevoked", "keyCompromise");
        certs.ocspResponse("ocspgood", "ocspgood.ocsp.der");
        certs.ocspResponse("ocsprevoked", "ocsprevoked.ocsp.der");
        Map<String, String> stapling = Map.of("ocspgood", "ocspgood.ocsp.der", "ocsprevoked", "ocsprevoked.ocsp.der",
                "ocspother", "ocspgood.ocsp.der");
        StringBuilder servers = new StringBuilder();
        for (String[] s : new String[][] {{"good", "good.chain.crt"}, {"soon", "soon.chain.crt"}, {"expired", "expired.chain.crt"},
            {"future", "future.chain.crt"}, {"otherhost", "otherhost.chain.crt"}, {"selfsigned", "selfsigned.crt"},
            {"nointermediate", "good.crt"}, {"staple", "staple.chain.crt"}, {"ocspgood", "ocspgood.chain.crt"},
            {"ocsprevoked", "ocsprevoked.chain.crt"}, {"ocspother", "ocspother.chain.crt"}}) {
            int port = Ports.free();
            ports.put(s[0], port);
            String key = s[0].equals("nointermediate") ? "good" : s[0];
            servers.append(Edge.tlsServer(port, certs.file(s[1]), certs.file(key + ".key"), stack.path("www"),
                    stapling.containsKey(s[0]) ? "ssl_stapling on;\nssl_stapling_file " + certs.file(stapling.get(s[0]))
                            + ";\n" : ""));
        }
        stack.write("www/index.html", "<html><body>home</body></html>\n");
        Nginx.start(stack, Nginx.config(stack, servers.toString()), ports.get("staple"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Diagnosis diagnose(String server) {
        URI url = URI.create("https://127.0.0.1:" + ports.get(server) + "/");
        return Edge.live(url, null, certs.root());
    }

    @Test
    void aGoodChainIsHealthy() {
        Diagnosis d = diagnose("good");
        assertEquals(Verdict.HEALTHY, d.verdict(), Diagnose.explain(d));
    }

    @Test
    void aCertificateThatExpiresWithinTwoWeeksIsAWarning() {
        Diagnosis d = diagnose("soon");
        assertEquals(Verdict.DEGRADED, d.verdict(), Diagnose.explain(d));
        assertTrue(Edge.findings(d).stream().anyMatch(f -> f.summary().contains("expires in 9 days")),
                Diagnose.explain(d));
    }

    @Test
    void anExpiredCertificateIsNamedWithItsDate() {
        Diagnosis d = diagnose("expired");
        Edge.topCiting(d, CauseCode.TLS_CERTIFICATE_EXPIRED, "is expired: expired on ");
        row("tls-expired", "certificate expired 3 days ago",
                CauseCode.TLS_CERTIFICATE_EXPIRED, "expired on … (3 days ago)", "no HTTP answer: the client refuses "
                        + "the handshake");
    }

    @Test
    void aCertificateNotYetValidIsNamed() {
        Diagnosis d = diagnose("future");
        Edge.topCiting(d, CauseCode.TLS_CERTIFICATE_EXPIRED, "is not yet valid: not valid before");
        row("tls-not-yet-valid", "certificate valid from 2 days ahead", CauseCode.TLS_CERTIFICATE_EXPIRED,
                "not valid before …", "no HTTP answer");
    }

    @Test
    void aCertificateForAnotherHostIsAMismatch() {
        Diagnosis d = diagnose("otherhost");
        Edge.topCiting(d, CauseCode.TLS_HOSTNAME_MISMATCH, "it covers [other.example], not 127.0.0.1");
        row("tls-wrong-host", "certificate for other.example only",
                CauseCode.TLS_HOSTNAME_MISMATCH, "it covers [other.example], not 127.0.0.1", "no HTTP answer");
    }

    @Test
    void aSelfSignedCertificateIsAnUntrustedChainSaidAsSuch() {
        Diagnosis d = diagnose("selfsigned");
        Edge.topCiting(d, CauseCode.TLS_UNTRUSTED_CHAIN, "(that is self-signed): self-signed by CN=selfsigned");
        row("tls-self-signed", "self-signed certificate",
                CauseCode.TLS_UNTRUSTED_CHAIN, "self-signed by CN=selfsigned", "no HTTP answer");
    }

    @Test
    void aMissingIntermediateIsNamedWithTheIssuerNotSent() {
        Diagnosis d = diagnose("nointermediate");
        Edge.topCiting(d, CauseCode.TLS_UNTRUSTED_CHAIN, "the server sends 1 certificate and not the issuer of CN=good, "
                + "which is CN=gateway-doctor test intermediate");
        row("tls-missing-intermediate", "ssl_certificate names the leaf "
                + "without its intermediate", CauseCode.TLS_UNTRUSTED_CHAIN,
                "the server sends 1 certificate and not the issuer of CN=good", "no HTTP answer");
    }

    @Test
    void aMustStapleCertificateWithoutStaplingIsAWarning() {
        Diagnosis d = diagnose("staple");
        Edge.cites(d, CauseCode.TLS_HANDSHAKE_FAILURE, "demands OCSP stapling (must-staple)");
    }

    @Test
    void aGoodStapledOcspResponseIsVerifiedAndSaidGood() {
        Diagnosis d = diagnose("ocspgood");
        assertEquals(Verdict.HEALTHY, d.verdict(), Diagnose.explain(d));
        assertTrue(Diagnose.explain(d).contains(
                "OCSP staple good (a current response signed for the issuer)"),
                Diagnose.explain(d));
    }

    @Test
    void aStapledResponseThatSaysRevokedIsNamed() {
        Diagnosis d = diagnose("ocsprevoked");
        Edge.topCiting(d, CauseCode.TLS_UNTRUSTED_CHAIN, "has been revoked by its CA: the OCSP response the server "
                + "staples says the certificate is revoked: Certificate has been revoked");
        Edge.cites(d, CauseCode.TLS_UNTRUSTED_CHAIN, "reason: KEY_COMPROMISE");
        row("tls-ocsp-revoked", "certificate revoked by the CA; nginx "
                        + "staples the responder's answer (ssl_stapling_file)", CauseCode.TLS_UNTRUSTED_CHAIN,
                "the OCSP response the server staples says the certificate is revoked … reason: KEY_COMPROMISE",
                "no HTTP answer: a client that reads the staple refuses the handshake");
    }

    @Test
    void aStapledResponseAboutAnotherCertificateCannotBeReliedOn() {
        Diagnosis d = diagnose("ocspother");
        Edge.cites(d, CauseCode.TLS_HANDSHAKE_FAILURE, "staples for 127.0.0.1 cannot be relied on: OCSP response does "
                + "not include a response for a certificate supplied in the OCSP request; clients that check stapled "
                + "responses cannot use it");
    }

    @Test
    void withoutStaplingNoStapleIsJudged() {
        Diagnosis d = diagnose("good");
        assertTrue(!Diagnose.explain(d).contains("OCSP staple"),
                Diagnose.explain(d));
    }

    @Test
    void anExpiredOriginBehindAnNginxEdgeIsTheOriginsTls() {
        try (Stack edge = Stack.create("tls-origin-expired")) {
            int edgePort = Ports.free();
            Nginx.start(edge, Nginx.config(edge, Nginx.server(edge, edgePort, """
                    location / {
                        proxy_pass https://127.0.0.1:%d;
                        proxy_ssl_verify on;
                        proxy_ssl_trusted_certificate %s;
                        proxy_ssl_name 127.0.0.1;
                    }
                    """.formatted(ports.get("expired"), certs.root()))), edgePort);
            URI url = Http.url(edgePort, "/");
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());

            Diagnosis d = Edge.live(url, "https://127.0.0.1:" + ports.get("expired"), certs.root());
            Edge.top(d, CauseCode.EDGE_ORIGIN_TLS_FAILURE);
            Edge.cites(d, CauseCode.EDGE_ORIGIN_TLS_FAILURE, "serves a certificate that is expired for 127.0.0.1");
            assertTrue(Edge.findings(d).stream().anyMatch(f -> f.summary().contains("526")),
                    "the finding says what a CDN answers");
            FaultTable.record(FaultTable.Row.of("edge-origin-tls-expired", "nginx edge → HTTPS origin (nginx)",
                    "origin certificate expired, edge verifies it (proxy_ssl_verify on); --origin https://…",
                    broken.status(), null, CauseCode.EDGE_ORIGIN_TLS_FAILURE, "origin … serves a certificate that is "
                            + "expired", "live, URL and --origin only"));
        }
    }

    /** A row of the fault table for this chain: the client refuses the handshake, so there is no HTTP status. */
    private static void row(String id, String fault, CauseCode top, String cited, String note) {
        FaultTable.record(FaultTable.Row.of(id, CHAIN, fault, 0, null, top, cited, note));
    }
}
