package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
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

/** nginx is reconfigured to pass to run/other.sock while PHP-FPM, running, listens on run/www.sock. */
class FpmSocketPathMismatchIT {

    @Test
    void namesSocketMismatchWhenNginxPointsAtASocketPhpFpmDoesNotListenOn() {
        try (Stack stack = Stack.create("fpm-mismatch")) {
            Path socket = stack.path("run/www.sock");
            Path other = stack.path("run/other.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = Ports.free();
            Server healthy = NginxFpm.nginx(stack, port, "unix:" + socket);
            URI url = Http.url(port, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            // The fault: a changed fastcgi_pass, applied by restarting nginx on the same port.
            healthy.close();
            NginxFpm.nginx(stack, port, "unix:" + other);
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            String line = "connect() to unix:" + other + " failed (2: No such file or directory)";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            // Logs alone show a missing socket, and a PHP-FPM that started: nothing in them says where it listens.
            NginxFpm.assertTops(CauseCode.PHPFPM_DOWN, offline, line, CauseCode.PHPFPM_SOCKET_MISMATCH, live,
                    other.toString());
            assertTrue(offline.causes().stream().anyMatch(c -> c.code().equals(CauseCode.PHPFPM_SOCKET_MISMATCH)),
                    "offline still ranks the mismatch: " + NginxFpm.summary(offline));
            FaultTable.record(FaultTable.Row.of("nginx-fpm-socket-mismatch", NginxFpm.UNIX,
                    "fastcgi_pass to run/other.sock, PHP-FPM listens on run/www.sock", broken.status(),
                    Diagnose.top(offline), Diagnose.top(live),
                    "connect() to unix:…/other.sock failed (2: No such file or directory)",
                    "the logs show a missing socket but not where PHP-FPM listens; socket_mismatch ranks second"));
        }
    }
}
