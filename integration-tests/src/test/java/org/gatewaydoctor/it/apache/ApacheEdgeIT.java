package org.gatewaydoctor.it.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
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
 * Apache (mod_proxy_http) as the edge in front of an origin that closes connections without an answer, or
 * goes down: Apache's own 502 "Proxy Error" and 503 pages, diagnosed from the URL and {@code --origin}.
 */
class ApacheEdgeIT {

    private static final String CHAIN = "Apache edge (mod_proxy_http) → origin (HTTP)";

    private static Diagnosis differential(URI url, int originPort) {
        return Diagnose.run(Target.builder().url(url).zone(ZoneId.systemDefault())
                .option(Origins.OPTION, "127.0.0.1:" + originPort).build());
    }

    @Test
    void anOriginThatClosesWithoutAnswerIsAnInvalidResponse() {
        try (Stack stack = Stack.create("apache-edge-closes"); RawBackend app = RawBackend.start()) {
            int port = Ports.free();
            Apache.start(stack, Apache.config(stack, port, "ProxyPass / http://127.0.0.1:%d/\n".formatted(app.port())),
                    port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            app.behave(RawBackend.Behaviour.closeWithoutResponse());
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            assertTrue(broken.body().contains("Proxy Error"), broken.body());

            Diagnosis d = differential(url, app.port());
            assertEquals(CauseCode.EDGE_ORIGIN_INVALID_RESPONSE, Diagnose.top(d), Diagnose.explain(d));
            assertEquals("apache", d.attribution().orElseThrow().vendor(), Diagnose.explain(d));
            FaultTable.record(FaultTable.Row.of("apache-edge-origin-closes", CHAIN, "origin closes every connection "
                    + "without an answer; --origin given", broken.status(), null,
                    CauseCode.EDGE_ORIGIN_INVALID_RESPONSE, "origin 127.0.0.1:… closed the connection without "
                    + "answering", "live, URL and --origin only"));
        }
    }

    @Test
    void anOriginThatIsDownIsUnreachable() {
        try (Stack stack = Stack.create("apache-edge-down"); RawBackend app = RawBackend.start()) {
            int port = Ports.free();
            Apache.start(stack, Apache.config(stack, port, "ProxyPass / http://127.0.0.1:%d/\n".formatted(app.port())),
                    port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            int originPort = app.port();
            app.stop();
            Http.Response broken = Http.get(url);
            assertEquals(503, broken.status(), "Apache answers 503 when it cannot connect");

            Diagnosis d = differential(url, originPort);
            assertEquals(CauseCode.EDGE_ORIGIN_UNREACHABLE, Diagnose.top(d), Diagnose.explain(d));
            FaultTable.record(FaultTable.Row.of("apache-edge-origin-down", CHAIN, "origin stopped (nothing listens); "
                    + "--origin given", broken.status(), null, CauseCode.EDGE_ORIGIN_UNREACHABLE,
                    "origin 127.0.0.1:… refused the connection", "live, URL and --origin only"));
        }
    }
}
