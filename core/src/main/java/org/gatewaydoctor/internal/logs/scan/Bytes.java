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
     * full; sixteen bytes a step. For each newline {@code out[k]} written, {@code stamped[k]} tells
     * whether the line it ends (from the previous newline, or {@code from} for the first) is at least
     * {@value #STAMP} and at most {@code maxLength} bytes long and starts as {@link #stamped} says: the line is
     * classified while its bytes are still in the processor's nearest cache, not in a second pass over the chunk
     * after it was indexed (which missed the cache on every line start).
     *
     * @return how many were written: all of the range's when fewer than {@code out.length}
     */
    static int newlines(byte[] buf, int from, int to, int[] out, boolean[] stamped, int maxLength) {
        int n = 0;
        int lineStart = from;
        int i = from;
        for (; i + 16 <= to; i += 16) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long x2 = (long) LONGS.get(buf, i + 8) ^ NEWLINES;
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            long y2 = ~(((x2 & LOW7) + LOW7) | x2 | LOW7);
            if ((y | y2) == 0) {
                continue;
            }
            while (y != 0) {
                int nl = i + firstFlagged(y);
                out[n] = nl;
                stamped[n] = nl - lineStart >= STAMP && nl - lineStart <= maxLength && stamped(buf, lineStart);
                lineStart = nl + 1;
                if (++n == out.length) {
                    return n;
                }
                y &= y - 1;
            }
            while (y2 != 0) {
                int nl = i + 8 + firstFlagged(y2);
                out[n] = nl;
                stamped[n] = nl - lineStart >= STAMP && nl - lineStart <= maxLength && stamped(buf, lineStart);
                lineStart = nl + 1;
                if (++n == out.length) {
                    return n;
                }
                y2 &= y2 - 1;
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                out[n] = i;
                stamped[n] = i - lineStart >= STAMP && i - lineStart <= maxLength && stamped(buf, lineStart);
                lineStart = i + 1;
                if (++n == out.length) {
                    return n;
                }
            }
        }
        return n;
    }

    /** Length of the prefix {@link #stamped} reads: {@code yyyy/mm/dd hh:mm:ss [}. */
    static final int STAMP = 21;
    private static final long HIGH_NIBBLES = 0xF0F0F0F0F0F0F0F0L;
    private static final long LOW_NIBBLES = 0x0F0F0F0F0F0F0F0FL;
    private static final long DIGIT_HIGH = 0x3030303030303030L;
    private static final long SIXES = 0x0606060606060606L;
    /** Bytes 0-7 {@code yyyy/mm/}: digits (one 0xFF byte each, little-endian) and the other bytes' values. */
    private static final long STAMP_A_DIGITS = 0x00FFFF00FFFFFFFFL;
    private static final long STAMP_A_OTHER = 0x2F00002F00000000L;
    /** Bytes 8-15 {@code dd hh:mm}. */
    private static final long STAMP_B_DIGITS = 0xFFFF00FFFF00FFFFL;
    private static final long STAMP_B_OTHER = 0x00003A0000200000L;
    /** Bytes 13-20 {@code :mm:ss [}. */
    private static final long STAMP_C_DIGITS = 0x0000FFFF00FFFF00L;
    private static final long STAMP_C_OTHER = 0x5B2000003A00003AL;

    /**
     * Whether {@code buf[at, at + 21)} is {@code yyyy/mm/dd hh:mm:ss [} with ASCII digits, the start of a line of
     * nginx's error log; the caller makes sure the 21 bytes are in the array. Three 8-byte words compared under masks
     * instead of 21 bytes one by one (each with its bounds check under C1). A byte is a digit iff its high nibble is
     * 3 and its low nibble plus 6 stays below 16.
     */
    static boolean stamped(byte[] buf, int at) {
        return stampWord((long) LONGS.get(buf, at), STAMP_A_DIGITS, STAMP_A_OTHER)
                && stampWord((long) LONGS.get(buf, at + 8), STAMP_B_DIGITS, STAMP_B_OTHER)
                && stampWord((long) LONGS.get(buf, at + 13), STAMP_C_DIGITS, STAMP_C_OTHER);
    }

    private static boolean stampWord(long x, long digits, long other) {
        return (x & ~digits) == other && (x & HIGH_NIBBLES & digits) == (DIGIT_HIGH & digits)
                && (((x & LOW_NIBBLES) + SIXES) & HIGH_NIBBLES & digits) == 0;
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

    /**
     * The largest {@code k} with {@code from <= k} and {@code k + needle.length <= to} where {@code buf[k, k +
     * needle.length)} equals {@code needle}, or -1 ({@link String#lastIndexOf(String, int)} on bytes). Looks for
     * {@code needle[key]} (a byte chosen as rare) eight bytes at a time, from the end, and compares the needle around
     * each one found.
     */
    static int lastIndexOf(byte[] buf, int from, int to, byte[] needle, int key) {
        int n = needle.length;
        int lo = from + key; // where needle[key] can be, inclusive
        int end = to - n + key + 1; // exclusive
        if (end <= lo) {
            return -1;
        }
        byte k = needle[key];
        long pattern = (k & 0xFFL) * 0x0101010101010101L;
        int i = end;
        for (; i - 8 >= lo; i -= 8) {
            long x = (long) LONGS.get(buf, i - 8) ^ pattern;
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            while (y != 0) {
                int b = (63 - Long.numberOfLeadingZeros(y)) >>> 3;
                int start = i - 8 + b - key;
                if (equalsAt(buf, start, needle)) {
                    return start;
                }
                y &= ~(0x80L << (b << 3));
            }
        }
        for (i--; i >= lo; i--) {
            if (buf[i] == k && equalsAt(buf, i - key, needle)) {
                return i - key;
            }
        }
        return -1;
    }

    /**
     * The smallest {@code k} with {@code from <= k} and {@code k + needle.length <= to} where {@code buf[k, k +
     * needle.length)} equals {@code needle}, or -1 ({@link String#indexOf(String, int)} on bytes), {@code needle[key]}
     * looked for eight bytes at a time.
     */
    static int indexOf(byte[] buf, int from, int to, byte[] needle, int key) {
        int n = needle.length;
        int lo = from + key;
        int end = to - n + key + 1; // where needle[key] can be: [lo, end)
        byte k = needle[key];
        long pattern = (k & 0xFFL) * 0x0101010101010101L;
        int i = lo;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ pattern;
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            while (y != 0) {
                int b = firstFlagged(y);
                if (equalsAt(buf, i + b - key, needle)) {
                    return i + b - key;
                }
                y &= y - 1; // the lowest flag off
            }
        }
        for (; i < end; i++) {
            if (buf[i] == k && equalsAt(buf, i - key, needle)) {
                return i - key;
            }
        }
        return -1;
    }

    /** The first {@code b} in {@code buf[from, to)}, or -1. */
    static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code buf[at, at + needle.length)} equals {@code needle} (the caller keeps it in the array). */
    static boolean equalsAt(byte[] buf, int at, byte[] needle) {
        for (int j = 0; j < needle.length; j++) {
            if (buf[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }
}
