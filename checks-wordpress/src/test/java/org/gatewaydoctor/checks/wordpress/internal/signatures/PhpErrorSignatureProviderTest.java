package org.gatewaydoctor.checks.wordpress.internal.signatures;

import static org.gatewaydoctor.testkit.SignatureTester.count;
import static org.gatewaydoctor.testkit.SignatureTester.only;
import static org.gatewaydoctor.testkit.SignatureTester.scan;
import static org.gatewaydoctor.testkit.SignatureTester.scanText;
import static org.gatewaydoctor.testkit.SignatureTester.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;

/** The PHP error-log and debug.log signatures against what PHP 8.2 and WordPress 6.1 wrote (fixtures/php). */
class PhpErrorSignatureProviderTest {

    static final List<Signature> SIGNATURES = new PhpErrorSignatureProvider().signatures();

    private static Map<String, Long> counts(LogScan scan) {
        Map<String, Long> counts = new TreeMap<>();
        scan.signatures().forEach(h -> counts.put(h.id(), h.count()));
        return counts;
    }

    @Test
    void findsEachFatalErrorOfThePhpFpmPoolAndItsPlugin() throws Exception {
        LogScan scan = scan(SIGNATURES, "php/php-fpm-error.log");
        // the uncaught Error and RuntimeException; their "Stack trace" and "thrown in" lines are no signatures
        assertEquals(Map.of("php.fatal-error", 2L, "php.parse-error", 1L, "php.memory-exhausted", 1L,
                "php.execution-timeout", 1L, "php.headers-sent", 1L), counts(scan));
        assertEquals(Set.of("acme-slider"), values(scan, "php.fatal-error", "plugin"));
        assertEquals(Set.of("Uncaught Error: Call to undefined function acme_slider_missing_helper()",
                "Uncaught RuntimeException: Slider feed unavailable"), values(scan, "php.fatal-error", "message"));
        assertEquals(Set.of("33554432"), values(scan, "php.memory-exhausted", "limit"));
        assertEquals(Set.of("acme-theme"), values(scan, "php.headers-sent", "theme"));
    }

    @Test
    void headersSentNamesTheFileAndLineWhereOutputStarted() throws Exception {
        String line = "[21-Nov-2026 20:43:21 UTC] PHP Warning:  Cannot modify header information - headers already sent by"
                + " (output started at /tmp/gd-work/www/wp-content/themes/acme-theme/functions.php:1) in"
                + " /tmp/gd-work/www/headers.php on line 3";
        assertEquals(Map.of("file", "/tmp/gd-work/www/wp-content/themes/acme-theme/functions.php", "line", "1",
                "caller", "/tmp/gd-work/www/headers.php", "callerLine", "3", "theme", "acme-theme"),
                only(SIGNATURES, "php.headers-sent", line));
    }

    @Test
    void memoryLineYieldsLimitSizeFileLineAndPlugin() throws Exception {
        String line = "[21-Nov-2026 20:43:20 UTC] PHP Fatal error:  Allowed memory size of 33554432 bytes exhausted"
                + " (tried to allocate 2097152 bytes) in /tmp/gd-work/www/wp-content/plugins/acme-slider/acme-slider.php"
                + " on line 9";
        assertEquals(Map.of("limit", "33554432", "size", "2097152", "line", "9", "plugin", "acme-slider", "file",
                "/tmp/gd-work/www/wp-content/plugins/acme-slider/acme-slider.php"),
                only(SIGNATURES, "php.memory-exhausted", line));
    }

    @Test
    void findsWhatWordPressLoggedAboutItsDatabase() throws Exception {
        LogScan scan = scan(SIGNATURES, "php/wp-debug.log");
        assertEquals(Map.of("wordpress.db-query-error", 3L, "wordpress.db-query-timeout", 1L, "php.db-unreachable", 2L,
                "php.db-access-denied", 1L, "php.db-too-many-connections", 1L), counts(scan));
        assertEquals(Set.of("No such file or directory", "Connection refused"),
                values(scan, "php.db-unreachable", "message"));
        // mysqlnd reports 1040 with SQLSTATE HY000: the error comes before the handshake
        assertEquals(Set.of("HY000"), values(scan, "php.db-too-many-connections", "sqlstate"));
        assertEquals(Set.of("require('wp-blog-header.php'), require_once('wp-load.php'), require_once('wp-config.php'),"
                + " require_once('wp-settings.php'), do_action('init'), WP_Hook->do_action, WP_Hook->apply_filters,"
                + " acme_stats_track"), values(scan, "wordpress.db-query-error", "caller"));
        assertTrue(values(scan, "wordpress.db-query-error", "query")
                .contains("SELECT COUNT(*) FROM wp_acme_stats WHERE day = CURDATE()"));
    }

    @Test
    void uncaughtMysqliExceptionsAreDatabaseFailuresNotPlainFatalErrors() throws Exception {
        LogScan scan = scan(SIGNATURES, "php/php-cli-error.log");
        assertEquals(Map.of("php.db-too-many-connections", 1L, "php.db-exception-too-many-connections", 1L,
                "php.db-exception-unreachable", 2L, "php.db-exception-access-denied", 2L), counts(scan));
        assertEquals(Set.of("MySQL server has gone away", "No such file or directory"),
                values(scan, "php.db-exception-unreachable", "message"));
    }

    @Test
    void findsWordPressesConnectionErrorPageInAnyFormat() throws Exception {
        assertEquals(3, count(scan(SIGNATURES, "php/wordpress-page.txt"), "wordpress.db-connection-error"));
    }

    @Test
    void everySignatureMatchesAFixtureLine() throws Exception {
        LogScan scan = scan(SIGNATURES, "php");
        List<String> unmatched = SIGNATURES.stream().map(Signature::id).filter(id -> count(scan, id) == 0).toList();
        assertEquals(List.of(), unmatched);
        assertEquals(Set.of("Unknown: Failed opening required '/var/www/html/index.php' (include_path='.:/usr/share/php')",
                "Uncaught Error: Call to undefined function acme_slider_missing_helper()",
                "Uncaught RuntimeException: Slider feed unavailable"), values(scan, "php.fatal-error", "message"));
        int shortest = SIGNATURES.stream().mapToInt(s -> s.literal().length()).min().orElseThrow();
        assertEquals(18, shortest);
    }

    @Test
    void linesOfOtherFormatsDoNotMatch() throws Exception {
        String nginx = "2026/11/21 09:14:03 [error] 812#812: *1 FastCGI sent in stderr: \"PHP message: PHP Fatal error:  "
                + "Allowed memory size of 1 bytes exhausted (tried to allocate 2 bytes) in /x.php on line 1\"";
        String fpm = "[21-Nov-2026 20:43:22] WARNING: [pool www] child 1 said into stderr: \"WordPress database error x"
                + " for query y\"";
        String deprecated = "[21-Nov-2026 20:46:00 UTC] PHP Deprecated:  Return type of Requests_Cookie_Jar::offsetGet($key)"
                + " should either be compatible with ArrayAccess::offsetGet(mixed $offset): mixed in /x.php on line 73";
        LogScan other = scanText(SIGNATURES, String.join("\n", nginx, fpm, deprecated) + "\n");
        assertTrue(other.signatures().isEmpty(), () -> "matched: " + other.signatures());
    }
}
