package org.gatewaydoctor.internal.logs.scan;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.internal.logs.unwrap.Unwrap;
import org.gatewaydoctor.logs.LogFormat;

/**
 * Dates a line that has no clock of its own by the record it belongs to: the nearest dated line above it
 * in the same source. A PHP-FPM slowlog record is a dated header ({@code [07-Dec-2026 05:02:53]  [pool www]
 * pid 8002}) followed by undated {@code script_filename = ...} and stack lines; PHP's uncaught errors
 * continue with {@code Stack trace:}, {@code #0 ...} and {@code   thrown in ...}; programs writing to
 * Apache's error log through stderr, and wrapped or pasted lines, continue the same way. Such a line
 * takes its record's time, so a time window excludes the whole record or none of it.
 *
 * <p>A line with no dated line above it in its source (a pasted fragment) stays undated, and undated
 * lines are read whatever the window. The search looks back at most {@link #MAX_LOOKBACK} bytes per
 * line and remembers what it found, so dating the candidate lines of a buffer costs one pass over it at
 * most. One instance per scanning task; not thread-safe.
 */
final class RecordClock {

    /** How far back a dated line is looked for, in bytes, before a line is called standalone. */
    static final int MAX_LOOKBACK = 256 << 10;
    /** How much of a line is decoded to read its clock. */
    private static final int HEAD = 256;

    private final ZoneId zone;
    private final int defaultYear;
    /** The time of the last dated line before the current region; null when none is known. */
    private Instant carried;
    // what the last search of this region found: the nearest dated line at or above searchedTo
    private int searchedTo = -1;
    private Instant found;

    RecordClock(ZoneId zone, int defaultYear) {
        this.zone = zone;
        this.defaultYear = defaultYear;
    }

    /** Sets the time of the record that was open where this source (or segment) starts. */
    void carry(Instant at) {
        carried = at;
    }

    /** Starts a new region of a buffer; the time carried from before it stays. */
    void startRegion() {
        searchedTo = -1;
        found = null;
    }

    /**
     * The time of the record the undated line starting at {@code lineStart} belongs to, or null when none
     * is known. {@code regionFrom} is where the current region (whole lines) starts in {@code buf}.
     */
    Instant timeOf(byte[] buf, int regionFrom, int lineStart) {
        int stop = searchedTo >= 0 && searchedTo <= lineStart ? searchedTo : regionFrom;
        Instant t = lastDated(buf, Math.max(stop, lineStart - MAX_LOOKBACK), lineStart);
        if (t == null) {
            if (stop == searchedTo && searchedTo >= 0 && lineStart - searchedTo <= MAX_LOOKBACK) {
                t = found;
            } else if (stop == regionFrom && lineStart - regionFrom <= MAX_LOOKBACK) {
                t = carried;
            }
        }
        searchedTo = lineStart;
        found = t;
        return t;
    }

    /** Ends a region: the time of its last dated line is carried into the next one. */
    void endRegion(byte[] buf, int from, int to) {
        Instant t = lastDated(buf, Math.max(from, to - MAX_LOOKBACK), to);
        if (t != null) {
            carried = t;
        } else if (to - from > MAX_LOOKBACK) {
            carried = null; // a long run of undated lines: what follows is not a continuation
        }
        startRegion();
    }

    /** The clock of the last dated line wholly within {@code buf[from, to)}, searching backwards; null if none. */
    Instant lastDated(byte[] buf, int from, int to) {
        int end = to;
        if (end > from && buf[end - 1] == '\n') {
            end--;
        }
        while (end > from) {
            int nl = Bytes.lastIndexOfNewline(buf, from, end);
            int start = nl < 0 ? from : nl + 1;
            if (nl < 0 && from > 0 && buf[from - 1] != '\n') {
                return null; // a line cut by the search limit: its head is not here
            }
            Instant t = clock(buf, start, end);
            if (t != null) {
                return t;
            }
            if (nl < 0) {
                return null;
            }
            end = nl;
        }
        return null;
    }

    /** The clock of the line {@code buf[start, end)}, null when it has none. */
    Instant clock(byte[] buf, int start, int end) {
        if (end <= start) {
            return null;
        }
        byte first = buf[start];
        // every dated format starts with '[', '<', '{', '#' (a slow query log's "# Time:"), a digit or a letter
        // (syslog's month, a journal's host)
        if (!(first == '[' || first == '<' || first == '{' || first == '#' || (first >= '0' && first <= '9')
                || (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z'))) {
            return null;
        }
        int len = Math.min(end - start, HEAD);
        if (len > 0 && buf[start + len - 1] == '\r') {
            len--;
        }
        if (first == '#' && FrameLines.shape(buf, start, start + len) == FrameLines.NUMBERED) {
            return null; // a PHP stack line: of no format, nothing to peel (FrameLines), so no clock
        }
        return clockOfHead(buf, start, len);
    }

    /** {@link #clock} of the head {@code buf[start, start + len)}, read as text (package-private for tests). */
    Instant clockOfHead(byte[] buf, int start, int len) {
        String head = new String(buf, start, len, StandardCharsets.UTF_8);
        LogFormat f = LineFormats.detect(head);
        if (f != LogFormat.UNKNOWN) {
            return LineFormats.timestamp(f, head, zone, defaultYear);
        }
        Unwrap.Peeled p = Unwrap.peel(head);
        return p == null ? null : p.at();
    }
}
