package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timeline events of a plain file keep only where their line is and are read again when the result is
 * assembled ({@link Aggregate.LineRef}): the events give the lines and fields that were matched, and a line
 * whose bytes changed on disk in between is left out with a problem that says so, never shown as what matched.
 */
class TimelineRereadTest {

    private static final Signature REFUSED = new Signature("test.refused", Layer.PROXY, Set.of(),
            "failed (111: Connection refused)",
            Pattern.compile("connect\\(\\) (?:to (?<upstream>\\S+) )?failed \\((?<errno>111): (?<errtext>[^)]*)\\)"),
            502, List.of(CauseCode.PROXY_UPSTREAM_REFUSED), "connection refused");

    @TempDir
    Path dir;

    private static String refused(int i) {
        return "2026/11/21 09:14:" + String.format("%02d", i % 60) + " [error] 812#812: *" + i
                + " connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused) while connecting to"
                + " upstream, client: 203.0.113.9, server: caf\u00e9.example, request: \"GET /wp-content/plugins/acme/"
                + "x.php HTTP/1.1\"";
    }

    private Path log(int lines) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            out.add(i % 3 == 0 ? refused(i) : "2026/11/21 09:14:00 [notice] 812#812: nothing " + i);
        }
        byte[] bytes = (String.join("\r\n", out) + "\n").getBytes(StandardCharsets.UTF_8);
        return Files.write(dir.resolve("error.log"), bytes);
    }

    private static ScanEngine engine(boolean reread) {
        return new ScanEngine(List.of(REFUSED), ZoneOffset.UTC, null, null, 1, UnaryOperator.identity(),
                Long.MAX_VALUE).rereadingTimeline(reread);
    }

    @Test
    void eventsReadAgainGiveTheMatchedLinesAndFields() throws Exception {
        Path file = log(30);
        LogScan scan = engine(true).scanPaths(List.of(file));
        assertEquals(10, scan.timeline().size());
        for (LogEvent e : scan.timeline()) {
            int line = (int) e.line().line();
            assertEquals(refused(line - 1), e.line().text(), "line " + line);
            assertEquals("unix:/run/php/php8.2-fpm.sock", e.fields().get("upstream"));
            assertEquals("acme", e.fields().get("plugin"), "the attribution is read again too");
        }
        assertEquals(engine(false).scanPaths(List.of(file)).timeline(), scan.timeline());
        assertTrue(scan.problems().isEmpty(), scan.problems().toString());
    }

    @Test
    void aLineChangedOnDiskBeforeTheResultIsLeftOutAndSaidSo() throws Exception {
        Path file = log(30);
        byte[] bytes = Files.readAllBytes(file);
        // line 4 (the second event): same length, other bytes, as a rewrite in place would leave it
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("*3 connect()");
        LogScan scan = engine(true).beforeAssembling(() -> overwrite(file, at, "*3 CONNECT()"))
                .scanPaths(List.of(file));
        assertEquals(9, scan.timeline().size());
        assertFalse(scan.timeline().stream().anyMatch(e -> e.line().line() == 4), "the changed line is not shown");
        assertTrue(scan.timeline().stream().noneMatch(e -> e.line().text().contains("CONNECT")));
        assertEquals(10, scan.signatures().get(0).count(), "counts are what was read");
        assertTrue(scan.problems().stream().anyMatch(p -> p.contains("1 timeline lines were left out")
                && p.contains("changed on disk") && p.contains(file.toString())), scan.problems().toString());
    }

    @Test
    void aFileCutShortBeforeTheResultLosesTheLinesItNoLongerHoldsAndSaysSo() throws Exception {
        Path file = log(30);
        long keep = Files.size(file) / 2;
        LogScan scan = engine(true).beforeAssembling(() -> {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(keep);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).scanPaths(List.of(file));
        assertTrue(scan.timeline().size() < 10 && !scan.timeline().isEmpty(), "events: " + scan.timeline().size());
        assertTrue(scan.problems().stream().anyMatch(p -> p.contains("changed on disk")), scan.problems().toString());
    }

    @Test
    void aLineLongerThanTheKeptTextIsCutTheSameWayWhenReadAgain() throws Exception {
        String longLine = "2026/11/21 09:14:03 [error] 812#812: *1 " + "x".repeat(20_000) + " connect() failed (111: "
                + "Connection refused) " + "y".repeat(70_000);
        Path file = Files.writeString(dir.resolve("long.log"), "first\n" + longLine + "\nlast\n");
        LogScan reread = engine(true).scanPaths(List.of(file));
        assertEquals(1, reread.timeline().size());
        String text = reread.timeline().get(0).line().text();
        assertTrue(text.contains("line cut at"), text);
        assertEquals(engine(false).scanPaths(List.of(file)).timeline(), reread.timeline());
    }

    private static void overwrite(Path file, int at, String text) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
