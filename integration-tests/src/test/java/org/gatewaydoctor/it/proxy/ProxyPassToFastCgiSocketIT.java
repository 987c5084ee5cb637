package org.gatewaydoctor.it.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
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
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * nginx → PHP-FPM on a unix socket, and an edit turns {@code fastcgi_pass unix:…} into
 * {@code proxy_pass http://unix:…:}: nginx now speaks HTTP to a FastCGI server.
 */
class ProxyPassToFastCgiSocketIT {

    @Test
    void namesProtocolMismatchWhenProxyPassSpeaksHttpToPhpFpm() {
        try (Stack stack = Stack.create("proxy-http-to-fpm")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = Ports.free();
            Server nginx = Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, """
                    location ~ \\.php$ {
                        fastcgi_pass unix:%s;
                    %s}
                    """.formatted(socket, Nginx.fastcgiParams().indent(4)))), port);
            URI url = Http.url(port, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs() + ProxyFault.errorLog(stack));

            ProxyFault.reload(stack, nginx, Nginx.config(stack, Nginx.server(stack, port, """
                    location ~ \\.php$ {
                        proxy_pass http://unix:%s:;
                    }
                    """.formatted(socket))));
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());

            // PHP-FPM reads the HTTP request as FastCGI records, finds garbage and drops the connection with
            // unread data, so the kernel resets it: nginx logs a reset, not a bad header.
            String evidence = "recv() failed (104: Connection reset by peer) while reading response header from upstream";
            ProxyFault.loggedLine(stack, evidence);
            Diagnosis offline = ProxyFault.offline(stack);
            ProxyFault.assertTopCites(offline, CauseCode.PROXY_UPSTREAM_CLOSED, evidence);
            Diagnosis live = ProxyFault.live(stack, url, Map.of(Target.CONFIG_PHP_FPM, PhpFpm.configFile(stack)));
            assertEquals(CauseCode.PROXY_PROTOCOL_MISMATCH, Diagnose.top(live),
                    Diagnose.explain(live));
            ProxyFault.assertSomeCauseCites(live, evidence);
            FaultTable.record(FaultTable.Row.of("proxy-http-to-fastcgi", ProxyFault.CHAIN,
                    "proxy_pass http://unix:…: to PHP-FPM's FastCGI socket", broken.status(),
                    CauseCode.PROXY_UPSTREAM_CLOSED, CauseCode.PROXY_PROTOCOL_MISMATCH, evidence,
                    "the log shows only a reset; that the upstream is PHP-FPM comes from its configuration"));
        }
    }
}
