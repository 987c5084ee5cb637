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
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydoctor.checks.http.internal.SiteResolver;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.NameResolver;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code http.probe} connects where the diagnosis's resolver sends the site's name: it calls the
 * {@link NameResolver} on the path itself (checks-dns provides one: resolv.conf or {@code --dns-server}) under its
 * own deadline, waiting for no other check; without one, the JVM's resolver. Here a server on 127.0.0.1, providers
 * given directly, and a JVM resolver that fails every name and records being asked.
 */
class ProbeSiteAddressesIT {

    private static final Duration BUDGET = Duration.ofSeconds(3);
    private static final String RESOLVER = "resolver 127.0.0.1:5300 (--dns-server)";
    private static final String SITE = "shop.example.test";

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

    private final AtomicReference<Instant> askedUntil = new AtomicReference<>();
    private final AtomicReference<Target> askedFor = new AtomicReference<>();

    private NameResolver answering(NameResolver.Status status, String answer, String... addresses) {
        return (host, target, deadline) -> {
            askedUntil.set(deadline);
            askedFor.set(target);
            List<InetAddress> list = new java.util.ArrayList<>();
            for (String a : addresses) {
                try {
                    list.add(InetAddress.getByName(a));
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
            return new NameResolver.Answer(host, status, list, RESOLVER, answer);
        };
    }

    private org.gatewaydoctor.testkit.TestCheckContext context() {
        return TestCheckContext.builder().url("http://" + SITE + ":" + server.getLocalPort() + "/").timeout(BUDGET)
                .build();
    }

    private CheckResult probe(SiteResolver.Discovered provider) {
        return probe(provider, context());
    }

    private CheckResult probe(SiteResolver.Discovered provider, org.gatewaydoctor.testkit.TestCheckContext ctx) {
        return new HttpProbeCheck(jvm, (SSLSocketFactory) SSLSocketFactory.getDefault(), recording, () -> provider)
                .run(ctx);
    }

    @Test
    void doesNotWaitForTheDnsChecks() {
        assertEquals(java.util.Set.of(), new HttpProbeCheck().runsAfter());
        assertEquals(java.util.Set.of(), new HttpProbeCheck().dependsOn());
    }

    @Test
    void connectsToTheAddressTheProviderGaveAndSaysWhoGaveIt() {
        org.gatewaydoctor.testkit.TestCheckContext ctx = context();
        CheckResult r = probe(SiteResolver.Discovered.of(answering(NameResolver.Status.RESOLVED, "127.0.0.1 (TTL 60 s)",
                "127.0.0.1")), ctx);
        CheckResult.Passed p = assertInstanceOf(CheckResult.Passed.class, r);
        assertEquals(List.of(), jvmAsked);
        assertEquals(List.of("127.0.0.1:" + server.getLocalPort()), connected);
        assertTrue(p.evidence().stream().anyMatch(e -> e.describe().equals(SITE + " as this probe resolved "
                + "it: 127.0.0.1 (TTL 60 s) from " + RESOLVER)), p.evidence().toString());
        // the provider is asked with the diagnosis's target, and must answer within the probe's own deadline
        assertEquals(ctx.target(), askedFor.get());
        assertTrue(!askedUntil.get().isAfter(ctx.deadline()), askedUntil.get() + " after " + ctx.deadline());
    }

    @Test
    void aNameTheProviderCallsNxdomainIsADnsFailureWithoutAnyConnection() {
        CheckResult r = probe(SiteResolver.Discovered.of(answering(NameResolver.Status.NXDOMAIN, "NXDOMAIN")));
        Finding f = CheckResults.only(r);
        assertEquals(Layer.DNS, f.layer());
        // under the DNS checks' code, so the ranking merges what the visitor's request did into their cause
        assertEquals(org.gatewaydoctor.model.CauseCode.DNS_NXDOMAIN, f.cause());
        assertEquals("The visitor's request to " + SITE + " never started: the name does not resolve (NXDOMAIN from "
                + RESOLVER + "), so no connection was made", f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().contains("the name " + SITE + " does not "
                + "resolve (NXDOMAIN from " + RESOLVER + ")")), f.evidence().toString());
        assertEquals(List.of(), jvmAsked);
        assertEquals(List.of(), connected);
    }

    @Test
    void withoutAProviderTheJvmResolverIsAsked() {
        CheckResults.only(probe(SiteResolver.Discovered.NONE));
        assertTrue(!jvmAsked.isEmpty() && jvmAsked.stream().allMatch(SITE::equals), jvmAsked.toString());
        assertEquals(List.of(), connected);
    }

    @Test
    void aProviderThatThrowsLeavesTheNameToTheJvmResolver() {
        NameResolver broken = (host, target, deadline) -> {
            throw new IllegalStateException("broken provider");
        };
        CheckResults.only(probe(SiteResolver.Discovered.of(broken)));
        assertTrue(!jvmAsked.isEmpty() && jvmAsked.stream().allMatch(SITE::equals), jvmAsked.toString());
    }

    @Test
    void aProviderThatNeverAnswersIsCutByTheProbesDeadline() {
        NameResolver silent = (host, target, deadline) -> {
            Thread.sleep(60_000);
            throw new AssertionError("not reached");
        };
        org.gatewaydoctor.testkit.TestCheckContext ctx = context();
        CheckResult r = probe(SiteResolver.Discovered.of(silent), ctx);
        Finding f = CheckResults.only(r);
        assertEquals(Layer.DNS, f.layer());
        assertTrue(f.summary().startsWith("Resolving " + SITE + " took longer than"), f.summary());
        assertEquals(List.of(), connected);
    }

    @Test
    void refusedWhereTheNameLeadsWhileNginxServesItElsewhereIsAWrongAddressBesideTheRefusal(@org.junit.jupiter.api.io.TempDir
                                                                                             java.nio.file.Path dir)
            throws IOException {
        int port = server.getLocalPort();
        java.nio.file.Path conf = nginxServingTheSite(dir, port);
        TestCheckContext ctx = TestCheckContext.builder()
                .url("http://" + SITE + ":" + port + "/").config(Target.CONFIG_NGINX, conf).timeout(BUDGET).build();
        CheckResult r = probe(SiteResolver.Discovered.of(answering(NameResolver.Status.RESOLVED, "127.0.0.2 (TTL 60 s)",
                "127.0.0.2")), ctx);
        CheckResult.Findings f = assertInstanceOf(CheckResult.Findings.class, r);
        assertEquals(List.of("127.0.0.2:" + port), connected);
        assertEquals(List.of(org.gatewaydoctor.model.CauseCode.PROXY_DOWN, org.gatewaydoctor.model.CauseCode.DNS_WRONG_ADDRESS),
                f.findings().stream().map(Finding::cause).toList());
        Finding wrong = f.findings().get(1);
        assertEquals("The visitor's connection went where " + SITE + " resolves, 127.0.0.2:" + port + " (127.0.0.2 "
                + "(TTL 60 s) from " + RESOLVER + "), and was refused; this machine serves " + SITE + " on 127.0.0.1:"
                + port + " (nginx, " + conf + ":4)", wrong.summary());
    }

    @Test
    void refusedWhereTheConfigurationsListenIsTheServerDownNotDns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        int port = server.getLocalPort();
        server.close(); // nginx "listens" on 127.0.0.1:port by its configuration, but nothing runs there
        java.nio.file.Path conf = nginxServingTheSite(dir, port);
        TestCheckContext ctx = TestCheckContext.builder()
                .url("http://" + SITE + ":" + port + "/").config(Target.CONFIG_NGINX, conf).timeout(BUDGET).build();
        CheckResult r = probe(SiteResolver.Discovered.of(answering(NameResolver.Status.RESOLVED, "127.0.0.1",
                "127.0.0.1")), ctx);
        assertEquals(org.gatewaydoctor.model.CauseCode.PROXY_DOWN, CheckResults.only(r).cause());
    }

    /** An nginx configuration whose one server serves {@link #SITE} on 127.0.0.1:{@code port} (line 4: listen). */
    private static java.nio.file.Path nginxServingTheSite(java.nio.file.Path dir, int port) throws IOException {
        return java.nio.file.Files.writeString(dir.resolve("nginx.conf"), """
                events {}
                http {
                    server {
                        listen 127.0.0.1:%d;
                        server_name shop.example.test;
                    }
                }
                """.formatted(port));
    }
}
