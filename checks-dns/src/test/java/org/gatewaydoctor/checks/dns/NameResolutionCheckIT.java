package org.gatewaydoctor.checks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.checks.dns.internal.Environment;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.UpstreamName;
import org.gatewaydoctor.facts.UpstreamNames;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dns.names} against real BIND 9 servers started by the test on 127.0.0.1 with zones written here.
 * Nothing is sent outside 127.0.0.0/8: the system resolver is the test's own resolv.conf, and every packet
 * goes through a route that fails the test for any other address.
 */
class NameResolutionCheckIT {

    @TempDir
    static Path dir;
    static Bind primary;
    static Bind other;

    @BeforeAll
    static void startServers() {
        // BIND 9.18 refuses more than 100 records of one type per name (max-records-per-type); 90 A records
        // (about 1.5 KB) still exceed the 1232-byte EDNS answer size
        List<String> big = new ArrayList<>();
        for (int i = 1; i <= 90; i++) {
            big.add("big IN A 127.0.1." + i);
        }
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put("example.test", Bind.zone(2026120701, concat(List.of(
                "@ IN NS ns1", "ns1 IN A 127.0.0.1",
                "www IN A 127.0.0.10",
                "cdn IN A 104.16.1.1",
                "dual IN A 127.0.0.1", "dual IN AAAA 2001:db8::80",
                "mail IN TXT \"v=spf1 -all\"",
                "shop IN CNAME gone.other.test.",
                "alias IN CNAME www",
                "app IN A 127.0.0.30", "moved IN A 198.51.100.7"), big).toArray(String[]::new)));
        zones.put("other.test", Bind.zone(7, "@ IN NS ns1.example.test.", "live IN A 127.0.0.40"));
        primary = Bind.start(dir.resolve("primary"), zones);
        Map<String, String> changed = new LinkedHashMap<>();
        changed.put("example.test", Bind.zone(2026120702, "@ IN NS ns1", "ns1 IN A 127.0.0.1",
                "www IN A 127.0.0.99"));
        other = Bind.start(dir.resolve("other"), changed);
    }

    @AfterAll
    static void stopServers() {
        if (primary != null) {
            primary.close();
        }
        if (other != null) {
            other.close();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static CheckTester tester(String url, String servers) {
        return CheckTester.of(new NameResolutionCheck(TestEnvironments.isolated(dir.resolve("env"))))
                .withUrl(url).withOption(DnsOptions.SERVERS, servers).withTimeout(Duration.ofSeconds(10));
    }

    /** An upstream name nginx resolves per request ({@code proxy_pass} with a variable) with its {@code resolver}. */
    private static UpstreamName nginxUpstream(Address resolver) {
        return new UpstreamName(WebServer.Kind.NGINX, "api.example.test", true, List.of(resolver),
                "proxy_pass http://api.example.test:8080$request_uri", "/etc/nginx/sites-enabled/site", 14);
    }

    /** An upstream name HAProxy resolves at run time with the {@code nameserver} of its resolvers section. */
    private static UpstreamName haproxyUpstream(Address nameserver) {
        return new UpstreamName(WebServer.Kind.HAPROXY, "api.example.test", true, List.of(nameserver),
                "server app1 api.example.test:8080", "/etc/haproxy/haproxy.cfg", 31);
    }

    /** The check in {@code env}, given the upstream names the web servers' configurations use. */
    private static CheckTester upstreams(Environment env, UpstreamName... names) {
        return CheckTester.of(new NameResolutionCheck(env))
                .withFact(Facts.WEB_SERVERS_CHECK, Facts.UPSTREAM_NAMES, new UpstreamNames(List.of(names)))
                .withTimeout(Duration.ofSeconds(10));
    }

    private static Finding only(CheckRun run, CauseCode code) {
        run.assertFound(code);
        List<Finding> f = run.findings().stream().filter(x -> code.equals(x.cause())).toList();
        assertEquals(1, f.size(), run.json());
        return f.get(0);
    }

    private static String outcomes(Finding f) {
        return f.evidence().stream().filter(e -> e instanceof Evidence.Probe).map(Evidence::describe).toList().toString();
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new NameResolutionCheck()).assertDescribesItselfProperly();
    }

    @Test
    void nameThatDoesNotExistIsNxdomainWithItsNegativeCachingTime() {
        CheckRun run = tester("https://gone.example.test/", primary.hostPort()).run();
        Finding f = only(run, CauseCode.DNS_NXDOMAIN);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("the site's name gone.example.test does not exist (NXDOMAIN) according to resolver "
                + primary.hostPort() + " (--dns-server): visitors get a browser DNS error, no HTTP status", f.summary());
        assertTrue(outcomes(f).contains("-> NXDOMAIN (negative answer cached 60 s)"), outcomes(f));
        assertNull(f.httpStatus());
        run.assertValidAgainstSchema();
    }

    private static org.gatewaydoctor.facts.SiteAddresses published(String url) throws Exception {
        org.gatewaydoctor.testkit.TestCheckContext ctx = org.gatewaydoctor.testkit.TestCheckContext.builder().url(url)
                .option(DnsOptions.SERVERS, primary.hostPort()).timeout(Duration.ofSeconds(10)).build();
        new NameResolutionCheck(TestEnvironments.isolated(dir.resolve("env"))).run(ctx);
        return ctx.published(Facts.SITE_ADDRESSES).orElseThrow(() -> new AssertionError("no site addresses published"));
    }

    @Test
    void publishesTheSiteAddressesForTheProbes() throws Exception {
        org.gatewaydoctor.facts.SiteAddresses s = published("https://www.example.test/");
        assertEquals("www.example.test", s.host());
        assertEquals(List.of(InetAddress.getByName("127.0.0.10")), s.addresses());
        assertEquals("resolver " + primary.hostPort() + " (--dns-server)", s.resolver());
        assertEquals("127.0.0.10 (TTL 300 s)", s.answer());
    }

    @Test
    void publishesTheFailureOfASiteNameThatDoesNotResolve() throws Exception {
        org.gatewaydoctor.facts.SiteAddresses s = published("https://gone.example.test/");
        assertEquals(List.of(), s.addresses());
        assertTrue(s.answer().startsWith("NXDOMAIN"), s.answer());
    }

    @Test
    void nameWithoutAddressRecordsIsNoAddress() {
        Finding f = only(tester("https://mail.example.test/", primary.hostPort()).run(), CauseCode.DNS_NO_ADDRESS);
        assertTrue(f.summary().startsWith("the site's name mail.example.test exists but has no A or AAAA record (NODATA)"),
                f.summary());
    }

    @Test
    void cnameToANameThatDoesNotExistIsDangling() {
        Finding f = only(tester("https://shop.example.test/", primary.hostPort()).run(), CauseCode.DNS_DANGLING_CNAME);
        assertTrue(f.summary().startsWith("the site's name shop.example.test is a CNAME to gone.other.test, which does "
                + "not exist"), f.summary());
        assertTrue(outcomes(f).contains("CNAME gone.other.test → NXDOMAIN for the CNAME target gone.other.test"),
                outcomes(f));
    }

    @Test
    void cnameChainIsFollowedToItsAddresses() {
        CheckRun run = tester("https://alias.example.test/", primary.hostPort()).run().assertPassed();
        assertTrue(run.json().contains("CNAME www.example.test → 127.0.0.10 (TTL 300 s)"), run.json());
    }

    @Test
    void answerTooLargeForUdpIsFetchedOverTcp() {
        CheckRun run = tester("https://big.example.test/", primary.hostPort()).run().assertPassed();
        String json = run.json();
        assertTrue(json.contains("the UDP answer was truncated (TC flag"), json);
        assertTrue(json.contains("the TCP answer is complete: 90 answer records"), json);
        assertTrue(json.contains("127.0.1.90"), json);
    }

    @Test
    void addressOutsideTheExpectedOriginIsWrongAddress() {
        Finding f = only(tester("https://www.example.test/", primary.hostPort())
                .withOption(DnsOptions.EXPECT_ADDRESS, "127.0.0.20").run(), CauseCode.DNS_WRONG_ADDRESS);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("www.example.test resolves to [127.0.0.10], which is neither the expected origin (127.0.0.20) nor "
                + "inside a CDN's published ranges: visitors reach another machine", f.summary());
    }

    @Test
    void edgeOriginAddressCountsAsExpected() {
        tester("https://www.example.test/", primary.hostPort()).withOption(DnsOptions.EDGE_ORIGIN, "127.0.0.10:8443")
                .run().assertPassed();
    }

    @Test
    void addressInsideACdnRangeIsNotWrong() {
        CheckRun run = tester("https://cdn.example.test/", primary.hostPort())
                .withOption(DnsOptions.EXPECT_ADDRESS, "127.0.0.20").run().assertPassed();
        assertTrue(run.json().contains("cdn.example.test points at a CDN: 104.16.1.1 (Cloudflare 104.16.0.0/13)"),
                run.json());
    }

    /** A port where nothing listens on 127.0.0.10 (nor on 127.0.0.1). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.10"))) {
            return s.getLocalPort();
        }
    }

    private static org.gatewaydoctor.facts.Listeners nginxListening(String address, int port, String... names) {
        return new org.gatewaydoctor.facts.Listeners(List.of(new org.gatewaydoctor.facts.Listener(WebServer.Kind.NGINX,
                Address.tcp(address, port), List.of(names), "/etc/nginx/sites-enabled/shop", 3)));
    }

    /**
     * The check asked for {@code http://HOST:PORT/} at the primary server, nginx listening on {@code address:port}
     * for {@code serverName} ({@code ""}: every address).
     */
    private static CheckTester servedHere(String host, int port, String address, String serverName) {
        return tester("http://" + host + ":" + port + "/", primary.hostPort())
                .withFact(Facts.WEB_SERVERS_CHECK, Facts.LISTENERS, nginxListening(address, port, serverName));
    }

    @Test
    void siteServedHereButResolvingToAnAddressWhereNothingListensIsWrongAddressWithoutAnExpectation()
            throws IOException {
        int port = closedPort();
        CheckRun run = servedHere("www.example.test", port, "127.0.0.1", "www.example.test")
                .run();
        Finding f = only(run, CauseCode.DNS_WRONG_ADDRESS);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("www.example.test is served here on 127.0.0.1:" + port + " (nginx server_name www.example.test, "
                + "/etc/nginx/sites-enabled/shop:3), but the name resolves to 127.0.0.10, where nothing of this host "
                + "listens on port " + port + ": visitors' connections fail there", f.summary());
        assertTrue(outcomes(f).contains("127.0.0.10:" + port + " -> refused the connection"), outcomes(f));
        assertTrue(f.remediation().get(0).startsWith("Point the A/AAAA records of www.example.test at the address "
                + "the site is served on (127.0.0.1)"), f.remediation().toString());
        run.assertValidAgainstSchema();
    }

    @Test
    void siteServedOnEveryAddressIsNotWrongOnAnotherLoopbackAddress() throws IOException {
        int port = closedPort();
        servedHere("www.example.test", port, "", "www.example.test")
                .run().assertPassed();
    }

    @Test
    void somethingTheConfigurationsDoNotNameListeningThereIsNotJudgedWrong() throws IOException {
        // observed beats predicted: the configurations say nothing listens on 127.0.0.10, but something does
        try (ServerSocket unnamed = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.10"))) {
            int port = unnamed.getLocalPort();
            servedHere("www.example.test", port, "127.0.0.1", "www.example.test")
                    .run().assertPassed();
        }
    }

    @Test
    void siteServedHereThatPointsAtACdnStaysACdnNotAWrongAddress() throws IOException {
        int port = closedPort();
        // the test route fails the test if anything is sent to 104.16.1.1
        CheckRun run = servedHere("cdn.example.test", port, "127.0.0.1", "cdn.example.test")
                .run().assertPassed();
        assertTrue(run.json().contains("cdn.example.test points at a CDN: 104.16.1.1 (Cloudflare 104.16.0.0/13)"),
                run.json());
    }

    @Test
    void aNameTheLocalServersDoNotServeIsNotJudgedByTheirListeners() throws IOException {
        int port = closedPort();
        servedHere("www.example.test", port, "127.0.0.1", "blog.example.test")
                .run().assertPassed();
    }

    @Test
    void haproxyNameserverWrittenAsAHostNameIsResolvedAtStartThenAsked() {
        // haproxy 2.6 resolves "nameserver ns1 dns.internal:PORT" with getaddrinfo when it reads its configuration
        UpstreamName app = haproxyUpstream(Address.tcp("dns.internal", primary.port()));
        Environment env = TestEnvironments.of(dir.resolve("env-haproxy-ns-name"), "nameserver 127.0.0.1\n",
                "127.0.0.1 dns.internal\n", Map.of());
        CheckRun run = upstreams(env, app).run();
        Finding f = only(run, CauseCode.PROXY_UPSTREAM_DNS_FAILURE);
        assertEquals(503, f.httpStatus());
        assertTrue(f.summary().startsWith("the upstream name api.example.test does not exist (NXDOMAIN) according to "
                + "resolver " + primary.hostPort() + " (HAProxy resolver dns.internal = 127.0.0.1 as resolved from "
                + dir.resolve("env-haproxy-ns-name").resolve("hosts") + " (/etc/haproxy/haproxy.cfg:31))"), f.summary());
    }

    @Test
    void haproxyNameserverNameThatNoLongerResolvesIsARiskWithHaproxysOwnWords() {
        UpstreamName app = haproxyUpstream(Address.tcp("gone-dns.example.test", 5353));
        CheckRun run = upstreams(TestEnvironments.isolated(dir.resolve("env")), app)
                .withOption(DnsOptions.SERVERS, primary.hostPort()).run();
        Finding f = only(run, CauseCode.PROXY_CONFIG_INVALID);
        assertEquals(org.gatewaydoctor.model.Basis.RISK, f.basis());
        // the words haproxy 2.6.12 prints for it ("haproxy -c" with the name missing from the hosts file)
        assertTrue(f.summary().endsWith("the next reload or restart fails with: 'nameserver …' : invalid address: "
                + "'gone-dns.example.test' in 'gone-dns.example.test:5353'"), f.summary());
    }

    @Test
    void resolversThatDisagreeAreInconsistentWithBothAnswersAndTheirTtl() {
        Finding f = only(tester("https://www.example.test/", primary.hostPort() + "," + other.hostPort()).run(),
                CauseCode.DNS_INCONSISTENT);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().contains("resolver " + primary.hostPort() + " (--dns-server): 127.0.0.10 (TTL 300 s); "
                + "resolver " + other.hostPort() + " (--dns-server): 127.0.0.99 (TTL 300 s)"), f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().startsWith(
                "the longest remaining TTL among these answers ends at ")), f.evidence().toString());
    }

    @Test
    void aaaaWhereNothingListensIsWrongAddressForIpv6Visitors() throws IOException {
        // no IPv6 socket is opened: the connection to the AAAA address (a documentation address) is routed to a
        // loopback port where nothing listens, so it is refused as an IPv6 address without a server would be
        try (ServerSocket web = new ServerSocket(); ServerSocket closed = new ServerSocket()) {
            web.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            closed.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = web.getLocalPort();
            int nothing = closed.getLocalPort();
            closed.close();
            Environment env = TestEnvironments.of(dir.resolve("env-dual"), "nameserver 127.0.0.1\n", "",
                    Map.of(TestEnvironments.at("2001:db8::80", port), TestEnvironments.at("127.0.0.1", nothing)));
            CheckRun run = CheckTester.of(new NameResolutionCheck(env)).withUrl("http://dual.example.test:" + port + "/")
                    .withOption(DnsOptions.SERVERS, primary.hostPort()).withTimeout(Duration.ofSeconds(10)).run();
            Finding f = only(run, CauseCode.DNS_WRONG_ADDRESS);
            assertEquals("dual.example.test has AAAA records where nothing answers on port " + port
                    + " ([2001:db8::80]) while [127.0.0.1] answers: visitors who connect over IPv6 fail, the others do not",
                    f.summary());
        }
    }

    @Test
    void upstreamNameNginxResolvesPerRequestIsAskedOfNginxsResolver() {
        UpstreamName app = nginxUpstream(Address.tcp("127.0.0.1", primary.port()));
        CheckRun run = upstreams(TestEnvironments.isolated(dir.resolve("env")), app).run();
        Finding f = only(run, CauseCode.PROXY_UPSTREAM_DNS_FAILURE);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(502, f.httpStatus());
        assertEquals("the upstream name api.example.test does not exist (NXDOMAIN) according to resolver "
                + primary.hostPort() + " (nginx resolver (/etc/nginx/sites-enabled/site:14)): nginx resolves it per "
                + "request, so those requests fail with 502", f.summary());
    }

    @Test
    void nginxResolverWrittenAsAHostNameIsResolvedFirstAsNginxDoesAtStartThenAsked() {
        // nginx resolves "resolver dns.internal:PORT" once when it reads its configuration (getaddrinfo: the hosts
        // file, then resolv.conf); here the hosts file says where it is
        UpstreamName app = nginxUpstream(Address.tcp("dns.internal", primary.port()));
        Environment env = TestEnvironments.of(dir.resolve("env-resolver-name"), "nameserver 127.0.0.1\n",
                "127.0.0.1 dns.internal\n", Map.of());
        CheckRun run = upstreams(env, app).run();
        Finding f = only(run, CauseCode.PROXY_UPSTREAM_DNS_FAILURE);
        assertEquals("the upstream name api.example.test does not exist (NXDOMAIN) according to resolver "
                + primary.hostPort() + " (nginx resolver dns.internal = 127.0.0.1 as resolved from "
                + dir.resolve("env-resolver-name").resolve("hosts") + " (/etc/nginx/sites-enabled/site:14)): nginx "
                + "resolves it per request, so those requests fail with 502", f.summary());
        assertTrue(run.findings().stream().noneMatch(x -> CauseCode.PROXY_CONFIG_INVALID.equals(x.cause())), run.json());
    }

    @Test
    void nginxResolverNameThatNoLongerResolvesIsARiskForTheNextReload() {
        UpstreamName app = nginxUpstream(Address.tcp("gone-dns.example.test", 53));
        UpstreamName img = new UpstreamName(WebServer.Kind.NGINX, "img.example.test", true,
                List.of(Address.tcp("gone-dns.example.test", 53)), "proxy_pass http://img.example.test$request_uri",
                "/etc/nginx/sites-enabled/site", 20);
        CheckRun run = upstreams(TestEnvironments.isolated(dir.resolve("env")), app, img)
                .withOption(DnsOptions.SERVERS, primary.hostPort()).run();
        Finding f = only(run, CauseCode.PROXY_CONFIG_INVALID);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(org.gatewaydoctor.model.Basis.RISK, f.basis());
        assertTrue(f.summary().startsWith("nginx's resolver is written as the host name gone-dns.example.test, which "
                + "does not resolve now (NXDOMAIN"), f.summary());
        assertTrue(f.summary().endsWith("the next reload or restart fails with: host not found in resolver "
                + "\"gone-dns.example.test\""), f.summary());
        // no name server is left to ask in nginx's place: the upstream names are not asked of another resolver
        assertTrue(run.findings().stream().noneMatch(x -> CauseCode.PROXY_UPSTREAM_DNS_FAILURE.equals(x.cause())),
                run.json());
    }

    @Test
    void upstreamNameHaproxyResolvesWithItsResolversSectionIsAskedOfThoseServersAndMeans503() {
        UpstreamName app = haproxyUpstream(Address.tcp("127.0.0.1", primary.port()));
        CheckRun run = upstreams(TestEnvironments.isolated(dir.resolve("env")), app).run();
        Finding f = only(run, CauseCode.PROXY_UPSTREAM_DNS_FAILURE);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(503, f.httpStatus(), "a backend whose servers are all in MAINT answers 503");
        assertEquals("the upstream name api.example.test does not exist (NXDOMAIN) according to resolver "
                + primary.hostPort() + " (HAProxy resolver (/etc/haproxy/haproxy.cfg:31)): HAProxy resolves it at run "
                + "time (its resolvers section) and takes the server out of the farm once its hold time passes; when "
                + "no server is left, visitors get 503", f.summary());
    }

    @Test
    void aSiteThisMachineServesButWhoseNameLeadsToAnotherPublicAddressIsAWarning() {
        // this machine: public address 203.0.113.5, nginx serves moved.example.test; the name points at 198.51.100.7
        Environment env = new Environment(dir.resolve("env/resolv.conf"), dir.resolve("env/hosts"), a -> {
            if (!a.getAddress().isLoopbackAddress()) {
                throw new AssertionError("a test tried to send a DNS query to " + a);
            }
            return a;
        }, Duration.ofSeconds(2), () -> List.of(InetAddress.getLoopbackAddress(), ip("10.0.0.5"), ip("203.0.113.5")));
        WebServers here = new WebServers(List.of(new WebServer(WebServer.Kind.NGINX, Path.of("/etc/nginx/nginx.conf"), "www-data",
                "www-data", List.of(new org.gatewaydoctor.facts.ProxyRoute("moved.example.test www.moved.example.test",
                        "location /", org.gatewaydoctor.facts.UpstreamProtocol.FASTCGI,
                        List.of(Address.unix(Path.of("/run/php/php8.2-fpm.sock"))), "", Duration.ofSeconds(60),
                        Duration.ofSeconds(60), "/etc/nginx/sites-enabled/moved", 3)))));
        CheckRun run = CheckTester.of(new NameResolutionCheck(env)).withUrl("https://moved.example.test/")
                .withOption(DnsOptions.SERVERS, primary.hostPort())
                .withFact(Facts.WEB_SERVERS_CHECK, Facts.WEB_SERVERS, here).withTimeout(Duration.ofSeconds(10)).run();
        Finding f = only(run, CauseCode.DNS_WRONG_ADDRESS);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("moved.example.test resolves to [198.51.100.7], but this machine serves it "
                + "(/etc/nginx/sites-enabled/moved:3) and has the public address 203.0.113.5: unless a load balancer or "
                + "NAT there forwards to this machine, visitors reach another server (after a move: the old one)",
                f.summary());

        // without the web server's configuration nothing says this machine is the site's server: a note only
        CheckTester.of(new NameResolutionCheck(env)).withUrl("https://moved.example.test/")
                .withOption(DnsOptions.SERVERS, primary.hostPort()).withTimeout(Duration.ofSeconds(10)).run()
                .assertPassed();
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void upstreamNameThatResolvesPasses() {
        UpstreamName app = new UpstreamName(WebServer.Kind.NGINX, "app.example.test", true,
                List.of(Address.tcp("127.0.0.1", primary.port())), "proxy_pass http://app.example.test$request_uri",
                "/etc/nginx/nginx.conf", 30);
        CheckTester.of(new NameResolutionCheck(TestEnvironments.isolated(dir.resolve("env"))))
                .withFact(Facts.WEB_SERVERS_CHECK, Facts.UPSTREAM_NAMES, new UpstreamNames(List.of(app)))
                .run().assertPassed();
    }

    @Test
    void systemResolverIsTheHostsFileThenResolvConf() {
        NameResolutionCheck check = new NameResolutionCheck(TestEnvironments.of(dir.resolve("sys"),
                "# written by the test\nsearch example.test\nnameserver 127.0.0.53\noptions edns0\n",
                "127.0.0.77 pinned.example.test\n",
                Map.of(TestEnvironments.at("127.0.0.53", 53), TestEnvironments.at("127.0.0.1", primary.port()))));
        CheckRun gone = CheckTester.of(check).withUrl("https://gone.example.test/").run();
        Finding f = only(gone, CauseCode.DNS_NXDOMAIN);
        assertTrue(f.summary().contains("according to resolver 127.0.0.53:53 ("), f.summary());
        CheckRun pinned = CheckTester.of(check).withUrl("https://pinned.example.test/").run().assertPassed();
        assertTrue(pinned.json().contains("127.0.0.77"), pinned.json());
    }

    @Test
    void aShortUpstreamNameResolvedAtStartIsAskedWithTheSearchListAsGlibcDoes() {
        // nginx resolves "proxy_pass http://app:8080" once at start through getaddrinfo: resolv.conf's search
        // list makes it app.example.test
        NameResolutionCheck check = new NameResolutionCheck(TestEnvironments.of(dir.resolve("search"),
                "search other.test example.test\nnameserver 127.0.0.53\noptions ndots:2\n", "",
                Map.of(TestEnvironments.at("127.0.0.53", 53), TestEnvironments.at("127.0.0.1", primary.port()))));
        UpstreamName app = new UpstreamName(WebServer.Kind.NGINX, "app", false, List.of(),
                "proxy_pass http://app:8080", "/etc/nginx/sites-enabled/site", 9);
        CheckRun run = CheckTester.of(check)
                .withFact(Facts.WEB_SERVERS_CHECK, Facts.UPSTREAM_NAMES, new UpstreamNames(List.of(app)))
                .withTimeout(Duration.ofSeconds(10)).run().assertPassed();
        assertTrue(run.json().contains("127.0.0.30"), run.json());
        assertTrue(run.json().contains("resolved as app.example.test through the search list of "), run.json());

        UpstreamName gone = new UpstreamName(WebServer.Kind.NGINX, "php", false, List.of(),
                "fastcgi_pass php:9000", "/etc/nginx/sites-enabled/site", 12);
        CheckRun missing = CheckTester.of(check)
                .withFact(Facts.WEB_SERVERS_CHECK, Facts.UPSTREAM_NAMES, new UpstreamNames(List.of(gone)))
                .withTimeout(Duration.ofSeconds(10)).run();
        Finding f = only(missing, CauseCode.PROXY_UPSTREAM_DNS_FAILURE);
        assertTrue(missing.json().contains("asked: php.other.test (NXDOMAIN), php.example.test (NXDOMAIN), php ("),
                missing.json());
        assertTrue(f.summary().startsWith("the upstream name php "), f.summary());
    }

    @Test
    void machineWithoutResolvConfSaysSoInsteadOfBlamingTheName() {
        NameResolutionCheck check = new NameResolutionCheck(new org.gatewaydoctor.checks.dns.internal.Environment(
                dir.resolve("no-such-resolv.conf"), dir.resolve("no-such-hosts"), a -> a, Duration.ofSeconds(2),
                List::of));
        CheckRun run = CheckTester.of(check).withUrl("https://www.example.test/").run().assertPassed();
        assertTrue(run.json().contains("www.example.test was not looked up: no name server to ask: "
                + dir.resolve("no-such-resolv.conf") + " does not exist"), run.json());
    }

    @Test
    void silentResolverEndsAsTimeoutWithinTheDeadline() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            CheckRun run = tester("https://www.example.test/", "127.0.0.1:" + silent.getLocalPort())
                    .assertRespectsDeadline(Duration.ofSeconds(3));
            Finding f = only(run, CauseCode.DNS_TIMEOUT);
            assertTrue(f.summary().contains("gets no usable answer from the resolver (no reply within 2000 ms (asked "
                    + "twice over UDP))"), f.summary());
        }
    }

    @Test
    void specialUseNamesAreNeverAsked() {
        CheckRun run = tester("https://example.invalid/", "127.0.0.1:9").run();
        Finding f = only(run, CauseCode.DNS_NXDOMAIN);
        assertTrue(outcomes(f).contains("RFC 6761"), outcomes(f));
    }

    @Test
    void ipAddressUrlIsNotApplicable() {
        CheckRun run = tester("http://127.0.0.1:8080/", primary.hostPort()).run().assertNotApplicable();
        assertTrue(run.result().map(r -> ((CheckResult.NotApplicable) r).reason()).orElse("").startsWith("no host name"));
    }

    @Test
    void urlSecretsNeverLeak() {
        tester("https://user:canary-s3cret-77@gone.example.test/", primary.hostPort()).withSecret("canary-s3cret-77")
                .run().assertNoSecretsLeak("canary-s3cret-77");
    }
}
