package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;

/** Combining the scan of the files with the scan of standard input. */
class ScanMergeTest {

    private static final Signature A = new Signature("test.a", Layer.PROXY, Set.of(), "literal a", null, 502,
            List.of(), "a");
    private static final Signature B = new Signature("test.b", Layer.PROXY, Set.of(), "literal b", null, null,
            List.of(), "b");
    private static final Instant T = Instant.parse("2026-11-21T09:00:00Z");

    private static Evidence.LogLine line(String file, long n, int minute) {
        return new Evidence.LogLine(file, n, T.plusSeconds(60L * minute), "line " + n);
    }

    private static SignatureHits hits(Signature s, String file, int firstMinute, int n, Map<String, Map<String, Long>> fields) {
        List<Evidence.LogLine> samples = new ArrayList<>();
        TreeMap<Instant, Long> perMinute = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (samples.size() < LogScanner.MAX_SAMPLES) {
                samples.add(line(file, i + 1, firstMinute + i));
            }
            perMinute.merge(T.plusSeconds(60L * (firstMinute + i)), 1L, Long::sum);
        }
        return new SignatureHits(s, n, T.plusSeconds(60L * firstMinute), T.plusSeconds(60L * (firstMinute + n - 1)),
                samples, perMinute, fields);
    }

    private static LogScan scan(String file, List<SignatureHits> hits) {
        List<LogEvent> timeline = new ArrayList<>();
        for (SignatureHits h : hits) {
            for (Evidence.LogLine l : h.samples()) {
                timeline.add(new LogEvent(l.timestamp(), h.id(), l, Map.of()));
            }
        }
        return new LogScan(100, 10, Duration.ofMillis(5), List.of(new ScannedFile(file, Map.of(), 100, 10, true,
                List.of())), hits, timeline, List.of(file + ": a problem"));
    }

    @Test
    void oneEntryPerSignatureWithSummedCountsAndWidenedTimes() {
        LogScan files = scan("error.log", List.of(hits(A, "error.log", 10, 2, Map.of()), hits(B, "error.log", 0, 1,
                Map.of())));
        LogScan stdin = scan("-", List.of(hits(A, "-", 3, 4, Map.of())));

        LogScan merged = ScanMerge.combine(files, stdin);

        assertEquals(List.of("test.a", "test.b"), merged.signatures().stream().map(SignatureHits::id).toList());
        SignatureHits a = merged.hits("test.a").orElseThrow();
        assertEquals(6, a.count());
        assertEquals(T.plusSeconds(180), a.firstSeen());
        assertEquals(T.plusSeconds(660), a.lastSeen());
        assertEquals(6, a.perMinute().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(200, merged.bytesScanned());
        assertEquals(20, merged.linesScanned());
        assertEquals(Duration.ofMillis(10), merged.elapsed());
        assertEquals(List.of("error.log", "-"), merged.files().stream().map(ScannedFile::path).toList());
        assertEquals(List.of("error.log: a problem", "-: a problem"), merged.problems());
    }

    @Test
    void keepsTheFirstAndTheMostRecentSamples() {
        LogScan merged = ScanMerge.combine(scan("x", List.of(hits(A, "x", 0, 4, Map.of()))),
                scan("-", List.of(hits(A, "-", 10, 4, Map.of()))));

        List<String> samples = merged.hits("test.a").orElseThrow().samples().stream()
                .map(l -> l.file() + ":" + l.line()).toList();
        assertEquals(List.of("x:1", "x:2", "-:2", "-:3", "-:4"), samples);
    }

    @Test
    void mergesFieldValuesWithinTheBound() {
        Map<String, Long> many = new TreeMap<>();
        for (int i = 0; i < LogScanner.MAX_FIELD_VALUES; i++) {
            many.put("v" + i, 1L);
        }
        LogScan merged = ScanMerge.combine(scan("x", List.of(hits(A, "x", 0, 1, Map.of("pool", many)))),
                scan("-", List.of(hits(A, "-", 1, 1, Map.of("pool", Map.of("v0", 2L, "new", 3L))))));

        Map<String, Long> pool = merged.hits("test.a").orElseThrow().fields().get("pool");
        assertEquals(3L, pool.get("v0"));
        assertEquals(3L, pool.get("(other)"), "no room for a 21st value");
        assertEquals(LogScanner.MAX_FIELD_VALUES + 1, pool.size());
    }

    @Test
    void theTimelineIsMergedByTime() {
        LogScan merged = ScanMerge.combine(scan("x", List.of(hits(A, "x", 0, 2, Map.of()))),
                scan("-", List.of(hits(B, "-", 1, 1, Map.of()))));

        List<String> events = merged.timeline().stream()
                .map(e -> e.signatureId() + "@" + e.at().toString().substring(11, 16) + " " + e.line().file())
                .toList();
        assertEquals(List.of("test.a@09:00 x", "test.b@09:01 -", "test.a@09:01 x"), events,
                "by time, then file, then line");
    }
}
