package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.facts.DocumentRoot;
import org.gatewaydoctor.facts.DocumentRoots;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --wordpress or --wp-config, the site is found in the web server's document root. */
class SiteFromDocumentRootTest {

    @TempDir
    Path dir;

    private Path wordpress(String relative, String canary) throws IOException {
        Path wp = Files.createDirectories(dir.resolve(relative));
        Files.writeString(wp.resolve("wp-settings.php"), "<?php\n");
        Files.writeString(wp.resolve("wp-config.php"), "<?php\ndefine('DB_NAME', '" + relative.replace('/', '_')
                + "');\ndefine('DB_PASSWORD', '" + canary + "');\n");
        return wp;
    }

    private static DocumentRoot root(List<String> names, Path root) {
        return new DocumentRoot(WebServer.Kind.NGINX, names, root.toString(), "/etc/nginx/sites-enabled/site", 12);
    }

    private CheckRun run(String url, DocumentRoot... roots) {
        CheckTester t = CheckTester.of(new WpConfigCheck())
                .withFact(Facts.WEB_SERVERS_CHECK, Facts.DOCUMENT_ROOTS, new DocumentRoots(List.of(roots)));
        return (url == null ? t : t.withUrl(url)).run();
    }

    @Test
    void theRootOfTheServerThatServesTheHostWins() throws IOException {
        Path other = wordpress("other", "CANARY-other-pw-11");
        Path shop = wordpress("shop", "CANARY-shop-pw-22");
        CheckRun run = run("https://shop.example/", root(List.of("other.example"), other),
                root(List.of("shop.example"), shop));
        String json = run.json();
        assertTrue(json.contains("WordPress in " + shop + ", found from the nginx root " + shop
                + " (/etc/nginx/sites-enabled/site:12)"), json);
        assertTrue(json.contains("\"shop\""), json);
        assertTrue(!json.contains("CANARY-shop-pw-22") && !json.contains("CANARY-other-pw-11"), json);
    }

    @Test
    void aWordPressInAFolderBelowTheRootIsFoundWithItsUrlPath() throws IOException {
        Path root = Files.createDirectories(dir.resolve("html"));
        Files.writeString(root.resolve("index.html"), "hello");
        Path blog = wordpress("html/blog", "CANARY-blog-pw-33");
        String json = run(null, root(List.of(), root)).json();
        assertTrue(json.contains("WordPress in " + blog + ", found below the nginx root " + root), json);
        assertTrue(json.contains("served under /blog/"), json);
    }

    @Test
    void rootsWithoutWordPressAreNamedInTheReason() throws IOException {
        Path root = Files.createDirectories(dir.resolve("static"));
        CheckRun run = run(null, root(List.of(), root), root(List.of(), dir.resolve("missing")));
        CheckResult.NotApplicable na = (CheckResult.NotApplicable) run.result().orElseThrow();
        assertEquals("no WordPress given (--wordpress DIR or --wp-config FILE) and none (wp-settings.php) in the "
                + "document roots [" + root + ", " + dir.resolve("missing") + "]", na.reason());
    }
}
