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

    /** {@code plugin} and/or {@code theme} found in {@code text}; the last mention wins (the innermost frame). */
    public static Map<String, String> of(String text) {
        Map<String, String> out = new LinkedHashMap<>(2);
        String plugin = slugAfter(text, PLUGINS);
        if (plugin == null) {
            plugin = slugAfter(text, MU_PLUGINS);
        }
        if (plugin != null) {
            out.put("plugin", plugin);
        }
        String theme = slugAfter(text, THEMES);
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
        int start = i + marker.length();
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
