package org.gatewaydoctor.internal.logs.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-level helpers for the hot path: newline counting eight bytes at a time. */
final class Bytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private Bytes() {
    }

    /** Number of {@code '\n'} bytes in {@code buf[from, to)}. */
    static long countNewlines(byte[] buf, int from, int to) {
        long count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            // Exact zero-byte detection: the high bit of each byte of y is set iff that byte of x is 0.
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            count += Long.bitCount(y);
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    /** Index of the first {@code '\n'} in {@code buf[from, to)}, or -1. */
    static int indexOfNewline(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the last {@code '\n'} in {@code buf[from, to)}, or -1. */
    static int lastIndexOfNewline(byte[] buf, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
