package org.gatewaydoctor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.gatewaydoctor.internal.logs.scan.ScanEngine;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A big file is scanned in segments cut at line starts, on both cores, each segment's findings merged in file
 * order. Proven here: (1) the split does not depend on the number of threads, so one, two and three threads find
 * exactly the same (every count, first and last time, sample line with its file and line number, histogram,
 * field value, timeline event, site, file format and problem); (2) a split scan finds what a scan of the whole
 * file in one piece finds: the same counts, times, samples with line numbers, histograms, timeline and sites, and
 * the same field values wherever a field has at most {@link LogScanner#MAX_FIELD_VALUES} distinct values (beyond
 * that, which values are named and which counted as "(other)" is decided per segment). Production splits files
 * above 32 MiB into segments of 32 MiB; here the same code cuts small files into segments of a few hundred bytes
 * to a MiB, so that boundaries fall everywhere: inside PHP stack traces, wrapped and continued records, between a
 * record and its undated lines. Inputs: every real log fixture of the checks modules (captured from the real
 * servers or posted publicly, see their provenance files), each alone and all of them in one file, the
 * real-logs corpus of the CLI's tests, and the dense generated logs of issue 14. Nothing is timed.
 */
class SplitScanEquivalenceTest {

    private static final List<Signature> CATALOGUE = BenchmarkSignatures.catalogue();
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..");
    /** No split: the whole file in one piece. */
    private static final long WHOLE = -1;

    @TempDir
    Path dir;

    private static LogScan scan(Path file, int parallelism, long segment) throws InterruptedException {
        ScanEngine engine = new ScanEngine(CATALOGUE, ZoneOffset.UTC, null, null, parallelism, UnaryOperator.identity(),
                Long.MAX_VALUE);
        engine.splitting(segment == WHOLE ? Long.MAX_VALUE : 0, segment == WHOLE ? 1 : segment);
        return engine.scanPaths(List.of(file));
    }

    private static Map<String, Long> counts(LogScan scan) {
        Map<String, Long> out = new LinkedHashMap<>();
        scan.signatures().forEach(h -> out.put(h.id(), h.count()));
        return out;
    }

    private static String difference(Map<String, Long> a, Map<String, Long> b) {
        Map<String, String> out = new java.util.TreeMap<>();
        a.forEach((k, v) -> {
            if (!v.equals(b.get(k))) {
                out.put(k, v + " -> " + b.get(k));
            }
        });
        b.forEach((k, v) -> {
            if (!a.containsKey(k)) {
                out.put(k, "null -> " + v);
            }
        });
        return out.toString();
    }

    /** (1): everything but the time taken. */
    private static void assertIdentical(LogScan a, LogScan b, String what) {
        assertSameFindings(a, b, what, true);
        assertEquals(a.files(), b.files(), what + ": files");
        for (int i = 0; i < a.signatures().size(); i++) {
            assertEquals(a.signatures().get(i), b.signatures().get(i), what + ": " + a.signatures().get(i).id());
        }
    }

    /** (2), or with {@code allFields} (1)'s field values. */
    private static void assertSameFindings(LogScan whole, LogScan split, String what, boolean allFields) {
        assertEquals(whole.bytesScanned(), split.bytesScanned(), what + ": bytes");
        assertEquals(whole.linesScanned(), split.linesScanned(), what + ": lines");
        assertEquals(whole.problems(), split.problems(), what + ": problems");
        assertEquals(whole.files().size(), split.files().size(), what + ": files");
        for (int i = 0; i < whole.files().size(); i++) {
            ScannedFile a = whole.files().get(i);
            ScannedFile b = split.files().get(i);
            assertEquals(List.of(a.path(), a.bytes(), a.lines(), a.complete(), a.problems()),
                    List.of(b.path(), b.bytes(), b.lines(), b.complete(), b.problems()), what + ": file");
        }
        assertEquals(counts(whole), counts(split), what + ": counts differ in " + difference(counts(whole), counts(split)));
        for (int i = 0; i < whole.signatures().size(); i++) {
            SignatureHits a = whole.signatures().get(i);
            SignatureHits b = split.signatures().get(i);
            assertEquals(a.firstSeen() + " " + a.lastSeen(), b.firstSeen() + " " + b.lastSeen(), what + ": " + a.id() + " times");
            assertEquals(a.samples(), b.samples(), what + ": " + a.id() + " samples");
            assertEquals(a.perMinute(), b.perMinute(), what + ": " + a.id() + " per minute");
            assertEquals(a.fields().keySet(), b.fields().keySet(), what + ": " + a.id() + " fields");
            for (String f : a.fields().keySet()) {
                if (allFields || !a.fields().get(f).containsKey("(other)")) {
                    assertEquals(a.fields().get(f), b.fields().get(f), what + ": " + a.id() + " field " + f);
                }
            }
        }
        assertEquals(whole.timeline(), split.timeline(), what + ": timeline");
        assertEquals(whole.sites(), split.sites(), what + ": sites");
    }

    /** Every real log fixture of checks-http, checks-phpfpm and checks-wordpress, then the CLI's real-logs corpus. */
    static List<Path> fixtures() throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (String module : List.of("checks-http", "checks-phpfpm", "checks-wordpress")) {
            Path base = ROOT.resolve(module).resolve("src/test/resources/fixtures");
            try (Stream<Path> walk = Files.walk(base)) {
                walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
                        .sorted().forEach(out::add);
            }
        }
        out.add(ROOT.resolve("cli/src/test/resources/reallogs/corpus.txt"));
        return out;
    }

    @Test
    void eachRealLogFixtureFindsTheSameWithOneTwoOrThreeThreads() throws Exception {
        List<Path> files = fixtures();
        assertTrue(files.size() > 40, "fixtures found: " + files);
        int split = 0;
        for (Path f : files) {
            for (long segment : new long[] {512, 4096}) {
                LogScan one = scan(f, 1, segment);
                assertIdentical(one, scan(f, 2, segment), f + " in segments of " + segment + " bytes, 2 threads");
                assertIdentical(one, scan(f, 3, segment), f + " in segments of " + segment + " bytes, 3 threads");
            }
            split += Files.size(f) > 1024 ? 1 : 0;
        }
        assertTrue(split > 20, "files long enough to be cut into several segments: " + split);
    }

    /**
     * All fixtures in one file, followed by 5 MiB of the generator's original mix: like every file production
     * splits, larger than the first 4 MiB buffer, so the whole-file scan does not join wrapped lines of a small
     * paste either (which only a source read whole in one buffer gets).
     */
    @Test
    void allRealLogFixturesInOneBigFileFindTheSameWithOneOrTwoThreadsAndAsAWhole() throws Exception {
        Path all = dir.resolve("all.log");
        try (OutputStream out = Files.newOutputStream(all)) {
            for (Path f : fixtures()) {
                byte[] b = Files.readAllBytes(f);
                out.write(b);
                if (b.length > 0 && b[b.length - 1] != '\n') {
                    out.write('\n');
                }
            }
        }
        Path tail = dir.resolve("tail.log");
        NginxErrorLogGenerator.writeFile(tail, 5 << 20, NginxErrorLogGenerator.DEFAULT_SEED);
        try (OutputStream out = Files.newOutputStream(all, java.nio.file.StandardOpenOption.APPEND)) {
            Files.copy(tail, out);
        }
        LogScan whole = scan(all, 1, WHOLE);
        assertTrue(whole.signatures().size() > 30, "signatures matched: " + whole.signatures().size());
        for (long segment : new long[] {1000, 8192, 65536, 1 << 20}) {
            LogScan one = scan(all, 1, segment);
            assertSameFindings(whole, one, "all fixtures in segments of " + segment + " bytes", false);
            assertIdentical(one, scan(all, 2, segment), "all fixtures in segments of " + segment + " bytes, 2 threads");
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 2, 5})
    void aDenseGeneratedLogFindsTheSameWithOneOrTwoThreadsAndAsAWhole(double percent) throws Exception {
        Path file = dir.resolve("dense.log");
        NginxErrorLogGenerator.writeFile(file, 5 << 20, 21, NginxErrorLogGenerator.Params.dense(percent));
        LogScan whole = scan(file, 1, WHOLE);
        assertTrue(whole.signatures().stream().mapToLong(h -> h.count()).sum() > 20, "hits: " + counts(whole));
        for (long segment : new long[] {100_000, 1 << 20}) {
            LogScan one = scan(file, 1, segment);
            assertSameFindings(whole, one, percent + "% in segments of " + segment + " bytes", false);
            assertIdentical(one, scan(file, 2, segment), percent + "% in segments of " + segment + " bytes, 2 threads");
        }
    }
}
