package org.gatewaydoctor.checks.http.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.gatewaydoctor.model.Target;

/**
 * The roots the live checks trust: the JVM's, plus the PEM certificates of the {@value #CA_FILE_OPTION}
 * target option ({@code --ca-file}), for sites and origins under a private CA or a CDN's origin CA.
 */
public final class Trust {

    /** Target option: a PEM file of extra trusted root certificates. */
    public static final String CA_FILE_OPTION = "http.ca-file";
    /** The most bytes of a CA file read. */
    static final long MAX_CA_FILE = 4L * 1024 * 1024;

    private Trust() {
    }

    /** The trust for {@code target}: the JVM's default, plus its CA file when it names one. */
    public static X509TrustManager of(Target target) {
        Optional<String> file = target.option(CA_FILE_OPTION);
        return file.isEmpty() ? TlsInspector.defaultTrust() : withExtraRoots(Path.of(file.get()));
    }

    /** The JVM's roots plus every certificate in the PEM {@code file}. */
    public static X509TrustManager withExtraRoots(Path file) {
        try {
            if (Files.size(file) > MAX_CA_FILE) {
                throw new IllegalArgumentException(file + " is larger than " + MAX_CA_FILE + " bytes: not a CA file");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : TlsInspector.defaultTrust().getAcceptedIssuers()) {
                ks.setCertificateEntry("jvm-" + i++, c);
            }
            Collection<? extends Certificate> extra;
            try (InputStream in = Files.newInputStream(file)) {
                extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (extra.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            for (Certificate c : extra) {
                ks.setCertificateEntry("extra-" + i++, c);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(ks);
            for (TrustManager m : f.getTrustManagers()) {
                if (m instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CA file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A socket factory verifying servers with {@code trust}. */
    public static SSLSocketFactory socketFactory(X509TrustManager trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }
}
