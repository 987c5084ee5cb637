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
                        boolean[] stamped = new boolean[size];
                        int n = Bytes.newlines(b, from, to, out, stamped, 40);
                        assertEquals(Math.min(size, expected.size()), n, from + ".." + to + " size " + size);
                        for (int i = 0; i < n; i++) {
                            assertEquals(expected.get(i), out[i], from + ".." + to + " #" + i);
                            int lineStart = i == 0 ? from : out[i - 1] + 1;
                            assertEquals(stampedByLoop(b, lineStart, out[i], 40), stamped[i],
                                    from + ".." + to + " #" + i);
                        }
                    }
                }
            }
        }
    }

    private static final byte[] STAMP = "2026/12/07 17:53:28 [".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The byte-by-byte reference of {@link Bytes#stamped}: nginx's {@code yyyy/mm/dd hh:mm:ss [}. */
    private static boolean stampByLoop(byte[] b, int at) {
        for (int i = 0; i < STAMP.length; i++) {
            byte c = b[at + i];
            boolean digit = c >= '0' && c <= '9';
            if (Character.isDigit(STAMP[i]) ? !digit : c != STAMP[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean stampedByLoop(byte[] b, int start, int end, int maxLength) {
        return end - start >= STAMP.length && end - start <= maxLength && stampByLoop(b, start);
    }

    @Test
    void tellsNginxTimestampsAsAByteLoopDoesWhateverByteReplacesAnyOfTheirs() {
        byte[] b = new byte[STAMP.length + 8];
        for (int pos = 0; pos < STAMP.length; pos++) {
            for (int v = 0; v < 256; v++) {
                for (int at = 0; at < 8; at += 7) {
                    java.util.Arrays.fill(b, (byte) 'x');
                    System.arraycopy(STAMP, 0, b, at, STAMP.length);
                    b[at + pos] = (byte) v;
                    assertEquals(stampByLoop(b, at), Bytes.stamped(b, at), "byte " + pos + " = " + v);
                }
            }
        }
        assertEquals(true, Bytes.stamped(STAMP, 0));
        assertEquals(true, Bytes.stamped("0000/00/00 00:00:00 [".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0));
        assertEquals(true, Bytes.stamped("9999/99/99 99:99:99 [".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0));
    }

    @Test
    void classifiesEveryIndexedLineAsTheLineByLineCheckDoes() {
        Random random = new Random(1414);
        for (int round = 0; round < 400; round++) {
            // lines: nginx stamps (some with one byte changed), stack-trace lines, empty lines, lengths around
            // the stamp's 21 bytes and around the longest line allowed
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            int lines = random.nextInt(12);
            for (int l = 0; l < lines; l++) {
                int kind = random.nextInt(5);
                byte[] line;
                if (kind <= 2) {
                    int length = STAMP.length - 2 + random.nextInt(kind == 0 ? 5 : 40);
                    line = new byte[length];
                    for (int i = 0; i < length; i++) {
                        line[i] = (byte) (' ' + random.nextInt(90));
                    }
                    System.arraycopy(STAMP, 0, line, 0, Math.min(length, STAMP.length));
                    if (kind == 2 && length > 0) {
                        line[random.nextInt(Math.min(length, STAMP.length))] = (byte) random.nextInt(256);
                    }
                } else if (kind == 3) {
                    line = "#0 /var/www/wp-includes/x.php(12): f()".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                } else {
                    line = new byte[0];
                }
                text.writeBytes(line);
                if (l < lines - 1 || random.nextBoolean()) {
                    text.write('\n');
                }
            }
            byte[] b = text.toByteArray();
            for (int from = 0; from <= b.length; from += 1 + random.nextInt(5)) {
                for (int to = from; to <= b.length; to += 1 + random.nextInt(4)) {
                    for (int maxLength : new int[] {21, 22, 30, 64}) {
                        int[] out = new int[64];
                        boolean[] stamped = new boolean[64];
                        int n = Bytes.newlines(b, from, to, out, stamped, maxLength);
                        assertEquals(countByLoop(b, from, to), n, from + ".." + to);
                        for (int i = 0; i < n; i++) {
                            int lineStart = i == 0 ? from : out[i - 1] + 1;
                            assertEquals(stampedByLoop(b, lineStart, out[i], maxLength), stamped[i],
                                    from + ".." + to + " #" + i + " max " + maxLength);
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

    /** The last occurrence of a needle, eight bytes a step from the end: what String.lastIndexOf gives, at every bound. */
    @Test
    void lastIndexOfGivesWhatStringLastIndexOfGives() {
        Random random = new Random(12);
        String[] needles = {"/wp-content/", "-", "ab", "aaa", "a-a", "/wp-content/plugins/"};
        for (int round = 0; round < 100_000; round++) {
            String needle = needles[random.nextInt(needles.length)];
            int key = random.nextInt(needle.length());
            char[] c = new char[random.nextInt(70)];
            for (int i = 0; i < c.length; i++) {
                c[i] = "ab-/wpcontent".charAt(random.nextInt(13));
            }
            String hay = new String(c);
            if (random.nextBoolean() && hay.length() > 0) {
                int at = random.nextInt(hay.length());
                hay = hay.substring(0, at) + needle + hay.substring(at);
            }
            byte[] b = hay.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            int from = random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            String region = hay.substring(from, to);
            int expected = region.lastIndexOf(needle);
            assertEquals(expected < 0 ? -1 : from + expected, Bytes.lastIndexOf(b, from, to, n, key),
                    hay + " [" + from + ", " + to + ") " + needle + " key " + key);
        }
    }
}
