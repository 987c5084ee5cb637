package org.gatewaydoctor.it.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.RawBackend;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * Varnish as the edge in front of an origin on 127.0.0.1, and the origin fails in each way an edge
 * cannot hide: down (nothing listens), closing without an answer, slower than Varnish's
 * first_byte_timeout, and down while Varnish still holds a stale copy of the home page. Varnish answers
 * its genuine "503 Backend fetch failed" Guru Meditation page (or the stale copy); the diagnosis has only
 * the URL and {@code --origin}.
 */
class VarnishEdgeIT {

    static final String CHAIN = "Varnish → origin (HTTP)";

    private static String origin(int port) {
        return "127.0.0.1:" + port;
    }

    @Test
    void anOriginThatIsDownIsUnreachableFromTheEdge() {
        try (Stack stack = Stack.create("varnish-origin-down")) {
            int originPort = Ports.free();
            int edgePort = Ports.free();
            stack.write("www/index.html", "<html><body>home</body></html>\n");
            Server nginx = Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, originPort, "")), originPort);
            Varnish.start(stack, Varnish.vcl(originPort, Duration.ofSeconds(2), Duration.ZERO, Duration.ZERO), edgePort);
            URI url = Http.url(edgePort, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            nginx.kill();
            Wait.until("origin down", Duration.ofSeconds(10), () -> !Wait.listening(originPort));
            Http.Response broken = Http.get(url);
            assertEquals(503, broken.status());
            assertTrue(broken.body().contains("Guru Meditation"), broken.body());

            Diagnosis d = Edge.live(url, origin(originPort), null);
            Edge.top(d, CauseCode.EDGE_ORIGIN_UNREACHABLE);
            String evidence = "127.0.0.1:" + originPort + " refused the connection";
            Edge.cites(d, CauseCode.EDGE_ORIGIN_UNREACHABLE, evidence);
            assertEquals("varnish", d.attribution().orElseThrow().vendor(), "the live probe names who wrote the 503");
            FaultTable.record(FaultTable.Row.of("varnish-origin-down", CHAIN, "origin web server stopped (nothing "
                    + "listens); --origin given", broken.status(), null, CauseCode.EDGE_ORIGIN_UNREACHABLE,
                    "origin 127.0.0.1:… refused the connection; edge: 503 Backend fetch failed", "the edge's logs are "
                    + "not the site owner's: offline has nothing to read"));
        }
    }

    @Test
    void anOriginThatClosesWithoutAnAnswerIsAnInvalidResponse() {
        try (Stack stack = Stack.create("varnish-origin-closes"); RawBackend app = RawBackend.start()) {
            int edgePort = Ports.free();
            Varnish.start(stack, Varnish.vcl(app.port(), Duration.ofSeconds(2), Duration.ZERO, Duration.ZERO), edgePort);
            URI url = Http.url(edgePort, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            app.behave(RawBackend.Behaviour.closeWithoutResponse());
            Http.Response broken = Http.get(url);
            assertEquals(503, broken.status());

            Diagnosis d = Edge.live(url, origin(app.port()), null);
            Edge.top(d, CauseCode.EDGE_ORIGIN_INVALID_RESPONSE);
            Edge.cites(d, CauseCode.EDGE_ORIGIN_INVALID_RESPONSE, "closed the connection without answering");
            FaultTable.record(FaultTable.Row.of("varnish-origin-closes", CHAIN, "origin closes every connection "
                    + "without an answer; --origin given", broken.status(), null, CauseCode.EDGE_ORIGIN_INVALID_RESPONSE,
                    "origin 127.0.0.1:… closed the connection without answering", "live only"));
        }
    }

    @Test
    void anOriginSlowerThanTheEdgesTimeoutIsAnOriginTimeout() {
        try (Stack stack = Stack.create("varnish-origin-slow"); RawBackend app = RawBackend.start()) {
            int edgePort = Ports.free();
            Varnish.start(stack, Varnish.vcl(app.port(), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO), edgePort);
            URI url = Http.url(edgePort, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            app.behave(RawBackend.Behaviour.slow(Duration.ofSeconds(3)));
            Http.Response broken = Http.get(url, Duration.ofSeconds(10));
            assertEquals(503, broken.status());

            Diagnosis d = Edge.live(url, origin(app.port()), null);
            Edge.top(d, CauseCode.EDGE_ORIGIN_TIMEOUT);
            Edge.cites(d, CauseCode.EDGE_ORIGIN_TIMEOUT, "answers this request 200 in");
            FaultTable.record(FaultTable.Row.of("varnish-origin-slow", CHAIN, "first_byte_timeout 1 s, origin "
                    + "answers after 3 s; --origin given", broken.status(), null, CauseCode.EDGE_ORIGIN_TIMEOUT,
                    "edge 503 after ~1 s; origin 127.0.0.1:… answers 200 in ~3000 ms", "live only; Varnish says 503 "
                    + "for a timeout too"));
        }
    }

    @Test
    void aStaleCopyServedWhileTheOriginIsDownIsStaleCacheMasking() throws InterruptedException {
        try (Stack stack = Stack.create("varnish-stale"); RawBackend app = RawBackend.start()) {
            int edgePort = Ports.free();
            Varnish.start(stack, Varnish.vcl(app.port(), Duration.ofSeconds(2), Duration.ofSeconds(1),
                    Duration.ofHours(1)), edgePort);
            URI url = Http.url(edgePort, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            app.behave(RawBackend.Behaviour.closeWithoutResponse());
            Thread.sleep(2500); // past the 1 s TTL: from now on Varnish serves the copy in grace
            Http.Response stale = Http.get(url);
            assertEquals(200, stale.status(), "Varnish serves the stale copy");

            Diagnosis d = Edge.live(url, null, null);
            Edge.top(d, CauseCode.EDGE_STALE_CACHE_MASKING);
            Edge.cites(d, CauseCode.EDGE_STALE_CACHE_MASKING, "/wp-login.php, which no cache holds, answers 503");
            FaultTable.record(FaultTable.Row.of("varnish-stale-grace", CHAIN, "origin fails while Varnish serves the "
                    + "home page from grace (ttl 1 s, grace 1 h)", stale.status(), null,
                    CauseCode.EDGE_STALE_CACHE_MASKING, "home 200 (age, x-varnish: two ids); /wp-login.php 503",
                    "live only; the URL alone, no --origin"));
        }
    }
}
