package org.gatewaydoctor.it.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import org.gatewaydoctor.checks.http.probe.Origins;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.RawBackend;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * HAProxy as the edge (a load balancer the site owner cannot read), in front of an origin that goes down
 * or becomes slower than {@code timeout server}: diagnosed from the URL and {@code --origin} alone.
 */
class HaproxyEdgeIT {

    private static final String CHAIN = "HAProxy edge → origin (HTTP)";

    private static Diagnosis differential(URI url, int originPort) {
        return Diagnose.run(Target.builder().url(url).zone(ZoneId.systemDefault())
                .option(Origins.OPTION, "127.0.0.1:" + originPort).build());
    }

    @Test
    void anOriginThatRefusesIsUnreachableFromTheEdge() {
        try (Stack stack = Stack.create("haproxy-edge-refused"); RawBackend app = RawBackend.start();
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"))) {
            int port = Ports.free();
            Haproxy.start(stack, Haproxy.config(syslog.port(), port, "", "", """
                    backend app
                        server app1 127.0.0.1:%d
                    """.formatted(app.port())), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            int originPort = app.port();
            app.stop();
            // a connection HAProxy kept alive to the old backend may still serve one last request
            org.gatewaydoctor.it.harness.Wait.until("HAProxy fails", Duration.ofSeconds(10),
                    () -> Http.get(url).status() != 200);
            Http.Response broken = Http.get(url);
            assertTrue(broken.status() == 503 || broken.status() == 502, "HAProxy answered " + broken.status());

            Diagnosis d = differential(url, originPort);
            assertEquals(CauseCode.EDGE_ORIGIN_UNREACHABLE, Diagnose.top(d), Diagnose.explain(d));
            assertTrue(Diagnose.explain(d).contains("127.0.0.1:" + originPort + " refused the connection"),
                    Diagnose.explain(d));
            FaultTable.record(FaultTable.Row.of("haproxy-edge-origin-refused", CHAIN, "origin stopped (nothing "
                    + "listens); --origin given", broken.status(), null, CauseCode.EDGE_ORIGIN_UNREACHABLE,
                    "origin 127.0.0.1:… refused the connection", "live, URL and --origin only"));
        }
    }

    @Test
    void anOriginSlowerThanTimeoutServerIsAnOriginTimeout() {
        try (Stack stack = Stack.create("haproxy-edge-slow"); RawBackend app = RawBackend.start();
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"))) {
            int port = Ports.free();
            Haproxy.start(stack, Haproxy.config(syslog.port(), port, "", "timeout server 1s", """
                    backend app
                        server app1 127.0.0.1:%d
                    """.formatted(app.port())), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            app.behave(RawBackend.Behaviour.slow(Duration.ofSeconds(3)));
            Http.Response broken = Http.get(url, Duration.ofSeconds(10));
            assertEquals(504, broken.status());

            Diagnosis d = differential(url, app.port());
            assertEquals(CauseCode.EDGE_ORIGIN_TIMEOUT, Diagnose.top(d), Diagnose.explain(d));
            FaultTable.record(FaultTable.Row.of("haproxy-edge-origin-slow", CHAIN, "timeout server 1 s, origin "
                    + "answers after 3 s; --origin given", broken.status(), null, CauseCode.EDGE_ORIGIN_TIMEOUT,
                    "edge 504; origin 127.0.0.1:… answers 200 in ~3000 ms", "live, URL and --origin only"));
        }
    }
}
