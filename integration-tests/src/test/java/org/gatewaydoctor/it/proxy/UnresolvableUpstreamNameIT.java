package org.gatewaydoctor.it.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * nginx → an HTTP upstream named in a variable ({@code proxy_pass http://$upstream_host}), and an
 * edit sets the variable to a host name while no {@code resolver} is configured. The name is
 * {@code backend.invalid} (RFC 2606) and nginx has no resolver, so no DNS query leaves the machine.
 */
class UnresolvableUpstreamNameIT {

    @Test
    void namesUpstreamDnsFailureWhenNoResolverCanResolveTheUpstreamName() {
        try (Stack stack = Stack.create("proxy-no-resolver"); Upstream app = Upstream.start()) {
            int port = Ports.free();
            Server nginx = Nginx.start(stack, config(stack, port, "127.0.0.1:" + app.port()), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + ProxyFault.errorLog(stack));

            ProxyFault.reload(stack, nginx, config(stack, port, "backend.invalid"));
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());

            String evidence = "no resolver defined to resolve backend.invalid";
            ProxyFault.loggedLine(stack, evidence);
            Diagnosis offline = ProxyFault.offline(stack);
            ProxyFault.assertTopCites(offline, CauseCode.PROXY_UPSTREAM_DNS_FAILURE, evidence);
            Diagnosis live = ProxyFault.live(stack, url, Map.of());
            ProxyFault.assertTopCites(live, CauseCode.PROXY_UPSTREAM_DNS_FAILURE, evidence);
            FaultTable.record(FaultTable.Row.of("proxy-upstream-name-unresolvable", ProxyFault.CHAIN,
                    "proxy_pass http://$upstream_host; set to backend.invalid, no resolver", broken.status(),
                    CauseCode.PROXY_UPSTREAM_DNS_FAILURE, CauseCode.PROXY_UPSTREAM_DNS_FAILURE, evidence, ""));
        }
    }

    private static String config(Stack stack, int port, String upstreamHost) {
        return Nginx.config(stack, Nginx.server(stack, port, """
                location / {
                    set $upstream_host %s;
                    proxy_pass http://$upstream_host;
                }
                """.formatted(upstreamHost)));
    }
}
