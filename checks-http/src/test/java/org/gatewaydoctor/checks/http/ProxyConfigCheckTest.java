package org.gatewaydoctor.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.checks.http.internal.UpstreamProber;
import org.gatewaydoctor.checks.http.internal.config.ConfigLimits;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.ProxyRoute;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProxyConfigCheck} on configuration alone: no probes, names looked up by a stub resolver. */
class ProxyConfigCheckTest {

    private static final UpstreamProber.Resolver NO_DNS = host -> {
        throw new UnknownHostException(host + ": Name or service not known");
    };

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Path nginx(String http) throws IOException {
        return write("nginx.conf", "events {}\nhttp {\n" + http + "}\n");
    }

    private static CheckResult run(Target.Builder target, UpstreamProber.Resolver resolver) throws Exception {
        return new ProxyConfigCheck(resolver, false).run(TestCheckContext.builder().target(target.build()).build());
    }

    @Test
    void isNotApplicableWithoutProxyConfiguration() throws Exception {
        assertInstanceOf(CheckResult.NotApplicable.class, run(Target.builder(), NO_DNS));
    }

    @Test
    void describesItselfAndKeepsTheFactsId() {
        CheckTester.of(new ProxyConfigCheck()).assertDescribesItselfProperly();
        assertEquals(Facts.WEB_SERVERS_CHECK, new ProxyConfigCheck().id());
    }

    @Test
    void reportsAVariableUpstreamWithALiteralHostAndNoResolver() throws Exception {
        Path conf = nginx("    server {\n        server_name shop.test;\n        location / {\n"
                + "            proxy_pass http://api.internal:8080$request_uri;\n        }\n    }\n");
        Finding f = CheckResults.only(run(Target.builder().config(Target.CONFIG_NGINX, conf), NO_DNS));
        assertEquals(CauseCode.PROXY_UPSTREAM_DNS_FAILURE, f.cause());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("nginx must resolve the host name api.internal while serving requests, but no resolver is "
                + "configured: each such request fails with 502 and the error log says \"no resolver defined to "
                + "resolve api.internal\"", f.summary());
        assertEquals(new Evidence.ConfigLine(conf.toString(), 6, "proxy_pass", "http://api.internal:8080$request_uri"),
                f.evidence().get(0));
    }

    @Test
    void acceptsAVariableUpstreamWhenAResolverIsInEffect() throws Exception {
        Path conf = nginx("    resolver 127.0.0.53 valid=30s;\n    server {\n        location / {\n"
                + "            set $backend api.internal;\n            proxy_pass http://$backend;\n        }\n    }\n");
        CheckResult r = run(Target.builder().config(Target.CONFIG_NGINX, conf),
                host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
        assertInstanceOf(CheckResult.Passed.class, r, r.toString());
    }

    @Test
    void reportsAStaticUpstreamNameThatDoesNotResolve() throws Exception {
        Path conf = nginx("    upstream app {\n        server app.invalid:8080;\n    }\n    server {\n"
                + "        location / {\n            proxy_pass http://app;\n        }\n    }\n");
        Finding f = CheckResults.only(run(Target.builder().config(Target.CONFIG_NGINX, conf), NO_DNS));
        assertEquals(CauseCode.PROXY_UPSTREAM_DNS_FAILURE, f.cause());
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(new Evidence.ConfigLine(conf.toString(), 4, "server", "app.invalid:8080"), f.evidence().get(0));
        assertEquals(new Evidence.Probe("app.invalid", "dns", null, Duration.ZERO,
                "lookup failed: app.invalid: Name or service not known", null), f.evidence().get(1));
    }

    @Test
    void raisesHeaderTooBigWithTheBufferInEffectWhenTheLogShowsIt() throws Exception {
        Path conf = nginx("    server {\n        server_name example.test;\n        location / {\n"
                + "            proxy_pass http://127.0.0.1:18105;\n        }\n    }\n");
        Path log = write("error.log", "2026/11/21 20:55:33 [error] 3959#3959: *23 upstream sent too big header while "
                + "reading response header from upstream, client: 127.0.0.1, server: example.test, request: "
                + "\"GET /toobig HTTP/1.1\", upstream: \"http://127.0.0.1:18105/toobig\", host: \"example.test\"\n");
        Finding f = CheckResults.only(run(Target.builder().config(Target.CONFIG_NGINX, conf).logs(log), NO_DNS));
        assertEquals(CauseCode.PROXY_HEADER_TOO_BIG, f.cause());
        assertEquals("nginx rejected upstream responses whose headers did not fit proxy_buffer_size (4k) 1 time: "
                + "each was a 502", f.summary());
        assertTrue(f.evidence().contains(new Evidence.Observation(
                "proxy_buffer_size is not set: nginx's default is one memory page (4k)")), f.evidence().toString());
        // 32k with 8 16k buffers is what nginx -t accepts; 32k alone fails the busy-buffers rule
        assertTrue(f.remediation().get(0).startsWith("Raise it to 32k where the pass at " + conf + ":6 takes effect: "
                + "\"proxy_buffer_size 32k; proxy_buffers 8 16k;\""), f.remediation().get(0));
    }

    @Test
    void reportsAConfigurationTheServerWouldRefuseAsConfigInvalid() throws Exception {
        Path conf = nginx("    server {\n        location / {\n            proxy_read_timeout 30x;\n"
                + "            proxy_pass http://127.0.0.1:9;\n        }\n    }\n");
        Finding f = CheckResults.only(run(Target.builder().config(Target.CONFIG_NGINX, conf), NO_DNS));
        assertEquals(CauseCode.PROXY_CONFIG_INVALID, f.cause());
        // a running server keeps its previous configuration: a warning until a reload, never healthy
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().startsWith("nginx would refuse this configuration: \"proxy_read_timeout\" directive "
                + "invalid value"), f.summary());
        assertTrue(f.evidence().get(0) instanceof Evidence.Observation o
                && o.text().equals(conf + ":5: \"proxy_read_timeout\" directive invalid value"),
                f.evidence().toString());
    }

    @Test
    void aBinaryConfigurationIsOneTheServerRefuses() throws Exception {
        Path conf = dir.resolve("nginx.conf");
        Files.write(conf, new byte[] {'e', 'v', 0, 1, (byte) 0xff, '\n', '}', 0});
        CheckResult r = run(Target.builder().config(Target.CONFIG_NGINX, conf), NO_DNS);
        Finding f = CheckResults.only(r);
        assertEquals(CauseCode.PROXY_CONFIG_INVALID, f.cause());
        assertTrue(f.summary().contains("binary data (a NUL byte)"), f.summary());
        assertEquals(1, r.gapList().size(), "and it was not parsed: " + r);
    }

    @Test
    void anIncludeOverTheSizeLimitIsAGapNeverHealthy() throws Exception {
        Path big = dir.resolve("big.conf");
        Files.write(big, new byte[(int) ConfigLimits.DEFAULTS.maxFileBytes() + 1]);
        Path conf = nginx("    include " + big + ";\n");
        CheckResult r = run(Target.builder().config(Target.CONFIG_NGINX, conf), NO_DNS);
        assertInstanceOf(CheckResult.Passed.class, r);
        assertEquals(1, r.gapList().size(), r.toString());
        assertEquals(big.toString(), r.gapList().get(0).source());
        assertTrue(r.gapList().get(0).reason().contains("over the limit of 4194304 bytes a file"), r.toString());
    }

    @Test
    void anIncludeOfADeviceIsNeverOpenedAndIsAGap() throws Exception {
        Path conf = nginx("    include /dev/zero;\n");
        CheckResult r = run(Target.builder().config(Target.CONFIG_NGINX, conf), NO_DNS);
        assertEquals(1, r.gapList().size(), r.toString());
        assertTrue(r.gapList().get(0).reason().contains("not a regular file"), r.toString());
    }

    @Test
    void blocksNestedPastTheLimitAreAGapNotAStackOverflow() throws Exception {
        int n = 100_000;
        Path conf = nginx("    server {\n" + "        location / {\n".repeat(n) + "}\n".repeat(n) + "    }\n");
        CheckResult r = run(Target.builder().config(Target.CONFIG_NGINX, conf), NO_DNS);
        assertEquals(1, r.gapList().size(), r.toString());
        assertTrue(r.gapList().get(0).reason().startsWith("blocks nested deeper than"), r.toString());
    }

    @Test
    void publishesHaproxyBackendsAsRoutesWithTheirTimeouts() throws Exception {
        Path cfg = write("haproxy.cfg", "global\n    user haproxy\n    group haproxy\ndefaults\n    mode http\n"
                + "    timeout connect 5s\n    timeout client 30s\n    timeout server 90s\n"
                + "frontend web\n    bind 127.0.0.1:80\n    default_backend app\n"
                + "backend app\n    server a1 127.0.0.1:8080 check\n    server a2 unix@/run/app.sock\n"
                + "backend php\n    server f1 127.0.0.1:9000 proto fcgi\n");
        TestCheckContext ctx = TestCheckContext.builder().config(Target.CONFIG_HAPROXY, cfg).build();
        new ProxyConfigCheck(NO_DNS, false).run(ctx);
        WebServer s = ctx.published(Facts.WEB_SERVERS).map(WebServers::servers).orElseThrow().get(0);
        assertEquals(WebServer.Kind.HAPROXY, s.kind());
        assertEquals("haproxy", s.user());
        assertEquals(List.of(
                new ProxyRoute("web", "backend app", UpstreamProtocol.HTTP, List.of(Address.tcp("127.0.0.1", 8080),
                        Address.unix(Path.of("/run/app.sock"))), "app", Duration.ofSeconds(90), Duration.ofSeconds(5),
                        cfg.toString(), 12),
                new ProxyRoute("default", "backend php", UpstreamProtocol.FASTCGI, List.of(Address.tcp("127.0.0.1", 9000)),
                        "php", Duration.ofSeconds(90), Duration.ofSeconds(5), cfg.toString(), 15)), s.routes());
    }

    @Test
    void publishesApacheFastCgiHandlersWithTheRunUserFromEnvvars() throws Exception {
        write("apache2/envvars", "export APACHE_RUN_USER=www-data\nexport APACHE_RUN_GROUP=www-data\n");
        Path conf = write("apache2/apache2.conf", "User ${APACHE_RUN_USER}\nGroup ${APACHE_RUN_GROUP}\nTimeout 300\n"
                + "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n"
                + "LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n"
                + "<VirtualHost *:80>\n    ServerName blog.test\n    <FilesMatch \\.php$>\n"
                + "        SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n    </FilesMatch>\n"
                + "</VirtualHost>\n");
        TestCheckContext ctx = TestCheckContext.builder().config(Target.CONFIG_APACHE, conf).build();
        new ProxyConfigCheck(NO_DNS, false).run(ctx);
        WebServer s = ctx.published(Facts.WEB_SERVERS).map(WebServers::servers).orElseThrow().get(0);
        assertEquals("www-data", s.user());
        ProxyRoute r = s.routes().get(0);
        assertEquals("blog.test", r.server());
        assertEquals(UpstreamProtocol.FASTCGI, r.protocol());
        assertEquals(List.of(Address.unix(Path.of("/run/php/php8.2-fpm.sock"))), r.targets());
        assertEquals(Duration.ofSeconds(300), r.readTimeout());
        assertEquals(conf + ":9", r.location());
    }

    @Test
    void publishesTheNamesNginxResolvesWithItsOwnResolverAndDoesNotAskThisHostsResolverForThem() throws Exception {
        Path conf = nginx("    resolver 127.0.0.1:5353 [::1] valid=10s;\n    server {\n        server_name shop.test;\n"
                + "        location / {\n            proxy_pass http://api.internal:8080$request_uri;\n        }\n"
                + "        location /static/ {\n            proxy_pass http://assets.internal:8081;\n        }\n    }\n");
        java.util.Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        UpstreamProber.Resolver recording = host -> {
            asked.add(host);
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        };
        TestCheckContext ctx = TestCheckContext.builder().config(Target.CONFIG_NGINX, conf).build();
        new ProxyConfigCheck(recording, false).run(ctx);
        List<org.gatewaydoctor.facts.UpstreamName> names = ctx.published(Facts.UPSTREAM_NAMES).orElseThrow().names();
        assertEquals(List.of(
                new org.gatewaydoctor.facts.UpstreamName(WebServer.Kind.NGINX, "api.internal", true,
                        List.of(Address.tcp("127.0.0.1", 5353), Address.tcp("::1", 53)),
                        "proxy_pass http://api.internal:8080$request_uri", conf.toString(), 7),
                new org.gatewaydoctor.facts.UpstreamName(WebServer.Kind.NGINX, "assets.internal", false, List.of(),
                        "proxy_pass http://assets.internal:8081", conf.toString(), 10)), names);
        // nginx asks only its resolver for api.internal; only the name it resolves at start is this host's business
        assertEquals(java.util.Set.of("assets.internal"), asked);
    }

    @Test
    void publishesTheNameServersOfHaproxysResolversSectionForTheServersThatUseIt() throws Exception {
        // haproxy 2.6.12 -c accepts this configuration but for dns4 ("'nameserver dns4' : missing port
        // specification in '127.0.0.3'"), which is left out
        Path conf = Files.writeString(dir.resolve("haproxy.cfg"), """
                resolvers mydns
                    nameserver dns1 127.0.0.1:5353
                    nameserver dns2 [::1]:53
                    nameserver dns3 udp@127.0.0.2:53
                    nameserver dns4 127.0.0.3
                    hold valid 10s
                resolvers sys
                    parse-resolv-conf
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:18999
                    default_backend be
                backend be
                    server app1 app.internal:8080 check resolvers mydns init-addr none
                    server app3 other.internal:8080 resolvers sys init-addr none
                    server app4 localhost:8080
                """);
        java.util.Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        UpstreamProber.Resolver recording = host -> {
            asked.add(host);
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        };
        TestCheckContext ctx = TestCheckContext.builder().config(Target.CONFIG_HAPROXY, conf).build();
        new ProxyConfigCheck(recording, false).run(ctx);
        List<org.gatewaydoctor.facts.UpstreamName> names = ctx.published(Facts.UPSTREAM_NAMES).orElseThrow().names();
        assertEquals(List.of(
                new org.gatewaydoctor.facts.UpstreamName(WebServer.Kind.HAPROXY, "app.internal", true,
                        List.of(Address.tcp("127.0.0.1", 5353), Address.tcp("::1", 53), Address.tcp("127.0.0.2", 53)),
                        "server app1 app.internal:8080", conf.toString(), 18),
                new org.gatewaydoctor.facts.UpstreamName(WebServer.Kind.HAPROXY, "other.internal", true, List.of(),
                        "server app3 other.internal:8080", conf.toString(), 19),
                new org.gatewaydoctor.facts.UpstreamName(WebServer.Kind.HAPROXY, "localhost", false, List.of(),
                        "server app4 localhost:8080", conf.toString(), 20)), names);
        assertEquals(java.util.Set.of("other.internal", "localhost"), asked,
                "HAProxy asks only its resolvers section's servers for app.internal at run time");
    }

    @Test
    void aServerNamingAnUnknownResolversSectionIsTheErrorHaproxyReports() {
        org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyConfig c =
                org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyParser.parse("h.cfg", """
                        defaults
                            mode http
                        backend be
                            server app2 api.example.test:8080 resolvers nodns init-addr none
                        """);
        assertEquals(List.of("backend 'be', server 'app2': unable to find required resolvers 'nodns'"),
                c.problems().stream().filter(p -> p.message().contains("resolvers")).map(p -> p.message()).toList());
    }
}
