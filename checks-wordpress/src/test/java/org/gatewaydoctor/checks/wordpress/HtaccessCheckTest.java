package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.WordPressFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtaccessCheckTest {

    @TempDir
    Path dir;

    private Path site(String htaccess) throws IOException {
        Path wp = Files.createDirectories(dir.resolve("wp"));
        Files.writeString(wp.resolve("wp-config.php"), "<?php\ndefine('DB_HOST', 'localhost');\n");
        Files.createDirectories(wp.resolve("wp-content"));
        Files.writeString(wp.resolve("index.php"), "<?php\n");
        if (htaccess != null) {
            Files.writeString(wp.resolve(".htaccess"), htaccess);
        }
        return wp;
    }

    private static CheckTester tester(Path wp) {
        return CheckTester.of(new HtaccessCheck()).withCompanions(new WpConfigCheck())
                .withOption(WordPressOptions.DIR, wp.toString()).withZone(ZoneOffset.UTC);
    }

    private static Finding only(CheckRun run) {
        assertEquals(1, run.findings().size(), run.findings().toString());
        return run.findings().get(0);
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new HtaccessCheck()).assertDescribesItselfProperly();
    }

    @Test
    void wordPressOwnBlockPassesAndIsNamed() throws IOException {
        CheckRun run = tester(site(WordPressFiles.HTACCESS_BLOCK)).run();
        CheckResult.Passed passed = (CheckResult.Passed) run.result().orElseThrow();
        String text = passed.evidence().toString();
        assertTrue(text.contains("sections balanced, no rewrite loop found"), text);
        assertTrue(text.contains("WordPress block on lines 1-15, as WordPress writes it"), text);
    }

    @Test
    void aStrayCloserIsAWarningUntilApacheLogsIt() throws IOException {
        Finding f = only(tester(site("RewriteEngine On\n</IfModule>\n" + WordPressFiles.HTACCESS_BLOCK)).run());
        assertEquals(CauseCode.APP_HTACCESS_INVALID, f.cause());
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().contains("line 2: </IfModule> without matching <IfModule> section"), f.summary());
    }

    @Test
    void theLogLineMakesItTheCauseWithTheFileLine() throws IOException {
        Path wp = site("<IfModule mod_expires.c>\nExpiresActive On\n\n" + WordPressFiles.HTACCESS_BLOCK);
        Path log = dir.resolve("error.log");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/apache/htaccess-error.log")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            // the line of folder f, moved to this site's path
            String line = text.lines().filter(l -> l.contains("/f/.htaccess")).findFirst().orElseThrow()
                    .replace("/var/www/html/f/.htaccess", wp.resolve(".htaccess").toString());
            Files.writeString(log, line + "\n");
        }
        CheckRun run = tester(wp).withLogs(log).run();
        Finding f = only(run);
        assertEquals(CauseCode.APP_HTACCESS_INVALID, f.cause());
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.summary().contains("(Expected </IfModule> before end of configuration) and answered 500 to 1 request"),
                f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.LogLine), f.evidence().toString());
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.ConfigLine c && c.line() == 1
                && c.value().equals("<IfModule mod_expires.c> is never closed")), f.evidence().toString());
    }

    @Test
    void theInternalLoopLineIsTiedToTheRuleThatLoops() throws IOException {
        Path wp = site("RewriteEngine On\nRewriteRule ^(.*)$ /index.php [L]\n");
        Path log = dir.resolve("error.log");
        Files.writeString(log, "[Mon Dec 07 08:47:11.259844 2026] [core:error] [pid 12781:tid 12799] [client 127.0.0.1:54872]"
                + " AH00124: Request exceeded the limit of 10 internal redirects due to probable configuration error. Use "
                + "'LimitInternalRecursion' to increase the limit if necessary. Use 'LogLevel debug' to get a backtrace.\n");
        Finding f = only(tester(wp).withLogs(log).run());
        assertEquals(CauseCode.APP_HTACCESS_INVALID, f.cause());
        assertTrue(f.summary().contains("after 10 internal redirects"), f.summary());
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.ConfigLine c && c.line() == 2
                && c.value().startsWith("internal loop, replayed: /")), f.evidence().toString());
    }

    @Test
    void aSelfRedirectIsARedirectLoopRisk() throws IOException {
        Finding f = only(tester(site("RewriteEngine On\nRewriteRule ^shop/?$ /shop/ [R=302,L]\n")).run());
        assertEquals(CauseCode.APP_REDIRECT_LOOP, f.cause());
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().contains("/shop/ -> /shop/"), f.summary());
    }

    @Test
    void underNginxAloneTheFileIsIgnoredAndSaidSo() throws IOException {
        Path wp = site("RewriteEngine On\n</IfModule>\n");
        WebServers nginx = new WebServers(List.of(new WebServer(WebServer.Kind.NGINX, Path.of("/etc/nginx/nginx.conf"),
                "www-data", "www-data", List.of())));
        CheckRun run = tester(wp).withFact(Facts.WEB_SERVERS_CHECK, Facts.WEB_SERVERS, nginx).run();
        assertEquals(List.of(), run.findings());
        String text = ((CheckResult.Passed) run.result().orElseThrow()).evidence().toString();
        assertTrue(text.contains("is ignored: this site is served by nginx, which never reads .htaccess files"), text);
    }

    @Test
    void noFolderAndNoLogIsNotApplicable() {
        CheckRun run = CheckTester.of(new HtaccessCheck()).run();
        assertTrue(run.result().orElseThrow() instanceof CheckResult.NotApplicable);
    }

    @Test
    void aHugeFileIsReadOnlyToItsLimit() throws IOException {
        Path wp = site(WordPressFiles.HTACCESS_BLOCK + "# filler\n".repeat(200_000));
        CheckRun run = tester(wp).run();
        String text = run.json();
        assertTrue(text.contains("only its start was read"), text);
        assertFalse(run.findings().stream().anyMatch(f -> f.severity() == Severity.CRITICAL));
    }
}
