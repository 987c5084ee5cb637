package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Tests of {@link Timing}: bursts and peak hours in words. */
class TimingTest {

    private static TreeMap<Instant, Long> minutes(String... isoAndCount) {
        TreeMap<Instant, Long> out = new TreeMap<>();
        for (String s : isoAndCount) {
            String[] p = s.split("=");
            out.put(Instant.parse(p[0]), Long.valueOf(p[1]));
        }
        return out;
    }

    @Test
    void aBurstOnOneDayIsNamedWithItsBusiestMinute() {
        assertEquals(", all between 09:12 and 09:41, up to 6 a minute (at 09:14)", Timing.describe(12,
                minutes("2026-11-17T09:12:00Z=2", "2026-11-17T09:14:00Z=6", "2026-11-17T09:41:00Z=4"), ZoneOffset.UTC));
        assertEquals(", all between 10:12 and 10:41, up to 6 a minute (at 10:14)", Timing.describe(12,
                minutes("2026-11-17T09:12:00Z=2", "2026-11-17T09:14:00Z=6", "2026-11-17T09:41:00Z=4"),
                ZoneId.of("Europe/Berlin")), "in the target's zone");
        assertEquals(", all within the minute 09:12", Timing.describe(5, minutes("2026-11-17T09:12:00Z=5"), ZoneOffset.UTC));
    }

    @Test
    void theSameHoursDayAfterDayArePeakHours() {
        assertEquals(", on 3 days, always between 09:00 and 11:00", Timing.describe(6, minutes("2026-11-15T09:05:00Z=1",
                "2026-11-15T10:55:00Z=1", "2026-11-16T09:30:00Z=2", "2026-11-17T10:01:00Z=2"), ZoneOffset.UTC));
        assertEquals(", on 2 days, always between 23:00 and 01:00", Timing.describe(4, minutes("2026-11-15T23:10:00Z=2",
                "2026-11-16T00:20:00Z=2"), ZoneOffset.UTC), "the window may wrap at midnight");
    }

    @Test
    void saysNothingWithoutAPattern() {
        assertEquals("", Timing.describe(2, minutes("2026-11-17T09:12:00Z=1", "2026-11-17T09:13:00Z=1"), ZoneOffset.UTC),
                "two lines are no pattern");
        assertEquals("", Timing.describe(3, minutes("2026-11-17T01:00:00Z=1", "2026-11-17T09:00:00Z=1",
                "2026-11-17T20:00:00Z=1"), ZoneOffset.UTC), "spread over the day");
        assertEquals("", Timing.describe(3, minutes("2026-11-16T01:00:00Z=1", "2026-11-17T09:00:00Z=1",
                "2026-11-17T20:00:00Z=1"), ZoneOffset.UTC), "spread over the days");
        assertEquals("", Timing.describe(3, new TreeMap<>(), ZoneOffset.UTC), "undated");
    }
}
