package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;
import org.junit.jupiter.api.Test;

/**
 * The remembered second of nginx's stamped lines gives what {@link LineFormats#timestamp} gives for each line: runs
 * of equal seconds, dates that do not exist, a zone's gap and overlap, no zone, any tail after the stamp.
 */
class StampClockTest {

    private static final String[] TAILS = {" [error] 26306#26306: *14 FastCGI sent in stderr: \"PHP message: x\"",
        " [crit] 1#1: *2 connect() to unix:/run/php.sock failed (2: No such file or directory)", " [warn] 1#1: x: y",
        " [error] kernel: x", " [error] nginx[12]: 2026-03-29T02:30:00Z x", " [e]\u00e9\u0000 caf\u00e9", " ["};

    @Test
    void givesWhatReadingEachLineGives() {
        Random random = new Random(19);
        int same = 0;
        int missing = 0;
        for (ZoneId zone : new ZoneId[] {ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
            ZoneOffset.ofHours(5), null}) {
            StampClock clock = new StampClock(zone, 2026);
            String stamp = "2026/03/29 02:30:00";
            for (int i = 0; i < 40_000; i++) {
                int r = random.nextInt(10);
                if (r < 4) {
                    stamp = stamp(random, false);
                } else if (r < 5) {
                    stamp = stamp(random, true);
                } else if (r == 5) {
                    // one character of the clock changed: each position tells
                    char[] c = stamp.toCharArray();
                    int k = random.nextInt(c.length);
                    if (Character.isDigit(c[k])) {
                        c[k] = (char) ('0' + random.nextInt(10));
                    }
                    stamp = new String(c);
                } // else the same second again
                String line = stamp + TAILS[random.nextInt(TAILS.length)];
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                // the line somewhere in a buffer, as the scan holds it
                int at = random.nextInt(64);
                byte[] buf = new byte[at + b.length + 8];
                Arrays.fill(buf, (byte) '\n');
                System.arraycopy(b, 0, buf, at, b.length);
                assertTrue(Bytes.stamped(buf, at), line);
                String text = ScanEngine.decode(buf, at, b.length);
                assertEquals(LogFormat.NGINX_ERROR, LineFormats.detect(text), line);
                Instant expected = LineFormats.timestamp(LogFormat.NGINX_ERROR, text, zone, 2026);
                assertEquals(expected, clock.at(buf, at, text), zone + ": " + line);
                same += r > 5 ? 1 : 0;
                missing += expected == null ? 1 : 0;
            }
        }
        assertTrue(same > 50_000 && missing > 2_000, same + " repeated seconds, " + missing + " lines without a time");
    }

    /** A stamp near the Berlin and New York DST changes of 2026, or any digits (months and days that do not exist). */
    private static String stamp(Random random, boolean anyDigits) {
        if (anyDigits) {
            return String.format("%04d/%02d/%02d %02d:%02d:%02d", random.nextInt(10_000), random.nextInt(100),
                    random.nextInt(100), random.nextInt(100), random.nextInt(100), random.nextInt(100));
        }
        int[][] days = {{3, 8}, {3, 29}, {10, 25}, {11, 1}, {2, 28}, {2, 29}, {2, 30}, {12, 31}};
        int[] d = days[random.nextInt(days.length)];
        return String.format("2026/%02d/%02d %02d:%02d:%02d", d[0], d[1], random.nextInt(4), random.nextInt(60),
                random.nextInt(60));
    }
}
