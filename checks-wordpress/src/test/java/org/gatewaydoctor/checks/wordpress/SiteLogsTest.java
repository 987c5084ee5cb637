package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debug log of a site found only while the checks run (from a document root, {@code --local}) is not in the
 * engine's shared scan, which starts before any check: the WordPress checks read it themselves.
 */
class SiteLogsTest {

    @TempDir
    Path dir;

    @Test
    void aDebugLogNamedByWpConfigButNotAmongTheScannedLogsIsReadAndAttributed() throws IOException {
        Path wp = Files.createDirectories(dir.resolve("wp"));
        Files.createDirectories(wp.resolve("wp-content/themes/gd-minimal"));
        Files.writeString(wp.resolve("wp-settings.php"), "<?php\n");
        Path debug = dir.resolve("logs/wp-debug.log");
        Files.createDirectories(debug.getParent());
        // as WordPress 6.1 wrote it through PHP-FPM in PagesAndChangesIT (the theme's index.php calls an undefined function)
        Files.writeString(debug, "[07-Dec-2026 11:55:02 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function "
                + "gd_minimal_undefined_template_tag() in " + wp + "/wp-content/themes/gd-minimal/index.php:2\n"
                + "Stack trace:\n#0 " + wp + "/wp-includes/template-loader.php(106): include()\n#1 {main}\n  thrown in "
                + wp + "/wp-content/themes/gd-minimal/index.php on line 2\n");
        Files.writeString(wp.resolve("wp-config.php"), "<?php\ndefine( 'DB_PASSWORD', 'CANARY-sitelogs-8d' );\n"
                + "define( 'WP_DEBUG', true );\ndefine( 'WP_DEBUG_LOG', '" + debug + "' );\n");
        Path other = Files.writeString(dir.resolve("nginx-error.log"), "");
        CheckRun run = CheckTester.of(new PhpErrorLogCheck()).withCompanions(new WpConfigCheck())
                .withOption(WordPressOptions.DIR, wp.toString()).withLogs(other).withZone(ZoneOffset.UTC).run();
        Finding f = run.findings().get(0);
        assertEquals(CauseCode.APP_FATAL_ERROR, f.cause());
        assertTrue(f.summary().contains("mostly in theme gd-minimal"), f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.LogLine l && l.file().equals(debug.toString())
                && l.line() == 1), f.evidence().toString());
        assertFalse(run.json().contains("CANARY-sitelogs-8d"));
    }
}
