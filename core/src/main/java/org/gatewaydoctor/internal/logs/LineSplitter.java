package org.gatewaydoctor.internal.logs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into lines (LF, with a trailing CR removed) holding at most {@code max}
 * bytes of any one line in memory: the rest of a longer line is skipped and the line flagged.
 */
final class LineSplitter {

    record Line(byte[] bytes, boolean truncated) {
    }

    private final int max;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private boolean truncated;
    private boolean any;

    LineSplitter(int max) {
        this.max = max;
    }

    List<Line> feed(byte[] buf, int len) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (buf[i] == '\n') {
                append(buf, start, i - start);
                out.add(take());
                start = i + 1;
            }
        }
        append(buf, start, len - start);
        return out;
    }

    /** The last line if the stream did not end with a line break, or null. */
    Line finish() {
        return any ? take() : null;
    }

    private void append(byte[] buf, int off, int len) {
        if (len <= 0) {
            return;
        }
        any = true;
        int room = max - current.size();
        if (len > room) {
            truncated = true;
            if (room > 0) {
                current.write(buf, off, room);
            }
        } else {
            current.write(buf, off, len);
        }
    }

    private Line take() {
        byte[] bytes = current.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r' && !truncated) {
            bytes = java.util.Arrays.copyOf(bytes, n - 1);
        }
        Line line = new Line(bytes, truncated);
        current.reset();
        truncated = false;
        any = false;
        return line;
    }
}
