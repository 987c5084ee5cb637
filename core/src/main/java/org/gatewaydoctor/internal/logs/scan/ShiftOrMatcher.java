package org.gatewaydoctor.internal.logs.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The search {@link LiteralMatcher} uses for large literal sets: a bucketed shift-or in the manner of
 * Hyperscan's FDR, but scalar and stepping two bytes at a time. The text is read as 2-byte units at
 * even offsets from the region start (the top bit of each byte dropped: a 32 Ki-entry mask table). A
 * literal starting at an even offset shows its units {@code p[0,1], p[2,3], ...}; one starting at an
 * odd offset shows {@code p[1,2], p[3,4], ...}. The first {@code units} of each kind (at most 8, within
 * the shortest literal) are what the filter checks. Literals are sorted by their first bytes and cut
 * into 4 buckets of neighbours; the state is a {@code long} of 8 byte lanes, lane {@code k} bit
 * {@code b} (even start) or {@code 4 + b} (odd start) clear when some literal of bucket {@code b} may
 * have its first {@code k + 1} units end at the current unit. Each step shifts the state by one lane
 * and ORs in the unit's mask, so the cost per byte does not grow with the number of literals; a clear
 * bit in lane {@code units - 1} is a candidate start, confirmed by looking its first bytes up in a
 * hash table of exact prefixes and comparing the literals that have them.
 */
final class ShiftOrMatcher {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int UNIT_MASK = 0x7F7F;
    private static final int BUCKETS = 4;
    private static final int MAX_UNITS = 8;
    private static final int MAX_KEY = 8;

    private final byte[][] literals;
    /** Units checked per literal and alignment. */
    private final int units;
    /** Prefix bytes in the exact-prefix table's keys. */
    private final int keyLength;
    private final long keyMask;
    private final long[] masks;
    private final long candidateLane;
    /** Open-addressing table of prefixes (little-endian in a long) to runs of {@link #prefixLiterals}. */
    private final long[] prefixKeys;
    private final int[] prefixStart;
    /** Runs of literal indices, each ended by -1. */
    private final int[] prefixLiterals;
    private final int prefixMask;

    /** {@code minLength}: the length of the shortest literal, at least 3. */
    ShiftOrMatcher(byte[][] literals, int minLength) {
        if (minLength < 3) {
            throw new IllegalArgumentException("literals must be at least 3 bytes long");
        }
        this.literals = literals;
        this.units = Math.min(MAX_UNITS, (minLength - 1) / 2);
        this.keyLength = Math.min(MAX_KEY, minLength);
        this.keyMask = keyLength == 8 ? -1L : (1L << (8 * keyLength)) - 1;

        Integer[] order = new Integer[literals.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> sortKey(literals[i], keyLength))
                .thenComparingInt(i -> i));

        long unconstrained = 0;
        for (int k = 0; k < units; k++) {
            unconstrained |= 0xFFL << (8 * k);
        }
        masks = new long[UNIT_MASK + 1];
        Arrays.fill(masks, unconstrained);
        for (int r = 0; r < order.length; r++) {
            int lit = order[r];
            int bucket = (int) ((long) r * BUCKETS / order.length);
            byte[] p = literals[lit];
            for (int k = 0; k < units; k++) {
                masks[unit(p[2 * k], p[2 * k + 1])] &= ~(1L << (8 * k + bucket));
                masks[unit(p[2 * k + 1], p[2 * k + 2])] &= ~(1L << (8 * k + BUCKETS + bucket));
            }
        }
        candidateLane = 0xFFL << (8 * (units - 1));

        Integer[] byPrefix = order.clone();
        Arrays.sort(byPrefix, Comparator.comparingLong((Integer i) -> key(literals[i])).thenComparingInt(i -> i));
        int groups = 0;
        for (int i = 0; i < byPrefix.length; i++) {
            if (i == 0 || key(literals[byPrefix[i]]) != key(literals[byPrefix[i - 1]])) {
                groups++;
            }
        }
        int slots = Integer.highestOneBit(Math.max(4, groups * 4 - 1)) << 1;
        prefixMask = slots - 1;
        prefixKeys = new long[slots];
        prefixStart = new int[slots];
        Arrays.fill(prefixStart, -1);
        prefixLiterals = new int[literals.length + groups];
        int w = 0;
        for (int i = 0; i < byPrefix.length; ) {
            long key = key(literals[byPrefix[i]]);
            int slot = slot(key);
            while (prefixStart[slot] >= 0) {
                slot = (slot + 1) & prefixMask;
            }
            prefixKeys[slot] = key;
            prefixStart[slot] = w;
            int j = i;
            while (j < byPrefix.length && key(literals[byPrefix[j]]) == key) {
                prefixLiterals[w++] = byPrefix[j++];
            }
            prefixLiterals[w++] = -1;
            i = j;
        }
    }

    private static long sortKey(byte[] p, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = (v << 8) | (p[i] & 0xFF);
        }
        return (v << (8 * (MAX_KEY - len))) ^ Long.MIN_VALUE;
    }

    /** The first {@link #keyLength} bytes of a literal, little-endian. */
    private long key(byte[] p) {
        long v = 0;
        for (int i = keyLength - 1; i >= 0; i--) {
            v = (v << 8) | (p[i] & 0xFF);
        }
        return v;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & prefixMask;
    }

    private static int unit(byte lo, byte hi) {
        return ((lo & 0xFF) | ((hi & 0xFF) << 8)) & UNIT_MASK;
    }

    void search(byte[] buf, int from, int to, LiteralMatcher.Sink sink) {
        final long[] masks = this.masks;
        final long lane = candidateLane;
        final int back = 2 * (units - 1);
        long d = -1L;
        int e = from;
        for (; e + 8 <= to; e += 8) {
            long w = (long) LONG.get(buf, e);
            long d1 = (d << 8) | masks[(int) w & UNIT_MASK];
            long d2 = (d1 << 8) | masks[(int) (w >>> 16) & UNIT_MASK];
            long d3 = (d2 << 8) | masks[(int) (w >>> 32) & UNIT_MASK];
            long d4 = (d3 << 8) | masks[(int) (w >>> 48) & UNIT_MASK];
            if ((~(d1 & d2 & d3 & d4) & lane) != 0) {
                candidates(buf, from, to, e - back, ~d1 & lane, sink);
                candidates(buf, from, to, e + 2 - back, ~d2 & lane, sink);
                candidates(buf, from, to, e + 4 - back, ~d3 & lane, sink);
                candidates(buf, from, to, e + 6 - back, ~d4 & lane, sink);
            }
            d = d4;
        }
        for (; e + 2 <= to; e += 2) {
            d = (d << 8) | masks[unit(buf[e], buf[e + 1])];
            if ((~d & lane) != 0) {
                candidates(buf, from, to, e - back, ~d & lane, sink);
            }
        }
    }

    /** {@code hits}: the candidate lane's clear bits for an even start at {@code start}. */
    private void candidates(byte[] buf, int from, int to, int start, long hits, LiteralMatcher.Sink sink) {
        if (hits == 0) {
            return;
        }
        int bits = (int) (hits >>> (8 * (units - 1)));
        if ((bits >>> BUCKETS) != 0 && start - 1 >= from) {
            verify(buf, start - 1, to, sink);
        }
        if ((bits & ((1 << BUCKETS) - 1)) != 0) {
            verify(buf, start, to, sink);
        }
    }

    private void verify(byte[] buf, int start, int to, LiteralMatcher.Sink sink) {
        if (start + keyLength > to) {
            return;
        }
        long key;
        if (start + 8 <= buf.length) {
            key = (long) LONG.get(buf, start) & keyMask;
        } else {
            key = 0;
            for (int i = keyLength - 1; i >= 0; i--) {
                key = (key << 8) | (buf[start + i] & 0xFF);
            }
        }
        int slot = slot(key);
        int k;
        while ((k = prefixStart[slot]) >= 0) {
            if (prefixKeys[slot] == key) {
                for (int lit; (lit = prefixLiterals[k]) >= 0; k++) {
                    byte[] l = literals[lit];
                    if (start + l.length <= to && rest(buf, start, l, keyLength)) {
                        sink.match(lit, start);
                    }
                }
                return;
            }
            slot = (slot + 1) & prefixMask;
        }
    }

    private static boolean rest(byte[] buf, int at, byte[] lit, int from) {
        for (int i = from; i < lit.length; i++) {
            if (buf[at + i] != lit[i]) {
                return false;
            }
        }
        return true;
    }
}
