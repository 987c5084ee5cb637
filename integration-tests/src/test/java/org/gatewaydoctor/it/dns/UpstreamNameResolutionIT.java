package org.gatewaydoctor.it.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Named;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * nginx proxies to {@code app.example.test}, a name it resolves per request ({@code proxy_pass} with a
 * variable) through its {@code resolver}: a real BIND 9 on 127.0.0.1 serving {@code example.test}. Then the
 * name stops resolving: the record is deleted (NXDOMAIN), nginx's resolver refuses the name, fails on it
 * (SERVFAIL), or stops answering. nginx answers
 * 502 and logs why; offline, the log line names {@code proxy.upstream_dns_failure}; live, {@code dns.names}
 * asks nginx's own resolver and adds what it answers now.
 */
class UpstreamNameResolutionIT {

    static final String CHAIN = "nginx (resolver) → HTTP upstream by name";
    static final String NAME = "app.example.test";

    @Test
    void deletedRecordGives502AndTheResolverNamesNxdomain() throws Exception {
        try (Stack stack = Stack.create("dns-upstream-nxdomain"); Backend app = new Backend()) {
            Named named = Named.start(stack, "example.test", Named.zoneFile(1, 1, "app IN A 127.0.0.1"));
            URI url = serve(stack, named.hostPort(), app.port(), null);
            assertEquals(200, Http.get(url).status(), stack.outputs() + errorLog(stack));

            named.reload(Named.zoneFile(2, 1), 2);
            // nginx keeps the old answer for the record's TTL (1 s); on a loaded machine the reload and the expiry
            // take longer, so ask until the new answer shows (at most 10 s)
            Http.Response broken = Http.get(url);
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (broken.status() != 502 && System.nanoTime() < until) {
                Thread.sleep(250);
                broken = Http.get(url);
            }
            Failure f = diagnosed(stack, url, broken, "3: Host not found", null);
            assertTrue(f.dns().startsWith("dns A/AAAA " + NAME + " @" + named.hostPort() + " (nginx resolver ("
                    + Nginx.configFile(stack) + ":"), f.dns());
            assertTrue(f.dns().contains(" -> NXDOMAIN (negative answer cached 1 s)"), f.dns());
            f.record("dns-upstream-nxdomain", "the upstream's A record deleted from nginx's resolver (NXDOMAIN)", "");
        }
    }

    @Test
    void silentResolverGives502AfterResolverTimeoutAndTheCheckNamesTheSilence() throws Exception {
        try (Stack stack = Stack.create("dns-upstream-resolver-silent"); Backend app = new Backend();
             DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            URI url = serve(stack, "127.0.0.1:" + silent.getLocalPort(), app.port(), null);
            Failure f = diagnosed(stack, url, Http.get(url, Duration.ofSeconds(15)), "110: Operation timed out", null);
            assertTrue(f.dns().contains("-> no reply within"), f.dns());
            f.record("dns-upstream-resolver-silent", "nginx's resolver never answers (resolver_timeout 1s)", "");
        }
    }

    @Test
    void resolverThatRefusesGives502AndTheCheckNamesTheRefusal() throws Exception {
        try (Stack stack = Stack.create("dns-upstream-resolver-refuses"); Backend app = new Backend()) {
            // a name server that does not serve example.test and offers no recursion: REFUSED, as a
            // resolver with an allow-recursion list answers hosts outside it
            Named named = Named.start(stack, "other.test", Named.zoneFile(1, 1, "www IN A 127.0.0.1"));
            URI url = serve(stack, named.hostPort(), app.port(), null);
            Failure f = diagnosed(stack, url, Http.get(url, Duration.ofSeconds(15)), "5: Operation refused", null);
            assertTrue(f.dns().contains("-> REFUSED (the server offers no recursion: it is not a resolver for this name)"),
                    f.dns());
            f.record("dns-upstream-resolver-refuses", "nginx's resolver refuses the name (no recursion for it)", "");
        }
    }

    @Test
    void secondaryThatNeverGotTheZoneGives502AndTheCheckNamesServfail() throws Exception {
        try (Stack stack = Stack.create("dns-upstream-servfail"); Backend app = new Backend()) {
            // nginx's resolver is a secondary for example.test whose primary never answered (nothing listens on
            // its port): BIND answers SERVFAIL for a zone it has not loaded
            int deadPrimary = Ports.free();
            Named named = Named.start(stack, "other.test", Named.zoneFile(1, 1, "www IN A 127.0.0.1"),
                    "zone \"example.test\" { type secondary; primaries { 127.0.0.1 port " + deadPrimary + "; }; "
                            + "file \"" + stack.path("named") + "/example.test.secondary\"; };");
            URI url = serve(stack, named.hostPort(), app.port(), null);
            Failure f = diagnosed(stack, url, Http.get(url, Duration.ofSeconds(15)), "2: Server failure", null);
            assertTrue(f.dns().contains("-> SERVFAIL"), f.dns());
            f.record("dns-upstream-servfail", "nginx's resolver is a secondary that never got the zone (SERVFAIL)", "");
        }
    }

    /**
     * nginx reads {@code resolver dns.test:PORT} as a host name and resolves it once, at start (getaddrinfo: the
     * hosts file first). On Debian {@code localhost} also maps to {@code ::1}, so {@code resolver localhost:PORT}
     * sends half of nginx's questions to an address where the DNS server (bound to 127.0.0.1) is not; the loopback
     * rule of these tests forbids {@code ::1}, so the same mistake is made with a hosts entry that leads the
     * resolver's name to 127.0.0.3, where nothing listens. nginx runs in its own mount namespace with that hosts
     * file over /etc/hosts; the diagnosis is given the same file ({@code dns.hosts}), as both read /etc/hosts on a
     * real machine.
     */
    @Test
    void resolverWrittenAsANameThatLeadsWhereNoDnsServerListensGives502AndTheDiagnosisNamesNameAddressAndSilence()
            throws Exception {
        try (Stack stack = Stack.create("dns-upstream-resolver-name-elsewhere"); Backend app = new Backend()) {
            Named named = Named.start(stack, "example.test", Named.zoneFile(1, 1, "app IN A 127.0.0.1"));
            java.nio.file.Path hosts = stack.write("hosts", "127.0.0.1 localhost\n127.0.0.3 dns.test\n");
            URI url = serve(stack, "dns.test:" + named.port(), app.port(), hosts);
            Failure f = diagnosed(stack, url, Http.get(url, Duration.ofSeconds(15)), "110: Operation timed out", hosts);
            // the resolver's name, the address it led to (and from where), and what that address answers
            assertTrue(f.dns().startsWith("dns A/AAAA " + NAME + " @127.0.0.3:" + named.port() + " (nginx resolver "
                    + "dns.test = 127.0.0.3 as resolved from " + hosts + " (" + Nginx.configFile(stack) + ":"), f.dns());
            assertTrue(f.dns().contains("-> no reply within") || f.dns().contains("unreachable"), f.dns());
            f.record("dns-upstream-resolver-name-elsewhere", "nginx's resolver is written as a host name (resolver "
                    + "dns.test:PORT) that the hosts file leads to 127.0.0.3, where no DNS server listens (as localhost → "
                    + "::1 does on Debian)", "live: the DNS probe @127.0.0.3 names dns.test and the hosts file");
        }
    }

    @Test
    void resolverWrittenAsANameIsAskedWhereItLeadsAndItsNxdomainIsNamed() throws Exception {
        try (Stack stack = Stack.create("dns-upstream-resolver-name-nxdomain"); Backend app = new Backend()) {
            Named named = Named.start(stack, "example.test", Named.zoneFile(1, 1, "www IN A 127.0.0.1"));
            java.nio.file.Path hosts = stack.write("hosts", "127.0.0.1 localhost dns.test\n");
            URI url = serve(stack, "dns.test:" + named.port(), app.port(), hosts);
            Failure f = diagnosed(stack, url, Http.get(url, Duration.ofSeconds(15)), "3: Host not found", hosts);
            assertTrue(f.dns().startsWith("dns A/AAAA " + NAME + " @127.0.0.1:" + named.port() + " (nginx resolver "
                    + "dns.test = 127.0.0.1 as resolved from " + hosts + " ("), f.dns());
            assertTrue(f.dns().contains(" -> NXDOMAIN"), f.dns());
            f.record("dns-upstream-resolver-name-nxdomain", "nginx's resolver written as a host name (resolver "
                    + "dns.test:PORT, found in the hosts file); the upstream's record is missing there (NXDOMAIN)",
                    "live: the DNS probe names dns.test, 127.0.0.1 and NXDOMAIN");
        }
    }

    /**
     * Starts nginx as {@link Nginx#start} does, in a mount namespace of its own where {@code hosts} is /etc/hosts:
     * what nginx resolves at start (a resolver written as a name) follows the test's file, and nothing of the
     * machine's own files changes.
     */
    private static void startWithHosts(Stack stack, String config, int port, java.nio.file.Path hosts) {
        stack.mkdirs("nginx/tmp");
        java.nio.file.Path conf = stack.write("nginx/nginx.conf", config);
        stack.start("nginx", java.util.List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hosts.toString(), Nginx.BINARY, "-e",
                stack.logs().resolve("nginx-error.log").toString(), "-p", stack.path("nginx").toString(), "-c",
                conf.toString(), "-g", "daemon off;"));
        Wait.until("nginx on port " + port + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> Wait.listening(port));
    }

    /** What one fault showed: nginx's answer, the line it logged, and the live diagnosis's DNS probe. */
    private record Failure(Http.Response broken, String evidence, String dns) {
        /** Records the fault's row: both diagnoses name proxy.upstream_dns_failure, citing {@link #evidence}. */
        void record(String id, String fault, String note) {
            FaultTable.record(FaultTable.Row.of(id, CHAIN, fault, broken.status(),
                    CauseCode.PROXY_UPSTREAM_DNS_FAILURE, CauseCode.PROXY_UPSTREAM_DNS_FAILURE, evidence, note));
        }
    }

    /**
     * The steps every fault here takes: nginx answered {@code broken} (502 asserted) and logged
     * {@code NAME could not be resolved (reason)}; the offline diagnosis and the live one (given {@code hosts} as
     * {@code dns.hosts} when not null) both rank proxy.upstream_dns_failure first, citing that line.
     */
    private static Failure diagnosed(Stack stack, URI url, Http.Response broken, String reason,
                                     java.nio.file.Path hosts) {
        assertEquals(502, broken.status(), errorLog(stack));
        String evidence = NAME + " could not be resolved (" + reason + ")";
        loggedLine(stack, evidence);

        assertTopCites(Diagnose.offline(stack), CauseCode.PROXY_UPSTREAM_DNS_FAILURE, evidence);
        Target.Builder target = Target.builder().url(url).config(Target.CONFIG_NGINX, Nginx.configFile(stack))
                .zone(java.time.ZoneId.systemDefault());
        if (hosts != null) {
            target.option("dns.hosts", hosts.toString());
        }
        Diagnosis live = Diagnose.run(target.build());
        assertTopCites(live, CauseCode.PROXY_UPSTREAM_DNS_FAILURE, evidence);
        return new Failure(broken, evidence, dnsProbe(live));
    }

    /**
     * Starts nginx proxying to {@code upstream} by {@link #NAME} through {@code resolver} (in a mount namespace
     * where {@code hosts} is /etc/hosts, when not null); returns its URL.
     */
    private static URI serve(Stack stack, String resolver, int upstream, java.nio.file.Path hosts) {
        int port = Ports.free();
        if (hosts == null) {
            Nginx.start(stack, config(stack, port, resolver, upstream), port);
        } else {
            startWithHosts(stack, config(stack, port, resolver, upstream), port, hosts);
        }
        return Http.url(port, "/");
    }

    private static String config(Stack stack, int port, String resolver, int upstream) {
        return Nginx.config(stack, """
                resolver %s valid=1s ipv6=off;
                resolver_timeout 1s;
                """.formatted(resolver) + Nginx.server(stack, port, """
                location / {
                    proxy_pass http://%s:%d$request_uri;
                }
                """.formatted(NAME, upstream)));
    }

    /** The dns.names probe of the upstream name among the top cause's evidence. */
    private static String dnsProbe(Diagnosis d) {
        RankedCause top = d.causes().get(0);
        return top.evidence().stream().filter(e -> e instanceof Evidence.Probe p && p.protocol().equals("dns")
                && p.target().contains(NAME)).map(Evidence::describe).findFirst()
                .orElseThrow(() -> new AssertionError("no DNS probe of " + NAME + " in the top cause: "
                        + Diagnose.explain(d)));
    }

    private static void assertTopCites(Diagnosis d, CauseCode expected, String excerpt) {
        String json = Diagnose.explain(d);
        assertEquals(expected, Diagnose.top(d), json);
        assertTrue(d.causes().get(0).evidence().stream().anyMatch(e -> e instanceof Evidence.LogLine l
                && l.text().contains(excerpt)), "the top cause does not cite \"" + excerpt + "\": " + json);
    }

    private static String loggedLine(Stack stack, String excerpt) {
        Wait.until(excerpt + " in nginx-error.log\n" + errorLog(stack), Duration.ofSeconds(5),
                () -> errorLog(stack).contains(excerpt));
        return errorLog(stack).lines().filter(l -> l.contains(excerpt)).findFirst().orElseThrow();
    }

    private static String errorLog(Stack stack) {
        try {
            var log = stack.logs().resolve("nginx-error.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal HTTP server on 127.0.0.1 answering 200 to every request. */
    static final class Backend implements AutoCloseable {
        private final ServerSocket socket;

        Backend() throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(this::serve, "dns-it-backend");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(5000);
                    byte[] buf = new byte[8192];
                    int n = 0;
                    String head = "";
                    while (!head.contains("\r\n\r\n") && n < buf.length) {
                        int r = s.getInputStream().read(buf, n, buf.length - n);
                        if (r < 0) {
                            break;
                        }
                        n += r;
                        head = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    }
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // next connection
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
