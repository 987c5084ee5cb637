package org.gatewaydoctor.checks.phpfpm.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attributes a PHP file path to the WordPress plugin or theme it belongs to:
 * {@code .../wp-content/plugins/<slug>/...}, {@code .../wp-content/mu-plugins/<slug>...} or
 * {@code .../wp-content/themes/<slug>/...}.
 *
 * @param kind {@code plugin}, {@code must-use plugin} or {@code theme}
 * @param slug the directory name, e.g. {@code acme-related-posts}
 */
public record WpAttribution(String kind, String slug) {

    private static final Pattern COMPONENT = Pattern.compile(
            "/wp-content/(plugins|mu-plugins|themes)/([A-Za-z0-9._-]{1,100})(?:/|\\.php)");
    private static final Pattern PHP_FILE = Pattern.compile("(/[^\\s\"'():]{1,500}\\.php)");

    /** The plugin or theme {@code path} belongs to, if any. */
    public static Optional<WpAttribution> of(String path) {
        if (path == null) {
            return Optional.empty();
        }
        Matcher m = COMPONENT.matcher(path);
        if (!m.find()) {
            return Optional.empty();
        }
        String kind = switch (m.group(1)) {
            case "plugins" -> "plugin";
            case "mu-plugins" -> "must-use plugin";
            default -> "theme";
        };
        String slug = m.group(2);
        if (slug.endsWith(".php")) {
            slug = slug.substring(0, slug.length() - 4);
        }
        return Optional.of(new WpAttribution(kind, slug));
    }

    /**
     * The file a PHP error message names: the path after {@code " in "} ({@code in /x.php on line 3},
     * {@code in /x.php:3}), else the first absolute {@code .php} path.
     */
    public static Optional<String> phpFile(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String bounded = message.length() > 8192 ? message.substring(0, 8192) : message;
        int in = bounded.lastIndexOf(" in /");
        Matcher m = PHP_FILE.matcher(bounded);
        if (in >= 0 && m.find(in + 4) && m.start() == in + 4) {
            return Optional.of(m.group(1));
        }
        m.reset();
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** E.g. {@code plugin acme-related-posts}. */
    public String describe() {
        return kind + " " + slug;
    }
}
