package org.gatewaydoctor.it.haproxy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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

/**
 * HAProxy with {@code tune.bufsize 8192} → an HTTP server whose response carries a 20,000-byte header:
 * HAProxy cannot hold the headers, blocks the response and answers 502 (state {@code PH--}).
 */
class HaproxyHeaderTooBigIT {

    @Test
    void answers502AndNamesHeaderTooBigWhenResponseHeadersExceedTheBuffer() {
        try (Stack stack = Stack.create("haproxy-header-too-big");
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"));
             RawBackend app = RawBackend.start()) {
            int port = Ports.free();
            Haproxy.start(stack, Haproxy.config(syslog.port(), port, "tune.bufsize 8192", "", """
                    backend app
                        server app1 127.0.0.1:%d
                    """.formatted(app.port())), port);
            URI url = Http.url(port, "/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            app.behave(RawBackend.Behaviour.bigHeader(20_000));
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status(), broken.body());
            syslog.awaitLine(" PH-- ", Duration.ofSeconds(5));

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = Haproxy.live(url, syslog.file(), Map.of(Target.CONFIG_HAPROXY, Haproxy.configFile(stack)));
            Pattern line = Pattern.compile("fe app/app1 \\d+/\\d+/\\d+/-1/\\d+ 502 209 - - PH-- ");
            assertAll(
                    () -> assertTrue(mentions(offline, line), Diagnose.explain(offline)),
                    () -> assertTrue(mentions(live, line), Diagnose.explain(live)),
                    // offline, PH-- says HAProxy blocked the response, not whether for size or syntax
                    () -> assertTrue(Set.of(CauseCode.PROXY_HEADER_TOO_BIG, CauseCode.PROXY_INVALID_HEADER)
                            .contains(Diagnose.top(offline)), Diagnose.explain(offline)),
                    () -> assertTrue(offline.causes().stream().anyMatch(c -> c.code() == CauseCode.PROXY_HEADER_TOO_BIG),
                            Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.PROXY_HEADER_TOO_BIG, Diagnose.top(live), Diagnose.explain(live)));
            FaultTable.record(FaultTable.Row.of("haproxy-header-too-big", "HAProxy → HTTP backend",
                    "tune.bufsize 8192, a 20,000-byte response header", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), "fe app/app1 …/-1/… 502 209 - - PH--",
                    Diagnose.top(offline) == CauseCode.PROXY_HEADER_TOO_BIG ? ""
                            : "PH-- alone does not say whether the headers were too big or invalid"));
        }
    }

    private static boolean mentions(Diagnosis d, Pattern line) {
        return line.matcher(Diagnose.explain(d).replace("\\/", "/")).find();
    }
}
