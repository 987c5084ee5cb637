package org.gatewaydoctor.checks.phpfpm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.model.Evidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrittenLineTest {

    @TempDir
    Path dir;

    @Test
    void citesTheLineAsWrittenThenWhereItLeads() throws Exception {
        Path conf = Files.writeString(dir.resolve("nginx.conf"), """
                upstream edge_backend { server unix:/run/php/www.sock; }
                server {
                    location / {
                        proxy_pass   http://edge_backend;   # to PHP-FPM, by mistake
                    }
                }
                """);
        assertEquals(new Evidence.ConfigLine(conf.toString(), 4, "proxy_pass",
                        "http://edge_backend → unix:/run/php/www.sock"),
                WrittenLine.cite(conf.toString(), 4, "proxy_pass", Address.unix(Path.of("/run/php/www.sock"))));
    }

    @Test
    void aLineThatNamesItsTargetIsCitedAsItIs() throws Exception {
        Path conf = Files.writeString(dir.resolve("site.conf"), "location ~ \\.php$ {\n  fastcgi_pass unix:/run/php/www.sock;\n}\n");
        assertEquals(new Evidence.ConfigLine(conf.toString(), 2, "fastcgi_pass", "unix:/run/php/www.sock"),
                WrittenLine.cite(conf.toString(), 2, "fastcgi_pass", Address.unix(Path.of("/run/php/www.sock"))));
    }

    @Test
    void aHaproxyBackendIsCitedByItsSectionLine() throws Exception {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), "frontend fe\n  bind 127.0.0.1:80\nbackend be_wordpress\n"
                + "  server web1 127.0.0.1:8080\n");
        assertEquals(new Evidence.ConfigLine(cfg.toString(), 3, "backend", "be_wordpress → 127.0.0.1:8080"),
                WrittenLine.cite(cfg.toString(), 3, "server", Address.tcp("127.0.0.1", 8080)));
    }

    @Test
    void anUnreadableOrChangedLineFallsBackToTheResolvedDirective() throws Exception {
        Path conf = Files.writeString(dir.resolve("nginx.conf"), "events {}\n");
        Address a = Address.unix(Path.of("/run/php/www.sock"));
        Evidence.ConfigLine resolved = new Evidence.ConfigLine(conf.toString(), 1, "proxy_pass", "unix:/run/php/www.sock");
        assertEquals(resolved, WrittenLine.cite(conf.toString(), 1, "proxy_pass", a));
        assertEquals(new Evidence.ConfigLine("/nonexistent/nginx.conf", 9, "proxy_pass", "unix:/run/php/www.sock"),
                WrittenLine.cite("/nonexistent/nginx.conf", 9, "proxy_pass", a));
        assertEquals(new Evidence.ConfigLine(conf.toString(), 99, "proxy_pass", "unix:/run/php/www.sock"),
                WrittenLine.cite(conf.toString(), 99, "proxy_pass", a));
    }
}
