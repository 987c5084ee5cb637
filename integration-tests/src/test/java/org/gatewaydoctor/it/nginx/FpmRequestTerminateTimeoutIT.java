package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/** {@code request_terminate_timeout = 2s} kills a script that sleeps 5 s, well inside nginx's 60 s read timeout. */
class FpmRequestTerminateTimeoutIT {

    @Test
    void namesRequestTimeoutWhenPhpFpmKillsTheScriptBeforeNginxTimesOut() {
        try (Stack stack = Stack.create("fpm-terminate")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/slow.php", "<?php sleep(5); echo 'done';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString(), "request_terminate_timeout = 2s"), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());

            URI url = Http.url(port, "/slow.php");
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            // The killed worker's unread request makes the kernel reset the connection.
            String nginxLine = "recv() failed (104: Connection reset by peer) while reading response header from "
                    + "upstream";
            String fpmLine = "script '" + stack.path("www/slow.php")
                    + "' (request: \"GET /slow.php\") execution timed out";
            NginxFpm.awaitLog(stack, "nginx-error.log", nginxLine);
            NginxFpm.awaitLog(stack, "php-fpm.log", fpmLine);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PHPFPM_REQUEST_TIMEOUT, offline, fpmLine, CauseCode.PHPFPM_REQUEST_TIMEOUT,
                    live, fpmLine);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-request-terminate", NginxFpm.UNIX,
                    "request_terminate_timeout = 2s, script sleeps 5 s", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), "script '…/slow.php' (request: \"GET /slow.php\") execution timed out (… sec), "
                            + "terminating", ""));
        }
    }
}
