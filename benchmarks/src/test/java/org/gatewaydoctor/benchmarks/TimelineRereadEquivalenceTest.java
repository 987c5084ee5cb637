package org.gatewaydoctor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.internal.logs.scan.ScanEngine;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Timeline events of plain files keep only where their line is; the events kept in the end have their line read
 * again from the file and read as the scan read it (text, fields, attribution, kept part). Proven here against
 * events that keep their text and fields from the start ({@link ScanEngine#rereadingTimeline}): everything found
 * is identical (counts, samples, histograms, field values, timeline with its order and fields, sites, files,
 * problems), on every real log fixture of the checks modules and the CLI's real-logs corpus (alone, and all in one
 * file), the dense generated logs of issue 14, and a hostile mix (UTF-8 and invalid bytes, emoji, NUL bytes,
 * carriage returns, lines longer than the kept text and than the longest line read, no final line break, empty
 * lines, PHP stack traces, equal times), with one and two threads and small segments. Nothing is timed.
 */
class TimelineRereadEquivalenceTest {

    private static final List<Signature> CATALOGUE = BenchmarkSignatures.catalogue();

    @TempDir
    Path dir;

    private static LogScan scan(Path file, boolean reread, int threads, long segment) throws InterruptedException {
        ScanEngine engine = new ScanEngine(CATALOGUE, ZoneOffset.UTC, null, null, threads, UnaryOperator.identity(),
                Long.MAX_VALUE);
        engine.rereadingTimeline(reread);
        if (segment > 0) {
            engine.splitting(0, segment);
        }
        return engine.scanPaths(List.of(file));
    }

    static void assertIdentical(LogScan kept, LogScan reread, String what) {
        assertEquals(kept.bytesScanned(), reread.bytesScanned(), what + ": bytes");
        assertEquals(kept.linesScanned(), reread.linesScanned(), what + ": lines");
        assertEquals(kept.files(), reread.files(), what + ": files");
        assertEquals(kept.problems(), reread.problems(), what + ": problems");
        assertEquals(kept.signatures(), reread.signatures(), what + ": signatures");
        assertEquals(kept.timeline().size(), reread.timeline().size(), what + ": timeline events");
        for (int i = 0; i < kept.timeline().size(); i++) {
            assertEquals(kept.timeline().get(i), reread.timeline().get(i), what + ": timeline event " + i);
        }
        assertEquals(kept.sites(), reread.sites(), what + ": sites");
    }

    private static LogScan assertSameBothWays(Path file, String what) throws InterruptedException {
        LogScan kept = scan(file, false, 1, 0);
        assertIdentical(kept, scan(file, true, 1, 0), what);
        assertIdentical(scan(file, false, 2, 4096), scan(file, true, 2, 4096), what + " in segments of 4 KiB");
        return kept;
    }

    @Test
    void everyRealLogFixtureGivesTheSameTimelineReadAgainFromTheFile() throws Exception {
        List<Path> files = SplitScanEquivalenceTest.fixtures();
        assertTrue(files.size() > 40, "fixtures found: " + files);
        Path all = dir.resolve("all.log");
        long events = 0;
        try (OutputStream out = Files.newOutputStream(all)) {
            for (Path f : files) {
                events += assertSameBothWays(f, f.toString()).timeline().size();
                out.write(Files.readAllBytes(f));
                out.write('\n');
            }
        }
        assertTrue(events > 300, "the fixtures hold dated hits: " + events);
        assertSameBothWays(all, "all fixtures in one file");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 5})
    void denseGeneratedLogsGiveTheSameTimeline(double percent) throws Exception {
        Path file = dir.resolve("dense.log");
        NginxErrorLogGenerator.writeFile(file, 16 << 20, 14, NginxErrorLogGenerator.Params.dense(percent));
        LogScan kept = scan(file, false, 2, 0);
        assertTrue(kept.timeline().size() > 200, "timeline events: " + kept.timeline().size());
        if (percent >= 5) {
            assertEquals(LogScanner.MAX_TIMELINE, kept.timeline().size(), "a full timeline");
        }
        assertIdentical(kept, scan(file, true, 2, 0), percent + "%");
        assertIdentical(scan(file, false, 2, 1 << 20), scan(file, true, 2, 1 << 20), percent + "%, segments of 1 MiB");
    }

    @Test
    void hostileLinesGiveTheSameTimeline() throws Exception {
        Random random = new Random(1414);
        String[] bodies = {
            "FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function "
                    + "caf\u00e9() in /var/www/example.org/htdocs/wp-content/plugins/acme/acme.php:12\" while reading "
                    + "response header from upstream, client: 192.0.2.8, server: example.org, request: \"GET /\u00e9 "
                    + "HTTP/2.0\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"",
            "FastCGI sent in stderr: \"PHP message: PHP Warning:  x \uD83D\uDE00 in /var/www/a/wp-content/themes/north/"
                    + "x.php on line 3; PHP message: PHP Fatal error:  Allowed memory size of 268435456 bytes "
                    + "exhausted (tried to allocate 20480 bytes) in /var/www/a/wp-content/mu-plugins/cache.php on "
                    + "line 9\" while reading response header from upstream, client: 192.0.2.1, server: a.example, "
                    + "request: \"GET / HTTP/2.0\", host: \"a.example\"",
            "connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting"
                    + " to upstream, client: 192.0.2.7, server: example.org, request: \"GET / HTTP/1.1\", upstream: "
                    + "\"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"",
            "upstream timed out (110: Connection timed out) while reading response header from upstream, client: "
                    + "192.0.2.9, server: example.org, request: \"GET /b HTTP/1.1\", upstream: "
                    + "\"http://127.0.0.1:9000/b\", host: \"x\"",
            "no live upstreams while connecting to upstream, client: 192.0.2.10, server: \u0000example.org",
        };
        String[] others = {
            "#0 /var/www/example.org/htdocs/wp-content/plugins/acme/acme.php(12): acme_init()",
            "  thrown in /var/www/example.org/htdocs/wp-content/themes/twenty/functions.php on line 3",
            "[07-Dec-2026 06:25:03] WARNING: [pool www] child 4711 exited on signal 9 (SIGKILL) after 12.5 seconds",
            "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)",
            "2026-12-07T06:25:04.123456Z 0 [ERROR] [MY-012592] [InnoDB] Cannot allocate memory for the buffer pool",
            "",
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            // few distinct times: many events share one, so the order of equal times is compared too
            String head = String.format("2026/11/17 06:%02d:%02d [error] 1022#1022: *%d ", 25 + i / 4000,
                    random.nextInt(3), 41040 + i);
            byte[] eol = (random.nextInt(30) == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.US_ASCII);
            int r = random.nextInt(100);
            if (r < 50) {
                out.write(utf8(head + "nothing to see " + i));
            } else if (r < 80) {
                out.write(utf8(head + bodies[random.nextInt(bodies.length)]));
            } else if (r < 88) {
                out.write(utf8(others[random.nextInt(others.length)]));
            } else if (r < 92) {
                // invalid UTF-8 and NUL bytes inside a matching line
                out.write(utf8(head + "bad \u0000 bytes "));
                out.write(new byte[] {(byte) 0xff, (byte) 0xc3, 0x28, 0, (byte) 0xe2, (byte) 0x82});
                out.write(utf8(" " + bodies[random.nextInt(bodies.length)]));
            } else if (r < 97) {
                // longer than the text kept of a line
                out.write(utf8(head + "x".repeat(random.nextInt(9000)) + " " + bodies[random.nextInt(bodies.length)]
                        + " " + "y".repeat(random.nextInt(9000))));
            } else {
                // longer than the longest line read whole, the match far in
                out.write(utf8(head + "z".repeat(70_000 + random.nextInt(10_000)) + " "
                        + bodies[random.nextInt(bodies.length)]));
            }
            out.write(eol);
        }
        out.write(utf8("2026/11/17 07:00:00 [error] 1#1: *1 " + bodies[2])); // no final line break
        Path file = dir.resolve("hostile.log");
        Files.write(file, out.toByteArray());
        LogScan kept = assertSameBothWays(file, "hostile mix");
        assertEquals(LogScanner.MAX_TIMELINE, kept.timeline().size(), "a full timeline");
        List<String> texts = kept.timeline().stream().map(LogEvent::line).map(l -> l.text()).toList();
        assertTrue(texts.stream().anyMatch(t -> t.contains("caf\u00e9")), "a non-ASCII line in the timeline");
        assertTrue(texts.stream().anyMatch(t -> t.contains("\uFFFD")), "a line with NUL or invalid bytes");
        assertTrue(texts.stream().anyMatch(t -> t.contains("[... line cut at")), "a cut line in the timeline");
        assertIdentical(scan(file, false, 2, 1 << 20), scan(file, true, 2, 1 << 20), "hostile mix, 1 MiB segments");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
