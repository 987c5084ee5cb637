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

/** nginx → an HTTP application that starts closing connections after reading the request, answering nothing. */
class UpstreamClosesWithoutResponseIT {

    @Test
    void namesUpstreamClosedWhenTheUpstreamHangsUpBeforeAnswering() {
        try (Stack stack = Stack.create("proxy-closed"); Upstream app = Upstream.start()) {
            int port = Ports.free();
            Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, """
                    location / { proxy_pass http://127.0.0.1:%d; }
                    """.formatted(app.port()))), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + ProxyFault.errorLog(stack));

            app.closeWithoutResponse();
            int before = app.requests();
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            assertEquals(before + 1, app.requests(), "nginx reached the upstream once");

            String evidence = "upstream prematurely closed connection while reading response header from upstream";
            ProxyFault.loggedLine(stack, evidence);
            Diagnosis offline = ProxyFault.offline(stack);
            ProxyFault.assertTopCites(offline, CauseCode.PROXY_UPSTREAM_CLOSED, evidence);
            Diagnosis live = ProxyFault.live(stack, url, Map.of());
            ProxyFault.assertTopCites(live, CauseCode.PROXY_UPSTREAM_CLOSED, evidence);
            FaultTable.record(FaultTable.Row.of("proxy-upstream-closed", ProxyFault.CHAIN,
                    "HTTP upstream reads the request and closes without answering", broken.status(),
                    CauseCode.PROXY_UPSTREAM_CLOSED, CauseCode.PROXY_UPSTREAM_CLOSED, evidence, ""));
        }
    }
}
