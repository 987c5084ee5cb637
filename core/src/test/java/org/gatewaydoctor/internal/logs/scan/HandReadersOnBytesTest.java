package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The PHP file ({@link PhpRelay#readFile}) and nginx's request context ({@link RequestContext#read}) read on the bytes
 * of an ASCII line give what the readers of its text give (the reference): the same end, the same fields in the same
 * order, for random lines of the pieces these readers look at, placed anywhere in a larger buffer with literals just
 * outside the line (which must not count), lines at the readers' length bounds, and every ASCII line of the checks
 * modules' real log fixtures.
 */
class HandReadersOnBytesTest {

    private static final String[] FILE_PARTS = {" in ", " in /", "/var/www/example.org/htdocs", "/wp-content/",
        "plugins/", "mu-plugins/", "themes/", "acme", "twenty-one", "woo.commerce", ".php", "/", " on line 3", "\"", "(",
        ")", ":", "'", ".", "-", "_", " ", "\t", "\r", "x".repeat(100), "PHP message: PHP Fatal error:  ",
        "/wp-content/plugins/acme/a.php", "/wp-content/themes/t/functions.php", "in", ".ph", "p", "y".repeat(300),
        "/wp-content/mu-plugins/cache.php", ", client: 1.2.3.4, server: a"};
    private static final String[] CONTEXT_PARTS = {", client: ", "203.0.113.9", ", server: ", "example.org", "",
        ", request: \"", "GET", "POST", " /index.php", "/wp-admin/admin-ajax.php", "?a=b&c", " HTTP/1.1", " HTTP/2.0",
        " HTTP/1.", " HTTP/", "\"", ", upstream: \"", "fastcgi://", "http://", "unix:", "/run/php/php8.2-fpm.sock", ":",
        "127.0.0.1:9000", "/x", ", host: \"", "www.example.org", ",", " ", "\t", "\r", "?", "x".repeat(130),
        "y".repeat(300), "A".repeat(17), "z".repeat(520), ", client: 1.2.3.4, server: a"};
    /** Put just before and after the line in the buffer: the byte readers must not look there. */
    private static final String AROUND = "/wp-content/plugins/outside/o.php\", client: 9.9.9.9, server: out, host: \"o\"";

    private record Result(int end, List<Map.Entry<String, String>> fields) {
    }

    private static Result fileOfText(String text, int from) {
        Map<String, String> f = new LinkedHashMap<>();
        int end = PhpRelay.readFile(text, from, f, true);
        return new Result(end, new ArrayList<>(f.entrySet()));
    }

    private static Result fileOfBytes(byte[] buf, int off, int len, int from) {
        Map<String, String> f = new LinkedHashMap<>();
        int end = PhpRelay.readFile(buf, off, len, from, f);
        return new Result(end, new ArrayList<>(f.entrySet()));
    }

    private static Result contextOfText(String text, int from) {
        Map<String, String> f = new LinkedHashMap<>();
        RequestContext.read(text, from, f, true);
        return new Result(0, new ArrayList<>(f.entrySet()));
    }

    private static Result contextOfBytes(byte[] buf, int off, int len, int from) {
        Map<String, String> f = new LinkedHashMap<>();
        RequestContext.read(buf, off, len, from, f);
        return new Result(0, new ArrayList<>(f.entrySet()));
    }

    /** {@code text}'s bytes at a random place of a buffer, {@link #AROUND} (or a part of it) on both sides. */
    private static byte[] placed(String text, int off) {
        byte[] line = text.getBytes(StandardCharsets.US_ASCII);
        byte[] a = AROUND.getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[off + line.length + a.length];
        int before = Math.min(off, a.length);
        System.arraycopy(a, a.length - before, buf, off - before, before);
        System.arraycopy(line, 0, buf, off, line.length);
        System.arraycopy(a, 0, buf, off + line.length, a.length);
        return buf;
    }

    private static String random(Random random, String[] parts, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(max); i > 0; i--) {
            sb.append(parts[random.nextInt(parts.length)]);
        }
        return sb.toString();
    }

    @Test
    void phpFileOnTheBytesGivesWhatTheTextGives() {
        Random random = new Random(1401);
        int found = 0;
        int plugins = 0;
        int themes = 0;
        for (int round = 0; round < 200_000; round++) {
            String text = random.nextBoolean() ? random(random, FILE_PARTS, 14)
                    : random(random, FILE_PARTS, 3) + " in /var/www/a.org" + random(random, FILE_PARTS, 6)
                            + (random.nextBoolean() ? ".php" : "") + random(random, FILE_PARTS, 3);
            int off = random.nextInt(40);
            byte[] buf = placed(text, off);
            int from = random.nextInt(3) == 0 ? 0 : random.nextInt(text.length() + 1);
            Result expected = fileOfText(text, from);
            assertEquals(expected, fileOfBytes(buf, off, text.length(), from), text + " @" + from);
            found += expected.fields().isEmpty() ? 0 : 1;
            plugins += text.contains("plugin") && expected.fields().size() == 2
                    && expected.fields().get(1).getKey().equals("plugin") ? 1 : 0;
            themes += expected.fields().size() == 2 && expected.fields().get(1).getKey().equals("theme") ? 1 : 0;
        }
        assertTrue(found > 15_000 && plugins > 5_000 && themes > 2_000,
                "files " + found + ", plugins " + plugins + ", themes " + themes);
    }

    @Test
    void requestContextOnTheBytesGivesWhatTheTextGives() {
        Random random = new Random(1402);
        int found = 0;
        int full = 0;
        for (int round = 0; round < 200_000; round++) {
            String text = random.nextInt(4) == 0
                    ? random(random, CONTEXT_PARTS, 20)
                    : "m" + ", client: " + random(random, CONTEXT_PARTS, 3) + ", server: " + random(random, CONTEXT_PARTS, 3)
                            + ", request: \"" + (random.nextBoolean() ? "GET /index.php?a=b HTTP/1.1\""
                                    : random(random, CONTEXT_PARTS, 4))
                            + ", upstream: \"" + (random.nextBoolean() ? "fastcgi://unix:/run/php/php8.2-fpm.sock:\""
                                    : random(random, CONTEXT_PARTS, 4))
                            + ", host: \"" + random(random, CONTEXT_PARTS, 3) + (random.nextBoolean() ? "\"" : "");
            int off = random.nextInt(40);
            byte[] buf = placed(text, off);
            int from = random.nextInt(3) == 0 ? 0 : random.nextInt(text.length() + 1);
            Result expected = contextOfText(text, from);
            assertEquals(expected, contextOfBytes(buf, off, text.length(), from), text + " @" + from);
            found += expected.fields().isEmpty() ? 0 : 1;
            full += expected.fields().size() == 5 ? 1 : 0;
        }
        assertTrue(found > 30_000 && full > 2_000, "contexts " + found + ", with all five fields " + full);
    }

    /** Lines where what the readers look for lies just inside or just beyond their length bounds. */
    @Test
    void atTheLengthBoundsTheBytesGiveWhatTheTextGives() {
        List<String> lines = new ArrayList<>();
        for (int d = -14; d <= 14; d++) {
            // PHP file: " in " 8192 characters on; the prefix before /wp-content/ 1024; ".php" 1024 on; a plugin 100
            lines.add("x".repeat(8192 + d) + " in /var/www/wp-content/plugins/acme/a.php on line 3");
            lines.add(" in /" + "p".repeat(1024 + d) + "/wp-content/plugins/acme/a.php");
            lines.add(" in /" + "p".repeat(1012 + d) + "/wp-content/themes/tt/f.php(3)");
            lines.add(" in /v/wp-content/plugins/acme/" + "q".repeat(1008 + d) + ".php");
            lines.add(" in /v/" + "q".repeat(1024 + d) + ".php.php");
            lines.add(" in /v/wp-content/plugins/" + "n".repeat(100 + d) + "/a.php");
            lines.add(" in /v/wp-content/themes/" + "n".repeat(100 + d) + "/a.php");
            // request context: ", client: " 65536 characters on; client 128, server 256, request 4096 + 8192,
            // upstream 512 + 8192, host 256
            lines.add("y".repeat(65536 + d) + ", client: 1.2.3.4, server: a, host: \"h\"");
            lines.add(", client: " + "c".repeat(128 + d) + ", server: a");
            lines.add(", client: c, server: " + "s".repeat(256 + d) + ", host: \"h\"");
            lines.add(", client: c, server: s, request: \"GET /" + "r".repeat(4095 + d) + " HTTP/1.1\", host: \"h\"");
            lines.add(", client: c, server: s, request: \"GET /r?" + "a".repeat(8192 + d) + " HTTP/1.1\", host: \"h\"");
            lines.add(", client: c, server: s, upstream: \"fastcgi://unix:" + "u".repeat(512 + d) + ":\", host: \"h\"");
            lines.add(", client: c, server: s, upstream: \"http://" + "u".repeat(512 + d) + "/" + "v".repeat(8190)
                    + "\", host: \"h\"");
            lines.add(", client: c, server: s, upstream: \"http://u/" + "v".repeat(8192 + d) + "\", host: \"h\"");
            lines.add(", client: c, server: s, host: \"" + "h".repeat(256 + d) + "\"");
        }
        for (String text : lines) {
            for (int off : new int[] {0, 7}) {
                byte[] buf = placed(text, off);
                assertEquals(fileOfText(text, 0), fileOfBytes(buf, off, text.length(), 0), text);
                assertEquals(contextOfText(text, 0), contextOfBytes(buf, off, text.length(), 0), text);
            }
        }
    }

    /** Every ASCII line of the real fixtures, read from its start, a third, its middle and a random place. */
    @Test
    void onEveryAsciiFixtureLineTheBytesGiveWhatTheTextGives() throws java.io.IOException {
        Random random = new Random(1403);
        int lines = 0;
        int files = 0;
        int contexts = 0;
        for (byte[] line : FixtureLines.ascii()) {
            String text = new String(line, StandardCharsets.ISO_8859_1);
            for (int from : new int[] {0, line.length / 3, line.length / 2, random.nextInt(line.length + 1)}) {
                Result file = fileOfText(text, from);
                assertEquals(file, fileOfBytes(line, 0, line.length, from), text + " @" + from);
                Result context = contextOfText(text, from);
                assertEquals(context, contextOfBytes(line, 0, line.length, from), text + " @" + from);
                files += from == 0 && !file.fields().isEmpty() ? 1 : 0;
                contexts += from == 0 && !context.fields().isEmpty() ? 1 : 0;
            }
            lines++;
        }
        assertTrue(lines > 2_000 && files > 40 && contexts > 30,
                "fixture lines " + lines + ", with a PHP file " + files + ", with a request context " + contexts);
    }

    /** Through {@link MessageReader}: the message part's end is handed to the byte readers as to the text readers. */
    @Test
    void aReaderGivesTheSameFieldsOnBytesAsOnText() {
        Pattern pattern = Pattern.compile("FastCGI sent in stderr: \"[^\\n]{0,65536}?PHP Fatal error:  (?<error>Uncaught "
                + "[A-Za-z]{1,64})" + PhpRelay.FILE + RequestContext.REGEX);
        MessageReader reader = MessageReader.of(pattern);
        assertTrue(reader.byHand() && reader.stderrByHand() && reader.phpFileByHand());
        String text = "2026/12/08 02:00:00 [error] 12#12: *3 FastCGI sent in stderr: \"PHP message: PHP Fatal error:  "
                + "Uncaught Error: Call to undefined function x() in /var/www/a.org/wp-content/plugins/acme/a.php:3\" "
                + "while reading response header from upstream, client: 203.0.113.9, server: a.org, request: \"GET /x "
                + "HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"a.org\"";
        byte[] buf = placed(text, 5);
        Map<String, String> onText = reader.read(text, 1, true);
        Map<String, String> onBytes = reader.copy().read(text, 1, true, buf, 5);
        assertNotNull(onText);
        assertEquals(new ArrayList<>(onText.entrySet()), new ArrayList<>(onBytes.entrySet()));
        assertEquals("/var/www/a.org/wp-content/plugins/acme/a.php", onBytes.get("file"));
        assertEquals("a.org", onBytes.get("host"));
        assertEquals(new ArrayList<>(reader.read(text).entrySet()), new ArrayList<>(onBytes.entrySet()));
    }
}
