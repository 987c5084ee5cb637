package org.gatewaydoctor.cli;

import static org.gatewaydoctor.cli.ScanCommandTest.scan;
import static org.gatewaydoctor.cli.ScanCommandTest.signature;
import static org.gatewaydoctor.cli.ScanFixtures.FPM;
import static org.gatewaydoctor.cli.ScanFixtures.NGINX_ERROR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code scan} does with the times of log lines: first/last seen, the per-minute histogram,
 * the merged timeline and the time window options. The fixture lines are nginx error log and
 * PHP-FPM log lines in UTC (the fixed clock's zone): EAGAIN at 09:14:03, 09:14:41 and 09:16:12,
 * a read timeout at 09:17:30, max_children at 09:13:58 and 09:16:07. These tests need core's
 * format detection to read the lines' clocks, and fail if it cannot.
 */
class ScanTimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void linesAreDated() {
        assertTrue(ScanFixtures.linesAreDated(), "core must read the clock of nginx error log lines");
    }

    @BeforeEach
    void writeLogs() throws IOException {
        Files.writeString(Files.createDirectories(dir.resolve("nginx")).resolve("error.log"), NGINX_ERROR);
        Files.writeString(dir.resolve("php8.2-fpm.log"), FPM);
    }

    private JsonNode json(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--logs", dir.toString(), "--format", "json"));
        args.addAll(List.of(options));
        CliRunner.Result r = scan(args.toArray(String[]::new));
        assertTrue(r.exitCode() <= 2, r.err());
        return JSON.readTree(r.out());
    }

    private static long count(JsonNode json, String id) {
        for (JsonNode s : json.get("signatures")) {
            if (s.get("id").asText().equals(id)) {
                return s.get("count").asLong();
            }
        }
        return 0;
    }

    @Test
    void firstAndLastSeenAndTheHistogramAreInJson() throws Exception {
        JsonNode eagain = signature(json(), "test.nginx-connect-eagain");

        assertEquals("2026-11-21T09:14:03Z", eagain.get("firstSeen").asText());
        assertEquals("2026-11-21T09:16:12Z", eagain.get("lastSeen").asText());
        assertEquals("{\"2026-11-21T09:14:00Z\":2,\"2026-11-21T09:16:00Z\":1}", eagain.get("perMinute").toString());
        assertEquals("2026-11-21T09:14:03Z", eagain.get("samples").get(0).get("at").asText());
    }

    @Test
    void theTimelineMergesAllLogsByTime() throws Exception {
        JsonNode json = json();

        List<String> events = new ArrayList<>();
        for (JsonNode e : json.get("timeline")) {
            events.add(e.get("at").asText().substring(11, 19) + " " + e.get("signature").asText());
        }
        assertEquals(List.of(
                "09:13:58 test.fpm-max-children",
                "09:14:03 test.nginx-connect-eagain",
                "09:14:41 test.nginx-connect-eagain",
                "09:16:07 test.fpm-max-children",
                "09:16:12 test.nginx-connect-eagain",
                "09:17:30 test.nginx-upstream-timed-out"), events);
        assertEquals(6, json.get("timelineTotal").asInt());
        JsonNode first = json.get("timeline").get(0);
        assertEquals(dir.resolve("php8.2-fpm.log").toString(), first.get("file").asText());
        assertEquals(3, first.get("line").asInt());
        assertEquals("www", first.get("fields").get("pool").asText());
    }

    @Test
    void textShowsWhenAHistogramLineAndTheEndOfTheTimeline() {
        CliRunner.Result r = scan("--logs", dir.toString(), "--timeline", "3");

        assertTrue(r.out().contains("\n  first 2026-11-21 09:14:03, last 09:16:12\n"), r.out());
        assertTrue(r.out().contains("\n  per minute  09:14 █ ▄ 09:16  (peak 2/min at 09:14)\n"), r.out());
        assertTrue(r.out().contains("\n  at 2026-11-21 09:17:30\n"), "a single match: " + r.out());
        String timeline = r.out().substring(r.out().indexOf("\nTimeline"));
        assertTrue(timeline.startsWith("\nTimeline (last 3 of 6, 2026-11-21, UTC):\n"
                + "  09:16:07  test.fpm-max-children          " + dir.resolve("php8.2-fpm.log") + ":5  pool=www limit=5\n"
                + "  09:16:12  test.nginx-connect-eagain      " + dir.resolve("nginx/error.log") + ":5  "
                + "upstream=unix:/run/php/php8.2-fpm.sock plugin=acme-related-posts\n"
                + "  09:17:30  test.nginx-upstream-timed-out  " + dir.resolve("nginx/error.log") + ":6\n"), timeline);
    }

    @Test
    void timesAreShownInTheLogZone() {
        CliRunner.Result r = scan("--logs", dir.toString(), "--zone", "Europe/Berlin", "--since", "2026-11-21 10:14");

        // the lines are read as Berlin time too: 09:14:03 there is 08:14:03 UTC, and the window starts at 10:14 Berlin
        assertEquals(0, r.exitCode(), r.out());
        CliRunner.Result all = scan("--logs", dir.toString(), "--zone", "Europe/Berlin");
        assertTrue(all.out().contains("times in Europe/Berlin"), all.out());
        assertTrue(all.out().contains("\n  first 2026-11-21 09:14:03, last 09:16:12\n"), all.out());
    }

    @Test
    void sinceReadsOnlyLaterLines() throws Exception {
        JsonNode json = json("--since", "09:15");

        assertEquals("2026-11-21T09:15:00Z", json.get("since").asText());
        assertTrue(json.get("until").isNull());
        assertEquals(1, count(json, "test.nginx-connect-eagain"));
        assertEquals(1, count(json, "test.fpm-max-children"));
        assertEquals(1, count(json, "test.nginx-upstream-timed-out"));
    }

    @Test
    void aRelativeSinceCountsBackFromNow() throws Exception {
        // the clock says 10:00 UTC
        assertEquals(json("--since", "09:15").get("signatures"), json("--since", "45m").get("signatures"));
        assertEquals("2026-11-21T09:15:00Z", json("--since", "45m").get("since").asText());
    }

    @Test
    void untilReadsOnlyEarlierLines() throws Exception {
        JsonNode json = json("--until", "2026-11-21T09:14:30Z");

        assertEquals(1, count(json, "test.nginx-connect-eagain"));
        assertEquals(1, count(json, "test.fpm-max-children"));
        assertEquals(0, count(json, "test.nginx-upstream-timed-out"));
    }

    @Test
    void aroundReadsTheWindowAroundAMoment() throws Exception {
        JsonNode json = json("--around", "2026/11/21 09:14:00", "--window", "1m");

        assertEquals("2026-11-21T09:13:00Z", json.get("since").asText());
        assertEquals("2026-11-21T09:15:00Z", json.get("until").asText());
        assertEquals(2, count(json, "test.nginx-connect-eagain"));
        assertEquals(1, count(json, "test.fpm-max-children"));
        assertEquals(0, count(json, "test.nginx-upstream-timed-out"));
    }

    @Test
    void aWindowWithoutMatchesExitsZeroAndSaysSo() {
        CliRunner.Result r = scan("--logs", dir.toString(), "--since", "09:50");

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("; window 2026-11-21 09:50:00 to now."), r.out());
        assertFalse(r.out().contains("Timeline"), r.out());
    }
}
