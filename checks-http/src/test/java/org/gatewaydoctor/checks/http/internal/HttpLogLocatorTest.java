package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.model.Target;
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
}
