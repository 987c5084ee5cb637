package org.gatewaydoctor.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLSocketFactory;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile HTTP peers on 127.0.0.1, one misbehaviour each: never answers, trickles a byte a second, 10 MB
 * of headers, an endless chunked body, a gzip bomb, a redirect loop, an invalid status line, a reset
 * before the headers. Each probe must end inside its deadline with a precise finding, and the prober must
 * allocate a bounded amount of memory whatever the peer sends.
 */
class HostileServersIT {

    private static final HttpProber.Resolver NO_DNS = host -> {
        throw new UnknownHostException(host + ": resolution disabled in tests");
    };
    private static final Duration BUDGET = Duration.ofMillis(2500);
    /** What one probe may allocate, whatever the peer sends (the caps are 64 KiB each for head, body, decoded). */
    private static final long MAX_ALLOCATED = 16L * 1024 * 1024;

    private static final List<ServerSocket> servers = new CopyOnWriteArrayList<>();
    private static final List<Socket> held = new CopyOnWriteArrayList<>();
    private static byte[] bomb;

    interface Behaviour {
        void serve(Socket s) throws Exception;
    }

    @BeforeAll
    static void makeBomb() throws IOException {
        // 64 MiB of zeros gzip to about 64 KiB: sent whole, it decodes to 1000 times more than it weighs.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        bomb = out.toByteArray();
    }

    @AfterAll
    static void stop() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
        for (Socket s : held) {
            s.close();
        }
    }

    private static String serve(Behaviour b) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        servers.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    held.add(s);
                    Thread w = new Thread(() -> {
                        try {
                            readRequest(s.getInputStream());
                            b.serve(s);
                        } catch (Exception e) {
                            // the probe hung up: expected for most of these peers
                        }
                    });
                    w.setDaemon(true);
                    w.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "hostile-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private static void readRequest(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Runs the check within {@link #BUDGET}, asserting it returned in time. */
    private static CheckResult check(String url) {
        TestCheckContext ctx = TestCheckContext.builder().url(url).timeout(BUDGET).build();
        long start = System.nanoTime();
        CheckResult r = new HttpProbeCheck(NO_DNS, (SSLSocketFactory) SSLSocketFactory.getDefault()).run(ctx);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(Instant.now().isAfter(ctx.deadline()), "returned after the deadline (" + took + " ms)");
        return r;
    }

    /** Visits in this thread and returns the visit, asserting time and memory bounds. */
    private static HttpProber.Visit visit(String url) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        long start = System.nanoTime();
        HttpProber.Visit v = new HttpProber(NO_DNS, (SSLSocketFactory) SSLSocketFactory.getDefault(), "test")
                .visit(URI.create(url), start + BUDGET.toNanos());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(took <= BUDGET.toMillis() + 200, "took " + took + " ms");
        assertTrue(allocated < MAX_ALLOCATED, "allocated " + allocated + " bytes");
        return v;
    }

    @Test
    void aServerThatNeverAnswersIsATimeoutWithNothingReceived() throws IOException {
        String url = serve(s -> Thread.sleep(60_000));
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, visit(url + "/").last());
        assertEquals(HttpProber.Kind.TIMEOUT, f.kind());
        assertEquals(0, f.received());
        assertNotNull(f.timings().connect(), "connected");
        Finding finding = CheckResults.only(check(url + "/"));
        assertTrue(finding.summary().contains("but no HTTP answer came within"), finding.summary());
    }

    @Test
    void aServerThatTricklesAByteASecondIsNamedAsTrickling() throws IOException {
        String url = serve(s -> {
            for (byte b : "HTTP/1.1 200 OK\r\nServer: slowloris\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) {
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
                Thread.sleep(1000);
            }
        });
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, visit(url + "/").last());
        assertEquals(HttpProber.Kind.TRICKLE, f.kind());
        assertTrue(f.received() >= 2 && f.received() <= 4, "bytes received: " + f.received());
        Finding finding = CheckResults.only(check(url + "/"));
        assertTrue(finding.summary().contains("it trickles"), finding.summary());
    }

    @Test
    void tenMegabytesOfHeadersStopAtTheCap() throws IOException {
        String url = serve(s -> {
            write(s, "HTTP/1.1 200 OK\r\n");
            String line = "X-Filler: " + "a".repeat(1000) + "\r\n";
            for (int i = 0; i < 10_000; i++) {
                write(s, line);
            }
            write(s, "\r\n");
        });
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, visit(url + "/").last());
        assertEquals(HttpProber.Kind.HEADERS_TOO_BIG, f.kind());
        assertTrue(f.received() < 2 * HttpProber.MAX_HEADER_BYTES, "read " + f.received());
        Finding finding = CheckResults.only(check(url + "/"));
        assertTrue(finding.summary().contains("more than 65536 bytes of headers"), finding.summary());
    }

    @Test
    void oneEndlessHeaderLineStopsAtTheLineCap() throws IOException {
        String url = serve(s -> {
            write(s, "HTTP/1.1 200 OK\r\nSet-Cookie: ");
            byte[] block = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            while (true) {
                s.getOutputStream().write(block);
            }
        });
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, visit(url + "/").last());
        assertEquals(HttpProber.Kind.HEADERS_TOO_BIG, f.kind());
        assertTrue(f.message().contains("a header line longer than 16384 bytes"), f.message());
    }

    @Test
    void anEndlessChunkedBodyIsCappedAndThePageStillCounts() throws IOException {
        String url = serve(s -> {
            write(s, "HTTP/1.1 200 OK\r\nServer: stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = Integer.toHexString(4096) + "\r\n" + "z".repeat(4096) + "\r\n";
            while (true) {
                write(s, chunk);
            }
        });
        HttpProber.Response r = assertInstanceOf(HttpProber.Response.class, visit(url + "/").last());
        assertEquals(HttpProber.BodyEnd.CAPPED, r.bodyEnd());
        assertEquals(HttpProber.MAX_BODY, r.body().length);
        assertInstanceOf(CheckResult.Passed.class, check(url + "/"), "a long 200 is not a failure of the site");
    }

    @Test
    void aGzipBombIsDecodedToTheCapAndNamed() throws IOException {
        String url = serve(s -> {
            write(s, "HTTP/1.1 200 OK\r\nServer: bomb\r\nContent-Encoding: gzip\r\nContent-Length: " + bomb.length
                    + "\r\n\r\n");
            s.getOutputStream().write(bomb);
            s.getOutputStream().flush();
        });
        HttpProber.Response r = assertInstanceOf(HttpProber.Response.class, visit(url + "/").last());
        assertEquals(HttpProber.MAX_DECODED, r.decoded().length);
        assertTrue(r.decodeNote().contains("expand to more than 65536 bytes"), r.decodeNote());
        Finding f = CheckResults.only(check(url + "/"));
        assertTrue(f.summary().contains("decompression bomb"), f.summary());
        assertEquals(200, f.httpStatus());
    }

    @Test
    void aPageThatRedirectsToItselfIsARedirectLoopWithTheChainAsEvidence() throws IOException {
        String url = serve(s -> write(s, "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n"));
        HttpProber.Visit v = visit(url + "/loop");
        assertEquals(HttpProber.Redirects.LOOP, v.redirects());
        assertEquals(1, v.hops().size(), "no request is repeated");
        Finding f = CheckResults.only(check(url + "/loop"));
        assertEquals(CauseCode.APP_REDIRECT_LOOP, f.cause());
        assertTrue(f.summary().contains("redirects to its own address"), f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().equals("redirect chain: " + url + "/loop -> " + url
                + "/loop")), f.evidence().toString());
    }

    @Test
    void aLoopIsFoundWhenAnAddressComesBack() throws IOException {
        // answers everything with a redirect to /a: /b -> /a -> /a
        String url = serve(s -> write(s, "HTTP/1.1 301 Moved Permanently\r\nLocation: /a\r\nContent-Length: 0\r\n\r\n"));
        HttpProber.Visit v = visit(url + "/b");
        assertEquals(HttpProber.Redirects.LOOP, v.redirects());
        assertEquals(List.of(URI.create(url + "/b"), URI.create(url + "/a"), URI.create(url + "/a")), v.chain());
    }

    @Test
    void anEndlessChainOfNewAddressesStopsAtTheCap() throws IOException {
        String url = serve(s -> write(s, "HTTP/1.1 302 Found\r\nLocation: /next?" + System.nanoTime()
                + "\r\nContent-Length: 0\r\n\r\n"));
        HttpProber.Visit v = visit(url + "/");
        assertEquals(HttpProber.Redirects.TOO_MANY, v.redirects());
        assertEquals(HttpProber.MAX_REDIRECTS + 1, v.hops().size());
        Finding f = CheckResults.only(check(url + "/"));
        assertEquals(CauseCode.APP_REDIRECT_LOOP, f.cause());
    }

    @Test
    void anInvalidStatusLineIsMalformedNotAnAnswer() throws IOException {
        String url = serve(s -> write(s, "HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\nok"));
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, visit(url + "/").last());
        assertEquals(HttpProber.Kind.MALFORMED_STATUS, f.kind());
        Finding finding = CheckResults.only(check(url + "/"));
        assertTrue(finding.summary().contains("sent a malformed status line: HTTP/1.1 2OO OK"), finding.summary());
    }

    @Test
    void aResetBeforeTheHeadersIsNamedAsSuch() throws IOException {
        String url = serve(s -> {
            s.setSoLinger(true, 0); // close with RST
            s.close();
        });
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, visit(url + "/").last());
        assertEquals(HttpProber.Kind.RESET, f.kind());
        Finding finding = CheckResults.only(check(url + "/"));
        assertTrue(finding.summary().contains("reset the connection before answering"), finding.summary());
    }

    @Test
    void aResetAfterPartOfTheHeadSaysHowMuchCame() throws IOException {
        String url = serve(s -> {
            write(s, "HTTP/1.1 200 OK\r\nServer: half\r\n");
            Thread.sleep(100);
            s.setSoLinger(true, 0);
            s.close();
        });
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, visit(url + "/").last());
        assertEquals(HttpProber.Kind.RESET, f.kind());
        assertTrue(f.message().contains("after 31 bytes, before the headers were complete"), f.message());
    }

    @Test
    void aBodyCutShortOfItsContentLengthIsAWarning() throws IOException {
        String url = serve(s -> {
            write(s, "HTTP/1.1 200 OK\r\nServer: cut\r\nContent-Length: 5000\r\n\r\n" + "a".repeat(1200));
            s.close();
        });
        HttpProber.Response r = assertInstanceOf(HttpProber.Response.class, visit(url + "/").last());
        assertEquals(HttpProber.BodyEnd.CUT_SHORT, r.bodyEnd());
        Finding f = CheckResults.only(check(url + "/"));
        assertTrue(f.summary().contains("closed the connection after 1200 bytes of the body, though it announced 5000"),
                f.summary());
    }

    /** A documentation address (RFC 3849): never connected to, the connector answers for it. */
    private static final String V6 = "2001:db8::80";

    /**
     * Connections to IPv6 addresses never leave the JVM (the tests bind to 127.0.0.0/8 only): refused when
     * {@code v6Works} is false, else routed to the IPv4 server; IPv4 connections are refused when {@code v6Works}.
     */
    private static HttpProber.Connector familyGate(boolean v6Works, List<String> asked) {
        return (socket, to, timeout) -> {
            asked.add(to.getAddress().getHostAddress());
            boolean v6 = to.getAddress() instanceof java.net.Inet6Address;
            if (v6 != v6Works) {
                throw new java.net.ConnectException("Connection refused");
            }
            socket.connect(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), to.getPort()), timeout);
        };
    }

    @ParameterizedTest(name = "a name that fails over {0} only is named per family")
    @CsvSource({"IPv6, IPv4, [2001:db8:0:0:0:0:0:80], AAAA", "IPv4, IPv6, 127.0.0.1, A"})
    void aNameThatFailsOverOneFamilyOnlyIsNamedPerFamily(String failing, String working, String refused, String record)
            throws IOException {
        String url = serve(s -> write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        int port = URI.create(url).getPort();
        HttpProber.Resolver both = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName(V6)};
        List<String> asked = new CopyOnWriteArrayList<>();
        TestCheckContext ctx = TestCheckContext.builder().url("http://site.test:" + port + "/").timeout(BUDGET).build();
        CheckResult r = new HttpProbeCheck(both, (SSLSocketFactory) SSLSocketFactory.getDefault(),
                familyGate(failing.equals("IPv4"), asked)).run(ctx);
        Finding f = CheckResults.find(r, CauseCode.DNS_WRONG_ADDRESS);
        assertTrue(f.summary().startsWith("site.test fails over " + failing + " but works over " + working), f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().contains(failing + " " + refused + ":" + port
                + " refused the connection")), f.evidence().toString());
        assertTrue(f.remediation().stream().anyMatch(x -> x.startsWith("Point the " + record + " record")),
                f.remediation().toString());
        assertEquals(java.util.Set.of("127.0.0.1", "2001:db8:0:0:0:0:0:80"), java.util.Set.copyOf(asked));
    }

    @Test
    void bothFamiliesAnsweringGivesOnePassPerFamilyAndNoDnsFinding() throws IOException {
        String url = serve(s -> write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        int port = URI.create(url).getPort();
        HttpProber.Resolver both = host -> new InetAddress[] {InetAddress.getByName(V6),
                InetAddress.getByName("127.0.0.1")};
        HttpProber.Connector route = (socket, to, timeout) -> socket.connect(
                new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), to.getPort()), timeout);
        TestCheckContext ctx = TestCheckContext.builder().url("http://site.test:" + port + "/").timeout(BUDGET).build();
        CheckResult.Passed p = assertInstanceOf(CheckResult.Passed.class, new HttpProbeCheck(both,
                (SSLSocketFactory) SSLSocketFactory.getDefault(), route).run(ctx));
        assertTrue(p.evidence().stream().anyMatch(e -> e.describe().contains("IPv4 200")), p.evidence().toString());
        assertTrue(p.evidence().stream().anyMatch(e -> e.describe().contains("IPv6 200")), p.evidence().toString());
    }

    @Test
    void theTimingsOfEachPhaseAreEvidence() throws IOException {
        String url = serve(s -> write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        HttpProber.Response r = assertInstanceOf(HttpProber.Response.class, visit(url + "/").last());
        assertNotNull(r.timings().dns());
        assertNotNull(r.timings().connect());
        assertNotNull(r.timings().firstByte());
        assertEquals(null, r.timings().tls(), "no TLS on http");
        CheckResult.Passed p = assertInstanceOf(CheckResult.Passed.class, check(url + "/"));
        assertTrue(p.evidence().stream().filter(Evidence.Observation.class::isInstance).anyMatch(e -> e.describe()
                .matches(".*via 127\\.0\\.0\\.1:\\d+: dns \\d+ ms, connect \\d+ ms, first byte \\d+ ms, total \\d+ ms")),
                p.evidence().toString());
    }
}
