package org.gatewaydoctor.it.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * nginx → an {@code upstream} group of two HTTP servers ({@code max_fails=1}), and both go away. The
 * first request fails on both and marks them down; later requests find no server to try.
 *
 * <p>The second test brings both servers back: nginx keeps answering 502 until {@code fail_timeout} passes.
 *
 * <p>A group of one server cannot show this: nginx never marks the only server of a group down
 * (its {@code max_fails} is ignored), it logs {@code connect() failed} on every request.
 */
class NoLiveUpstreamsIT {

    @Test
    void namesNoHealthyUpstreamWhenEveryServerOfTheGroupIsMarkedDown() {
        try (Stack stack = Stack.create("proxy-no-live"); Upstream a = Upstream.start(); Upstream b = Upstream.start()) {
            int port = Ports.free();
            Nginx.start(stack, Nginx.config(stack, """
                    upstream app {
                        server 127.0.0.1:%d max_fails=1 fail_timeout=60s;
                        server 127.0.0.1:%d max_fails=1 fail_timeout=60s;
                    }
                    """.formatted(a.port(), b.port()) + Nginx.server(stack, port, """
                    location / { proxy_pass http://app; }
                    """)), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + ProxyFault.errorLog(stack));
            assertEquals(200, Http.get(url).status(), stack.outputs() + ProxyFault.errorLog(stack));

            a.stop();
            b.stop();
            Http.Response first = Http.get(url);
            assertEquals(502, first.status());
            ProxyFault.loggedLine(stack, "upstream server temporarily disabled while connecting to upstream");
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());

            String evidence = "no live upstreams while connecting to upstream";
            ProxyFault.loggedLine(stack, evidence);
            // Offline, the log holds the refusals that got both servers marked down (the first request) beside
            // the "no live upstreams" of the second: the refusals are the deeper cause and rank first.
            Diagnosis offline = ProxyFault.offline(stack);
            ProxyFault.assertTopCites(offline, CauseCode.PROXY_UPSTREAM_REFUSED,
                    "connect() failed (111: Connection refused) while connecting to upstream");
            ProxyFault.assertSomeCauseCites(offline, evidence);
            Diagnosis live = ProxyFault.live(stack, url, Map.of());
            ProxyFault.assertTopCites(live, CauseCode.PROXY_NO_HEALTHY_UPSTREAM, evidence);
            FaultTable.record(FaultTable.Row.of("proxy-no-live-upstreams", ProxyFault.CHAIN,
                    "both servers of an upstream group (max_fails=1) stopped; second request", broken.status(),
                    CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PROXY_NO_HEALTHY_UPSTREAM, evidence,
                    "the log also holds the refusals that marked both servers down; they rank first"));
        }
    }

    @Test
    void namesNoHealthyUpstreamWhenNginxStillMarksRecoveredServersDown() {
        try (Stack stack = Stack.create("proxy-marked-down"); Upstream a = Upstream.start(); Upstream b = Upstream.start()) {
            int port = Ports.free();
            Nginx.start(stack, Nginx.config(stack, """
                    upstream app {
                        server 127.0.0.1:%d max_fails=1 fail_timeout=300s;
                        server 127.0.0.1:%d max_fails=1 fail_timeout=300s;
                    }
                    """.formatted(a.port(), b.port()) + Nginx.server(stack, port, """
                    location / { proxy_pass http://app; }
                    """)), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + ProxyFault.errorLog(stack));

            a.stop();
            b.stop();
            assertEquals(502, Http.get(url).status());
            try (Upstream a2 = Upstream.startOn(a.port()); Upstream b2 = Upstream.startOn(b.port())) {
                Http.Response broken = Http.get(url);
                assertEquals(502, broken.status());
                assertEquals(0, a2.requests() + b2.requests(), "nginx did not try the recovered servers");

                String evidence = "no live upstreams while connecting to upstream";
                ProxyFault.loggedLine(stack, evidence);
                // The log alone cannot tell that the servers are back: it shows them refusing, then none live.
                Diagnosis offline = ProxyFault.offline(stack);
                ProxyFault.assertTopCites(offline, CauseCode.PROXY_UPSTREAM_REFUSED,
                        "connect() failed (111: Connection refused) while connecting to upstream");
                ProxyFault.assertSomeCauseCites(offline, evidence);
                Diagnosis live = ProxyFault.live(stack, url, Map.of());
                ProxyFault.assertTopCites(live, CauseCode.PROXY_NO_HEALTHY_UPSTREAM, evidence);
                FaultTable.record(FaultTable.Row.of("proxy-upstreams-still-marked-down", ProxyFault.CHAIN,
                        "both servers of an upstream group failed once (max_fails=1) and came back; nginx keeps them "
                                + "marked down for fail_timeout", broken.status(), CauseCode.PROXY_UPSTREAM_REFUSED,
                        CauseCode.PROXY_NO_HEALTHY_UPSTREAM, evidence,
                        "the log alone cannot show that the servers are back"));
            }
        }
    }
}
