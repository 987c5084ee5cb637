package org.gatewaydoctor.cli.internal.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TimeChartTest {

    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    private static long sumOfCounts(String svg) {
        Matcher m = Pattern.compile("data-count=\"(\\d+)\"").matcher(svg);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void drawsOneBarPerMinuteAndSeriesOverAShortSpan() {
        TimeChart chart = new TimeChart(ZoneOffset.UTC, List.of("502"));
        for (int i = 0; i < 90; i++) {
            chart.bar(new TimeChart.Bar(T.plusSeconds(60L * i), "502", 2)).bar(new TimeChart.Bar(T.plusSeconds(60L * i), "504", 1));
        }
        String svg = chart.svg("x", s -> "bar-" + s);

        assertEquals(180, count(svg, "data-point=\"bar\""));
        assertEquals(270, sumOfCounts(svg));
        assertTrue(svg.contains(">3/min</text>"), "the scale: the busiest minute");
    }

    @Test
    void sumsAMonthOfMinutesIntoHourlyBucketsAndLosesNoCount() {
        TimeChart chart = new TimeChart(ZoneOffset.UTC, List.of("502"));
        for (int i = 0; i < 30 * 24 * 60; i += 7) {
            chart.bar(new TimeChart.Bar(T.plusSeconds(60L * i), "502", 1));
        }
        String svg = chart.svg("x", s -> "bar-" + s);

        int bars = count(svg, "data-point=\"bar\"");
        assertTrue(bars <= TimeChart.MAX_BARS, "a page of bounded size: " + bars);
        assertEquals((30 * 24 * 60 + 6) / 7, sumOfCounts(svg), "every match still counted");
        assertTrue(svg.contains("data-bucket-minutes=\"60\""), svg.substring(0, 2000));
    }

    @Test
    void drawsNothingWithoutData() {
        assertEquals("", new TimeChart(ZoneOffset.UTC, List.of()).svg("x", s -> s));
    }
}
