package org.gatewaydoctor.internal.logs.scan;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fields every matched line may yield: the WordPress plugin or theme a path points into
 * ({@code /wp-content/plugins/<slug>/}, {@code /wp-content/mu-plugins/<slug>}, {@code /wp-content/themes/<slug>/}).
 */
public final class Attribution {

    private static final String PLUGINS = "/wp-content/plugins/";
    private static final String MU_PLUGINS = "/wp-content/mu-plugins/";
    private static final String THEMES = "/wp-content/themes/";

    private Attribution() {
    }

    private static final String WP_CONTENT = "/wp-content/";

    /**
     * {@code plugin} and/or {@code theme} found in {@code text}; the last mention wins (the innermost frame). One
     * backward pass over the mentions of {@code /wp-content/}, stopping when each kind is found, instead of a search
     * of the whole line per marker: what {@link #slugAfter} of each marker's last occurrence gives.
     */
    public static Map<String, String> of(String text) {
        Map<String, String> out = new LinkedHashMap<>(2);
        boolean plugins = false; // the last plugins/ mention seen (its slug may be empty: then mu-plugins/ decides)
        String plugin = null;
        boolean muPlugins = false;
        String muPlugin = null;
        boolean themes = false;
        String theme = null;
        for (int i = text.lastIndexOf(WP_CONTENT); i >= 0 && (!plugins || plugin == null && !muPlugins || !themes);
                i = i == 0 ? -1 : text.lastIndexOf(WP_CONTENT, i - 1)) {
            if (!plugins && text.startsWith(PLUGINS, i)) {
                plugins = true;
                plugin = slug(text, i + PLUGINS.length());
            } else if (!muPlugins && text.startsWith(MU_PLUGINS, i)) {
                muPlugins = true;
                muPlugin = slug(text, i + MU_PLUGINS.length());
            } else if (!themes && text.startsWith(THEMES, i)) {
                themes = true;
                theme = slug(text, i + THEMES.length());
            }
        }
        if (plugin == null) {
            plugin = muPlugin;
        }
        if (plugin != null) {
            out.put("plugin", plugin);
        }
        if (theme != null) {
            out.put("theme", theme);
        }
        return out;
    }

    private static final byte[] WP_CONTENT_BYTES = WP_CONTENT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLUGINS_BYTES = PLUGINS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MU_PLUGINS_BYTES = MU_PLUGINS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] THEMES_BYTES = THEMES.getBytes(StandardCharsets.US_ASCII);
    /** The rarest byte of {@code /wp-content/} in logs, looked for first: its {@code -}. */
    private static final int KEY = 3;

    /**
     * {@link #of(String)} of the text {@code b[off, off + len)} decodes to, for bytes that are all ASCII and none NUL
     * (the text is then those bytes, one character each): the same search on the bytes, the marker looked for eight
     * bytes at a time, no text decoded but the slugs (ASCII letters and digits are exactly the characters below 128
     * that {@link Character#isLetterOrDigit(char)} accepts).
     */
    static Map<String, String> of(byte[] b, int off, int len) {
        Map<String, String> out = new LinkedHashMap<>(2);
        int end = off + len;
        boolean plugins = false;
        String plugin = null;
        boolean muPlugins = false;
        String muPlugin = null;
        boolean themes = false;
        String theme = null;
        for (int i = Bytes.lastIndexOf(b, off, end, WP_CONTENT_BYTES, KEY);
                i >= 0 && (!plugins || plugin == null && !muPlugins || !themes);
                i = i == off ? -1 : Bytes.lastIndexOf(b, off, Math.min(end, i - 1 + WP_CONTENT_BYTES.length),
                        WP_CONTENT_BYTES, KEY)) {
            if (!plugins && startsWith(b, i, end, PLUGINS_BYTES)) {
                plugins = true;
                plugin = slug(b, i + PLUGINS_BYTES.length, end);
            } else if (!muPlugins && startsWith(b, i, end, MU_PLUGINS_BYTES)) {
                muPlugins = true;
                muPlugin = slug(b, i + MU_PLUGINS_BYTES.length, end);
            } else if (!themes && startsWith(b, i, end, THEMES_BYTES)) {
                themes = true;
                theme = slug(b, i + THEMES_BYTES.length, end);
            }
        }
        if (plugin == null) {
            plugin = muPlugin;
        }
        if (plugin != null) {
            out.put("plugin", plugin);
        }
        if (theme != null) {
            out.put("theme", theme);
        }
        return out;
    }

    private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
        return end - at >= prefix.length && Bytes.equalsAt(b, at, prefix);
    }

    /** {@link #slug(String, int)} on ASCII bytes. */
    private static String slug(byte[] b, int start, int end) {
        int e = start;
        while (e < end) {
            byte c = b[e];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.')) {
                break;
            }
            e++;
        }
        int n = e - start;
        if (n >= 4 && b[e - 4] == '.' && b[e - 3] == 'p' && b[e - 2] == 'h' && b[e - 1] == 'p') {
            n -= 4; // a single-file mu-plugin
        }
        return n == 0 ? null : new String(b, start, n, StandardCharsets.ISO_8859_1);
    }

    static String slugAfter(String text, String marker) {
        int i = text.lastIndexOf(marker);
        if (i < 0) {
            return null;
        }
        return slug(text, i + marker.length());
    }

    /** The slug starting at {@code start}: letters, digits, {@code -_.}, a single file's {@code .php} dropped; null if empty. */
    private static String slug(String text, int start) {
        int end = start;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                break;
            }
            end++;
        }
        String slug = text.substring(start, end);
        if (slug.endsWith(".php")) {
            slug = slug.substring(0, slug.length() - 4); // a single-file mu-plugin
        }
        return slug.isEmpty() ? null : slug;
    }
}
