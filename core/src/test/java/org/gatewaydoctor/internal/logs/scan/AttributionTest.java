package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
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
}
