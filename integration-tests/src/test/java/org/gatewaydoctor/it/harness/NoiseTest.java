package org.gatewaydoctor.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The noise is what the servers write: every dated line is recognised as its format and dated within the day. */
class NoiseTest {

    @TempDir
    Path dir;

    private static final Map<Noise.Kind, LogFormat> FORMATS = Map.of(
            Noise.Kind.NGINX_ERROR, LogFormat.NGINX_ERROR, Noise.Kind.NGINX_ACCESS, LogFormat.HTTP_ACCESS,
            Noise.Kind.APACHE_ERROR, LogFormat.APACHE_ERROR, Noise.Kind.APACHE_ACCESS, LogFormat.HTTP_ACCESS,
            Noise.Kind.PHP_FPM, LogFormat.PHP_FPM, Noise.Kind.PHP_FPM_SLOW, LogFormat.PHP_FPM_SLOWLOG,
            Noise.Kind.PHP_ERROR, LogFormat.PHP_ERROR, Noise.Kind.HAPROXY, LogFormat.HAPROXY,
            Noise.Kind.MARIADB, LogFormat.MYSQL_ERROR);

    @Test
    void everyKindIsWrittenInItsServersFormatWithinItsDay() throws Exception {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        Instant start = Instant.parse("2026-12-06T00:00:00Z");
        Duration span = Duration.ofHours(24);
        for (Noise.Kind kind : Noise.kinds()) {
            Path f = dir.resolve(kind + ".log");
            Noise.write(kind, f, start, span, zone);
            long size = Files.size(f);
            assertTrue(size >= kind.megabytes * 1_000_000L && size < kind.megabytes * 1_100_000L, kind + ": " + size);
            List<String> lines = Files.readAllLines(f);
            long dated = 0;
            for (String line : lines) {
                LogFormat format = LineFormats.detect(line);
                Instant at = LineFormats.timestamp(format, line, zone, 2026);
                if (at != null) {
                    dated++;
                    assertEquals(FORMATS.get(kind), format, line);
                    assertTrue(!at.isBefore(start.minusSeconds(1)) && !at.isAfter(start.plus(span)), kind + ": " + line);
                } else {
                    // only continuation lines are undated: blank separators, slowlog and PHP stack lines
                    assertTrue(line.isEmpty() || format == LogFormat.PHP_FPM_SLOWLOG || line.startsWith("Stack trace:")
                            || line.startsWith("#") || line.startsWith("  thrown in "), kind + ": " + line);
                }
            }
            assertTrue(dated > 1000, kind + ": " + dated);
        }
    }

    @Test
    void theBurstsAreFourOfTwentyMinutes() {
        Instant start = Instant.parse("2026-12-06T00:00:00Z");
        long minutes = 0;
        for (int m = 0; m < 24 * 60; m++) {
            if (Noise.inBurst(start, Duration.ofHours(24), start.plusSeconds(m * 60L))) {
                minutes++;
            }
        }
        assertEquals(80, minutes);
    }
}
