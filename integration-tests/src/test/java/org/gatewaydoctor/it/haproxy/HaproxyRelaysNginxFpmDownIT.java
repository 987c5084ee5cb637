package org.gatewaydoctor.it.haproxy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
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
 * HAProxy → nginx → PHP-FPM on a unix socket, and PHP-FPM is stopped: nginx answers 502 and HAProxy
 * relays it untouched (state {@code ----}: for HAProxy the exchange went fine). The diagnosis must
 * name the deepest real cause, PHP-FPM down, not the load balancer that merely passed the 502 on.
 */
class HaproxyRelaysNginxFpmDownIT {

    @Test
    void namesPhpFpmDownBehindNginxWhenHaproxyRelaysItsBadGateway() {
        try (Stack stack = Stack.create("haproxy-nginx-fpm-stopped");
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"))) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server fpm = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int nginxPort = Ports.free();
            Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, nginxPort, """
                    index index.php;
                    location ~ \\.php$ {
                        fastcgi_pass unix:%s;
                    %s}
                    """.formatted(socket, Nginx.fastcgiParams().indent(4)))), nginxPort);
            int port = Ports.free();
            Haproxy.start(stack, Haproxy.config(syslog.port(), port, "", "", """
                    backend app
                        server nginx1 127.0.0.1:%d
                    """.formatted(nginxPort)), port);
            URI url = Http.url(port, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            fpm.close();
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status(), broken.body());
            syslog.awaitLine(" 502 ", Duration.ofSeconds(5));

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = Haproxy.live(url, syslog.file(), Map.of(Target.CONFIG_HAPROXY, Haproxy.configFile(stack),
                    Target.CONFIG_NGINX, Nginx.configFile(stack), Target.CONFIG_PHP_FPM, PhpFpm.configFile(stack)));
            Pattern relayed = Pattern.compile("fe app/nginx1 \\d+/\\d+/\\d+/\\d+/\\d+ 502 \\d+ - - ---- ");
            String connect = "connect() to unix:" + socket + " failed (2: No such file or directory)";
            assertAll(
                    () -> assertTrue(relayed.matcher(syslog.text()).find(), syslog.text()),
                    () -> assertTrue(mentions(offline, connect), Diagnose.explain(offline)),
                    () -> assertTrue(mentions(live, connect), Diagnose.explain(live)),
                    // offline, PHP-FPM's own log ("exiting, bye-bye!", no start after) tells stopped from misrouted
                    () -> assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(offline), Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(live), Diagnose.explain(live)));
            FaultTable.record(FaultTable.Row.of("haproxy-nginx-fpm-stopped", "HAProxy → nginx → PHP-FPM (unix socket)",
                    "PHP-FPM stopped behind nginx; HAProxy relays the 502 (state ----)", broken.status(),
                    Diagnose.top(offline), Diagnose.top(live), "connect() to unix:… failed (2: No such file or directory)",
                    ""));
        }
    }

    private static boolean mentions(Diagnosis d, String text) {
        String json = Diagnose.explain(d);
        return json.contains(text) || json.contains(text.replace("/", "\\/"));
    }
}
