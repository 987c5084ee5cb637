package org.gatewaydoctor.checks.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP responses made by the real {@code openssl ocsp} from a test CA's database (root → intermediate → leaves,
 * the intermediate signing the responses), judged as if stapled: good, revoked, out of date (judged three days
 * after it was made), about another certificate, signed by a key that is not the issuer's, and not OCSP at all.
 * Nothing is fetched: the checker is given only the response.
 */
class OcspStapleIT {

    @TempDir
    static Path dir;
    static X509TrustManager trust;

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + "\n" + out);
    }

    @BeforeAll
    static void pki() throws Exception {
        Files.createDirectories(dir.resolve("newcerts"));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "2000\n");
        Files.writeString(dir.resolve("ca.cnf"), """
                [ ca ]
                default_ca = test_ca
                [ test_ca ]
                database = index.txt
                new_certs_dir = newcerts
                serial = serial
                default_md = sha256
                default_days = 30
                policy = any
                copy_extensions = copy
                unique_subject = no
                [ any ]
                commonName = supplied
                [ intermediate ]
                basicConstraints = critical, CA:TRUE, pathlen:0
                keyUsage = critical, keyCertSign, cRLSign
                [ leaf ]
                basicConstraints = CA:FALSE
                keyUsage = critical, digitalSignature
                extendedKeyUsage = serverAuth
                """);
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                "root.key", "-out", "root.crt", "-days", "60", "-subj", "/CN=ocsp test root", "-addext",
                "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                "intermediate.key", "-out", "intermediate.csr", "-subj", "/CN=ocsp test intermediate");
        run("openssl", "ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", "root.crt", "-keyfile", "root.key",
                "-in", "intermediate.csr", "-out", "intermediate.crt", "-extensions", "intermediate");
        for (String leaf : List.of("good", "revoked", "other")) {
            run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", leaf + ".key", "-out", leaf + ".csr", "-subj", "/CN=" + leaf, "-addext",
                    "subjectAltName=DNS:" + leaf + ".test");
            run("openssl", "ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", "intermediate.crt", "-keyfile",
                    "intermediate.key", "-in", leaf + ".csr", "-out", leaf + ".crt", "-extensions", "leaf");
        }
        run("openssl", "ca", "-config", "ca.cnf", "-cert", "intermediate.crt", "-keyfile", "intermediate.key",
                "-revoke", "revoked.crt", "-crl_reason", "superseded");
        for (String leaf : List.of("good", "revoked")) {
            respond(leaf, "intermediate", leaf + ".der");
        }
        // signed by the root: not the issuer of the leaf, and not delegated by it
        respond("good", "root", "good-by-root.der");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", cert("root.crt"));
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        trust = (X509TrustManager) f.getTrustManagers()[0];
    }

    private static void respond(String leaf, String signer, String out) throws Exception {
        run("openssl", "ocsp", "-issuer", "intermediate.crt", "-cert", leaf + ".crt", "-no_nonce", "-reqout",
                leaf + ".req");
        run("openssl", "ocsp", "-index", "index.txt", "-CA", "intermediate.crt", "-rsigner", signer + ".crt", "-rkey",
                signer + ".key", "-reqin", leaf + ".req", "-respout", out, "-ndays", "1");
    }

    private static X509Certificate cert(String file) throws Exception {
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static OcspStaple.Verdict judge(String leaf, String response, Instant at) throws Exception {
        return OcspStaple.judge(List.of(cert(leaf + ".crt"), cert("intermediate.crt")),
                Files.readAllBytes(dir.resolve(response)), trust, at);
    }

    @Test
    void aCurrentGoodResponseIsGood() throws Exception {
        OcspStaple.Verdict v = judge("good", "good.der", Instant.now());
        assertEquals(OcspStaple.Status.GOOD, v.status(), v.words());
    }

    @Test
    void aResponseSayingRevokedIsRevokedWithTheReason() throws Exception {
        OcspStaple.Verdict v = judge("revoked", "revoked.der", Instant.now());
        assertEquals(OcspStaple.Status.REVOKED, v.status(), v.words());
        assertTrue(v.words().startsWith("revoked: Certificate has been revoked, reason: SUPERSEDED"), v.words());
    }

    @Test
    void aResponsePastItsNextUpdateIsOutOfDate() throws Exception {
        // made with a next update one day ahead; read three days later, as a server whose stapling stopped
        // refreshing would still send it
        OcspStaple.Verdict v = judge("good", "good.der", Instant.now().plus(Duration.ofDays(3)));
        assertEquals(OcspStaple.Status.INVALID, v.status(), v.words());
        assertTrue(v.words().contains("out-of-date"), v.words());
    }

    @Test
    void aResponseAboutAnotherCertificateCannotBeUsed() throws Exception {
        OcspStaple.Verdict v = judge("other", "good.der", Instant.now());
        assertEquals(OcspStaple.Status.INVALID, v.status(), v.words());
        assertTrue(v.words().contains("does not include a response for a certificate"), v.words());
    }

    @Test
    void aResponseSignedByAKeyTheIssuerDidNotDelegateIsRejected() throws Exception {
        OcspStaple.Verdict v = judge("good", "good-by-root.der", Instant.now());
        assertEquals(OcspStaple.Status.INVALID, v.status(), v.words());
    }

    @Test
    void bytesThatAreNotOcspAreNotTrusted() throws Exception {
        OcspStaple.Verdict v = OcspStaple.judge(List.of(cert("good.crt"), cert("intermediate.crt")),
                "<html>not OCSP</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII), trust, Instant.now());
        assertEquals(OcspStaple.Status.INVALID, v.status(), v.words());
    }
}
