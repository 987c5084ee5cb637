package org.gatewaydoctor.it.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * A plugin breaks a working WordPress for real: a fatal error (the plugin updated three minutes before), memory
 * exhaustion, an endless loop past max_execution_time, a byte order mark before {@code <?php}. WordPress's fatal
 * error handler answers 500 with its "critical error" page; the diagnosis names the cause and the plugin's slug from
 * the debug.log, offline and live.
 */
class PluginFaultsIT {

    private static final String CRITICAL = "There has been a critical error on this website.";

    @Test
    void namesTheFatalErrorAndThePluginThatChangedJustBefore() {
        try (Stack stack = Stack.create("wp-plugin-fatal")) {
            WordPressStack wp = WordPressStack.serving(stack);
            URI url = wp.url("/");
            Path plugin = wp.plugin("acme-slider", """
                    add_action( 'init', 'acme_slider_init' );
                    function acme_slider_init() {
                        acme_slider_missing_helper();
                    }
                    """);
            WordPressStack.touch(plugin, Duration.ofMinutes(3));
            WordPressStack.touch(plugin.getParent(), Duration.ofMinutes(3));
            Http.Response r = Http.get(url);
            assertEquals(500, r.status(), r.body());
            assertTrue(r.body().contains(CRITICAL), r.body());
            String line = "PHP Fatal error:  Uncaught Error: Call to undefined function acme_slider_missing_helper() in "
                    + plugin + ":8";
            wp.awaitDebugLog(line);

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            WordPressStack.assertTops(CauseCode.APP_FATAL_ERROR, offline, "plugin acme-slider", CauseCode.APP_FATAL_ERROR,
                    live, "plugin acme-slider");
            // only the live diagnosis knows the WordPress folder, so only it can tell when the plugin changed
            WordPressStack.assertTop("live", CauseCode.APP_FATAL_ERROR, live, "plugin acme-slider changed at ");
            // the critical-error page the probe got is tied to the fatal error of debug.log
            assertTrue(PagesAndChangesIT.summaries(live, "wordpress.page").startsWith("visitors get WordPress's 500 "
                    + "critical-error page: a PHP fatal error in plugin acme-slider (" + plugin + ":8), last logged at "),
                    WordPressStack.summary(live));
            FaultTable.record(FaultTable.Row.of("wp-plugin-fatal-error", WordPressStack.CHAIN,
                    "an active plugin calls an undefined function on init; updated 3 minutes before", 500,
                    Diagnose.top(offline), Diagnose.top(live),
                    "Uncaught Error: Call to undefined function acme_slider_missing_helper() in …/plugins/acme-slider/…",
                    ""));
        }
    }

    @Test
    void namesMemoryExhaustionInThePluginThatAllocates() {
        try (Stack stack = Stack.create("wp-plugin-memory")) {
            WordPressStack wp = WordPressStack.start(stack, List.of(), "php_admin_value[memory_limit] = 48M");
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            wp.plugin("acme-gallery", """
                    add_action( 'wp', function () {
                        $thumbs = array();
                        while ( true ) {
                            $thumbs[] = str_repeat( 'x', 1024 * 1024 );
                        }
                    } );
                    """);
            Http.Response r = Http.get(url);
            assertEquals(500, r.status(), r.body());
            String line = "PHP Fatal error:  Allowed memory size of 50331648 bytes exhausted";
            wp.awaitDebugLog(line);

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            WordPressStack.assertTops(CauseCode.APP_MEMORY_EXHAUSTED, offline, "plugin acme-gallery",
                    CauseCode.APP_MEMORY_EXHAUSTED, live, line);
            FaultTable.record(FaultTable.Row.of("wp-plugin-memory-exhausted", WordPressStack.CHAIN,
                    "a plugin allocates past memory_limit = 48M", 500, Diagnose.top(offline), Diagnose.top(live),
                    line + " (tried to allocate …) in …/plugins/acme-gallery/…", ""));
        }
    }

    @Test
    void namesTheExecutionTimeoutOfAPluginThatLoops() {
        try (Stack stack = Stack.create("wp-plugin-timeout")) {
            WordPressStack wp = WordPressStack.start(stack, List.of(), "php_admin_value[max_execution_time] = 1");
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            wp.plugin("acme-sync", """
                    add_action( 'wp', function () {
                        $n = 0;
                        while ( true ) {
                            $n = ( $n + 1 ) % 1000;
                        }
                    } );
                    """);
            Http.Response r = Http.get(url);
            assertEquals(500, r.status(), r.body());
            String line = "PHP Fatal error:  Maximum execution time of 1 second exceeded";
            wp.awaitDebugLog(line);

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            WordPressStack.assertTops(CauseCode.APP_EXECUTION_TIMEOUT, offline, "plugin acme-sync",
                    CauseCode.APP_EXECUTION_TIMEOUT, live, line);
            FaultTable.record(FaultTable.Row.of("wp-plugin-execution-timeout", WordPressStack.CHAIN,
                    "a plugin loops past max_execution_time = 1", 500, Diagnose.top(offline), Diagnose.top(live),
                    line + " in …/plugins/acme-sync/…", ""));
        }
    }

    @Test
    void namesOutputBeforeHeadersFromAPluginWithAByteOrderMark() {
        try (Stack stack = Stack.create("wp-plugin-bom")) {
            WordPressStack wp = WordPressStack.serving(stack);
            URI url = wp.url("/");
            Path plugin = wp.plugin("acme-seo", "add_action( 'template_redirect', function () {\n"
                    + "    header( 'X-Acme-Seo: 1' );\n} );\n");
            stack.write("www/wp-content/plugins/acme-seo/acme-seo.php", "\uFEFF" + WordPressStack.read(plugin));
            Http.Response r = Http.get(url);
            String line = "Cannot modify header information - headers already sent by (output started at " + plugin + ":1)";
            wp.awaitDebugLog(line);

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            WordPressStack.assertTops(CauseCode.APP_OUTPUT_BEFORE_HEADERS, offline, "plugin acme-seo",
                    CauseCode.APP_OUTPUT_BEFORE_HEADERS, live, "plugin acme-seo");
            FaultTable.record(FaultTable.Row.of("wp-plugin-output-before-headers", WordPressStack.CHAIN,
                    "a plugin file starts with a UTF-8 byte order mark", r.status(), Diagnose.top(offline),
                    Diagnose.top(live), "headers already sent by (output started at …/plugins/acme-seo/acme-seo.php:1)",
                    ""));
        }
    }

    @Test
    void namesTheFullPoolAndTheSlowPluginThatHoldsItsWorkers() {
        try (Stack stack = Stack.create("wp-plugin-slow")) {
            WordPressStack wp = WordPressStack.start(stack, List.of(), "pm = dynamic", "pm.max_children = 2",
                    "pm.start_servers = 1", "pm.min_spare_servers = 1", "pm.max_spare_servers = 1",
                    // past WordPress's own start-up (over a second without opcache on a busy machine), so the
                    // slowlog's stack trace is taken inside the plugin
                    "request_slowlog_timeout = 3s");
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            wp.plugin("acme-feed", """
                    add_action( 'wp', 'acme_feed_refresh' );
                    function acme_feed_refresh() {
                        sleep( 6 ); // a remote feed that answers slowly
                    }
                    """);
            List<Http.Response> answers = Http.concurrently(url, 6, Duration.ofSeconds(90));
            assertTrue(answers.stream().allMatch(a -> a.status() == 200), answers.stream().map(Http.Response::status).toList()
                    .toString());
            String line = "server reached pm.max_children setting (2), consider raising it";
            org.gatewaydoctor.it.harness.Wait.until("max_children in php-fpm.log", Duration.ofSeconds(20),
                    () -> WordPressStack.read(stack.logs().resolve("php-fpm.log")).contains(line));

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            WordPressStack.assertTops(CauseCode.PHPFPM_POOL_EXHAUSTED, offline, "acme-feed",
                    CauseCode.PHPFPM_POOL_EXHAUSTED, live, "acme-feed");
            FaultTable.record(FaultTable.Row.of("wp-plugin-slow-fills-pool", WordPressStack.CHAIN,
                    "a plugin sleeps 6 s on every page, pm.max_children = 2, 6 concurrent visitors: slow 200s", 200,
                    Diagnose.top(offline), Diagnose.top(live), "[pool www] " + line, ""));
        }
    }
}
