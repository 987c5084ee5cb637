package org.gatewaydoctor.checks.http;

import org.gatewaydoctor.testkit.CheckResults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.StallingServer;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link HttpProbeCheck} against real servers on loopback: the JDK's HttpServer answering like nginx,
 * Apache and Cloudflare do, one that is slow, one that accepts and never answers, a closed port. No
 * address outside 127.0.0.0/8 is ever contacted: the resolver used refuses every name.
 */
class HttpProbeCheckIT {

    /**
     * nginx's 502 page, byte for byte: ngx_http_error_502_page followed by ngx_http_error_tail
     * (src/http/ngx_http_special_response.c), as sent with server_tokens off.
     */
    static final String NGINX_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    static final String NGINX_504 = "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n"
            + "<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
    /** Apache httpd's mod_proxy 502 page (as commonly seen from Apache 2.4). */
    static final String APACHE_502 = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
            + "<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>\n<p>The proxy server received an invalid\r\n"
            + "response from an upstream server.<br />\r\nThe proxy server could not handle the request<p>Reason: "
            + "<strong>Error reading from remote server</strong></p></p>\n<hr>\n<address>Apache/2.4.62 (Debian) Server at "
            + "example.org Port 443</address>\n</body></html>\n";

    private static HttpServer server;
    private static ExecutorService executor;
    private static ServerSocket silent;
    private static final List<Socket> held = new CopyOnWriteArrayList<>();
    private static final CountDownLatch release = new CountDownLatch(1);
    private static String base;

    /** No name resolves: a probe that tried to leave loopback by name would fail loudly instead. */
    private static final HttpProber.Resolver NO_DNS = host -> {
        throw new UnknownHostException(host + ": resolution disabled in tests");
    };

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/ok", ex -> send(ex, 200, "text/html", "<html>hello</html>"));
        server.createContext("/nginx502", ex -> {
            ex.getResponseHeaders().set("Server", "nginx");
            send(ex, 502, "text/html", NGINX_502);
        });
        server.createContext("/nginx504", ex -> {
            ex.getResponseHeaders().set("Server", "nginx/1.22.1");
            send(ex, 504, "text/html", NGINX_504);
        });
        server.createContext("/apache502", ex -> {
            ex.getResponseHeaders().set("Server", "Apache/2.4.62 (Debian)");
            send(ex, 502, "text/html; charset=iso-8859-1", APACHE_502);
        });
        server.createContext("/cf/", ex -> {
            int code = Integer.parseInt(ex.getRequestURI().getPath().substring(4));
            ex.getResponseHeaders().set("Server", "cloudflare");
            ex.getResponseHeaders().set("CF-RAY", "8e5f1c2a9b3d4e5f-FRA");
            send(ex, code, "text/html", "<!DOCTYPE html><title>example.org | " + code + ": error</title>");
        });
        server.createContext("/cf-relay", ex -> {
            ex.getResponseHeaders().set("Server", "cloudflare");
            ex.getResponseHeaders().set("CF-RAY", "8e5f1c2a9b3d4e60-FRA");
            send(ex, 502, "text/html", NGINX_502);
        });
        server.createContext("/slow", ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, "text/plain", "late");
        });
        server.createContext("/wp500", ex -> send(ex, 500, "text/html", "<html><body>There has been a critical error "
                + "on this website.</body></html>"));
        server.createContext("/missing", ex -> {
            ex.getResponseHeaders().set("Server", "nginx");
            send(ex, 404, "text/html", "not found");
        });
        server.createContext("/hop", ex -> {
            ex.getResponseHeaders().set("Location", "/ok");
            send(ex, 301, "text/html", "");
        });
        server.createContext("/away", ex -> {
            ex.getResponseHeaders().set("Location", "http://elsewhere.example/landing");
            send(ex, 302, "text/html", "");
        });
        server.createContext("/big", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = ex.getResponseBody()) {
                byte[] block = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 64; i++) {
                    out.write(block); // 4 MiB in all
                }
            } catch (IOException e) {
                // the probe stops reading at 64 KiB and closes: expected
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();

        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // accept, never read, never answer
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void stop() throws IOException {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static CheckResult probe(String url, Duration budget) {
        TestCheckContext ctx = TestCheckContext.builder().url(url).zone(ZoneOffset.UTC).timeout(budget).build();
        CheckResult r = new HttpProbeCheck(NO_DNS, (SSLSocketFactory) SSLSocketFactory.getDefault()).run(ctx);
        Instant done = Instant.now();
        assertFalse(done.isAfter(ctx.deadline()), "run() returned after the deadline: " + done + " > " + ctx.deadline());
        return r;
    }

    private static CheckResult probe(String url) {
        return probe(url, Duration.ofSeconds(5));
    }

    @Test
    void isNotApplicableWithoutAUrl() {
        CheckResult r = new HttpProbeCheck().run(TestCheckContext.builder().build());
        assertEquals("no URL was given", assertInstanceOf(CheckResult.NotApplicable.class, r).reason());
    }

    @Test
    void passesOn200WithAProbeAsEvidence() {
        CheckResult.Passed p = assertInstanceOf(CheckResult.Passed.class, probe(base + "/ok"));
        Evidence.Probe probe = (Evidence.Probe) p.evidence().get(0);
        assertEquals(200, probe.status());
        assertEquals("http", probe.protocol());
        assertEquals(base + "/ok", probe.target());
        assertTrue(probe.outcome().startsWith("200 OK from"), probe.outcome());
        assertTrue(probe.latency().toMillis() < 5000);
    }

    @Test
    void reportsNginxs502PageAsACriticalSymptom() {
        Finding f = CheckResults.only(probe(base + "/nginx502"));
        assertTrue(f.isSymptom());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(Layer.PROXY, f.layer());
        assertEquals(502, f.httpStatus());
        assertTrue(f.summary().contains("502 Bad Gateway from nginx"), f.summary());
        Evidence.Probe probe = (Evidence.Probe) f.evidence().get(0);
        assertEquals(502, probe.status());
        assertEquals("502 Bad Gateway from nginx", probe.outcome());
    }

    @Test
    void reportsNginxs504AndApachesProxyError() {
        Finding timeout = CheckResults.only(probe(base + "/nginx504"));
        assertEquals(504, timeout.httpStatus());
        assertTrue(timeout.summary().contains("504 Gateway Timeout from nginx"), timeout.summary());
        Finding apache = CheckResults.only(probe(base + "/apache502"));
        assertEquals(502, apache.httpStatus());
        assertTrue(apache.summary().contains("from Apache"), apache.summary());
    }

    @ParameterizedTest
    @CsvSource({
        "520, edge.origin_invalid_response",
        "521, edge.origin_unreachable",
        "522, edge.origin_unreachable",
        "523, edge.origin_unreachable",
        "524, edge.origin_timeout",
        "525, edge.origin_tls_failure",
        "526, edge.origin_tls_failure"})
    void mapsCloudflareErrorsToEdgeCauses(int status, String code) {
        Finding f = CheckResults.only(probe(base + "/cf/" + status));
        assertEquals(CauseCode.of(code), f.cause());
        assertEquals(Layer.EDGE, f.layer());
        assertEquals(status, f.httpStatus());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().contains("Ray ID 8e5f1c2a9b3d4e5f-FRA")));
    }

    @Test
    void theErrorPagesWriterBecomesErrorPageEvidence() {
        Finding f = CheckResults.only(probe(base + "/cf-relay", Duration.ofSeconds(10)));
        Evidence.ErrorPage page = f.evidence().stream().filter(Evidence.ErrorPage.class::isInstance)
                .map(Evidence.ErrorPage.class::cast).findFirst().orElseThrow(() -> new AssertionError(f.evidence()));
        assertEquals("nginx", page.source().vendor(), "the body is nginx's page");
        assertEquals("cloudflare", page.source().relayedBy(), "Cloudflare's headers relayed it");
    }

    @Test
    void anEdgeRelayingTheOriginsNginxPageIsAnOriginError() {
        Finding f = CheckResults.only(probe(base + "/cf-relay"));
        assertEquals(CauseCode.EDGE_ORIGIN_ERROR, f.cause());
        assertEquals(Layer.EDGE, f.layer());
        assertTrue(f.summary().contains("origin's nginx"), f.summary());
    }

    @Test
    void aSlowAnswerBeyondTheDeadlineIsATimeoutAndRunReturnsInTime() {
        long start = System.nanoTime();
        Finding f = CheckResults.only(probe(base + "/slow", Duration.ofMillis(1500)));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < 1500, "took " + took + " ms");
        assertTrue(f.isSymptom());
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.summary().contains("no HTTP answer came within"), f.summary());
        assertNull(((Evidence.Probe) f.evidence().get(0)).status());
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsATimeoutAndRunReturnsInTime() {
        long start = System.nanoTime();
        Finding f = CheckResults.only(probe("http://127.0.0.1:" + silent.getLocalPort() + "/",
                Duration.ofMillis(1200)));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < 1200, "took " + took + " ms");
        assertTrue(f.summary().startsWith("Connected to 127.0.0.1:" + silent.getLocalPort()), f.summary());
    }

    @Test
    void aClosedPortIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Finding f = CheckResults.only(probe("http://127.0.0.1:" + port + "/"));
        // the site's own first hop refuses: a cause seen happening, not a symptom waiting for one
        assertEquals(CauseCode.PROXY_DOWN, f.cause());
        assertEquals(Layer.PROXY, f.layer());
        assertEquals(Basis.OBSERVED, f.basis());
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.summary().contains("connection refused"), f.summary());
    }

    @Test
    void aNameThatDoesNotResolveIsADnsSymptom() {
        Finding f = CheckResults.only(probe("https://site.invalid/"));
        assertEquals(Layer.DNS, f.layer());
        assertTrue(f.summary().contains("site.invalid does not resolve"), f.summary());
    }

    @Test
    void aFailingApplicationIsA500AtTheApplicationLayer() {
        Finding f = CheckResults.only(probe(base + "/wp500"));
        assertEquals(500, f.httpStatus());
        assertEquals(Layer.APPLICATION, f.layer());
    }

    @Test
    void aClientErrorIsNotAGatewayFailure() {
        CheckResult.Passed p = assertInstanceOf(CheckResult.Passed.class, probe(base + "/missing"));
        assertTrue(p.evidence().stream().anyMatch(e -> e.describe().contains("not a gateway failure")));
    }

    @Test
    void followsRedirectsOnTheSameHostOnly() {
        CheckResult.Passed same = assertInstanceOf(CheckResult.Passed.class, probe(base + "/hop"));
        List<Evidence.Probe> hops = same.evidence().stream().filter(Evidence.Probe.class::isInstance)
                .map(Evidence.Probe.class::cast).toList();
        assertEquals(List.of(301, 200), hops.stream().map(Evidence.Probe::status).toList());

        // The resolver refuses every name: following the redirect to elsewhere.example would fail loudly.
        CheckResult.Passed other = assertInstanceOf(CheckResult.Passed.class, probe(base + "/away"));
        assertEquals(1, other.evidence().stream().filter(Evidence.Probe.class::isInstance).count());
        assertTrue(other.evidence().stream().anyMatch(e -> e.describe().contains("another host (elsewhere.example)")));
    }

    @Test
    void neverLeaksASecretFromTheUrl() {
        CheckResult r = probe(base + "/nginx502?token=CANARY-123&page=2");
        String json = DiagnosisJson.writeValue(r);
        assertFalse(json.contains("CANARY-123"), json);
        assertTrue(json.contains("token=[REDACTED]"), json);
    }

    @Test
    void readsAtMost64KiBOfABody() {
        HttpProber prober = new HttpProber(NO_DNS, (SSLSocketFactory) SSLSocketFactory.getDefault(), "test");
        long start = System.nanoTime();
        List<HttpProber.Outcome> hops = prober.visit(URI.create(base + "/big"),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(5)).hops();
        HttpProber.Response r = assertInstanceOf(HttpProber.Response.class, hops.get(0));
        assertEquals(HttpProber.MAX_BODY, r.body().length);
        assertFalse(r.bodyComplete());
        assertTrue(r.bodyText().startsWith("0123456789abcdef0123"), "chunked encoding is decoded");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
    }

    @Test
    void somethingThatIsNotHttpIsReportedAsSuch() throws Exception {
        try (ServerSocket ssh = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = ssh.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    Thread.sleep(500);
                } catch (IOException | InterruptedException e) {
                    // the probe hung up
                }
            });
            t.setDaemon(true);
            t.start();
            Finding f = CheckResults.only(probe("http://127.0.0.1:" + ssh.getLocalPort() + "/"));
            assertTrue(f.summary().contains("does not answer in HTTP"), f.summary());
            assertTrue(f.summary().contains("SSH-2.0-OpenSSH"), f.summary());
        }
    }

    @Test
    void httpsToAPlainHttpPortIsAHandshakeFailure() throws Exception {
        // Like nginx on a plain-HTTP port: the TLS ClientHello is a bad request, answered in plain HTTP.
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the probe hung up
                }
            });
            t.setDaemon(true);
            t.start();
            Finding f = CheckResults.only(probe("https://127.0.0.1:" + plain.getLocalPort() + "/"));
            assertEquals(CauseCode.TLS_HANDSHAKE_FAILURE, f.cause());
            assertEquals(Layer.TLS, f.layer());
            assertTrue(f.summary().contains("does not speak TLS"), f.summary());
        }
    }

    @Test
    void behavesLikeAGoodCheckThroughTheEngineAgainstAStallingServer() {
        try (StallingServer stalling = StallingServer.start()) {
            CheckTester.of(new HttpProbeCheck())
                    .assertDescribesItselfProperly()
                    .withUrl("http://127.0.0.1:" + stalling.port() + "/?token=CANARY-5e7c2a")
                    .assertRespectsDeadline(Duration.ofSeconds(1))
                    .assertNoSecretsLeak("CANARY-5e7c2a")
                    .assertValidAgainstSchema();
        }
        CheckTester.of(new HttpProbeCheck())
                .withUrl(base + "/nginx502?session=CANARY-0b1d4e")
                .run()
                .assertCompleted()
                .assertNoSecretsLeak("CANARY-0b1d4e")
                .assertValidAgainstSchema();
    }

    @Test
    void neverResolvesNamesOutsideTheTestsResolver() {
        HttpProber prober = new HttpProber(host -> {
            fail("no name may be resolved, got " + host);
            return new InetAddress[0];
        }, (SSLSocketFactory) SSLSocketFactory.getDefault(), "test");
        HttpProber.Outcome o = prober.visit(URI.create(base + "/ok"), System.nanoTime() + TimeUnit.SECONDS.toNanos(5)).hops().get(0);
        assertEquals(200, assertInstanceOf(HttpProber.Response.class, o).status());
    }
}
