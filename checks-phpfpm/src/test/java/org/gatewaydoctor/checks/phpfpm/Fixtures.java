package org.gatewaydoctor.checks.phpfpm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.ProxyRoute;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;

/** Small builders for the tests of the PHP-FPM checks. */
final class Fixtures {

    private Fixtures() {
    }

    /** Writes {@code dir/php-fpm.conf} with a [global] section and {@code pools}, each given {@code user = www-data} after its header. */
    static Path fpmConf(Path dir, String pools) throws IOException {
        Path conf = dir.resolve("php-fpm.conf");
        Files.writeString(conf, "[global]\nerror_log = " + dir + "/php-fpm.log\npid = " + dir + "/php-fpm.pid\n"
                + pools.replaceAll("(?m)^(\\[[a-z]+\\])$", "$1\nuser = www-data"));
        return conf;
    }

    static WebServers nginx(String user, ProxyRoute... routes) {
        return new WebServers(List.of(new WebServer(WebServer.Kind.NGINX, Path.of("/etc/nginx/nginx.conf"), user, user,
                List.of(routes))));
    }

    static ProxyRoute route(UpstreamProtocol protocol, Address target, int readSeconds, int line) {
        return new ProxyRoute("example.org", "~ \\.php$", protocol, List.of(target), "",
                Duration.ofSeconds(readSeconds), Duration.ofSeconds(60), "/etc/nginx/sites-enabled/example.conf", line);
    }

    /** A root with etc/passwd and etc/group knowing www-data (33) and nobody (65534). */
    static Path accounts(Path dir) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("root/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nwww-data:x:33:\nnogroup:x:65534:\nwebdev:x:1500:www-data\n");
        return dir.resolve("root");
    }

    static void mode(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }
}
