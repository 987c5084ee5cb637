package org.gatewaydoctor.internal.logs.scan;

import java.nio.charset.StandardCharsets;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.internal.logs.format.SlowQueryLog;
import org.gatewaydoctor.logs.LogFormat;

/**
 * Joins a slow query log entry into one record where the scanner meets its {@code # Query_time:} line: the lines
 * that follow it in the buffer (the statement, its {@code SET timestamp}) are read here, at most up to the end of
 * the region being searched; an entry cut by the end of a 4 MiB buffer keeps what the buffer holds of it. See
 * {@link SlowQueryLog#record}. The statement's own lines are data, not log lines: {@link #inEntry} tells the scanner
 * not to read them as fragments (a statement that stores an error text, or a secret, in an option would otherwise
 * match a signature and be kept unmasked).
 */
final class SlowQueryRecords {

    /** Longest following line decoded, in bytes. */
    private static final int MAX_LINE = 4096;
    private static final String SET_TIMESTAMP = "SET timestamp=";
    /** How many lines above a line of no known format are looked at for the entry it may belong to. */
    static final int MAX_BACK = 64;
    /** How much of a line above is decoded to classify it. */
    private static final int HEAD = 256;

    private SlowQueryRecords() {
    }

    /** The record of the {@code # Query_time:} line {@code text}, which ends at {@code lineEnd} in {@code buf}. */
    static String join(String text, byte[] buf, int lineEnd, int regionTo) {
        if (!text.startsWith(SlowQueryLog.QUERY_TIME)) {
            return text;
        }
        int[] pos = {lineEnd + 1};
        return SlowQueryLog.record(text, () -> {
            int from = pos[0];
            if (from >= regionTo) {
                return null;
            }
            int nl = Bytes.indexOfNewline(buf, from, regionTo);
            int to = nl < 0 ? regionTo : nl;
            pos[0] = to + 1;
            int len = Math.min(to - from, MAX_LINE);
            if (len > 0 && to - from == len && buf[from + len - 1] == '\r') {
                len--;
            }
            return new String(buf, from, len, StandardCharsets.UTF_8);
        });
    }

    /**
     * Whether the line of no known format starting at {@code lineStart} belongs to a slow query log entry (its
     * statement, a {@code use} line): the nearest line above it, within the region and at most {@value #MAX_BACK}
     * lines up, that is of a known format is the {@code SET timestamp=N;} line of a slow log entry. A line at the start of a region whose
     * entry began in the buffer before is not recognised (it is read as before, as a fragment).
     */
    static boolean inEntry(byte[] buf, int regionFrom, int lineStart) {
        int end = lineStart - 1; // the line break before the line
        for (int n = 0; n < MAX_BACK && end > regionFrom; n++) {
            int nl = Bytes.lastIndexOfNewline(buf, regionFrom, end);
            int start = nl < 0 ? regionFrom : nl + 1;
            int len = Math.min(end - start, HEAD);
            if (len > 0 && buf[start + len - 1] == '\r') {
                len--;
            }
            if (len > 0) {
                String head = new String(buf, start, len, StandardCharsets.UTF_8);
                LogFormat f = LineFormats.detect(head);
                if (f != LogFormat.UNKNOWN) {
                    // a statement follows its entry's SET timestamp=N; line (the servers always write one): a line
                    // under a bare "# Query_time:" (a comment, a damaged paste) is read as a line of its own
                    return f == LogFormat.MYSQL_SLOW && head.startsWith(SET_TIMESTAMP);
                }
            }
            if (nl < 0) {
                return false;
            }
            end = nl;
        }
        return false;
    }
}
