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

/** nginx → an HTTP application on 127.0.0.1, and the application goes away: nothing listens on its port. */
class UpstreamRefusedIT {

    @Test
    void namesUpstreamRefusedWhenNothingListensOnTheUpstreamPort() {
        try (Stack stack = Stack.create("proxy-refused"); Upstream app = Upstream.start()) {
            int port = Ports.free();
            Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, """
                    location / { proxy_pass http://127.0.0.1:%d; }
                    """.formatted(app.port()))), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + ProxyFault.errorLog(stack));

            app.stop();
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());

            String evidence = "connect() failed (111: Connection refused) while connecting to upstream";
            ProxyFault.loggedLine(stack, evidence);
            Diagnosis offline = ProxyFault.offline(stack);
            ProxyFault.assertTopCites(offline, CauseCode.PROXY_UPSTREAM_REFUSED, evidence);
            Diagnosis live = ProxyFault.live(stack, url, Map.of());
            ProxyFault.assertTopCites(live, CauseCode.PROXY_UPSTREAM_REFUSED, evidence);
            FaultTable.record(FaultTable.Row.of("proxy-upstream-refused", ProxyFault.CHAIN,
                    "HTTP upstream stopped (nothing listens on its port)", broken.status(), CauseCode.PROXY_UPSTREAM_REFUSED,
                    CauseCode.PROXY_UPSTREAM_REFUSED, evidence, ""));
        }
    }
}
