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
import org.gatewaydoctor.internal.logs.scan.FrameLines;
import org.gatewaydoctor.internal.logs.scan.ScanEngine;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PHP stack-trace lines whose only literals are those of PHP-FPM's slowlog frames are handled on their raw bytes
 * ({@link FrameLines}): proven here against the full path ({@link ScanEngine#settingFrameLinesAside}{@code (false)}):
 * everything found is identical (counts, samples, field values, timeline, sites, files, problems) on every real log
 * fixture and the CLI's real-logs corpus (alone and in one file), and on mixes of real-shaped stack traces with
 * lines mutated by every byte the shapes exclude, wrappers (JSON, compose, kubectl, indentation, code quotes, ANSI
 * colours), slowlog records whose frames do match, a slow query log whose statements look like stack lines, and a
 * record clock carried over more than 256 KiB of stack lines. Each case also checks that lines were set aside, so
 * the comparison is not vacuous. Nothing is timed.
 */
class FrameLinesEquivalenceTest {

    private static final List<Signature> CATALOGUE = BenchmarkSignatures.catalogue();

    @TempDir
    Path dir;

    private record Both(LogScan full, LogScan aside, long setAside) {
    }

    private static Both scanBoth(Path file, int threads, long segment) throws InterruptedException {
        ScanEngine full = engine(threads, segment).settingFrameLinesAside(false);
        ScanEngine aside = engine(threads, segment);
        LogScan a = full.scanPaths(List.of(file));
        LogScan b = aside.scanPaths(List.of(file));
        assertEquals(0, full.frameLinesSetAside(), "the full path sets nothing aside");
        return new Both(a, b, aside.frameLinesSetAside());
    }

    private static ScanEngine engine(int threads, long segment) {
        ScanEngine engine = new ScanEngine(CATALOGUE, ZoneOffset.UTC, null, null, threads, UnaryOperator.identity(),
                Long.MAX_VALUE);
        if (segment > 0) {
            engine.splitting(0, segment);
        }
        return engine;
    }

    /** Scans {@code file} both ways (one thread; two threads in segments of 4 KiB): identical; lines set aside. */
    private static Both assertSame(Path file, String what) throws InterruptedException {
        Both one = scanBoth(file, 1, 0);
        TimelineRereadEquivalenceTest.assertIdentical(one.full(), one.aside(), what);
        Both two = scanBoth(file, 2, 4096);
        TimelineRereadEquivalenceTest.assertIdentical(two.full(), two.aside(), what + " in segments of 4 KiB");
        return one;
    }

    @Test
    void theCataloguesSlowlogFramesAreTheSignaturesWhoseLinesMayBeSetAside() {
        List<String> frames = CATALOGUE.stream().filter(FrameLines::opensFrame).map(Signature::id).sorted().toList();
        assertEquals(List.of("phpfpm.slowlog-mu-plugin-frame", "phpfpm.slowlog-plugin-frame",
                "phpfpm.slowlog-theme-frame"), frames);
    }

    @Test
    void everyRealLogFixtureFindsTheSameWithStackLinesSetAside() throws Exception {
        List<Path> files = SplitScanEquivalenceTest.fixtures();
        assertTrue(files.size() > 40, "fixtures found: " + files);
        Path all = dir.resolve("all.log");
        try (OutputStream out = Files.newOutputStream(all)) {
            for (Path f : files) {
                assertSame(f, f.toString());
                out.write(Files.readAllBytes(f));
                out.write('\n');
            }
        }
        Both both = assertSame(all, "all fixtures in one file");
        assertTrue(both.setAside() > 0, "stack lines of the fixtures set aside: " + both.setAside());
    }

    /** Real-shaped relayed PHP errors with their stack traces (as issue 14's real nginx + PHP-FPM logs hold them). */
    private static String relayed(Random random, int i, String site, String plugin) {
        String time = String.format("2026/12/07 17:%02d:%02d", 10 + i / 6000 % 50, i / 100 % 60);
        String path = "/tmp/gd-real-logs.igMovX/www/" + site + "/wp-content/plugins/" + plugin + "/includes/class-loader.php";
        return time + " [error] 26306#26306: *" + (1000 + i) + " FastCGI sent in stderr: \"PHP message: PHP Fatal error:  "
                + "Uncaught Error: Call to undefined function gd_missing() in " + path + ":8\nStack trace:\n#0 " + path
                + "(5): Gd_Loader->register_hooks()\n#1 {main}\n  thrown in " + path + " on line 8\" while reading response"
                + " header from upstream, client: 198.51.100." + random.nextInt(250) + ", server: " + site
                + ", request: \"GET /index.php?e=undef&p=0&w=0 HTTP/1.1\", upstream: \"fastcgi://unix:/tmp/gd-real-logs"
                + ".igMovX/run/www.sock:\", host: \"" + site + "\"\n";
    }

    /** A stack line mutated: a byte the shapes exclude, a wrapper, or a frame that does match. */
    private static String mutated(Random random, String line) {
        int at = 1 + random.nextInt(line.length() - 1);
        String[] inserts = {"[", "[0x00007f3b5c814000] f() /x.php:1", "`", "\\", "\u001b[0m", "\t", "\r", "\u0000",
            "\u00e9", "\u2026", "$", "\\u005b0x"};
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> line.substring(0, at) + inserts[random.nextInt(inserts.length)] + line.substring(at);
            case 3 -> line + "$";
            case 4 -> "{\"log\":\"" + line.replace("\\", "\\\\").replace("\"", "\\\"") + "\\n\",\"stream\":\"stderr\","
                    + "\"time\":\"2026-12-07T17:10:0" + random.nextInt(10) + ".5Z\"}";
            case 5 -> "web_1  | " + line;
            case 6 -> "2026-12-07T17:10:04.123456789Z stderr F " + line;
            case 7 -> "`" + line + "`";
            case 8 -> "\u001b[36m" + line + "\u001b[0m";
            case 9 -> "> " + line;
            case 10 -> "[0x00007f4829413170] sleep() /var/www/wp-content/plugins/acme/a.php:" + random.nextInt(99);
            default -> "[36;1m[0m" + line;
        };
    }

    @Test
    void realShapedStackTracesAndMutationsFindTheSame() throws Exception {
        Random random = new Random(2026);
        String[] plugins = {"woocommerce", "redirection", "classic-editor", "elementor", "acme-slider"};
        byte[] slowlog = Files.readAllBytes(SplitScanEquivalenceTest.fixtures().stream()
                .filter(p -> p.getFileName().toString().equals("www-slow.log")).findFirst().orElseThrow());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 12_000; i++) {
            String site = "site" + (10 + random.nextInt(40)) + ".example";
            String plugin = plugins[random.nextInt(plugins.length)];
            int r = random.nextInt(100);
            if (r < 60) {
                out.write(utf8(relayed(random, i, site, plugin)));
            } else if (r < 85) {
                String[] lines = relayed(random, i, site, plugin).split("\n");
                for (String line : lines) {
                    out.write(utf8((line.startsWith("#") || line.startsWith(" ") ? mutated(random, line) : line) + "\n"));
                }
            } else if (r < 90) {
                out.write(slowlog);
            } else if (r < 95) {
                out.write(utf8("#" + random.nextInt(9) + " /var/www/" + site + "/wp-content/themes/north/functions.php("
                        + random.nextInt(99) + "): require_once('/var/www/" + site + "/wp-content/mu-plugins/cache.php')"
                        + (random.nextBoolean() ? "\r\n" : "\n")));
            } else {
                out.write(utf8("2026/12/07 17:20:00 [error] 26306#26306: *1 upstream timed out (110: Connection timed out)"
                        + " while reading response header from upstream, client: 192.0.2.1, server: " + site + ", request:"
                        + " \"GET / HTTP/1.1\", upstream: \"fastcgi://unix:/run/php.sock\", host: \"" + site + "\"\n"));
            }
        }
        out.write(utf8("  thrown in /var/www/wp-content/plugins/acme/a.php on line 8")); // no final line break
        Path file = dir.resolve("stack.log");
        Files.write(file, out.toByteArray());
        Both both = assertSame(file, "stack traces and mutations");
        assertTrue(both.setAside() > 10_000, "stack lines set aside: " + both.setAside());
        assertTrue(both.full().signatures().stream().anyMatch(h -> h.signature().id().equals("phpfpm.slowlog-plugin-frame")),
                "the slowlog frames among them match: " + both.full().signatures());
    }

    /**
     * A stack line set aside still tells the record clock where it searched last, as the full path does: a line
     * after more than 256 KiB of stack lines takes the time of the record they belong to only through them.
     */
    @Test
    void theRecordClockCarriesTheTimeOverStackLinesSetAside() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // unknown lines first: the whole catalogue is searched (slowlog frames' literals too)
        for (int i = 0; i < 40; i++) {
            out.write(utf8("#" + i + " /var/www/wp-content/plugins/acme/a.php(5): f()\n"));
        }
        out.write(utf8("2026/12/07 17:10:00 [error] 1#1: *1 FastCGI sent in stderr: \"PHP message: PHP Fatal error:  "
                + "Uncaught Error: x in /var/www/wp-content/plugins/acme/a.php:3\nStack trace:\n"));
        for (int i = 0; i < 3_000; i++) {
            out.write(utf8("#" + i + " /var/www/example.org/htdocs/wp-content/plugins/acme/includes/class-acme-"
                    + i + ".php(5): Acme_Loader->register()\n"));
        }
        out.write(utf8("NOTICE: PHP message: PHP Fatal error:  Uncaught Error: y in /var/www/wp-content/plugins/acme/b.php:4\n"));
        Path file = dir.resolve("clock.log");
        Files.write(file, out.toByteArray());
        assertTrue(Files.size(file) > 300 << 10, "stack lines beyond the clock's look-back: " + Files.size(file));
        Both both = assertSame(file, "a record clock carried over stack lines");
        assertTrue(both.setAside() >= 3_000, "stack lines set aside: " + both.setAside());
        List<LogEvent> fatal = both.full().timeline().stream()
                .filter(e -> e.line().text().startsWith("NOTICE: PHP message")).toList();
        assertTrue(!fatal.isEmpty() && fatal.stream().allMatch(e -> e.at().toString().equals("2026-12-07T17:10:00Z")),
                "the undated line is dated by its record: " + both.full().timeline());
    }

    /**
     * In a slow query log a statement's lines are data of their entry: the full path drops such a line before it
     * dates it, and so does a stack line set aside. Statement lines that look like stack lines (64 of 5 KiB each),
     * then a PHP error: it is more than 256 KiB below its entry's time and is dated only if the statement lines
     * were dated one after the other (they must not be).
     */
    @Test
    void statementLinesOfASlowQueryLogAreDroppedBeforeBeingDated() throws Exception {
        byte[] slow = Files.readAllBytes(SplitScanEquivalenceTest.fixtures().stream()
                .filter(p -> p.getFileName().toString().equals("mariadb-slow.log")).findFirst().orElseThrow());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(slow);
        for (int e = 0; e < 3; e++) {
            out.write(utf8("# Time: 261207 17:1" + e + ":00\n# User@Host: wp[wp] @ localhost []\n# Query_time: 12.5  "
                    + "Lock_time: 0.0  Rows_sent: 1  Rows_examined: 9\nSET timestamp=179" + e + "000000;\n"));
            for (int i = 0; i < 64; i++) {
                out.write(utf8("#" + i + " /var/www/wp-content/plugins/acme/a.php(5): f('" + "x".repeat(5_000) + "')\n"));
            }
            out.write(utf8("NOTICE: PHP message: PHP Fatal error:  Uncaught Error: y in /var/www/wp-content/plugins/acme/"
                    + "b.php:4\n"));
        }
        Path file = dir.resolve("slow.log");
        Files.write(file, out.toByteArray());
        Both both = assertSame(file, "statement lines of a slow query log");
        assertTrue(both.setAside() > 0, "stack-like statement lines set aside: " + both.setAside());
        assertTrue(both.full().signatures().stream().anyMatch(h -> h.signature().id().equals("phpfpm.php-fatal")),
                "the PHP errors after the statements match: " + both.full().signatures());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
