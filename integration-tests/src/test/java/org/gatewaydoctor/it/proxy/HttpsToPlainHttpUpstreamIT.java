package org.gatewaydoctor.it.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.gatewaydoctor.it.harness.Diagnose;
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
 * nginx → a plain-HTTP upstream (a second nginx server block on 127.0.0.1), and an edit turns
 * {@code proxy_pass http://} into {@code https://}: nginx starts a TLS handshake with a server that
 * answers its ClientHello in plain HTTP.
 */
class HttpsToPlainHttpUpstreamIT {

    @Test
    void namesProtocolMismatchWhenProxyPassSpeaksHttpsToAPlainHttpPort() {
        try (Stack stack = Stack.create("proxy-https-to-http")) {
            int port = Ports.free();
            int backend = Ports.free();
            Server nginx = Nginx.start(stack, config(stack, port, backend, "http"), port);
            URI url = Http.url(port, "/");
            Http.Response healthy = Http.get(url);
            assertEquals(200, healthy.status(), stack.outputs() + ProxyFault.errorLog(stack));
            assertEquals("backend ok\n", healthy.body());

            ProxyFault.reload(stack, nginx, config(stack, port, backend, "https"));
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());

            String evidence = "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) "
                    + "while SSL handshaking to upstream";
            ProxyFault.loggedLine(stack, evidence);
            // The plain-HTTP server block took nginx's TLS ClientHello (record type 0x16, version 3.x) as a request.
            assertTrue(ProxyFault.line(stack, "nginx-access.log", "\"\\x16\\x03").contains("\" 400 "),
                    ProxyFault.errorLog(stack));
            // OpenSSL says "wrong version number" when the bytes that came back are not a TLS record (here the
            // plain-HTTP server's 400 answer): offline that names the mismatch, and the live probe confirms it.
            Diagnosis offline = ProxyFault.offline(stack);
            ProxyFault.assertTopCites(offline, CauseCode.PROXY_PROTOCOL_MISMATCH, evidence);
            Diagnosis live = ProxyFault.live(stack, url, Map.of());
            assertEquals(CauseCode.PROXY_PROTOCOL_MISMATCH, Diagnose.top(live), Diagnose.explain(live));
            ProxyFault.assertTopCites(live, CauseCode.PROXY_PROTOCOL_MISMATCH, evidence);
            FaultTable.record(FaultTable.Row.of("proxy-https-to-plain-http", ProxyFault.CHAIN,
                    "proxy_pass https:// to a plain HTTP port", broken.status(), CauseCode.PROXY_PROTOCOL_MISMATCH,
                    CauseCode.PROXY_PROTOCOL_MISMATCH, evidence, null));
        }
    }

    private static String config(Stack stack, int port, int backend, String scheme) {
        return Nginx.config(stack, """
                server {
                    listen 127.0.0.1:%d;
                    location / { return 200 "backend ok\\n"; }
                }
                """.formatted(backend) + Nginx.server(stack, port, """
                location / { proxy_pass %s://127.0.0.1:%d; }
                """.formatted(scheme, backend)));
    }
}
