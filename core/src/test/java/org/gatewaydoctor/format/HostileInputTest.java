package org.gatewaydoctor.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;
import org.junit.jupiter.api.Test;

/**
 * Neither method may throw, whatever it is given: garbage, truncated and mutated real lines, huge
 * lines, NUL bytes, invalid UTF-8 (as the decoder leaves it), odd zones and years.
 */
class HostileInputTest {

    private static final ZoneId[] ZONES = {ZoneId.of("Europe/Berlin"), ZoneOffset.UTC, ZoneOffset.ofHours(-12), null};
    private static final int[] YEARS = {2026, 0, -1, 10_000, Integer.MIN_VALUE, Integer.MAX_VALUE};
    /** The characters the parsers branch on, to reach deep paths more often than uniform noise does. */
    private static final String INTERESTING = "[]<>0123456789:/-.+ TZx\"#*'\u0000\uFFFD\uFEFF\r\tNovSatDecJanUTCkernelhaproxy";

    /** Calls everything on {@code line}; returns the detected format. Fails with the line on any throwable. */
    static LogFormat exercise(String line) {
        try {
            LogFormat f = LineFormats.detect(line);
            assertNotNull(f);
            for (LogFormat format : LogFormat.values()) {
                for (ZoneId zone : ZONES) {
                    LineFormats.timestamp(format, line, zone, 2026);
                }
            }
            for (int year : YEARS) {
                LineFormats.timestamp(f, line, ZONES[0], year);
            }
            LineFormats.timestamp(null, line, ZONES[0], 2026);
            return f;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("threw on " + printable(line), e);
        }
    }

    static String printable(String line) {
        String head = line == null ? "null" : line.length() > 200 ? line.substring(0, 200) + "..." : line;
        StringBuilder b = new StringBuilder();
        head.codePoints().forEach(cp -> b.append(cp < 0x20 || cp > 0x7e ? String.format("\\u%04x", cp) : String.valueOf((char) cp)));
        return b.toString();
    }

    @Test
    void answersUnknownAndNullForNullAndEmpty() {
        assertEquals(LogFormat.UNKNOWN, LineFormats.detect(null));
        assertEquals(LogFormat.UNKNOWN, LineFormats.detect(""));
        for (LogFormat f : LogFormat.values()) {
            assertNull(LineFormats.timestamp(f, null, ZONES[0], 2026));
            assertNull(LineFormats.timestamp(f, "", ZONES[0], 2026));
        }
    }

    @Test
    void survivesRandomBytesDecodedAsUtf8AndLatin1() {
        Random random = new Random(20261121L);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            exercise(new String(bytes, StandardCharsets.UTF_8));
            exercise(new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void survivesRandomStringsOfTheCharactersTheParsersLookFor() {
        Random random = new Random(502L);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(80);
            for (int j = 0; j < n; j++) {
                b.append(INTERESTING.charAt(random.nextInt(INTERESTING.length())));
            }
            exercise(b.toString());
        }
    }

    @Test
    void survivesEveryTruncationOfEveryRealLine() {
        for (String line : allFixtureLines()) {
            for (int end = 0; end <= line.length(); end++) {
                exercise(line.substring(0, end));
                exercise(line.substring(end));
            }
        }
    }

    @Test
    void survivesSingleCharacterMutationsOfEveryRealLine() {
        Random random = new Random(7L);
        for (String line : allFixtureLines()) {
            int limit = Math.min(line.length(), 90);
            for (int i = 0; i < limit; i++) {
                char replacement = INTERESTING.charAt(random.nextInt(INTERESTING.length()));
                exercise(line.substring(0, i) + replacement + line.substring(i + 1));
                exercise(line.substring(0, i) + line.substring(i + 1));
            }
        }
    }

    @Test
    void classifiesRealLinesWithLongTailsAndCarriageReturns() {
        String tail = "x".repeat(100_000);
        String nginx = "2026/11/21 09:14:03 [error] 812#812: *1 upstream timed out ";
        assertEquals(LogFormat.NGINX_ERROR, exercise(nginx + tail));
        assertEquals(LogFormat.NGINX_ERROR, exercise(nginx + "\r"));
        assertEquals(Instant.parse("2026-11-21T08:14:03Z"),
                LineFormats.timestamp(LogFormat.NGINX_ERROR, nginx + tail, ZONES[0], 2026));
        String access = "203.0.113.9 - - [21/Nov/2026:09:14:03 +0100] \"GET /" + tail + " HTTP/1.1\" 502 1";
        assertEquals(LogFormat.HTTP_ACCESS, exercise(access));
    }

    @Test
    void survivesHugeLinesOfOneRepeatedCharacter() {
        for (char c : "[ <0:-/.x\u0000\uFFFD".toCharArray()) {
            exercise(String.valueOf(c).repeat(100_000));
        }
        // a 10 MB line: the bracket search is bounded, so this is as quick as a short line
        String huge = "a".repeat(10 * 1024 * 1024) + " [21/Nov/2026:09:14:03 +0100] \"GET / HTTP/1.1\" 502 1";
        assertEquals(LogFormat.UNKNOWN, exercise(huge));
    }

    @Test
    void survivesNulBytesAndLoneSurrogatesInsideRealShapes() {
        exercise("2026/11/21\u000009:14:03 [error] 1#1: x");
        exercise("[21-Nov-2026 09:14:01 \uD800] PHP Fatal error:  x");
        exercise("[21-Nov-2026 09:14:01 UTC\u0000] PHP Fatal error:  x");
        exercise("<134>1 2026-11-21T09:14:01Z - haproxy - - [a=\"\\");
        exercise("<134>1 2026-11-21T09:14:01Z - haproxy - - [unterminated");
        exercise("\uFEFF2026/11/21 09:14:03 [error] 1#1: x");
        assertEquals(LogFormat.NGINX_ERROR, exercise("2026/11/21 09:14:03 [error] 1#1: \u0000\u0000\uFFFD"));
    }

    @Test
    void survivesManyDistinctZoneNames() {
        // every name is tried once; the cache of names stays bounded
        for (int i = 0; i < 5_000; i++) {
            String line = "[21-Nov-2026 09:14:01 Zone/N" + i + "] PHP Fatal error:  x";
            assertEquals(LogFormat.PHP_ERROR, exercise(line));
            assertNull(LineFormats.timestamp(LogFormat.PHP_ERROR, line, ZONES[0], 2026));
        }
    }

    static List<String> allFixtureLines() {
        List<String> lines = new ArrayList<>();
        for (String name : Fixtures.all()) {
            lines.addAll(Fixtures.lines(name));
        }
        if (lines.size() < 100) {
            fail("fixtures missing: " + lines.size() + " lines");
        }
        return lines;
    }
}
