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
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * Apache (mod_proxy_fcgi) → PHP-FPM, with {@code ProxyTimeout 1} shorter than a script that sleeps
 * 3 seconds: mod_proxy_fcgi gives up polling PHP-FPM and answers 504.
 */
class ApacheProxyTimeoutIT {

    @Test
    void answers504AndNamesUpstreamTimeoutWhenAScriptOutlastsProxyTimeout() {
        try (Stack stack = Stack.create("apache-proxy-timeout")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/slow.php", "<?php sleep(3); echo 'slow';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = Ports.free();
            Apache.start(stack, Apache.config(stack, port, "ProxyTimeout 1\n" + Apache.fcgiHandler(socket)), port);
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());

            URI url = Http.url(port, "/slow.php");
            Http.Response broken = Http.get(url);
            assertEquals(504, broken.status(), broken.body());

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = Diagnose.live(url, Map.of(Target.CONFIG_APACHE, Apache.configFile(stack),
                    Target.CONFIG_PHP_FPM, PhpFpm.configFile(stack)));
            String evidence = "(70007)The timeout specified has expired: [client 127.0.0.1:";
            String dispatch = "AH01075: Error dispatching request to :" + port + ": (polling)";
            assertAll(
                    () -> assertTrue(mentions(offline, evidence) && mentions(offline, dispatch), Diagnose.explain(offline)),
                    () -> assertTrue(mentions(live, evidence) && mentions(live, dispatch), Diagnose.explain(live)),
                    () -> assertEquals(CauseCode.PROXY_UPSTREAM_TIMEOUT, Diagnose.top(offline), Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.PROXY_UPSTREAM_TIMEOUT, Diagnose.top(live), Diagnose.explain(live)));
            FaultTable.record(FaultTable.Row.of("apache-proxy-timeout", "Apache (mod_proxy_fcgi) → PHP-FPM (unix socket)",
                    "ProxyTimeout 1 s, script sleeps 3 s", broken.status(), Diagnose.top(offline), Diagnose.top(live),
                    "(70007)The timeout specified has expired: … AH01075: Error dispatching request to :…: (polling)",
                    ""));
        }
    }

    private static boolean mentions(Diagnosis d, String text) {
        String json = Diagnose.explain(d);
        return json.contains(text) || json.contains(text.replace("/", "\\/"));
    }
}
