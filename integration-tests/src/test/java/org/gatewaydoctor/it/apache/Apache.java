package org.gatewaydoctor.it.apache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;

/**
 * A real Apache httpd 2.4 ({@code /usr/sbin/apache2}) in a stack: its own {@code apache/apache2.conf}
 * (never Debian's {@code /etc/apache2}, and no {@code envvars}: every path the server needs is in the
 * file, including {@code DefaultRuntimeDir} and an empty {@code TypesConfig}), in the foreground
 * ({@code -DFOREGROUND}), event MPM, children as {@code www-data}, error log at {@code warn} in
 * {@code logs/apache-error.log}, combined access log in {@code logs/apache-access.log}.
 *
 * <p>Debian's binary has {@code mod_log_config} and {@code mod_unixd} built in, so they are not loaded.
 *
 * <pre>{@code
 * Server apache = Apache.start(stack, Apache.config(stack, port, Apache.fcgiHandler(socket)), port);
 * }</pre>
 */
public final class Apache {

    public static final String BINARY = "/usr/sbin/apache2";
    private static final String MODULES = "/usr/lib/apache2/modules/";

    private Apache() {
    }

    /** The path of the configuration file {@link #start} writes. */
    public static Path configFile(Stack stack) {
        return stack.path("apache/apache2.conf");
    }

    /**
     * A whole configuration listening on 127.0.0.1:{@code port}, serving {@code www/} with
     * {@code body} (proxy directives, handlers) at server level.
     */
    public static String config(Stack stack, int port, String body) {
        StringBuilder modules = new StringBuilder();
        for (String m : List.of("mpm_event", "authz_core", "mime", "dir", "proxy", "proxy_fcgi", "proxy_http")) {
            modules.append("LoadModule ").append(m).append("_module ").append(MODULES).append("mod_").append(m)
                    .append(".so\n");
        }
        return """
                ServerRoot %1$s/apache
                DefaultRuntimeDir %1$s/run
                PidFile %1$s/run/apache2.pid
                %2$s
                User www-data
                Group www-data
                ServerName localhost
                Listen 127.0.0.1:%3$d
                TypesConfig %1$s/apache/mime.types
                ErrorLog %1$s/logs/apache-error.log
                LogLevel warn
                LogFormat "%%h %%l %%u %%t \\"%%r\\" %%>s %%O \\"%%{Referer}i\\" \\"%%{User-Agent}i\\"" combined
                CustomLog %1$s/logs/apache-access.log combined
                DocumentRoot %1$s/www
                DirectoryIndex index.php index.html
                <Directory %1$s/www>
                    Require all granted
                </Directory>
                %4$s
                """.formatted(stack.dir(), modules.toString().strip(), port, body.strip());
    }

    /** PHP files handed to PHP-FPM on a unix socket by mod_proxy_fcgi, as Debian's {@code php8.2-fpm.conf} does. */
    public static String fcgiHandler(Path socket) {
        return """
                <FilesMatch "\\.php$">
                    SetHandler "proxy:unix:%s|fcgi://localhost"
                </FilesMatch>
                """.formatted(socket);
    }

    /** Writes {@code config} and starts Apache; waits until it listens on {@code port}. */
    public static Server start(Stack stack, String config, int port) {
        stack.write("apache/mime.types", "");
        Path conf = stack.write("apache/apache2.conf", config);
        Server s = stack.start("apache2", List.of(BINARY, "-DFOREGROUND", "-d", stack.path("apache").toString(),
                "-f", conf.toString()));
        Wait.until("Apache on port " + port + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> Wait.listening(port));
        return s;
    }
}
