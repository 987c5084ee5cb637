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
import org.gatewaydoctor.internal.logs.unwrap.JoinGuard;
import org.gatewaydoctor.internal.logs.unwrap.Unwrap;
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
 * matches than there are lines, and every sample names a line that exists; a record is classified the same
 * whatever surrounds it (the hits of a log are the sums of the hits of its records, and a line's format does
 * not change with its neighbours), where a record is a line, or the lines a paste wrapped, joined as the
 * scanner joins them ({@link Unwrap#joinWrapped}); joining never loses a match (two entries merged into one
 * would) unless it makes one no line had on its own (a wrapped entry's own signature, matched again in full); and
 * the same log gzip-compressed gives the same hits.
 */
class LogClassifierFuzzTest {

    private static final SignatureCatalog CATALOG = SignatureCatalog.discover(LogClassifierFuzzTest.class
            .getClassLoader());
    private static final LogScanner SCANNER = LogScanner.builder().catalog(CATALOG).zone(ZoneOffset.UTC)
            .parallelism(1).build();
    /** The scanner's guard on joining ({@link JoinGuard}): the records are joined as the scanner joins them. */
    private static final JoinGuard GUARD = JoinGuard.of(CATALOG.signatures());
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
            List<List<byte[]>> records = records(data, lines);
            Map<String, Long> sum = new TreeMap<>();
            for (List<byte[]> record : records) {
                Map<String, Long> hits = counts(scan(record.get(0)));
                hits.forEach((id, n) -> sum.merge(id, n, Long::sum));
                if (record.size() > 1) {
                    // the lines a paste wrapped, joined: never two entries merged (that loses a match); a wrapped
                    // rest's match on its own (a fragment matched by another software's signature) may give way
                    // only to a match the join made, which no line had on its own (the entry's own signature)
                    Map<String, Long> parts = new TreeMap<>();
                    for (byte[] line : record.subList(1, record.size())) {
                        counts(scan(line)).forEach((id, n) -> parts.merge(id, n, Long::sum));
                    }
                    Map<String, Long> apart = new TreeMap<>(parts);
                    counts(scan(record.get(0))).forEach((id, n) -> apart.merge(id, n, Long::sum));
                    boolean made = hits.keySet().stream().anyMatch(id -> !apart.containsKey(id));
                    if (!made) {
                        parts.forEach((id, n) -> assertTrue(hits.getOrDefault(id, 0L) >= n,
                                () -> "joining wrapped lines lost a match of " + id + ": " + parts + " apart, "
                                        + hits + " joined"));
                    }
                }
            }
            assertEquals(sum, counts(whole), "a record's hits depend on the records around it");
        }
    }

    /**
     * The records of a small source as the scanner reads them: its lines, except that a paste's wrapped lines
     * are one record ({@link Unwrap#joinWrapped}, applied as the scanner applies it: when some line of the
     * sample is of no known format even once peeled). Each record is its text as scanned, then (when lines were
     * joined into it) the lines it was made of.
     */
    private static List<List<byte[]>> records(byte[] data, List<byte[]> lines) {
        List<List<byte[]>> out = new ArrayList<>();
        boolean anyUnknown = false;
        for (byte[] line : lines) {
            // the scanner samples the lines that end in a line break and are not empty, their first 4096 bytes
            int n = line.length - 1;
            if (n <= 0 || line[n] != '\n') {
                continue;
            }
            String text = new String(line, 0, Math.min(n, 4096), StandardCharsets.UTF_8);
            LogFormat f = LineFormats.detect(text);
            if (f == LogFormat.UNKNOWN) {
                Unwrap.Peeled p = Unwrap.peel(text);
                f = p == null ? LogFormat.UNKNOWN : p.format();
            }
            anyUnknown |= f == LogFormat.UNKNOWN;
        }
        byte[] buf = Arrays.copyOf(data, data.length * 2 + 64);
        int end = anyUnknown ? Unwrap.joinWrapped(buf, data.length, buf.length, GUARD) : data.length;
        if (end == data.length && (!anyUnknown || Arrays.equals(buf, 0, end, data, 0, end))) {
            lines.forEach(l -> out.add(List.of(l)));
            return out;
        }
        // joined: a continuation left an empty line behind, at the index of the line it was
        String[] joined = new String(buf, 0, end, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.size(); i++) {
            String j = i < joined.length ? joined[i] : "";
            boolean continuation = j.isEmpty() && lines.get(i).length > (lines.get(i)[lines.get(i).length - 1] == '\n'
                    ? 1 : 0) && !out.isEmpty();
            if (continuation) {
                List<byte[]> r = new ArrayList<>(out.remove(out.size() - 1));
                r.add(lines.get(i));
                out.add(r);
            } else {
                List<byte[]> r = new ArrayList<>();
                r.add((j + "\n").getBytes(StandardCharsets.UTF_8));
                r.add(lines.get(i));
                out.add(r);
            }
        }
        // a record of one line stands for itself (re-encoded as the scanner read it)
        List<List<byte[]>> records = new ArrayList<>();
        for (List<byte[]> r : out) {
            records.add(r.size() == 2 ? List.of(r.get(0)) : r);
        }
        return records;
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
