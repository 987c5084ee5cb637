package org.gatewaydoctor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-line record (PHP-FPM slowlog entry, PHP stack trace, wrapped line) is one event: its undated
 * continuation lines take the time of its dated first line, so a time window keeps or drops the record
 * whole. Lines are the real formats of {@code src/test/resources/formats} (PHP-FPM 8.2 slowlog, PHP 8.2's
 * error log with an uncaught error's stack trace).
 */
class RecordTimeWindowTest {

    @TempDir
    Path dir;

    static final Signature SLOW_RECORD = new Signature("test.slowlog-record", Layer.PHP_FPM,
            Set.of(LogFormat.PHP_FPM_SLOWLOG), "script_filename = ", Pattern.compile("script_filename = (?<script>\\S+)"),
            null, List.of(CauseCode.APP_SLOW_REQUESTS), "a slowlog record");
    static final Signature PLUGIN_FRAME = new Signature("test.plugin-frame", Layer.PHP_FPM, Set.of(),
            "/wp-content/plugins/", null, null, List.of(CauseCode.APP_SLOW_REQUESTS), "a plugin's frame");
    static final Signature REFUSED = new Signature("test.refused", Layer.PROXY, Set.of(),
            "failed (111: Connection refused)", null, 502, List.of(CauseCode.PROXY_UPSTREAM_REFUSED), "refused");

    private static final DateTimeFormatter PHP = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss", Locale.ROOT);

    private static LogScanner scanner(Instant since, int parallelism) {
        return LogScanner.builder().catalog(SignatureCatalog.of(List.of(SLOW_RECORD, PLUGIN_FRAME, REFUSED)))
                .zone(ZoneOffset.UTC).since(since).parallelism(parallelism).build();
    }

    /** A slowlog record as PHP-FPM 8.2 writes it (fpm_php_trace.c): blank line, header, script, frames. */
    private static String slowRecord(LocalDateTime at, int pid, String plugin) {
        String script = "/srv/www/wp-content/plugins/" + plugin + "/ajax/related.php";
        return "\n[" + at.format(PHP) + "]  [pool www] pid " + pid + "\n"
                + "script_filename = " + script + "\n"
                + "[0x00007f4829413170] sleep() " + script + ":2\n"
                + "[0x00007f48294130f0] fetch_related() " + script + ":3\n";
    }

    private static long count(LogScan scan, String id) {
        return scan.hits(id).map(SignatureHits::count).orElse(0L);
    }

    @Test
    void slowlogContinuationLinesBeforeTheWindowAreNotRead() throws Exception {
        LocalDateTime t = LocalDateTime.of(2026, 12, 7, 5, 2, 53);
        Path log = Files.writeString(dir.resolve("www-slow.log"), slowRecord(t, 8002, "acme-related-posts"));
        Instant since = t.plusMinutes(10).toInstant(ZoneOffset.UTC);

        LogScan windowed = scanner(since, 1).scanPaths(List.of(log));
        assertEquals(0, count(windowed, "test.slowlog-record"), windowed.signatures().toString());
        assertEquals(0, count(windowed, "test.plugin-frame"));

        LogScan all = scanner(t.minusMinutes(1).toInstant(ZoneOffset.UTC), 1).scanPaths(List.of(log));
        assertEquals(1, count(all, "test.slowlog-record"));
        assertEquals(3, count(all, "test.plugin-frame"));
        // each continuation line carries its record's time
        for (Evidence.LogLine l : all.hits("test.plugin-frame").orElseThrow().samples()) {
            assertEquals(t.toInstant(ZoneOffset.UTC), l.timestamp(), l.toString());
        }
    }

    @Test
    void aRecordThatStartsInTheWindowIsReadWhole() throws Exception {
        LocalDateTime old = LocalDateTime.of(2026, 12, 7, 5, 2, 53);
        LocalDateTime recent = old.plusHours(2);
        Path log = Files.writeString(dir.resolve("www-slow.log"),
                slowRecord(old, 8002, "acme-old") + slowRecord(recent, 8003, "acme-new"));
        LogScan scan = scanner(old.plusHours(1).toInstant(ZoneOffset.UTC), 1).scanPaths(List.of(log));
        assertEquals(1, count(scan, "test.slowlog-record"));
        assertEquals(3, count(scan, "test.plugin-frame"));
        assertEquals(java.util.Map.of("acme-new", 3L), scan.hits("test.plugin-frame").orElseThrow().fields()
                .get("plugin"));
    }

    @Test
    void phpStackTraceLinesTakeTheTimeOfTheirError() throws Exception {
        // PHP 8.2's error log for an uncaught Error: the message line is dated, the trace lines are not
        String lines = """
                [21-Nov-2026 20:37:39 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function acme_x() in /srv/www/wp-content/plugins/acme-slider/slider.php:4
                Stack trace:
                #0 /srv/www/wp-includes/class-wp-hook.php(324): acme_slider_init('')
                #1 /srv/www/wp-content/plugins/acme-slider/boot.php(12): do_action('init')
                #2 {main}
                  thrown in /srv/www/wp-content/plugins/acme-slider/slider.php on line 4
                """;
        Path log = Files.writeString(dir.resolve("debug.log"), lines);
        Instant after = Instant.parse("2026-11-21T21:00:00Z");
        assertEquals(0, count(scanner(after, 1).scanPaths(List.of(log)), "test.plugin-frame"));
        LogScan before = scanner(Instant.parse("2026-11-21T20:00:00Z"), 1).scanPaths(List.of(log));
        assertEquals(3, count(before, "test.plugin-frame"));
    }

    @Test
    void aFragmentWithoutAnyDatedLineIsStillRead() throws Exception {
        // a pasted piece of a slowlog, its header not copied: nothing dates it, so no window drops it
        Path log = Files.writeString(dir.resolve("paste.txt"), """
                script_filename = /srv/www/wp-content/plugins/acme-related-posts/ajax/related.php
                [0x00007f4829413170] sleep() /srv/www/wp-content/plugins/acme-related-posts/ajax/related.php:2
                """);
        LogScan scan = scanner(Instant.parse("2026-12-07T06:00:00Z"), 1).scanPaths(List.of(log));
        assertEquals(1, count(scan, "test.slowlog-record"));
        assertEquals(2, count(scan, "test.plugin-frame"));
        assertEquals(null, scan.hits("test.plugin-frame").orElseThrow().samples().get(0).timestamp());
    }

    @Test
    void aRecordSplitAcrossReadBuffersKeepsItsTime() throws Exception {
        // ~6 MiB of dated nginx lines, then records: some straddle the 4 MiB read buffer's end
        LocalDateTime t0 = LocalDateTime.of(2026, 12, 6, 0, 0, 0);
        DateTimeFormatter nginx = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
        Path log = dir.resolve("mixed.log");
        int records = 0;
        try (BufferedWriter w = Files.newBufferedWriter(log)) {
            long bytes = 0;
            int i = 0;
            while (bytes < (6L << 20)) {
                String s;
                if (i % 50 == 0) {
                    s = slowRecord(t0.plusSeconds(i), 9000 + i, "acme-old");
                    records++;
                } else {
                    s = t0.plusSeconds(i).format(nginx) + " [error] 812#812: *" + i + " open() \"/srv/www/favicon.ico\""
                            + " failed (2: No such file or directory), client: 198.51.100.7, server: example.org\n";
                }
                w.write(s);
                bytes += s.length();
                i++;
            }
        }
        LogScan none = scanner(t0.plusDays(1).toInstant(ZoneOffset.UTC), 1).scanPaths(List.of(log));
        assertEquals(0, count(none, "test.plugin-frame"));
        assertEquals(0, count(none, "test.slowlog-record"));
        LogScan all = scanner(t0.minusDays(1).toInstant(ZoneOffset.UTC), 1).scanPaths(List.of(log));
        assertEquals(records, count(all, "test.slowlog-record"));
        assertEquals(3L * records, count(all, "test.plugin-frame"));
    }

    /**
     * Property: for random sequences of dated lines, multi-line records and paste fragments, and any window
     * start, a continuation line is read exactly when its record's header is in the window (or it has none).
     */
    @Test
    void aContinuationIsReadExactlyWhenItsRecordIs() throws Exception {
        Random random = new Random(20261207);
        LocalDateTime t0 = LocalDateTime.of(2026, 12, 7, 0, 0, 0);
        DateTimeFormatter nginx = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
        for (int round = 0; round < 60; round++) {
            StringBuilder b = new StringBuilder();
            List<LocalDateTime> frameTimes = new ArrayList<>(); // null = undated (fragment at the start)
            int fragment = random.nextInt(3);
            for (int f = 0; f < fragment; f++) {
                b.append("[0x00007f48294130f0] fetch() /srv/www/wp-content/plugins/acme-paste/x.php:3\n");
                frameTimes.add(null);
            }
            LocalDateTime t = t0;
            int entries = 1 + random.nextInt(40);
            for (int e = 0; e < entries; e++) {
                t = t.plusSeconds(1 + random.nextInt(600));
                if (random.nextBoolean()) {
                    b.append(slowRecord(t, 100 + e, "acme-" + e));
                    frameTimes.add(t);
                    frameTimes.add(t);
                    frameTimes.add(t);
                } else {
                    b.append(t.format(nginx)).append(" [error] 812#812: *").append(e)
                            .append(" connect() to unix:/run/php/www.sock failed (111: Connection refused)\n");
                }
            }
            Path log = Files.writeString(dir.resolve("round-" + round + ".log"), b.toString());
            LocalDateTime since = t0.plusSeconds(random.nextInt((int) java.time.Duration.between(t0, t).getSeconds() + 2));
            long expected = frameTimes.stream().filter(x -> x == null || !x.isBefore(since)).count();
            LogScan scan = scanner(since.toInstant(ZoneOffset.UTC), 1).scanPaths(List.of(log));
            assertEquals(expected, count(scan, "test.plugin-frame"), "round " + round + " since " + since + "\n" + b);
        }
    }

    @Test
    void aSegmentOfASplitFileDatesItsFirstLinesByTheRecordAboveIt() throws IOException, InterruptedException {
        // > 32 MiB is split into segments scanned in parallel: a record cut by a segment boundary keeps its time
        LocalDateTime t0 = LocalDateTime.of(2026, 12, 6, 0, 0, 0);
        Path log = dir.resolve("big-slow.log");
        int records = 0;
        try (BufferedWriter w = Files.newBufferedWriter(log)) {
            long bytes = 0;
            while (bytes < (40L << 20)) {
                String s = slowRecord(t0.plusSeconds(records), 1000 + records % 30000, "acme-old");
                w.write(s);
                bytes += s.length();
                records++;
            }
        }
        LogScan none = scanner(t0.plusDays(2).toInstant(ZoneOffset.UTC), 4).scanPaths(List.of(log));
        assertEquals(0, count(none, "test.plugin-frame"), none.files().toString());
        LogScan all = scanner(null, 4).scanPaths(List.of(log));
        assertEquals(3L * records, count(all, "test.plugin-frame"));
        assertTrue(all.hits("test.plugin-frame").orElseThrow().samples().stream().allMatch(l -> l.timestamp() != null));
    }
}
