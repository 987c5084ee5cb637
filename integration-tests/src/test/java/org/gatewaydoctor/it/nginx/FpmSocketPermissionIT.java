package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * PHP-FPM is restarted with {@code listen.owner = root}, {@code listen.mode = 0600}: its socket is
 * no longer openable by nginx's workers ({@code www-data}).
 */
class FpmSocketPermissionIT {

    @Test
    void namesSocketPermissionWhenNginxWorkersMayNotOpenTheSocket() throws Exception {
        try (Stack stack = Stack.create("fpm-permission")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server healthy = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            URI url = Http.url(port, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            healthy.close();
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString(), "listen.owner = root", "listen.group = root",
                    "listen.mode = 0600"), socket);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            String line = "connect() to unix:" + socket + " failed (13: Permission denied)";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PHPFPM_SOCKET_PERMISSION, offline, line, CauseCode.PHPFPM_SOCKET_PERMISSION,
                    live, line);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-socket-permission", NginxFpm.UNIX,
                    "socket root:root 0600, nginx workers run as www-data", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), "connect() to unix:… failed (13: Permission denied)", ""));
        }
    }
}
