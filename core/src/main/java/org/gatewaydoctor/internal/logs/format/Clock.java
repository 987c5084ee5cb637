package org.gatewaydoctor.internal.logs.format;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Turns the clock fields of a {@link Cursor} into an instant, checking ranges; never throws. */
final class Clock {

    /** Zone names seen in lines (PHP writes {@code UTC}, {@code Europe/Berlin}, ...); bounded. */
    private static final Map<String, Optional<ZoneId>> ZONES = new ConcurrentHashMap<>();
    /** Names that are no zone are cached too (empty), so hostile lines do not pay for an exception twice. */
    private static final int MAX_CACHED_ZONES = 1024;
    private static final int MAX_ZONE_NAME = 64;

    private Clock() {
    }

    static boolean isLeap(int y) {
        return (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
    }

    static int lengthOfMonth(int y, int m) {
        return switch (m) {
            case 2 -> isLeap(y) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    static boolean valid(Cursor c) {
        return c.year >= 1 && c.year <= 9999 && c.month >= 1 && c.month <= 12 && c.day >= 1
                && c.day <= lengthOfMonth(c.year, c.month) && c.hour >= 0 && c.hour <= 23
                && c.minute >= 0 && c.minute <= 59 && c.second >= 0 && c.second <= 59
                && c.nanos >= 0 && c.nanos <= 999_999_999;
    }

    /** Days since 1970-01-01 of a valid proleptic Gregorian date (H. Hinnant's algorithm). */
    static long epochDay(int y, int m, int d) {
        long yy = m <= 2 ? y - 1 : y;
        long era = Math.floorDiv(yy, 400);
        long yoe = yy - era * 400;
        long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /**
     * The instant of the cursor's clock: its own offset when it has one, else its zone name when it
     * has one, else {@code zone}. Null when the fields are out of range, when a named zone is
     * unknown, or when a local time meets a null {@code zone}.
     */
    static Instant instant(Cursor c, ZoneId zone) {
        if (!valid(c)) {
            return null;
        }
        if (c.offsetSeconds != Cursor.NO_OFFSET) {
            return ofOffset(c, c.offsetSeconds);
        }
        ZoneId z = zone;
        if (c.zoneEnd > c.zoneStart) {
            z = zoneNamed(c.s, c.zoneStart, c.zoneEnd);
        }
        if (z == null) {
            return null;
        }
        if (z instanceof ZoneOffset off) {
            return ofOffset(c, off.getTotalSeconds());
        }
        // Local time in a region: gaps move forward, overlaps take the earlier offset (java.time rules).
        return LocalDateTime.of(c.year, c.month, c.day, c.hour, c.minute, c.second, c.nanos)
                .atZone(z)
                .toInstant();
    }

    private static Instant ofOffset(Cursor c, int offsetSeconds) {
        long secs = epochDay(c.year, c.month, c.day) * 86_400L + c.hour * 3600L + c.minute * 60L + c.second
                - offsetSeconds;
        return Instant.ofEpochSecond(secs, c.nanos);
    }

    static boolean isZoneNameChar(char ch) {
        return Cursor.isLetter(ch) || Cursor.isDigit(ch) || ch == '/' || ch == '_' || ch == '-' || ch == '+'
                || ch == ':';
    }

    /** The zone a line names, or null if it names none that java.time knows. */
    static ZoneId zoneNamed(String s, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > MAX_ZONE_NAME) {
            return null;
        }
        if (len == 3 && s.startsWith("UTC", from)) {
            return ZoneOffset.UTC;
        }
        String name = s.substring(from, to);
        Optional<ZoneId> cached = ZONES.get(name);
        if (cached == null) {
            try {
                cached = Optional.of(ZoneId.of(name, ZoneId.SHORT_IDS));
            } catch (DateTimeException e) {
                cached = Optional.empty();
            }
            if (ZONES.size() < MAX_CACHED_ZONES) {
                ZONES.put(name, cached);
            }
        }
        return cached.orElse(null);
    }
}
