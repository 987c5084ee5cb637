package org.gatewaydoctor.it.apache;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
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
 * Apache (mod_proxy_http, {@code ProxyPass /app/ http://127.0.0.1:PORT/}) → an HTTP backend that
 * reads each request and closes the connection without answering: Apache answers 502.
 */
class ApacheBackendClosesIT {

    @Test
    void answers502AndNamesUpstreamClosedWhenTheHttpBackendClosesWithoutAResponse() {
        try (Stack stack = Stack.create("apache-backend-closes"); RawBackend app = RawBackend.start()) {
            int port = Ports.free();
            Apache.start(stack, Apache.config(stack, port,
                    "ProxyPass /app/ http://127.0.0.1:" + app.port() + "/\n"), port);
            URI url = Http.url(port, "/app/");
            assertEquals(200, Http.get(url).status(), stack.outputs());

            app.behave(RawBackend.Behaviour.closeWithoutResponse());
            Http.Response broken = Http.get(url);
            assertEquals(502, broken.status(), broken.body());

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = Diagnose.live(url, Map.of(Target.CONFIG_APACHE, Apache.configFile(stack)));
            String read = "(20014)Internal error (specific information not available): [client 127.0.0.1:";
            String status = "AH01102: error reading status line from remote server 127.0.0.1:" + app.port();
            assertAll(
                    () -> assertTrue(mentions(offline, read) && mentions(offline, status), Diagnose.explain(offline)),
                    () -> assertTrue(mentions(live, read) && mentions(live, status), Diagnose.explain(live)),
                    () -> assertEquals(CauseCode.PROXY_UPSTREAM_CLOSED, Diagnose.top(offline), Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.PROXY_UPSTREAM_CLOSED, Diagnose.top(live), Diagnose.explain(live)));
            FaultTable.record(FaultTable.Row.of("apache-backend-closes", "Apache (mod_proxy_http) → HTTP backend",
                    "backend closes without a response", broken.status(), Diagnose.top(offline), Diagnose.top(live),
                    "(20014)Internal error (specific information not available): … AH01102: error reading status"
                            + " line from remote server …",
                    ""));
        }
    }

    private static boolean mentions(Diagnosis d, String text) {
        String json = Diagnose.explain(d);
        return json.contains(text) || json.contains(text.replace("/", "\\/"));
    }
}
