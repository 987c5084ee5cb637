package org.gatewaydoctor.it.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.ZoneId;
import org.gatewaydoctor.checks.http.probe.Origins;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.Verdict;
import org.junit.jupiter.api.Test;

/**
 * What the live probe finds on a real nginx that answers: a redirect to itself (which a monitor that does
 * not follow redirects calls healthy), and the keep-alive race (nginx closes idle connections after
 * {@code keepalive_timeout 1s}; samples 1.5 s apart are sent on the kept connection).
 */
class ProbeIT {

    @Test
    void aPageThatRedirectsToItselfIsARedirectLoopNotHealthy() {
        try (Stack stack = Stack.create("redirect-loop")) {
            int port = Ports.free();
            Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, """
                    location / { return 302 http://$host:$server_port$request_uri; }
                    """)), port);
            URI url = Http.url(port, "/shop/");
            Diagnosis d = Diagnose.run(Target.builder().url(url).zone(ZoneId.systemDefault()).build());
            assertEquals(CauseCode.APP_REDIRECT_LOOP, Diagnose.top(d), Diagnose.explain(d));
            assertTrue(d.verdict() != Verdict.HEALTHY);
            String chain = "redirect chain: " + url + " -> " + url;
            assertTrue(Diagnose.explain(d).contains(chain), Diagnose.explain(d));
            FaultTable.record(FaultTable.Row.of("nginx-redirect-to-itself", "visitor → nginx", "return 302 to the "
                    + "requested URL itself", 302, null, CauseCode.APP_REDIRECT_LOOP,
                    "redirect chain: http://127.0.0.1:…/shop/ -> http://127.0.0.1:…/shop/", "live only: nothing is "
                    + "logged as an error"));
        }
    }

    @Test
    void failuresOnlyOnReusedConnectionsAreTheKeepAliveRace() {
        try (Stack stack = Stack.create("keepalive-race")) {
            int port = Ports.free();
            stack.write("www/index.html", "ok\n");
            Nginx.start(stack, Nginx.config(stack, "keepalive_timeout 1s;\n" + Nginx.server(stack, port, "")), port);
            URI url = Http.url(port, "/");
            Diagnosis d = Diagnose.run(Target.builder().url(url).zone(ZoneId.systemDefault())
                    .option(Origins.SAMPLES_OPTION, "4").option(Origins.INTERVAL_OPTION, "1500ms").build());
            String json = Diagnose.explain(d);
            assertTrue(json.contains("went over a reused keep-alive connection"), json);
            assertTrue(json.contains("no request on a fresh connection failed"), json);
        }
    }
}
