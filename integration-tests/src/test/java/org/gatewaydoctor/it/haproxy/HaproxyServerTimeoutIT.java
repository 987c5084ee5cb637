package org.gatewaydoctor.it.haproxy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.RawBackend;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/** HAProxy with {@code timeout server 1s} → an HTTP server that takes 3 s to answer: 504, state {@code sH--}. */
class HaproxyServerTimeoutIT {

    @Test
    void answers504AndNamesUpstreamTimeoutWhenTheServerOutlastsTimeoutServer() {
        try (Stack stack = Stack.create("haproxy-server-timeout");
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"));
             RawBackend app = RawBackend.start()) {
            int port = Ports.free();
            Haproxy.start(stack, Haproxy.config(syslog.port(), port, "", "timeout server 1s", """
                    backend app
                        server app1 127.0.0.1:%d
                    """.formatted(app.port())), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            app.behave(RawBackend.Behaviour.slow(Duration.ofSeconds(3)));
            Http.Response broken = Http.get(url);
            assertEquals(504, broken.status(), broken.body());
            syslog.awaitLine(" sH-- ", Duration.ofSeconds(5));

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = Haproxy.live(url, syslog.file(), Map.of(Target.CONFIG_HAPROXY, Haproxy.configFile(stack)));
            Pattern line = Pattern.compile("fe app/app1 \\d+/\\d+/\\d+/-1/\\d+ 504 198 - - sH-- ");
            assertAll(
                    () -> assertTrue(mentions(offline, line), Diagnose.explain(offline)),
                    () -> assertTrue(mentions(live, line), Diagnose.explain(live)),
                    () -> assertEquals(CauseCode.PROXY_UPSTREAM_TIMEOUT, Diagnose.top(offline), Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.PROXY_UPSTREAM_TIMEOUT, Diagnose.top(live), Diagnose.explain(live)));
            FaultTable.record(FaultTable.Row.of("haproxy-server-timeout", "HAProxy → HTTP backend",
                    "timeout server 1 s, server answers after 3 s", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), "fe app/app1 …/-1/… 504 198 - - sH--", ""));
        }
    }

    private static boolean mentions(Diagnosis d, Pattern line) {
        return line.matcher(Diagnose.explain(d).replace("\\/", "/")).find();
    }
}
