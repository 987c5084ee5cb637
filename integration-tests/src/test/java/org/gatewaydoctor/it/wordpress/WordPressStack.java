package org.gatewaydoctor.it.wordpress;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.MariaDb;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Target;

/**
 * One WordPress site for real: MariaDB from a template data folder in which WordPress 6.1 (Debian's
 * {@code /usr/share/wordpress}) was installed by its own installer ({@code wp_install()}, run once per JVM with the
 * PHP CLI), a copy of WordPress in the stack's {@code www/} with a wp-config.php full of canary secrets, PHP-FPM
 * with mysqli, and nginx with WordPress's usual {@code try_files} front controller. {@code WP_DEBUG_LOG} points at
 * {@code logs/wp-debug.log}, so offline diagnoses read it from the log folder and live ones find it through
 * wp-config.php.
 */
final class WordPressStack {

    static final String CHAIN = "nginx → PHP-FPM → WordPress → MariaDB (unix socket)";
    static final String DB_PASSWORD = "CANARY-dbpass-7f3a9";
    static final String ADMIN_PASSWORD = "CANARY-admin-pass-1a2b";
    /** Every secret planted in wp-config.php and the database: none may appear in any output. */
    static final List<String> CANARIES = List.of(DB_PASSWORD, ADMIN_PASSWORD, "CANARY-auth-key-0b1e",
            "CANARY-secure-auth-key-5d2c", "CANARY-logged-in-key-9e4f", "CANARY-nonce-key-1a2b",
            "CANARY-auth-salt-3c4d", "CANARY-secure-auth-salt-5e6f", "CANARY-logged-in-salt-7a8b",
            "CANARY-nonce-salt-3c1d");
    static final String PHP = "/usr/bin/php8.2";
    private static final String WORDPRESS = "/usr/share/wordpress";
    private static final List<String> MYSQLI = List.of("-d", "extension=mysqlnd", "-d", "extension=mysqli");

    final Stack stack;
    final MariaDb db;
    final Server fpm;
    final int port;
    final Path root;
    final Path wpConfig;

    private WordPressStack(Stack stack, MariaDb db, Server fpm, int port) {
        this.stack = stack;
        this.db = db;
        this.fpm = fpm;
        this.port = port;
        this.root = stack.path("www");
        this.wpConfig = root.resolve("wp-config.php");
    }

    /** The data folder of a MariaDB with the site's database, its users and WordPress installed. */
    static synchronized Path template() {
        return MariaDb.template("wordpress", sock -> {
            try {
                MariaDb.sqlOn(sock, "CREATE DATABASE wordpress; "
                        + "CREATE USER 'wp'@'localhost' IDENTIFIED BY '" + DB_PASSWORD + "'; "
                        + "CREATE USER 'wp'@'127.0.0.1' IDENTIFIED BY '" + DB_PASSWORD + "'; "
                        + "GRANT ALL ON wordpress.* TO 'wp'@'localhost'; GRANT ALL ON wordpress.* TO 'wp'@'127.0.0.1';");
                Path site = Files.createTempDirectory("gd-it-wp-install-");
                try {
                    MariaDb.run(site, List.of("cp", "-a", WORDPRESS + "/.", site.toString()), Duration.ofSeconds(60));
                    Files.writeString(site.resolve("wp-config.php"), wpConfig("localhost:" + sock, DB_PASSWORD,
                            "http://127.0.0.1", site.resolve("install-debug.log"), ""));
                    Files.writeString(site.resolve("install.php"), """
                            <?php
                            define('WP_INSTALLING', true);
                            $_SERVER['HTTP_HOST'] = '127.0.0.1';
                            $_SERVER['REQUEST_URI'] = '/';
                            require __DIR__ . '/wp-load.php';
                            require_once ABSPATH . 'wp-admin/includes/upgrade.php';
                            $r = wp_install('gateway-doctor test site', 'admin', 'admin@example.org', false, '', '%s');
                            update_option('template', 'gd-minimal');
                            update_option('stylesheet', 'gd-minimal');
                            echo "installed user " . $r['user_id'] . "\\n";
                            """.formatted(ADMIN_PASSWORD));
                    List<String> cmd = new ArrayList<>(List.of(PHP, "-n"));
                    cmd.addAll(MYSQLI);
                    cmd.add(site.resolve("install.php").toString());
                    String out = MariaDb.run(site, cmd, Duration.ofSeconds(120));
                    if (!out.contains("installed user 1")) {
                        throw new IllegalStateException("WordPress did not install:\n" + out);
                    }
                } finally {
                    MariaDb.run(site.getParent(), List.of("rm", "-rf", site.toString()), Duration.ofSeconds(60));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A stack of {@link #start} without database options whose front page answers 200 (asserted, with the servers'
     * output when it does not): the healthy site a test then breaks.
     */
    static WordPressStack serving(Stack stack) {
        WordPressStack wp = start(stack, List.of());
        assertEquals(200, org.gatewaydoctor.it.harness.Http.get(wp.url("/")).status(),
                stack.outputs() + wp.debugLog());
        return wp;
    }

    /**
     * Starts the whole site. {@code dbOptions} go to MariaDB ({@code --max-connections=10}), {@code poolLines} to the
     * PHP-FPM pool ({@code php_admin_value[memory_limit] = 32M}).
     */
    static WordPressStack start(Stack stack, List<String> dbOptions, String... poolLines) {
        MariaDb db = MariaDb.start(stack, template(), dbOptions.toArray(String[]::new));
        int port = org.gatewaydoctor.it.harness.Ports.free();
        try {
            MariaDb.run(stack.dir(), List.of("cp", "-a", WORDPRESS + "/.", stack.path("www").toString()),
                    Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stack.write("www/wp-content/themes/gd-minimal/style.css", "/*\nTheme Name: GD Minimal\nVersion: 1.0\n*/\n");
        stack.write("www/wp-content/themes/gd-minimal/index.php",
                "<?php\n?><!doctype html><title><?php bloginfo('name'); ?></title><p>front page</p>\n");
        Path debugLog = stack.logs().resolve("wp-debug.log");
        stack.write("logs/wp-debug.log", "");
        try {
            Files.setPosixFilePermissions(debugLog, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stack.write("www/wp-config.php", wpConfig("localhost:" + db.socket(), DB_PASSWORD, "http://127.0.0.1:" + port,
                debugLog, ""));
        Path fpmSocket = stack.path("run/php-fpm.sock");
        // WordPress's first requests take over a second without opcache: only slower ones are slow here.
        List<String> pool = new ArrayList<>(List.of("php_admin_value[date.timezone] = UTC",
                "request_slowlog_timeout = 10s"));
        pool.addAll(List.of(poolLines));
        Path conf = stack.write("fpm/php-fpm.conf", PhpFpm.config(stack, fpmSocket.toString(), pool.toArray(String[]::new)));
        List<String> cmd = new ArrayList<>(List.of(PhpFpm.BINARY, "-n"));
        cmd.addAll(MYSQLI);
        cmd.addAll(List.of("-F", "-R", "-y", conf.toString()));
        Server fpm = stack.start("php-fpm", cmd);
        Wait.until("PHP-FPM on " + fpmSocket + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> Wait.listening(fpmSocket));
        String locations = """
                index index.php;
                location / {
                    try_files $uri $uri/ /index.php?$args;
                }
                location ~ \\.php$ {
                    fastcgi_pass unix:%s;
                %s}
                """.formatted(fpmSocket, Nginx.fastcgiParams().indent(4));
        Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, locations)), port);
        return new WordPressStack(stack, db, fpm, port);
    }

    /** A wp-config.php as WordPress's sample writes it, with canary keys and salts. */
    static String wpConfig(String dbHost, String password, String home, Path debugLog, String extra) {
        return """
                <?php
                // ** Database settings - You can get this info from your web host ** //
                define( 'DB_NAME', 'wordpress' );
                define( 'DB_USER', 'wp' );
                define( 'DB_PASSWORD', '%s' );
                define( 'DB_HOST', '%s' );
                define( 'DB_CHARSET', 'utf8' );
                define( 'DB_COLLATE', '' );

                define( 'AUTH_KEY',         'CANARY-auth-key-0b1e|N8/&}k;r+Gz^f%%9x~A<vX!s@q$7L(Ee]#mP:c?W,Hd' );
                define( 'SECURE_AUTH_KEY',  'CANARY-secure-auth-key-5d2c`j=K)t*Y1u-o>B.8wZ{R|n' );
                define( 'LOGGED_IN_KEY',    'CANARY-logged-in-key-9e4f' );
                define( 'NONCE_KEY',        'CANARY-nonce-key-1a2b' );
                define( 'AUTH_SALT',        'CANARY-auth-salt-3c4d' );
                define( 'SECURE_AUTH_SALT', 'CANARY-secure-auth-salt-5e6f' );
                define( 'LOGGED_IN_SALT',   'CANARY-logged-in-salt-7a8b' );
                define( 'NONCE_SALT',       'CANARY-nonce-salt-3c1d' );

                $table_prefix = 'wp_';

                define( 'WP_DEBUG', true );
                define( 'WP_DEBUG_LOG', '%s' );
                define( 'WP_DEBUG_DISPLAY', false );
                define( 'WP_HOME', '%s' );
                define( 'WP_SITEURL', '%s' );
                define( 'DISABLE_WP_CRON', true );
                %s
                /* That's all, stop editing! Happy publishing. */

                if ( ! defined( 'ABSPATH' ) ) {
                	define( 'ABSPATH', __DIR__ . '/' );
                }

                require_once ABSPATH . 'wp-settings.php';
                """.formatted(password, dbHost, debugLog, home, home, extra);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Writes a plugin {@code slug/slug.php} with a plugin header and {@code body}, then activates it in the database. */
    Path plugin(String slug, String body) {
        Path p = stack.write("www/wp-content/plugins/" + slug + "/" + slug + ".php", "<?php\n/**\n * Plugin Name: "
                + slug + "\n * Version: 1.2.3\n */\n" + body);
        String file = slug + "/" + slug + ".php";
        db.sql("UPDATE wordpress.wp_options SET option_value = 'a:1:{i:0;s:" + file.length() + ":\"" + file
                + "\";}' WHERE option_name = 'active_plugins'");
        return p;
    }

    /** Sets a file's modification time to {@code ago} before now (a plugin "updated just before"). */
    static void touch(Path file, Duration ago) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(ago)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String debugLog() {
        return read(stack.logs().resolve("wp-debug.log"));
    }

    void awaitDebugLog(String text) {
        Wait.until("'" + text + "' in wp-debug.log\n" + debugLog(), Duration.ofSeconds(20), () -> debugLog().contains(text));
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Offline: the stack's log folder alone. */
    Diagnosis offline() {
        return Diagnose.offline(stack);
    }

    /** Live: URL, nginx's and PHP-FPM's configuration and wp-config.php; debug.log found through wp-config.php. */
    Diagnosis live(URI url) {
        return Diagnose.live(url, Map.of(Target.CONFIG_NGINX, Nginx.configFile(stack), Target.CONFIG_PHP_FPM,
                PhpFpm.configFile(stack), Target.CONFIG_WORDPRESS, wpConfig));
    }

    /** Asserts the top cause, that its evidence holds {@code excerpt}, and that no canary appears in the JSON. */
    static void assertTop(String which, CauseCode expected, Diagnosis d, String excerpt) {
        assertEquals(expected, Diagnose.top(d), which + ": " + summary(d));
        RankedCause top = d.topCause().orElseThrow();
        assertTrue(top.evidence().stream().anyMatch(e -> text(e).contains(excerpt)) || top.summary().contains(excerpt),
                which + ": the top cause lacks '" + excerpt + "': " + summary(d));
        assertNoCanary(which, d);
    }

    static void assertTops(CauseCode offline, Diagnosis offlineDiagnosis, String offlineExcerpt, CauseCode live,
                           Diagnosis liveDiagnosis, String liveExcerpt) {
        assertAll(() -> assertTop("offline (logs only)", offline, offlineDiagnosis, offlineExcerpt),
                () -> assertTop("live (URL + configuration)", live, liveDiagnosis, liveExcerpt));
    }

    static void assertNoCanary(String which, Diagnosis d) {
        String json = DiagnosisJson.write(d);
        for (String c : CANARIES) {
            assertFalse(json.contains(c), which + ": the secret " + c + " leaks into the JSON");
        }
    }

    static String text(Evidence e) {
        if (e instanceof Evidence.LogLine l) {
            return l.text();
        } else if (e instanceof Evidence.ConfigLine c) {
            return c.directive() + " " + c.value();
        } else if (e instanceof Evidence.Observation o) {
            return o.text();
        } else if (e instanceof Evidence.Measurement m) {
            return m.name() + " " + m.value() + " " + m.unit();
        } else if (e instanceof Evidence.Probe p) {
            return p.target() + " " + p.status() + " " + p.outcome();
        }
        return e.describe();
    }

    static String summary(Diagnosis d) {
        return d.causes().stream().map(c -> "\n  " + c.rank() + ". " + c.code().value() + " "
                        + String.format("%.2f", c.confidence()) + " " + c.summary() + c.evidence().stream()
                        .map(e -> "\n      - " + text(e)).collect(Collectors.joining()))
                .collect(Collectors.joining()) + "\n  checks: " + d.checks().stream()
                .map(r -> r.checkId() + "=" + r.getClass().getSimpleName()).collect(Collectors.joining(", "));
    }
}
