package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a site ({@code --site}, the URL's host), the routes of servers that serve only other sites are left out. */
class ProxyStackSiteTest {

    @TempDir
    Path dir;

    private Path nginx() throws Exception {
        return Files.writeString(dir.resolve("nginx.conf"), """
                events {}
                http {
                    server { listen 80; server_name shop.example.org www.shop.example.org;
                             location / { fastcgi_pass unix:/run/php/shop.sock; } }
                    server { listen 80; server_name blog.example.org;
                             location / { proxy_pass http://127.0.0.1:8081; } }
                    server { listen 80; server_name *.example.net;
                             location / { proxy_pass http://127.0.0.1:8082; } }
                    server { listen 80 default_server; server_name _;
                             location / { proxy_pass http://127.0.0.1:8083; } }
                }
                """);
    }

    private static List<String> servers(ProxyStack stack) {
        return stack.routes().stream().map(r -> r.route().server()).toList();
    }

    @Test
    void aSiteKeepsItsOwnServerWildcardsAndCatchAllsButNotOtherSites() throws Exception {
        Path conf = nginx();
        assertEquals(List.of("shop.example.org", "blog.example.org", "*.example.net", "_"),
                servers(ProxyStack.read(Target.builder().config(Target.CONFIG_NGINX, conf).build())));
        assertEquals(List.of("shop.example.org", "*.example.net", "_"), servers(ProxyStack.read(Target.builder()
                .config(Target.CONFIG_NGINX, conf).option(Target.OPTION_SITE, "www.shop.example.org").build())));
        assertEquals(List.of("blog.example.org", "*.example.net", "_"), servers(ProxyStack.read(Target.builder()
                .config(Target.CONFIG_NGINX, conf).url(URI.create("https://blog.example.org/")).build())));
        // an address names no site: nothing is left out
        assertEquals(4, servers(ProxyStack.read(Target.builder().config(Target.CONFIG_NGINX, conf)
                .url(URI.create("http://127.0.0.1:8080/")).build())).size());
    }

    @Test
    void anApacheVirtualHostOfAnotherSiteAddsNoRoutes() throws Exception {
        Path conf = Files.writeString(dir.resolve("apache2.conf"), """
                ServerRoot %1$s
                ServerName localhost
                <VirtualHost *:80>
                    ServerName shop.example.org
                    ServerAlias shop.example.net
                    ProxyPass / http://127.0.0.1:8081/
                </VirtualHost>
                <VirtualHost *:80>
                    ServerName https://blog.example.org:443
                    ProxyPass / http://127.0.0.1:8082/
                </VirtualHost>
                """.formatted(dir));
        assertEquals(List.of("shop.example.org"), servers(ProxyStack.read(Target.builder()
                .config(Target.CONFIG_APACHE, conf).option(Target.OPTION_SITE, "shop.example.net").build())));
        assertEquals(1, servers(ProxyStack.read(Target.builder().config(Target.CONFIG_APACHE, conf)
                .option(Target.OPTION_SITE, "blog.example.org").build())).size());
    }
}
