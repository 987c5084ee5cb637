package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Listener;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the web servers accept connections ({@link org.gatewaydoctor.facts.Facts#LISTENERS}): nginx {@code listen}
 * with its defaults, Apache {@code Listen} with the names of its virtual hosts, HAProxy {@code bind}.
 */
class ListenersTest {

    @TempDir
    Path dir;

    private static InetAddress ip(String s) throws IOException {
        return InetAddress.getByName(s);
    }

    private List<Listener> read(String kind, String text) throws IOException {
        Path conf = Files.writeString(dir.resolve(kind), text.formatted(dir));
        return ProxyStack.read(Target.builder().config(kind, conf).build()).listeners();
    }

    @Test
    void nginxListensWithTheirServerNamesAndTheDefaultForAServerWithout() throws IOException {
        List<Listener> l = read(Target.CONFIG_NGINX, """
                events {}
                http {
                    server {
                        listen 127.0.0.1:8080;
                        listen [::1]:8080;
                        server_name shop.example.org *.shop.example.org;
                    }
                    server {
                        listen 8081 default_server;
                    }
                    server {
                        server_name old.example.org;
                    }
                }
                """);
        Path conf = dir.resolve(Target.CONFIG_NGINX);
        assertEquals(List.of(
                new Listener(WebServer.Kind.NGINX, Address.tcp("127.0.0.1", 8080),
                        List.of("shop.example.org", "*.shop.example.org"), conf.toString(), 4),
                new Listener(WebServer.Kind.NGINX, Address.tcp("::1", 8080),
                        List.of("shop.example.org", "*.shop.example.org"), conf.toString(), 5),
                new Listener(WebServer.Kind.NGINX, Address.tcp("", 8081), List.of(), conf.toString(), 9),
                // no listen: nginx's *:80, located at the server block
                new Listener(WebServer.Kind.NGINX, Address.tcp("", 80), List.of("old.example.org"), conf.toString(), 11)),
                l);
        assertTrue(l.get(0).accepts(ip("127.0.0.1"), 8080));
        assertFalse(l.get(0).accepts(ip("127.0.0.2"), 8080), "another loopback address is not 127.0.0.1");
        assertFalse(l.get(0).accepts(ip("127.0.0.1"), 8081));
        assertTrue(l.get(0).serves("www.SHOP.example.org."));
        assertFalse(l.get(0).serves("example.org"));
        // listen 8081: every IPv4 address, no IPv6 (nginx binds 0.0.0.0)
        assertTrue(l.get(2).accepts(ip("127.0.0.2"), 8081));
        assertTrue(l.get(2).accepts(ip("198.51.100.7"), 8081));
        assertFalse(l.get(2).accepts(ip("::1"), 8081));
        assertTrue(l.get(0).specific());
        assertFalse(l.get(2).specific());
    }

    @Test
    void apacheListenCarriesTheNamesOfTheVirtualHostsOnItsPortAndAnAddressedVirtualHostItsOwnAddress()
            throws IOException {
        List<Listener> l = read(Target.CONFIG_APACHE, """
                ServerRoot %1$s
                ServerName main.example.org
                Listen 127.0.0.1:8080
                Listen 8443
                Listen 9000
                <VirtualHost *:8080>
                    ServerName blog.example.org
                    ServerAlias www.blog.example.org
                </VirtualHost>
                <VirtualHost 127.0.0.1:9999>
                    ServerName elsewhere.example.org
                </VirtualHost>
                <VirtualHost 127.0.0.5:9000>
                    ServerName shop.example.org:9000
                </VirtualHost>
                """);
        Path conf = dir.resolve(Target.CONFIG_APACHE);
        assertEquals(List.of(
                new Listener(WebServer.Kind.APACHE, Address.tcp("127.0.0.1", 8080),
                        List.of("blog.example.org", "www.blog.example.org"), conf.toString(), 3),
                new Listener(WebServer.Kind.APACHE, Address.tcp("", 8443), List.of("main.example.org"),
                        conf.toString(), 4),
                new Listener(WebServer.Kind.APACHE, Address.tcp("", 9000), List.of("main.example.org"),
                        conf.toString(), 5),
                // the only place shop.example.org is served: 127.0.0.5, though Listen 9000 takes every address
                new Listener(WebServer.Kind.APACHE, Address.tcp("127.0.0.5", 9000), List.of("shop.example.org"),
                        conf.toString(), 13)), l);
        // Listen 8443 without an address: Apache on Linux takes both families
        assertTrue(l.get(1).accepts(ip("::1"), 8443));
        assertTrue(l.get(1).accepts(ip("127.0.0.5"), 8443));
        org.gatewaydoctor.facts.Listeners all = new org.gatewaydoctor.facts.Listeners(l);
        assertEquals(List.of(l.get(3)), all.serving("shop.example.org", 9000));
        assertTrue(all.accept(ip("127.0.0.6"), 9000), "Listen 9000 takes the connection, another site answers");
    }

    @Test
    void haproxyBindsOfFrontendsOnly() throws IOException {
        List<Listener> l = read(Target.CONFIG_HAPROXY, """
                global
                    maxconn 100
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 5s
                    timeout server 5s
                frontend web
                    bind 127.0.0.1:8080,127.0.0.1:8081
                    bind :8082
                    bind unix@/run/haproxy/web.sock
                    bind ipv6@[::1]:8083
                    default_backend app
                backend app
                    server a 127.0.0.1:9000
                """);
        List<String> addresses = l.stream().map(x -> x.address().toString()).toList();
        assertEquals(List.of("127.0.0.1:8080", "127.0.0.1:8081", "*:8082", "[::1]:8083"), addresses);
        assertTrue(l.stream().allMatch(x -> x.names().isEmpty() && x.kind() == WebServer.Kind.HAPROXY));
        assertTrue(l.get(2).accepts(ip("127.0.0.9"), 8082));
        assertFalse(l.get(2).accepts(ip("::1"), 8082));
    }
}
