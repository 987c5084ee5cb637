package org.gatewaydoctor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three implementations the benchmark compares do the same work: on a generated log they find
 * the same lines for every signature, extract the same field values and read the same lines. Nothing
 * here is timed.
 */
class BaselineEquivalenceTest {

    @TempDir
    static Path dir;

    static Path log;

    static Path log() throws Exception {
        if (log == null) {
            log = dir.resolve("error.log");
            NginxErrorLogGenerator.writeFile(log, 1 << 20, NginxErrorLogGenerator.DEFAULT_SEED);
        }
        return log;
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 1000})
    void allThreeImplementationsCountTheSameLinesPerSignature(int size) throws Exception {
        Path file = log();
        List<Signature> set = BenchmarkSignatures.set(size);
        assertEquals(size, set.size());

        LogScan scan = LogScanner.builder().catalog(SignatureCatalog.of(set)).zone(ZoneOffset.UTC).parallelism(1)
                .build().scanPaths(List.of(file));
        Map<String, Long> engine = new LinkedHashMap<>();
        for (SignatureHits h : scan.signatures()) {
            engine.put(h.id(), h.count());
        }
        RegexBaseline.Result a = new RegexBaseline(RegexBaseline.Mode.BIG_ALTERNATION, set).scan(file);
        RegexBaseline.Result b = new RegexBaseline(RegexBaseline.Mode.PER_SIGNATURE, set).scan(file);

        assertEquals(byId(set, a.counts()), engine, "gatewaydoctor vs (a) big alternation");
        assertEquals(byId(set, b.counts()), engine, "gatewaydoctor vs (b) per-signature patterns");
        assertEquals(Files.size(file), scan.bytesScanned());
        assertEquals(Files.size(file), a.bytes());
        assertEquals(scan.linesScanned(), a.lines());
        assertEquals(scan.linesScanned(), b.lines());
        // ~0.5% of the lines are signature lines, and every set finds them
        long hits = engine.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(hits > scan.linesScanned() / 1000 && hits < scan.linesScanned() / 50, "hits: " + hits);
        // the same field values (groups of the patterns, plugin/theme from paths) for every signature
        for (SignatureHits h : scan.signatures()) {
            int i = set.indexOf(h.signature());
            assertEquals(a.fields(i), h.fields(), h.id() + " fields, (a)");
            assertEquals(b.fields(i), h.fields(), h.id() + " fields, (b)");
        }
    }

    @Test
    void syntheticSignaturesHaveRealisticLengthsAndNeverMatchTheGeneratedLog() throws Exception {
        Path file = dir.resolve("bigger.log");
        NginxErrorLogGenerator.writeFile(file, 8 << 20, NginxErrorLogGenerator.DEFAULT_SEED);
        List<Signature> set = BenchmarkSignatures.set(1000);
        LogScan scan = LogScanner.builder().catalog(SignatureCatalog.of(set)).zone(ZoneOffset.UTC).build()
                .scanPaths(List.of(file));
        assertEquals(List.of(), scan.signatures().stream().map(SignatureHits::id)
                .filter(id -> id.startsWith("synthetic.")).toList());
        for (Signature s : set.subList(BenchmarkSignatures.catalogue().size(), set.size())) {
            assertTrue(s.literal().length() >= 12 && s.literal().length() <= 40, s.literal());
        }
        assertEquals(set.subList(0, 100).stream().map(Signature::literal).toList(),
                BenchmarkSignatures.set(100).stream().map(Signature::literal).toList(), "the sets grow by appending");
    }

    @Test
    void theGeneratorIsDeterministicAndSmallerFilesArePrefixes() throws Exception {
        Path small = dir.resolve("small.log");
        Path large = dir.resolve("large.log");
        NginxErrorLogGenerator.writeFile(small, 100_000, 7);
        NginxErrorLogGenerator.writeFile(large, 300_000, 7);
        byte[] s = Files.readAllBytes(small);
        byte[] l = Files.readAllBytes(large);
        assertTrue(s.length > 99_000 && s.length <= 100_000 && s[s.length - 1] == '\n');
        assertEquals(new String(s, StandardCharsets.US_ASCII), new String(l, 0, s.length, StandardCharsets.US_ASCII));
        NginxErrorLogGenerator.writeFile(small, 100_000, 8);
        assertNotEquals(new String(s, StandardCharsets.US_ASCII), Files.readString(small, StandardCharsets.US_ASCII));
    }

    @Test
    void linesHaveNginxErrorLogLayoutAndMonotonicClocks() {
        NginxErrorLogGenerator g = new NginxErrorLogGenerator(NginxErrorLogGenerator.DEFAULT_SEED);
        Pattern layout = Pattern.compile("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} \\[(error|warn|crit|notice)] "
                + "\\d+#\\d+: (\\*\\d+ .*, client: [0-9a-f.:]+, server: \\S+.*|[a-z].*)\n");
        String previous = "";
        for (int i = 0; i < 20_000; i++) {
            String line = g.nextLineString();
            assertTrue(layout.matcher(line).matches(), line);
            String stamp = line.substring(0, 19);
            assertTrue(stamp.compareTo(previous) >= 0, stamp + " after " + previous);
            previous = stamp;
        }
    }

    private static Map<String, Long> byId(List<Signature> set, long[] counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.put(set.get(i).id(), counts[i]);
            }
        }
        return out;
    }
}
