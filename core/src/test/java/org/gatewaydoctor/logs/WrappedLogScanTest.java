package org.gatewaydoctor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner on logs as people have them: wrapped by containers, pasted as fragments, mixed per line. */
class WrappedLogScanTest {

    @TempDir
    Path dir;

    static final Signature NGINX_ENOENT = new Signature("test.nginx-enoent", Layer.PROXY, Set.of(LogFormat.NGINX_ERROR),
            "failed (2: No such file or directory) while connecting to upstream",
            Pattern.compile("connect\\(\\) to (?<socket>unix:\\S+) failed \\((?<errno>2): "), 502,
            List.of(CauseCode.PHPFPM_DOWN), "socket missing");
    static final Signature FPM_MAX_CHILDREN = new Signature("test.fpm-max-children", Layer.PHP_FPM,
            Set.of(LogFormat.PHP_FPM), "max_children setting (",
            Pattern.compile("(?:\\[pool (?<pool>[^\\]]+)\\] )?server reached pm\\.max_children setting \\((?<n>\\d+)\\)"),
            null, List.of(CauseCode.PHPFPM_POOL_EXHAUSTED), "max children");

    static final String NGINX = "2024/05/02 10:11:12 [crit] 29#29: *106 connect() to unix:/run/php/php8.3-fpm.sock"
            + " failed (2: No such file or directory) while connecting to upstream, client: 172.18.0.1, server: _";
    static final String FPM = "[02-May-2024 10:15:00] WARNING: [pool www] server reached pm.max_children setting (5),"
            + " consider raising it";

    private static LogScanner scanner() {
        return LogScanner.builder().catalog(SignatureCatalog.of(List.of(NGINX_ENOENT, FPM_MAX_CHILDREN)))
                .zone(ZoneOffset.UTC).parallelism(1).build();
    }

    @Test
    void findsTheMinorityServiceOfAComposeLogPastItsFirstLinesAndNamesTheContainer() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            lines.add("web-1  | 2024/05/02 10:1" + (i % 10) + ":00 [notice] 1#1: start worker process " + i);
        }
        lines.add("web-1  | " + NGINX);
        lines.add("php-1  | " + FPM);
        Path log = Files.writeString(dir.resolve("compose.txt"), String.join("\n", lines) + "\n");
        LogScan scan = scanner().scanPaths(List.of(log));
        SignatureHits fpm = scan.hits("test.fpm-max-children").orElseThrow();
        assertEquals(Map.of("php-1", 1L), fpm.fields().get("source"));
        assertEquals(Instant.parse("2024-05-02T10:15:00Z"), fpm.firstSeen());
        Evidence.LogLine line = fpm.samples().get(0);
        assertEquals(402, line.line());
        assertEquals(FPM, line.text(), "the evidence is the line the software wrote, without the wrapper");
        assertEquals(Map.of("web-1", 1L), scan.hits("test.nginx-enoent").orElseThrow().fields().get("source"));
        assertTrue(scan.files().get(0).formats().containsKey(LogFormat.NGINX_ERROR), scan.files().get(0).formats().toString());
    }

    @Test
    void aFormatThatFirstAppearsDeepInABigUnwrappedFileIsStillSearchedAndNamed() throws Exception {
        // 6 MiB of nginx notices (two scan buffers; the format sample sees only the first 200 lines), then
        // 100 KiB of PHP-FPM's log appended to the same file (cat error.log php-fpm.log), then nginx again: a
        // run of another format longer than 1/64 of a buffer is always probed
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (b.length() < 6 << 20) {
            b.append("2024/05/02 10:1").append(i % 10).append(":00 [notice] 1#1: start worker process ").append(i++)
                    .append('\n');
        }
        int nginxLines = i;
        int fpmLines = 0;
        for (int start = b.length(); b.length() - start < 100 << 10; fpmLines++) {
            b.append(FPM).append('\n');
        }
        b.append(NGINX).append('\n');
        Path log = Files.writeString(dir.resolve("error.log"), b);
        LogScan scan = scanner().scanPaths(List.of(log));
        SignatureHits fpm = scan.hits("test.fpm-max-children").orElseThrow();
        assertEquals(fpmLines, fpm.count());
        assertEquals(nginxLines + 1, fpm.samples().get(0).line());
        assertEquals(1, scan.hits("test.nginx-enoent").orElseThrow().count());
        Map<LogFormat, Long> formats = scan.files().get(0).formats();
        assertTrue(formats.containsKey(LogFormat.PHP_FPM), "checks that pick files by format see it: " + formats);
        assertEquals(200L, formats.get(LogFormat.NGINX_ERROR), "the sampled formats are counted as sampled");
    }

    @Test
    void aWrapperThatStartsDeepInABigFileWidensTheSearch() throws Exception {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (b.length() < 5 << 20) {
            b.append("2024/05/02 10:1").append(i % 10).append(":00 [notice] 1#1: start worker process ").append(i++)
                    .append('\n');
        }
        for (int k = 0; k < 2000; k++) {
            b.append("php-1  | ").append(FPM).append('\n');
        }
        Path log = Files.writeString(dir.resolve("error.log"), b);
        SignatureHits fpm = scanner().scanPaths(List.of(log)).hits("test.fpm-max-children").orElseThrow();
        assertEquals(2000, fpm.count());
        assertEquals(Map.of("php-1", 2000L), fpm.fields().get("source"));
    }

    @Test
    void aFragmentWithoutDateOrPidOnStdinIsEvidenceThatCannotBePlacedInTime() throws Exception {
        String pasted = "> *106 connect() to unix:/run/php/php8.3-fpm.sock failed (2: No such file or directory) while"
                + " connecting to upstream,\r\n";
        LogScan scan = scanner().scan(new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8)), "-");
        SignatureHits h = scan.hits("test.nginx-enoent").orElseThrow();
        assertEquals(1, h.count());
        assertNull(h.firstSeen());
        assertEquals(Map.of("unix:/run/php/php8.3-fpm.sock", 1L), h.fields().get("socket"));
    }

    @Test
    void proseQuotingAMessageInInlineCodeIsNoEvidence() throws Exception {
        String readme = "nginx then logs `connect() to unix:/x.sock failed (2: No such file or directory) while connecting"
                + " to upstream` for every request\n";
        LogScan scan = scanner().scan(new ByteArrayInputStream(readme.getBytes(StandardCharsets.UTF_8)), "-");
        assertTrue(scan.hits("test.nginx-enoent").isEmpty(), scan.signatures().toString());
    }

    @Test
    void joinsAForumWrappedEntryAndKeepsLineNumbersOfTheSource() throws Exception {
        String pasted = "Here is my log:\n"
                + "2024/05/02 10:11:12 [crit] 29#29: *106 connect() to unix:/run/php/php8.3-fpm.sock failed (2: No such\n"
                + "file or directory) while connecting to upstream, client: 172.18.0.1\n"
                + FPM + "\n";
        LogScan scan = scanner().scan(new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8)), "-");
        SignatureHits h = scan.hits("test.nginx-enoent").orElseThrow();
        assertEquals(2, h.samples().get(0).line());
        assertEquals(4, scan.hits("test.fpm-max-children").orElseThrow().samples().get(0).line());
    }

    @Test
    void aPasteEndingInAWrappedContinuationWithoutLineBreakKeepsItsLastLineInTheCount() throws Exception {
        // found by LogClassifierFuzzTest: the joined continuation was the last line, without a line break, and
        // the scan reported one line fewer than the paste has
        SignatureHits h = assertEntryOnLineTwo(3, "Here is my log:\n"
                + "2024/05/02 10:11:12 [crit] 29#29: *106 connect() to unix:/run/php/php8.3-fpm.sock failed (2: No such\n"
                + "file or directory) while connecting to upstream, client: 172.18.0.1");
        assertEquals(NGINX.substring(0, NGINX.indexOf(", server: ")), h.samples().get(0).text());
    }

    @Test
    void aPasteEndingInATerminalHardWrapWithoutLineBreakKeepsItsLastLineInTheCount() throws Exception {
        // found by LogClassifierFuzzTest (crash-181f526d...): a terminal's hard wrap is joined without a space, so
        // the joined paste is as long as the paste; its last line, without a line break, was joined, yet the scan
        // took the unchanged length for "nothing joined" and reported one line fewer than the paste has
        SignatureHits h = assertEntryOnLineTwo(4, "Here is my log:\n" + wrappedAt80(NGINX));
        assertEquals(NGINX, h.samples().get(0).text());
    }

    /**
     * Scans {@code pasted} (a line of prose, then one nginx entry wrapped onto the lines after it, the last without
     * a line break): every byte and all {@code lines} counted, the entry matched once, on line 2. Returns its hits.
     */
    private static SignatureHits assertEntryOnLineTwo(int lines, String pasted) throws Exception {
        LogScan scan = scanner().scan(new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8)), "-");
        assertEquals(lines, scan.linesScanned());
        assertEquals(pasted.getBytes(StandardCharsets.UTF_8).length, scan.bytesScanned());
        SignatureHits h = scan.hits("test.nginx-enoent").orElseThrow();
        assertEquals(1, h.count());
        assertEquals(2, h.samples().get(0).line());
        return h;
    }

    @Test
    void aTerminalHardWrapInAPasteIsSampledAsTheOneEntryItJoins() throws Exception {
        // the join keeps the paste's length: the formats sampled before joining must not stand for the joined lines
        String pasted = "Here is my log:\n" + wrappedAt80(NGINX) + "\n" + FPM + "\n";
        LogScan scan = scanner().scan(new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8)), "-");
        assertEquals(5, scan.linesScanned());
        assertEquals(Map.of(LogFormat.UNKNOWN, 1L, LogFormat.NGINX_ERROR, 1L, LogFormat.PHP_FPM, 1L),
                scan.files().get(0).formats());
        assertEquals(1, scan.hits("test.nginx-enoent").orElseThrow().count());
        assertEquals(5, scan.hits("test.fpm-max-children").orElseThrow().samples().get(0).line());
    }

    /** {@code entry} as an 80-column terminal shows it: cut every 80 characters (this one onto three lines). */
    private static String wrappedAt80(String entry) {
        assertTrue(entry.length() > 160 && entry.length() <= 240, "the tests expect three lines");
        return entry.substring(0, 80) + "\n" + entry.substring(80, 160) + "\n" + entry.substring(160);
    }

    @Test
    void theScannerNeverJoinsALineIntoARecordThatWouldLoseItsMatch() throws Exception {
        // the class of LogClassifierFuzzTest's crash-081a5710: an access record left open in its quote (long enough
        // that the next line fits the width), then a MySQL line whose header was damaged; the rules on the lines'
        // shape take it for the rest of the quote, but joined into the access record (a format the signature does
        // not apply to) its match would be lost, so the scanner's join guard keeps it an entry of its own
        Signature oom = new Signature("test.mysql-oom", Layer.DATABASE, Set.of(LogFormat.MYSQL_ERROR),
                ": Out of memory (Needed ", Pattern.compile("(?<process>\\S{1,256}): Out of memory \\(Needed"
                + " (?<bytes>[0-9]{1,20}) bytes\\)"), null, List.of(CauseCode.HOST_OUT_OF_MEMORY), "out of memory");
        String pasted = "Here is my log:\n"
                + "compact.example.test:80 127.0.0.1 - - [21/Nov/2026:21:38:33 +0100] \"GET /fatal.php HTTP/1.1\" 500 185"
                + " \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 kB, anon-rss:48744:"
                + " Completed initialization of buffer pool\n"
                + "261121kB, file-rss:6640kB, shmem-rss:0kB, UID:0 pgtables:164  9:14:1@1 [ERROR] /usr/sbin/mysqld: Out of"
                + " memory (Needed 128917504 bytes)\n";
        LogScan scan = LogScanner.builder().catalog(SignatureCatalog.of(List.of(oom))).zone(ZoneOffset.UTC)
                .parallelism(1).build().scan(new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8)), "-");
        assertEquals(3, scan.linesScanned());
        SignatureHits h = scan.hits("test.mysql-oom").orElseThrow();
        assertEquals(1, h.count());
        assertEquals(3, h.samples().get(0).line());
        assertEquals(pasted.substring(pasted.indexOf("261121kB"), pasted.length() - 1), h.samples().get(0).text());
        assertEquals(Map.of("/usr/sbin/mysqld", 1L), h.fields().get("process"));
    }

    @Test
    void aLineLongerThanTheColumnAfterALineOfTheColumnsWidthIsAnEntryOfItsOwn() throws Exception {
        // found by LogClassifierFuzzTest (crash-4e244c85...): an entry of exactly 80 characters, then a longer line
        // with a damaged header holding another entry; a terminal wrapping at 80 never leaves a longer line, so the
        // two are not joined (joining lost the second entry's match)
        String second = "1401" + "x".repeat(60) + "01 and then " + NGINX; // its [crit] beyond a header's reach
        String pasted = "Here is my log:\n" + NGINX.substring(0, 80) + "\n" + second + "\n";
        LogScan scan = scanner().scan(new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8)), "-");
        assertEquals(3, scan.linesScanned());
        assertEquals(1, scan.hits("test.nginx-enoent").orElseThrow().count());
        assertEquals(3, scan.hits("test.nginx-enoent").orElseThrow().samples().get(0).line());
    }
}
