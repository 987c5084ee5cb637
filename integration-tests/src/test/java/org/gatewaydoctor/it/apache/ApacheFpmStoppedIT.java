package org.gatewaydoctor.it.apache;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * Apache (mod_proxy_fcgi, {@code SetHandler "proxy:unix:…|fcgi://localhost"}) → PHP-FPM on a unix
 * socket, and PHP-FPM is stopped cleanly (its socket removed). Apache answers 503, not 502: it cannot
 * connect to its FastCGI backend ({@code mod_proxy_fcgi} returns {@code HTTP_SERVICE_UNAVAILABLE}).
 */
class ApacheFpmStoppedIT {

    @Test
    void answers503AndNamesPhpFpmDownWhenPhpFpmIsStopped() {
        try (Stack stack = Stack.create("apache-fpm-stopped")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server fpm = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = Ports.free();
            Apache.start(stack, Apache.config(stack, port, Apache.fcgiHandler(socket)), port);
            URI url = Http.url(port, "/index.php");
            Http.Response healthy = Http.get(url);
            assertEquals(200, healthy.status(), stack.outputs());
            assertEquals("ok", healthy.body());

            fpm.close();
            Http.Response broken = Http.get(url);
            assertEquals(503, broken.status(), broken.body());

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = Diagnose.live(url, Map.of(Target.CONFIG_APACHE, Apache.configFile(stack),
                    Target.CONFIG_PHP_FPM, PhpFpm.configFile(stack)));
            String connect = "(2)No such file or directory: AH02454: FCGI: attempt to connect to Unix domain socket "
                    + socket + " (localhost:8000) failed";
            String summary = "AH01079: failed to make connection to backend: localhost";
            assertAll(
                    () -> assertTrue(mentions(offline, connect) && mentions(offline, summary), Diagnose.explain(offline)),
                    () -> assertTrue(mentions(live, connect) && mentions(live, summary), Diagnose.explain(live)),
                    () -> assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(offline), Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(live), Diagnose.explain(live)));
            FaultTable.record(FaultTable.Row.of("apache-fpm-stopped", "Apache (mod_proxy_fcgi) → PHP-FPM (unix socket)",
                    "PHP-FPM stopped", broken.status(), Diagnose.top(offline), Diagnose.top(live),
                    "(2)No such file or directory: AH02454: FCGI: attempt to connect to Unix domain socket … "
                            + "(localhost:8000) failed",
                    ""));
        }
    }

    private static boolean mentions(Diagnosis d, String text) {
        String json = Diagnose.explain(d);
        return json.contains(text) || json.contains(text.replace("/", "\\/"));
    }
}
