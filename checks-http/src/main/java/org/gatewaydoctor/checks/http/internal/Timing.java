package org.gatewaydoctor.checks.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Puts a per-minute histogram into words when it shows a pattern: a burst ({@code all between 09:12
 * and 09:41, up to 6 a minute}) or the same hours day after day ({@code on 3 days, always between
 * 09:00 and 11:00}), so "502s only at peak hours" is said rather than left in the data.
 */
public final class Timing {

    /** At most this long from first to last, on one day, is a burst. */
    static final Duration BURST = Duration.ofHours(2);
    /** At most this many hours of the day, on several days, are peak hours. */
    static final int PEAK_HOURS = 4;
    /** From this many a minute on, the busiest minute is worth naming. */
    static final long BUSY_MINUTE = 3;

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    /** The higher count is greater; among equals, the earlier minute. */
    static final Comparator<Map.Entry<Instant, Long>> BUSIEST = (a, b) -> {
        int c = a.getValue().compareTo(b.getValue());
        return c != 0 ? c : b.getKey().compareTo(a.getKey());
    };

    private Timing() {
    }

    /**
     * E.g. {@code ", all between 09:12 and 09:41, up to 6 a minute"}; empty when fewer than three lines,
     * no histogram, or no pattern.
     */
    public static String describe(long count, NavigableMap<Instant, Long> perMinute, ZoneId zone) {
        if (count < 3 || perMinute.isEmpty()) {
            return "";
        }
        ZonedDateTime first = perMinute.firstKey().atZone(zone);
        ZonedDateTime last = perMinute.lastKey().atZone(zone);
        // the busiest minute, the earliest among equals; a loop, not a stream with Map.Entry.comparingByValue(): both
        // build serializable lambdas, which the class-data archive cannot hold
        Map.Entry<Instant, Long> busiest = null;
        for (Map.Entry<Instant, Long> e : perMinute.entrySet()) {
            if (busiest == null || BUSIEST.compare(e, busiest) > 0) {
                busiest = e;
            }
        }
        String peak = busiest.getValue() >= BUSY_MINUTE ? ", up to " + busiest.getValue() + " a minute (at "
                + HM.format(busiest.getKey().atZone(zone)) + ")" : "";
        if (first.toLocalDate().equals(last.toLocalDate())) {
            if (Duration.between(first, last).compareTo(BURST) > 0) {
                return peak;
            }
            return first.equals(last) ? ", all within the minute " + HM.format(first)
                    : ", all between " + HM.format(first) + " and " + HM.format(last) + peak;
        }
        Set<LocalDate> days = new TreeSet<>();
        boolean[] hours = new boolean[24];
        perMinute.keySet().forEach(m -> {
            ZonedDateTime t = m.atZone(zone);
            days.add(t.toLocalDate());
            hours[t.getHour()] = true;
        });
        int[] window = smallestWindow(hours);
        if (days.size() < 2 || window[1] > PEAK_HOURS) {
            return peak;
        }
        return ", on " + days.size() + " days, always between " + String.format("%02d:00 and %02d:00", window[0],
                (window[0] + window[1]) % 24) + peak;
    }

    /** The start hour and length of the shortest run of hours (wrapping at midnight) holding every marked hour. */
    static int[] smallestWindow(boolean[] hours) {
        // the longest run of unmarked hours, wrapping, is what the window leaves out
        int bestGap = 0;
        int gapEnd = 0;
        for (int start = 0; start < 24; start++) {
            int len = 0;
            while (len < 24 && !hours[(start + len) % 24]) {
                len++;
            }
            if (len > bestGap) {
                bestGap = len;
                gapEnd = (start + len) % 24;
            }
        }
        return new int[] {gapEnd, 24 - bestGap};
    }
}
