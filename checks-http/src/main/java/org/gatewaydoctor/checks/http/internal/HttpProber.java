package org.gatewaydoctor.checks.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A deliberately small HTTP/1.1 client for one diagnostic GET: every step (name resolution, connect,
 * TLS handshake, each read) is bounded by one deadline, at most {@value #MAX_BODY} bytes of body are
 * read, redirects are followed only to the same host, and nothing is left running afterwards.
 *
 * <p>It sends {@code Connection: close} and {@code Accept-Encoding: identity} so the answer is the
 * plain bytes the server produced; chunked bodies are decoded.
 */
public final class HttpProber {

    /** Most bytes of a body that are read. */
    public static final int MAX_BODY = 64 * 1024;
    /** Most redirects followed (same host only). */
    public static final int MAX_REDIRECTS = 5;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_LINE = 16 * 1024;
    /**
     * Most bytes read from one connection in all: status lines, headers (of interim 1xx answers too), chunk
     * framing and body. Enough for any answer within the header and body limits; a peer that sends more
     * (endless 100 Continue answers, chunk extensions or lines between one-byte chunks) is cut off here
     * instead of at the deadline.
     */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /** Resolves a host name to addresses; the default is the system resolver. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** What one request gave: a response or a failure, and the redirects followed before it. */
    public sealed interface Outcome permits Response, Failure {
        /** The URL this outcome is about. */
        URI url();

        /** Time from the start of this request (resolution included) to its answer or failure. */
        Duration latency();
    }

    /**
     * An HTTP answer.
     *
     * @param headers header names in lower case, values in order
     * @param body at most {@value #MAX_BODY} bytes of the body
     * @param bodyComplete whether the whole body was read
     */
    public record Response(URI url, String address, int status, String reason, Map<String, List<String>> headers,
                           byte[] body, boolean bodyComplete, Duration latency) implements Outcome {
        public Response {
            headers = Map.copyOf(headers);
            body = body.clone();
        }

        /** The first value of header {@code name} (case-insensitive), or empty text. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? "" : values.get(0);
        }

        /** The body as text (ISO-8859-1, so every byte maps to one character). */
        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /** Why no HTTP answer came. */
    public enum Kind {
        /** The name did not resolve. */
        DNS,
        /** Resolution did not finish before the deadline. */
        DNS_TIMEOUT,
        /** Every address refused the TCP connection. */
        REFUSED,
        /** No address accepted the TCP connection before the deadline. */
        CONNECT_TIMEOUT,
        /** No route to the host or network. */
        UNREACHABLE,
        /** The TLS handshake failed. */
        TLS,
        /** Connected, but no status line came before the deadline. */
        TIMEOUT,
        /** The server closed the connection without answering. */
        CLOSED,
        /** The server reset the connection. */
        RESET,
        /** What came back is not HTTP. */
        PROTOCOL,
        /** Any other input/output error. */
        IO
    }

    /**
     * No HTTP answer.
     *
     * @param address the address that was tried last, empty when resolution failed
     * @param message what happened, in words
     * @param error the exception behind it, {@code null} if none
     */
    public record Failure(URI url, String address, Kind kind, String message, Throwable error, Duration latency)
            implements Outcome {
    }

    private static final ExecutorService RESOLVERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gateway-doctor-http-resolve");
        t.setDaemon(true);
        return t;
    });

    private final Resolver resolver;
    private final SSLSocketFactory tls;
    private final String userAgent;

    /** A prober using {@code resolver} for names and {@code tls} for https. */
    public HttpProber(Resolver resolver, SSLSocketFactory tls, String userAgent) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    /**
     * GETs {@code url}, following same-host redirects, and returns every hop's outcome in order (the
     * last one is the final answer). Returns by {@code deadlineNanos} ({@link System#nanoTime()} scale).
     */
    public List<Outcome> probe(URI url, long deadlineNanos) {
        List<Outcome> hops = new ArrayList<>();
        URI current = url;
        for (int i = 0; i <= MAX_REDIRECTS; i++) {
            Outcome o = once(current, deadlineNanos);
            hops.add(o);
            if (!(o instanceof Response r) || !isRedirect(r.status())) {
                break;
            }
            URI next = redirectTarget(current, r.header("location"));
            if (next == null || !sameHost(current, next)) {
                break;
            }
            current = next;
        }
        return hops;
    }

    /** Whether {@code status} is a redirect this prober would follow given a same-host Location. */
    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The absolute URL a Location header points to, or {@code null} if it is unusable. */
    public static URI redirectTarget(URI base, String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        try {
            URI next = base.resolve(location.trim());
            String scheme = next.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || next.getHost() == null) {
                return null;
            }
            return next;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether two URLs name the same host. */
    public static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost());
    }

    private Outcome once(URI url, long deadlineNanos) {
        long start = System.nanoTime();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;

        InetAddress[] addresses;
        try {
            addresses = resolve(host, deadlineNanos);
        } catch (UnknownHostException e) {
            return new Failure(url, "", Kind.DNS, "the name " + host + " does not resolve"
                    + (e.getMessage() == null || e.getMessage().equals(host) ? "" : " (" + e.getMessage() + ")"), e,
                    since(start));
        } catch (TimeoutException e) {
            return new Failure(url, "", Kind.DNS_TIMEOUT, "resolving " + host + " did not finish in time", e,
                    since(start));
        }

        Socket socket = null;
        Failure last = null;
        String address = "";
        for (InetAddress addr : addresses) {
            address = addr.getHostAddress() + ":" + port;
            int timeout = millisLeft(deadlineNanos);
            if (timeout <= 0) {
                last = new Failure(url, address, Kind.CONNECT_TIMEOUT, "no time was left to connect to " + address,
                        null, since(start));
                break;
            }
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(addr, port), timeout);
                socket = s;
                break;
            } catch (SocketTimeoutException e) {
                closeQuietly(s);
                last = new Failure(url, address, Kind.CONNECT_TIMEOUT, address + " did not accept the connection within "
                        + timeout + " ms", e, since(start));
            } catch (ConnectException e) {
                closeQuietly(s);
                last = new Failure(url, address, Kind.REFUSED, address + " refused the connection", e, since(start));
            } catch (NoRouteToHostException e) {
                closeQuietly(s);
                last = new Failure(url, address, Kind.UNREACHABLE, "no route to " + address, e, since(start));
            } catch (IOException e) {
                closeQuietly(s);
                last = new Failure(url, address, Kind.IO, "connecting to " + address + " failed: " + e, e, since(start));
            }
        }
        if (socket == null) {
            return last != null ? last
                    : new Failure(url, "", Kind.DNS, "the name " + host + " has no address", null, since(start));
        }
        try (Socket s = socket) {
            Socket channel = s;
            if (https) {
                try {
                    channel = handshake(s, url.getHost(), port, deadlineNanos);
                } catch (SocketTimeoutException e) {
                    return new Failure(url, address, Kind.TIMEOUT, "the TLS handshake with " + address
                            + " did not finish in time", e, since(start));
                } catch (SSLException e) {
                    return new Failure(url, address, Kind.TLS, "the TLS handshake with " + address + " failed: "
                            + e.getMessage(), e, since(start));
                }
            }
            return exchange(channel, url, address, start, deadlineNanos);
        } catch (IOException e) {
            return new Failure(url, address, Kind.IO, "talking to " + address + " failed: " + e, e, since(start));
        }
    }

    private InetAddress[] resolve(String host, long deadlineNanos) throws UnknownHostException, TimeoutException {
        if (isLiteral(host)) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        Future<InetAddress[]> f = RESOLVERS.submit(() -> resolver.resolve(host));
        try {
            InetAddress[] result = f.get(Math.max(1, millisLeft(deadlineNanos)), TimeUnit.MILLISECONDS);
            if (result == null || result.length == 0) {
                throw new UnknownHostException(host);
            }
            return result;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            UnknownHostException u = new UnknownHostException(host + ": " + e.getCause());
            u.initCause(e.getCause());
            throw u;
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while resolving " + host);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        }
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private SSLSocket handshake(Socket plain, String host, int port, long deadlineNanos) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
        int left = millisLeft(deadlineNanos);
        if (left <= 0) {
            throw new SocketTimeoutException("no time left for the TLS handshake");
        }
        ssl.setSoTimeout(left);
        ssl.startHandshake();
        return ssl;
    }

    private Outcome exchange(Socket s, URI url, String address, long start, long deadlineNanos) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request(url).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream raw = s.getInputStream();
        return answer(new DeadlineInput((buf, off, len, timeoutMillis) -> {
            s.setSoTimeout(timeoutMillis);
            return raw.read(buf, off, len);
        }, deadlineNanos), url, address, start);
    }

    /** Where an answer's bytes come from: a read that waits at most {@code timeoutMillis} (a socket's). */
    @FunctionalInterface
    interface Source {
        /** Like {@link InputStream#read(byte[], int, int)}, waiting at most {@code timeoutMillis} (at least 1). */
        int read(byte[] buf, int off, int len, int timeoutMillis) throws IOException;
    }

    /**
     * Reads one answer from {@code source} as {@link #probe} does after sending its request, and how many bytes
     * it took: never more than {@link #MAX_ANSWER_BYTES}.
     */
    static Read readAnswer(Source source, URI url, String address, long deadlineNanos) throws IOException {
        DeadlineInput in = new DeadlineInput(source, deadlineNanos);
        Outcome o = answer(in, url, address, System.nanoTime());
        return new Read(o, in.consumed);
    }

    /** What {@link #readAnswer} gave, and the bytes it took from the source. */
    record Read(Outcome outcome, long bytesRead) {
    }

    private static Outcome answer(DeadlineInput in, URI url, String address, long start) throws IOException {
        String statusLine;
        Map<String, List<String>> headers;
        int status;
        try {
            while (true) {
                statusLine = in.line();
                if (statusLine == null) {
                    return new Failure(url, address, Kind.CLOSED, address + " closed the connection without answering",
                            null, since(start));
                }
                if (!statusLine.startsWith("HTTP/")) {
                    return new Failure(url, address, Kind.PROTOCOL, address + " answered something that is not HTTP: "
                            + printable(statusLine, 80), null, since(start));
                }
                status = parseStatus(statusLine);
                if (status < 100) {
                    return new Failure(url, address, Kind.PROTOCOL, address + " sent a malformed status line: "
                            + printable(statusLine, 80), null, since(start));
                }
                headers = readHeaders(in);
                if (status >= 200 || status == 101) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            return new Failure(url, address, Kind.TIMEOUT, "connected to " + address + ", but no HTTP answer came within "
                    + since(start).toMillis() + " ms", e, since(start));
        } catch (EOFException e) {
            return new Failure(url, address, Kind.CLOSED, address + " closed the connection in the middle of its answer",
                    e, since(start));
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return new Failure(url, address, m.contains("reset") ? Kind.RESET : Kind.IO,
                    address + (m.contains("reset") ? " reset the connection" : " failed: " + e.getMessage()), e,
                    since(start));
        } catch (TooLong e) {
            // a limit of this reader, not a failure of the connection: said as what the peer sent
            return new Failure(url, address, Kind.IO, address + " sent " + e.getMessage(), e, since(start));
        }
        Duration latency = since(start);
        String reason = statusLine.length() > 13 ? statusLine.substring(13).trim() : "";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;
        try {
            complete = readBody(in, headers, status, body);
        } catch (IOException e) {
            // The status is what matters; a body cut by the deadline or a reset is still evidence.
            complete = false;
        }
        return new Response(url, address, status, reason, headers, body.toByteArray(), complete, latency);
    }

    private String request(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort();
        String hostHeader = url.getHost();
        if (port > 0 && port != (https ? 443 : 80)) {
            hostHeader += ":" + port;
        }
        return "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n"
                + "\r\n";
    }

    private static int parseStatus(String statusLine) {
        // "HTTP/1.1 502 Bad Gateway"
        int sp = statusLine.indexOf(' ');
        if (sp < 0 || statusLine.length() < sp + 4) {
            return -1;
        }
        String code = statusLine.substring(sp + 1, sp + 4);
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(code.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(code);
    }

    private static Map<String, List<String>> readHeaders(DeadlineInput in) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = in.line();
            if (line == null) {
                throw new EOFException("the connection closed inside the headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new TooLong("more than " + MAX_HEADER_BYTES + " bytes of headers");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
    }

    private static boolean readBody(DeadlineInput in, Map<String, List<String>> headers, int status,
                                    ByteArrayOutputStream body) throws IOException {
        if (status == 204 || status == 304 || status < 200) {
            return true;
        }
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            while (body.size() < MAX_BODY) {
                String sizeLine = in.line();
                if (sizeLine == null) {
                    return false;
                }
                int semi = sizeLine.indexOf(';');
                String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    return false;
                }
                if (size == 0) {
                    return true;
                }
                if (!copy(in, body, size)) {
                    return false;
                }
                in.line(); // the CRLF after the chunk
            }
            return false;
        }
        List<String> cl = headers.getOrDefault("content-length", List.of());
        if (!cl.isEmpty()) {
            long length;
            try {
                length = Long.parseLong(cl.get(0).trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length >= 0) {
                return copy(in, body, length) && length <= MAX_BODY;
            }
        }
        return copy(in, body, Long.MAX_VALUE);
    }

    /** Copies up to {@code n} bytes (never past {@link #MAX_BODY} in total); true if all {@code n} came. */
    private static boolean copy(DeadlineInput in, ByteArrayOutputStream body, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0 && body.size() < MAX_BODY) {
            int want = (int) Math.min(Math.min(buf.length, left), MAX_BODY - body.size());
            int got = in.read(buf, 0, want);
            if (got < 0) {
                return n == Long.MAX_VALUE;
            }
            body.write(buf, 0, got);
            left -= got;
        }
        return left == 0;
    }

    static int millisLeft(long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** {@code s} cut to {@code max} characters with control characters made visible. */
    static String printable(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c >= 0x7f ? '?' : c);
        }
        return sb.toString();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a socket that failed to connect
        }
    }

    /** The peer sent more than one of this reader's limits allows: a line, the headers, or the answer. */
    private static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(String what) {
            super(what);
        }
    }

    /** Buffered reads, each bounded by what is left until the deadline, at most {@link #MAX_ANSWER_BYTES} in all. */
    private static final class DeadlineInput {
        private final Source source;
        private final long deadlineNanos;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int limit;
        private long consumed;

        DeadlineInput(Source source, long deadlineNanos) {
            this.source = source;
            this.deadlineNanos = deadlineNanos;
        }

        private boolean fill() throws IOException {
            long room = MAX_ANSWER_BYTES - consumed;
            if (room <= 0) {
                throw new TooLong("more than " + MAX_ANSWER_BYTES + " bytes without a complete answer");
            }
            int left = millisLeft(deadlineNanos);
            if (left <= 0) {
                throw new SocketTimeoutException("deadline reached");
            }
            int n = source.read(buf, 0, (int) Math.min(buf.length, room), left);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            consumed += n;
            return true;
        }

        /** A line without its CR LF, ISO-8859-1; null at end of stream before any byte. */
        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= limit && !fill()) {
                    return sb.length() == 0 ? null : sb.toString();
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') {
                        sb.setLength(n - 1);
                    }
                    return sb.toString();
                }
                if (sb.length() >= MAX_LINE) {
                    throw new TooLong("a line longer than " + MAX_LINE + " bytes");
                }
                sb.append((char) (b & 0xff));
            }
        }

        int read(byte[] dst, int off, int len) throws IOException {
            if (pos >= limit && !fill()) {
                return -1;
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            return n;
        }
    }
}
