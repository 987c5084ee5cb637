package org.gatewaydoctor.it.wordpress;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * The whole stack (nginx, PHP-FPM, WordPress, MariaDB) for what ties WordPress's own pages and recent changes to
 * their cause: the database page while the database works (PHP's default socket), {@code .maintenance} fresh,
 * computed and stale, wp-config.php edited, and nginx's configuration edited and reloaded, just before the first error, and the CLI's
 * {@code --local} finding the whole site from the running servers alone.
 */
class PagesAndChangesIT {

    private static final String DB_PAGE = "Error establishing a database connection";
    private static final String MAINTENANCE = "Briefly unavailable for scheduled maintenance. Check back in a minute.";

    /** The findings of one check in a diagnosis. */
    static List<Finding> findings(Diagnosis d, String checkId) {
        return d.checks().stream().filter(r -> r.checkId().equals(checkId) && r instanceof CheckReport.Completed)
                .flatMap(r -> ((CheckReport.Completed) r).result().findingList().stream()).toList();
    }

    static String summaries(Diagnosis d, String checkId) {
        return String.join("\n", findings(d, checkId).stream().map(Finding::summary).toList());
    }

    /** How long before the errors the "what changed" tests date their edit. */
    static final Duration EDITED_BEFORE = Duration.ofMinutes(3);

    /** {@code at} as the diagnosis shows a time of day (the tests' zone). */
    static String clock(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").format(at.atZone(java.time.ZoneId.systemDefault()));
    }

    /** {@code wp} with every configuration file of its stack dated as if the site had run unchanged for two hours. */
    static WordPressStack settled(WordPressStack wp) {
        for (Path p : List.of(wp.wpConfig, Nginx.configFile(wp.stack), PhpFpm.configFile(wp.stack))) {
            WordPressStack.touch(p, Duration.ofHours(2));
        }
        return wp;
    }

    @Test
    void theDatabasePageWhileTheDatabaseAcceptsTheSiteBlamesPhpsDefaultSocketForLocalhost() {
        try (Stack stack = Stack.create("wp-page-db-socket")) {
            WordPressStack wp = WordPressStack.serving(stack);
            URI url = wp.url("/");
            // 'localhost' without a socket: PHP uses its built-in default (/var/run/mysqld/mysqld.sock), where no server is
            stack.write("www/wp-config.php", WordPressStack.wpConfig("localhost", WordPressStack.DB_PASSWORD,
                    "http://127.0.0.1:" + wp.port, stack.logs().resolve("wp-debug.log"), ""));
            Http.Response r = Http.get(url);
            assertEquals(500, r.status(), r.body());
            assertTrue(r.body().contains(DB_PAGE), r.body());
            String line = "mysqli_real_connect(): (HY000/2002): No such file or directory";
            wp.awaitDebugLog(line);

            Diagnosis offline = wp.offline();
            // the operator knows where the database listens and says so: the check connects there, as the site's user
            Diagnosis live = Diagnose.run(Target.builder().url(url).zone(ZoneId.systemDefault())
                    .config(Target.CONFIG_NGINX, Nginx.configFile(stack)).config(Target.CONFIG_PHP_FPM, PhpFpm.configFile(stack))
                    .config(Target.CONFIG_WORDPRESS, wp.wpConfig)
                    .option("wordpress.db-socket", wp.db.socket().toString()).build());
            WordPressStack.assertTops(CauseCode.DATABASE_DOWN, offline, line, CauseCode.DATABASE_DOWN, live,
                    "DB_HOST 'localhost' makes PHP connect through its own default socket");
            String top = live.topCause().orElseThrow().summary();
            assertAll(() -> assertTrue(top.startsWith("WordPress answers 'Error establishing a database connection', yet "
                            + "the database at unix socket " + wp.db.socket() + " accepts wp-config.php's user"), top),
                    () -> assertTrue(top.contains("(PHP: 'No such file or directory')"), top),
                    () -> assertTrue(live.topCause().orElseThrow().remediation().stream().anyMatch(x -> x.contains(
                            "define('DB_HOST', 'localhost:" + wp.db.socket() + "')")),
                            String.join("\n", live.topCause().orElseThrow().remediation())),
                    () -> assertEquals("wordpress", live.errorSource().vendor()));
            FaultTable.record(FaultTable.Row.of("wp-page-db-default-socket", WordPressStack.CHAIN,
                    "DB_HOST 'localhost' (PHP's default socket, absent) while MariaDB runs on another socket", 500,
                    Diagnose.top(offline), Diagnose.top(live), "PHP Warning:  " + line
                            + " + the database accepting the site's login", "live: the page and a working login "
                            + "are tied to DB_HOST"));
        }
    }

    @Test
    void maintenanceFilesFreshComputedAndStaleAreReadAsWordPressReadsThem() {
        try (Stack stack = Stack.create("wp-page-maintenance")) {
            WordPressStack wp = WordPressStack.serving(stack);
            URI url = wp.url("/");

            // 1. an update that began two minutes ago, as WP_Upgrader writes it
            long began = Instant.now().minusSeconds(120).getEpochSecond();
            stack.write("www/.maintenance", "<?php $upgrading = " + began + "; ?>");
            Http.Response fresh = Http.get(url);
            assertEquals(503, fresh.status(), fresh.body());
            assertTrue(fresh.body().contains(MAINTENANCE), fresh.body());
            Diagnosis d1 = wp.live(url);
            String s1 = summaries(d1, "wordpress.page");
            assertAll(() -> assertTrue(s1.startsWith("visitors get WordPress's 503 maintenance page: an update began at "),
                            s1 + WordPressStack.summary(d1)),
                    () -> assertTrue(s1.contains("WordPress ignores the file from "), s1),
                    () -> assertTrue(s1.contains("WordPress wrote this page itself, so every gateway in front worked"), s1),
                    () -> assertEquals("wordpress", d1.errorSource().vendor()),
                    () -> WordPressStack.assertNoCanary("fresh", d1));

            // 2. a deploy script that computes the time: WordPress never leaves maintenance mode
            stack.write("www/.maintenance", "<?php\n$upgrading = time();\n");
            Http.Response computed = Http.get(url);
            assertEquals(503, computed.status(), computed.body());
            Diagnosis d2 = wp.live(url);
            String s2 = summaries(d2, "wordpress.page");
            assertTrue(s2.contains("it sets $upgrading to time(), which never gets 10 minutes old"), s2);

            // 3. left behind by an update interrupted 20 minutes ago: WordPress serves the site again
            stack.write("www/.maintenance", "<?php $upgrading = " + Instant.now().minusSeconds(1200).getEpochSecond() + "; ?>");
            assertEquals(200, Http.get(url).status());
            Diagnosis d3 = wp.live(url);
            String s3 = summaries(d3, "wordpress.page");
            assertTrue(s3.contains(".maintenance is left over from an update that began at ")
                    && s3.contains("the update was probably interrupted"), s3);
            assertTrue(findings(d3, "wordpress.page").stream().allMatch(f -> f.severity().name().equals("INFO")), s3);
        }
    }

    @Test
    void wpConfigEditedJustBeforeTheFirstErrorIsTheLead() throws Exception {
        try (Stack stack = Stack.create("wp-change-wpconfig")) {
            WordPressStack wp = settled(WordPressStack.serving(stack));
            URI url = wp.url("/");
            // someone "tidies" wp-config.php and types the password wrong, three minutes before the first 500 (the
            // PHP-FPM start in the logs comes in between: wp-config.php needs no restart to take effect)
            stack.write("www/wp-config.php", WordPressStack.wpConfig("localhost:" + wp.db.socket(), "CANARY-typo-pass-51c2",
                    "http://127.0.0.1:" + wp.port, stack.logs().resolve("wp-debug.log"), ""));
            Instant edited = Instant.now().minus(EDITED_BEFORE);
            Files.setLastModifiedTime(wp.wpConfig, java.nio.file.attribute.FileTime.from(edited));
            assertEquals(500, Http.get(url).status());
            wp.awaitDebugLog("(HY000/1045): Access denied for user 'wp'@'localhost'");

            Diagnosis live = wp.live(url);
            String changes = summaries(live, "wordpress.changes");
            assertAll(() -> assertEquals(CauseCode.DATABASE_ACCESS_DENIED, Diagnose.top(live), WordPressStack.summary(live)),
                    () -> assertTrue(changes.startsWith("wp-config.php " + wp.wpConfig + " changed at " + clock(edited)
                            + "; the 500s began at "), changes + WordPressStack.summary(live)),
                    () -> assertTrue(changes.contains(" (3 minutes later, first ") || changes.contains(" (2 minutes later, "
                            + "first "), changes),
                    () -> assertTrue(changes.contains("the change is the first lead (PHP-FPM (re)started at "), changes),
                    () -> assertFalse(org.gatewaydoctor.json.DiagnosisJson.write(live).contains("CANARY-typo-pass-51c2")),
                    () -> WordPressStack.assertNoCanary("live", live));
        }
    }

    @Test
    void nginxConfigurationEditedAndReloadedJustBeforeThe502sIsTheLead() throws Exception {
        try (Stack stack = Stack.create("wp-change-nginx")) {
            WordPressStack wp = settled(WordPressStack.serving(stack));
            URI url = wp.url("/");
            // the PHP-FPM socket "renamed" in nginx's configuration only, then a reload
            Path conf = Nginx.configFile(stack);
            String before = Files.readString(conf);
            Path fpmSocket = stack.path("run/php-fpm.sock");
            Path wrong = stack.path("run/php8.2-fpm.sock");
            // edited three minutes before the reload that put it into effect (and the 502s)
            Files.writeString(conf, before.replace("fastcgi_pass unix:" + fpmSocket, "fastcgi_pass unix:" + wrong));
            Instant edited = Instant.now().minus(EDITED_BEFORE);
            Files.setLastModifiedTime(conf, java.nio.file.attribute.FileTime.from(edited));
            reload(stack);
            Wait.until("nginx answers 502 after the reload", Duration.ofSeconds(20), () -> Http.get(url).status() == 502);
            String errorLog = WordPressStack.read(stack.logs().resolve("nginx-error.log"));
            assertTrue(errorLog.contains("connect() to unix:" + wrong + " failed (2: No such file or directory) while "
                    + "connecting to upstream"), errorLog);

            Diagnosis live = wp.live(url);
            String changes = summaries(live, "wordpress.changes");
            assertAll(() -> assertNotNull(live.topCause().orElse(null), WordPressStack.summary(live)),
                    // the logged reload (nginx -s reload) is the newest change and names the file edited before it
                    () -> assertTrue((changes.startsWith("nginx was signalled (nginx -s reload, reopen or stop) at ")
                            || changes.startsWith("nginx reloaded its configuration (SIGHUP) at "))
                            && changes.contains(", after nginx configuration " + conf + " changed at " + clock(edited)
                            + "; the 502s began at "), changes + WordPressStack.summary(live)),
                    () -> assertTrue(changes.contains("the 502s began at "), changes));
        }
    }

    @Test
    void theCliWithLocalFindsNginxPhpFpmAndWordPressFromTheRunningServersAlone() throws Exception {
        try (Stack stack = Stack.create("wp-local-cli")) {
            WordPressStack wp = WordPressStack.serving(stack);
            URI url = wp.url("/");
            stack.write("www/wp-content/themes/gd-minimal/index.php", "<?php\ngd_minimal_undefined_template_tag();\n");
            Http.Response r = Http.get(url);
            assertEquals(500, r.status(), r.body());
            wp.awaitDebugLog("Call to undefined function gd_minimal_undefined_template_tag()");

            // Six builds share this machine: a /proc holding only this test's nginx and PHP-FPM masters (links to their
            // real entries) keeps another build's servers out of --local.
            long nginxPid = Long.parseLong(Files.readString(stack.path("run/nginx.pid")).strip());
            Path proc = procView(stack, nginxPid, wp.fpm.pid());
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", ThemeAndCliIT.JAR.toString(), "diagnose", "--url", url.toString(), "--local",
                    "--proc-root", proc.toString(), "--format", "json", "--no-color"));
            Path out = stack.path("local-out.json");
            Path err = stack.path("local-err.txt");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the CLI did not finish in 180 s");
            }
            String json = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertAll(
                    () -> assertTrue(stderr.contains("found nginx (pid " + nginxPid + "), reading " + Nginx.configFile(stack)),
                            stderr),
                    () -> assertTrue(stderr.contains("(pid " + wp.fpm.pid() + "), reading " + PhpFpm.configFile(stack)),
                            stderr),
                    () -> assertTrue(json.contains("found from the nginx root " + stack.path("www")), json),
                    () -> assertTrue(json.contains("\"app.fatal_error\""), json),
                    () -> assertTrue(json.contains("theme gd-minimal"), json),
                    () -> assertTrue(json.contains("critical-error page: a PHP fatal error in theme gd-minimal"), json),
                    () -> WordPressStack.CANARIES.forEach(c -> assertFalse((json + stderr).contains(c), "shows " + c)));
        }
    }

    @Test
    void aPluginFatalThatNginxRelaysFromFastCgiStderrIsAttributedToThePlugin() {
        try (Stack stack = Stack.create("wp-relayed-fatal")) {
            // as a production php.ini has it (PHP's built-in defaults, php -n, are the reverse): errors are logged, and
            // not shown to visitors
            WordPressStack wp = WordPressStack.start(stack, List.of(), "php_admin_flag[display_errors] = off",
                    "php_admin_flag[log_errors] = on");
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            // no WP_DEBUG_LOG and no error_log: PHP-FPM sends PHP's errors down FastCGI's stderr, nginx logs them
            String config = WordPressStack.wpConfig("localhost:" + wp.db.socket(), WordPressStack.DB_PASSWORD,
                    "http://127.0.0.1:" + wp.port, stack.logs().resolve("wp-debug.log"), "");
            config = config.replaceAll("define\\( 'WP_DEBUG_LOG', '[^']*' \\);\n", "")
                    .replace("define( 'WP_DEBUG', true );", "define( 'WP_DEBUG', false );");
            stack.write("www/wp-config.php", config);
            Path plugin = wp.plugin("acme-relay", """
                    add_action( 'init', function () {
                        acme_relay_missing_helper();
                    } );
                    """);
            Http.Response r = Http.get(url);
            assertEquals(500, r.status(), r.body());
            Path errorLog = stack.logs().resolve("nginx-error.log");
            String line = "FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught Error: Call to undefined "
                    + "function acme_relay_missing_helper() in " + plugin + ":7";
            Wait.until("the relayed fatal in nginx's error log:\n" + WordPressStack.read(errorLog) + "\nPHP-FPM's:\n"
                            + WordPressStack.read(stack.logs().resolve("php-fpm.log")), Duration.ofSeconds(20),
                    () -> WordPressStack.read(errorLog).contains(line));
            assertFalse(wp.debugLog().contains("acme_relay"), wp.debugLog());

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            WordPressStack.assertTops(CauseCode.APP_FATAL_ERROR, offline, "plugin acme-relay", CauseCode.APP_FATAL_ERROR,
                    live, "plugin acme-relay");
            // nginx's relayed line gives the file, not the line number
            assertAll(() -> assertTrue(summaries(offline, "wordpress.php-log").contains("mostly in plugin acme-relay"),
                            summaries(offline, "wordpress.php-log") + WordPressStack.summary(offline)),
                    () -> assertTrue(summaries(live, "wordpress.page").startsWith("visitors get WordPress's 500 "
                            + "critical-error page: a PHP fatal error in plugin acme-relay (" + plugin + ")"),
                            summaries(live, "wordpress.page") + WordPressStack.summary(live)));
            FaultTable.record(FaultTable.Row.of("wp-plugin-fatal-relayed-by-nginx", WordPressStack.CHAIN,
                    "an active plugin's fatal error, no WP_DEBUG_LOG: PHP-FPM relays it to nginx on FastCGI stderr", 500,
                    Diagnose.top(offline), Diagnose.top(live),
                    "FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function "
                            + "acme_relay_missing_helper() in …/plugins/acme-relay/…", ""));
        }
    }

    @Test
    void phpErrorsApacheRelaysAsAh01071AreAttributedToThePluginOffline() throws IOException {
        // the capture of checks-http: Apache 2.4 (Debian) + PHP-FPM 8.2, a plugin's fatal, memory and time limits
        Path capture = Path.of("..", "checks-http", "src", "test", "resources", "fixtures", "apache", "error.log");
        try (Stack stack = Stack.create("wp-relayed-ah01071")) {
            List<String> relayed = Files.readAllLines(capture, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("AH01071: Got error 'PHP message: PHP Fatal error:  ")).toList();
            assertTrue(relayed.size() >= 3, relayed.toString());
            stack.write("logs/apache-error.log", String.join("\n", relayed) + "\n");
            Diagnosis d = Diagnose.offline(stack);
            String php = summaries(d, "wordpress.php-log");
            assertAll(() -> assertTrue(php.contains("mostly in plugin acme-slider"), php + WordPressStack.summary(d)),
                    () -> assertTrue(php.contains("PHP fatal errors ended requests"), php),
                    () -> assertTrue(php.contains("scripts hit PHP's memory_limit once"), php),
                    () -> assertTrue(php.contains("scripts hit max_execution_time once"), php));
        }
    }

    /** A /proc-like folder with {@code pids} only: links to their real cmdline, status, environ, and their cwd. */
    static Path procView(Stack stack, long... pids) {
        try {
            Path view = stack.mkdirs("proc-view");
            for (long pid : pids) {
                Path real = Path.of("/proc", Long.toString(pid));
                Path dir = Files.createDirectories(view.resolve(Long.toString(pid)));
                for (String f : List.of("cmdline", "status", "environ")) {
                    Files.createSymbolicLink(dir.resolve(f), real.resolve(f));
                }
                Files.createSymbolicLink(dir.resolve("cwd"), Files.readSymbolicLink(real.resolve("cwd")));
            }
            return view;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void reload(Stack stack) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Nginx.BINARY, "-e", stack.logs().resolve("nginx-error.log").toString(), "-p",
                stack.path("nginx").toString(), "-c", Nginx.configFile(stack).toString(), "-s", "reload")
                .redirectErrorStream(true).redirectOutput(stack.path("nginx-reload.out").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "nginx -s reload did not finish");
        assertEquals(0, p.exitValue(), WordPressStack.read(stack.path("nginx-reload.out")));
    }
}
