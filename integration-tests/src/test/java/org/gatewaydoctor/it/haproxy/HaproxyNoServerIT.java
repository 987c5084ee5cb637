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
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * HAProxy → one HTTP server with health checks, and the server goes away: the check marks it DOWN,
 * the backend has no server left, and HAProxy answers 503 itself ({@code <NOSRV>}, state {@code SC--}).
 */
class HaproxyNoServerIT {

    @Test
    void answers503AndNamesNoHealthyUpstreamWhenTheOnlyServerIsMarkedDown() {
        try (Stack stack = Stack.create("haproxy-no-server");
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"));
             RawBackend app = RawBackend.start()) {
            int port = Ports.free();
            Server haproxy = Haproxy.start(stack, Haproxy.config(syslog.port(), port, "", "", """
                    backend app
                        server app1 127.0.0.1:%d check inter 200ms fall 1 rise 1
                    """.formatted(app.port())), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            app.stop();
            Wait.until("HAProxy marking app1 down\n" + haproxy.output(), Duration.ofSeconds(10),
                    () -> haproxy.output().contains("has no server available!"));
            Http.Response broken = Http.get(url);
            assertEquals(503, broken.status(), broken.body());
            syslog.awaitLine(" app/<NOSRV> ", Duration.ofSeconds(5));

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = Haproxy.live(url, syslog.file(), Map.of(Target.CONFIG_HAPROXY, Haproxy.configFile(stack)));
            Pattern line = Pattern.compile("fe app/<NOSRV> 0/-1/-1/-1/\\d+ 503 217 - - SC-- ");
            assertAll(
                    () -> assertTrue(mentions(offline, line), Diagnose.explain(offline)),
                    () -> assertTrue(mentions(live, line), Diagnose.explain(live)),
                    // The probe knows HAProxy's own page although it sends no Server header.
                    () -> assertTrue(Diagnose.explain(live).contains("503 Service Unavailable from HAProxy"),
                            Diagnose.explain(live)),
                    () -> assertEquals(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, Diagnose.top(offline),
                            Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, Diagnose.top(live),
                            Diagnose.explain(live)));
            FaultTable.record(FaultTable.Row.of("haproxy-no-server", "HAProxy → HTTP backend",
                    "the only server fails its health check", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), "fe app/<NOSRV> 0/-1/-1/-1/… 503 217 - - SC--", ""));
        }
    }

    private static boolean mentions(Diagnosis d, Pattern line) {
        return line.matcher(Diagnose.explain(d).replace("\\/", "/")).find();
    }
}
