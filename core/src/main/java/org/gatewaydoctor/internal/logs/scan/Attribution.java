package org.gatewaydoctor.internal.logs.scan;

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
