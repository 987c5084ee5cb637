package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.gatewaydoctor.checks.wordpress.internal.SiteFiles;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteFilesCheckTest {

    private static Path write(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private static Path site(Path dir) throws IOException {
        Path www = Files.createDirectories(dir.resolve("www"));
        write(www, "wp-config.php", "<?php\ndefine('DB_NAME', 'wp');\ndefine('DB_PASSWORD', 'CANARY-files-pw-11aa');\n");
        write(www, "wp-content/plugins/akismet/akismet.php", "<?php\n/*\nPlugin Name: Akismet Anti-Spam\nVersion: 5.0.2\n*/\n");
        write(www, "wp-content/plugins/hello.php", "<?php\n/**\n * Plugin Name: Hello Dolly\n * Version: 1.7.2\n */\n");
        write(www, "wp-content/plugins/acme-seo/acme-seo.php", "\uFEFF<?php\n/*\nPlugin Name: Acme SEO\nVersion: 2.0\n*/\n");
        write(www, "wp-content/plugins/acme-seo/views/box.php", "<div><?php echo 1; ?></div>\n\n\n");
        write(www, "wp-content/themes/acme-theme/functions.php", "<?php\nadd_action('init', 'x');\n?>\n\n  \n");
        write(www, "wp-content/themes/acme-theme/index.php", "<!doctype html>\n<?php get_header(); ?>\n\n");
        write(www, "wp-content/mu-plugins/acme-guard.php", "\n\n<?php\n// loaded first\n");
        write(www, "wp-content/object-cache.php", "<?php\n// drop-in\n");
        return www;
    }

    @Test
    void findsOutputBeforeHeadersOnlyWhereItBreaksHeadersAndListsTheSite(@TempDir Path dir) throws IOException {
        Path www = site(dir);
        CheckRun run = CheckTester.of(new SiteFilesCheck()).withCompanions(new WpConfigCheck())
                .withTarget(Target.builder().option(WordPressOptions.DIR, www.toString()).build()).run()
                .assertFound(CauseCode.APP_OUTPUT_BEFORE_HEADERS, Severity.WARNING)
                .assertNoSecretsLeak("CANARY-files-pw-11aa");
        Finding f = run.findings().get(0);
        String all = f.evidence().stream().map(Evidence::describe).collect(Collectors.joining("\n"));
        assertTrue(all.contains("acme-seo.php starts with a UTF-8 byte order mark (EF BB BF) (plugin acme-seo)"), all);
        assertTrue(all.contains("functions.php 4 whitespace bytes after the closing ?> (theme acme-theme)"), all);
        assertTrue(all.contains("acme-guard.php 2 whitespace bytes before <?php (must-use plugin acme-guard.php)"), all);
        // templates print on purpose: no output-before-headers line names them (a "changed at" line may name the
        // theme's newest file, which can be index.php when it was written in the same instant as functions.php)
        String suspects = f.evidence().stream().map(Evidence::describe).filter(d -> !d.contains(" changed at "))
                .collect(Collectors.joining("\n"));
        assertFalse(suspects.contains("index.php"), suspects);
        assertFalse(suspects.contains("box.php"), suspects);
        assertTrue(all.contains("3 plugins, 1 must-use plugins, 1 themes, drop-ins object-cache.php"), all);
        assertTrue(all.contains("plugin akismet (Akismet Anti-Spam 5.0.2)"), all);
        assertTrue(all.contains("plugin hello.php (Hello Dolly 1.7.2)"), all);
    }

    @Test
    void datesRecentChangesForTheTimeline(@TempDir Path dir) throws IOException {
        Path www = site(dir);
        Instant at = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.setLastModifiedTime(www.resolve("wp-content/plugins/akismet/akismet.php"), FileTime.from(at));
        Files.setLastModifiedTime(www.resolve("wp-content/plugins/akismet"), FileTime.from(at.minusSeconds(60)));
        for (Path p : List.of(www.resolve("wp-content/plugins/acme-seo/acme-seo.php"),
                www.resolve("wp-content/plugins/acme-seo/views/box.php"), www.resolve("wp-content/plugins/acme-seo/views"),
                www.resolve("wp-content/plugins/acme-seo"))) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
        }
        CheckRun run = CheckTester.of(new SiteFilesCheck()).withCompanions(new WpConfigCheck())
                .withTarget(Target.builder().option(WordPressOptions.DIR, www.toString()).build()).run();
        List<Evidence> ev = run.findings().get(0).evidence();
        assertTrue(ev.stream().anyMatch(e -> e instanceof Evidence.Observation o && o.text().startsWith("plugin akismet changed at ")
                && at.equals(o.at())), ev.toString());
        assertTrue(ev.stream().noneMatch(e -> e.describe().contains("plugin acme-seo changed at")), ev.toString());
    }

    @Test
    void aHugePluginTreeIsWalkedBoundedAndSaysSo(@TempDir Path dir) throws IOException {
        Path www = site(dir);
        Path big = Files.createDirectories(www.resolve("wp-content/plugins/acme-huge/vendor"));
        write(www, "wp-content/plugins/acme-huge/acme-huge.php", "<?php\n/* Plugin Name: Acme Huge */\n");
        for (int i = 0; i < 50_000; i++) {
            Files.writeString(big.resolve("f" + i + ".php"), "<?php\n");
        }
        // a symbolic link loop is not followed
        Files.createSymbolicLink(big.resolve("loop"), www.resolve("wp-content/plugins"));
        long start = System.nanoTime();
        SiteFiles.Report r = SiteFiles.scan(www.resolve("wp-content"), null, System.nanoTime() + Duration.ofSeconds(20).toNanos());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos());
        assertFalse(r.complete());
        assertTrue(r.entries() <= SiteFiles.MAX_ENTRIES + 10, "entries " + r.entries());
        CheckTester.of(new SiteFilesCheck()).withCompanions(new WpConfigCheck()).withTimeout(Duration.ofSeconds(10))
                .withTarget(Target.builder().option(WordPressOptions.DIR, www.toString()).build()).run()
                .assertRespectsDeadline();
    }

    @Test
    void aDeadlineInThePastStopsTheWalkAtOnce(@TempDir Path dir) throws IOException {
        Path www = site(dir);
        SiteFiles.Report r = SiteFiles.scan(www.resolve("wp-content"), null, System.nanoTime() - 1);
        assertFalse(r.complete());
        assertEquals(0, r.components().stream().filter(c -> c.kind().equals("theme")).count());
    }
}
