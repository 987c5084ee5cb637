package org.gatewaydoctor.it.dns;

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
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;

/**
 * The site's own name, resolved by a real BIND 9 on 127.0.0.1 given as {@code --dns-server}: nginx serves
 * {@code shop.example.test} on 127.0.0.1, and the zone sends the name there (healthy), to 127.0.0.2 where
 * nothing serves it (the record still points at the old server), nowhere (the record deleted: NXDOMAIN), or the
 * server cannot answer at all (a secondary that never got the zone: SERVFAIL). {@code http.probe} connects
 * where that resolver sends visitors (it asks the DNS module's {@code NameResolver} itself, waiting for no other
 * check), so the diagnosis names the {@code dns.*} cause, and the top cause's evidence holds both what DNS says and
 * what the visitor's connection did. Without {@code --expect-address}, nginx's own {@code listen} says where the
 * name should lead. No host name here is ever given to the JVM's resolver.
 */
class SiteNameResolutionIT {

    static final String CHAIN = "DNS (site's name) → nginx (static)";
    static final String SITE = "shop.example.test";

    private static URI start(Stack stack, int port) {
        stack.mkdirs("www");
        stack.write("www/index.html", "<h1>shop</h1>\n");
        Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, "location / { }")
                .replace("server_name localhost;", "server_name " + SITE + ";")), port);
        URI local = Http.url(port, "/");
        assertEquals(200, Http.get(local).status(), stack.outputs());
        return URI.create("http://" + SITE + ":" + port + "/");
    }

    /** nginx serving {@link #SITE} on 127.0.0.1: its URL by name, its port, and the name server to ask. */
    private record Site(URI url, int port, String dnsServer) {
    }

    /** {@link #site(Stack, Named)} with a BIND serving example.test with the one {@code record} (TTL 60 s). */
    private static Site site(Stack stack, String record) {
        return site(stack, Named.start(stack, "example.test", Named.zoneFile(1, 60, record)));
    }

    /** Starts nginx serving {@link #SITE} ({@link #start}) on a free port, to be looked up at {@code named}. */
    private static Site site(Stack stack, Named named) {
        int port = Ports.free();
        return new Site(start(stack, port), port, named.hostPort());
    }

    private static Diagnosis diagnose(Stack stack, Site site, String expect) {
        Target.Builder b = Target.builder().url(site.url()).config(Target.CONFIG_NGINX, Nginx.configFile(stack))
                .zone(java.time.ZoneId.systemDefault()).option("dns.servers", site.dnsServer());
        if (expect != null) {
            b.option("dns.expect-address", expect);
        }
        // dns.authoritative would ask the zone's NS (ns1.example.test) on port 53, where no test server can listen
        // (an NS record carries no port): it is left out, dns.names asks the --dns-server
        return Diagnose.runWithout(b.build(), "dns.authoritative");
    }

    /** The http.probe check's findings (or passed evidence) as text. */
    private static String probe(Diagnosis d) {
        CheckReport r = d.checks().stream().filter(c -> c.checkId().equals("http.probe")).findFirst()
                .orElseThrow(() -> new AssertionError("http.probe did not run: " + Diagnose.explain(d)));
        if (!(r instanceof CheckReport.Completed c)) {
            throw new AssertionError("http.probe did not complete: " + Diagnose.explain(d));
        }
        StringBuilder sb = new StringBuilder();
        if (c.result() instanceof CheckResult.Findings f) {
            for (Finding x : f.findings()) {
                sb.append(x.summary()).append('\n');
                x.evidence().forEach(e -> sb.append("  ").append(e.describe()).append('\n'));
            }
        } else if (c.result() instanceof CheckResult.Passed p) {
            p.evidence().forEach(e -> sb.append(e.describe()).append('\n'));
        }
        return sb.toString();
    }

    /** The top cause's evidence as text. */
    private static String topEvidence(Diagnosis d) {
        return d.causes().get(0).evidence().stream().map(e -> e.describe()).toList().toString();
    }

    @Test
    void siteNameThatLeadsToTheServerPassesAndTheProbeSaysWhoResolvedIt() {
        try (Stack stack = Stack.create("dns-site-healthy")) {
            Site site = site(stack, "shop IN A 127.0.0.1");
            Diagnosis d = diagnose(stack, site, "127.0.0.1");
            String probe = probe(d);
            assertTrue(probe.contains(SITE + " as this probe resolved it: 127.0.0.1 (TTL 60 s) from resolver "
                    + site.dnsServer() + " (--dns-server)"), probe);
            assertTrue(probe.contains("answered 200 from nginx"), probe);
            assertEquals(null, Diagnose.top(d), Diagnose.explain(d));
        }
    }

    @Test
    void siteNameStillPointingAtTheOldAddressIsWrongAddressAndTheProbeIsRefusedThere() {
        try (Stack stack = Stack.create("dns-site-wrong-address")) {
            Site site = site(stack, "shop IN A 127.0.0.2");
            Diagnosis d = diagnose(stack, site, "127.0.0.1");
            assertEquals(CauseCode.DNS_WRONG_ADDRESS, Diagnose.top(d), Diagnose.explain(d));
            String summary = d.causes().get(0).summary();
            assertTrue(summary.startsWith(SITE + " resolves to [127.0.0.2], which is neither the expected origin "
                    + "(127.0.0.1)"), summary);
            String probe = probe(d);
            assertTrue(probe.contains("127.0.0.2:" + site.port() + " refused the connection"), probe);
            assertTrue(probe.contains(SITE + " as this probe resolved it: 127.0.0.2 (TTL 60 s) from resolver "
                    + site.dnsServer()), probe);
            // the top cause shows both what DNS says and what the visitor's connection did
            String top = topEvidence(d);
            assertTrue(top.contains("127.0.0.2:" + site.port() + " refused the connection"), top);
            assertTrue(top.contains("A/AAAA " + SITE + " @" + site.dnsServer()), top);
            FaultTable.record(FaultTable.Row.of("dns-site-wrong-address", CHAIN,
                    "the site's A record still points at the old server (127.0.0.2, nothing serves it there); "
                            + "--dns-server and --expect-address given", 0, null, CauseCode.DNS_WRONG_ADDRESS,
                    SITE + " resolves to [127.0.0.2]…; probe: 127.0.0.2:… refused the connection", ""));
        }
    }

    @Test
    void siteServedHereOnAnotherAddressThanItsNameIsWrongAddressWithoutBeingToldWhatToExpect() {
        try (Stack stack = Stack.create("dns-site-served-elsewhere")) {
            Site site = site(stack, "shop IN A 127.0.0.2");
            // neither --expect-address nor --origin: nginx's own listen (127.0.0.1:PORT for shop.example.test) is
            // what the name should lead to
            Diagnosis d = diagnose(stack, site, null);
            assertEquals(CauseCode.DNS_WRONG_ADDRESS, Diagnose.top(d), Diagnose.explain(d));
            org.gatewaydoctor.model.RankedCause top = d.causes().get(0);
            String conf = Nginx.configFile(stack).toString();
            assertTrue(top.summary().startsWith(SITE + " is served here on 127.0.0.1:" + site.port()
                    + " (nginx server_name " + SITE + ", " + conf + ":"), top.summary());
            assertTrue(top.summary().endsWith("but the name resolves to 127.0.0.2, where nothing of this host listens "
                    + "on port " + site.port() + ": visitors' connections fail there"), top.summary());
            String evidence = top.evidence().stream().map(e -> e.describe()).toList().toString();
            assertTrue(evidence.contains("127.0.0.2:" + site.port() + " -> refused the connection"), evidence);
            // ranked above what the refused connection alone says (nothing accepts connections there)
            assertTrue(top.explains().contains(CauseCode.PROXY_DOWN), Diagnose.explain(d));
            FaultTable.record(FaultTable.Row.of("dns-site-served-elsewhere", CHAIN,
                    "the site's A record points at 127.0.0.2, nginx serves it on 127.0.0.1 (listen); --dns-server "
                            + "given, no --expect-address", 0, null, CauseCode.DNS_WRONG_ADDRESS,
                    SITE + " is served here on 127.0.0.1:… (nginx server_name …), but the name resolves to 127.0.0.2, "
                            + "where nothing of this host listens", ""));
        }
    }

    @Test
    void apacheVirtualHostServedOnAnotherAddressThanItsNameIsWrongAddress() {
        try (Stack stack = Stack.create("dns-site-served-elsewhere-apache")) {
            Named named = Named.start(stack, "example.test", Named.zoneFile(1, 60, "shop IN A 127.0.0.2"));
            int port = Ports.free();
            stack.mkdirs("www");
            stack.mkdirs("run");
            stack.write("www/index.html", "<h1>shop</h1>\n");
            // Listen 127.0.0.1:PORT; the site is a <VirtualHost *:PORT> with its ServerName
            org.gatewaydoctor.it.apache.Apache.start(stack, org.gatewaydoctor.it.apache.Apache.config(stack, port, """
                    <VirtualHost *:%d>
                        ServerName %s
                        DocumentRoot %s
                    </VirtualHost>
                    """.formatted(port, SITE, stack.path("www"))), port);
            assertEquals(200, Http.get(Http.url(port, "/")).status(), stack.outputs());
            URI url = URI.create("http://" + SITE + ":" + port + "/");
            Diagnosis d = Diagnose.runWithout(Target.builder().url(url)
                    .config(Target.CONFIG_APACHE, org.gatewaydoctor.it.apache.Apache.configFile(stack))
                    .zone(java.time.ZoneId.systemDefault()).option("dns.servers", named.hostPort()).build(),
                    "dns.authoritative");
            assertEquals(CauseCode.DNS_WRONG_ADDRESS, Diagnose.top(d), Diagnose.explain(d));
            String summary = d.causes().get(0).summary();
            assertTrue(summary.startsWith(SITE + " is served here on 127.0.0.1:" + port + " (Apache ServerName " + SITE
                    + ", " + org.gatewaydoctor.it.apache.Apache.configFile(stack) + ":"), summary);
            assertTrue(summary.contains("but the name resolves to 127.0.0.2, where nothing of this host listens"),
                    summary);
            String top = topEvidence(d);
            assertTrue(top.contains("127.0.0.2:" + port + " refused the connection"), top);
            FaultTable.record(FaultTable.Row.of("dns-site-served-elsewhere-apache", "DNS (site's name) → Apache (static)",
                    "the site's A record points at 127.0.0.2, Apache serves it on 127.0.0.1 (Listen, <VirtualHost "
                            + "*:PORT>); --dns-server given, no --expect-address", 0, null, CauseCode.DNS_WRONG_ADDRESS,
                    SITE + " is served here on 127.0.0.1:… (Apache ServerName …), but the name resolves to 127.0.0.2",
                    ""));
        }
    }

    @Test
    void deletedSiteRecordIsNxdomainAndTheProbeNeverConnects() {
        try (Stack stack = Stack.create("dns-site-nxdomain")) {
            Site site = site(stack, "www IN A 127.0.0.1");
            Diagnosis d = diagnose(stack, site, null);
            assertEquals(CauseCode.DNS_NXDOMAIN, Diagnose.top(d), Diagnose.explain(d));
            assertTrue(d.causes().get(0).summary().startsWith("the site's name " + SITE + " does not exist (NXDOMAIN) "
                    + "according to resolver " + site.dnsServer()), d.causes().get(0).summary());
            String probe = probe(d);
            assertTrue(probe.contains("the name " + SITE + " does not resolve (NXDOMAIN"), probe);
            assertTrue(probe.contains("from resolver " + site.dnsServer() + " (--dns-server))"), probe);
            assertTrue(!probe.contains("127.0.0.1:" + site.port()) && !probe.contains("refused")
                    && !probe.contains("answered"), "the probe must not connect anywhere: " + probe);
            String top = topEvidence(d);
            assertTrue(top.contains("the name " + SITE + " does not resolve (NXDOMAIN"), top);
            assertTrue(top.contains("A/AAAA " + SITE + " @" + site.dnsServer()), top);
            FaultTable.record(FaultTable.Row.of("dns-site-nxdomain", CHAIN,
                    "the site's A record deleted (NXDOMAIN); --dns-server given", 0, null, CauseCode.DNS_NXDOMAIN,
                    "the site's name " + SITE + " does not exist (NXDOMAIN); probe: does not resolve (NXDOMAIN …)",
                    ""));
        }
    }

    @Test
    void resolverThatCannotServeTheZoneIsServfailAndTheProbeSaysSo() {
        try (Stack stack = Stack.create("dns-site-servfail")) {
            // the resolver asked is a secondary for example.test whose primary never answered: BIND answers
            // SERVFAIL for a zone it has not loaded
            int deadPrimary = Ports.free();
            Named named = Named.start(stack, "other.test", Named.zoneFile(1, 60, "www IN A 127.0.0.1"),
                    "zone \"example.test\" { type secondary; primaries { 127.0.0.1 port " + deadPrimary + "; }; "
                            + "file \"" + stack.path("named") + "/example.test.secondary\"; };");
            Site site = site(stack, named);
            Diagnosis d = diagnose(stack, site, null);
            assertEquals(CauseCode.DNS_SERVFAIL, Diagnose.top(d), Diagnose.explain(d));
            String probe = probe(d);
            assertTrue(probe.contains("the name " + SITE + " does not resolve (SERVFAIL"), probe);
            assertTrue(probe.contains("from resolver " + site.dnsServer()), probe);
            String top = topEvidence(d);
            assertTrue(top.contains("the name " + SITE + " does not resolve (SERVFAIL"), top);
            FaultTable.record(FaultTable.Row.of("dns-site-servfail", CHAIN,
                    "the site's resolver is a secondary that never got the zone (SERVFAIL); --dns-server given", 0,
                    null, CauseCode.DNS_SERVFAIL, "the site's name " + SITE + " cannot be resolved: SERVFAIL; probe: "
                            + "does not resolve (SERVFAIL …)", ""));
        }
    }
}
