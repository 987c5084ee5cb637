package org.gatewaydoctor.checks.http.tls;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * Judges the OCSP response a server stapled to its handshake, with the JDK's own PKIX revocation checker fed
 * that response only: nothing is fetched from the network (no OCSP responder, no CRL). The response must be
 * signed by the issuer (or a responder it delegated to), name the server's certificate, and be current at the
 * given instant (the JDK allows its usual clock skew).
 */
final class OcspStaple {

    /** What the staple says. */
    enum Status {
        /** The certificate is good according to a valid response. */
        GOOD,
        /** A valid response says the certificate is revoked. */
        REVOKED,
        /** The response cannot be relied on: out of date, badly signed, about another certificate, unparsable. */
        INVALID
    }

    /** The verdict with words for it. */
    record Verdict(Status status, String words) {
    }

    private OcspStaple() {
    }

    /**
     * Judges {@code staple} for {@code chain}'s first certificate, the chain leading to one of {@code trust}'s
     * accepted issuers, at {@code now}.
     */
    static Verdict judge(List<X509Certificate> chain, byte[] staple, X509TrustManager trust, Instant now) {
        try {
            List<X509Certificate> path = new ArrayList<>(chain);
            // PKIX wants the path without its trust anchor: drop a self-issued root the server sent along
            while (path.size() > 1 && path.get(path.size() - 1).getSubjectX500Principal()
                    .equals(path.get(path.size() - 1).getIssuerX500Principal())) {
                path.remove(path.size() - 1);
            }
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate a : trust.getAcceptedIssuers()) {
                anchors.add(new TrustAnchor(a, null));
            }
            if (anchors.isEmpty()) {
                return new Verdict(Status.INVALID, "no trusted root to verify it against");
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
            checker.setOcspResponses(Map.of(path.get(0), staple.clone()));
            // only the server's certificate, only this response: no CRL fallback, nothing fetched
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
            PKIXParameters params = new PKIXParameters(anchors);
            params.setDate(Date.from(now));
            params.setRevocationEnabled(true);
            params.addCertPathChecker(checker);
            validator.validate(certPath, params);
            return new Verdict(Status.GOOD, "good (a current response signed for the issuer)");
        } catch (CertPathValidatorException e) {
            String message = String.valueOf(e.getMessage());
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return new Verdict(Status.REVOKED, "revoked: " + message);
            }
            Throwable c = e.getCause();
            return new Verdict(Status.INVALID, message + (c != null && c.getMessage() != null
                    && !message.contains(c.getMessage()) ? " (" + c.getMessage() + ")" : ""));
        } catch (InvalidAlgorithmParameterException e) {
            return new Verdict(Status.INVALID, "it could not be checked: " + e.getMessage());
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Verdict(Status.INVALID, "it could not be read: " + e);
        }
    }
}
