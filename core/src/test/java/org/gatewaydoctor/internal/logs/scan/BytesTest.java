package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time newline search finds what a byte-by-byte loop finds, at every offset and length. */
class BytesTest {

    private static int firstByLoop(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastByLoop(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long countByLoop(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += b[i] == '\n' ? 1 : 0;
        }
        return n;
    }

    @Test
    void findsTheFirstAndLastNewlineOfEveryRangeAsALoopDoes() {
        Random random = new Random(14);
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[random.nextInt(70)];
            // newlines rare or dense, next to bytes that differ from '\n' in one bit and to negative bytes
            int density = 1 + random.nextInt(20);
            for (int i = 0; i < b.length; i++) {
                int r = random.nextInt(density * 4);
                b[i] = r == 0 ? (byte) '\n' : r == 1 ? (byte) 0x0B : r == 2 ? (byte) 0x8A : r == 3 ? (byte) 0x0E
                        : (byte) random.nextInt(256);
            }
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    assertEquals(firstByLoop(b, from, to), Bytes.indexOfNewline(b, from, to), from + ".." + to);
                    assertEquals(lastByLoop(b, from, to), Bytes.lastIndexOfNewline(b, from, to), from + ".." + to);
                    assertEquals(countByLoop(b, from, to), Bytes.countNewlines(b, from, to), from + ".." + to);
                }
            }
        }
    }

    @Test
    void countsRunsOfNewlinesWhereEveryByteOfAStepIsOne() {
        for (int length = 0; length <= 80; length++) {
            byte[] b = new byte[length + 3];
            java.util.Arrays.fill(b, (byte) '\n');
            b[0] = 'x';
            for (int from = 0; from <= 3; from++) {
                assertEquals(countByLoop(b, from, from + length), Bytes.countNewlines(b, from, from + length));
            }
        }
    }

    @Test
    void indexesTheNewlinesOfEveryRangeAsALoopFindsThemUpToTheIndexSize() {
        Random random = new Random(41);
        for (int round = 0; round < 200; round++) {
            byte[] b = new byte[random.nextInt(90)];
            int density = 1 + random.nextInt(12);
            for (int i = 0; i < b.length; i++) {
                int r = random.nextInt(density * 3);
                b[i] = r == 0 ? (byte) '\n' : r == 1 ? (byte) 0x8A : r == 2 ? (byte) 0x0B : (byte) random.nextInt(256);
            }
            for (int from = 0; from <= b.length; from += 1 + random.nextInt(3)) {
                for (int to = from; to <= b.length; to++) {
                    List<Integer> expected = new java.util.ArrayList<>();
                    for (int i = from; i < to; i++) {
                        if (b[i] == '\n') {
                            expected.add(i);
                        }
                    }
                    for (int size : new int[] {1, 2, 3, 7, 64}) {
                        int[] out = new int[size];
                        int n = Bytes.newlines(b, from, to, out);
                        assertEquals(Math.min(size, expected.size()), n, from + ".." + to + " size " + size);
                        for (int i = 0; i < n; i++) {
                            assertEquals(expected.get(i), out[i], from + ".." + to + " #" + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theFirstFlaggedByteIsTheLowestOfAnyCombination() {
        for (int flags = 1; flags < 256; flags++) {
            long y = 0;
            for (int k = 0; k < 8; k++) {
                if ((flags & (1 << k)) != 0) {
                    y |= 0x80L << (8 * k);
                }
            }
            assertEquals(Integer.numberOfTrailingZeros(flags), Bytes.firstFlagged(y), Long.toHexString(y));
        }
    }

    @Test
    void tellsNonAsciiAndNulBytesOfEveryRangeAsALoopDoes() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                int r = random.nextInt(30);
                b[i] = r == 0 ? 0 : r == 1 ? (byte) 0x80 : r == 2 ? (byte) 0xFF : r == 3 ? 0x7F : r == 4 ? 1
                        : (byte) (0x20 + random.nextInt(0x5F));
            }
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    int expected = 0;
                    for (int i = from; i < to; i++) {
                        expected |= b[i] < 0 ? Bytes.HIGH : b[i] == 0 ? Bytes.NUL : 0;
                    }
                    assertEquals(expected, Bytes.kinds(b, from, to), from + ".." + to);
                }
            }
        }
    }
}
