package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/** nginx → PHP-FPM on a unix socket, and PHP-FPM is stopped cleanly (SIGTERM: its socket removed). */
class FpmStoppedIT {

    @Test
    void namesPhpFpmDownWhenItsMasterStoppedAndTheSocketIsGone() {
        try (Stack stack = Stack.create("fpm-stopped")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server fpm = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            URI url = Http.url(port, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            fpm.close();
            assertFalse(Files.exists(socket), "PHP-FPM removes its socket when it stops");
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            String line = "connect() to unix:" + socket + " failed (2: No such file or directory)";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PHPFPM_DOWN, offline, line, CauseCode.PHPFPM_DOWN, live, line);
            // nginx's line alone fits a wrong socket path as well: the mismatch ranks second offline.
            assertEquals(CauseCode.PHPFPM_SOCKET_MISMATCH, offline.causes().get(1).code(), NginxFpm.summary(offline));
            FaultTable.record(FaultTable.Row.of("nginx-fpm-stopped", NginxFpm.UNIX, "PHP-FPM stopped (socket removed)",
                    broken.status(), Diagnose.top(offline), Diagnose.top(live),
                    "connect() to unix:… failed (2: No such file or directory)",
                    "nginx's missing-socket line fits a wrong socket path too; socket_mismatch ranks second"));
        }
    }
}
