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

/** A script sends a 16 KiB header through {@code fastcgi_buffer_size 4k}. */
class FpmHeaderTooBigIT {

    @Test
    void namesHeaderTooBigWhenTheResponseHeaderExceedsTheFastcgiBuffer() {
        try (Stack stack = Stack.create("fpm-header-too-big")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/big.php", "<?php header('X-Big: ' . str_repeat('a', 16384)); echo 'ok';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket, "fastcgi_buffer_size 4k;");
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());

            URI url = Http.url(port, "/big.php");
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            String line = "upstream sent too big header while reading response header from upstream";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PROXY_HEADER_TOO_BIG, offline, line, CauseCode.PROXY_HEADER_TOO_BIG, live,
                    line);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-header-too-big", NginxFpm.UNIX,
                    "16 KiB response header, fastcgi_buffer_size 4k", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), line, ""));
        }
    }
}
