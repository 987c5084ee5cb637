package org.gatewaydoctor.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocketFactory;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.SiteAddresses;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code http.probe} connects where the diagnosis's resolver ({@code dns.names}: resolv.conf or
 * {@code --dns-server}) sends the site's name, not where the JVM's resolver would: a server on 127.0.0.1,
 * a JVM resolver that fails every name.
 */
class ProbeSiteAddressesIT {

    private static final Duration BUDGET = Duration.ofSeconds(3);
    private static final String RESOLVER = "resolver 127.0.0.1:5300 (--dns-server)";

    private final List<String> jvmAsked = new CopyOnWriteArrayList<>();
    private final List<String> connected = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    private final HttpProber.Resolver jvm = host -> {
        jvmAsked.add(host);
        throw new UnknownHostException(host + ": the JVM's resolver must not be asked here");
    };
    private final HttpProber.Connector recording = (socket, to, timeout) -> {
        connected.add(to.getAddress().getHostAddress() + ":" + to.getPort());
        socket.connect(to, timeout);
    };

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    int state = 0;
                    while (state < 4) {
                        int c = in.read();
                        if (c < 0) {
                            break;
                        }
                        state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                                ? state + 1 : 0;
                    }
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // next
                }
            }
        }, "site-addresses-server");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private CheckResult probe(SiteAddresses fact) {
        TestCheckContext.Builder b = TestCheckContext.builder()
                .url("http://shop.example.test:" + server.getLocalPort() + "/").timeout(BUDGET);
        if (fact != null) {
            b.fact(Facts.SITE_ADDRESSES, fact);
        }
        return new HttpProbeCheck(jvm, (SSLSocketFactory) SSLSocketFactory.getDefault(), recording).run(b.build());
    }

    @Test
    void connectsToTheAddressTheDiagnosisResolverGaveAndSaysWhoGaveIt() throws IOException {
        CheckResult r = probe(new SiteAddresses("shop.example.test", List.of(InetAddress.getByName("127.0.0.1")),
                RESOLVER, "127.0.0.1 (TTL 60 s)"));
        CheckResult.Passed p = assertInstanceOf(CheckResult.Passed.class, r);
        assertEquals(List.of(), jvmAsked);
        assertEquals(List.of("127.0.0.1:" + server.getLocalPort()), connected);
        assertTrue(p.evidence().stream().anyMatch(e -> e.describe().equals("shop.example.test as this probe resolved "
                + "it: 127.0.0.1 (TTL 60 s) from " + RESOLVER + " (the resolver of dns.names)")), p.evidence().toString());
    }

    @Test
    void aNameTheDiagnosisResolverCallsNxdomainIsADnsFailureWithoutAnyConnection() {
        CheckResult r = probe(new SiteAddresses("SHOP.example.test.", List.of(), RESOLVER, "NXDOMAIN"));
        Finding f = CheckResults.only(r);
        assertEquals(Layer.DNS, f.layer());
        assertEquals("The site's name shop.example.test does not resolve from this machine", f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().contains("the name shop.example.test does not "
                + "resolve (NXDOMAIN from " + RESOLVER + ")")), f.evidence().toString());
        assertEquals(List.of(), jvmAsked);
        assertEquals(List.of(), connected);
    }

    @Test
    void anAnswerForAnotherNameLeavesTheSiteToTheJvmResolver() throws IOException {
        CheckResult r = probe(new SiteAddresses("other.example.test", List.of(InetAddress.getByName("127.0.0.1")),
                RESOLVER, "127.0.0.1"));
        Finding f = CheckResults.only(r);
        assertEquals(Layer.DNS, f.layer());
        assertTrue(!jvmAsked.isEmpty() && jvmAsked.stream().allMatch("shop.example.test"::equals), jvmAsked.toString());
        assertEquals(List.of(), connected);
    }

    @Test
    void withoutTheDnsChecksTheJvmResolverIsAsked() {
        CheckResults.only(probe(null));
        assertTrue(!jvmAsked.isEmpty() && jvmAsked.stream().allMatch("shop.example.test"::equals), jvmAsked.toString());
    }
}
