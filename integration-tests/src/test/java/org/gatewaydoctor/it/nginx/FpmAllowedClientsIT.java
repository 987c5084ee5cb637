package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * PHP-FPM on 127.0.0.1:PORT is restarted with {@code listen.allowed_clients = 127.0.0.2}: nginx's
 * 127.0.0.1 is dropped.
 */
class FpmAllowedClientsIT {

    @Test
    void namesClientNotAllowedWhenAllowedClientsExcludesNginxsAddress() {
        try (Stack stack = Stack.create("fpm-allowed-clients")) {
            int fpmPort = Ports.free();
            String listen = "127.0.0.1:" + fpmPort;
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server healthy = PhpFpm.start(stack, PhpFpm.config(stack, listen), fpmPort);
            int port = NginxFpm.nginx(stack, listen);
            URI url = Http.url(port, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            healthy.close();
            PhpFpm.start(stack, PhpFpm.config(stack, listen, "listen.allowed_clients = 127.0.0.2"), fpmPort);
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            // Printed by the worker (main/fastcgi.c) without time or pool: PHP-FPM's log holds it undecorated.
            String line = "ERROR: Connection disallowed: IP address '127.0.0.1' has been dropped.";
            NginxFpm.awaitLog(stack, "php-fpm.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            // Offline, PHP-FPM's own line decides; live, its configuration does.
            NginxFpm.assertTops(CauseCode.PHPFPM_CLIENT_NOT_ALLOWED, offline, line, CauseCode.PHPFPM_CLIENT_NOT_ALLOWED,
                    live, "listen.allowed_clients 127.0.0.2");
            FaultTable.record(FaultTable.Row.of("nginx-fpm-allowed-clients", NginxFpm.TCP,
                    "listen.allowed_clients = 127.0.0.2, nginx connects from 127.0.0.1", broken.status(),
                    Diagnose.top(offline), Diagnose.top(live), line, ""));
        }
    }
}
