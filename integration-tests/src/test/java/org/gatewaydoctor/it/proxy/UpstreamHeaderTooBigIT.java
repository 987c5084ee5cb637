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

/** nginx with {@code proxy_buffer_size 4k} → an HTTP application that starts sending 16 KiB of response headers. */
class UpstreamHeaderTooBigIT {

    @Test
    void namesHeaderTooBigWhenResponseHeadersExceedTheProxyBuffer() {
        try (Stack stack = Stack.create("proxy-big-header"); Upstream app = Upstream.start()) {
            int port = Ports.free();
            Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, """
                    location / {
                        proxy_buffer_size 4k;
                        proxy_pass http://127.0.0.1:%d;
                    }
                    """.formatted(app.port()))), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + ProxyFault.errorLog(stack));

            app.sendHeaders(16 * 1024);
            int before = app.requests();
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            assertEquals(before + 1, app.requests(), "nginx reached the upstream once");

            String evidence = "upstream sent too big header while reading response header from upstream";
            ProxyFault.loggedLine(stack, evidence);
            Diagnosis offline = ProxyFault.offline(stack);
            ProxyFault.assertTopCites(offline, CauseCode.PROXY_HEADER_TOO_BIG, evidence);
            Diagnosis live = ProxyFault.live(stack, url, Map.of());
            ProxyFault.assertTopCites(live, CauseCode.PROXY_HEADER_TOO_BIG, evidence);
            FaultTable.record(FaultTable.Row.of("proxy-header-too-big", ProxyFault.CHAIN,
                    "HTTP upstream sends 16 KiB of response headers, proxy_buffer_size 4k", broken.status(),
                    CauseCode.PROXY_HEADER_TOO_BIG, CauseCode.PROXY_HEADER_TOO_BIG, evidence, ""));
        }
    }
}
