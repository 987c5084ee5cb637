package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.facts.DocumentRoot;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The document roots the proxy stack publishes for the WordPress checks. */
class DocumentRootsTest {

    @TempDir
    Path dir;

    @Test
    void nginxServerAndLocationRootsWithTheirNamesAndLines() throws IOException {
        Path conf = Files.writeString(dir.resolve("nginx.conf"), """
                events {}
                http {
                    server {
                        listen 127.0.0.1:8080;
                        server_name example.org www.example.org;
                        root /srv/www/example;
                        location / { try_files $uri $uri/ /index.php?$args; }
                    }
                    server {
                        listen 127.0.0.1:8081;
                        location / { root /srv/other; }
                    }
                }
                """);
        List<DocumentRoot> roots = ProxyStack.read(Target.builder().config(Target.CONFIG_NGINX, conf).build()).roots();
        assertEquals(List.of(
                new DocumentRoot(WebServer.Kind.NGINX, List.of("example.org", "www.example.org"), "/srv/www/example",
                        conf.toString(), 6),
                new DocumentRoot(WebServer.Kind.NGINX, List.of(), "/srv/other", conf.toString(), 11)), 
                roots.stream().filter(r -> !r.file().isEmpty()).toList());
        assertEquals(true, roots.get(0).serves("WWW.example.org"));
        assertEquals(false, roots.get(0).serves("example.com"));
    }

    @Test
    void apacheDocumentRootOfTheMainServerAndAVirtualHost() throws IOException {
        Path conf = Files.writeString(dir.resolve("apache2.conf"), """
                ServerRoot %1$s
                Listen 127.0.0.1:8080
                DocumentRoot /var/www/html
                <VirtualHost *:8080>
                    ServerName blog.example.org
                    ServerAlias *.blog.example.org
                    DocumentRoot /srv/blog
                </VirtualHost>
                """.formatted(dir));
        List<DocumentRoot> roots = ProxyStack.read(Target.builder().config(Target.CONFIG_APACHE, conf).build()).roots();
        assertEquals(List.of(
                new DocumentRoot(WebServer.Kind.APACHE, List.of(), "/var/www/html", conf.toString(), 3),
                new DocumentRoot(WebServer.Kind.APACHE, List.of("blog.example.org", "*.blog.example.org"), "/srv/blog",
                        conf.toString(), 7)), roots);
        assertEquals(true, roots.get(1).serves("a.blog.example.org"));
    }
}
