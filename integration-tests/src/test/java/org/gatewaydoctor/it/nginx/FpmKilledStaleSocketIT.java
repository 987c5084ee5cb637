package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * nginx → PHP-FPM on a unix socket, and PHP-FPM is killed with SIGKILL, master first, then its workers
 * (the orphaned workers would otherwise keep serving): the socket file stays, nobody listens.
 */
class FpmKilledStaleSocketIT {

    @Test
    void namesPhpFpmDownWhenItsKilledMasterLeftAStaleSocketThatRefusesConnections() {
        try (Stack stack = Stack.create("fpm-killed")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server fpm = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            URI url = Http.url(port, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            NginxFpm.killAll(fpm, socket);
            assertTrue(Files.exists(socket), "a killed PHP-FPM leaves its socket file behind");
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            String line = "connect() to unix:" + socket + " failed (111: Connection refused)";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PHPFPM_DOWN, offline, line, CauseCode.PHPFPM_DOWN, live, line);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-killed", NginxFpm.UNIX,
                    "PHP-FPM killed with SIGKILL (stale socket left)", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), "connect() to unix:… failed (111: Connection refused)", ""));
        }
    }
}
