package org.gatewaydoctor.it.wordpress;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.gatewaydoctor.it.apache.Apache;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.testkit.WordPressFiles;
import org.junit.jupiter.api.Test;

/**
 * A site's {@code .htaccess} breaks it on a real Apache 2.4 (mod_rewrite loaded, no mod_expires,
 * {@code AllowOverride All}) in front of PHP-FPM: a cache block whose {@code <IfModule mod_expires.c>} is never
 * closed (500 for everything, PHP never runs), a rule that rewrites onto itself (500, AH00124), and a redirect rule
 * that sends {@code /shop/} to itself (a browser's "too many redirects"). Diagnosed from Apache's log alone and live
 * (URL, Apache and PHP-FPM configuration; the site folder is found from Apache's {@code DocumentRoot}). And "what
 * changed": a broken edit of {@code .htaccess} four minutes before the 500s is named as the lead.
 */
class HtaccessFaultsIT {

    static final String CHAIN = "Apache (mod_rewrite, AllowOverride All) → PHP-FPM (unix socket)";
    static final String CANARY = "CANARY-htaccess-db-9a7e";

    /** A WordPress-shaped folder served by Apache + PHP-FPM, with {@code htaccess} as its .htaccess. */
    private static URI site(Stack stack, String htaccess) {
        Path socket = stack.path("run/www.sock");
        stack.write("www/index.php", "<?php echo 'ok';\n");
        stack.write("www/wp-content/index.php", "<?php\n");
        stack.write("www/wp-settings.php", "<?php\n");
        stack.write("www/wp-config.php", "<?php\ndefine('DB_NAME', 'wp');\ndefine('DB_PASSWORD', '" + CANARY
                + "');\n$table_prefix = 'wp_';\n");
        stack.write("www/.htaccess", htaccess);
        PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
        int port = Ports.free();
        Apache.start(stack, Apache.config(stack, port, """
                LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so
                <Directory %s>
                    AllowOverride All
                </Directory>
                %s
                """.formatted(stack.path("www"), Apache.fcgiHandler(socket))), port);
        return Http.url(port, "/");
    }

    /** Live, without --wordpress: the site is found in Apache's DocumentRoot. */
    private static Diagnosis live(Stack stack, URI url) {
        return Diagnose.run(Target.builder().url(url).zone(ZoneId.systemDefault())
                .config(Target.CONFIG_APACHE, Apache.configFile(stack))
                .config(Target.CONFIG_PHP_FPM, PhpFpm.configFile(stack)).build());
    }

    @Test
    void anUnclosedIfModuleAroundAnAbsentModuleIsApaches500AndTheHtaccessIsNamed() {
        try (Stack stack = Stack.create("wp-htaccess-ifmodule")) {
            URI url = site(stack, """
                    # BEGIN Cache
                    <IfModule mod_expires.c>
                    ExpiresActive On
                    ExpiresByType image/png "access plus 1 month"
                    # END Cache

                    """ + WordPressFiles.HTACCESS_BLOCK);
            Http.Response r = Http.get(url);
            assertEquals(500, r.status(), r.body());
            assertTrue(r.body().contains("Internal Server Error"), r.body());
            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = live(stack, url);
            String line = stack.path("www/.htaccess") + ": Expected </IfModule> before end of configuration";
            assertAll(
                    () -> assertEquals(CauseCode.APP_HTACCESS_INVALID, Diagnose.top(offline), Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.APP_HTACCESS_INVALID, Diagnose.top(live), Diagnose.explain(live)),
                    () -> assertTrue(Diagnose.explain(offline).contains(line), Diagnose.explain(offline)),
                    () -> assertTrue(Diagnose.explain(live).contains("<IfModule mod_expires.c> is never closed"),
                            Diagnose.explain(live)),
                    () -> assertTrue(Diagnose.explain(live).contains("found from the apache DocumentRoot "
                            + stack.path("www")) || Diagnose.explain(live).contains("found from the Apache DocumentRoot "
                            + stack.path("www")), Diagnose.explain(live)),
                    () -> assertFalse(DiagnosisJson.write(live).contains(CANARY)));
            FaultTable.record(FaultTable.Row.of("wp-htaccess-ifmodule-unclosed", CHAIN,
                    ".htaccess: a cache block's <IfModule mod_expires.c> never closed (mod_expires not loaded)", r.status(),
                    Diagnose.top(offline), Diagnose.top(live),
                    "…/.htaccess: Expected </IfModule> before end of configuration", ""));
        }
    }

    @Test
    void aRuleThatRewritesOntoItselfIsTheInternalRedirectLimit() {
        try (Stack stack = Stack.create("wp-htaccess-internal-loop")) {
            URI url = site(stack, "RewriteEngine On\nRewriteRule ^(.*)$ /index.php [L]\n");
            Http.Response r = Http.get(URI.create(url + "sample-page/"));
            assertEquals(500, r.status(), r.body());
            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = live(stack, URI.create(url + "sample-page/"));
            String line = "AH00124: Request exceeded the limit of 10 internal redirects due to probable configuration error.";
            assertAll(
                    () -> assertEquals(CauseCode.APP_HTACCESS_INVALID, Diagnose.top(offline), Diagnose.explain(offline)),
                    () -> assertEquals(CauseCode.APP_HTACCESS_INVALID, Diagnose.top(live), Diagnose.explain(live)),
                    () -> assertTrue(Diagnose.explain(offline).contains(line), Diagnose.explain(offline)),
                    () -> assertTrue(Diagnose.explain(live).contains("rewrites / back into itself on every pass")
                            || Diagnose.explain(live).contains("internal loop, replayed: /"), Diagnose.explain(live)));
            FaultTable.record(FaultTable.Row.of("wp-htaccess-internal-loop", CHAIN,
                    ".htaccess: RewriteRule ^(.*)$ /index.php [L] without WordPress's guards", r.status(),
                    Diagnose.top(offline), Diagnose.top(live),
                    "AH00124: Request exceeded the limit of 10 internal redirects due to probable configuration error.", ""));
        }
    }

    @Test
    void aRedirectRuleToItselfIsARedirectLoopNamedInTheHtaccess() {
        try (Stack stack = Stack.create("wp-htaccess-redirect-loop")) {
            URI base = site(stack, "RewriteEngine On\nRewriteRule ^shop/?$ /shop/ [R=302,L]\n");
            URI url = URI.create(base + "shop/");
            Http.Response r = Http.get(url);
            assertEquals(302, r.status(), r.body());
            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = live(stack, url);
            String json = Diagnose.explain(live);
            assertAll(
                    () -> assertEquals(CauseCode.APP_REDIRECT_LOOP, Diagnose.top(live), json),
                    () -> assertTrue(json.contains("redirect chain: " + url + " -> " + url), json),
                    () -> assertTrue(json.contains("the redirect rule on line 2 sends /shop/ back to a URL already visited"),
                            json),
                    () -> assertFalse(CauseCode.APP_REDIRECT_LOOP.equals(Diagnose.top(offline)), Diagnose.explain(offline)));
            FaultTable.record(FaultTable.Row.of("wp-htaccess-redirect-loop", CHAIN,
                    ".htaccess: RewriteRule ^shop/?$ /shop/ [R=302,L]", r.status(), null, Diagnose.top(live),
                    "the redirect rule on line 2 sends /shop/ back to a URL already visited",
                    "live only: a redirect is not an error in any log"));
        }
    }

    @Test
    void aBrokenHtaccessEditedMinutesBeforeTheErrorsIsNamedAsTheLead() throws Exception {
        try (Stack stack = Stack.create("wp-htaccess-changed")) {
            URI url = site(stack, WordPressFiles.HTACCESS_BLOCK);
            Http.Response ok = Http.get(url);
            assertEquals(200, ok.status(), ok.body());
            // the stack has run unchanged for two hours; then someone pastes a cache block into .htaccess, four
            // minutes before the 500s (the servers' logged starts come in between: .htaccess needs no reload)
            for (Path p : List.of(Apache.configFile(stack), PhpFpm.configFile(stack), stack.path("www/wp-config.php"))) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            }
            Path htaccess = stack.path("www/.htaccess");
            stack.write("www/.htaccess", "# BEGIN Cache\n<IfModule mod_expires.c>\nExpiresActive On\n# END Cache\n\n"
                    + WordPressFiles.HTACCESS_BLOCK);
            Instant edited = Instant.now().minus(Duration.ofMinutes(4));
            Files.setLastModifiedTime(htaccess, FileTime.from(edited));
            Http.Response r = Http.get(url);
            assertEquals(500, r.status(), r.body());

            Diagnosis live = live(stack, url);
            String changes = PagesAndChangesIT.summaries(live, "wordpress.changes");
            String at = DateTimeFormatter.ofPattern("HH:mm:ss").format(edited.atZone(ZoneId.systemDefault()));
            assertAll(() -> assertEquals(CauseCode.APP_HTACCESS_INVALID, Diagnose.top(live), Diagnose.explain(live)),
                    () -> assertTrue(changes.startsWith(".htaccess " + htaccess + " changed at " + at + "; the 500s began at "),
                            changes + Diagnose.explain(live)),
                    () -> assertTrue(changes.contains(" (4 minutes later, first ") || changes.contains(" (3 minutes later, "
                            + "first "), changes),
                    () -> assertTrue(changes.contains("the change is the first lead"), changes),
                    () -> assertFalse(DiagnosisJson.write(live).contains(CANARY)));
        }
    }
}
