package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Condition;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.CustomLog;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Likely;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.ProxyRoute;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.ProxyWorker;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian configuration with PHP-FPM's {@code php8.2-fpm.conf} enabled, a WordPress virtual host
 * and a shop added (fixture {@code config/apache/wordpress} over {@code config/apache/debian}; Apache
 * 2.4.71 accepts it, {@code apache2 -t}).
 */
class ApacheWordPressTest {

    private static final String CONF = "/etc/apache2/apache2.conf";
    private static final String FPM = "/etc/apache2/conf-enabled/php8.2-fpm.conf";
    private static final String WP = "/etc/apache2/sites-enabled/wordpress.conf";
    private static final String SHOP = "/etc/apache2/sites-enabled/shop.conf";
    private static final String SOCKET = "unix:/run/php/php8.2-fpm.sock|fcgi://localhost";

    @TempDir
    static Path root;
    static ApacheConfig config;
    static ApacheView view;

    @BeforeAll
    static void parse() {
        Fixtures.tree(root, "config/apache/debian", "config/apache/wordpress");
        ApacheOptions options = ApacheOptions.debian().withRoot(root);
        config = ApacheParser.parse(CONF, options);
        view = ApacheView.of(config, options);
    }

    private static Server host(String name) {
        return view.virtualHosts().stream().filter(s -> s.serverName().value().equals(name)).findFirst().orElseThrow();
    }

    private static ProxyRoute route(Server s, String path) {
        return s.routes().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void readsItAllWithNothingWrong() {
        assertEquals(List.of(), config.problems());
        assertEquals(List.of(), view.problems());
        assertEquals(List.of("", "shop.example.com", "example.com"),
                view.virtualHosts().stream().map(s -> s.serverName().value()).toList());
    }

    @Test
    void findsPhpFpmsServerWideHandlerAndItsConditions() {
        ProxyRoute fpm = view.main().routes().get(0);
        assertEquals(new ProxyRoute(ProxyRoute.Kind.SET_HANDLER, "", List.of("<FilesMatch \".+\\.ph(?:ar|p|tml)$\">"),
                Optional.of(new UpstreamTarget(Protocol.FASTCGI, new Endpoint.UnixSocket("/run/php/php8.2-fpm.sock"), "",
                        SOCKET)), Map.of(), Optional.empty(), Optional.empty(),
                Setting.defaulted(Duration.ofSeconds(60)),
                List.of(new Condition("IfModule", "!mod_php8.c", Likely.TRUE, FPM, 2),
                        new Condition("IfModule", "proxy_fcgi_module", Likely.TRUE, FPM, 3)), FPM, 12), fpm);
        assertEquals(Likely.TRUE, fpm.active(), "mod_proxy_fcgi is loaded, mod_php is not");
        assertEquals(1, view.main().routes().size());
        assertEquals(List.of(fpm), view.routesOf(view.virtualHosts().get(0)).subList(0, 1),
                "it applies in every virtual host");
    }

    @Test
    void waitsForPhpAsLongAsTheWorkerOfEachVirtualHostSays() {
        Server wp = host("example.com");
        ProxyRoute own = wp.routes().get(0);
        assertEquals(List.of("<FilesMatch \"\\.php$\">"), own.sections());
        assertEquals(new Endpoint.UnixSocket("/run/php/php8.2-fpm.sock"), own.target().orElseThrow().endpoint());
        ProxyWorker worker = wp.workers().get(0);
        assertEquals(SOCKET, worker.url());
        assertEquals(Map.of("timeout", "300", "connectiontimeout", "5"), worker.parameters());
        assertEquals(Optional.of(worker), view.workerOf(own, wp));
        assertEquals(new Setting<>(Duration.ofSeconds(300), WP, 18), view.readTimeout(own, wp), "ProxySet timeout=300");
        assertEquals(new Setting<>(Duration.ofSeconds(5), WP, 18), view.connectTimeout(own, wp));

        ProxyRoute serverWide = view.main().routes().get(0);
        assertEquals(new Setting<>(Duration.ofSeconds(300), WP, 18), view.readTimeout(serverWide, wp),
                "the same worker for the server-wide handler");
        Server shop = host("shop.example.com");
        assertEquals(Optional.empty(), view.workerOf(serverWide, shop), "the shop does not see WordPress's <Proxy>");
        assertEquals(new Setting<>(Duration.ofSeconds(90), SHOP, 8), view.readTimeout(serverWide, shop), "ProxyTimeout");
        Server fallback = view.virtualHosts().get(0);
        assertEquals(new Setting<>(Duration.ofSeconds(300), CONF, 92), view.readTimeout(serverWide, fallback), "Timeout");
    }

    @Test
    void readsProxyPassParametersAsModProxyDoes() {
        Server shop = host("shop.example.com");
        assertEquals(new Setting<>(Duration.ofSeconds(120), SHOP, 7), shop.timeout());
        assertEquals(Optional.of(new Setting<>(Duration.ofSeconds(90), SHOP, 8)), shop.proxyTimeout());

        ProxyRoute php = route(shop, "^/(.*\\.php(/.*)?)$");
        assertEquals(ProxyRoute.Kind.PROXY_PASS_MATCH, php.kind());
        assertEquals(new UpstreamTarget(Protocol.FASTCGI, new Endpoint.HostPort("127.0.0.1", 9000, false),
                "/var/www/shop/$1", "fcgi://127.0.0.1:9000/var/www/shop/$1"), php.target().orElseThrow());
        assertEquals(Optional.of(new Setting<>(Duration.ofSeconds(45), SHOP, 10)), php.timeout());
        assertEquals(Optional.of(new Setting<>(Duration.ofMillis(500), SHOP, 10)), php.connectionTimeout());
        assertEquals(new Setting<>(Duration.ZERO, SHOP, 10), php.retry());
        assertEquals(new Setting<>(Duration.ofSeconds(45), SHOP, 10), view.readTimeout(php, shop));
        assertEquals(new Setting<>(Duration.ofMillis(500), SHOP, 10), view.connectTimeout(php, shop));

        ProxyRoute api = route(shop, "/api/");
        assertEquals(new UpstreamTarget(Protocol.HTTP, new Endpoint.HostPort("127.0.0.1", 3000, false), "/",
                "http://127.0.0.1:3000/"), api.target().orElseThrow());
        assertEquals(Optional.empty(), api.timeout());
        assertEquals(new Setting<>(Duration.ofSeconds(90), SHOP, 8), view.readTimeout(api, shop));
        assertEquals(new Setting<>(Duration.ofSeconds(3), SHOP, 11), view.connectTimeout(api, shop));
        assertEquals(Setting.defaulted(Duration.ofSeconds(60)), api.retry());

        assertEquals(Optional.empty(), route(shop, "/static/").target(), "ProxyPass /static/ !");
        assertEquals(new UpstreamTarget(Protocol.OTHER, new Endpoint.Named("app"), "/", "balancer://app/"),
                route(shop, "/cluster/").target().orElseThrow());
        ProxyRoute ws = route(shop, "/ws/");
        assertEquals(List.of("<Location /ws/>"), ws.sections());
        assertEquals(new UpstreamTarget(Protocol.WS, new Endpoint.HostPort("127.0.0.1", 3001, false), "/ws/",
                "ws://127.0.0.1:3001/ws/"), ws.target().orElseThrow());
        assertEquals(5, shop.routes().size());

        ProxyWorker balancer = shop.workers().get(0);
        assertEquals("balancer://app", balancer.url());
        assertEquals(List.of(new Endpoint.HostPort("10.0.0.21", 8080, false), new Endpoint.HostPort("10.0.0.22", 8080, false)),
                balancer.members().stream().map(UpstreamTarget::endpoint).toList());
        assertEquals(Map.of("lbmethod", "byrequests"), balancer.parameters());
    }

    @Test
    void listensWhereTheShopAsks() {
        assertEquals(List.of("*:80", "*:443", "*:443", "*:8080"),
                view.listens().stream().map(l -> l.address().describe()).toList());
        assertEquals(List.of(), view.listens().get(3).conditions());
    }

    @Test
    void findsEveryLogFileAndLeavesPipesOut() {
        Server shop = host("shop.example.com");
        String proxytime = "%h %l %u %t \"%r\" %>s %O %D \"%{BALANCER_WORKER_NAME}e\"";
        assertEquals(List.of(
                new CustomLog("|/usr/bin/rotatelogs /var/log/apache2/shop-access.%Y%m%d.log 86400", "", "proxytime",
                        proxytime, "", List.of(), SHOP, 31),
                new CustomLog("/var/log/apache2/shop-api.log", "/var/log/apache2/shop-api.log", "combined",
                        view.logFormats().get("combined").format(), "env=api", List.of(), SHOP, 32)), shop.customLogs());
        assertEquals(List.of("/var/log/apache2/error.log", "/var/log/apache2/other_vhosts_access.log",
                "/var/log/apache2/access.log", "/var/log/apache2/shop-error.log", "/var/log/apache2/shop-api.log",
                "/var/log/apache2/wordpress-error.log", "/var/log/apache2/wordpress-access.log"),
                List.copyOf(view.logFiles()));
    }
}
