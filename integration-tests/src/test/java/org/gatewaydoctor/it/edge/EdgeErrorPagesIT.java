package org.gatewaydoctor.it.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gatewaydoctor.checks.http.edge.ErrorPageCheck;
import org.gatewaydoctor.it.apache.Apache;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.RawBackend;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each real proxy in front of each origin fault: the page it really writes, captured with
 * {@code curl -si}, then diagnosed offline from that file alone ({@code diagnose --response}).
 */
class EdgeErrorPagesIT {

    enum Proxy { NGINX, APACHE, HAPROXY, VARNISH }

    enum Fault { REFUSES, CLOSES, SLOW }

    private static final Map<String, int[]> TALLY = new TreeMap<>();

    static Stream<Arguments> proxiesAndFaults() {
        return Stream.of(
                // proxy, fault, status, vendor, hop, cause (null: the page alone names none)
                Arguments.of(Proxy.NGINX, Fault.REFUSES, 502, "nginx", "proxy", null),
                Arguments.of(Proxy.NGINX, Fault.CLOSES, 502, "nginx", "proxy", null),
                Arguments.of(Proxy.NGINX, Fault.SLOW, 504, "nginx", "proxy", "proxy.upstream_timeout"),
                Arguments.of(Proxy.APACHE, Fault.REFUSES, 503, "apache", "proxy", "proxy.upstream_refused"),
                Arguments.of(Proxy.APACHE, Fault.CLOSES, 502, "apache", "proxy", null),
                // mod_proxy_http answers a ProxyTimeout with the same 502 as a closed connection (mod_proxy_fcgi: 504)
                Arguments.of(Proxy.APACHE, Fault.SLOW, 502, "apache", "proxy", null),
                Arguments.of(Proxy.HAPROXY, Fault.REFUSES, 503, "haproxy", "load_balancer", null),
                Arguments.of(Proxy.HAPROXY, Fault.CLOSES, 502, "haproxy", "load_balancer", null),
                Arguments.of(Proxy.HAPROXY, Fault.SLOW, 504, "haproxy", "load_balancer", "proxy.upstream_timeout"),
                Arguments.of(Proxy.VARNISH, Fault.REFUSES, 503, "varnish", "proxy", null),
                Arguments.of(Proxy.VARNISH, Fault.CLOSES, 503, "varnish", "proxy", null),
                Arguments.of(Proxy.VARNISH, Fault.SLOW, 503, "varnish", "proxy", null));
    }

    @ParameterizedTest(name = "{0} in front of an origin that {1}")
    @MethodSource("proxiesAndFaults")
    void theProxysOwnPageIsAttributedToIt(Proxy proxy, Fault fault, int status, String vendor, String hop, String cause) {
        try (Stack stack = Stack.create("edge-" + proxy.name().toLowerCase() + "-" + fault.name().toLowerCase());
             RawBackend backend = RawBackend.start()) {
            int origin;
            switch (fault) {
                case REFUSES -> {
                    backend.stop();
                    origin = backend.port();
                }
                case CLOSES -> {
                    backend.behave(RawBackend.Behaviour.closeWithoutResponse());
                    origin = backend.port();
                }
                default -> {
                    backend.behave(RawBackend.Behaviour.slow(Duration.ofSeconds(6)));
                    origin = backend.port();
                }
            }
            int port = start(stack, proxy, origin);
            String capture = curl(port);
            Diagnosis d = diagnose(stack, capture);

            ErrorSource s = d.errorSource();
            record(proxy + " " + fault, s != null && vendor.equals(s.vendor()) && hop.equals(s.hop().id()));
            assertTrue(capture.startsWith("HTTP/1.1 " + status), capture);
            assertNotNull(s, Diagnose.explain(d));
            assertEquals(vendor, s.vendor(), capture + "\n" + Diagnose.explain(d));
            assertEquals(hop, s.hop().id());
            assertEquals(status, s.status());
            assertEquals(null, s.relayedBy(), capture);
            assertEquals(cause, Diagnose.top(d) == null ? null : Diagnose.top(d).value(), Diagnose.explain(d));
        }
    }

    @Test
    void varnishInFrontOfNginxPassesOnNginxsPageAndIsNamedAsTheRelay() {
        try (Stack stack = Stack.create("edge-varnish-nginx")) {
            int nginx = start(stack, Proxy.NGINX, Ports.free());
            int varnish = startVarnish(stack, nginx);
            String capture = curl(varnish);
            ErrorSource s = diagnose(stack, capture).errorSource();

            record("VARNISH relays NGINX", s != null && s.vendor().equals("nginx") && "varnish".equals(s.relayedBy()));
            assertTrue(capture.contains("X-Varnish:") && capture.contains("<center>nginx/"), capture);
            assertEquals("nginx", s.vendor(), capture);
            assertEquals("varnish", s.relayedBy(), capture);
        }
    }

    @Test
    void nginxInFrontOfVarnishPassesOnVarnishsPageAndIsNamedAsTheRelay() {
        try (Stack stack = Stack.create("edge-nginx-varnish")) {
            int varnish = startVarnish(stack, Ports.free());
            int nginx = start(stack, Proxy.NGINX, varnish);
            String capture = curl(nginx);
            ErrorSource s = diagnose(stack, capture).errorSource();

            record("NGINX relays VARNISH", s != null && s.vendor().equals("varnish") && "nginx".equals(s.relayedBy()));
            assertTrue(capture.contains("Server: nginx") && capture.contains("Guru Meditation"), capture);
            assertEquals("varnish", s.vendor(), capture);
            assertEquals("nginx", s.relayedBy(), capture);
        }
    }

    @AfterAll
    static void printAccuracy() {
        int ok = 0;
        for (Map.Entry<String, int[]> e : TALLY.entrySet()) {
            ok += e.getValue()[0];
        }
        System.out.println("real proxy error pages attributed correctly: " + ok + "/" + TALLY.size() + " " + TALLY.keySet());
    }

    static void record(String name, boolean right) {
        TALLY.put(name, new int[] {right ? 1 : 0});
    }

    /** The response as a user saves it: {@code curl -si}, loopback only. */
    static String curl(int port) {
        try {
            Process p = new ProcessBuilder("curl", "-si", "--max-time", "15", "http://127.0.0.1:" + port + "/")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("curl did not finish");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code gateway-doctor diagnose --response FILE}: the engine with the saved capture only. */
    static Diagnosis diagnose(Stack stack, String capture) {
        Path saved = stack.write("response.txt", capture);
        return Diagnose.run(Target.builder().option(ErrorPageCheck.OPTION, saved.toString()).build());
    }

    /** Starts {@code proxy} on a free port in front of 127.0.0.1:{@code origin}; 1 s upstream read timeouts. */
    static int start(Stack stack, Proxy proxy, int origin) {
        int port = Ports.free();
        switch (proxy) {
            case NGINX -> Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, """
                    location / {
                        proxy_pass http://127.0.0.1:%d;
                        proxy_read_timeout 1s;
                    }
                    """.formatted(origin))), port);
            case APACHE -> Apache.start(stack, Apache.config(stack, port, """
                    ProxyTimeout 1
                    ProxyPass / http://127.0.0.1:%d/
                    """.formatted(origin)), port);
            case HAPROXY -> {
                Path conf = stack.write("haproxy/haproxy.cfg", """
                        defaults
                            mode http
                            timeout connect 1s
                            timeout client 10s
                            timeout server 1s
                        frontend fe
                            bind 127.0.0.1:%d
                            default_backend app
                        backend app
                            server s1 127.0.0.1:%d
                        """.formatted(port, origin));
                stack.start("haproxy", List.of("/usr/sbin/haproxy", "-db", "-f", conf.toString()));
                Wait.until("HAProxy on " + port + "\n" + stack.outputs(), Duration.ofSeconds(20),
                        () -> Wait.listening(port));
            }
            default -> {
                return startVarnish(stack, origin);
            }
        }
        return port;
    }

    /** varnishd in the foreground with the built-in VCL, backend 127.0.0.1:{@code origin}, first byte timeout 1 s. */
    static int startVarnish(Stack stack, int origin) {
        int port = Ports.free();
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/varnishd", "-F", "-a", "127.0.0.1:" + port,
                "-b", "127.0.0.1:" + origin, "-n", stack.path("varnish-" + port).toString(), "-s", "malloc,16m",
                "-T", "none", "-p", "first_byte_timeout=1", "-p", "connect_timeout=1"));
        stack.start("varnishd-" + port, cmd);
        Wait.until("Varnish on " + port + "\n" + stack.outputs(), Duration.ofSeconds(30), () -> Wait.listening(port));
        return port;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
