package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass plugin and theme attribution gives what a search of the whole line per marker gives. */
class AttributionTest {

    /** The plain reference: the slug after each marker's last occurrence, mu-plugins only without a plugin. */
    private static Map<String, String> reference(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String plugin = Attribution.slugAfter(text, "/wp-content/plugins/");
        if (plugin == null) {
            plugin = Attribution.slugAfter(text, "/wp-content/mu-plugins/");
        }
        if (plugin != null) {
            out.put("plugin", plugin);
        }
        String theme = Attribution.slugAfter(text, "/wp-content/themes/");
        if (theme != null) {
            out.put("theme", theme);
        }
        return out;
    }

    @Test
    void givesWhatTheLastMentionOfEachMarkerGives() {
        String[] parts = {"/wp-content/plugins/", "/wp-content/mu-plugins/", "/wp-content/themes/", "/wp-content/",
            "/wp-content/wp-content/", "woocommerce", "jetpack/x.php", "cache.php", "-_.", "", "/", " ", "\"",
            "PHP message: PHP Fatal error:  ", " in /var/www/example.org/htdocs", "/wp-content/uploads/", "é", "\u00e9x"};
        Random random = new Random(14);
        for (int round = 0; round < 200_000; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(9); i > 0; i--) {
                sb.append(parts[random.nextInt(parts.length)]);
            }
            String text = sb.toString();
            assertEquals(reference(text), Attribution.of(text), text);
        }
        assertEquals(Map.of("plugin", "acme", "theme", "twenty"), Attribution.of(
                "#0 /var/www/wp-content/themes/twenty/functions.php(3): x() /var/www/wp-content/plugins/acme/a.php"));
        assertEquals(Map.of("plugin", "cache"), Attribution.of("in /srv/wp-content/plugins/ and /srv/wp-content/mu-plugins/cache.php"));
    }

    /**
     * On the bytes of an ASCII line without NUL: the same as on its text, for random lines of the pieces above (the
     * non-ASCII ones left out), placed anywhere in a larger buffer with markers just outside the line (which must not
     * count), and for every line of the real log fixtures of the checks modules.
     */
    @Test
    void onTheBytesOfAnAsciiLineGivesWhatTheTextGives() throws java.io.IOException {
        String[] parts = {"/wp-content/plugins/", "/wp-content/mu-plugins/", "/wp-content/themes/", "/wp-content/",
            "/wp-content/wp-content/", "woocommerce", "jetpack/x.php", "cache.php", ".php", "-_.", "", "/", " ", "\"",
            "-", "w", "/wp-conten", "t/", "plugins/", "themes/", "PHP message: PHP Fatal error:  ",
            " in /var/www/example.org/htdocs", "/wp-content/uploads/", "/wp-content/plugins/a.php", "x".repeat(40)};
        Random random = new Random(1414);
        int found = 0;
        for (int round = 0; round < 200_000; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                sb.append(parts[random.nextInt(parts.length)]);
            }
            String text = sb.toString();
            byte[] line = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int off = random.nextInt(20);
            String around = "/wp-content/plugins/outside/";
            byte[] buf = new byte[off + line.length + around.length()];
            byte[] a = around.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(a, a.length - Math.min(off, a.length), buf, off - Math.min(off, a.length), Math.min(off, a.length));
            System.arraycopy(line, 0, buf, off, line.length);
            System.arraycopy(a, 0, buf, off + line.length, a.length);
            Map<String, String> expected = Attribution.of(text);
            assertEquals(expected, Attribution.of(buf, off, line.length), text);
            found += expected.isEmpty() ? 0 : 1;
        }
        org.junit.jupiter.api.Assertions.assertTrue(found > 50_000, "lines naming a plugin or theme: " + found);
        int lines = 0;
        for (byte[] line : FixtureLines.ascii()) {
            String text = new String(line, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertEquals(Attribution.of(text), Attribution.of(line, 0, line.length), text);
            lines++;
        }
        org.junit.jupiter.api.Assertions.assertTrue(lines > 2_000, "fixture lines compared: " + lines);
    }
}
