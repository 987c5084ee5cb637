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

/**
 * A script emits a header whose name holds a raw control byte; nginx rejects the response header. A
 * UTF-8 BOM before {@code <?php}, the classic suspect, does not do it: PHP-FPM sends its headers first
 * and the BOM lands in the body.
 */
class FpmInvalidHeaderIT {

    @Test
    void namesInvalidHeaderWhenTheScriptSendsARawByteInAHeaderName() {
        try (Stack stack = Stack.create("fpm-invalid-header")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/bom.php", "\uFEFF<?php header('X-After-Bom: yes'); echo 'ok';\n");
            stack.write("www/bad.php", "<?php header(\"X-Bad\\x01: raw byte\"); echo 'ok';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());
            assertEquals(200, Http.get(Http.url(port, "/bom.php")).status(), "a BOM before <?php is no 502");

            URI url = Http.url(port, "/bad.php");
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());
            String line = "upstream sent invalid header: \"X-Bad\\x01...\" while reading response header from upstream";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PROXY_INVALID_HEADER, offline, line, CauseCode.PROXY_INVALID_HEADER, live,
                    line);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-invalid-header", NginxFpm.UNIX,
                    "script sends a header name with a raw 0x01 byte", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), line, ""));
        }
    }
}
