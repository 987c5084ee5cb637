package org.gatewaydoctor.it.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.ErrorSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WordPress's own error pages, rendered by the Debian {@code wordpress} package's PHP (read-only in
 * {@code /usr/share/wordpress}) through real nginx and PHP-FPM: PHP without its MySQL extension, a database
 * that refuses connections, a fatal error during start-up, an update that left {@code .maintenance} behind. Each means PHP answered:
 * the page is attributed to the application and nginx is named as the hop that passed it on.
 */
class WordPressPagesIT {

    static final String DB_PASSWORD = "CANARY-db-secret-9d1f";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "missing-mysqli, 500, ''",
        "database-refuses, 500, database.down",
        "fatal-error, 500, app.fatal_error",
        "maintenance, 503, ''"})
    void wordpressPagesMeanTheApplicationAnsweredAndNameNginxAsTheRelay(String fault, int status, String cause) {
        try (Stack stack = Stack.create("edge-wp-" + fault)) {
            Path wp = mirrorWordPress(stack);
            String phpFlags = fault.equals("missing-mysqli") ? "-n" : null;
            switch (fault) {
                case "fatal-error" -> stack.write("wp/content/db.php", "<?php\nwp_this_function_does_not_exist();\n");
                case "maintenance" -> stack.write("wp/.maintenance", "<?php $upgrading = time();\n");
                default -> { }
            }
            Path socket = stack.path("run/php-fpm.sock");
            // Not PhpFpm.start: that runs php-fpm with -n (no php.ini), and WordPress needs mysqli from conf.d.
            stack.write("fpm/php-fpm.conf", PhpFpm.config(stack, socket.toString()));
            List<String> cmd = new java.util.ArrayList<>(List.of(PhpFpm.BINARY, "-F", "-R", "-y",
                    PhpFpm.configFile(stack).toString()));
            if (phpFlags != null) {
                cmd.add(1, phpFlags);
            }
            stack.start("php-fpm", cmd);
            Wait.until("PHP-FPM on " + socket + "\n" + stack.outputs(), Duration.ofSeconds(20),
                    () -> Wait.listening(socket));
            int port = Ports.free();
            Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, """
                    location / {
                        fastcgi_pass unix:%s;
                    %s
                        fastcgi_param SCRIPT_FILENAME %s;
                    }
                    """.formatted(socket, Nginx.fastcgiParams().indent(4), wp.resolve("boot.php")))), port);

            String capture = EdgeErrorPagesIT.curl(port);
            Diagnosis d = EdgeErrorPagesIT.diagnose(stack, capture);
            ErrorSource s = d.errorSource();

            EdgeErrorPagesIT.record("WORDPRESS " + fault, s != null && s.vendor().equals("wordpress"));
            assertTrue(capture.startsWith("HTTP/1.1 " + status), capture);
            assertNotNull(s, Diagnose.explain(d));
            assertEquals("wordpress", s.vendor(), capture);
            assertEquals(ErrorSource.Hop.ORIGIN_APP, s.hop());
            assertEquals("nginx", s.relayedBy());
            assertEquals(status, s.status());
            assertEquals(cause.isEmpty() ? null : cause, Diagnose.top(d) == null ? null : Diagnose.top(d).value(),
                    Diagnose.explain(d));
            assertFalse(DiagnosisJson.write(d).contains(DB_PASSWORD));
        }
    }

    /**
     * {@code wp/}: symbolic links to every entry of {@code /usr/share/wordpress} except Debian's
     * {@code wp-config.php}, and {@code boot.php}, which does what a wp-config.php does (database
     * settings, then {@code wp-settings.php}) with a database address that refuses connections.
     */
    static Path mirrorWordPress(Stack stack) {
        Path wp = stack.mkdirs("wp");
        stack.mkdirs("wp/content");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/usr/share/wordpress"))) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!name.equals("wp-config.php") && !name.equals("wp-content")) {
                    Files.createSymbolicLink(wp.resolve(name), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int closed = Ports.free();
        stack.write("wp/boot.php", """
                <?php
                define('DB_NAME', 'wordpress');
                define('DB_USER', 'wordpress');
                define('DB_PASSWORD', '%s');
                define('DB_HOST', '127.0.0.1:%d');
                define('DB_CHARSET', 'utf8');
                define('DB_COLLATE', '');
                $table_prefix = 'wp_';
                define('WP_CONTENT_DIR', __DIR__ . '/content');
                define('ABSPATH', __DIR__ . '/');
                require_once ABSPATH . 'wp-settings.php';
                """.formatted(DB_PASSWORD, closed));
        return wp;
    }
}
