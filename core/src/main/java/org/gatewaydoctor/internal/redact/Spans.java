package org.gatewaydoctor.internal.redact;

import java.util.Arrays;
import org.gatewaydoctor.spi.Redactor;

/**
 * The ranges of a text to mask, collected by every detector on the original text and applied once:
 * overlapping and touching ranges become one {@link Redactor#MASK}.
 */
final class Spans {

    private long[] ranges = new long[8];
    private int size;

    /** Masks {@code [start, end)}; empty ranges are ignored. */
    void add(int start, int end) {
        if (end <= start) {
            return;
        }
        if (size == ranges.length) {
            ranges = Arrays.copyOf(ranges, size * 2);
        }
        ranges[size++] = ((long) start << 32) | end;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** {@code text} with every range replaced by the mask. */
    String apply(CharSequence text) {
        if (size == 0) {
            return text.toString();
        }
        long[] sorted = Arrays.copyOf(ranges, size);
        Arrays.sort(sorted); // by start, then end
        StringBuilder out = new StringBuilder(text.length());
        int written = 0;
        int i = 0;
        while (i < sorted.length) {
            int start = (int) (sorted[i] >>> 32);
            int end = (int) sorted[i];
            i++;
            while (i < sorted.length && (int) (sorted[i] >>> 32) <= end) {
                end = Math.max(end, (int) sorted[i]);
                i++;
            }
            if (start < written) {
                start = written;
            }
            out.append(text, written, start).append(Redactor.MASK);
            written = end;
        }
        out.append(text, written, text.length());
        return out.toString();
    }
}
