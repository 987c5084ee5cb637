package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.checks.http.internal.config.NginxView.BufferSet;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Location;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Resolver;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Server;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Upstream;
import org.gatewaydoctor.checks.http.internal.config.NginxView.UpstreamServer;
import org.gatewaydoctor.checks.http.internal.config.NginxView.UpstreamSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian configuration with a WordPress site on PHP-FPM and a reverse-proxied shop added (fixture
 * {@code config/nginx/wordpress} over {@code config/nginx/debian}; nginx 1.22.1 accepts it, {@code nginx -t}).
 */
class NginxWordPressTest {

    private static final String CONF = "/etc/nginx/nginx.conf";
    private static final String WP = "/etc/nginx/sites-enabled/wordpress";
    private static final String SHOP = "/etc/nginx/sites-enabled/shop";
    private static final String HTTP_EXTRA = "/etc/nginx/conf.d/upstream-timing.conf";

    @TempDir
    static Path root;
    static NginxConfig config;
    static NginxView view;

    @BeforeAll
    static void parse() {
        Fixtures.tree(root, "config/nginx/debian", "config/nginx/wordpress");
        NginxOptions options = NginxOptions.debian().withRoot(root);
        config = NginxParser.parse(CONF, options);
        view = NginxView.of(config, options);
    }

    private static Server server(String name) {
        return view.servers().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static Location location(Server s, String pattern) {
        return s.locations().stream().filter(l -> l.pattern().equals(pattern)).findFirst().orElseThrow();
    }

    private static UpstreamTarget target(Location l) {
        return l.pass().orElseThrow().target();
    }

    @Test
    void readsItAllWithNothingWrong() {
        assertEquals(List.of(CONF + ":5: include \"/etc/nginx/modules-enabled/*.conf\" matched no files (nginx accepts that)"),
                Fixtures.problems(config.problems()));
        assertEquals(List.of(), view.problems());
        assertEquals(List.of(CONF, "/etc/nginx/mime.types", HTTP_EXTRA, "/etc/nginx/sites-enabled/default", SHOP,
                "/etc/nginx/proxy_params", WP, "/etc/nginx/snippets/fastcgi-php.conf", "/etc/nginx/fastcgi.conf"),
                config.files());
        assertEquals(List.of("_", "shop.example.com", "example.com"), view.servers().stream().map(Server::name).toList(),
                "sites-enabled/* in sorted order");
    }

    @Test
    void parsesEachPassIntoProtocolAndEndpoint() {
        Server wp = server("example.com");
        assertEquals(List.of("example.com", "www.example.com"), wp.names());
        Location php = location(wp, "\\.php$");
        assertEquals("~", php.modifier());
        assertEquals(new NginxView.Pass("fastcgi_pass", new UpstreamTarget(Protocol.FASTCGI,
                new Endpoint.UnixSocket("/run/php/php8.2-fpm.sock"), "", "unix:/run/php/php8.2-fpm.sock"), WP, 26),
                php.pass().orElseThrow());
        Location xmlrpc = location(wp, "/xmlrpc.php");
        assertEquals("=", xmlrpc.modifier());
        assertEquals(new UpstreamTarget(Protocol.FASTCGI, new Endpoint.Named("php"), "", "php"), target(xmlrpc));
        assertEquals("php", view.groupOf(xmlrpc.pass().orElseThrow()).orElseThrow().name());
        Location admin = location(wp, "/wp-admin/");
        assertEquals("^~", admin.modifier());
        assertEquals(Optional.empty(), admin.pass());
        assertEquals(new Endpoint.Named("php"), target(admin.nested().get(0)).endpoint(), "a nested location");

        Server shop = server("shop.example.com");
        assertEquals(new UpstreamTarget(Protocol.HTTP, new Endpoint.Named("shop_backend"), "", "http://shop_backend"),
                target(location(shop, "/")));
        assertEquals(new UpstreamTarget(Protocol.HTTPS, new Endpoint.HostPort("api.example.net", 8443, false), "/v2/",
                "https://api.example.net:8443/v2/"), target(location(shop, "/api/")));
        assertEquals(new UpstreamTarget(Protocol.HTTPS, new Endpoint.Dynamic("$cdn"), "", "https://$cdn"),
                target(location(shop, "/img/")), "resolved per request");
        assertEquals(new UpstreamTarget(Protocol.HTTP, new Endpoint.UnixSocket("/run/legacy/app.sock"), "/legacy/",
                "http://unix:/run/legacy/app.sock:/legacy/"), target(location(shop, "/legacy/")));
        assertEquals(new UpstreamTarget(Protocol.GRPCS, new Endpoint.HostPort("127.0.0.1", 50051, false), "",
                "grpcs://127.0.0.1:50051"), target(location(shop, "/grpc/")));
        assertEquals(new UpstreamTarget(Protocol.UWSGI, new Endpoint.UnixSocket("/run/uwsgi/app.sock"), "",
                "unix:/run/uwsgi/app.sock"), target(location(shop, "/py/")));
        assertEquals(9, view.passes().size(), "six in the shop, three for WordPress");
    }

    @Test
    void readsTheUpstreamGroups() {
        assertEquals(List.of("shop_backend", "php"), view.upstreams().stream().map(Upstream::name).toList());
        Upstream php = view.upstream("PHP").orElseThrow();
        assertEquals("round-robin", php.balancing());
        assertEquals(8, php.keepalive());
        assertEquals(List.of(
                new UpstreamServer(new Endpoint.UnixSocket("/run/php/php8.2-fpm.sock"), 1, 3, Duration.ofSeconds(30), 0,
                        false, false, false, WP, 3),
                new UpstreamServer(new Endpoint.HostPort("127.0.0.1", 9000, false), 1, 1, Duration.ofSeconds(10), 0,
                        true, false, false, WP, 4)), php.servers());
        Upstream shop = view.upstream("shop_backend").orElseThrow();
        assertEquals("least_conn", shop.balancing());
        assertEquals(List.of(
                new UpstreamServer(new Endpoint.HostPort("10.0.0.11", 8080, false), 1, 2, Duration.ofSeconds(15), 0,
                        false, false, false, SHOP, 4),
                new UpstreamServer(new Endpoint.HostPort("10.0.0.12", 8080, false), 3, 1, Duration.ofSeconds(10), 0,
                        false, false, false, SHOP, 5),
                new UpstreamServer(new Endpoint.HostPort("app.internal.example", 8080, false), 1, 1,
                        Duration.ofSeconds(10), 0, false, true, false, SHOP, 6)), shop.servers());
    }

    @Test
    void inheritsTimeoutsAndBuffersFromHttpToServerToLocation() {
        UpstreamSettings php = location(server("example.com"), "\\.php$").passSettings().orElseThrow();
        assertEquals(new Setting<>(Duration.ofSeconds(3), WP, 28), php.connectTimeout(), "the location's own");
        assertEquals(Setting.defaulted(Duration.ofSeconds(60)), php.sendTimeout());
        assertEquals(new Setting<>(Duration.ofSeconds(300), WP, 50), php.readTimeout(),
                "the server's, written after the locations");
        assertEquals(new Setting<>(32768L, WP, 27), php.bufferSize());
        assertEquals(new Setting<>(new BufferSet(16, 16384), HTTP_EXTRA, 7), php.buffers(), "from http, in conf.d");

        assertEquals(new Setting<>(Duration.ofMinutes(90), WP, 34),
                location(server("example.com"), "/xmlrpc.php").settings().fastcgi().readTimeout());
        Location nested = location(server("example.com"), "/wp-admin/").nested().get(0);
        assertEquals(new Setting<>(Duration.ofSeconds(300), WP, 50), nested.settings().fastcgi().readTimeout(),
                "through the enclosing location");

        Server shop = server("shop.example.com");
        UpstreamSettings root = location(shop, "/").settings().proxy();
        assertEquals(new Setting<>(Duration.ofSeconds(5), HTTP_EXTRA, 6), root.connectTimeout());
        assertEquals(new Setting<>(Duration.ofSeconds(90), SHOP, 16), root.readTimeout(), "90 is seconds");
        assertEquals(new Setting<>(16384L, SHOP, 17), root.bufferSize());
        assertEquals(new Setting<>(new BufferSet(4, 32768), SHOP, 18), root.buffers());
        assertEquals(new Setting<>(Duration.ofMinutes(2), SHOP, 27), location(shop, "/api/").settings().proxy().readTimeout());
        assertEquals(new Setting<>(Duration.ofSeconds(20), SHOP, 45),
                location(shop, "/py/").passSettings().orElseThrow().readTimeout(), "uwsgi_pass reads uwsgi_*");
        assertEquals(Setting.defaulted(Duration.ofSeconds(60)), view.http().proxy().readTimeout());
        assertEquals(new Setting<>(Duration.ofSeconds(5), HTTP_EXTRA, 6), view.http().proxy().connectTimeout());
    }

    @Test
    void readsTheResolverWhereItIsAndWhereItIsInherited() {
        Resolver r = new Resolver(List.of(new Endpoint.HostPort("127.0.0.53", 53, true),
                new Endpoint.HostPort("::1", 5353, false)), Duration.ofSeconds(30), true, false, SHOP, 14);
        Server shop = server("shop.example.com");
        assertEquals(Optional.of(r), shop.settings().resolver());
        assertEquals(Optional.of(r), location(shop, "/img/").settings().resolver());
        assertEquals(Optional.empty(), server("example.com").settings().resolver());
    }

    @Test
    void listensOnTlsForTheShop() {
        assertEquals(List.of(new NginxView.Listen(new Endpoint.HostPort("*", 443, false), true, true, true, false,
                List.of("ssl", "http2", "default_server"), SHOP, 10)), server("shop.example.com").listens());
    }

    @Test
    void knowsWhichLogsRecordUpstreamTimes() {
        Server wp = server("example.com");
        assertEquals(List.of(new NginxView.AccessLog("/var/log/nginx/wordpress.access.log",
                "/var/log/nginx/wordpress.access.log", "upstream_timing", false, List.of(), WP, 15)),
                wp.settings().accessLogs());
        assertEquals(List.of(new NginxView.ErrorLog("/var/log/nginx/wordpress.error.log",
                "/var/log/nginx/wordpress.error.log", "warn", WP, 16)), wp.settings().errorLogs());
        NginxView.LogFormat f = view.logFormats().get("upstream_timing");
        assertEquals(HTTP_EXTRA + ":2", f.file() + ":" + f.line());
        assertEquals(List.of("upstream_connect_time", "upstream_header_time", "upstream_response_time", "upstream_addr",
                "upstream_status"), f.upstreamVariables());
        assertEquals(List.of(true), location(wp, "\\.(css|js|png|jpe?g|gif|ico|svg|woff2?)$").settings().accessLogs()
                .stream().map(NginxView.AccessLog::off).toList());
        assertEquals(wp.settings().accessLogs(), location(wp, "\\.php$").settings().accessLogs());
        assertEquals(server("shop.example.com").settings().accessLogs(), view.http().accessLogs());
        assertEquals(List.of("/var/log/nginx/error.log", "/var/log/nginx/access.log", "/var/log/nginx/wordpress.error.log",
                "/var/log/nginx/wordpress.access.log"), List.copyOf(view.logFiles()));
    }
}
