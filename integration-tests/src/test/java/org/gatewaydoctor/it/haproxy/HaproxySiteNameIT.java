package org.gatewaydoctor.it.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Named;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * A real HAProxy in front of a real nginx, the site's name resolved by a real BIND 9 given as
 * {@code --dns-server}: HAProxy's frontend {@code bind 127.0.0.1:PORT} is where the site is served (a frontend
 * serves any name), the zone sends the name to 127.0.0.2, where nothing of this machine listens. Without
 * {@code --expect-address}, HAProxy's own {@code bind} says where the name should lead.
 */
class HaproxySiteNameIT {

    static final String SITE = "shop.example.test";

    @Test
    void siteBehindHaproxyWhoseNameLeadsWhereNothingListensIsWrongAddress() throws Exception {
        try (Stack stack = Stack.create("dns-site-served-elsewhere-haproxy");
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"))) {
            Named named = Named.start(stack, "example.test", Named.zoneFile(1, 60, "shop IN A 127.0.0.2"));
            int nginxPort = Ports.free();
            stack.mkdirs("www");
            stack.write("www/index.html", "<h1>shop</h1>\n");
            Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, nginxPort, "location / { }")), nginxPort);
            int port = Ports.free();
            Haproxy.start(stack, Haproxy.config(syslog.port(), port, "", "", """
                    backend app
                        server web 127.0.0.1:%d
                    """.formatted(nginxPort)), port);
            assertEquals(200, Http.get(Http.url(port, "/")).status(), stack.outputs());

            URI url = URI.create("http://" + SITE + ":" + port + "/");
            Target t = Target.builder().url(url).config(Target.CONFIG_HAPROXY, Haproxy.configFile(stack))
                    .logs(syslog.file()).zone(java.time.ZoneId.systemDefault())
                    .option("dns.servers", named.hostPort()).build();
            // the zone's NS record points at port 53, where no test server may listen: dns.authoritative is left out
            Diagnosis d = Diagnose.runWithout(t, "dns.authoritative");
            assertEquals(CauseCode.DNS_WRONG_ADDRESS, Diagnose.top(d), Diagnose.explain(d));
            String summary = d.causes().get(0).summary();
            assertTrue(summary.startsWith(SITE + " is served here on 127.0.0.1:" + port + " (HAProxy, "
                    + Haproxy.configFile(stack) + ":"), summary);
            assertTrue(summary.contains("but the name resolves to 127.0.0.2, where nothing of this host listens on port "
                    + port), summary);
            String top = d.causes().get(0).evidence().stream().map(Evidence::describe).toList().toString();
            assertTrue(top.contains("127.0.0.2:" + port + " refused the connection"), top);
            FaultTable.record(FaultTable.Row.of("dns-site-served-elsewhere-haproxy", "DNS (site's name) → HAProxy → nginx",
                    "the site's A record points at 127.0.0.2, HAProxy's frontend binds 127.0.0.1; --dns-server given, "
                            + "no --expect-address", 0, null, CauseCode.DNS_WRONG_ADDRESS,
                    SITE + " is served here on 127.0.0.1:… (HAProxy, …), but the name resolves to 127.0.0.2", ""));
        }
    }
}
