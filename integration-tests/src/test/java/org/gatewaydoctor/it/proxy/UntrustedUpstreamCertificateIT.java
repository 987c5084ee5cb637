package org.gatewaydoctor.it.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
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
 * nginx → an HTTPS upstream (a second nginx server block with ssl on 127.0.0.1) with
 * {@code proxy_ssl_verify on} trusting the upstream's self-signed certificate; then the upstream
 * switches to a new self-signed certificate that nginx does not trust.
 */
class UntrustedUpstreamCertificateIT {

    /** The name nginx verifies the upstream's certificate against ({@code proxy_ssl_name}); never resolved. */
    private static final String BACKEND = "backend.test";

    @Test
    void namesUpstreamTlsFailureWhenTheUpstreamCertificateDoesNotVerify() {
        try (Stack stack = Stack.create("proxy-untrusted-cert")) {
            Path trusted = ProxyFault.selfSigned(stack, "upstream-old", BACKEND);
            Path replacement = ProxyFault.selfSigned(stack, "upstream-new", BACKEND);
            int port = Ports.free();
            int backend = Ports.free();
            Server nginx = Nginx.start(stack, config(stack, port, backend, trusted, trusted), port);
            URI url = Http.url(port, "/");
            Http.Response healthy = Http.get(url);
            assertEquals(200, healthy.status(), stack.outputs() + ProxyFault.errorLog(stack));
            assertEquals("tls backend ok\n", healthy.body());

            ProxyFault.reload(stack, nginx, config(stack, port, backend, replacement, trusted));
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());

            String evidence = "upstream SSL certificate verify error: (18:self-signed certificate) "
                    + "while SSL handshaking to upstream";
            ProxyFault.loggedLine(stack, evidence);
            Diagnosis offline = ProxyFault.offline(stack);
            ProxyFault.assertTopCites(offline, CauseCode.PROXY_UPSTREAM_TLS_FAILURE, evidence);
            Diagnosis live = ProxyFault.live(stack, url, Map.of());
            ProxyFault.assertTopCites(live, CauseCode.PROXY_UPSTREAM_TLS_FAILURE, evidence);
            FaultTable.record(FaultTable.Row.of("proxy-upstream-cert-untrusted", ProxyFault.CHAIN,
                    "HTTPS upstream presents a self-signed certificate nginx does not trust (proxy_ssl_verify on)",
                    broken.status(), CauseCode.PROXY_UPSTREAM_TLS_FAILURE, CauseCode.PROXY_UPSTREAM_TLS_FAILURE,
                    evidence, ""));
        }
    }

    /** The upstream serves {@code served}; nginx trusts {@code trusted} only. */
    private static String config(Stack stack, int port, int backend, Path served, Path trusted) {
        String key = served.toString().replaceAll("\\.crt$", ".key");
        return Nginx.config(stack, """
                server {
                    listen 127.0.0.1:%d ssl;
                    ssl_certificate %s;
                    ssl_certificate_key %s;
                    location / { return 200 "tls backend ok\\n"; }
                }
                """.formatted(backend, served, key) + Nginx.server(stack, port, """
                location / {
                    proxy_pass https://127.0.0.1:%d;
                    proxy_ssl_verify on;
                    proxy_ssl_name %s;
                    proxy_ssl_trusted_certificate %s;
                }
                """.formatted(backend, BACKEND, trusted)));
    }
}
