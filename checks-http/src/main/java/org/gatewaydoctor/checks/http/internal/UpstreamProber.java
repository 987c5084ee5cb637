package org.gatewaydoctor.checks.http.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.gatewaydoctor.facts.Address;

/**
 * Probes one upstream of a proxy the way the proxy talks to it, bounded in time and bytes: a TCP (or
 * unix socket) connect; for HTTP a {@code HEAD / HTTP/1.0} and the first bytes of the answer; for HTTPS
 * a TLS handshake and, when the proxy verifies its upstream, the certificate checks the proxy would
 * make (expiry, chain to the configured CA file, host name). It never follows redirects, sends no body
 * and reads at most {@link #MAX_READ} bytes.
 */
public final class UpstreamProber {

    /** The most bytes read from an answer that is not HTTP. */
    public static final int MAX_READ = 8192;
    /** The most bytes of an HTTP answer's head read, to measure its headers. */
    public static final int MAX_HEAD = 128 * 1024;
    /** The longest a connect or a read may take. */
    public static final Duration STEP = Duration.ofSeconds(2);

    /** Name lookups, replaceable in tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws IOException;
    }

    /** What a probe found. */
    public enum Outcome {
        /** HTTP answered with a status line, or TLS completed (and verified when asked). */
        OK,
        /** The connect was refused (nothing listens). */
        REFUSED,
        /** No connect within the time given. */
        CONNECT_TIMEOUT,
        /** The connect failed otherwise (no such socket file, permission, unreachable). */
        CONNECT_FAILED,
        /** Connected, then the peer closed without sending a byte. */
        CLOSED,
        /** Connected, then nothing came back in time. */
        NO_ANSWER,
        /** The answer to HTTP is FastCGI records. */
        FASTCGI,
        /** The answer to HTTP is a TLS record: the peer speaks HTTPS. */
        TLS_ANSWER,
        /** The answer to HTTP is something else. */
        NOT_HTTP,
        /** The answer to a TLS ClientHello is not TLS (a plain HTTP server, most often). */
        NOT_TLS,
        /** The peer closed during the TLS handshake. */
        TLS_CLOSED,
        /** The TLS handshake failed otherwise (no common protocol or cipher, an alert). */
        TLS_FAILED,
        /** The certificate is expired or not yet valid. */
        CERT_EXPIRED,
        /** The chain does not lead to the configured CA. */
        CERT_UNTRUSTED,
        /** The certificate does not cover the name the proxy checks. */
        CERT_NAME,
        /**
         * The chain leads to the configured CA, but through more certificates than the proxy's verify depth
         * allows (Apache's {@code SSLProxyVerifyDepth}, 1 by default): the proxy rejects it.
         */
        CHAIN_TOO_LONG
    }

    /**
     * What the proxy does with its upstream's certificate.
     *
     * @param verify whether it checks chain and name
     * @param caFile the CA bundle it trusts (PEM), {@code null} for the JDK's default trust store
     * @param name the name it sends (SNI) and checks, {@code null} for none
     * @param maxDepth how many certificates the chain may have below the trusted CA (Apache's
     *     {@code SSLProxyVerifyDepth}); -1 for no limit the proxy sets itself
     * @param depthWhere where {@code maxDepth} comes from, {@code file:line}, or {@code ""} for the proxy's default
     * @param modSslNames whether the name is checked as mod_ssl does ({@code modssl_X509_match_name}: against the
     *     certificate's DNS names and CNs as text, never its IP addresses), not as a browser does
     */
    public record TlsPolicy(boolean verify, Path caFile, String name, int maxDepth, String depthWhere,
                            boolean modSslNames) {
        public TlsPolicy {
            depthWhere = depthWhere == null ? "" : depthWhere;
        }

        /** A policy without a depth limit of the proxy's own, names checked as a browser does. */
        public TlsPolicy(boolean verify, Path caFile, String name) {
            this(verify, caFile, name, -1, "", false);
        }

        /** A proxy that checks nothing (nginx's {@code proxy_ssl_verify off}, HAProxy {@code verify none}). */
        public static TlsPolicy none(String name) {
            return new TlsPolicy(false, null, name);
        }
    }

    /**
     * One probe's result.
     *
     * @param outcome what happened
     * @param detail the specifics in words ({@code Connection refused}, {@code HTTP/1.1 200 OK}, the first bytes)
     * @param status the HTTP status when one came back
     * @param latency how long it took
     * @param at when it started
     * @param headerBytes the size of an HTTP answer's head (status line and headers, up to the empty
     *     line); {@link #MAX_HEAD} when it did not end within that many bytes; -1 when no head came
     */
    public record Result(Outcome outcome, String detail, Integer status, Duration latency, Instant at,
                         long headerBytes) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(at, "at");
        }
    }

    private final Clock clock;

    /** A prober reading time from {@code clock}. */
    public UpstreamProber(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code HEAD / HTTP/1.0} with {@code Host: host} to {@code address}, waiting {@link #STEP} for the answer. */
    public Result http(Address address, InetAddress ip, String host, Instant deadline) {
        return http(address, ip, host, STEP, deadline);
    }

    /**
     * {@code HEAD / HTTP/1.0} with {@code Host: host} to {@code address} (an IP literal or unix socket),
     * waiting up to {@code patience} (and never past {@code deadline}) for the first bytes of the answer,
     * then reading its whole head (at most {@link #MAX_HEAD} bytes) to measure the headers.
     */
    public Result http(Address address, InetAddress ip, String host, Duration patience, Instant deadline) {
        Instant start = clock.instant();
        byte[] request = ("HEAD / HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: gateway-doctor upstream probe\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        Read read;
        try {
            if (address.isUnix()) {
                read = unixExchange(address.socket(), request, patience, deadline);
            } else {
                try (Socket s = connect(ip, address.port(), deadline)) {
                    s.getOutputStream().write(request);
                    s.getOutputStream().flush();
                    read = readSome(s, patience, deadline);
                }
            }
        } catch (Failure f) {
            return result(f.outcome, f.getMessage(), start);
        } catch (IOException e) {
            return result(Outcome.CLOSED, describe(e), start);
        }
        return classifyHttp(read, start);
    }

    /** A TLS handshake with {@code address}, then the checks {@code policy} asks for. */
    public Result tls(Address address, InetAddress ip, TlsPolicy policy, Instant deadline) {
        Instant start = clock.instant();
        if (address.isUnix()) {
            return result(Outcome.TLS_FAILED, "TLS over a unix socket is not probed", start);
        }
        X509Certificate[] chain;
        try (Socket plain = connect(ip, address.port(), deadline)) {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Accepting()}, null);
            String sni = policy.name() != null && !isIpLiteral(policy.name()) ? policy.name() : null;
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain,
                    sni != null ? sni : ip.getHostAddress(), address.port(), false)) {
                SSLParameters params = tls.getSSLParameters();
                if (sni != null) {
                    params.setServerNames(List.of(new SNIHostName(sni)));
                }
                tls.setSSLParameters(params);
                tls.setSoTimeout(stepMillis(deadline));
                tls.startHandshake();
                Certificate[] peer = tls.getSession().getPeerCertificates();
                chain = new X509Certificate[peer.length];
                for (int i = 0; i < peer.length; i++) {
                    chain[i] = (X509Certificate) peer[i];
                }
            }
        } catch (Failure f) {
            return result(f.outcome, f.getMessage(), start);
        } catch (SocketTimeoutException e) {
            return result(Outcome.NO_ANSWER, "no TLS answer within " + STEP.toSeconds() + " s", start);
        } catch (SSLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")) {
                return result(Outcome.NOT_TLS, "the answer to a TLS ClientHello is not TLS (" + m + ")", start);
            }
            if (m.contains("Remote host terminated") || m.contains("closed") || e.getCause() instanceof EOFException) {
                return result(Outcome.TLS_CLOSED, "the peer closed the connection during the TLS handshake", start);
            }
            return result(Outcome.TLS_FAILED, "TLS handshake failed: " + m, start);
        } catch (IOException e) {
            return result(Outcome.TLS_CLOSED, "TLS handshake failed: " + describe(e), start);
        } catch (java.security.GeneralSecurityException e) {
            return result(Outcome.TLS_FAILED, "TLS unavailable: " + e.getMessage(), start);
        }
        String subject = chain.length == 0 ? "no certificate" : chain[0].getSubjectX500Principal().getName();
        if (!policy.verify()) {
            return result(Outcome.OK, "TLS handshake completed; certificate " + subject + " (not verified by the proxy)",
                    start);
        }
        return verify(chain, policy, subject, start);
    }

    private Result verify(X509Certificate[] chain, TlsPolicy policy, String subject, Instant start) {
        Instant now = clock.instant();
        int depth;
        if (chain.length == 0) {
            return result(Outcome.CERT_UNTRUSTED, "the upstream sent no certificate", start);
        }
        try {
            chain[0].checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            return result(Outcome.CERT_EXPIRED, "certificate " + subject + " expired on " + chain[0].getNotAfter()
                    .toInstant(), start);
        } catch (CertificateNotYetValidException e) {
            return result(Outcome.CERT_EXPIRED, "certificate " + subject + " is not valid before "
                    + chain[0].getNotBefore().toInstant(), start);
        }
        try {
            Set<TrustAnchor> anchors = anchors(policy.caFile());
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> path = new ArrayList<>(List.of(chain));
            // a chain that ends in a trust anchor itself: the validator wants it left out
            while (!path.isEmpty() && isAnchor(path.get(path.size() - 1), anchors)
                    && path.size() > 1) {
                path.remove(path.size() - 1);
            }
            if (path.size() == 1 && isAnchor(path.get(0), anchors)) {
                depth = 0;
            } else {
                CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
                // the trusted CA stands at this depth of the chain (the leaf is depth 0), as OpenSSL counts it
                depth = path.size();
            }
        } catch (CertPathValidatorException e) {
            return result(Outcome.CERT_UNTRUSTED, "certificate " + subject + " does not lead to "
                    + (policy.caFile() == null ? "a trusted root" : "a CA of " + policy.caFile()) + ": "
                    + e.getMessage(), start);
        } catch (IOException | java.security.GeneralSecurityException e) {
            return result(Outcome.CERT_UNTRUSTED, "the CA file " + policy.caFile() + " cannot be used: " + e.getMessage(),
                    start);
        }
        if (policy.name() != null && !(policy.modSslNames() ? matchesModSslName(chain[0], policy.name())
                : matchesName(chain[0], policy.name()))) {
            return result(Outcome.CERT_NAME, "certificate " + subject + " does not cover the name " + policy.name()
                    + " (names: " + names(chain[0]) + ")" + (policy.modSslNames() && isIpLiteral(policy.name())
                    ? "; Apache compares an address with the certificate's DNS names and CN only, not its IP entries"
                    : ""), start);
        }
        if (policy.maxDepth() >= 0 && depth > policy.maxDepth()) {
            return result(Outcome.CHAIN_TOO_LONG, "certificate " + subject + " leads to a trusted CA through " + depth
                    + " certificates, but the proxy verifies at most " + policy.maxDepth(), start);
        }
        return result(Outcome.OK, "TLS handshake completed; certificate " + subject + " verified"
                + (policy.name() == null ? "" : " for " + policy.name()), start);
    }

    private static boolean isAnchor(X509Certificate c, Set<TrustAnchor> anchors) {
        return anchors.stream().anyMatch(a -> c.equals(a.getTrustedCert()));
    }

    private static Set<TrustAnchor> anchors(Path caFile) throws IOException, java.security.GeneralSecurityException {
        Set<TrustAnchor> out = new HashSet<>();
        if (caFile != null) {
            if (Files.size(caFile) > (4 << 20)) {
                throw new IOException("larger than 4 MiB");
            }
            try (InputStream in = Files.newInputStream(caFile)) {
                Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                for (Certificate c : certs) {
                    out.add(new TrustAnchor((X509Certificate) c, null));
                }
            }
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((java.security.KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        out.add(new TrustAnchor(c, null));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no certificate in it");
        }
        return out;
    }

    /** Whether {@code cert} covers {@code name}: IP SANs for an address, DNS SANs (one-label wildcards), else the CN. */
    static boolean matchesName(X509Certificate cert, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        boolean ip = isIpLiteral(n);
        boolean anyDns = false;
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
                    if (type == 7 && ip && sameIp(value, n)) {
                        return true;
                    }
                    if (type == 2) {
                        anyDns = true;
                        if (!ip && dnsMatch(value, n)) {
                            return true;
                        }
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
        if (anyDns || ip) {
            return false;
        }
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=") && dnsMatch(part.substring(3).toLowerCase(Locale.ROOT), n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code cert} covers {@code name} as mod_ssl checks a backend ({@code SSLProxyCheckPeerName}, httpd's
     * {@code modssl_X509_match_name}): any DNS name of the subjectAltName or CN of the subject equals it, or is a
     * one-label wildcard for it; an address is compared as text, IP entries are not read.
     */
    static boolean matchesModSslName(X509Certificate cert, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if ((Integer) san.get(0) == 2 && dnsMatch(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT), n)) {
                        return true;
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
        for (String part : cert.getSubjectX500Principal().getName().split(",")) {
            if (part.startsWith("CN=") && dnsMatch(part.substring(3).toLowerCase(Locale.ROOT), n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameIp(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dnsMatch(String pattern, String name) {
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(name);
    }

    private static String names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                sans.forEach(s -> out.add(String.valueOf(s.get(1))));
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // none readable
        }
        return out.isEmpty() ? cert.getSubjectX500Principal().getName() : String.join(", ", out);
    }

    /** Whether {@code host} is an IPv4 or IPv6 address literal. */
    public static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    /** What came back from an exchange. */
    private record Read(byte[] bytes, boolean eof, boolean timedOut, String error) {
    }

    /** The size of an HTTP head: up to and with its empty line; -1 when it has none within {@code n} bytes. */
    static long headLength(byte[] b, int n) {
        for (int i = 0; i + 1 < n; i++) {
            if (b[i] == '\n' && b[i + 1] == '\n') {
                return i + 2;
            }
            if (b[i] == '\n' && b[i + 1] == '\r' && i + 2 < n && b[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    private Result classifyHttp(Read r, Instant start) {
        byte[] b = r.bytes();
        if (b.length == 0) {
            if (r.error() != null) {
                return result(Outcome.CLOSED, "the connection was reset before any answer (" + r.error() + ")", start);
            }
            return r.timedOut() ? result(Outcome.NO_ANSWER, "no answer within "
                    + Duration.between(start, clock.instant()).toMillis() + " ms", start)
                    : result(Outcome.CLOSED, "the peer closed the connection without sending a byte", start);
        }
        String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.ISO_8859_1);
        if (head.startsWith("HTTP/")) {
            int eol = head.indexOf('\r') >= 0 ? head.indexOf('\r') : head.indexOf('\n') >= 0 ? head.indexOf('\n')
                    : head.length();
            String line = head.substring(0, eol);
            Integer status = null;
            String[] parts = line.split(" ", 3);
            if (parts.length > 1 && parts[1].matches("[0-9]{3}")) {
                status = Integer.parseInt(parts[1]);
            }
            long size = headLength(b, b.length);
            return new Result(Outcome.OK, line, status, Duration.between(start, clock.instant()), start,
                    size >= 0 ? size : b.length >= MAX_HEAD ? MAX_HEAD : -1);
        }
        if (b[0] == 1 && b.length > 1 && b[1] >= 1 && b[1] <= 11) {
            return result(Outcome.FASTCGI, "the answer is FastCGI records (version 1, type " + b[1] + "): "
                    + hex(b), start);
        }
        if ((b[0] == 0x15 || b[0] == 0x16) && b.length > 1 && b[1] == 3) {
            return result(Outcome.TLS_ANSWER, "the answer is a TLS " + (b[0] == 0x15 ? "alert" : "handshake")
                    + " record: " + hex(b), start);
        }
        return result(Outcome.NOT_HTTP, "the answer does not start with an HTTP status line: " + printable(b), start);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 16); i++) {
            sb.append(String.format("%02x ", b[i] & 0xff));
        }
        return sb.toString().trim() + (b.length > 16 ? " ..." : "");
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(b.length, 48); i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append(b.length > 48 ? "...\"" : "\"").toString();
    }

    private Result result(Outcome o, String detail, Instant start) {
        return new Result(o, detail, null, Duration.between(start, clock.instant()), start, -1);
    }

    /** A failure to connect. */
    private static final class Failure extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Outcome outcome;

        Failure(Outcome outcome, String message) {
            super(message);
            this.outcome = outcome;
        }
    }

    private int stepMillis(Instant deadline) throws Failure {
        return waitMillis(STEP, deadline);
    }

    private int waitMillis(Duration most, Instant deadline) throws Failure {
        long left = Duration.between(clock.instant(), deadline).toMillis();
        if (left <= 0) {
            throw new Failure(Outcome.CONNECT_TIMEOUT, "no time left before the check's deadline");
        }
        return (int) Math.max(1, Math.min(most.toMillis(), left));
    }

    private Socket connect(InetAddress ip, int port, Instant deadline) throws IOException {
        int wait = stepMillis(deadline);
        Socket s = new Socket();
        String where = (ip.getHostAddress().indexOf(':') >= 0 ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress())
                + ":" + port;
        try {
            s.connect(new InetSocketAddress(ip, port), wait);
            s.setSoTimeout(stepMillis(deadline));
            return s;
        } catch (ConnectException e) {
            s.close();
            String m = String.valueOf(e.getMessage());
            throw new Failure(m.contains("refused") ? Outcome.REFUSED : Outcome.CONNECT_FAILED,
                    "connect() to " + where + " failed: " + errno(m));
        } catch (SocketTimeoutException e) {
            s.close();
            throw new Failure(Outcome.CONNECT_TIMEOUT, "connect() to " + where + " timed out after " + wait + " ms");
        } catch (IOException e) {
            s.close();
            throw new Failure(Outcome.CONNECT_FAILED, "connect() to " + where + " failed: " + errno(e.getMessage()));
        }
    }

    private static String errno(String m) {
        String s = String.valueOf(m);
        int paren = s.indexOf(" (");
        return paren > 0 ? s.substring(0, paren) : s;
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private Read readSome(Socket s, Duration patience, Instant deadline) throws IOException {
        byte[] buf = new byte[MAX_HEAD];
        int n = 0;
        InputStream in = s.getInputStream();
        try {
            while (n < buf.length) {
                s.setSoTimeout(n == 0 ? waitMillis(patience, deadline) : stepMillis(deadline));
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    return new Read(java.util.Arrays.copyOf(buf, n), true, false, null);
                }
                n += r;
                if (hasLine(buf, n)) {
                    break;
                }
            }
        } catch (SocketTimeoutException | Failure e) {
            return new Read(java.util.Arrays.copyOf(buf, n), false, true, null);
        } catch (IOException e) {
            return new Read(java.util.Arrays.copyOf(buf, n), false, false, errno(e.getMessage()));
        }
        return new Read(java.util.Arrays.copyOf(buf, n), false, false, null);
    }

    /**
     * Whether enough came back: an HTTP head up to its empty line, or for anything else (FastCGI, TLS, a
     * line of text) its first line or {@link #MAX_READ} bytes.
     */
    private static boolean hasLine(byte[] buf, int n) {
        if (n >= 5 && buf[0] == 'H' && buf[1] == 'T' && buf[2] == 'T' && buf[3] == 'P' && buf[4] == '/') {
            return headLength(buf, n) >= 0 || n >= MAX_HEAD;
        }
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                return true;
            }
        }
        return (n >= 16 && buf[0] != 'H') || n >= MAX_READ;
    }

    private Read unixExchange(Path socket, byte[] request, Duration patience, Instant deadline) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (UnsupportedOperationException e) {
            throw new Failure(Outcome.CONNECT_FAILED, "unix sockets are not supported here");
        }
        try (ch; Selector sel = Selector.open()) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                throw new Failure(m.contains("refused") ? Outcome.REFUSED : Outcome.CONNECT_FAILED,
                        "connect() to unix:" + socket + " failed: " + errno(m));
            }
            ch.write(ByteBuffer.wrap(request));
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ);
            ByteBuffer buf = ByteBuffer.allocate(MAX_HEAD);
            while (buf.hasRemaining()) {
                int wait = buf.position() == 0 ? waitMillis(patience, deadline) : stepMillis(deadline);
                if (sel.select(wait) == 0) {
                    return new Read(bytes(buf), false, true, null);
                }
                sel.selectedKeys().clear();
                int r;
                try {
                    r = ch.read(buf);
                } catch (IOException e) {
                    return new Read(bytes(buf), false, false, errno(e.getMessage()));
                }
                if (r < 0) {
                    return new Read(bytes(buf), true, false, null);
                }
                byte[] b = bytes(buf);
                if (hasLine(b, b.length)) {
                    return new Read(b, false, false, null);
                }
            }
            return new Read(bytes(buf), false, false, null);
        } catch (Failure f) {
            if (f.outcome == Outcome.CONNECT_TIMEOUT) {
                return new Read(new byte[0], false, true, null);
            }
            throw f;
        }
    }

    private static byte[] bytes(ByteBuffer buf) {
        byte[] b = new byte[buf.position()];
        System.arraycopy(buf.array(), 0, b, 0, b.length);
        return b;
    }

    /** Accepts any certificate: the handshake is observed here, the verification done by {@link #verify}. */
    private static final class Accepting implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
