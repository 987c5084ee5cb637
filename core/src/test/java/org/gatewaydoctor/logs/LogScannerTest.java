package org.gatewaydoctor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogScannerTest {

    @TempDir
    Path dir;

    static final Signature REFUSED = new Signature("test.refused", Layer.PROXY, Set.of(),
            "failed (111: Connection refused)",
            Pattern.compile("connect\\(\\) (?:to (?<upstream>\\S+) )?failed \\((?<errno>111): (?<errtext>[^)]*)\\)"),
            502, List.of(CauseCode.PROXY_UPSTREAM_REFUSED), "connection refused");
    static final Signature TIMEOUT = new Signature("test.timeout", Layer.PROXY, Set.of(), "upstream timed out",
            null, 504, List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT), "read timeout");
    static final Signature FATAL = new Signature("test.fatal", Layer.APPLICATION, Set.of(), "PHP Fatal error",
            Pattern.compile("PHP Fatal error:\\s+(?<message>.*?) in (?<file>/\\S+\\.php)"), 500,
            List.of(CauseCode.APP_FATAL_ERROR), "fatal error");

    private static LogScanner scanner(int parallelism, Signature... sigs) {
        return LogScanner.builder().catalog(SignatureCatalog.of(List.of(sigs))).zone(ZoneOffset.UTC)
                .parallelism(parallelism).build();
    }

    private static String refused(int i) {
        return "2026/11/21 09:14:03 [error] 812#812: *" + i + " connect() to unix:/run/php/php8.2-fpm.sock failed"
                + " (111: Connection refused) while connecting to upstream, client: 203.0.113.9";
    }

    @Test
    void countsExtractsFieldsAndKeepsSamplesWithLineNumbers() throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"), String.join("\n",
                "noise line one",
                refused(1),
                "[21-Nov-2026 09:14:05 UTC] PHP Fatal error:  Uncaught Error: boom in "
                        + "/var/www/wp-content/plugins/acme-slider/slider.php:12",
                "more noise",
                refused(2) + " upstream timed out",
                "") + "\n");
        LogScan scan = scanner(1, REFUSED, TIMEOUT, FATAL).scanPaths(List.of(log));
        assertEquals(6, scan.linesScanned());
        assertEquals(Files.size(log), scan.bytesScanned());
        SignatureHits refusedHits = scan.hits("test.refused").orElseThrow();
        assertEquals(2, refusedHits.count());
        assertEquals(List.of(2L, 5L), refusedHits.samples().stream().map(Evidence.LogLine::line).toList());
        assertEquals(Map.of("unix:/run/php/php8.2-fpm.sock", 2L), refusedHits.fields().get("upstream"));
        assertEquals("111", refusedHits.topValue("errno").orElseThrow());
        assertEquals(1, scan.hits("test.timeout").orElseThrow().count());
        SignatureHits fatal = scan.hits("test.fatal").orElseThrow();
        assertEquals("acme-slider", fatal.topValue("plugin").orElseThrow());
        assertEquals(List.of("test.refused", "test.fatal", "test.timeout"),
                scan.signatures().stream().map(SignatureHits::id).toList());
    }

    @Test
    void aPatternThatDoesNotMatchIsNotAHitEvenIfTheLiteralIs() throws Exception {
        Path log = Files.writeString(dir.resolve("e.log"), "bind() failed (111: Connection refused)\n");
        assertTrue(scanner(1, REFUSED).scanPaths(List.of(log)).signatures().isEmpty());
    }

    @Test
    void splitsBigFilesAndGetsTheSameAnswerAsOneThread() throws Exception {
        Path big = dir.resolve("big.log");
        int lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(big)) {
            // ~48 MiB: above the split threshold, so it is scanned in line-aligned segments
            String noise = "2026/11/21 09:14:03 [error] 812#812: *1 open() \"/var/www/html/favicon.ico\" failed "
                    + "(2: No such file or directory), client: 198.51.100.7, server: example.org, request: "
                    + "\"GET /favicon.ico HTTP/1.1\", host: \"example.org\"";
            for (int i = 0; i < 250_000; i++) {
                w.write(i % 997 == 0 ? refused(i) : noise);
                w.write('\n');
                lines++;
            }
        }
        LogScan parallel = scanner(4, REFUSED).scanPaths(List.of(big));
        LogScan serial = scanner(1, REFUSED).scanPaths(List.of(big));
        assertEquals(lines, parallel.linesScanned());
        assertEquals(Files.size(big), parallel.bytesScanned());
        SignatureHits p = parallel.hits("test.refused").orElseThrow();
        SignatureHits s = serial.hits("test.refused").orElseThrow();
        assertEquals(251, p.count());
        assertEquals(s.count(), p.count());
        assertEquals(s.samples(), p.samples());
        // line numbers are absolute: the last sample is the last refused line, 997 * 250 + 1
        assertEquals(249_251L, p.samples().get(p.samples().size() - 1).line());
        List<String> lastLines = Files.readAllLines(big);
        for (Evidence.LogLine sample : p.samples()) {
            assertEquals(lastLines.get((int) sample.line() - 1), sample.text());
        }
    }

    @Test
    void readsGzipAndReportsATruncatedOne() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append(i % 100 == 0 ? refused(i) : "noise " + i).append('\n');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        Path whole = Files.write(dir.resolve("error.log.2.gz"), bytes.toByteArray());
        assertEquals(200, scanner(2, REFUSED).scanPaths(List.of(whole)).hits("test.refused").orElseThrow().count());
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));
        LogScan partial = scanner(2, REFUSED).scanPaths(List.of(cut));
        assertFalse(partial.files().get(0).complete());
        assertTrue(partial.problems().get(0).contains("ends early"), partial.problems().toString());
        assertTrue(partial.hits("test.refused").map(SignatureHits::count).orElse(0L) > 0);
    }

    @Test
    void survivesHostileInput() throws Exception {
        Path huge = dir.resolve("huge.log");
        byte[] junk = new byte[10 << 20];
        Arrays.fill(junk, (byte) 'x');
        byte[] nul = {0, (byte) 0xff, (byte) 0xc3, '\n'};
        try (var out = Files.newOutputStream(huge)) {
            out.write(junk);
            out.write((refused(7) + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(nul);
            out.write(refused(8).getBytes(StandardCharsets.UTF_8)); // no final newline
        }
        Path empty = Files.createFile(dir.resolve("empty.log"));
        LogScan scan = scanner(2, REFUSED).scanPaths(List.of(huge, empty, dir.resolve("missing.log")));
        SignatureHits hits = scan.hits("test.refused").orElseThrow();
        assertEquals(2, hits.count());
        assertEquals(List.of(1L, 3L), hits.samples().stream().map(Evidence.LogLine::line).toList());
        assertEquals(3, scan.files().stream().filter(f -> f.path().endsWith("huge.log")).findFirst().orElseThrow()
                .lines());
        assertTrue(scan.problems().stream().anyMatch(p -> p.contains("missing.log")), scan.problems().toString());
    }

    @Test
    void scansStandardInputAndGlobs() throws Exception {
        Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(dir.resolve("nginx/error.log"), refused(1) + "\n");
        Files.writeString(dir.resolve("nginx/error.log.1"), refused(2) + "\n" + refused(3) + "\n");
        Files.writeString(dir.resolve("nginx/access.log"), refused(4) + "\n");
        LogScan globbed = scanner(2, REFUSED).scan(List.of(dir.resolve("nginx").toString() + "/error.log*"));
        assertEquals(3, globbed.hits("test.refused").orElseThrow().count());
        assertEquals(2, globbed.files().size());
        LogScan stdin = scanner(1, REFUSED).scan(new ByteArrayInputStream((refused(9) + "\n").getBytes(
                StandardCharsets.UTF_8)), "-");
        assertEquals(1, stdin.hits("test.refused").orElseThrow().count());
        assertEquals("-", stdin.files().get(0).path());
    }

    @Test
    void mergesMatchesOfFilesAndStandardInputPerSignature() throws Exception {
        Path f = Files.writeString(dir.resolve("error.log"), refused(1) + "\n" + refused(2) + "\n");
        LogScan scan = scanner(2, REFUSED).scan(List.of(f.toString(), "-"),
                new ByteArrayInputStream((refused(3) + "\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, scan.signatures().size());
        assertEquals(3, scan.hits("test.refused").orElseThrow().count());
        assertEquals(3, scan.hits("test.refused").orElseThrow().samples().size());
        assertEquals(2, scan.files().size());
    }

    @Test
    void selectsSignaturesByIdPattern() {
        SignatureCatalog all = SignatureCatalog.of(List.of(REFUSED, TIMEOUT, FATAL));
        assertEquals(List.of("test.refused", "test.timeout"), all.select(List.of("test"), List.of("test.fatal"))
                .signatures().stream().map(Signature::id).toList());
        assertEquals(List.of("test.fatal"), all.select(List.of("*.fatal"), List.of()).signatures().stream()
                .map(Signature::id).toList());
    }

    static final Signature FPM_MAX_CHILDREN = new Signature("test.fpm-max-children", Layer.PHP_FPM,
            Set.of(LogFormat.PHP_FPM), "server reached pm.max_children setting", null, 502,
            List.of(CauseCode.PHPFPM_POOL_EXHAUSTED), "pool full");
    static final Signature OOM = new Signature("test.oom", Layer.HOST, Set.of(LogFormat.KERNEL),
            "Out of memory: Killed process", null, 502, List.of(CauseCode.HOST_OUT_OF_MEMORY), "oom");

    private static String fpm(int i) {
        return "[21-Nov-2026 09:14:0" + (i % 10) + "] WARNING: [pool www] server reached pm.max_children setting (5),"
                + " consider raising it";
    }

    @Test
    void aFileOfSeveralKnownFormatsIsSearchedForAllOfThem() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append(i % 10 == 0 ? fpm(i) : refused(i)).append('\n');
        }
        Path mixed = Files.writeString(dir.resolve("mixed.log"), sb);
        LogScan scan = scanner(1, REFUSED, FPM_MAX_CHILDREN, OOM).scanPaths(List.of(mixed));
        assertEquals(450, scan.hits("test.refused").orElseThrow().count());
        assertEquals(50, scan.hits("test.fpm-max-children").orElseThrow().count());
    }

    @Test
    void aSourceOfUnrecognisedLinesIsSearchedWithTheWholeCatalogue() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append("Nov 21 09:14:03 web1 cron[").append(i).append("]: (root) CMD (run-parts /etc/cron.hourly)\n");
        }
        sb.append("Nov 21 09:15:00 web1 kernel: [12345.678901] Out of memory: Killed process 4242 (php-fpm8.2) "
                + "total-vm:812345kB, anon-rss:402345kB\n");
        Path syslog = Files.writeString(dir.resolve("syslog"), sb);
        LogScan scan = scanner(1, REFUSED, FPM_MAX_CHILDREN, OOM).scanPaths(List.of(syslog));
        assertEquals(1, scan.hits("test.oom").orElseThrow().count());
        assertEquals(501, scan.hits("test.oom").orElseThrow().samples().get(0).line());
    }

    @Test
    void withASinceBoundABigFileIsEnteredByTimeAndStillGivesExactLineNumbers() throws Exception {
        Path big = dir.resolve("error.log");
        java.time.LocalDateTime t0 = java.time.LocalDateTime.of(2026, 11, 21, 0, 0, 0);
        java.time.format.DateTimeFormatter nginx = java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
        int lines = 120_000; // ~24 MiB over 10 hours: above the seek threshold
        try (BufferedWriter w = Files.newBufferedWriter(big)) {
            for (int i = 0; i < lines; i++) {
                String at = t0.plusSeconds(i * 3L / 10).format(nginx);
                w.write(i % 1000 == 0
                        ? at + " [error] 812#812: *" + i + " connect() to unix:/run/php/php8.2-fpm.sock failed "
                                + "(111: Connection refused) while connecting to upstream, client: 203.0.113.9"
                        : at + " [error] 812#812: *" + i + " open() \"/var/www/html/robots.txt\" failed (2: No such "
                                + "file or directory), client: 198.51.100.7, server: example.org, request: \"GET "
                                + "/robots.txt HTTP/1.1\", host: \"example.org\"");
                w.write('\n');
            }
        }
        java.time.Instant since = t0.plusHours(9).toInstant(ZoneOffset.UTC);
        LogScan windowed = LogScanner.builder().catalog(SignatureCatalog.of(List.of(REFUSED))).zone(ZoneOffset.UTC)
                .since(since).parallelism(1).build().scanPaths(List.of(big));
        // lines i with i*0.3 s >= 9 h: i >= 108,000; refused every 1,000th: 108,000 .. 119,000 -> 12 lines
        SignatureHits hits = windowed.hits("test.refused").orElseThrow();
        assertEquals(12, hits.count());
        assertEquals(lines, windowed.linesScanned());
        List<String> all = Files.readAllLines(big);
        for (Evidence.LogLine sample : hits.samples()) {
            assertEquals(all.get((int) sample.line() - 1), sample.text());
        }
        ScannedFile file = windowed.files().get(0);
        assertTrue(file.problems().stream().anyMatch(p -> p.contains("skipped")), file.problems().toString());
        assertTrue(file.bytes() < Files.size(big) / 2, "read " + file.bytes() + " bytes of " + Files.size(big));
    }

    @Test
    void redactsEverySampleAndField() throws IOException, InterruptedException {
        Path log = Files.writeString(dir.resolve("e.log"), refused(1).replace("unix:/run/php/php8.2-fpm.sock",
                "unix:/run/CANARY.sock") + ", request: \"GET /?token=CANARY HTTP/1.1\"\n");
        LogScan scan = LogScanner.builder().catalog(SignatureCatalog.of(List.of(REFUSED)))
                .redactor(s -> s.replace("CANARY", "[REDACTED]")).build().scanPaths(List.of(log));
        assertEquals(1, scan.hits("test.refused").orElseThrow().count());
        assertEquals("unix:/run/[REDACTED].sock", scan.hits("test.refused").orElseThrow().topValue("upstream")
                .orElseThrow());
        assertFalse(scan.toString().contains("CANARY"), scan.toString());
    }

    @Test
    void redactsEveryTimelineEventWhenTheResultIsBuiltOnSeveralThreadsAndKeepsTheSameTimeline() throws Exception {
        // more events than the timeline keeps, each with its own canary in the text and in a field: the result's
        // events are built (read again, redacted) by two threads, and must come out as one thread builds them
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LogScanner.MAX_TIMELINE + 500; i++) {
            text.append(String.format("2026/11/21 %02d:%02d:%02d [error] 812#812: *%d connect() to unix:/run/CANARY%d.sock"
                    + " failed (111: Connection refused) while connecting to upstream, request: \"GET /?token=CANARY%d"
                    + " HTTP/1.1\"%n", i / 3600 % 24, i / 60 % 60, i % 60, i, i, i));
        }
        Path log = Files.writeString(dir.resolve("e.log"), text);
        java.util.function.UnaryOperator<String> redactor = s -> s.replaceAll("CANARY\\d*", "[REDACTED]");
        LogScan two = LogScanner.builder().catalog(SignatureCatalog.of(List.of(REFUSED))).zone(ZoneOffset.UTC)
                .parallelism(2).redactor(redactor).build().scanPaths(List.of(log));
        LogScan one = LogScanner.builder().catalog(SignatureCatalog.of(List.of(REFUSED))).zone(ZoneOffset.UTC)
                .parallelism(1).redactor(redactor).build().scanPaths(List.of(log));
        assertEquals(LogScanner.MAX_TIMELINE, two.timeline().size());
        for (LogEvent e : two.timeline()) {
            assertFalse(e.line().text().contains("CANARY"), e.line().text());
            assertTrue(e.line().text().contains("unix:/run/[REDACTED].sock"), e.line().text());
            assertEquals("unix:/run/[REDACTED].sock", e.fields().get("upstream"), e.fields().toString());
        }
        assertFalse(two.toString().contains("CANARY"));
        assertEquals(one.timeline(), two.timeline());
    }

    @Test
    void readsSignaturesFromJsonAndReportsBadOnes() throws IOException {
        String json = "{\"signatures\":[{\"id\":\"acme.backend-down\",\"layer\":\"PROXY\",\"formats\":[\"NGINX_ERROR\"],"
                + "\"literal\":\"acme backend unreachable\",\"pattern\":\"backend (?<upstream>\\\\S+) unreachable\","
                + "\"httpStatus\":502,\"causes\":[\"proxy.upstream_refused\"],\"title\":\"acme backend down\"}]}";
        Path file = Files.writeString(dir.resolve("sigs.json"), json);
        SignatureCatalog catalog = SignatureCatalog.of(List.of(REFUSED)).withJsonFile(file);
        assertEquals(List.of("test.refused", "acme.backend-down"),
                catalog.signatures().stream().map(Signature::id).toList());
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"signatures\":[{\"id\":\"x\"}]}");
        SignatureCatalog withBad = catalog.withJsonFile(bad);
        assertEquals(2, withBad.signatures().size());
        assertTrue(withBad.problems().get(0).contains("bad.json"), withBad.problems().toString());
    }
}
