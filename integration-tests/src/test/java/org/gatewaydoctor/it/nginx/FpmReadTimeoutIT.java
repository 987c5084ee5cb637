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

/** {@code fastcgi_read_timeout 1s} in front of a script that sleeps 3 s: nginx gives up first, a 504. */
class FpmReadTimeoutIT {

    @Test
    void namesUpstreamTimeoutAndA504WhenNginxStopsWaitingBeforeTheScriptEnds() {
        try (Stack stack = Stack.create("fpm-read-timeout")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/slow.php", "<?php sleep(3); echo 'done';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket, "fastcgi_read_timeout 1s;");
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());

            URI url = Http.url(port, "/slow.php");
            Http.Response broken = Http.get(url);
            assertEquals(504, broken.status());
            String line = "upstream timed out (110: Connection timed out) while reading response header from upstream";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PROXY_UPSTREAM_TIMEOUT, offline, line, CauseCode.PROXY_UPSTREAM_TIMEOUT, live,
                    line);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-read-timeout", NginxFpm.UNIX,
                    "fastcgi_read_timeout 1s, script sleeps 3 s", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), line, ""));
        }
    }
}
