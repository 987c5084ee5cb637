package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.LogLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpLogLocatorTest {

    @TempDir
    Path dir;

    @Test
    void findsTheLogsAnNginxConfigurationNamesWithTheirRotatedSiblings() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("log"));
        for (String f : List.of("error.log", "error.log.1", "error.log.2.gz", "error.log.bak", "access.log")) {
            Files.writeString(logs.resolve(f), "");
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "error_log " + logs.resolve("error.log") + ";\nevents {}\nhttp {\n    access_log "
                + logs.resolve("access.log") + ";\n}\n");
        List<Path> found = new HttpLogLocator().locate(Target.builder().config(Target.CONFIG_NGINX, conf).build());
        assertEquals(List.of(logs.resolve("error.log"), logs.resolve("error.log.1"), logs.resolve("error.log.2.gz"),
                logs.resolve("access.log")), found);
    }

    @Test
    void namesNothingForHaproxyWhenTheSyslogFileDoesNotExist() throws Exception {
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, "global\n    log /dev/log local0\n");
        assertEquals(List.of(), new HttpLogLocator(dir.resolve("absent/haproxy.log"))
                .locate(Target.builder().config(Target.CONFIG_HAPROXY, cfg).build()));
    }

    @Test
    void namesDebiansHaproxySyslogFileWhenHaproxyLogsToASyslogAddress() throws Exception {
        Path log = Files.writeString(dir.resolve("haproxy.log"), "");
        Path rotated = Files.writeString(dir.resolve("haproxy.log.1"), "");
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, "global\n    log 127.0.0.1:514 local0\n");
        assertEquals(List.of(log, rotated), new HttpLogLocator(log)
                .locate(Target.builder().config(Target.CONFIG_HAPROXY, cfg).build()));
    }

    @Test
    void namesNoSyslogFileWhenHaproxyLogsToStdout() throws Exception {
        Path log = Files.writeString(dir.resolve("haproxy.log"), "");
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, "global\n    log stdout format raw local0\n");
        assertEquals(List.of(), new HttpLogLocator(log).locate(Target.builder().config(Target.CONFIG_HAPROXY, cfg).build()));
    }

    @Test
    void givesEachNginxServersOwnLogsToItsSiteAndSharedOnesToNone() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("log"));
        Files.writeString(logs.resolve("shop-error.log.1"), "");
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "error_log " + logs.resolve("error.log") + ";\nevents {}\nhttp {\n"
                + "    access_log " + logs.resolve("access.log") + ";\n"
                + "    server {\n        server_name shop.example.org www.shop.example.org;\n"
                + "        error_log " + logs.resolve("shop-error.log") + ";\n"
                + "        location /api/ {\n            access_log " + logs.resolve("shop-api.log") + ";\n        }\n"
                + "    }\n"
                + "    server {\n        server_name blog.example.org;\n        error_log " + logs.resolve("both.log") + ";\n    }\n"
                + "    server {\n        server_name news.example.org;\n        error_log " + logs.resolve("both.log") + ";\n    }\n"
                + "    server {\n        server_name wiki.example.org;\n    }\n"
                + "}\n");
        List<LogLocator.SiteLog> sites = new HttpLogLocator().siteLogs(Target.builder().config(Target.CONFIG_NGINX, conf)
                .build());
        List<String> shop = List.of("shop.example.org", "www.shop.example.org");
        assertEquals(List.of(new LogLocator.SiteLog(logs.resolve("shop-error.log"), shop),
                new LogLocator.SiteLog(logs.resolve("shop-error.log.1"), shop),
                new LogLocator.SiteLog(logs.resolve("shop-api.log"), shop)), sites);
    }

    @Test
    void givesEachApacheVhostsOwnLogsToItsSiteButNotTheInheritedMainLog() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path conf = dir.resolve("apache2.conf");
        Files.writeString(conf, "ServerRoot " + dir + "\nErrorLog " + logs.resolve("error.log") + "\n"
                + "<VirtualHost *:80>\n    ServerName http://shop.example.org:80\n    ServerAlias shop.example.net\n"
                + "    ErrorLog " + logs.resolve("shop-error.log") + "\n</VirtualHost>\n"
                + "<VirtualHost *:80>\n    ServerName blog.example.org\n</VirtualHost>\n");
        assertEquals(List.of(new LogLocator.SiteLog(logs.resolve("shop-error.log"),
                        List.of("shop.example.org", "shop.example.net"))),
                new HttpLogLocator().siteLogs(Target.builder().config(Target.CONFIG_APACHE, conf).build()));
    }
}
