package org.gatewaydoctor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.util.HexFormat;
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
 * The generator's dense mix (issue 14): the density, sites, multi-message share and line length it is
 * asked for, nginx's layout on every record, and the scanner finding exactly what the line-by-line
 * reference (per-signature regular expressions over {@code readLine}) finds, fields included. The
 * original mix is unchanged byte for byte, so earlier measurements stay comparable. Nothing is timed.
 */
class DenseLogGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void theOriginalMixIsUnchangedByteForByte() throws Exception {
        Path file = dir.resolve("orig.log");
        NginxErrorLogGenerator.writeFile(file, 4 << 20, NginxErrorLogGenerator.DEFAULT_SEED);
        // sha-256 of the same 4 MiB written by the generator before the dense mix was added (commit 81b8f37)
        assertEquals("54f28db1f258b3158b28fbfadf119af5cd5dedc7422ff41ece0e48e08eadc4d0",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 2, 5})
    void theScannerFindsWhatTheLineByLineReferenceFindsAtEachDensity(double percent) throws Exception {
        Path file = dir.resolve("dense.log");
        NginxErrorLogGenerator.writeFile(file, 2 << 20, 14, NginxErrorLogGenerator.Params.dense(percent));
        List<Signature> catalogue = BenchmarkSignatures.catalogue();
        for (int parallelism : new int[] {1, 2}) {
            LogScan scan = LogScanner.builder().catalog(SignatureCatalog.of(catalogue)).zone(ZoneOffset.UTC)
                    .parallelism(parallelism).build().scanPaths(List.of(file));
            RegexBaseline.Result ref = new RegexBaseline(RegexBaseline.Mode.PER_SIGNATURE, catalogue).scan(file);
            Map<String, Long> engine = new LinkedHashMap<>();
            for (SignatureHits h : scan.signatures()) {
                engine.put(h.id(), h.count());
                assertEquals(ref.fields(catalogue.indexOf(h.signature())), h.fields(), h.id() + " fields");
            }
            Map<String, Long> expected = new LinkedHashMap<>();
            long[] counts = ref.counts();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    expected.put(catalogue.get(i).id(), counts[i]);
                }
            }
            assertEquals(expected, engine, "parallelism " + parallelism);
            assertEquals(ref.lines(), scan.linesScanned());
            // the density asked for: hits per generated record (continuation lines of traces are not records)
            long records = countRecords(file);
            // failure lines only: context signatures (a reload is a change on the timeline, no cause) match the
            // generator's [notice] noise as they should
            long hits = scan.signatures().stream().filter(h -> !h.signature().causes().isEmpty())
                    .mapToLong(SignatureHits::count).sum();
            double measured = 100.0 * hits / records;
            assertTrue(measured > percent * 0.8 && measured < percent * 1.2, "density " + measured + "% for " + percent + ": " + engine);
        }
    }

    @Test
    void denseLinesSpreadOverSitesCarrySeveralPhpMessagesAndAverageTheAskedLength() throws Exception {
        Path file = dir.resolve("mix.log");
        NginxErrorLogGenerator.writeFile(file, 4 << 20, 3, NginxErrorLogGenerator.Params.dense(2));
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        Pattern head = Pattern.compile("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} \\[(error|warn|crit|notice)] "
                + "\\d+#\\d+: .*");
        Pattern continuation = Pattern.compile("Stack trace:|#\\d+ .*|  thrown in /var/www/.*");
        long fastcgi = 0;
        long multi = 0;
        java.util.Set<String> servers = new java.util.HashSet<>();
        Pattern server = Pattern.compile(", server: ([^,]+),");
        for (String line : lines) {
            assertTrue(head.matcher(line).matches() || continuation.matcher(line).matches(), line);
            assertTrue(line.length() < NginxErrorLogGenerator.MAX_LINE, "nginx cuts at 2048 bytes: " + line.length());
            if (line.contains("FastCGI sent in stderr: \"PHP message: ")) {
                fastcgi++;
                if (line.contains("; PHP message: ")) {
                    multi++;
                }
            }
            java.util.regex.Matcher m = server.matcher(line);
            if (m.find()) {
                servers.add(m.group(1));
            }
        }
        assertEquals(40, servers.stream().filter(s -> s.startsWith("example.") || s.contains(".example.")).count());
        double share = (double) multi / fastcgi;
        assertTrue(share > 0.28 && share < 0.38, "multi-message share " + share);
        double mean = (double) Files.size(file) / countRecords(file);
        assertTrue(mean > 330 && mean < 380, "mean record length " + mean);
    }

    @Test
    void invalidParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NginxErrorLogGenerator.Params(-1, 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NginxErrorLogGenerator.Params(50, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NginxErrorLogGenerator.Params(50, 1, 0, 1.5, 0));
    }

    private static long countRecords(Path file) throws Exception {
        try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            return lines.filter(l -> !l.isEmpty() && Character.isDigit(l.charAt(0))).count();
        }
    }
}
