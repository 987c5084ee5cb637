package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import org.gatewaydoctor.checks.http.probe.Origins;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * Three legs: an nginx edge, the origin (nginx → PHP-FPM on a unix socket) asked directly with
 * {@code --origin}, and PHP-FPM itself asked over FastCGI (its configuration given). PHP-FPM is stopped: the
 * edge relays the origin's 502, the origin gives the same 502 directly, and PHP-FPM does not answer.
 */
class EdgeOriginFpmIT {

    @Test
    void bothFailingContinuesInsideTheOriginDownToPhpFpm() {
        try (Stack stack = Stack.create("edge-origin-fpm"); Stack edge = Stack.create("edge-origin-fpm-edge")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server fpm = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int origin = NginxFpm.nginx(stack, "unix:" + socket);
            int edgePort = Ports.free();
            Nginx.start(edge, Nginx.config(edge, Nginx.server(edge, edgePort, """
                    location / { proxy_pass http://127.0.0.1:%d; }
                    """.formatted(origin))), edgePort);
            URI url = Http.url(edgePort, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs() + edge.outputs());

            Diagnosis healthy = diagnose(url, origin, stack);
            assertTrue(Diagnose.explain(healthy).contains("PHP-FPM directly: unix:" + socket + " answered a FastCGI "
                    + "request for /gateway-doctor-probe.php (a script that does not exist) with status 404"),
                    Diagnose.explain(healthy));

            fpm.close();
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status());

            Diagnosis d = diagnose(url, origin, stack);
            String json = Diagnose.explain(d);
            assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(d), json);
            assertTrue(json.contains("itself answers 502 when asked directly: the failure is inside the origin"), json);
            assertTrue(json.contains("PHP-FPM does not answer when asked directly (unix:" + socket
                    + ": the socket does not exist"), json);
            FaultTable.record(FaultTable.Row.of("edge-origin-fpm-stopped", "nginx edge → nginx origin → PHP-FPM "
                    + "(unix socket)", "PHP-FPM stopped; --origin and --fpm-config given", broken.status(), null,
                    CauseCode.PHPFPM_DOWN, "origin … itself answers 502; PHP-FPM directly: the socket does not exist",
                    "live; edge.origin_error says the cause is inside the origin"));
        }
    }

    private static Diagnosis diagnose(URI url, int origin, Stack stack) {
        return Diagnose.run(Target.builder().url(url).zone(ZoneId.systemDefault())
                .option(Origins.OPTION, "127.0.0.1:" + origin)
                .config(Target.CONFIG_PHP_FPM, PhpFpm.configFile(stack)).build());
    }
}
