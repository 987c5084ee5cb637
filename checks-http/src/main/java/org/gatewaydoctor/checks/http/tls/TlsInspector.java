package org.gatewaydoctor.checks.http.tls;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Looks at one TLS endpoint the way a careful client does, and says exactly what is wrong with it.
 *
 * <p>It completes the handshake whatever the certificate (so a broken chain can still be read), then
 * judges the chain the server sent on its own: validity at a given instant (and days left), whether the
 * name is covered by a subject alternative name (RFC 6125: a wildcard covers one leftmost label), whether
 * it leads to a trusted root (and if not, why: self-signed, missing intermediate, unknown CA), the
 * negotiated protocol and cipher, and whether the certificate demands OCSP stapling (TLS feature
 * extension, RFC 7633) without the server stapling. It sends nothing after the handshake. Every step is
 * bounded by the deadline.
 */
public final class TlsInspector {

    /** The TLS feature extension (RFC 7633); with status_request (5) it means must-staple. */
    static final String TLS_FEATURE_OID = "1.3.6.1.5.5.7.1.24";

    private final X509TrustManager trust;

    /** An inspector judging chains against {@code trust}. */
    public TlsInspector(X509TrustManager trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** An inspector judging chains against the JVM's default trust store. */
    public static TlsInspector withDefaultTrust() {
        return new TlsInspector(defaultTrust());
    }

    /** The JVM's default trust manager. */
    public static X509TrustManager defaultTrust() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager m : f.getTrustManagers()) {
                if (m instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JVM has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JVM's trust store", e);
        }
    }

    /** What is wrong with a chain, from worst to harmless. */
    public enum Problem {
        /** The handshake did not complete. */
        HANDSHAKE,
        /** The server's certificate is past its notAfter. */
        EXPIRED,
        /** The server's certificate is before its notBefore. */
        NOT_YET_VALID,
        /** The OCSP response the server stapled says its certificate is revoked. */
        REVOKED,
        /** The certificate does not cover the host name. */
        NAME_MISMATCH,
        /** A single self-signed certificate. */
        SELF_SIGNED,
        /** The server does not send the intermediate that links its certificate to a trusted root. */
        MISSING_INTERMEDIATE,
        /** The chain ends at a CA this machine does not trust. */
        UNTRUSTED_ROOT,
        /** The certificate demands a stapled OCSP answer and the server sent none. */
        MUST_STAPLE_MISSING,
        /** The server stapled an OCSP response that cannot be relied on (out of date, badly signed, another certificate). */
        STAPLE_INVALID
    }

    /**
     * One endpoint's TLS as seen.
     *
     * @param host the name asked for (SNI and the name checked)
     * @param address where it was reached ({@code 192.0.2.1:443})
     * @param chain the certificates the server sent, its own first; empty when the handshake failed early
     * @param protocol the negotiated protocol ({@code TLSv1.3}), empty if none
     * @param cipher the negotiated cipher suite, empty if none
     * @param problems what is wrong, worst first; empty when all is well
     * @param detail words for the worst problem (the handshake error, the missing issuer...)
     * @param daysLeft whole days until the server certificate expires (negative once expired); 0 if unknown
     * @param mustStaple whether the certificate demands OCSP stapling
     * @param stapled whether the server stapled an OCSP response
     * @param error the handshake's or connection's exception, {@code null} if none
     * @param staple what the stapled OCSP response says, in words ({@code good (...)}, {@code revoked: ...});
     *     empty when none was stapled or it was not judged (the chain itself is broken)
     */
    public record Report(String host, String address, List<X509Certificate> chain, String protocol, String cipher,
                         List<Problem> problems, String detail, long daysLeft, boolean mustStaple, boolean stapled,
                         Throwable error, String staple) {
        public Report {
            chain = List.copyOf(chain);
            problems = List.copyOf(problems);
            staple = staple == null ? "" : staple;
        }

        /** A report without words about a staple. */
        public Report(String host, String address, List<X509Certificate> chain, String protocol, String cipher,
                      List<Problem> problems, String detail, long daysLeft, boolean mustStaple, boolean stapled,
                      Throwable error) {
            this(host, address, chain, protocol, cipher, problems, detail, daysLeft, mustStaple, stapled, error, "");
        }

        /** Whether the handshake completed and nothing is wrong. */
        public boolean ok() {
            return problems.isEmpty();
        }

        /** Whether a TCP connection was made at all (a refused or unreachable port is not a TLS problem). */
        public boolean connected() {
            return !detail.startsWith("no TCP connection") && !detail.startsWith("no time was left to connect");
        }

        /** One line about the server certificate: subject, issuer, names, validity, protocol. */
        public String describe() {
            if (chain.isEmpty()) {
                return host + " at " + address + ": " + detail;
            }
            X509Certificate leaf = chain.get(0);
            return host + " at " + address + ": certificate " + rdn(leaf.getSubjectX500Principal()) + " issued by "
                    + rdn(leaf.getIssuerX500Principal()) + ", names " + names(leaf) + ", valid until "
                    + leaf.getNotAfter().toInstant() + " (" + daysLeft + " days left), " + chain.size()
                    + (chain.size() == 1 ? " certificate" : " certificates") + " sent"
                    + (protocol.isEmpty() ? "" : ", " + protocol + " " + cipher)
                    + (mustStaple ? ", must-staple" + (stapled ? " (stapled)" : " (no staple)") : "")
                    + (staple.isEmpty() ? "" : ", OCSP staple " + staple);
        }
    }

    /**
     * Connects to {@code address:port}, handshakes with server name {@code host} and judges the chain at
     * {@code now}. Returns by {@code deadlineNanos}.
     */
    public Report inspect(String host, InetAddress address, int port, Instant now, long deadlineNanos) {
        String where = (address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress()) + ":" + port;
        Capture capture = new Capture();
        int left = millisLeft(deadlineNanos);
        if (left <= 0) {
            return failed(host, where, "no time was left to connect", null, capture);
        }
        try (Socket plain = new Socket()) {
            try {
                plain.connect(new InetSocketAddress(address, port), left);
            } catch (IOException e) {
                return failed(host, where, "no TCP connection: " + e.getMessage(), e, capture);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {capture}, null);
            SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            if (!isLiteral(host)) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            ssl.setSSLParameters(params);
            left = millisLeft(deadlineNanos);
            if (left <= 0) {
                return failed(host, where, "no time was left for the TLS handshake", null, capture);
            }
            ssl.setSoTimeout(left);
            try {
                ssl.startHandshake();
            } catch (SocketTimeoutException e) {
                return failed(host, where, "the TLS handshake did not finish in time", e, capture);
            } catch (SSLException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
                    // the server may speak only a protocol this JVM (and every current browser) has disabled
                    int rest = millisLeft(deadlineNanos);
                    java.util.Optional<String> old = rest <= 0 ? java.util.Optional.empty()
                            : LegacyHello.highestLegacyVersion(address, port, isLiteral(host) ? null : host,
                                    Math.min(rest, 3000));
                    if (old.isPresent()) {
                        return failed(host, where, "the server speaks only " + old.get() + " (it answered a TLS 1.1 "
                                + "hello with " + old.get() + "): TLS below 1.2 is disabled in every current browser and "
                                + "in Java, so no client completes the handshake (" + m + ")", e, capture);
                    }
                }
                return failed(host, where, "the TLS handshake failed: " + e.getMessage(), e, capture);
            } catch (IOException e) {
                return failed(host, where, "the connection failed during the TLS handshake: " + e.getMessage(), e,
                        capture);
            }
            SSLSession session = ssl.getSession();
            byte[] staple = session instanceof ExtendedSSLSession ext && !ext.getStatusResponses().isEmpty()
                    ? ext.getStatusResponses().get(0) : null;
            List<X509Certificate> chain = capture.chain != null ? List.of(capture.chain) : List.of();
            Report r = judge(host, where, chain, capture.authType, session.getProtocol(), session.getCipherSuite(),
                    staple, now);
            ssl.close();
            return r;
        } catch (IOException | GeneralSecurityException e) {
            return failed(host, where, "TLS could not be set up: " + e, e, capture);
        }
    }

    private Report failed(String host, String where, String detail, Throwable error, Capture capture) {
        List<X509Certificate> chain = capture.chain != null ? List.of(capture.chain) : List.of();
        return new Report(host, where, chain, "", "", List.of(Problem.HANDSHAKE), detail, 0, false, false, error);
    }

    /** Judges a chain the server sent, as a client at {@code now} would (without looking into a staple). */
    Report judge(String host, String where, List<X509Certificate> chain, String authType, String protocol,
                 String cipher, boolean stapled, Instant now) {
        return judge(host, where, chain, authType, protocol, cipher, stapled ? new byte[0] : null, now);
    }

    /**
     * Judges a chain the server sent, and the OCSP response it stapled ({@code null}: none; empty: stapled but
     * not to be judged), as a client at {@code now} would.
     */
    Report judge(String host, String where, List<X509Certificate> chain, String authType, String protocol,
                 String cipher, byte[] staple, Instant now) {
        boolean stapled = staple != null;
        List<Problem> problems = new ArrayList<>();
        String detail = "";
        if (chain.isEmpty()) {
            return new Report(host, where, chain, protocol, cipher, List.of(Problem.HANDSHAKE),
                    "the server sent no certificate", 0, false, stapled, null);
        }
        X509Certificate leaf = chain.get(0);
        long daysLeft = Duration.between(now, leaf.getNotAfter().toInstant()).toDays();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            problems.add(Problem.EXPIRED);
            detail = "expired on " + leaf.getNotAfter().toInstant() + " (" + (-daysLeft) + " days ago)";
        } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
            problems.add(Problem.NOT_YET_VALID);
            detail = "not valid before " + leaf.getNotBefore().toInstant();
        }
        if (!covers(leaf, host)) {
            problems.add(Problem.NAME_MISMATCH);
            if (detail.isEmpty()) {
                detail = "it covers " + names(leaf) + ", not " + host;
            }
        }
        Problem trustProblem = trustProblem(chain, authType);
        if (trustProblem != null) {
            problems.add(trustProblem);
            if (detail.isEmpty()) {
                detail = switch (trustProblem) {
                    case SELF_SIGNED -> "self-signed by " + rdn(leaf.getSubjectX500Principal());
                    case MISSING_INTERMEDIATE -> "the server sends " + chain.size() + (chain.size() == 1
                            ? " certificate" : " certificates") + " and not the issuer of "
                            + rdn(chain.get(chain.size() - 1).getSubjectX500Principal()) + ", which is "
                            + rdn(chain.get(chain.size() - 1).getIssuerX500Principal());
                    default -> "the chain ends at " + rdn(chain.get(chain.size() - 1).getIssuerX500Principal())
                            + ", which this machine does not trust";
                };
            }
        }
        boolean mustStaple = mustStaple(leaf);
        // the JDK's client asks for a staple unless jdk.tls.client.enableStatusRequestExtension is false (its
        // default is true since JDK 9): only then does "no staple came" mean the server sends none
        boolean asked = !"false".equalsIgnoreCase(System.getProperty("jdk.tls.client.enableStatusRequestExtension"));
        if (mustStaple && !stapled && asked) {
            problems.add(Problem.MUST_STAPLE_MISSING);
            if (detail.isEmpty()) {
                detail = "the certificate demands OCSP stapling (TLS feature status_request) and the server "
                        + "stapled no OCSP response";
            }
        }
        String stapleWords = "";
        if (staple != null && staple.length > 0 && problems.isEmpty()) {
            // a staple is judged only on a chain that is otherwise sound: its signer is checked against that chain
            OcspStaple.Verdict v = OcspStaple.judge(chain, staple, trust, now);
            stapleWords = v.words();
            if (v.status() == OcspStaple.Status.REVOKED) {
                problems.add(Problem.REVOKED);
                detail = "the OCSP response the server staples says the certificate is " + v.words();
            } else if (v.status() == OcspStaple.Status.INVALID) {
                problems.add(Problem.STAPLE_INVALID);
                detail = "the server staples an OCSP response that cannot be relied on: " + v.words();
            }
        }
        return new Report(host, where, chain, protocol, cipher, problems, detail, daysLeft, mustStaple, stapled, null,
                stapleWords);
    }

    /** Why the chain does not validate, or {@code null} when it does (validity dates aside). */
    private Problem trustProblem(List<X509Certificate> chain, String authType) {
        try {
            trust.checkServerTrusted(chain.toArray(X509Certificate[]::new), authType == null ? "UNKNOWN" : authType);
            return null;
        } catch (CertificateException e) {
            String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            boolean datesOnly = text.contains("validity check failed") || hasDateCause(e);
            X509Certificate last = chain.get(chain.size() - 1);
            X500Principal issuer = last.getIssuerX500Principal();
            boolean issuerTrusted = false;
            for (X509Certificate anchor : trust.getAcceptedIssuers()) {
                if (anchor.getSubjectX500Principal().equals(issuer)) {
                    issuerTrusted = true;
                    break;
                }
            }
            if (datesOnly || issuerTrusted && chainLinks(chain)) {
                return null; // the chain is fine; only the dates are wrong, reported on their own
            }
            if (chain.size() == 1 && selfIssued(last)) {
                return Problem.SELF_SIGNED;
            }
            if (!selfIssued(last)) {
                return Problem.MISSING_INTERMEDIATE;
            }
            return Problem.UNTRUSTED_ROOT;
        }
    }

    private static boolean hasDateCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.security.cert.CertificateExpiredException
                    || c instanceof java.security.cert.CertificateNotYetValidException) {
                return true;
            }
            if (c instanceof java.security.cert.CertPathValidatorException v
                    && (v.getReason() == java.security.cert.CertPathValidatorException.BasicReason.EXPIRED
                            || v.getReason() == java.security.cert.CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
        }
        return false;
    }

    private static boolean chainLinks(List<X509Certificate> chain) {
        for (int i = 1; i < chain.size(); i++) {
            if (!chain.get(i - 1).getIssuerX500Principal().equals(chain.get(i).getSubjectX500Principal())) {
                return false;
            }
        }
        return true;
    }

    private static boolean selfIssued(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether the certificate carries the TLS feature extension with status_request. */
    static boolean mustStaple(X509Certificate c) {
        byte[] ext = c.getExtensionValue(TLS_FEATURE_OID);
        if (ext == null) {
            return false;
        }
        // OCTET STRING { SEQUENCE { INTEGER 5 ... } }: look for INTEGER 5 (02 01 05)
        for (int i = 0; i + 2 < ext.length; i++) {
            if (ext[i] == 0x02 && ext[i + 1] == 0x01 && ext[i + 2] == 0x05) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code c} covers {@code host} by a subject alternative name (RFC 6125 6.4). */
    static boolean covers(X509Certificate c, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        boolean ip = isLiteral(h);
        for (List<?> san : sans(c)) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
            if (ip && type == 7 && sameAddress(value, h)) {
                return true;
            }
            if (!ip && type == 2 && matches(value, h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (IOException e) {
            return false;
        }
    }

    static boolean matches(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(pattern.substring(1)) && pattern.indexOf('.', 2) > 0;
    }

    private static List<List<?>> sans(X509Certificate c) {
        try {
            Collection<List<?>> all = c.getSubjectAlternativeNames();
            return all == null ? List.of() : new ArrayList<>(all);
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** The names a certificate covers, e.g. {@code [example.org, www.example.org]}. */
    static String names(X509Certificate c) {
        List<String> out = new ArrayList<>();
        for (List<?> san : sans(c)) {
            int type = (Integer) san.get(0);
            if (type == 2 || type == 7) {
                out.add(String.valueOf(san.get(1)));
            }
        }
        return out.isEmpty() ? "(no subject alternative names)" : out.toString();
    }

    /** {@code CN=example.org, O=...} as RFC 2253 text. */
    static String rdn(X500Principal p) {
        return p.getName(X500Principal.RFC2253);
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static int millisLeft(long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    /** Accepts every chain and keeps it, so a broken one can be judged after the handshake. */
    private static final class Capture extends X509ExtendedTrustManager {
        volatile X509Certificate[] chain;
        volatile String authType;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this client never acts as a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            this.chain = chain.clone();
            this.authType = authType;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
