package org.gatewaydoctor.internal.logs.scan;

import java.time.Instant;
import java.time.ZoneId;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;

/**
 * The time of nginx error-log lines read from their first bytes, remembering the last second read: a dense log has
 * hundreds of candidate lines per second, each of which cost a cursor, a syslog-envelope check, a date-time and an
 * {@link Instant} ({@link LineFormats#timestamp}).
 *
 * <p>Exact: for a line of {@link LogFormat#NGINX_ERROR} whose bytes start as {@link Bytes#stamped} says
 * ({@code yyyy/mm/dd hh:mm:ss [}, ASCII) and whose text is those bytes decoded, {@code LineFormats.timestamp} finds no
 * syslog envelope (a digit opens neither a priority nor a BSD clock; {@code yyyy/mm/dd} is no ISO clock; the tag
 * characters from the start end at the space after the date, which is neither {@code :} nor {@code [}) and reads
 * nginx's clock from the first {@value #KEY} characters alone, in this clock's zone, without fraction or offset; so
 * two such lines with the same first {@value #KEY} bytes have the same time (null included, for a date that does not
 * exist). {@code StampClockTest} compares with {@code LineFormats.timestamp} on real and random lines and zones.
 * One per scanning task; not thread-safe.
 */
final class StampClock {

    /** {@code yyyy/mm/dd hh:mm:ss}. */
    static final int KEY = 19;

    private final ZoneId zone;
    private final int defaultYear;
    private final byte[] key = new byte[KEY];
    private boolean known;
    private Instant at;

    StampClock(ZoneId zone, int defaultYear) {
        this.zone = zone;
        this.defaultYear = defaultYear;
    }

    /**
     * The time of the nginx error-log line {@code text}, the decoded bytes from {@code buf[start]} on, which are
     * {@link Bytes#stamped} (the caller checked; at least {@link Bytes#STAMP} bytes).
     */
    Instant at(byte[] buf, int start, String text) {
        if (known && same(buf, start)) {
            return at;
        }
        at = LineFormats.timestamp(LogFormat.NGINX_ERROR, text, zone, defaultYear);
        System.arraycopy(buf, start, key, 0, KEY);
        known = true;
        return at;
    }

    private boolean same(byte[] buf, int start) {
        // the seconds first: they change most often
        for (int i = KEY - 1; i >= 0; i--) {
            if (buf[start + i] != key[i]) {
                return false;
            }
        }
        return true;
    }
}
