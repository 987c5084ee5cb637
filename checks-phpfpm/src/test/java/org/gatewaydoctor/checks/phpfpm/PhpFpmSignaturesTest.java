package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gatewaydoctor.checks.phpfpm.internal.signatures.PhpFpmSignatureProvider;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each signature of {@link PhpFpmSignatureProvider} against whole lines, through the real scanner with
 * the catalogue discovered from the class path: the line matches that signature and no other PHP-FPM
 * one, with the fields it should extract. The lines are those of {@link PhpFpmLogCheckTest} (their
 * provenance is described there) and a few more written the same way from php-src.
 */
class PhpFpmSignaturesTest {

    static final String WORKER_TIMEOUT = "NOTICE: PHP message: PHP Fatal error:  Maximum execution time of 30 seconds "
            + "exceeded in /var/www/html/wp-content/plugins/acme-importer/import.php on line 310";
    static final String SAID_PARSE = "[21-Nov-2026 09:14:10] WARNING: [pool www] child 4249 said into stderr: \"NOTICE: PHP "
            + "message: PHP Parse error:  syntax error, unexpected token \"}\" in "
            + "/var/www/html/wp-content/themes/northwind/header.php on line 19\"";
    static final String MU_FRAME = "[0x00007f3b5c814300] wp_cache_get() /var/www/html/wp-content/mu-plugins/object-cache.php:212";

    @TempDir
    Path dir;

    static Stream<Arguments> lines() {
        String related = "/var/www/html/wp-content/plugins/acme-related-posts/ajax/related.php";
        String tpl = "[21-Nov-2026 09:14:09] WARNING: [pool www] child 4247, script '%s' (request: \"%s\") executing too "
                + "slow (5.123456 sec), logging";
        return Stream.of(
                Arguments.of(PhpFpmLogCheckTest.MAX, "phpfpm.max-children", Map.of("pool", "www", "maxChildren", "5")),
                Arguments.of(PhpFpmLogCheckTest.MAX_ONDEMAND, "phpfpm.max-children", Map.of("pool", "shop",
                        "maxChildren", "10")),
                Arguments.of(PhpFpmLogCheckTest.DEBUG_MICRO, "phpfpm.max-children", Map.of("pool", "www")),
                Arguments.of(PhpFpmLogCheckTest.SYSLOG, "phpfpm.max-children", Map.of("pool", "www")),
                Arguments.of(PhpFpmLogCheckTest.BUSY, "phpfpm.seems-busy", Map.of("pool", "www", "spawning", "8", "idle", "0",
                        "total", "13")),
                Arguments.of(PhpFpmLogCheckTest.SEGV, "phpfpm.child-exited-on-signal", Map.of("pool", "www", "pid", "4242",
                        "signo", "11", "signal", "SIGSEGV", "core", " - core dumped", "uptime", "120.412201")),
                Arguments.of(PhpFpmLogCheckTest.KILL, "phpfpm.child-exited-on-signal", Map.of("signo", "9", "signal",
                        "SIGKILL")),
                Arguments.of(PhpFpmLogCheckTest.TIMED_OUT, "phpfpm.request-terminated", Map.of("pool", "www", "pid", "4246",
                        "script", "/var/www/html/wp-content/plugins/acme-importer/cron.php", "request",
                        "GET /wp-content/plugins/acme-importer/cron.php", "seconds", "30.012005", "plugin", "acme-importer")),
                Arguments.of(PhpFpmLogCheckTest.SLOW_PLUGIN, "phpfpm.slow-request", Map.of("script", related, "request",
                        "GET /wp-content/plugins/acme-related-posts/ajax/related.php", "seconds", "5.123456", "plugin",
                        "acme-related-posts")),
                Arguments.of(String.format(tpl, "/var/www/html/wp-admin/admin-ajax.php",
                        "POST /wp-admin/admin-ajax.php?page=2&action=acme_load_more"), "phpfpm.slow-request",
                        Map.of("request", "POST /wp-admin/admin-ajax.php", "action", "acme_load_more")),
                Arguments.of(String.format(tpl, "/var/www/html/index.php", "GET /wp-json/acme/v1/x?action=nope"),
                        "phpfpm.slow-request", Map.of("request", "GET /wp-json/acme/v1/x")),
                Arguments.of(PhpFpmLogCheckTest.BIND, "phpfpm.bind-failed", Map.of("address", "/run/php/php8.2-fpm.sock",
                        "reason", "No such file or directory (2)")),
                Arguments.of(PhpFpmLogCheckTest.ANOTHER, "phpfpm.already-listening",
                        Map.of("address", "/run/php/php8.2-fpm.sock")),
                Arguments.of(PhpFpmLogCheckTest.INIT, "phpfpm.init-failed", Map.of()),
                Arguments.of(PhpFpmLogCheckTest.READY, "phpfpm.ready", Map.of()),
                Arguments.of(PhpFpmLogCheckTest.BYE, "phpfpm.exiting", Map.of()),
                Arguments.of(PhpFpmLogCheckTest.SAID, "phpfpm.php-fatal", Map.of("pool", "www", "pid", "4248", "file",
                        "/var/www/html/wp-content/themes/northwind/functions.php", "theme", "northwind")),
                Arguments.of(SAID_PARSE, "phpfpm.php-parse-error", Map.of("theme", "northwind")),
                Arguments.of(PhpFpmLogCheckTest.CHILD_MEMORY, "phpfpm.php-memory-exhausted", Map.of("limit", "268435456",
                        "tried", "65536", "plugin", "big-export")),
                Arguments.of(WORKER_TIMEOUT, "phpfpm.php-execution-timeout", Map.of("seconds", "30", "plugin",
                        "acme-importer")),
                Arguments.of(PhpFpmLogCheckTest.SLOWLOG[2], "phpfpm.slowlog-record",
                        Map.of("script", "/var/www/html/index.php")),
                Arguments.of(PhpFpmLogCheckTest.SLOWLOG[5], "phpfpm.slowlog-plugin-frame", Map.of("function",
                        "fetch_related()", "file", "/var/www/html/wp-content/plugins/acme-related-posts/includes/class-api.php",
                        "lineno", "88", "plugin", "acme-related-posts")),
                Arguments.of(MU_FRAME, "phpfpm.slowlog-mu-plugin-frame", Map.of("plugin", "object-cache")),
                Arguments.of(PhpFpmLogCheckTest.SLOWLOG[6], "phpfpm.slowlog-theme-frame", Map.of("function", "render()",
                        "theme", "northwind")));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void eachLineMatchesItsSignatureAlone(String line, String id, Map<String, String> fields) throws IOException {
        SignatureHits h = onlyHit(line);
        assertEquals(id, h.id(), line);
        assertEquals(List.of(line), h.samples().stream().map(l -> l.text()).toList(), "the whole line is the sample");
        fields.forEach((name, value) -> assertEquals(Map.of(value, 1L), h.fields().get(name), name + " of " + line));
        if (line.startsWith("[21-Nov-2026 09:14:01")) {
            assertEquals(Instant.parse("2026-11-21T09:14:01Z"), h.firstSeen().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        if (!line.startsWith("[") && !line.startsWith("Nov ") || line.startsWith("[0x")) {
            assertNull(h.firstSeen(), "a worker's line, a slowlog line: no clock of their own");
        }
    }

    @Test
    void neverExtractsTheQueryString() throws IOException {
        SignatureHits h = onlyHit(PhpFpmLogCheckTest.SLOW_PLUGIN.replace("?post=4821", "?token=CANARY-123&post=4821"));
        assertTrue(h.fields().values().stream().noneMatch(v -> v.keySet().stream().anyMatch(k -> k.contains("CANARY"))),
                h.fields().toString());
    }

    @Test
    void routineLinesAndOtherProgramsLinesMatchNoPhpFpmSignature() throws IOException {
        // routine master-log lines, the slowlog lines that name no plugin or theme, and PHP errors written by
        // others: nginx relaying one, PHP's own error log, a stack trace continuing on a line of its own
        String log = String.join("\n", PhpFpmLogCheckTest.TERM, PhpFpmLogCheckTest.QUIT, PhpFpmLogCheckTest.RUNNING,
                PhpFpmLogCheckTest.STARTED, PhpFpmLogCheckTest.EXITED_OK, PhpFpmLogCheckTest.PTRACE,
                PhpFpmLogCheckTest.TRACING,
                "[21-Nov-2026 09:14:09] NOTICE: about to trace 4247",
                "[21-Nov-2026 09:14:09]  [pool www] pid 4247",
                "[0x00007f3b5c814200] curl_exec() /var/www/html/wp-includes/Requests/src/Transport/Curl.php:205",
                "2026/11/21 09:14:03 [error] 812#812: *4730 FastCGI sent in stderr: \"PHP message: PHP Fatal error:  "
                        + "Uncaught Error: x() in /var/www/html/wp-content/plugins/a/b.php:88",
                "[21-Nov-2026 09:14:03 UTC] PHP Fatal error:  Uncaught Error: x() in /var/www/html/wp-content/plugins/a/b.php:3",
                "PHP message: PHP Fatal error:  Uncaught Error: x() in /var/www/html/wp-content/plugins/a/b.php:3",
                "203.0.113.7 - - [21/Nov/2026:09:14:03 +0000] \"GET /wp-content/plugins/a/b.css HTTP/1.1\" 200 153 \"-\" \"x\"");
        assertEquals(List.of(), fpmHits(log).stream().map(SignatureHits::id).toList());
    }

    /** Lines written by a real PHP-FPM 8.2.36 (see {@code fixtures/php-fpm/README.md}), each signature's count. */
    @Test
    void matchesWhatARealPhpFpmWrote() throws Exception {
        LogScan scan = PhpFpmLogCheckTest.context(ZoneOffset.UTC, captured()).logScan();
        Map<String, Long> found = new java.util.TreeMap<>();
        scan.signatures().stream().filter(h -> h.id().startsWith(PhpFpmSignatureProvider.PREFIX))
                .forEach(h -> found.put(h.id(), h.count()));
        assertEquals(new java.util.TreeMap<>(Map.ofEntries(Map.entry("phpfpm.max-children", 1L),
                Map.entry("phpfpm.slow-request", 7L), Map.entry("phpfpm.request-terminated", 1L),
                Map.entry("phpfpm.child-exited-on-signal", 3L), Map.entry("phpfpm.already-listening", 1L),
                Map.entry("phpfpm.bind-failed", 1L), Map.entry("phpfpm.init-failed", 2L), Map.entry("phpfpm.ready", 1L),
                Map.entry("phpfpm.exiting", 1L), Map.entry("phpfpm.php-fatal", 2L), Map.entry("phpfpm.php-parse-error", 1L),
                Map.entry("phpfpm.php-memory-exhausted", 2L), Map.entry("phpfpm.php-execution-timeout", 2L),
                Map.entry("phpfpm.slowlog-record", 7L), Map.entry("phpfpm.slowlog-plugin-frame", 10L))), found);
        assertEquals(Map.of("SIGSEGV", 1L, "SIGKILL", 1L, "SIGBUS", 1L),
                scan.hits("phpfpm.child-exited-on-signal").orElseThrow().fields().get("signal"), "SIGTERM is FPM's own");
        assertEquals(Map.of("www", 1L, "quiet", 1L), scan.hits("phpfpm.php-fatal").orElseThrow().fields().get("pool"));
        assertEquals(Map.of("acme-related-posts", 10L), scan.hits("phpfpm.slowlog-plugin-frame").orElseThrow().fields()
                .get("plugin"));
        assertEquals(Map.of("/tmp/cap/sock/php8.2-fpm.sock", 1L), scan.hits("phpfpm.already-listening").orElseThrow()
                .fields().get("address"));
        assertTrue(scan.signatures().stream().flatMap(h -> h.fields().values().stream()).flatMap(v -> v.keySet().stream())
                .noneMatch(v -> v.contains("SECRET-")), "query strings are never extracted");
    }

    /** The captured logs' directory (on the test class path). */
    static Path captured() throws Exception {
        return Path.of(PhpFpmSignaturesTest.class.getResource("/fixtures/php-fpm/php8.2-fpm.log").toURI())
                .getParent();
    }

    @Test
    void literalsAreLongAndIdsUniqueAndPrefixed() {
        List<Signature> all = new PhpFpmSignatureProvider().signatures();
        assertEquals(List.of(), all.stream().filter(s -> s.literal().getBytes(StandardCharsets.UTF_8).length < 17)
                .map(Signature::id).toList(), "literals shorter than 17 bytes");
        assertEquals(all.size(), all.stream().map(Signature::id).filter(id -> id.startsWith(PhpFpmSignatureProvider.PREFIX))
                .distinct().count());
    }

    private SignatureHits onlyHit(String line) throws IOException {
        List<SignatureHits> hits = fpmHits(line);
        assertEquals(1, hits.size(), () -> line + " matched " + hits.stream().map(SignatureHits::id).toList());
        return hits.get(0);
    }

    private List<SignatureHits> fpmHits(String line) throws IOException {
        Path p = Files.createTempFile(dir, "line", ".log");
        Files.writeString(p, line + "\n");
        LogScan scan;
        try {
            scan = PhpFpmLogCheckTest.context(ZoneOffset.UTC, p).logScan();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return scan.signatures().stream().filter(h -> h.id().startsWith(PhpFpmSignatureProvider.PREFIX)).toList();
    }
}
