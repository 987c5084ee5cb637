package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests of the nginx error-log line parser and of the plugin attribution it relies on. */
class NginxErrorLineTest {

    private static final String LINE = "2026/11/21 09:14:03 [error] 812#812: *4716 upstream timed out (110: Connection "
            + "timed out) while reading response header from upstream, client: 203.0.113.7, server: example.org, "
            + "request: \"GET /?a=1 HTTP/1.1\", upstream: \"http://127.0.0.1:8080/?a=1\", host: \"example.org\"";

    @Test
    void splitsTimeLevelMessageActionAndUpstream() {
        NginxErrorLine l = NginxErrorLine.parse(LINE).orElseThrow();
        assertEquals(LocalDateTime.of(2026, 11, 21, 9, 14, 3), l.time());
        assertEquals("error", l.level());
        assertEquals("upstream timed out (110: Connection timed out)", l.text());
        assertEquals("reading response header from upstream", l.action());
        assertEquals("http://127.0.0.1:8080/?a=1", l.upstream().orElseThrow());
        assertEquals(110, l.errno().orElseThrow().code());
        assertEquals("Connection timed out", l.errno().orElseThrow().text());
    }

    @Test
    void theUpstreamAddressLeavesOutTheRequestUri() {
        assertEquals("http://127.0.0.1:8080", NginxSignatures.address("http://127.0.0.1:8080/?token=x"));
        assertEquals("unix:/run/php/php8.2-fpm.sock", NginxSignatures.address("fastcgi://unix:/run/php/php8.2-fpm.sock:"));
        assertEquals("fastcgi://127.0.0.1:9000", NginxSignatures.address("fastcgi://127.0.0.1:9000"));
    }

    @Test
    void acceptsLinesWithoutConnectionNumberOrContext() {
        NginxErrorLine l = NginxErrorLine.parse("2026/11/21 09:14:03 [alert] 812#812: 768 worker_connections are not enough")
                .orElseThrow();
        assertEquals("alert", l.level());
        assertEquals("768 worker_connections are not enough", l.text());
        assertEquals("", l.action());
        assertEquals(Optional.empty(), l.upstream());
    }

    @Test
    void aQuotedWhileIsNotAnAction() {
        NginxErrorLine l = NginxErrorLine.parse("2026/11/21 09:14:03 [error] 812#812: *1 FastCGI sent in stderr: "
                + "\"PHP message: PHP Warning:  waited a while \"for\" it\" while reading response header from upstream, "
                + "client: 1.2.3.4").orElseThrow();
        assertEquals("reading response header from upstream", l.action());
        assertTrue(l.text().endsWith("it\""), l.text());
        NginxErrorLine noAction = NginxErrorLine.parse("2026/11/21 09:14:03 [error] 812#812: *1 FastCGI sent in stderr: "
                + "\"PHP message: stuck while \"loading\"\", client: 1.2.3.4").orElseThrow();
        assertEquals("", noAction.action());
        assertTrue(noAction.text().endsWith("while \"loading\"\""), noAction.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "2026/11/21 09:14:03 error 812#812: x",
        "2026/13/45 09:14:03 [error] 812#812: *1 impossible date, client: 1.2.3.4",
        "2026/11/21 09:14:03 [loud] 812#812: *1 unknown level",
        "203.0.113.7 - - [21/Nov/2026:09:14:03 +0100] \"GET / HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\"",
        "[21-Nov-2026 09:14:01] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it"})
    void rejectsWhatIsNotAnNginxErrorLine(String text) {
        assertEquals(Optional.empty(), NginxErrorLine.parse(text));
    }

    @Test
    void attributesPluginsThemesAndMustUsePlugins() {
        assertEquals("plugin acme-related-posts",
                WpAttribution.of("/var/www/html/wp-content/plugins/acme-related-posts/ajax/related.php").orElseThrow().describe());
        assertEquals("theme northwind",
                WpAttribution.of("/srv/site/wp-content/themes/northwind/functions.php").orElseThrow().describe());
        assertEquals("must-use plugin object-cache",
                WpAttribution.of("/srv/site/wp-content/mu-plugins/object-cache.php").orElseThrow().describe());
        assertEquals(Optional.empty(), WpAttribution.of("/var/www/html/wp-includes/class-wpdb.php"));
        assertEquals("/var/www/html/wp-content/plugins/a/b.php",
                WpAttribution.phpFile("PHP Fatal error:  Uncaught Error: x in /var/www/html/wp-content/plugins/a/b.php:88")
                        .orElseThrow());
        assertEquals("/x/y.php", WpAttribution.phpFile("Allowed memory size ... in /x/y.php on line 3").orElseThrow());
    }
}
