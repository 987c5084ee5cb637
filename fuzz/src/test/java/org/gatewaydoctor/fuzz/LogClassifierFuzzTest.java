package org.gatewaydoctor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.Evidence;

/**
 * The log-line classifier: format detection and clock reading per line, and the scanner that matches every
 * signature of the real catalogue (nginx, Apache, HAProxy, PHP-FPM, kernel, PHP, MySQL: every provider on
 * the class path) against a log. Seeds: the real log lines of core's, checks-http's, checks-phpfpm's and
 * checks-wordpress's fixtures.
 *
 * <p>Invariants: nothing throws; the scan counts every byte and line it was given; no signature counts more
 * matches than there are lines, and every sample names a line that exists; a line is classified the same
 * whatever surrounds it (the hits of a log are the sums of the hits of its lines, and a line's format does
 * not change with its neighbours); and the same log gzip-compressed gives the same hits.
 */
class LogClassifierFuzzTest {

    private static final SignatureCatalog CATALOG = SignatureCatalog.discover(LogClassifierFuzzTest.class
            .getClassLoader());
    private static final LogScanner SCANNER = LogScanner.builder().catalog(CATALOG).zone(ZoneOffset.UTC)
            .parallelism(1).build();
    /** Logs with more lines are checked whole only (one scan per line would be slow). */
    private static final int MAX_LINES_SPLIT = 12;

    @FuzzTest(maxDuration = Budget.PER_TARGET)
    void classify(byte[] data) throws InterruptedException {
        assertTrue(CATALOG.signatures().size() > 50, "the real catalogue was not found");
        List<byte[]> lines = lines(data);
        for (byte[] line : lines) {
            String text = new String(line, StandardCharsets.UTF_8);
            LogFormat f = LineFormats.detect(text);
            assertNotNull(f);
            assertEquals(f, LineFormats.detect(text), "format detection is not deterministic");
            LineFormats.timestamp(f, text, ZoneOffset.UTC, 2026);
        }

        if (gzipMagic(data)) {
            scan(data); // read as gzip: the counts below are of the decompressed text
            return;
        }
        LogScan whole = scan(data);
        assertEquals(data.length, whole.bytesScanned(), "bytes scanned");
        assertEquals(lines.size(), whole.linesScanned(), "lines scanned");
        for (SignatureHits h : whole.signatures()) {
            assertTrue(h.count() >= 1 && h.count() <= lines.size(), () -> h.id() + " counted " + h.count());
            assertTrue(h.samples().size() <= h.count(), () -> h.id() + " has more samples than matches");
            for (Evidence.LogLine s : h.samples()) {
                assertTrue(s.line() >= 1 && s.line() <= lines.size(), () -> h.id() + " sample at line " + s.line());
            }
        }
        assertEquals(counts(whole), counts(scan(gzip(data))), "gzip changed the hits");

        if (lines.size() > 1 && lines.size() <= MAX_LINES_SPLIT && lines.stream().noneMatch(l -> gzipMagic(l))) {
            Map<String, Long> sum = new TreeMap<>();
            for (byte[] line : lines) {
                counts(scan(line)).forEach((id, n) -> sum.merge(id, n, Long::sum));
            }
            assertEquals(sum, counts(whole), "a line's hits depend on the lines around it");
        }
    }

    /** Whether a stream starting with these bytes is read as gzip (RFC 1952 magic). */
    private static boolean gzipMagic(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static LogScan scan(byte[] data) throws InterruptedException {
        LogScan s = SCANNER.scan(new ByteArrayInputStream(data), "fuzz.log");
        assertNotNull(s);
        assertTrue(s.files().stream().allMatch(f -> f.complete()), () -> "incomplete: " + s.problems());
        return s;
    }

    private static Map<String, Long> counts(LogScan s) {
        Map<String, Long> m = new TreeMap<>();
        for (SignatureHits h : s.signatures()) {
            m.put(h.id(), h.count());
        }
        return m;
    }

    /** The lines as the scanner sees them: split after each LF, a last line without LF counted too. */
    private static List<byte[]> lines(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                out.add(Arrays.copyOfRange(data, start, i + 1));
                start = i + 1;
            }
        }
        if (start < data.length) {
            out.add(Arrays.copyOfRange(data, start, data.length));
        }
        return out;
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }
}
