package org.gatewaydoctor.checks.http;

import org.gatewaydoctor.testkit.CheckResults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpProbeCheck} against real TLS servers on 127.0.0.1, with certificates made by the JDK's
 * keytool for the test: a valid self-signed one, one for another name, and an expired one signed by a
 * test CA.
 */
class HttpProbeTlsIT {

    private static final String PASS = "changeit";
    private static final HttpProber.Resolver NO_DNS = host -> {
        throw new UnknownHostException(host + ": resolution disabled in tests");
    };

    @TempDir
    static Path dir;

    private static final List<HttpsServer> servers = new ArrayList<>();
    private static SSLSocketFactory trusting;
    private static int good;
    private static int wrongName;
    private static int expired;

    @BeforeAll
    static void start() throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "30", "-keystore", "good.p12");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", "good.p12", "-file", "good.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other.example",
                "-ext", "SAN=dns:other.example", "-validity", "30", "-keystore", "other.p12");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", "other.p12", "-file", "other.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=gateway-doctor test CA",
                "-ext", "bc:c", "-validity", "30", "-keystore", "ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-keystore", "expired.p12");
        keytool("-certreq", "-alias", "server", "-keystore", "expired.p12", "-file", "expired.csr");
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", "expired.csr", "-outfile", "expired.pem",
                "-ext", "SAN=ip:127.0.0.1", "-startdate", "-10d", "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", "expired.p12", "-file", "ca.pem");
        keytool("-importcert", "-alias", "server", "-keystore", "expired.p12", "-file", "expired.pem");

        good = serve("good.p12");
        wrongName = serve("other.p12");
        expired = serve("expired.p12");

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (String pem : List.of("good.pem", "other.pem", "ca.pem")) {
            try (InputStream in = Files.newInputStream(dir.resolve(pem))) {
                trust.setCertificateEntry(pem, cf.generateCertificate(in));
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        trusting = ctx.getSocketFactory();
    }

    @AfterAll
    static void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", PASS, "-storetype", "PKCS12"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static int serve(String keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(keystore))) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> {
            byte[] body = "<html>secure hello</html>".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    private static CheckResult probe(int port, SSLSocketFactory tls) {
        TestCheckContext ctx = TestCheckContext.builder().url("https://127.0.0.1:" + port + "/").zone(ZoneOffset.UTC)
                .timeout(Duration.ofSeconds(5)).build();
        CheckResult r = new HttpProbeCheck(NO_DNS, tls).run(ctx);
        assertFalse(Instant.now().isAfter(ctx.deadline()), "run() returned after the deadline");
        return r;
    }

    @Test
    void passesWhenTheCertificateIsTrustedAndValid() {
        CheckResult r = probe(good, trusting);
        assertInstanceOf(CheckResult.Passed.class, r, r::toString);
    }

    @Test
    void reportsAnUntrustedChain() {
        Finding f = CheckResults.only(probe(good, (SSLSocketFactory) SSLSocketFactory.getDefault()));
        assertEquals(CauseCode.TLS_UNTRUSTED_CHAIN, f.cause());
        assertEquals(Layer.TLS, f.layer());
        assertTrue(f.remediation().stream().anyMatch(s -> s.contains("fullchain.pem")));
    }

    @Test
    void reportsAHostnameMismatch() {
        Finding f = CheckResults.only(probe(wrongName, trusting));
        assertEquals(CauseCode.TLS_HOSTNAME_MISMATCH, f.cause());
        assertTrue(f.summary().contains("127.0.0.1"), f.summary());
    }

    @Test
    void reportsAnExpiredCertificate() {
        Finding f = CheckResults.only(probe(expired, trusting));
        assertEquals(CauseCode.TLS_CERTIFICATE_EXPIRED, f.cause());
        assertTrue(f.remediation().stream().anyMatch(s -> s.contains("certbot renew")));
    }
}
