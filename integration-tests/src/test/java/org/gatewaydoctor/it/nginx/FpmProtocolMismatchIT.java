package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/** nginx is reconfigured to {@code fastcgi_pass} to an HTTP server (a second nginx server block) instead of PHP-FPM. */
class FpmProtocolMismatchIT {

    @Test
    void namesProtocolMismatchWhenFastcgiPassPointsAtAnHttpServer() {
        try (Stack stack = Stack.create("fpm-protocol")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = Ports.free();
            int httpPort = Ports.free();
            Server healthy = NginxFpm.nginx(stack, port, "unix:" + socket);
            URI url = Http.url(port, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            healthy.close();
            String http = """
                    server {
                        listen 127.0.0.1:%d;
                        root %s;
                        location / { return 200 "plain HTTP\\n"; }
                    }
                    """.formatted(httpPort, stack.path("www"));
            Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port,
                    NginxFpm.phpLocation("127.0.0.1:" + httpPort)) + http), port);
            assertEquals(200, Http.get(Http.url(httpPort, "/")).status(), "the HTTP server answers HTTP");
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            String line = "upstream sent unsupported FastCGI protocol version: 72 while reading response header from "
                    + "upstream";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PROXY_PROTOCOL_MISMATCH, offline, line, CauseCode.PROXY_PROTOCOL_MISMATCH,
                    live, line);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-protocol-mismatch", "nginx → HTTP server (fastcgi_pass)",
                    "fastcgi_pass to an HTTP server's port (72 is the 'H' of its HTTP answer)", broken.status(),
                    Diagnose.top(offline), Diagnose.top(live), line, ""));
        }
    }
}
