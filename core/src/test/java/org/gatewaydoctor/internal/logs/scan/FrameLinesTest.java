package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.internal.logs.unwrap.Unwrap;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;

/**
 * Each step of {@link FrameLines}' argument, on its own: a line of one of its shapes is of no format, peels to
 * nothing (numbered) or to its text without the indentation (thrown), of no format and no time, is a fragment, and
 * no pattern starting with {@code [0x} finds anything in it; one byte more of what the shapes exclude and the line
 * is no longer of a shape. Real stack-trace lines (the nginx and PHP fixtures, the real-server logs of issue 14) and
 * random lines built from the pieces that open formats and wrappers. The scan-level comparison with the full path
 * is {@code FrameLinesEquivalenceTest} in benchmarks.
 */
class FrameLinesTest {

    /** PHP-FPM's slowlog stack line expression (checks-phpfpm's {@code PhpFpmSignatureProvider.FRAME}). */
    private static final Pattern FRAME = Pattern.compile("^\\[0x[0-9a-fA-F]{1,16}\\] (?<function>[^\\s()]{0,200}\\(\\)"
            + "|\\?\\?\\?) (?<file>/[^\\n]{1,2048}):(?<lineno>\\d{1,9})$");

    /** Stack lines as PHP writes them (checks-http's nginx/error.log, checks-wordpress' php-cli-error.log, issue 14's real logs). */
    private static final List<String> REAL = List.of(
            "#0 {main}",
            "#0 Command line code(1): mysqli_real_connect()",
            "#1 {main}",
            "#0 /tmp/gd-real-logs.igMovX/www/site39.example/wp-content/plugins/woocommerce/includes/class-loader.php(5): "
                    + "Gd_Loader->register_hooks()",
            "  thrown in Command line code on line 1",
            "  thrown in /tmp/cap/www/wp-content/themes/northwind/functions.php on line 2\" while reading response header "
                    + "from upstream, client: 127.0.0.1, server: example.test, request: \"GET /wp-content/themes/northwind/"
                    + "functions.php HTTP/1.1\", upstream: \"fastcgi://unix:/tmp/cap/sock/php8.2-fpm.sock:\", host: "
                    + "\"example.test\"",
            "  thrown in /tmp/gd-real-logs.igMovX/www/site01.example/wp-content/plugins/redirection/includes/class-loader.php"
                    + " on line 11\" while reading response header from upstream, client: 198.51.100.40, server: "
                    + "site01.example, request: \"GET /index.php?e=type&p=1&w=0 HTTP/1.1\", upstream: \"fastcgi://unix:/tmp/"
                    + "gd-real-logs.igMovX/run/www.sock:\", host: \"site01.example\"");

    /** Pieces that open formats, wrappers, clocks and tags, or close them, for random lines. */
    private static final String[] PIECES = {"#", "#0 ", "#12 ", "# ", "# Time: ", "# Query_time: ", "  ", " ", "thrown in ",
        "thrown", "kernel: ", "nginx[12]: ", "php-fpm: ", "name | ", "web_1  | ", "|", ":", ": ", "==> m: ", "> ", "- ",
        "* ", "{\"log\":\"", "\"", "'", "(", ")", "{main}", "0x", "[0x00007f3b5c814000] ", "2026-12-07T06:25:04Z ",
        "2026/11/17 06:25:01 ", "Dec  7 06:25:04 host ", "21/Nov/2026:09:14:03 +0100] ", "<13>", "stderr F ", "12: ",
        "/wp-content/plugins/acme/a.php(5): ", "f()", " on line 8", "$", "\u2026", "SET timestamp=1;", "script_filename = ",
        "+++ dump failed", "Stack trace:", "PHP Fatal error:  ", "x", "9", "Z", "-", "_", ".", "/", "@", "=", ">"};

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int shape(String line) {
        byte[] b = ascii(line);
        return FrameLines.shape(b, 0, b.length);
    }

    /** What the scan does with a line of a shape, checked step by step (the class comment of FrameLines). */
    private static void assertNoHitStepByStep(String line) {
        int shape = shape(line);
        assertEquals(LogFormat.UNKNOWN, LineFormats.detect(line), line);
        Unwrap.Peeled peeled = Unwrap.peel(line);
        String text;
        if (shape == FrameLines.NUMBERED) {
            assertNull(peeled, line);
            text = line;
        } else {
            assertEquals(FrameLines.THROWN, shape, line);
            assertNotNull(peeled, line);
            assertEquals(line.stripLeading(), peeled.text(), line);
            assertEquals(LogFormat.UNKNOWN, peeled.format(), line);
            assertNull(peeled.at(), line);
            text = peeled.text();
        }
        assertTrue(Unwrap.mayBeFragment(text), line);
        assertFalse(FRAME.matcher(text).find(), line);
        assertFalse(text.contains("[0x"), line);
    }

    @Test
    void realStackLinesHaveTheirShapeAndNoFrameCanMatchThem() {
        for (String line : REAL) {
            assertTrue(shape(line) != FrameLines.OTHER, line);
            assertNoHitStepByStep(line);
        }
        assertEquals(FrameLines.NUMBERED, shape("#0 {main}"));
        assertEquals(FrameLines.THROWN, shape("  thrown in Command line code on line 1"));
    }

    @Test
    void slowlogFramesAndOtherLinesAreNotOfAShape() {
        for (String line : List.of(
                "[0x00007f4829413170] sleep() /tmp/cap/www/wp-content/plugins/acme-related-posts/ajax/related.php:2",
                "script_filename = /tmp/cap/www/wp-content/plugins/acme-related-posts/ajax/related.php",
                "# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1 /wp-content/plugins/",
                "# Time: 2026-12-07T06:25:04.123456Z", "#x /wp-content/plugins/", "#", "# 0 x", "",
                "thrown in /wp-content/plugins/a.php", "\tthrown in /wp-content/plugins/a.php", "  thrown in",
                "  thrown out /wp-content/plugins/", "  #0 /wp-content/plugins/a.php", "web_1  | #0 /wp-content/plugins/a",
                "#0 [internal function]: f()", "#0 /a.php `code`", "#0 /a\\u005b0x.php", "#0 \u001b[0m/a.php",
                "#0 /wp-content/plugins/caf\u00e9.php", "#0 /wp-content/plugins/a.php\r", "#0 /wp-content/plugins/a.php$",
                "  thrown in /wp-content/plugins/a.php on line 1 \u2026", "#0 /wp-content/plugins/a.php\u0000")) {
            assertEquals(FrameLines.OTHER, shape(line), line);
        }
    }

    /**
     * Random lines of both shapes built from pieces that open formats and wrappers: every step holds; inserting any
     * byte the shapes exclude (or a {@code $} at the end) anywhere makes the line of no shape.
     */
    @Test
    void everyRandomLineOfAShapeGetsNoHitAndEveryExcludedByteEndsTheShape() {
        Random random = new Random(1414);
        int numbered = 0;
        int thrown = 0;
        char[] excluded = {'[', '`', '\\', 0x1b, '\t', '\r', 0, 0x7f, 0x1f, '\u00e9', '\u2026'};
        for (int round = 0; round < 30_000; round++) {
            StringBuilder sb = new StringBuilder();
            if (random.nextBoolean()) {
                sb.append('#').append(random.nextInt(100));
            } else {
                sb.append(" ".repeat(1 + random.nextInt(4))).append("thrown in ");
            }
            for (int i = random.nextInt(12); i > 0; i--) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
            }
            if (random.nextInt(50) == 0) {
                sb.append("y".repeat(random.nextInt(70_000)));
            }
            String line = sb.toString();
            int shape = shape(line);
            if (shape == FrameLines.OTHER) {
                // excluded by a piece: the line holds one of the bytes the shapes exclude, or ends with $
                assertTrue(line.chars().anyMatch(c -> c == '[' || c == '`' || c == '\\' || c < 0x20 || c > 0x7e)
                        || line.endsWith("$") || line.length() > org.gatewaydoctor.internal.logs.FileLogAccess.MAX_LINE,
                        line);
                continue;
            }
            if (shape == FrameLines.NUMBERED) {
                numbered++;
            } else {
                thrown++;
            }
            assertNoHitStepByStep(line);
            int at = 1 + random.nextInt(line.length());
            String worse = line.substring(0, at) + excluded[random.nextInt(excluded.length)] + line.substring(at);
            assertEquals(FrameLines.OTHER, shape(worse), worse);
            assertEquals(FrameLines.OTHER, shape(line + "$"), line + "$");
        }
        assertTrue(numbered > 5_000 && thrown > 5_000, numbered + " numbered, " + thrown + " thrown lines");
    }

    /**
     * The record clock knows a numbered line has no clock without decoding its head: same answer as decoding it, for
     * random lines that start with {@code #} (slow query headers with their clock among them) cut anywhere.
     */
    @Test
    void theRecordClockGivesWhatDecodingTheHeadGivesForLinesStartingWithAHash() {
        RecordClock clock = new RecordClock(java.time.ZoneOffset.UTC, 2026);
        Random random = new Random(256);
        int numbered = 0;
        int dated = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder(random.nextBoolean() ? "#" + random.nextInt(30) : "# Time: 261207 17:10:0");
            for (int i = random.nextInt(40); i > 0; i--) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
            }
            byte[] b = ascii(sb + (random.nextInt(10) == 0 ? "\r" : ""));
            int end = random.nextInt(b.length + 1);
            int len = Math.min(end, 256);
            if (len > 0 && b[len - 1] == '\r') {
                len--;
            }
            java.time.Instant decoded = end == 0 ? null : clock.clockOfHead(b, 0, len);
            assertEquals(decoded, clock.clock(b, 0, end), sb.toString());
            numbered += FrameLines.shape(b, 0, len) == FrameLines.NUMBERED ? 1 : 0;
            dated += decoded != null ? 1 : 0;
        }
        assertTrue(numbered > 3_000 && dated > 500, numbered + " numbered, " + dated + " dated heads");
    }

    @Test
    void onlyPatternsThatStartWithTheFrameLiteralOpenAFrame() {
        assertTrue(FrameLines.opensFrame(signature(FRAME)));
        assertTrue(FrameLines.opensFrame(signature(Pattern.compile("\\[0x[0-9a-f]+\\] x"))));
        assertFalse(FrameLines.opensFrame(signature(Pattern.compile(FRAME.pattern(), Pattern.CASE_INSENSITIVE))));
        assertFalse(FrameLines.opensFrame(signature(Pattern.compile(FRAME.pattern(), Pattern.COMMENTS))));
        assertFalse(FrameLines.opensFrame(signature(Pattern.compile("(?i)\\[0x[0-9a-f]+\\] x"))));
        assertFalse(FrameLines.opensFrame(signature(Pattern.compile("x?\\[0x"))));
        assertFalse(FrameLines.opensFrame(signature(Pattern.compile("\\[0"))));
        assertFalse(FrameLines.opensFrame(signature(null)));
    }

    private static Signature signature(Pattern p) {
        return new Signature("test.frame", Layer.PHP_FPM, Set.of(LogFormat.PHP_FPM_SLOWLOG), "/wp-content/plugins/", p,
                null, List.of(), "a frame");
    }
}
