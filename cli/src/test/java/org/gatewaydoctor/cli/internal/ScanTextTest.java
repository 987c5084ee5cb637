package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.ScannedFile;
import org.junit.jupiter.api.Test;

/** The compact parts of scan's text output: histogram lines, sizes, formats. */
class ScanTextTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ScanText text(boolean unicode, ZoneId zone) {
        return new ScanText(new Style(false), unicode, zone, 20);
    }

    private static TreeMap<Instant, Long> minutes(Object... minuteAndCount) {
        TreeMap<Instant, Long> m = new TreeMap<>();
        for (int i = 0; i < minuteAndCount.length; i += 2) {
            m.put(Instant.parse((String) minuteAndCount[i]), ((Number) minuteAndCount[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void oneColumnPerMinuteForAnHourOrLess() {
        String line = text(true, UTC).histogram(minutes(
                "2026-11-21T09:12:00Z", 1, "2026-11-21T09:13:00Z", 8, "2026-11-21T09:15:00Z", 4,
                "2026-11-21T09:16:00Z", 2));

        assertEquals("per minute  09:12 ▁█ ▄▂ 09:16  (peak 8/min at 09:13)", line);
    }

    @Test
    void longerSpansUseRoundBuckets() {
        // 09:00 to 12:59: four hours do not fit 60 one-, two- or three-minute columns; five-minute ones do
        String line = text(true, UTC).histogram(minutes("2026-11-21T09:00:00Z", 3, "2026-11-21T09:04:00Z", 3,
                "2026-11-21T12:59:00Z", 1));

        assertEquals("per 5 min  09:00 █" + " ".repeat(46) + "▂ 12:55  (peak 3/min at 09:00)", line);
    }

    @Test
    void spansOfDaysShowTheDate() {
        String line = text(true, UTC).histogram(minutes("2026-11-19T23:10:00Z", 5, "2026-11-21T08:00:00Z", 10));

        assertEquals("per hour  11-19 23:00 ▄" + " ".repeat(32) + "█ 11-21 08:00  (peak 10/min at 11-21 08:00)",
                line);
    }

    @Test
    void bucketsFollowTheWallClockOfTheZone() {
        // Asia/Kolkata is UTC+05:30: hour buckets start at the zone's full hours
        String line = text(true, ZoneId.of("Asia/Kolkata")).histogram(minutes("2026-11-21T00:40:00Z", 1,
                "2026-11-21T05:00:00Z", 1));

        assertEquals("per 5 min  06:10 █" + " ".repeat(51) + "█ 10:30  (peak 1/min at 06:10)", line);
    }

    @Test
    void asciiTerminalsGetAsciiBars() {
        String line = text(false, UTC).histogram(minutes("2026-11-21T09:12:00Z", 1, "2026-11-21T09:13:00Z", 8));

        assertEquals("per minute  09:12 _@ 09:13  (peak 8/min at 09:13)", line);
    }

    @Test
    void oneMinuteOrNoneIsNoHistogram() {
        assertEquals("all within the minute 09:12", text(true, UTC).histogram(minutes("2026-11-21T09:12:00Z", 3)));
        assertNull(text(true, UTC).histogram(new TreeMap<>()));
    }

    @Test
    void bucketLabels() {
        assertEquals("per minute", ScanText.bucketLabel(1));
        assertEquals("per 15 min", ScanText.bucketLabel(15));
        assertEquals("per hour", ScanText.bucketLabel(60));
        assertEquals("per 6 h", ScanText.bucketLabel(360));
        assertEquals("per day", ScanText.bucketLabel(1440));
        assertEquals("per 7 days", ScanText.bucketLabel(10080));
    }

    @Test
    void fieldsThatSayWhereComeFirstAndPerRequestDetailsLast() {
        Map<String, Integer> distinct = Map.ofEntries(Map.entry("client", 21), Map.entry("request", 12),
                Map.entry("errno", 1), Map.entry("errtext", 1), Map.entry("host", 1), Map.entry("server", 1),
                Map.entry("socket", 1), Map.entry("upstream", 1), Map.entry("plugin", 1), Map.entry("action", 2),
                Map.entry("limit", 1));

        assertEquals(List.of("upstream", "socket", "plugin", "limit", "action", "request", "client", "server", "host",
                "errno", "errtext"), ScanText.fieldOrder(distinct.keySet(), distinct::get));
    }

    @Test
    void sizesAndCountsForPeople() {
        assertEquals("0 B", ScanText.bytes(0));
        assertEquals("1023 B", ScanText.bytes(1023));
        assertEquals("1.5 KiB", ScanText.bytes(1536));
        assertEquals("1.0 GiB", ScanText.bytes(1L << 30));
        assertEquals("1,234,567", ScanText.count(1_234_567));
    }

    @Test
    void aFilesFormatIsWhatMostOfItsLinesAre() {
        assertEquals("nginx error", ScanText.format(file(Map.of(LogFormat.NGINX_ERROR, 190L, LogFormat.UNKNOWN, 10L))));
        assertEquals("php-fpm (mixed)", ScanText.format(file(Map.of(LogFormat.PHP_FPM, 10L, LogFormat.UNKNOWN, 190L))));
        assertEquals("unrecognised", ScanText.format(file(Map.of(LogFormat.UNKNOWN, 5L))));
        assertEquals("empty", ScanText.format(new ScannedFile("e", Map.of(), 0, 0, true, List.of())));
    }

    private static ScannedFile file(Map<LogFormat, Long> formats) {
        return new ScannedFile("f", formats, 100, 10, true, List.of());
    }
}
