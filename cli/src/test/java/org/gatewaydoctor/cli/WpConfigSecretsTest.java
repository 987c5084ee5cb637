package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.cli.internal.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --wp-config FILE} and {@code --wordpress DIR} are read (issue 8, item 7): the database settings and the
 * debug.log it names are used, and its password (also the halves of a concatenated one), keys and salts never
 * reach the text, JSON or Nagios output, nor standard error, even where PHP printed them into the log.
 */
class WpConfigSecretsTest {

    private static final String PASSWORD_A = "CANARY-first-half-4e2a";
    private static final String PASSWORD_B = "CANARY-second-half-8b1f";
    private static final List<String> CANARIES = List.of(PASSWORD_A, PASSWORD_B, PASSWORD_A + PASSWORD_B,
            "CANARY-auth-key-0b1e", "CANARY-secure-auth-key-5d2c", "CANARY-logged-in-key-9e4f", "CANARY-nonce-key-1a2b",
            "CANARY-auth-salt-3c4d", "CANARY-secure-auth-salt-5e6f", "CANARY-logged-in-salt-7a8b", "CANARY-nonce-salt-3c1d",
            "CANARY-redis-password-77aa");

    @Test
    void wpConfigIsReadAndItsSecretsNeverReachAnyOutputFormat(@TempDir Path dir) throws IOException {
        Path site = Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(site.resolve("wp-content/plugins"));
        Files.writeString(site.resolve("wp-settings.php"), "<?php\n");
        Path debugLog = dir.resolve("logs/wp-debug.log");
        Files.createDirectories(debugLog.getParent());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(site.resolve("wp-config.php"), """
                <?php
                define( 'DB_NAME', 'wordpress' );
                define( 'DB_USER', 'wp' );
                define( 'DB_PASSWORD', '%s' . /* two halves */ "%s" );
                define( 'DB_HOST', '127.0.0.1:%d' );
                define( 'AUTH_KEY',         'CANARY-auth-key-0b1e|N8/&}k;r+Gz^f%%9x~A<vX!s@q$7L(Ee]#mP:c?W,Hd' );
                define( 'SECURE_AUTH_KEY',  'CANARY-secure-auth-key-5d2c`j=K)t*Y1u-o>B.8wZ{R|n' );
                define( 'LOGGED_IN_KEY',    'CANARY-logged-in-key-9e4f' );
                define( 'NONCE_KEY',        'CANARY-nonce-key-1a2b' );
                define( 'AUTH_SALT',        'CANARY-auth-salt-3c4d' );
                define( 'SECURE_AUTH_SALT', 'CANARY-secure-auth-salt-5e6f' );
                define( 'LOGGED_IN_SALT',   'CANARY-logged-in-salt-7a8b' );
                define( 'NONCE_SALT',       'CANARY-nonce-salt-3c1d' );
                define( 'WP_REDIS_PASSWORD', 'CANARY-redis-password-77aa' );
                $table_prefix = 'wp_';
                define( 'WP_DEBUG', true );
                define( 'WP_DEBUG_LOG', '%s' );
                require_once ABSPATH . 'wp-settings.php';
                """.formatted(PASSWORD_A, PASSWORD_B, closedPort, debugLog));
        // Where PHP prints secrets: a stack trace's arguments (PHP < 8.2 printed the password), a plugin's notice
        // quoting a salt, a query dumping the Redis password, the second half alone.
        Files.writeString(debugLog, String.join("\n",
                "[07-Dec-2026 06:00:01 UTC] PHP Fatal error:  Uncaught mysqli_sql_exception: Connection refused in "
                        + site + "/wp-includes/class-wpdb.php:1775",
                "Stack trace:",
                "#0 " + site + "/wp-includes/class-wpdb.php(1775): mysqli_real_connect(Object(mysqli), '127.0.0.1', 'wp', '"
                        + PASSWORD_A + PASSWORD_B + "', 'wordpress', " + closedPort + ", NULL, 0)",
                "#1 {main}",
                "  thrown in " + site + "/wp-includes/class-wpdb.php on line 1775",
                "[07-Dec-2026 06:00:02 UTC] PHP Notice:  acme-sso: nonce check with CANARY-nonce-salt-3c1d failed in "
                        + site + "/wp-content/plugins/acme-sso/acme-sso.php on line 12",
                "[07-Dec-2026 06:00:03 UTC] WordPress database error Table 'wordpress.wp_acme' doesn't exist for query "
                        + "SELECT * FROM wp_acme WHERE secret = '" + PASSWORD_B + "' AND auth = 'CANARY-auth-key-0b1e' made "
                        + "by require('wp-blog-header.php'), acme_redis_connect('CANARY-redis-password-77aa')",
                ""));

        List<String> outputs = new ArrayList<>();
        for (String format : List.of("text", "json", "nagios", "html")) {
            CliRunner.Result r = CliRunner.run(Terminal.plain(), b -> b.include("wordpress.*"),
                    "diagnose", "--wordpress", site.toString(), "--format", format, "--timeout", "30s", "--no-color");
            assertEquals(2, r.exitCode(), format + ": a database that refuses is a failing site\n" + r.out() + r.err());
            outputs.add(format + " stdout:\n" + r.out());
            if (format.equals("html")) {
                // as a browser shows it: an escaped quote inside a password must not hide it
                outputs.add("html stdout, entities decoded:\n" + r.out().replace("&lt;", "<").replace("&gt;", ">")
                        .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&"));
                assertTrue(r.out().contains("database.down"), r.out());
            }
            outputs.add(format + " stderr:\n" + r.err());
            if (format.equals("json")) {
                assertTrue(r.out().contains("\"directive\" : \"DB_HOST\"") || r.out().contains("\"directive\":\"DB_HOST\""),
                        "wp-config.php was read: " + r.out());
                assertTrue(r.out().contains("database.down"), r.out());
                assertTrue(r.out().contains("wp-debug.log"), "the debug.log wp-config.php names was scanned: " + r.out());
            }
        }
        CliRunner.Result viaFile = CliRunner.run(Terminal.plain(), b -> b.include("wordpress.*"),
                "diagnose", "--wp-config", site.resolve("wp-config.php").toString(), "--format", "json", "--timeout", "30s");
        assertTrue(viaFile.out().contains("wordpress.config"), viaFile.out());
        outputs.add("--wp-config json:\n" + viaFile.out() + viaFile.err());
        assertAll(CANARIES.stream().map(c -> () -> {
            for (String o : outputs) {
                assertFalse(o.contains(c), "the secret " + c + " leaks into " + o);
            }
        }));
    }
}
