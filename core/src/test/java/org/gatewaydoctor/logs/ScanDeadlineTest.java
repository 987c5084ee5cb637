package org.gatewaydoctor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.internal.logs.scan.ScanEngine;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Gap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a scan keeps when its time is up, and how much text it keeps of one line. */
class ScanDeadlineTest {

    @TempDir
    Path dir;

    @Test
    void aResultDeadlineThatHasPassedKeepsCountsDropsUnredactedEvidenceAndMarksTheScanIncomplete() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add("2026/11/21 09:14:03 [error] 812#812: *" + i + " connect() to 127.0.0.1:9000 failed "
                    + "(111: Connection refused) while connecting to upstream, client: 203.0.113.9, request: "
                    + "\"GET /?token=CANARY-" + i + " HTTP/1.1\"");
        }
        Path log = Files.write(dir.resolve("error.log"), lines);
        List<String> redacted = new ArrayList<>();
        LogScan scan = LogScanner.builder().catalog(SignatureCatalog.of(List.of(LogScannerTest.REFUSED)))
                .zone(ZoneOffset.UTC).redactor(s -> {
                    redacted.add(s);
                    return s.replaceAll("CANARY-\\d+", "***");
                }).resultDeadlineNanos(System.nanoTime() - 1).build().scanPaths(List.of(log));

        SignatureHits hits = scan.hits("test.refused").orElseThrow();
        assertEquals(50, hits.count());
        assertTrue(hits.samples().isEmpty(), hits.samples().toString());
        assertTrue(scan.timeline().isEmpty());
        assertFalse(scan.complete());
        List<Gap> gaps = scan.gaps(f -> true);
        assertEquals(1, gaps.size());
        assertTrue(gaps.get(0).reason().startsWith("the scan's result was cut at the deadline"), gaps.get(0).reason());
        assertTrue(gaps.get(0).partial());
        assertFalse(scan.toString().contains("CANARY"), "nothing unredacted is kept");
    }

    @Test
    void aReadingDeadlineThatHasPassedGivesAPartialScanNamedAsAGap() throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"), "2026/11/21 09:14:03 [error] 1#1: *1 connect() to "
                + "127.0.0.1:9000 failed (111: Connection refused) while connecting to upstream\n");
        LogScan scan = LogScanner.builder().catalog(SignatureCatalog.of(List.of(LogScannerTest.REFUSED)))
                .zone(ZoneOffset.UTC).deadlineNanos(System.nanoTime() - 1).build().scanPaths(List.of(log));
        assertFalse(scan.complete());
        Gap gap = scan.gaps(f -> true).get(0);
        assertEquals(log.toString(), gap.source());
        assertTrue(gap.reason().contains("reading stopped at the deadline"), gap.reason());
    }

    @Test
    void aHugeLineKeepsABoundedPieceAroundTheMatch() throws Exception {
        String junk = "a".repeat(60_000);
        Path log = Files.writeString(dir.resolve("error.log"), junk + " connect() to 127.0.0.1:9000 failed "
                + "(111: Connection refused) " + "b".repeat(30_000) + "\n");
        LogScan scan = LogScanner.builder().catalog(SignatureCatalog.of(List.of(LogScannerTest.REFUSED)))
                .zone(ZoneOffset.UTC).build().scanPaths(List.of(log));
        Evidence.LogLine sample = scan.hits("test.refused").orElseThrow().samples().get(0);
        assertTrue(sample.text().length() <= ScanEngine.MAX_KEPT + 64, "kept " + sample.text().length());
        assertTrue(sample.text().contains("failed (111: Connection refused)"), sample.text().substring(0, 200));
        assertTrue(sample.text().endsWith("characters]") || sample.text().endsWith("bytes]"),
                sample.text().substring(sample.text().length() - 60));
    }
}
