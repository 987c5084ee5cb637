package org.gatewaydoctor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.internal.logs.scan.ScanEngine;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source searched with the whole catalogue whose lines are mostly nginx's error log (nginx lines mixed with
 * lines of no known format, such as PHP's stack traces) has its nginx lines searched for the literals of nginx's
 * signatures only and its other lines for every literal. Proven here against the plain whole-catalogue search
 * ({@link ScanEngine#splittingNginxLines}): everything found is identical (counts, times, samples with file and line
 * number, histograms, field values, timeline, sites, files, problems, lines and bytes), with the split forced on
 * every input: every real log fixture of the checks modules and the CLI's real-logs corpus (alone, and all in one
 * file), the dense generated logs of issue 14, and hostile mixes (nginx lines longer than the kept text and than the
 * longest line read, carriage returns, no final line break, empty lines, NUL bytes, literals of other formats'
 * signatures inside nginx lines, thousands of lines between candidates, so that the line index is refilled inside
 * buffers). Nothing is timed.
 */
class NginxLineSearchEquivalenceTest {

    private static final List<Signature> CATALOGUE = BenchmarkSignatures.catalogue();
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..");

    @TempDir
    Path dir;

    private static LogScan scan(Path file, boolean split, int threads, long segment) throws InterruptedException {
        ScanEngine engine = new ScanEngine(CATALOGUE, ZoneOffset.UTC, null, null, threads, UnaryOperator.identity(),
                Long.MAX_VALUE);
        engine.splittingNginxLines(split);
        if (segment > 0) {
            engine.splitting(0, segment);
        }
        return engine.scanPaths(List.of(file));
    }

    private static void assertIdentical(LogScan plain, LogScan split, String what) {
        assertEquals(plain.bytesScanned(), split.bytesScanned(), what + ": bytes");
        assertEquals(plain.linesScanned(), split.linesScanned(), what + ": lines");
        assertEquals(plain.files(), split.files(), what + ": files");
        assertEquals(plain.problems(), split.problems(), what + ": problems");
        assertEquals(plain.signatures().size(), split.signatures().size(), what + ": signatures found");
        for (int i = 0; i < plain.signatures().size(); i++) {
            assertEquals(plain.signatures().get(i), split.signatures().get(i), what + ": " + plain.signatures().get(i).id());
        }
        assertEquals(plain.timeline(), split.timeline(), what + ": timeline");
        assertEquals(plain.sites(), split.sites(), what + ": sites");
    }

    private static void assertSameBothWays(Path file, String what) throws InterruptedException {
        LogScan plain = scan(file, false, 1, 0);
        assertIdentical(plain, scan(file, true, 1, 0), what);
        assertIdentical(scan(file, false, 2, 4096), scan(file, true, 2, 4096), what + " in segments of 4 KiB");
    }

    @Test
    void everyRealLogFixtureFindsTheSameWithNginxLinesSearchedForTheirOwnLiterals() throws Exception {
        List<Path> files = SplitScanEquivalenceTest.fixtures();
        assertTrue(files.size() > 40, "fixtures found: " + files);
        Path all = dir.resolve("all.log");
        long hits = 0;
        try (OutputStream out = Files.newOutputStream(all)) {
            for (Path f : files) {
                assertSameBothWays(f, f.toString());
                hits += scan(f, false, 1, 0).signatures().stream().mapToLong(h -> h.count()).sum();
                out.write(Files.readAllBytes(f));
                out.write('\n');
            }
        }
        assertTrue(hits > 300, "the fixtures hold signature hits: " + hits);
        assertSameBothWays(all, "all fixtures in one file");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 2, 5})
    void denseGeneratedLogsFindTheSame(double percent) throws Exception {
        Path file = dir.resolve("dense.log");
        NginxErrorLogGenerator.writeFile(file, 6 << 20, 14, NginxErrorLogGenerator.Params.dense(percent));
        LogScan plain = scan(file, false, 1, 0);
        assertTrue(plain.signatures().stream().mapToLong(h -> h.count()).sum() > 100, "hits in the dense log");
        assertIdentical(plain, scan(file, true, 1, 0), percent + "%");
        // as users get it: split by default where the file's first lines are mostly nginx's
        ScanEngine auto = new ScanEngine(CATALOGUE, ZoneOffset.UTC, null, null, 2, UnaryOperator.identity(),
                Long.MAX_VALUE);
        assertIdentical(plain, auto.scanPaths(List.of(file)), percent + "%, as the first lines decide");
    }

    @Test
    void hostileMixesOfNginxAndOtherLinesFindTheSame() throws Exception {
        Random random = new Random(14);
        String nginx = "2026/11/17 06:25:02 [error] 1022#1022: *41040 ";
        String[] bodies = {
            "connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting"
                    + " to upstream, client: 192.0.2.7, server: example.org, request: \"GET / HTTP/1.1\", upstream: "
                    + "\"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"",
            "FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function x() in "
                    + "/var/www/example.org/htdocs/wp-content/plugins/acme/acme.php:12\" while reading response header "
                    + "from upstream, client: 192.0.2.8, server: example.org, request: \"GET /a HTTP/2.0\", upstream: "
                    + "\"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"",
            // literals of other formats' signatures inside an nginx line, before and after nginx's own
            "[0x00007f] curl_exec() /var/www/html/wp-content/plugins/slow/slow.php:45 upstream timed out (110: "
                    + "Connection timed out) while reading response header from upstream, client: 192.0.2.9, server: "
                    + "example.org, request: \"GET /b HTTP/1.1\", upstream: \"http://127.0.0.1:9000/b\", host: \"x\"",
            "upstream prematurely closed connection while reading response header from upstream /wp-content/themes/t/"
                    + " - - SC-- WARNING: [pool www] child 12 exited on signal 9 (SIGKILL) after 1.0 seconds from start",
            "no live upstreams while connecting to upstream, client: 192.0.2.10, server: example.org",
        };
        String[] others = {
            "#0 /var/www/example.org/htdocs/wp-content/plugins/acme/acme.php(12): acme_init()",
            "  thrown in /var/www/example.org/htdocs/wp-content/themes/twenty/functions.php on line 3",
            "[07-Dec-2026 06:25:03] WARNING: [pool www] child 4711 exited on signal 9 (SIGKILL) after 12.5 seconds",
            "[0x00007f2a3c] curl_exec() /var/www/html/wp-content/plugins/slow/slow.php:45",
            "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)",
            "2026-12-07T06:25:04.123456Z 0 [ERROR] [MY-012592] [InnoDB] Cannot allocate memory for the buffer pool",
            "",
            "\u0000\u0000 binary junk \u0000 upstream timed out (",
        };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            int r = random.nextInt(100);
            String eol = random.nextInt(40) == 0 ? "\r\n" : "\n";
            if (r < 55) {
                sb.append(nginx).append("no candidate here, just a notice number ").append(i).append(eol);
            } else if (r < 80) {
                sb.append(nginx).append(bodies[random.nextInt(bodies.length)]).append(eol);
            } else if (r < 95) {
                sb.append(others[random.nextInt(others.length)]).append(eol);
            } else if (r < 98) {
                // an nginx line longer than the text kept of a line: a literal of another format first
                sb.append(nginx).append("x".repeat(random.nextInt(9000))).append(" /wp-content/plugins/p/ ")
                        .append("y".repeat(8200)).append(bodies[random.nextInt(bodies.length)]).append(eol);
            } else {
                // longer than the longest line read whole
                sb.append(nginx).append("z".repeat(70_000 + random.nextInt(10_000))).append(" ")
                        .append(bodies[random.nextInt(bodies.length)]).append(eol);
            }
        }
        sb.append(nginx).append(bodies[0]); // no final line break
        Path file = dir.resolve("hostile.log");
        Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        LogScan plain = scan(file, false, 1, 0);
        assertTrue(plain.signatures().stream().mapToLong(h -> h.count()).sum() > 1000, "hits in the mix");
        assertIdentical(plain, scan(file, true, 1, 0), "hostile mix");
        assertIdentical(scan(file, false, 2, 1 << 20), scan(file, true, 2, 1 << 20), "hostile mix in segments of 1 MiB");
    }
}
