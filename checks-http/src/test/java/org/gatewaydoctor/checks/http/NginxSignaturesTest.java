package org.gatewaydoctor.checks.http;

import static org.gatewaydoctor.checks.http.NginxErrorLogCheckTest.ACCESS_502;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gatewaydoctor.checks.http.internal.signatures.NginxSignatureProvider;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each signature of {@link NginxSignatureProvider} against whole lines, through the real scanner with
 * the catalogue discovered from the class path (as a diagnosis runs it): the line matches that
 * signature and no other nginx one, with the fields it should extract. The lines are those of
 * {@link NginxErrorLogCheckTest} (their provenance is described there) and a few more written the same
 * way from the nginx source.
 */
class NginxSignaturesTest {

    private static final String CTX = ", client: 203.0.113.7, server: example.org, request: \"GET /shop/ HTTP/1.1\", "
            + "upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"";
    /** src/event/ngx_event_connect.c, a TCP address refusing synchronously; level crit for EHOSTUNREACH's neighbours. */
    static final String UNREACHABLE = "2026/11/21 09:14:03 [error] 812#812: *4740 connect() to 10.0.0.7:8080 failed "
            + "(113: No route to host) while connecting to upstream, client: 203.0.113.7, server: example.org, request: "
            + "\"GET /api/ HTTP/1.1\", upstream: \"http://10.0.0.7:8080/api/\", host: \"example.org\"";
    static final String EAGAIN_TCP = "2026/11/21 09:14:03 [error] 812#812: *4741 connect() failed (11: Resource "
            + "temporarily unavailable) while connecting to upstream, client: 203.0.113.7, server: example.org, request: "
            + "\"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:8080/\", host: \"example.org\"";
    static final String EACCES_TCP = "2026/11/21 09:14:03 [crit] 812#812: *4742 connect() to 127.0.0.1:8080 failed "
            + "(13: Permission denied) while connecting to upstream, client: 203.0.113.7, server: example.org, request: "
            + "\"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:8080/\", host: \"example.org\"";
    static final String READV_RESET = "2026/11/21 09:14:03 [error] 812#812: *4743 readv() failed (104: Connection reset by "
            + "peer) while reading upstream" + CTX;
    static final String SSL_NAME = "2026/11/21 09:14:03 [error] 812#812: *4744 upstream SSL certificate does not match "
            + "\"api.internal\" while SSL handshaking to upstream, client: 203.0.113.7, server: example.org, request: "
            + "\"GET / HTTP/1.1\", upstream: \"https://10.0.0.5:443/\", host: \"example.org\"";
    static final String PEER_CLOSED_SSL = "2026/11/21 09:14:03 [error] 812#812: *4745 peer closed connection in SSL "
            + "handshake while SSL handshaking to upstream, client: 203.0.113.7, server: example.org, request: \"GET / "
            + "HTTP/1.1\", upstream: \"https://10.0.0.5:443/\", host: \"example.org\"";
    static final String NO_VALID_HTTP = "2026/11/21 09:14:03 [error] 812#812: *4746 upstream sent no valid HTTP/1.0 header "
            + "while reading response header from upstream, client: 203.0.113.7, server: example.org, request: \"GET / "
            + "HTTP/1.1\", upstream: \"http://127.0.0.1:9000/\", host: \"example.org\"";
    static final String PARSE = "2026/11/21 09:14:03 [error] 812#812: *4747 FastCGI sent in stderr: \"PHP message: PHP Parse "
            + "error:  syntax error, unexpected token \"}\" in /var/www/html/wp-content/themes/northwind/header.php on line "
            + "19\" while reading response header from upstream" + CTX;
    static final String CONNECT_TIMEOUT = "2026/11/21 09:14:03 [error] 812#812: *4748 upstream timed out (110: Connection "
            + "timed out) while connecting to upstream" + CTX.replace("fastcgi://unix:/run/php/php8.2-fpm.sock:",
            "http://10.0.0.7:8080/");
    static final String MU_PLUGIN_FATAL = "2026/11/21 09:14:03 [error] 812#812: *4749 FastCGI sent in stderr: \"PHP message: "
            + "PHP Fatal error:  Uncaught TypeError: array_key_exists() in /srv/www/wp-content/mu-plugins/object-cache.php:"
            + "212\" while reading response header from upstream" + CTX;

    @TempDir
    Path dir;

    static Stream<Arguments> errorLog() {
        String sock = "unix:/run/php/php8.2-fpm.sock";
        String fpm = "fastcgi://" + sock;
        return Stream.of(
                Arguments.of(NginxErrorLogCheckTest.EAGAIN, "nginx.connect-eagain", Map.of("socket", sock, "errno", "11",
                        "errtext", "Resource temporarily unavailable", "upstream", fpm, "client", "203.0.113.7",
                        "server", "example.org", "request", "GET /shop/", "host", "example.org")),
                Arguments.of(EAGAIN_TCP, "nginx.connect-eagain", Map.of("errno", "11", "upstream", "http://127.0.0.1:8080")),
                Arguments.of(NginxErrorLogCheckTest.REFUSED_UNIX, "nginx.connect-refused", Map.of("socket", sock, "errno",
                        "111", "errtext", "Connection refused")),
                Arguments.of(NginxErrorLogCheckTest.REFUSED_TCP, "nginx.connect-refused", Map.of("upstream",
                        "http://127.0.0.1:8080", "request", "GET /api/orders")),
                Arguments.of(NginxErrorLogCheckTest.MISSING_SOCKET, "nginx.connect-enoent", Map.of("socket",
                        "unix:/run/php/php8.1-fpm.sock", "errno", "2")),
                Arguments.of(NginxErrorLogCheckTest.DENIED, "nginx.connect-eacces", Map.of("socket", sock, "errno", "13")),
                Arguments.of(EACCES_TCP, "nginx.connect-eacces", Map.of("peer", "127.0.0.1:8080")),
                Arguments.of(UNREACHABLE, "nginx.connect-failed", Map.of("peer", "10.0.0.7:8080", "errno", "113",
                        "errtext", "No route to host", "upstream", "http://10.0.0.7:8080")),
                Arguments.of(NginxErrorLogCheckTest.TIMEOUT, "nginx.upstream-timed-out", Map.of("errno", "110",
                        "errtext", "Connection timed out", "action", "reading response header from upstream",
                        "upstream", fpm)),
                Arguments.of(CONNECT_TIMEOUT, "nginx.upstream-timed-out", Map.of("action", "connecting to upstream")),
                Arguments.of(NginxErrorLogCheckTest.PREMATURE, "nginx.upstream-prematurely-closed", Map.of("what",
                        "connection", "upstream", "http://127.0.0.1:8080")),
                Arguments.of(NginxErrorLogCheckTest.PREMATURE_FASTCGI, "nginx.upstream-prematurely-closed", Map.of("what",
                        "FastCGI stdout")),
                Arguments.of(NginxErrorLogCheckTest.RESET, "nginx.recv-reset", Map.of("call", "recv", "errno", "104",
                        "action", "reading response header from upstream")),
                Arguments.of(READV_RESET, "nginx.recv-reset", Map.of("call", "readv", "action", "reading upstream")),
                Arguments.of(NginxErrorLogCheckTest.INVALID_HEADER, "nginx.invalid-header", Map.of("upstream", fpm)),
                Arguments.of(NginxErrorLogCheckTest.INVALID_STATUS, "nginx.invalid-status", Map.of("upstream", fpm)),
                Arguments.of(NginxErrorLogCheckTest.TOO_BIG, "nginx.too-big-header", Map.of("upstream", fpm)),
                Arguments.of(NginxErrorLogCheckTest.NO_LIVE, "nginx.no-live-upstreams", Map.of("upstream", "http://backend")),
                Arguments.of(NginxErrorLogCheckTest.NOT_RESOLVED, "nginx.upstream-not-resolved", Map.of("name",
                        "api.internal", "errno", "3", "errtext", "Host not found")),
                Arguments.of(NginxErrorLogCheckTest.NO_RESOLVER, "nginx.no-resolver", Map.of("name", "api.internal")),
                Arguments.of(NginxErrorLogCheckTest.SSL_HANDSHAKE, "nginx.upstream-ssl-handshake", Map.of("what",
                        "SSL_do_handshake() failed", "errtext",
                        "SSL: error:0A000086:SSL routines::certificate verify failed", "upstream", "https://10.0.0.5:443")),
                Arguments.of(PEER_CLOSED_SSL, "nginx.upstream-ssl-handshake", Map.of("what",
                        "peer closed connection in SSL handshake")),
                Arguments.of(NginxErrorLogCheckTest.SSL_VERIFY, "nginx.upstream-ssl-verify", Map.of("verify", "10",
                        "errtext", "certificate has expired")),
                Arguments.of(SSL_NAME, "nginx.upstream-ssl-name-mismatch", Map.of("name", "api.internal")),
                Arguments.of(NginxErrorLogCheckTest.WORKER_CONNECTIONS, "nginx.worker-connections",
                        Map.of("workerConnections", "768")),
                Arguments.of(NginxErrorLogCheckTest.FASTCGI_VERSION, "nginx.fastcgi-unsupported-version",
                        Map.of("version", "72")),
                Arguments.of(NO_VALID_HTTP, "nginx.no-valid-http-header", Map.of("upstream", "http://127.0.0.1:9000")),
                Arguments.of(NginxErrorLogCheckTest.FATAL, "nginx.fastcgi-stderr-fatal", Map.of("file",
                        "/var/www/html/wp-content/plugins/acme-related-posts/includes/class-widget.php", "plugin",
                        "acme-related-posts")),
                Arguments.of(MU_PLUGIN_FATAL, "nginx.fastcgi-stderr-fatal", Map.of("file",
                        "/srv/www/wp-content/mu-plugins/object-cache.php", "plugin", "object-cache")),
                Arguments.of(PARSE, "nginx.fastcgi-stderr-parse", Map.of("file",
                        "/var/www/html/wp-content/themes/northwind/header.php", "theme", "northwind")),
                Arguments.of(NginxErrorLogCheckTest.MEMORY, "nginx.fastcgi-stderr-memory", Map.of("limit", "134217728",
                        "tried", "20480", "file", "/var/www/html/wp-includes/class-wpdb.php")),
                Arguments.of(NginxErrorLogCheckTest.EXEC_TIME, "nginx.fastcgi-stderr-timeout", Map.of("seconds", "30",
                        "theme", "storefront-child")),
                Arguments.of(NginxErrorLogCheckTest.RELOAD, "nginx.reload", Map.of()));
    }

    @ParameterizedTest
    @MethodSource("errorLog")
    void eachErrorLogLineMatchesItsSignatureAlone(String line, String id, Map<String, String> fields) throws IOException {
        SignatureHits h = onlyHit(line);
        assertEquals(id, h.id(), line);
        assertEquals(1, h.count());
        assertEquals(List.of(line), h.samples().stream().map(l -> l.text()).toList(), "the whole line is the sample");
        assertEquals(LocalDateTime.parse(line.substring(0, 19).replace('/', '-').replace(' ', 'T')).toInstant(ZoneOffset.UTC),
                h.firstSeen(), "nginx's local time, read in the target's zone");
        fields.forEach((name, value) -> assertEquals(Map.of(value, 1L), h.fields().get(name), name + " of " + line));
    }

    static Stream<Arguments> accessLog() {
        return Stream.of(
                Arguments.of(ACCESS_502, "access.502-http11", Map.of("client", "203.0.113.7", "request", "GET /shop/",
                        "status", "502", "bytes", "157")),
                Arguments.of(ACCESS_502.replace("GET /shop/ HTTP/1.1\" 502 157", "GET /?s=CANARY-q HTTP/2.0\" 504 167"),
                        "access.504-http2", Map.of("request", "GET /", "status", "504", "bytes", "167")),
                Arguments.of(ACCESS_502.replace("HTTP/1.1\" 502", "HTTP/1.0\" 503"), "access.503-http10",
                        Map.of("status", "503")),
                Arguments.of(ACCESS_502.replace("HTTP/1.1\" 502", "HTTP/3.0\" 502"), "access.502-http3", Map.of()),
                // the "upstream_time" log_format of nginx's documentation: ... "$http_user_agent"'
                // 'rt=$request_time uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time"'
                Arguments.of(ACCESS_502.replace("502 157", "504 167") + "rt=60.002 uct=\"0.000\" uht=\"-\" urt=\"60.001\"",
                        "access.504-http11", Map.of("requestTime", "60.002", "upstreamTime", "60.001")),
                Arguments.of(ACCESS_502 + " upstream_addr=unix:/run/php/php8.2-fpm.sock upstream_status=502 "
                        + "request_time=0.001 upstream_response_time=0.000, 0.001", "access.502-http11",
                        Map.of("upstream", "unix:/run/php/php8.2-fpm.sock", "upstreamStatus", "502", "requestTime", "0.001",
                                "upstreamTime", "0.000, 0.001")));
    }

    @ParameterizedTest
    @MethodSource("accessLog")
    void eachVisitorFacing5xxMatchesItsAccessLogSignature(String line, String id, Map<String, String> fields)
            throws IOException {
        SignatureHits h = onlyHit(line);
        assertEquals(id, h.id(), line);
        assertEquals(Instant.parse("2026-11-21T09:14:03Z"), h.firstSeen(), "the access log's own offset is used");
        assertEquals(Integer.valueOf(h.id().substring(7, 10)), h.signature().httpStatus());
        fields.forEach((name, value) -> assertEquals(Map.of(value, 1L), h.fields().get(name), name + " of " + line));
        assertNull(h.fields().get("query"));
        assertTrue(h.fields().values().stream().noneMatch(v -> v.keySet().stream().anyMatch(k -> k.contains("CANARY"))),
                "the query string is never extracted");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        NginxErrorLogCheckTest.CLIENT_RESET,
        NginxErrorLogCheckTest.PHP_WARNING,
        NginxErrorLogCheckTest.FORBIDDEN,
        NginxErrorLogCheckTest.NOT_FOUND,
        "2026/11/21 09:14:03 [crit] 812#812: *4750 open() \"/var/www/html/.htaccess\" failed (13: Permission denied), "
                + "client: 203.0.113.7, server: example.org, request: \"GET /.htaccess HTTP/1.1\", host: \"example.org\"",
        "2026/11/21 09:14:03 [info] 812#812: *4751 client 203.0.113.7 closed keepalive connection (104: Connection reset "
                + "by peer)",
        "2026/11/21 09:14:03 [info] 812#812: *4752 writev() failed (104: Connection reset by peer) while sending to "
                + "client, client: 203.0.113.7, server: example.org, request: \"GET / HTTP/1.1\", host: \"example.org\"",
        "203.0.113.7 - - [21/Nov/2026:09:14:03 +0000] \"GET /status/502 HTTP/1.1\" 200 157 \"-\" \"curl/8.5.0\"",
        "203.0.113.7 - - [21/Nov/2026:09:14:03 +0000] \"GET /wp-content/plugins/acme-related-posts/a.css HTTP/1.1\" 404 "
                + "153 \"-\" \"curl/8.5.0\"",
        "[21-Nov-2026 09:14:03 UTC] PHP Fatal error:  Uncaught Error: x() in /var/www/html/index.php:3",
        "PHP message: PHP Fatal error:  Uncaught Error: x() in /var/www/html/index.php:3"})
    void routineNoiseAndOtherProgramsLinesMatchNoNginxSignature(String line) throws IOException {
        assertEquals(List.of(), nginxHits(line), line);
    }

    /** Lines written by a real nginx 1.22.1 (see {@code fixtures/nginx/README.md}), each signature's count. */
    @Test
    void matchesWhatARealNginxWrote() throws Exception {
        LogScan scan = NginxErrorLogCheckTest.context(ZoneOffset.UTC, captured()).logScan();
        Map<String, Long> expected = new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("nginx.connect-enoent", 1L), Map.entry("nginx.connect-refused", 5L),
                Map.entry("nginx.connect-eacces", 1L), Map.entry("nginx.connect-eagain", 5L),
                Map.entry("nginx.upstream-timed-out", 2L), Map.entry("nginx.upstream-prematurely-closed", 2L),
                Map.entry("nginx.recv-reset", 2L), Map.entry("nginx.invalid-header", 1L),
                Map.entry("nginx.no-valid-http-header", 1L), Map.entry("nginx.too-big-header", 1L),
                Map.entry("nginx.fastcgi-unsupported-version", 1L), Map.entry("nginx.no-live-upstreams", 1L),
                Map.entry("nginx.no-resolver", 1L), Map.entry("nginx.upstream-not-resolved", 1L),
                Map.entry("nginx.upstream-ssl-handshake", 1L), Map.entry("nginx.upstream-ssl-verify", 2L),
                Map.entry("nginx.upstream-ssl-name-mismatch", 1L), Map.entry("nginx.worker-connections", 4L),
                Map.entry("nginx.fastcgi-stderr-fatal", 1L), Map.entry("nginx.fastcgi-stderr-parse", 1L),
                Map.entry("nginx.fastcgi-stderr-memory", 1L), Map.entry("nginx.fastcgi-stderr-timeout", 1L),
                Map.entry("access.502-http11", 50L), Map.entry("access.504-http11", 4L)));
        Map<String, Long> found = new java.util.TreeMap<>();
        scan.signatures().stream().filter(h -> h.id().startsWith(NginxSignatureProvider.ERROR_LOG)
                || h.id().startsWith(NginxSignatureProvider.ACCESS_LOG)).forEach(h -> found.put(h.id(), h.count()));
        assertEquals(expected, found);
        assertEquals(Map.of("unix:/tmp/cap/sock/full.sock", 5L), scan.hits("nginx.connect-eagain").orElseThrow().fields()
                .get("socket"));
        assertEquals(Map.of("fastcgi://unix:/tmp/cap/sock/silent.sock", 1L, "fastcgi://unix:/tmp/cap/sock/full.sock", 1L),
                scan.hits("nginx.upstream-timed-out").orElseThrow().fields().get("upstream"), "no ':' after a timeout's socket");
        assertEquals(Map.of("northwind", 1L), scan.hits("nginx.fastcgi-stderr-fatal").orElseThrow().fields().get("theme"));
        assertEquals(Map.of("/tmp/cap/www/exec.php", 1L), scan.hits("nginx.fastcgi-stderr-timeout").orElseThrow().fields()
                .get("file"));
        SignatureHits withTimes = scan.hits("access.504-http11").orElseThrow();
        assertEquals(Map.of("2.002", 2L), withTimes.fields().get("requestTime"), "rt= of the upstream_time format");
        assertEquals(Map.of("2.002", 2L), withTimes.fields().get("upstreamTime"), "urt=");
        assertTrue(scan.signatures().stream().flatMap(h -> h.fields().values().stream()).flatMap(v -> v.keySet().stream())
                .noneMatch(v -> v.contains("SECRET-")), "query strings are never extracted");
    }

    /** The captured logs' directory (on the test class path). */
    static Path captured() throws Exception {
        return Path.of(NginxSignaturesTest.class.getResource("/fixtures/nginx/error.log").toURI()).getParent();
    }

    @Test
    void everyLiteralIsLongSoTheScannerSkipsFar() {
        List<Signature> all = new NginxSignatureProvider().signatures();
        for (Signature s : all) {
            int bytes = s.literal().getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes >= 14, s.id() + ": '" + s.literal() + "' is " + bytes + " bytes");
        }
        assertEquals(14, all.stream().mapToInt(s -> s.literal().length()).min().orElseThrow(),
                "the access-log status literals are the shortest");
        assertEquals(all.size(), all.stream().map(Signature::id).distinct().count(), "ids are unique");
    }

    @Test
    void aHostileLineCostsOnePass() throws IOException {
        // 10 MB of quotes after a literal: the scanner keeps 64 KiB of it, the patterns scan that once
        String huge = "2026/11/21 09:14:04 [error] 812#812: *2 upstream sent invalid header: \"" + "\"".repeat(10 << 20)
                + " while reading response header from upstream, client: 1.2.3.4" + ", upstream: \"".repeat(1000);
        String many = "2026/11/21 09:14:04 [error] 812#812: *3 FastCGI sent in stderr: \"" + "PHP Fatal error:  in /".repeat(
                3000) + "\" while reading response header from upstream, client: 1.2.3.4";
        LogScan scan = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> NginxErrorLogCheckTest.context(ZoneOffset.UTC, write(huge, many)).logScan());
        assertEquals(1, scan.hits("nginx.invalid-header").orElseThrow().count());
        assertEquals(1, scan.hits("nginx.fastcgi-stderr-fatal").orElseThrow().count());
    }

    private SignatureHits onlyHit(String line) throws IOException {
        List<SignatureHits> hits = nginxHits(line);
        assertEquals(1, hits.size(), () -> line + " matched " + hits.stream().map(SignatureHits::id).toList());
        return hits.get(0);
    }

    private List<SignatureHits> nginxHits(String line) throws IOException {
        LogScan scan;
        try {
            scan = NginxErrorLogCheckTest.context(ZoneOffset.UTC, write(line)).logScan();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return scan.signatures().stream().filter(h -> h.id().startsWith(NginxSignatureProvider.ERROR_LOG)
                || h.id().startsWith(NginxSignatureProvider.ACCESS_LOG)).toList();
    }

    private Path write(String... lines) throws IOException {
        Path p = Files.createTempFile(dir, "line", ".log");
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }
}
