package org.gatewaydoctor.internal.logs.scan;

import java.nio.charset.StandardCharsets;
import org.gatewaydoctor.internal.logs.format.SlowQueryLog;

/**
 * Joins a slow query log entry into one record where the scanner meets its {@code # Query_time:} line: the lines
 * that follow it in the buffer (the statement, its {@code SET timestamp}) are read here, at most up to the end of
 * the region being searched; an entry cut by the end of a 4 MiB buffer keeps what the buffer holds of it. See
 * {@link SlowQueryLog#record}.
 */
final class SlowQueryRecords {

    /** Longest following line decoded, in bytes. */
    private static final int MAX_LINE = 4096;

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
}
