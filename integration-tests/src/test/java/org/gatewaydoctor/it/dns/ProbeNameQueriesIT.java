package org.gatewaydoctor.it.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.Named;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.testkit.TestPki;
import org.junit.jupiter.api.Test;

/**
 * One diagnosis asks DNS once per name and family for the site's name, however many probe checks connect to it:
 * a real BIND 9 on 127.0.0.1 serves {@code shop.example.test}, nginx serves it over TLS on 127.0.0.1, and the
 * diagnosis's {@code --dns-server} is a relay on 127.0.0.1 that passes every question to BIND and writes down
 * what was asked. The DNS checks, which ask about the name themselves (and more), are left out: what is counted
 * is what the probe checks ({@code http.probe}, {@code tls}, the samples, the dynamic page, the edge origin) ask
 * through the DNS module's {@code NameResolver}.
 */
class ProbeNameQueriesIT {

    static final String SITE = "shop.example.test";
    static final List<String> PROBES = List.of("http.probe", "http.tls", "http.samples", "http.dynamic-page",
            "http.edge-origin");

    @Test
    void theProbeChecksOfOneDiagnosisAskTheSiteNameOncePerFamily() throws Exception {
        try (Stack stack = Stack.create("dns-probe-queries")) {
            Named named = Named.start(stack, "example.test", Named.zoneFile(1, 60, "shop IN A 127.0.0.1"));
            TestPki certs = TestPki.create(stack.mkdirs("tls"));
            Instant now = Instant.now();
            certs.leaf("shop", "DNS:" + SITE + ",IP:127.0.0.1", now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(60)), false);
            stack.write("www/index.html", "<html><body>shop</body></html>\n");
            int port = Ports.free();
            Nginx.start(stack, Nginx.config(stack, """
                    server {
                        listen 127.0.0.1:%d ssl;
                        server_name %s;
                        ssl_certificate %s;
                        ssl_certificate_key %s;
                        root %s;
                    }
                    """.formatted(port, SITE, certs.file("shop.chain.crt"), certs.file("shop.key"),
                    stack.path("www"))), port);
            try (Relay relay = new Relay(named.port())) {
                Target target = Target.builder().url(URI.create("https://" + SITE + ":" + port + "/"))
                        .zone(ZoneId.systemDefault()).option("dns.servers", "127.0.0.1:" + relay.port())
                        .option("http.ca-file", certs.root().toString())
                        .option("http.origin", "127.0.0.1:" + port)
                        .option("http.samples", "3").option("http.interval", "100ms").build();
                Diagnosis d = Diagnose.runWithout(target, "dns.*");
                String ran = d.checks().stream().filter(c -> PROBES.contains(c.checkId()))
                        .map(c -> c.checkId() + "=" + c.getClass().getSimpleName()).sorted()
                        .collect(Collectors.joining(", "));
                // every probe connected (none was skipped, errored or not applicable): each needed the address
                for (String probe : PROBES) {
                    CheckReport r = d.report(probe).orElseThrow(() -> new AssertionError(probe + " did not run: "
                            + Diagnose.explain(d)));
                    assertTrue(r instanceof CheckReport.Completed c
                            && !(c.result() instanceof org.gatewaydoctor.spi.CheckResult.NotApplicable),
                            probe + " did not connect: " + ran + "\n" + Diagnose.explain(d));
                }
                assertTrue(Diagnose.explain(d).contains(SITE + " as this probe resolved it: 127.0.0.1 (TTL 60 s) from "
                        + "resolver 127.0.0.1:" + relay.port() + " (--dns-server)"), Diagnose.explain(d));
                assertEquals(Map.of("A " + SITE, 1L, "AAAA " + SITE, 1L), relay.asked(SITE), relay.log.toString());
            }
        }
    }

    /**
     * A DNS relay on 127.0.0.1 (UDP): every question goes to the name server on {@code upstream} (127.0.0.1), its
     * answer back to the asker; each question is written down as {@code TYPE NAME}.
     */
    static final class Relay implements AutoCloseable {
        private final DatagramSocket socket;
        private final int upstream;
        final List<String> log = new CopyOnWriteArrayList<>();

        Relay(int upstream) throws SocketException {
            this.upstream = upstream;
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(this::serve, "dns-relay");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** The questions about {@code host}, counted by {@code TYPE NAME}. */
        Map<String, Long> asked(String host) {
            return log.stream().filter(q -> q.endsWith(" " + host))
                    .collect(Collectors.groupingBy(q -> q, TreeMap::new, Collectors.counting()));
        }

        private void serve() {
            byte[] buf = new byte[4096];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return; // closed
                }
                byte[] query = java.util.Arrays.copyOf(p.getData(), p.getLength());
                log.add(question(query));
                InetSocketAddress asker = (InetSocketAddress) p.getSocketAddress();
                Thread t = new Thread(() -> forward(query, asker), "dns-relay-forward");
                t.setDaemon(true);
                t.start();
            }
        }

        private void forward(byte[] query, InetSocketAddress asker) {
            try (DatagramSocket out = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                out.setSoTimeout(5000);
                out.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), upstream));
                byte[] buf = new byte[4096];
                DatagramPacket answer = new DatagramPacket(buf, buf.length);
                out.receive(answer);
                socket.send(new DatagramPacket(answer.getData(), answer.getLength(), asker));
            } catch (SocketTimeoutException e) {
                // the asker times out as it would with a silent server
            } catch (IOException e) {
                // closed
            }
        }

        /** {@code TYPE NAME} of a query's first question (A, AAAA, or the type's number). */
        static String question(byte[] q) {
            StringBuilder name = new StringBuilder();
            int i = 12;
            while (i < q.length && q[i] != 0) {
                int len = q[i] & 0xff;
                if (name.length() > 0) {
                    name.append('.');
                }
                name.append(new String(q, i + 1, Math.min(len, q.length - i - 1), StandardCharsets.US_ASCII));
                i += len + 1;
            }
            int type = i + 2 < q.length ? ((q[i + 1] & 0xff) << 8) | (q[i + 2] & 0xff) : -1;
            String t = switch (type) {
                case 1 -> "A";
                case 28 -> "AAAA";
                default -> String.valueOf(type);
            };
            return t + " " + name.toString().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
