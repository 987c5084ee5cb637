package org.gatewaydoctor.checks.http.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A deliberately small HTTP/1.1 client for diagnostic GETs, which sees what a browser hides.
 *
 * <p>Every step (name resolution, connect, TLS handshake, each read) is bounded by one deadline; at most
 * {@value #MAX_HEADER_BYTES} bytes of headers and {@value #MAX_BODY} bytes of body are read, a compressed
 * body is decoded to at most {@value #MAX_DECODED} bytes, at most {@value #MAX_REDIRECTS} redirects are
 * followed (same host, or the same name with or without {@code www.}), and nothing is left running
 * afterwards. It measures DNS, connect, TLS, first-byte and total time, and tells apart the ways an answer
 * can be broken: a malformed status line, something that is not HTTP, a reset or close before the headers,
 * oversized headers, a body cut short, bytes trickling in until the deadline.
 *
 * <p>It sends {@code Accept-Encoding: identity} so the answer is the plain bytes the server produced;
 * chunked bodies are decoded. A {@link Leg} sends the request to a given address instead of the URL's
 * host, with the URL's Host header and TLS server name: the way to ask an origin directly.
 */
public final class HttpProber {

    /** Most bytes of a body that are read. */
    public static final int MAX_BODY = 64 * 1024;
    /** Most bytes of a compressed body's decoded form. */
    public static final int MAX_DECODED = 64 * 1024;
    /** Most bytes of a response head (status line and headers). */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Most redirects followed. */
    public static final int MAX_REDIRECTS = 10;
    /**
     * Most bytes read for one answer, all included: status lines, interim answers, headers, chunk framing
     * and body. It bounds what a peer can make this prober read (e.g. long chunk extensions around one-byte
     * chunks) by bytes, not only by the deadline.
     */
    public static final int MAX_ANSWER_BYTES = 1024 * 1024;
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_INTERIM = 5;

    /** Resolves a host name to addresses; the default is the system resolver. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * Opens the TCP connection of a probe; the default connects {@code socket} to {@code to}. Tests route
     * connections through it (an IPv6 leg answered without opening an IPv6 socket), embedders through a
     * proxy-aware policy.
     */
    @FunctionalInterface
    public interface Connector {
        /** Connects {@code socket} to {@code to} within {@code timeoutMillis}, or throws as {@link Socket#connect} does. */
        void connect(Socket socket, InetSocketAddress to, int timeoutMillis) throws IOException;
    }

    /** Connects directly: {@link Socket#connect(java.net.SocketAddress, int)}. */
    public static final Connector DIRECT = Socket::connect;

    /** An IP address family. */
    public enum Family {
        IPV4("IPv4"), IPV6("IPv6");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        /** {@code IPv4} or {@code IPv6}. */
        public String label() {
            return label;
        }

        /** The family of {@code a}. */
        public static Family of(InetAddress a) {
            return a instanceof Inet6Address ? IPV6 : IPV4;
        }
    }

    /**
     * How long each phase of one request took; a phase not reached is {@code null}.
     *
     * @param dns name resolution ({@link Duration#ZERO} for an IP literal or a {@link Leg})
     * @param connect the TCP connect
     * @param tls the TLS handshake ({@code null} for http)
     * @param firstByte from the start to the first byte of the answer
     * @param total from the start to the end of the answer or the failure
     */
    public record Timings(Duration dns, Duration connect, Duration tls, Duration firstByte, Duration total) {
        public Timings {
            Objects.requireNonNull(total, "total");
        }

        /** E.g. {@code dns 2 ms, connect 1 ms, tls 14 ms, first byte 120 ms, total 131 ms}. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            append(sb, "dns", dns);
            append(sb, "connect", connect);
            append(sb, "tls", tls);
            append(sb, "first byte", firstByte);
            append(sb, "total", total);
            return sb.toString();
        }

        private static void append(StringBuilder sb, String name, Duration d) {
            if (d != null) {
                sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ').append(d.toMillis()).append(" ms");
            }
        }
    }

    /** What one request gave: a response or a failure. */
    public sealed interface Outcome permits Response, Failure {
        /** The URL this outcome is about. */
        URI url();

        /** The address tried ({@code 127.0.0.1:443}), empty when resolution failed. */
        String address();

        /** The phases' durations. */
        Timings timings();

        /** Time from the start to the status line (a response) or to the failure. */
        Duration latency();
    }

    /** How much of a body was read. */
    public enum BodyEnd {
        /** All of it. */
        COMPLETE,
        /**
         * This prober stopped at {@value #MAX_BODY} bytes of body, or at {@value #MAX_ANSWER_BYTES} bytes of
         * answer (framing included); the rest was not read.
         */
        CAPPED,
        /** The server closed the connection before the length it announced (or before the last chunk). */
        CUT_SHORT,
        /** The deadline came before the end. */
        DEADLINE,
        /** The server reset the connection in the middle of the body. */
        RESET
    }

    /**
     * An HTTP answer.
     *
     * @param statusLine the status line as received (printable, at most 200 characters)
     * @param headers header names in lower case, values in order
     * @param body at most {@value #MAX_BODY} bytes of the body as sent (chunked framing removed)
     * @param bodyEnd how much of the body was read
     * @param decoded the body decoded from its {@code Content-Encoding} (at most {@value #MAX_DECODED}
     *     bytes); the body itself when it is not encoded
     * @param decodeNote what decoding found ({@code gzip: 512 bytes expand to more than 65536}); empty when the
     *     body is not encoded
     * @param malformedHeaders header lines that are not {@code name: value} (at most 5, printable)
     * @param reused whether the request went over a connection reused from an earlier request
     */
    public record Response(URI url, String address, int status, String reason, String statusLine,
                           Map<String, List<String>> headers, byte[] body, BodyEnd bodyEnd, byte[] decoded,
                           String decodeNote, List<String> malformedHeaders, boolean reused, Timings timings)
            implements Outcome {
        public Response {
            headers = Map.copyOf(headers);
            body = body.clone();
            decoded = decoded.clone();
            malformedHeaders = List.copyOf(malformedHeaders);
        }

        /** A complete, unencoded answer (for tests and saved responses); timings zero. */
        public static Response of(URI url, String address, int status, String reason,
                                  Map<String, List<String>> headers, byte[] body) {
            return new Response(url, address, status, reason, "HTTP/1.1 " + status + (reason.isEmpty() ? "" : " "
                    + reason), headers, body, BodyEnd.COMPLETE, body, "", List.of(), false,
                    new Timings(Duration.ZERO, Duration.ZERO, null, Duration.ZERO, Duration.ZERO));
        }

        /** The first value of header {@code name} (case-insensitive), or empty text. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? "" : values.get(0);
        }

        /** The decoded body as text (ISO-8859-1, so every byte maps to one character). */
        public String bodyText() {
            return new String(decoded, StandardCharsets.ISO_8859_1);
        }

        /** Whether the whole body was read. */
        public boolean bodyComplete() {
            return bodyEnd == BodyEnd.COMPLETE;
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public byte[] decoded() {
            return decoded.clone();
        }

        @Override
        public Duration latency() {
            return timings.firstByte() != null ? timings.firstByte() : timings.total();
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
        /** Connected, but not one byte came before the deadline. */
        TIMEOUT,
        /** Bytes came, but so slowly that the head was not complete at the deadline. */
        TRICKLE,
        /** The server closed the connection without a complete head. */
        CLOSED,
        /** The server reset the connection before the head was complete. */
        RESET,
        /** What came back is not HTTP. */
        PROTOCOL,
        /** It starts like HTTP, but the status line is malformed. */
        MALFORMED_STATUS,
        /** The head is larger than {@value #MAX_HEADER_BYTES} bytes (or one line larger than 16 KiB). */
        HEADERS_TOO_BIG,
        /** Any other input/output error. */
        IO
    }

    /**
     * No HTTP answer.
     *
     * @param address the address that was tried last, empty when resolution failed
     * @param message what happened, in words
     * @param error the exception behind it, {@code null} if none
     * @param received how many bytes of the answer came before it failed
     */
    public record Failure(URI url, String address, Kind kind, String message, Throwable error, long received,
                          Timings timings) implements Outcome {
        @Override
        public Duration latency() {
            return timings.total();
        }

        /** Whether the server accepted the connection (it failed later). */
        public boolean connected() {
            return timings.connect() != null && kind != Kind.REFUSED && kind != Kind.CONNECT_TIMEOUT
                    && kind != Kind.UNREACHABLE;
        }
    }

    /** What happened to the redirects of a {@link Visit}. */
    public enum Redirects {
        /** The first answer was final (or a failure). */
        NONE,
        /** Redirects were followed to a final answer. */
        FOLLOWED,
        /** A redirect led back to a URL already visited. */
        LOOP,
        /** More than {@value #MAX_REDIRECTS} redirects, all to new URLs. */
        TOO_MANY,
        /** The last redirect points to another host, which is not followed. */
        OTHER_HOST,
        /** The last redirect's Location is missing or unusable. */
        UNUSABLE
    }

    /**
     * One URL visited the way a browser does: every hop in order and what happened to the redirects.
     *
     * @param hops the outcomes, the last one is the final answer
     */
    public record Visit(List<Outcome> hops, Redirects redirects) {
        public Visit {
            hops = List.copyOf(hops);
            if (hops.isEmpty()) {
                throw new IllegalArgumentException("a visit has at least one hop");
            }
            Objects.requireNonNull(redirects, "redirects");
        }

        /** The final outcome. */
        public Outcome last() {
            return hops.get(hops.size() - 1);
        }

        /** The URLs in order, e.g. to show a loop. */
        public List<URI> chain() {
            List<URI> urls = new ArrayList<>();
            hops.forEach(h -> urls.add(h.url()));
            if (redirects == Redirects.LOOP && last() instanceof Response r) {
                URI back = redirectTarget(r.url(), r.header("location"));
                if (back != null) {
                    urls.add(back);
                }
            }
            return urls;
        }
    }

    /**
     * Where to send a request instead of the URL's own host: an origin's address.
     *
     * @param address the IP address to connect to
     * @param port the port; 0 for the URL's (or its scheme's) port
     * @param https {@code null} to keep the URL's scheme, else whether to speak TLS
     */
    public record Leg(InetAddress address, int port, Boolean https) {
        public Leg {
            Objects.requireNonNull(address, "address");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gateway-doctor-http-probe");
        t.setDaemon(true);
        return t;
    });

    private final Resolver resolver;
    private final SSLSocketFactory tls;
    private final String userAgent;
    private final Connector connector;

    /** The User-Agent every probe of gateway-doctor sends. */
    public static final String USER_AGENT = "gateway-doctor/0.1 (diagnostic probe; +https://github.com/gatewaydoctor)";

    /**
     * A prober with the check's trust ({@code tls} when a test gives one, else the JVM's store plus
     * {@code --ca-file}) and {@link #USER_AGENT}.
     *
     * @throws IllegalArgumentException when the CA file the target names cannot be used
     */
    public static HttpProber forTarget(org.gatewaydoctor.model.Target target, Resolver resolver, SSLSocketFactory tls) {
        SSLSocketFactory factory = tls != null ? tls
                : org.gatewaydoctor.checks.http.tls.Trust.socketFactory(org.gatewaydoctor.checks.http.tls.Trust.of(target));
        return new HttpProber(resolver, factory, USER_AGENT);
    }

    /** A prober using {@code resolver} for names and {@code tls} for https. */
    public HttpProber(Resolver resolver, SSLSocketFactory tls, String userAgent) {
        this(resolver, tls, userAgent, DIRECT);
    }

    /** A prober that opens its connections with {@code connector}. */
    public HttpProber(Resolver resolver, SSLSocketFactory tls, String userAgent, Connector connector) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * GETs {@code url} like a browser, following redirects on the same site, and returns by
     * {@code deadlineNanos} ({@link System#nanoTime()} scale).
     */
    public Visit visit(URI url, long deadlineNanos) {
        return visit(url, null, deadlineNanos);
    }

    /** As {@link #visit(URI, long)}, using only addresses of {@code family} ({@code null}: any). */
    public Visit visit(URI url, Family family, long deadlineNanos) {
        List<Outcome> hops = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        URI current = url;
        seen.add(key(current));
        while (true) {
            Outcome o = once(current, family, null, deadlineNanos);
            hops.add(o);
            if (!(o instanceof Response r) || !isRedirect(r.status())) {
                return new Visit(hops, hops.size() == 1 ? Redirects.NONE : Redirects.FOLLOWED);
            }
            URI next = redirectTarget(current, r.header("location"));
            if (next == null) {
                return new Visit(hops, Redirects.UNUSABLE);
            }
            if (!seen.add(key(next))) {
                return new Visit(hops, Redirects.LOOP);
            }
            if (!sameSite(url, next)) {
                return new Visit(hops, Redirects.OTHER_HOST);
            }
            if (hops.size() > MAX_REDIRECTS) {
                return new Visit(hops, Redirects.TOO_MANY);
            }
            if (millisLeft(deadlineNanos) <= 0) {
                return new Visit(hops, Redirects.FOLLOWED);
            }
            current = next;
        }
    }

    /**
     * Visits {@code url} once per address family its name resolves to, in parallel, each bounded by
     * {@code deadlineNanos}. A name that does not resolve gives one entry (any family) with the failure.
     */
    public Map<Family, Visit> visitPerFamily(URI url, long deadlineNanos) {
        long start = System.nanoTime();
        String host = bare(url.getHost());
        InetAddress[] all;
        try {
            all = resolve(host, deadlineNanos);
        } catch (UnknownHostException | TimeoutException e) {
            // visit() reports the failure in its own words
            return Map.of(Family.IPV4, visit(url, deadlineNanos));
        }
        Map<Family, Future<Visit>> running = new EnumMap<>(Family.class);
        for (InetAddress a : all) {
            Family f = Family.of(a);
            running.computeIfAbsent(f, k -> WORKERS.submit(() -> visit(url, k, deadlineNanos)));
        }
        Map<Family, Visit> out = new EnumMap<>(Family.class);
        for (Map.Entry<Family, Future<Visit>> e : running.entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().get(Math.max(1, millisLeft(deadlineNanos)) + 200L,
                        TimeUnit.MILLISECONDS));
            } catch (InterruptedException ex) {
                running.values().forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException ex) {
                e.getValue().cancel(true);
                out.put(e.getKey(), new Visit(List.of(new Failure(url, "", Kind.IO, "the " + e.getKey().label()
                        + " probe did not finish: " + ex, ex, 0, new Timings(null, null, null, null, since(start)))),
                        Redirects.NONE));
            }
        }
        return out;
    }

    /**
     * GETs {@code url} once over {@code leg} (an origin's address) with the URL's Host header and TLS server
     * name; redirects are reported, not followed.
     */
    public Outcome direct(URI url, Leg leg, long deadlineNanos) {
        return once(url, null, leg, deadlineNanos);
    }

    /** Whether {@code status} is a redirect a browser follows. */
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

    /** Whether {@code b} is on the same site as {@code a}: the same host, or the same with or without {@code www.}. */
    static boolean sameSite(URI a, URI b) {
        if (a.getHost() == null || b.getHost() == null) {
            return false;
        }
        String x = a.getHost().toLowerCase(Locale.ROOT);
        String y = b.getHost().toLowerCase(Locale.ROOT);
        return x.equals(y) || x.equals("www." + y) || y.equals("www." + x);
    }

    /** A URL as a browser compares it: scheme, host and port normalised, fragment dropped. */
    static String key(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + path
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private Outcome once(URI url, Family family, Leg leg, long deadlineNanos) {
        return once(url, family, leg, deadlineNanos, null);
    }

    private Outcome once(URI url, Family family, Leg leg, long deadlineNanos, Session session) {
        long start = System.nanoTime();
        if (session != null) {
            session.lastReused = false;
            if (session.channel != null && session.key.equals(connectionKey(url)) && !session.channel.isClosed()) {
                session.lastReused = true;
                session.in.restart(deadlineNanos, start);
                try {
                    Outcome o = exchange(session.channel, session.in, url, session.address, start, Duration.ZERO, null,
                            null, true);
                    if (!reusable(o)) {
                        session.close();
                    }
                    return o;
                } catch (IOException e) {
                    session.close();
                    return new Failure(url, session.address, Kind.IO, "talking to " + session.address + " failed: " + e,
                            e, 0, new Timings(Duration.ZERO, null, null, null, since(start)));
                }
            }
            session.close();
        }
        boolean https = leg != null && leg.https() != null ? leg.https() : "https".equalsIgnoreCase(url.getScheme());
        String host = bare(url.getHost());
        int urlPort = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        int port = leg != null && leg.port() > 0 ? leg.port() : leg != null && leg.https() != null
                && leg.https() != "https".equalsIgnoreCase(url.getScheme()) ? (https ? 443 : 80) : urlPort;

        List<InetAddress> addresses = new ArrayList<>();
        Duration dns;
        if (leg != null) {
            addresses.add(leg.address());
            dns = Duration.ZERO;
        } else {
            try {
                for (InetAddress a : resolve(host, deadlineNanos)) {
                    if (family == null || Family.of(a) == family) {
                        addresses.add(a);
                    }
                }
            } catch (UnknownHostException e) {
                return new Failure(url, "", Kind.DNS, "the name " + host + " does not resolve"
                        + (e.getMessage() == null || e.getMessage().equals(host) ? "" : " (" + e.getMessage() + ")"),
                        e, 0, new Timings(null, null, null, null, since(start)));
            } catch (TimeoutException e) {
                return new Failure(url, "", Kind.DNS_TIMEOUT, "resolving " + host + " did not finish in time", e, 0,
                        new Timings(null, null, null, null, since(start)));
            }
            dns = since(start);
            if (addresses.isEmpty()) {
                return new Failure(url, "", Kind.DNS, "the name " + host + " has no "
                        + (family == null ? "" : family.label() + " ") + "address", null, 0,
                        new Timings(dns, null, null, null, since(start)));
            }
        }

        Socket socket = null;
        Failure last = null;
        String address = "";
        long connectStart = System.nanoTime();
        for (InetAddress addr : addresses) {
            address = (addr instanceof Inet6Address ? "[" + addr.getHostAddress() + "]" : addr.getHostAddress())
                    + ":" + port;
            int timeout = millisLeft(deadlineNanos);
            Timings t = new Timings(dns, null, null, null, since(start));
            if (timeout <= 0) {
                last = new Failure(url, address, Kind.CONNECT_TIMEOUT, "no time was left to connect to " + address,
                        null, 0, t);
                break;
            }
            Socket s = new Socket();
            connectStart = System.nanoTime();
            try {
                connector.connect(s, new InetSocketAddress(addr, port), timeout);
                socket = s;
                break;
            } catch (SocketTimeoutException e) {
                closeQuietly(s);
                last = new Failure(url, address, Kind.CONNECT_TIMEOUT, address + " did not accept the connection within "
                        + timeout + " ms", e, 0, new Timings(dns, null, null, null, since(start)));
            } catch (ConnectException e) {
                closeQuietly(s);
                last = new Failure(url, address, Kind.REFUSED, address + " refused the connection", e, 0,
                        new Timings(dns, null, null, null, since(start)));
            } catch (NoRouteToHostException e) {
                closeQuietly(s);
                last = new Failure(url, address, Kind.UNREACHABLE, "no route to " + address, e, 0,
                        new Timings(dns, null, null, null, since(start)));
            } catch (IOException e) {
                closeQuietly(s);
                last = new Failure(url, address, Kind.IO, "connecting to " + address + " failed: " + e, e, 0,
                        new Timings(dns, null, null, null, since(start)));
            }
        }
        if (socket == null) {
            return last;
        }
        Duration connect = since(connectStart);
        Socket s = socket;
        boolean handedOver = false;
        try {
            Socket channel = s;
            Duration tlsTime = null;
            if (https) {
                long tlsStart = System.nanoTime();
                try {
                    channel = handshake(s, host, port, deadlineNanos);
                    tlsTime = since(tlsStart);
                } catch (SocketTimeoutException e) {
                    return new Failure(url, address, Kind.TIMEOUT, "the TLS handshake with " + address
                            + " did not finish in time", e, 0, new Timings(dns, connect, null, null, since(start)));
                } catch (SSLException e) {
                    return new Failure(url, address, Kind.TLS, "the TLS handshake with " + address + " failed: "
                            + e.getMessage(), e, 0, new Timings(dns, connect, since(tlsStart), null, since(start)));
                }
            }
            DeadlineInput in = new DeadlineInput(socketSource(channel), deadlineNanos, start);
            Outcome o = exchange(channel, in, url, address, start, dns, connect, tlsTime, session != null);
            if (session != null && reusable(o)) {
                session.channel = channel;
                session.in = in;
                session.key = connectionKey(url);
                session.address = address;
                handedOver = true;
            }
            return o;
        } catch (IOException e) {
            return new Failure(url, address, Kind.IO, "talking to " + address + " failed: " + e, e, 0,
                    new Timings(dns, connect, null, null, since(start)));
        } finally {
            if (!handedOver) {
                closeQuietly(s);
            }
        }
    }

    /** Whether the connection can carry another request after {@code o}. */
    private static boolean reusable(Outcome o) {
        return o instanceof Response r && r.bodyComplete() && r.statusLine().startsWith("HTTP/1.1")
                && !r.header("connection").toLowerCase(Locale.ROOT).contains("close");
    }

    private static String connectionKey(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":"
                + (url.getPort() > 0 ? url.getPort() : scheme.equals("https") ? 443 : 80);
    }

    /** A new keep-alive session: requests reuse one connection while the server keeps it open. */
    public Session session() {
        return new Session();
    }

    /**
     * Requests over one kept-alive connection, the way browsers and proxies reuse connections: a request
     * goes over the previous request's connection when the server left it open, else over a new one.
     * Not thread-safe; close it when done.
     */
    public final class Session implements AutoCloseable {
        private Socket channel;
        private DeadlineInput in;
        private String key = "";
        private String address = "";
        private boolean lastReused;

        private Session() {
        }

        /** GETs {@code url} (no redirects followed), over the kept connection when there is one. */
        public Outcome get(URI url, long deadlineNanos) {
            return once(url, null, null, deadlineNanos, this);
        }

        /** Whether the last {@link #get} went over a connection reused from an earlier request. */
        public boolean lastReused() {
            return lastReused;
        }

        @Override
        public void close() {
            if (channel != null) {
                closeQuietly(channel);
            }
            channel = null;
            in = null;
            key = "";
        }
    }

    private InetAddress[] resolve(String host, long deadlineNanos) throws UnknownHostException, TimeoutException {
        if (isLiteral(host)) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        Future<InetAddress[]> f = WORKERS.submit(() -> resolver.resolve(host));
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
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        return true;
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

    private Outcome exchange(Socket s, DeadlineInput in, URI url, String address, long start, Duration dns,
                             Duration connect, Duration tlsTime, boolean keepAlive) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request(url, keepAlive).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return answer(in, url, address, start, dns, connect, tlsTime);
    }

    /** Where the answer's bytes come from: a socket, or bytes fed by a test. */
    @FunctionalInterface
    interface Source {
        /**
         * Reads up to {@code len} bytes into {@code buf} at {@code off}, waiting at most {@code timeoutMillis}
         * (always positive); -1 (or 0) at end of stream, {@link SocketTimeoutException} when the time is up.
         */
        int read(byte[] buf, int off, int len, int timeoutMillis) throws IOException;
    }

    /** One answer read by {@link #readAnswer} and how many bytes were taken from the source for it. */
    record Read(Outcome outcome, long bytesRead) {
    }

    /**
     * Reads one answer from {@code source} the way a probe reads it from its socket (the request is taken as
     * sent), by {@code deadlineNanos}: the seam for tests and fuzzing.
     */
    static Read readAnswer(Source source, URI url, String address, long deadlineNanos) throws IOException {
        long start = System.nanoTime();
        DeadlineInput in = new DeadlineInput(source, deadlineNanos, start);
        Outcome o = answer(in, url, address, start, Duration.ZERO, Duration.ZERO, null);
        return new Read(o, in.received());
    }

    private static Source socketSource(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return (buf, off, len, timeoutMillis) -> {
            socket.setSoTimeout(timeoutMillis);
            return in.read(buf, off, len);
        };
    }

    private static Outcome answer(DeadlineInput in, URI url, String address, long start, Duration dns,
                                  Duration connect, Duration tlsTime) throws IOException {
        String statusLine;
        Map<String, List<String>> headers;
        List<String> malformed = new ArrayList<>();
        int status;
        try {
            int interim = 0;
            while (true) {
                statusLine = in.line();
                if (statusLine == null) {
                    return fail(url, address, Kind.CLOSED, address + " closed the connection without answering",
                            null, in, dns, connect, tlsTime, start);
                }
                if (!statusLine.startsWith("HTTP/")) {
                    return fail(url, address, Kind.PROTOCOL, address + " answered something that is not HTTP: "
                            + printable(statusLine, 80), null, in, dns, connect, tlsTime, start);
                }
                status = parseStatus(statusLine);
                if (status < 0) {
                    return fail(url, address, Kind.MALFORMED_STATUS, address + " sent a malformed status line: "
                            + printable(statusLine, 80), null, in, dns, connect, tlsTime, start);
                }
                headers = readHeaders(in, malformed);
                if (status >= 200 || status == 101) {
                    break;
                }
                if (++interim > MAX_INTERIM) {
                    // an answer is one final status; a peer that only ever sends interim ones never answers
                    return fail(url, address, Kind.PROTOCOL, address + " sent " + interim + " interim answers ("
                            + printable(statusLine, 40) + ") and no final status; no client waits for that",
                            null, in, dns, connect, tlsTime, start);
                }
                malformed.clear();
            }
        } catch (AnswerTooBig e) {
            return fail(url, address, Kind.HEADERS_TOO_BIG, address + " sent more than " + MAX_ANSWER_BYTES
                    + " bytes without a complete head; this probe stops there", e, in, dns, connect, tlsTime, start);
        } catch (HeadTooBig e) {
            return fail(url, address, Kind.HEADERS_TOO_BIG, address + " sent " + e.getMessage()
                    + "; this probe stops there, and proxies and browsers refuse such an answer", e, in, dns, connect,
                    tlsTime, start);
        } catch (SocketTimeoutException e) {
            if (in.received() == 0) {
                return fail(url, address, Kind.TIMEOUT, "connected to " + address + ", but no HTTP answer came within "
                        + since(start).toMillis() + " ms", e, in, dns, connect, tlsTime, start);
            }
            return fail(url, address, Kind.TRICKLE, address + " sent only " + in.received() + " bytes of its answer "
                    + "in " + since(start).toMillis() + " ms, without finishing the headers (it trickles)", e, in, dns,
                    connect, tlsTime, start);
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            boolean reset = m.contains("reset");
            return fail(url, address, reset ? Kind.RESET : Kind.IO, address + (reset
                    ? " reset the connection " + (in.received() == 0 ? "before answering"
                            : "after " + in.received() + " bytes, before the headers were complete")
                    : " failed: " + e.getMessage()), e, in, dns, connect, tlsTime, start);
        } catch (EndOfHead e) {
            return fail(url, address, Kind.CLOSED, address + " closed the connection after " + in.received()
                    + " bytes, before the headers were complete", e, in, dns, connect, tlsTime, start);
        }
        String reason = reasonOf(statusLine);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BodyEnd end;
        try {
            end = readBody(in, headers, status, body);
        } catch (AnswerTooBig e) {
            end = BodyEnd.CAPPED;
        } catch (SocketTimeoutException e) {
            end = BodyEnd.DEADLINE;
        } catch (SocketException e) {
            end = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset") ? BodyEnd.RESET
                    : BodyEnd.CUT_SHORT;
        } catch (IOException e) {
            end = BodyEnd.CUT_SHORT;
        }
        byte[] raw = body.toByteArray();
        String encoding = first(headers, "content-encoding").toLowerCase(Locale.ROOT).trim();
        byte[] decoded = raw;
        String note = "";
        if (!encoding.isEmpty() && !encoding.equals("identity")) {
            Decoded d = decode(encoding, raw);
            decoded = d.bytes();
            note = d.note();
        }
        Timings t = new Timings(dns, connect, tlsTime, in.firstByte(), since(start));
        return new Response(url, address, status, reason, printable(statusLine, 200), headers, raw, end, decoded, note,
                malformed, dns == Duration.ZERO && connect == null, t);
    }

    private static Failure fail(URI url, String address, Kind kind, String message, Throwable error, DeadlineInput in,
                                Duration dns, Duration connect, Duration tls, long start) {
        return new Failure(url, address, kind, message, error, in.received(),
                new Timings(dns, connect, tls, in.firstByte(), since(start)));
    }

    private String request(URI url, boolean keepAlive) {
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
                + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n";
    }

    /** The status of a well-formed {@code HTTP/d.d NNN[ reason]} line, else -1. */
    static int parseStatus(String line) {
        // HTTP/1.1 502 Bad Gateway (RFC 9112 4: HTTP-version SP status-code SP [reason-phrase])
        if (line.length() < 12 || !line.startsWith("HTTP/") || !Character.isDigit(line.charAt(5))
                || line.charAt(6) != '.' || !Character.isDigit(line.charAt(7)) || line.charAt(8) != ' ') {
            return -1;
        }
        for (int i = 9; i < 12; i++) {
            if (!Character.isDigit(line.charAt(i))) {
                return -1;
            }
        }
        if (line.length() > 12 && line.charAt(12) != ' ') {
            return -1;
        }
        int status = Integer.parseInt(line.substring(9, 12));
        return status < 100 ? -1 : status;
    }

    private static String reasonOf(String statusLine) {
        return statusLine.length() > 13 ? statusLine.substring(13).trim() : "";
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static Map<String, List<String>> readHeaders(DeadlineInput in, List<String> malformed) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        while (true) {
            String line = in.line();
            if (line == null) {
                throw new EndOfHead();
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (in.received() > MAX_HEADER_BYTES) {
                throw new HeadTooBig("more than " + MAX_HEADER_BYTES + " bytes of headers");
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.charAt(0) != ' ' && line.charAt(0) != '\t' && line.charAt(colon - 1) != ' ') {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            } else if (malformed.size() < 5) {
                malformed.add(printable(line, 120));
            }
        }
    }

    private static BodyEnd readBody(DeadlineInput in, Map<String, List<String>> headers, int status,
                                    ByteArrayOutputStream body) throws IOException {
        if (status == 204 || status == 304 || status < 200) {
            return BodyEnd.COMPLETE;
        }
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            while (body.size() < MAX_BODY) {
                String sizeLine = in.line();
                if (sizeLine == null) {
                    return BodyEnd.CUT_SHORT;
                }
                int semi = sizeLine.indexOf(';');
                String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
                long size;
                try {
                    size = hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size < 0) {
                    return BodyEnd.CUT_SHORT;
                }
                if (size == 0) {
                    return BodyEnd.COMPLETE;
                }
                BodyEnd end = copy(in, body, size);
                if (end != BodyEnd.COMPLETE) {
                    return end;
                }
                if (in.line() == null) { // the CRLF after the chunk
                    return BodyEnd.CUT_SHORT;
                }
            }
            return BodyEnd.CAPPED;
        }
        String cl = first(headers, "content-length").trim();
        if (!cl.isEmpty()) {
            long length;
            try {
                length = Long.parseLong(cl);
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length >= 0) {
                return copy(in, body, length);
            }
        }
        BodyEnd end = copy(in, body, Long.MAX_VALUE);
        return end == BodyEnd.CUT_SHORT ? BodyEnd.COMPLETE : end; // read to the close: that is the end
    }

    /** Copies up to {@code n} bytes (never past {@link #MAX_BODY} in total). */
    private static BodyEnd copy(DeadlineInput in, ByteArrayOutputStream body, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            if (body.size() >= MAX_BODY) {
                return BodyEnd.CAPPED;
            }
            int want = (int) Math.min(Math.min(buf.length, left), MAX_BODY - body.size());
            int got = in.read(buf, 0, want);
            if (got < 0) {
                return BodyEnd.CUT_SHORT;
            }
            body.write(buf, 0, got);
            left -= got;
        }
        return BodyEnd.COMPLETE;
    }

    private record Decoded(byte[] bytes, String note) {
    }

    /** Decodes gzip or deflate into at most {@link #MAX_DECODED} bytes; never allocates more. */
    static Decoded decode(String encoding, byte[] raw) {
        boolean gzip = encoding.contains("gzip");
        if (!gzip && !encoding.contains("deflate")) {
            return new Decoded(raw, encoding + ": not decoded");
        }
        int offset = 0;
        if (gzip) {
            offset = gzipHeader(raw);
            if (offset < 0) {
                return new Decoded(new byte[0], "gzip: not a valid gzip stream");
            }
        }
        Inflater inflater = new Inflater(gzip || !zlibHeader(raw));
        try {
            inflater.setInput(raw, offset, raw.length - offset);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (out.size() < MAX_DECODED && !inflater.finished()) {
                int n = inflater.inflate(buf, 0, Math.min(buf.length, MAX_DECODED - out.size()));
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
            long read = inflater.getBytesRead();
            String note;
            if (!inflater.finished() && out.size() >= MAX_DECODED) {
                note = encoding + ": " + read + " compressed bytes expand to more than " + MAX_DECODED
                        + " bytes (ratio over " + (MAX_DECODED / Math.max(1, read)) + ":1); decoding stopped there";
            } else {
                note = encoding + ": " + raw.length + " bytes decode to " + out.size();
            }
            return new Decoded(out.toByteArray(), note);
        } catch (DataFormatException e) {
            return new Decoded(new byte[0], encoding + ": corrupt (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private static boolean zlibHeader(byte[] raw) {
        return raw.length >= 2 && (raw[0] & 0x0f) == 8 && (((raw[0] & 0xff) << 8) | (raw[1] & 0xff)) % 31 == 0;
    }

    /** The offset of a gzip member's deflate data (RFC 1952), or -1. */
    private static int gzipHeader(byte[] b) {
        if (b.length < 10 || (b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b || b[2] != 8) {
            return -1;
        }
        int flags = b[3] & 0xff;
        int p = 10;
        if ((flags & 4) != 0) {
            if (p + 2 > b.length) {
                return -1;
            }
            p += 2 + ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8);
        }
        for (int bit : new int[] {8, 16}) {
            if ((flags & bit) != 0) {
                while (p < b.length && b[p] != 0) {
                    p++;
                }
                p++;
            }
        }
        if ((flags & 2) != 0) {
            p += 2;
        }
        return p <= b.length ? p : -1;
    }

    static int millisLeft(long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** {@code s} cut to {@code max} characters with control characters made visible. */
    public static String printable(String s, int max) {
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

    /** The head grew past its cap. */
    private static final class HeadTooBig extends IOException {
        private static final long serialVersionUID = 1L;

        HeadTooBig(String message) {
            super(message);
        }
    }

    /** The answer grew past {@link #MAX_ANSWER_BYTES}. */
    private static final class AnswerTooBig extends IOException {
        private static final long serialVersionUID = 1L;

        AnswerTooBig() {
            super("more than " + MAX_ANSWER_BYTES + " bytes in one answer");
        }
    }

    /** The connection closed inside the head. */
    private static final class EndOfHead extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Buffered reads from a source, each bounded by what is left until the deadline, at most
     * {@link #MAX_ANSWER_BYTES} in all for one answer.
     */
    private static final class DeadlineInput {
        private final Source in;
        private long deadlineNanos;
        private long start;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int limit;
        private long received;
        private Duration firstByte;

        DeadlineInput(Source in, long deadlineNanos, long start) {
            this.in = in;
            this.deadlineNanos = deadlineNanos;
            this.start = start;
        }

        long received() {
            return received;
        }

        /** Starts the next request on the same connection: a new deadline, counters from zero. */
        void restart(long deadlineNanos, long start) {
            this.deadlineNanos = deadlineNanos;
            this.start = start;
            this.received = limit - pos;
            this.firstByte = received > 0 ? Duration.ZERO : null;
        }

        Duration firstByte() {
            return firstByte;
        }

        private boolean fill() throws IOException {
            int left = millisLeft(deadlineNanos);
            if (left <= 0) {
                throw new SocketTimeoutException("deadline reached");
            }
            if (received >= MAX_ANSWER_BYTES) {
                throw new AnswerTooBig();
            }
            int n = in.read(buf, 0, (int) Math.min(buf.length, MAX_ANSWER_BYTES - received), left);
            if (n <= 0) {
                return false;
            }
            if (firstByte == null) {
                firstByte = since(start);
            }
            received += n;
            pos = 0;
            limit = n;
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
                    throw new HeadTooBig("a header line longer than " + MAX_LINE + " bytes");
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
