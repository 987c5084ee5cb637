package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.ProxyRoute;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FpmWiringCheckTest {

    @TempDir
    Path dir;

    CheckResult run(Path conf, WebServers web, Path proc) {
        return new FpmWiringCheck(proc).run(TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, conf)
                .fact(Facts.WEB_SERVERS, web).build());
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new FpmWiringCheck()).assertDescribesItselfProperly();
    }

    @Test
    void isNotApplicableWithoutWebServers() {
        CheckTester.of(new FpmWiringCheck()).run().assertNotApplicable();
    }

    @Test
    void reportsASocketMismatchNamingBothLinesWhenPhpFpmListensElsewhere() throws Exception {
        Path live = dir.resolve("php8.2-fpm.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(live));
            Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + live + "\npm = static\npm.max_children = 5\n");
            Path old = dir.resolve("php8.1-fpm.sock");
            Finding f = CheckResults.only(run(conf, Fixtures.nginx("www-data",
                    Fixtures.route(UpstreamProtocol.FASTCGI, Address.unix(old), 60, 23)), dir.resolve("no-proc")));
            assertEquals(CauseCode.PHPFPM_SOCKET_MISMATCH, f.cause());
            assertTrue(f.confidence() >= 0.85, f.toString());
            assertTrue(f.evidence().contains(new Evidence.ConfigLine("/etc/nginx/sites-enabled/example.conf", 23,
                    "fastcgi_pass", "unix:" + old)), f.evidence().toString());
            assertTrue(f.evidence().contains(new Evidence.ConfigLine(conf.toString(), 6, "listen", live.toString())),
                    f.evidence().toString());
        }
    }

    @Test
    void reportsBothCausesWhenNeitherSocketAnswersAndTheProcessTableIsUnknown() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/a.sock\npm = static\npm.max_children = 5\n");
        CheckResult r = run(conf, Fixtures.nginx("www-data",
                Fixtures.route(UpstreamProtocol.FASTCGI, Address.unix(dir.resolve("b.sock")), 60, 23)),
                dir.resolve("no-proc"));
        Finding mismatch = CheckResults.find(r, CauseCode.PHPFPM_SOCKET_MISMATCH);
        Finding down = CheckResults.find(r, CauseCode.PHPFPM_DOWN);
        assertTrue(mismatch.confidence() < 0.6 && down.confidence() < 0.6, r.toString());
        assertTrue(!mismatch.confirmWith().isEmpty() && !down.confirmWith().isEmpty(), r.toString());
    }

    @Test
    void reportsPhpFpmDownWhenNoPoolIsConfiguredAndNoMasterRuns() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 4000000 kB\nMemAvailable: 2000000 kB\n");
        Path conf = Fixtures.fpmConf(dir, "");
        Finding f = CheckResults.only(run(conf, Fixtures.nginx("www-data",
                Fixtures.route(UpstreamProtocol.FASTCGI, Address.unix(dir.resolve("b.sock")), 60, 23)), proc));
        assertEquals(CauseCode.PHPFPM_DOWN, f.cause());
    }

    @Test
    void reportsAProtocolMismatchForAnHttpRouteIntoAPoolSocket() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 5\n");
        CheckResult r = run(conf, Fixtures.nginx("www-data",
                Fixtures.route(UpstreamProtocol.HTTP, Address.tcp("localhost", 9000), 60, 31)), dir.resolve("no-proc"));
        Finding f = CheckResults.only(r);
        assertEquals(CauseCode.PROXY_PROTOCOL_MISMATCH, f.cause());
        assertTrue(f.summary().contains("upstream prematurely closed connection"), f.summary());
    }

    @Test
    void reportsAProtocolMismatchWhenAFastCgiRouteReachesAnHttpServer() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
        http.createContext("/", x -> {
            x.sendResponseHeaders(200, 2);
            x.getResponseBody().write("ok".getBytes());
            x.close();
        });
        http.start();
        try {
            int port = http.getAddress().getPort();
            Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 5\n");
            CheckResult r = run(conf, Fixtures.nginx("www-data",
                    Fixtures.route(UpstreamProtocol.FASTCGI, Address.tcp("127.0.0.1", port), 60, 40)),
                    dir.resolve("no-proc"));
            Finding f = CheckResults.only(r);
            assertEquals(CauseCode.PROXY_PROTOCOL_MISMATCH, f.cause());
            assertTrue(f.summary().contains("upstream sent unsupported FastCGI protocol version: 72"), f.summary());
        } finally {
            http.stop(0);
        }
    }

    @Test
    void flagsAProxyThatGivesUpBeforePhpFpmAsA504() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 5\n"
                + "request_terminate_timeout = 120s\n");
        CheckResult r = run(conf, Fixtures.nginx("www-data",
                Fixtures.route(UpstreamProtocol.FASTCGI, Address.unix(dir.resolve("www.sock")), 60, 23)),
                dir.resolve("no-proc"));
        Finding f = CheckResults.find(r, CauseCode.PROXY_UPSTREAM_TIMEOUT);
        assertEquals(504, f.httpStatus());
        assertTrue(f.evidence().containsAll(List.of(
                new Evidence.ConfigLine("/etc/nginx/sites-enabled/example.conf", 23, "fastcgi_read_timeout", "60s"),
                new Evidence.ConfigLine(conf.toString(), 9, "request_terminate_timeout", "120s"))),
                f.evidence().toString());
    }

    @Test
    void flagsPhpFpmKillingScriptsBeforePhpsOwnLimitAsA502() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 5\n"
                + "request_terminate_timeout = 30s\nphp_admin_value[max_execution_time] = 50\n");
        CheckResult r = run(conf, Fixtures.nginx("www-data",
                Fixtures.route(UpstreamProtocol.FASTCGI, Address.unix(dir.resolve("www.sock")), 60, 23)),
                dir.resolve("no-proc"));
        Finding f = CheckResults.find(r, CauseCode.PHPFPM_REQUEST_TIMEOUT);
        assertEquals(502, f.httpStatus());
        assertTrue(f.summary().contains("upstream prematurely closed connection"), f.summary());
    }

    /** Apache's mod_proxy_fcgi route to the pool's socket, as http.proxy-config publishes it. */
    static WebServers apache(Path socket, int readSeconds, int line) {
        return new WebServers(List.of(new WebServer(WebServer.Kind.APACHE, Path.of("/etc/apache2/apache2.conf"),
                "www-data", "www-data", List.of(new ProxyRoute("example.org", "\\.php$", UpstreamProtocol.FASTCGI,
                List.of(Address.unix(socket)), "", Duration.ofSeconds(readSeconds), Duration.ofSeconds(readSeconds),
                "/etc/apache2/sites-enabled/example.conf", line)))));
    }

    @Test
    void flagsApachesShortProxyTimeoutAsA504WhenPhpFpmNeverStopsAScript() throws Exception {
        // the whole-stack test's setup: ProxyTimeout 1, no request_terminate_timeout, no max_execution_time
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 2\n");
        CheckResult r = run(conf, apache(dir.resolve("www.sock"), 1, 12), dir.resolve("no-proc"));
        Finding f = CheckResults.find(r, CauseCode.PROXY_UPSTREAM_TIMEOUT);
        assertEquals(504, f.httpStatus());
        assertEquals(Layer.PROXY, f.layer());
        assertTrue(f.summary().startsWith("apache (ProxyTimeout/timeout=) waits only 1s for pool www"), f.summary());
        assertTrue(f.evidence().containsAll(List.of(
                new Evidence.ConfigLine("/etc/apache2/sites-enabled/example.conf", 12, "ProxyTimeout/timeout=", "1s"),
                new Evidence.Observation("request_terminate_timeout is not set: 0 (php-fpm default (never))"))),
                f.evidence().toString());
    }

    @Test
    void flagsApachesProxyTimeoutShorterThanPhpFpmsLimitAsA504() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 5\n"
                + "request_terminate_timeout = 30s\n");
        Finding f = CheckResults.find(run(conf, apache(dir.resolve("www.sock"), 10, 12), dir.resolve("no-proc")),
                CauseCode.PROXY_UPSTREAM_TIMEOUT);
        assertEquals(504, f.httpStatus());
        assertTrue(f.summary().startsWith("timeouts in the wrong order: apache (ProxyTimeout/timeout=) waits 10s, "
                + "less than PHP-FPM (request_terminate_timeout of pool www) (30s)"), f.summary());
    }

    @Test
    void leavesTheUsualMinuteOfWaitingAloneWhenPhpFpmNeverStopsAScript() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 5\n");
        CheckResult r = run(conf, apache(dir.resolve("www.sock"), 60, 12), dir.resolve("no-proc"));
        assertTrue(r.findingList().stream().noneMatch(f -> f.cause() == CauseCode.PROXY_UPSTREAM_TIMEOUT),
                r.toString());
    }

    /** HAProxy ({@code timeout server} at line 41) in front of nginx, whose fastcgi_pass reaches dir/www.sock. */
    WebServers haproxyInFrontOfNginx(int timeoutServerSeconds) {
        WebServer haproxy = new WebServer(WebServer.Kind.HAPROXY, Path.of("/etc/haproxy/haproxy.cfg"), "haproxy",
                "haproxy", List.of(new ProxyRoute("default", "web", UpstreamProtocol.HTTP,
                List.of(Address.tcp("127.0.0.1", 8080)), "web", Duration.ofSeconds(timeoutServerSeconds),
                Duration.ofSeconds(5), "/etc/haproxy/haproxy.cfg", 41)));
        WebServer nginx = Fixtures.nginx("www-data",
                Fixtures.route(UpstreamProtocol.FASTCGI, Address.unix(dir.resolve("www.sock")), 60, 23)).servers().get(0);
        return new WebServers(List.of(haproxy, nginx));
    }

    @Test
    void flagsALoadBalancerThatGivesUpBeforeTheWebServerAsA504() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 5\n"
                + "request_terminate_timeout = 50s\n");
        WebServers web = haproxyInFrontOfNginx(30);
        Finding f = CheckResults.find(run(conf, web, dir.resolve("no-proc")), CauseCode.PROXY_UPSTREAM_TIMEOUT);
        assertEquals(Layer.LOAD_BALANCER, f.layer());
        assertEquals(504, f.httpStatus());
        assertTrue(f.evidence().contains(new Evidence.ConfigLine("/etc/haproxy/haproxy.cfg", 41, "timeout server",
                "30s")), f.evidence().toString());
    }

    @Test
    void flagsAShortLoadBalancerTimeoutWhenPhpFpmNeverStopsAScript() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 5\n");
        WebServers web = haproxyInFrontOfNginx(2);
        List<Finding> timeouts = run(conf, web, dir.resolve("no-proc")).findingList().stream()
                .filter(f -> f.cause() == CauseCode.PROXY_UPSTREAM_TIMEOUT).toList();
        assertEquals(1, timeouts.size(), timeouts.toString());
        assertEquals(Layer.LOAD_BALANCER, timeouts.get(0).layer());
        assertTrue(timeouts.get(0).summary().contains("waits only 2s for pool www"), timeouts.get(0).summary());
    }
}
