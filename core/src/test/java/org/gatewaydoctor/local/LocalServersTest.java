package org.gatewaydoctor.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.LocalServers;
import org.gatewaydoctor.LocalServers.Kind;
import org.gatewaydoctor.LocalServers.LocalServer;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding servers in a {@code /proc}-like tree. The command lines are those the real programs show in
 * {@code ps} on Debian 12 (nginx and PHP-FPM rewrite theirs; Apache and HAProxy keep argv).
 */
class LocalServersTest {

    @TempDir
    Path proc;

    private void process(long pid, long ppid, String env, String... argv) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("cmdline"), String.join("\0", argv) + "\0");
        Files.writeString(dir.resolve("status"), "Name:\tx\nPid:\t" + pid + "\nPPid:\t" + ppid + "\n");
        Files.writeString(dir.resolve("environ"), env);
    }

    @Test
    void findsEachMasterAndTheConfigurationItWasStartedWith() throws IOException {
        process(100, 1, "", "nginx: master process /usr/sbin/nginx -c /srv/nginx/nginx.conf -g daemon on; master_process on;");
        process(101, 100, "", "nginx: worker process");
        process(200, 1, "", "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)");
        process(201, 200, "", "php-fpm: pool www");
        process(300, 1, "APACHE_CONFDIR=/etc/apache2-site\0LANG=C\0", "/usr/sbin/apache2", "-k", "start");
        process(301, 300, "", "/usr/sbin/apache2", "-k", "start");
        process(400, 1, "", "/usr/sbin/haproxy", "-Ws", "-f", "/etc/haproxy/haproxy.cfg", "-p", "/run/haproxy.pid");
        process(401, 400, "", "/usr/sbin/haproxy", "-Ws", "-f", "/etc/haproxy/haproxy.cfg", "-p", "/run/haproxy.pid");
        process(500, 1, "", "/usr/bin/bash");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("600")); // ended while being read: no cmdline

        List<LocalServer> found = LocalServers.scan(proc);

        assertEquals(List.of(
                new LocalServer(Kind.NGINX, 100, Optional.of(Path.of("/srv/nginx/nginx.conf")),
                        "nginx: master process /usr/sbin/nginx -c /srv/nginx/nginx.conf -g daemon on; master_process on;"),
                new LocalServer(Kind.PHP_FPM, 200, Optional.of(Path.of("/etc/php/8.2/fpm/php-fpm.conf")),
                        "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)"),
                new LocalServer(Kind.APACHE, 300, Optional.of(Path.of("/etc/apache2-site/apache2.conf")),
                        "/usr/sbin/apache2 -k start"),
                new LocalServer(Kind.HAPROXY, 400, Optional.of(Path.of("/etc/haproxy/haproxy.cfg")),
                        "/usr/sbin/haproxy -Ws -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid")), found);
    }

    @Test
    void appliesDefaultsAndPrefixesWhereTheCommandLineNamesNoAbsoluteFile() throws IOException {
        process(10, 1, "", "nginx: master process /usr/sbin/nginx");
        process(20, 1, "", "nginx: master process /usr/sbin/nginx -p /opt/site/ -c conf/nginx.conf");
        process(30, 1, "", "/usr/sbin/apache2", "-d", "/opt/httpd", "-f", "conf/site.conf", "-DFOREGROUND");
        List<LocalServer> found = LocalServers.scan(proc);
        assertEquals(List.of(Path.of("/etc/nginx/nginx.conf"), Path.of("/opt/site/conf/nginx.conf"),
                Path.of("/opt/httpd/conf/site.conf")), found.stream().map(s -> s.config().orElseThrow()).toList());
    }

    @Test
    void addsOnlyKindsTheTargetDoesNotNameYet() throws IOException {
        process(100, 1, "", "nginx: master process /usr/sbin/nginx -c /srv/a.conf");
        process(110, 1, "", "nginx: master process /usr/sbin/nginx -c /srv/b.conf");
        process(200, 1, "", "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)");
        Target current = Target.builder().config(Target.CONFIG_PHP_FPM, Path.of("/given/fpm.conf")).build();
        Target.Builder b = current.toBuilder();
        List<LocalServer> used = LocalServers.applyTo(b, current, LocalServers.scan(proc));
        Target t = b.build();
        assertEquals(List.of(100L), used.stream().map(LocalServer::pid).toList());
        assertEquals(Optional.of(Path.of("/srv/a.conf")), t.config(Target.CONFIG_NGINX));
        assertEquals(Optional.of(Path.of("/given/fpm.conf")), t.config(Target.CONFIG_PHP_FPM));
    }

    @Test
    void aMissingProcTreeFindsNothing() {
        assertEquals(List.of(), LocalServers.scan(proc.resolve("absent")));
    }
}
