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
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.gatewaydoctor.testkit.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OCSP responses made by the real {@code openssl ocsp} from a test CA's database (root → intermediate → leaves,
 * the intermediate signing the responses), judged as if stapled: good, revoked, out of date (judged three days
 * after it was made), about another certificate, signed by a key that is not the issuer's, and not OCSP at all.
 * Nothing is fetched: the checker is given only the response.
 */
class OcspStapleIT {

    @TempDir
    static Path dir;
    static TestPki pki;
    static X509TrustManager trust;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
        Instant now = Instant.now();
        for (String leaf : List.of("good", "revoked", "other")) {
            pki.leaf(leaf, "DNS:" + leaf + ".test", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), false);
        }
        pki.revoke("revoked", "superseded");
        for (String leaf : List.of("good", "revoked")) {
            pki.ocspResponse(leaf, leaf + ".der");
        }
        // signed by the root: not the issuer of the leaf, and not delegated by it
        pki.ocspResponse("good", "root", "good-by-root.der");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", cert("root.crt"));
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        trust = (X509TrustManager) f.getTrustManagers()[0];
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

    /**
     * Responses that cannot be used: past their next update (made one day ahead, read three days later, as a
     * server whose stapling stopped refreshing would still send it), about another certificate, signed by a key
     * the issuer did not delegate.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a response past its next update is out of date | good  | good.der         | 3 | out-of-date",
        "a response about another certificate cannot be used | other | good.der | 0 | does not include a response for a certificate",
        "a response signed by a key the issuer did not delegate is rejected | good | good-by-root.der | 0 | ''"})
    void unusableResponsesAreInvalid(String name, String leaf, String response, int daysLater, String words)
            throws Exception {
        OcspStaple.Verdict v = judge(leaf, response, Instant.now().plus(Duration.ofDays(daysLater)));
        assertEquals(OcspStaple.Status.INVALID, v.status(), v.words());
        assertTrue(v.words().contains(words), v.words());
    }

    @Test
    void bytesThatAreNotOcspAreNotTrusted() throws Exception {
        OcspStaple.Verdict v = OcspStaple.judge(List.of(cert("good.crt"), cert("intermediate.crt")),
                "<html>not OCSP</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII), trust, Instant.now());
        assertEquals(OcspStaple.Status.INVALID, v.status(), v.words());
    }
}
