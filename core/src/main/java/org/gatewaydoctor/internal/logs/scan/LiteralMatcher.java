package org.gatewaydoctor.internal.logs.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds many literals at once in raw bytes. Up to {@value #SHIFT_OR_ABOVE} literals (or when some
 * literal is shorter than {@value #SHIFT_OR_MIN_LENGTH} bytes): a Wu-Manber search with 3-byte blocks
 * hashed into a 64 Ki-entry shift table. The window is the length of the shortest literal (at most 32
 * bytes), so on ordinary log text the search skips several bytes per step and never decodes anything.
 * Larger sets share so many blocks with the text that the shifts shrink towards one byte; they use
 * the bucketed shift-or of {@link ShiftOrMatcher}, whose cost per byte does not depend on the number
 * of literals. (The bound was 64 until the Wu-Manber loop stopped waiting on its table loads: compiled by C1,
 * as the launcher runs it, on 64 MB of the dense 2% log, CPU per byte: the catalogue's 140 literals 0.55-0.65 ns
 * Wu-Manber against 0.83-1.02 ns shift-or; 967 literals 1.29-1.31 against 1.35-1.58. It was 512 until the anchors
 * were chosen on a sample: then, thread CPU per byte, C1, 64 MiB of the dense 2% log from 100 MiB in, under load 8,
 * the benchmark's 967 literals Wu-Manber 0.69 against shift-or 1.02-1.04, 1,967 literals 0.90 against 1.11, 3,967
 * literals 1.72 against 1.49; on the real 2% log 967 literals 0.90 against 0.89.)
 */
public final class LiteralMatcher {

    private static final int TABLE_BITS = 16;
    private static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    /** Above this many literals (all at least {@link #SHIFT_OR_MIN_LENGTH} long), the shift-or. */
    static final int SHIFT_OR_ABOVE = 2048;
    static final int SHIFT_OR_MIN_LENGTH = 8;
    private static final int BLOCK = 3;
    private static final int MAX_WINDOW = 32;
    /**
     * At most this much of a sample is read to choose anchors ({@link #chooseAnchors}). The first matchers are built
     * while the scan threads wait for them, mostly interpreted; a whole 4 MiB buffer took ~30 ms of that wait. C1, 64
     * MiB of the real 2% and the generated 0.5% logs: the searches' speed with anchors chosen on 4 MiB, 1 MiB, 256 KiB
     * and 64 KiB of their start is the same (0.343-0.353 / 0.396-0.417 ns a byte with the catalogue, 0.207-0.216 /
     * 0.221-0.226 with nginx's literals).
     */
    static final int ANCHOR_SAMPLE = 256 << 10;

    private final byte[][] literals;
    /** Where in each literal its window of {@link #window} bytes starts (its anchor). */
    private final int[] offsets;
    private final int window;
    private final byte[] shift;
    private final int[] bucketStart;
    private final int[] bucketLiterals;
    private final ShiftOrMatcher shiftOr;

    /** Receives every occurrence: the literal's index and where it starts. */
    public interface Sink {
        void match(int literal, int start);
    }

    public LiteralMatcher(List<String> literalTexts) {
        this(literalTexts, null, 0, 0);
    }

    /**
     * A matcher whose anchors are chosen for text like {@code sample[from, to)}: each literal is searched
     * by the part of it (as long as the shortest literal) whose 3-byte blocks are rarest in the sample, so
     * that the blocks of ordinary lines ({@code PHP Warning:  }, {@code while reading}, {@code upstream})
     * rarely end a window and shifts stay long (the sample's first {@value #ANCHOR_SAMPLE} bytes are read).
     * Without a sample a literal's anchor is its start. Which
     * occurrences are found does not depend on the sample.
     */
    public LiteralMatcher(List<String> literalTexts, byte[] sample, int from, int to) {
        literals = new byte[literalTexts.size()][];
        int min = MAX_WINDOW;
        for (int i = 0; i < literals.length; i++) {
            literals[i] = literalTexts.get(i).getBytes(StandardCharsets.UTF_8);
            min = Math.min(min, literals[i].length);
        }
        final int b = BLOCK;
        if (literals.length > 0 && min < b) {
            throw new IllegalArgumentException("literals must be at least " + b + " bytes long");
        }
        window = literals.length == 0 ? b : min;
        offsets = new int[literals.length];
        if (literals.length > SHIFT_OR_ABOVE && min >= SHIFT_OR_MIN_LENGTH) {
            shiftOr = new ShiftOrMatcher(literals, min);
            shift = null;
            bucketStart = null;
            bucketLiterals = null;
            return;
        }
        shiftOr = null;
        if (sample != null && to - from > window) {
            chooseAnchors(sample, from, Math.min(to, from + ANCHOR_SAMPLE));
        }
        shift = new byte[1 << TABLE_BITS];
        Arrays.fill(shift, (byte) (window - b + 1));
        List<List<Integer>> buckets = new ArrayList<>(1 << TABLE_BITS);
        for (int i = 0; i < (1 << TABLE_BITS); i++) {
            buckets.add(null);
        }
        for (int lit = 0; lit < literals.length; lit++) {
            byte[] p = literals[lit];
            int o = offsets[lit];
            for (int j = b - 1; j < window; j++) {
                int h = hash(p[o + j - 2], p[o + j - 1], p[o + j]);
                int s = window - 1 - j;
                if (s < shift[h]) {
                    shift[h] = (byte) s;
                }
                if (s == 0) {
                    if (buckets.get(h) == null) {
                        buckets.set(h, new ArrayList<>(2));
                    }
                    buckets.get(h).add(lit);
                }
            }
        }
        bucketStart = new int[(1 << TABLE_BITS) + 1];
        List<Integer> flat = new ArrayList<>();
        for (int h = 0; h < (1 << TABLE_BITS); h++) {
            bucketStart[h] = flat.size();
            if (buckets.get(h) != null) {
                flat.addAll(buckets.get(h));
            }
        }
        bucketStart[1 << TABLE_BITS] = flat.size();
        bucketLiterals = flat.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Picks each literal's anchor: the window whose blocks cost least on the sample. A block at window
     * position {@code j} that occurs {@code f} times in the sample makes the search stop short
     * ({@code window - 1 - j} bytes) {@code f} times, and the last block sends every occurrence to
     * verification; so the cost of an anchor is the sum of {@code f / (window - j)} over its blocks.
     */
    private void chooseAnchors(byte[] sample, int from, int to) {
        int[] freq = new int[1 << TABLE_BITS];
        for (int i = from + 2; i < to; i++) {
            freq[hash(sample[i - 2], sample[i - 1], sample[i])]++;
        }
        for (int lit = 0; lit < literals.length; lit++) {
            byte[] p = literals[lit];
            double best = Double.MAX_VALUE;
            for (int o = 0; o + window <= p.length; o++) {
                double cost = 0;
                for (int j = BLOCK - 1; j < window; j++) {
                    cost += freq[hash(p[o + j - 2], p[o + j - 1], p[o + j])] / (double) (window - j);
                }
                if (cost < best) {
                    best = cost;
                    offsets[lit] = o;
                }
            }
        }
    }

    /** The table slot of the block {@code a b c} (in text order): as {@link #search3} hashes a little-endian int. */
    private static int hash(byte a, byte b, byte c) {
        int v = (a & 0xFF) | ((b & 0xFF) << 8) | ((c & 0xFF) << 16);
        return (v * 0x9E3779B1) >>> (32 - TABLE_BITS);
    }

    public int size() {
        return literals.length;
    }

    /**
     * Reports every occurrence of every literal within {@code buf[from, to)}, in order of the end of each
     * occurrence's anchor: occurrences that do not overlap come in order of position, overlapping ones
     * (two literals on the same stretch of a line) in any order.
     */
    public void search(byte[] buf, int from, int to, Sink sink) {
        if (literals.length == 0) {
            return;
        }
        if (shiftOr != null) {
            shiftOr.search(buf, from, to, sink);
        } else {
            search3(buf, from, to, sink);
        }
    }

    /**
     * The Wu-Manber loop. Most steps of ordinary text take the longest shift; that case adds a constant, so
     * the next position does not wait for the table load (a predicted branch instead of a data dependency:
     * the processor computes the next blocks' hashes while the load is in flight). Measured, C1-compiled, on
     * the dense 2% log: 0.92 -> 0.35 ns a byte for the same steps.
     */
    private void search3(byte[] buf, int from, int to, Sink sink) {
        final byte[] shift = this.shift;
        final int m = window;
        final int longest = m - BLOCK + 1;
        int pos = from + m - 1;
        // the block ending at pos read as one little-endian int from pos - 2 (its top byte, buf[pos + 1], masked
        // off) while that int lies within the array; the last position (if the region ends the array) byte by byte
        final int intsUpTo = Math.min(to, buf.length - 1);
        // Up to four longest shifts per iteration, as long as all four blocks can be read as ints: the same steps as
        // the loop below, without its per-step test of the array's end and with a quarter of the loop's back
        // branches (under C1 each polls for a safepoint). C1, 64 MiB of the real 2% log, one thread: nginx's
        // literals 0.273 -> 0.220 ns a byte, the whole catalogue 0.416 -> 0.362.
        final int fourUpTo = intsUpTo - 3 * longest;
        while (pos < fourUpTo) {
            int h = ((((int) INTS.get(buf, pos - 2)) & 0xFFFFFF) * 0x9E3779B1) >>> (32 - TABLE_BITS);
            int s = shift[h];
            if (s == longest) {
                pos += longest;
                h = ((((int) INTS.get(buf, pos - 2)) & 0xFFFFFF) * 0x9E3779B1) >>> (32 - TABLE_BITS);
                s = shift[h];
                if (s == longest) {
                    pos += longest;
                    h = ((((int) INTS.get(buf, pos - 2)) & 0xFFFFFF) * 0x9E3779B1) >>> (32 - TABLE_BITS);
                    s = shift[h];
                    if (s == longest) {
                        pos += longest;
                        h = ((((int) INTS.get(buf, pos - 2)) & 0xFFFFFF) * 0x9E3779B1) >>> (32 - TABLE_BITS);
                        s = shift[h];
                        if (s == longest) {
                            pos += longest;
                            continue;
                        }
                    }
                }
            }
            if (s != 0) {
                pos += s;
                continue;
            }
            verify(buf, from, pos - m + 1, to, h, sink);
            pos++;
        }
        while (pos < to) {
            int v = pos < intsUpTo ? (int) INTS.get(buf, pos - 2) & 0xFFFFFF
                    : (buf[pos - 2] & 0xFF) | ((buf[pos - 1] & 0xFF) << 8) | ((buf[pos] & 0xFF) << 16);
            int h = (v * 0x9E3779B1) >>> (32 - TABLE_BITS);
            int s = shift[h];
            if (s == longest) {
                pos += longest;
                continue;
            }
            if (s != 0) {
                pos += s;
                continue;
            }
            verify(buf, from, pos - m + 1, to, h, sink);
            pos++;
        }
    }

    private void verify(byte[] buf, int from, int windowStart, int to, int h, Sink sink) {
        for (int k = bucketStart[h], end = bucketStart[h + 1]; k < end; k++) {
            int lit = bucketLiterals[k];
            byte[] l = literals[lit];
            int start = windowStart - offsets[lit];
            if (start >= from && start + l.length <= to && regionMatches(buf, start, l)) {
                sink.match(lit, start);
            }
        }
    }

    private static boolean regionMatches(byte[] buf, int at, byte[] lit) {
        for (int i = 0; i < lit.length; i++) {
            if (buf[at + i] != lit[i]) {
                return false;
            }
        }
        return true;
    }
}
