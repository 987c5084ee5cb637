package org.gatewaydoctor.checks.http.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * The JVM's default trust manager ({@link TlsInspector#defaultTrust()}), loaded on first use: loading the
 * trust store costs a few tenths of a CPU-second, which {@code checks}, {@code scan} and a {@code diagnose} of
 * logs alone, where the TLS check is built but never run, should not pay.
 */
final class DeferredTrust implements X509TrustManager {

    private volatile X509TrustManager trust;

    private X509TrustManager trust() {
        X509TrustManager t = trust;
        if (t == null) {
            t = TlsInspector.defaultTrust();
            trust = t;
        }
        return t;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trust().getAcceptedIssuers();
    }
}
