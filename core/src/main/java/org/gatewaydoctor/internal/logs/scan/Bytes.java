package org.gatewaydoctor.internal.logs.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-level helpers for the hot path: newlines counted and found eight bytes at a time. */
final class Bytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private Bytes() {
    }

    /**
     * Number of {@code '\n'} bytes in {@code buf[from, to)}. Sixteen bytes a step; the flags are summed with a
     * multiplication, not {@link Long#bitCount}, which C1 (the launcher's only compiler) calls as a method: 0.48 ->
     * 0.15-0.17 ns a byte, C1, one thread, on the dense 2% log.
     */
    static long countNewlines(byte[] buf, int from, int to) {
        long count = 0;
        int i = from;
        for (; i + 16 <= to; i += 16) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long x2 = (long) LONGS.get(buf, i + 8) ^ NEWLINES;
            // Exact zero-byte detection: the high bit of each byte of y is set iff that byte of x is 0.
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            long y2 = ~(((x2 & LOW7) + LOW7) | x2 | LOW7);
            // one per flagged byte and lane (at most 2), the eight lanes summed into the top byte (at most 16)
            count += (((y >>> 7) + (y2 >>> 7)) * 0x0101010101010101L) >>> 56;
        }
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            count += ((y >>> 7) * 0x0101010101010101L) >>> 56;
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    /** {@link #kinds}: some byte has its high bit set (not ASCII). */
    static final int HIGH = 1;
    /** {@link #kinds}: some byte is 0. */
    static final int NUL = 2;

    /** Which of {@link #HIGH} and {@link #NUL} occur in {@code buf[from, to)}. Eight bytes a step. */
    static int kinds(byte[] buf, int from, int to) {
        long high = 0;
        long zero = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i);
            high |= x;
            zero |= ~(((x & LOW7) + LOW7) | x | LOW7);
        }
        int out = (high & ~LOW7) != 0 ? HIGH : 0;
        if (zero != 0) {
            out |= NUL;
        }
        for (; i < to; i++) {
            if (buf[i] < 0) {
                out |= HIGH;
            } else if (buf[i] == 0) {
                out |= NUL;
            }
        }
        return out;
    }

    /**
     * The index (0-7, little-endian) of the lowest byte of {@code y} whose high bit is set, {@code y} having no other
     * bits than high bits and at least one: the lowest flag, moved to its byte's low bit, times {@code 0x0001..07}
     * leaves the index in the top byte. Not {@link Long#numberOfTrailingZeros}, which C1 (the launcher's only
     * compiler) calls as a method: 15% of a 5% scan's samples when the newline index took it.
     */
    static int firstFlagged(long y) {
        return (int) ((((y & -y) >>> 7) * 0x0001020304050607L) >>> 56);
    }

    /**
     * Writes the positions of the {@code '\n'} bytes of {@code buf[from, to)} into {@code out}, in order, until it is
     * full. Eight bytes a step.
     *
     * @return how many were written: all of the range's when fewer than {@code out.length}
     */
    static int newlines(byte[] buf, int from, int to, int[] out) {
        int n = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            while (y != 0) {
                out[n++] = i + firstFlagged(y);
                if (n == out.length) {
                    return n;
                }
                y &= y - 1;
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                out[n++] = i;
                if (n == out.length) {
                    return n;
                }
            }
        }
        return n;
    }

    /** Index of the first {@code '\n'} in {@code buf[from, to)}, or -1. Eight bytes at a time. */
    static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            if (y != 0) {
                // little-endian: the lowest flagged byte is the first newline
                return i + firstFlagged(y);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the last {@code '\n'} in {@code buf[from, to)}, or -1. Eight bytes at a time. */
    static int lastIndexOfNewline(byte[] buf, int from, int to) {
        int i = to;
        for (; i - 8 >= from; i -= 8) {
            long x = (long) LONGS.get(buf, i - 8) ^ NEWLINES;
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            if (y != 0) {
                // little-endian: the highest flagged byte is the last newline
                return i - 8 + ((63 - Long.numberOfLeadingZeros(y)) >>> 3);
            }
        }
        for (i--; i >= from; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
