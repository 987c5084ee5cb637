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

    /**
     * HAProxy's {@code resolvers} section names its name server by host name ({@code nameserver ns1
     * dns.test:PORT}); HAProxy resolves it when it reads its configuration (getaddrinfo: the hosts file first), then
     * asks it for the server's name at run time. The name is gone from the zone (NXDOMAIN): HAProxy puts the server in
     * maintenance and, with no server left, answers 503. HAProxy runs in its own mount namespace with the test's
     * hosts file over /etc/hosts; the diagnosis is given the same file.
     */
    @Test
    void haproxyNameserverWrittenAsAHostNameIsFollowedAndTheServersNxdomainNamed() throws Exception {
        try (Stack stack = Stack.create("dns-haproxy-nameserver-name");
             SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"))) {
            Named named = Named.start(stack, "example.test", Named.zoneFile(1, 1, "www IN A 127.0.0.1"));
            java.nio.file.Path hosts = stack.write("hosts", "127.0.0.1 localhost dns.test\n");
            int port = Ports.free();
            int backend = Ports.free();
            String config = Haproxy.config(syslog.port(), port, "", "", """
                    resolvers mydns
                        nameserver ns1 dns.test:%d
                        hold nx 1s
                        hold valid 1s
                        resolve_retries 1
                        timeout resolve 1s
                        timeout retry 1s
                    backend app
                        server web app.example.test:%d resolvers mydns init-addr none
                    """.formatted(named.port(), backend));
            java.nio.file.Path conf = stack.write("haproxy/haproxy.cfg", config);
            stack.start("haproxy", java.util.List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hosts.toString(), Haproxy.BINARY, "-db", "-f",
                    conf.toString()));
            org.gatewaydoctor.it.harness.Wait.until("HAProxy on port " + port + "\n" + stack.outputs(),
                    java.time.Duration.ofSeconds(20), () -> org.gatewaydoctor.it.harness.Wait.listening(port));
            Http.Response r = Http.get(Http.url(port, "/"));
            assertEquals(503, r.status(), stack.outputs());

            URI url = Http.url(port, "/");
            Target t = Target.builder().url(url).config(Target.CONFIG_HAPROXY, conf).logs(syslog.file())
                    .zone(java.time.ZoneId.systemDefault()).option("dns.hosts", hosts.toString()).build();
            Diagnosis d = Diagnose.run(t);
            String explain = Diagnose.explain(d) + "\n" + stack.outputs();
            assertEquals(CauseCode.PROXY_UPSTREAM_DNS_FAILURE, Diagnose.top(d), explain);
            String dns = d.causes().get(0).evidence().stream().filter(e -> e instanceof Evidence.Probe p
                    && p.protocol().equals("dns")).map(Evidence::describe).findFirst().orElseThrow(
                            () -> new AssertionError("no DNS probe in the top cause: " + explain));
            assertTrue(dns.startsWith("dns A/AAAA app.example.test @127.0.0.1:" + named.port() + " (HAProxy resolver "
                    + "dns.test = 127.0.0.1 as resolved from " + hosts + " (" + conf + ":"), dns);
            assertTrue(dns.contains(" -> NXDOMAIN"), dns);
            assertEquals(503, d.causes().get(0).httpStatus(), explain);
            FaultTable.record(FaultTable.Row.of("dns-haproxy-nameserver-name-nxdomain", "HAProxy (resolvers) → HTTP "
                            + "upstream by name", "HAProxy's nameserver written as a host name (dns.test, found in the "
                            + "hosts file); the server's record is missing there (NXDOMAIN)", r.status(), null,
                    CauseCode.PROXY_UPSTREAM_DNS_FAILURE, "app.example.test … NXDOMAIN @127.0.0.1:… (HAProxy resolver "
                            + "dns.test = 127.0.0.1 …)", ""));
        }
    }
}
