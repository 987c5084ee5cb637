package org.gatewaydoctor.it.haproxy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.RawBackend;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/** HAProxy → an HTTP server that reads each request and closes without answering: 502, state {@code SH--}. */
class HaproxyServerClosesIT {

    @Test
    void answers502AndNamesUpstreamClosedWhenTheServerClosesBeforeItsHeaders() {
        try (Stack stack = Stack.create("haproxy-server-closes");
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"));
             RawBackend app = RawBackend.start()) {
            Haproxy.Broken broken = Haproxy.serverCloses(stack, syslog, app, "", " SH-- ");
            URI url = broken.url();

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = Haproxy.live(url, syslog.file(), Map.of(Target.CONFIG_HAPROXY, Haproxy.configFile(stack)));
            Pattern line = Pattern.compile("fe app/app1 \\d+/\\d+/\\d+/-1/\\d+ 502 209 - - SH-- ");
            assertAll(
                    () -> assertTrue(mentions(offline, line), Diagnose.explain(offline)),
                    () -> assertTrue(mentions(live, line), Diagnose.explain(live)),
                    () -> assertEquals(CauseCode.PROXY_UPSTREAM_CLOSED, Diagnose.top(offline), Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.PROXY_UPSTREAM_CLOSED, Diagnose.top(live), Diagnose.explain(live)));
            FaultTable.record(FaultTable.Row.of("haproxy-server-closes", "HAProxy → HTTP backend",
                    "server closes without a response", broken.answer().status(), Diagnose.top(offline), Diagnose.top(live),
                    "fe app/app1 …/-1/… 502 209 - - SH--", ""));
        }
    }

    private static boolean mentions(Diagnosis d, Pattern line) {
        return line.matcher(Diagnose.explain(d).replace("\\/", "/")).find();
    }
}
