package org.gatewaydoctor.checks.wordpress.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.checks.wordpress.WordPressOptions;
import org.gatewaydoctor.checks.wordpress.internal.php.PhpValue;
import org.gatewaydoctor.checks.wordpress.internal.php.WpConfig;
import org.gatewaydoctor.checks.wordpress.internal.php.WpConfigParser;
import org.gatewaydoctor.facts.DocumentRoot;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Redactor;

/**
 * One WordPress installation: its folder, its {@code wp-config.php} (read, never run) and its content folder.
 *
 * @param dir the installation folder (ABSPATH), {@code null} when only a wp-config.php was given and its folder
 *     holds no WordPress
 * @param configFile the wp-config.php, {@code null} when none was found
 * @param config what it defines, {@code null} when none was found
 * @param foundBy how the site was found when the target did not name it ("found from the nginx root ..."),
 *     {@code ""} when it did
 * @param urlPath the URL path WordPress is served under ({@code /}, {@code /blog/})
 */
public record WpSite(Path dir, Path configFile, WpConfig config, String foundBy, String urlPath) {

    /** A site named by the target ({@code --wordpress}, {@code --wp-config}), served at {@code /}. */
    public WpSite(Path dir, Path configFile, WpConfig config) {
        this(dir, configFile, config, "", "/");
    }

    public WpSite {
        foundBy = foundBy == null ? "" : foundBy;
        urlPath = urlPath == null || urlPath.isEmpty() ? "/" : urlPath;
    }

    /** Most entries of a document root looked at for a WordPress in a sub-folder. */
    static final int MAX_ROOT_ENTRIES = 500;

    /**
     * As {@link #locate(Target)}; when the target names no site, the first document root (those serving the URL's
     * host first) that holds WordPress ({@code wp-settings.php}) in itself or in a folder right below it.
     *
     * @param roots the web servers' document roots, empty when no configuration was read
     */
    public static Optional<WpSite> locate(Target target, List<DocumentRoot> roots) throws IOException {
        Optional<WpSite> named = locate(target);
        if (named.isPresent() || roots.isEmpty()) {
            return named;
        }
        String host = target.urlOption().map(java.net.URI::getHost).orElse(null);
        List<DocumentRoot> ordered = new ArrayList<>(roots);
        ordered.sort(java.util.Comparator.comparing(r -> r.serves(host) ? 0 : 1));
        for (DocumentRoot r : ordered) {
            Path root = Path.of(r.root());
            if (!Files.isDirectory(root)) {
                continue;
            }
            String where = r.kind().name().toLowerCase(java.util.Locale.ROOT).replace("nginx", "nginx root")
                    .replace("apache", "Apache DocumentRoot") + " " + r.root()
                    + (r.file().isEmpty() ? "" : " (" + r.file() + ":" + r.line() + ")");
            if (Files.isRegularFile(root.resolve("wp-settings.php"))) {
                return found(root, "found from the " + where, "/");
            }
            try (java.nio.file.DirectoryStream<Path> in = Files.newDirectoryStream(root)) {
                int seen = 0;
                for (Path sub : in) {
                    if (++seen > MAX_ROOT_ENTRIES) {
                        break;
                    }
                    if (!Files.isSymbolicLink(sub) && Files.isRegularFile(sub.resolve("wp-settings.php"))) {
                        return found(sub, "found below the " + where, "/" + sub.getFileName() + "/");
                    }
                }
            } catch (IOException e) {
                // an unreadable root is passed over: another may hold the site
            }
        }
        return Optional.empty();
    }

    private static Optional<WpSite> found(Path dir, String how, String urlPath) throws IOException {
        Path file = configIn(dir);
        return Optional.of(new WpSite(dir, file, file == null ? null : WpConfigParser.read(file), how, urlPath));
    }

    /** wp-config.php in {@code d} or, as WordPress allows, in the folder above when that holds no other WordPress. */
    private static Path configIn(Path d) {
        Path in = d.resolve("wp-config.php");
        Path above = d.toAbsolutePath().getParent() == null ? null : d.toAbsolutePath().getParent().resolve("wp-config.php");
        if (Files.exists(in)) {
            return in;
        }
        if (above != null && Files.exists(above) && !Files.exists(above.getParent().resolve("wp-settings.php"))) {
            return above;
        }
        return null;
    }

    /** The fact under which {@code wordpress.config} publishes the site. */
    public static final org.gatewaydoctor.spi.FactKey<WpSite> FACT =
            org.gatewaydoctor.spi.FactKey.of("wordpress.site", WpSite.class);

    /**
     * Finds the site from {@code --wp-config} ({@link Target#CONFIG_WORDPRESS}) and {@code --wordpress}
     * ({@link WordPressOptions#DIR}): a wp-config.php in the folder or, as WordPress allows, one level above it.
     *
     * @return empty when the target names neither
     * @throws IOException when a named file or folder cannot be read
     */
    public static Optional<WpSite> locate(Target target) throws IOException {
        Optional<Path> cfg = target.config(Target.CONFIG_WORDPRESS);
        Optional<Path> dir = target.option(WordPressOptions.DIR).map(Path::of);
        if (cfg.isEmpty() && dir.isEmpty()) {
            return Optional.empty();
        }
        Path d = dir.orElse(null);
        if (d != null && !Files.isDirectory(d)) {
            throw new IOException("the WordPress folder " + d + " does not exist or is not a folder");
        }
        Path file = cfg.orElse(null);
        if (file == null) {
            file = configIn(d);
        }
        WpConfig config = null;
        if (file != null) {
            config = WpConfigParser.read(file);
        }
        if (d == null) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && Files.isDirectory(parent.resolve("wp-content"))) {
                d = parent;
            } else if (config != null) {
                d = config.value("ABSPATH").map(Path::of).filter(Files::isDirectory).orElse(null);
            }
        }
        return Optional.of(new WpSite(d, file, config, "", target.option(WordPressOptions.URL_PATH).orElse("/")));
    }

    /** Registers every secret the config holds (whole values and each literal piece of a concatenation). */
    public void registerSecrets(Redactor redactor) {
        if (config == null) {
            return;
        }
        config.constants().forEach((name, value) -> {
            if (WpConfig.isSecret(name)) {
                register(redactor, value);
            }
        });
    }

    private static void register(Redactor redactor, PhpValue v) {
        if (v.isStatic() && !v.value().isEmpty()) {
            redactor.addSecret(v.value());
        }
        for (String piece : v.literals()) {
            if (!piece.isEmpty()) {
                redactor.addSecret(piece);
            }
        }
    }

    /** {@code wp-content} (or {@code WP_CONTENT_DIR} when static). */
    public Optional<Path> contentDir() {
        if (config != null) {
            Optional<String> c = config.value("WP_CONTENT_DIR");
            if (c.isPresent() && !c.get().isBlank()) {
                return Optional.of(Path.of(c.get()));
            }
        }
        return Optional.ofNullable(dir).map(x -> x.resolve("wp-content"));
    }

    /**
     * Where WordPress writes its debug log ({@code wp_debug_mode()}, wp-includes/load.php): with {@code WP_DEBUG}
     * and {@code WP_DEBUG_LOG} true (or {@code '1'}) {@code WP_CONTENT_DIR/debug.log}; with {@code WP_DEBUG_LOG}
     * a path, that path. Empty when WordPress would not write one.
     */
    public Optional<Path> debugLog() {
        if (config == null || !config.constant("WP_DEBUG").map(PhpValue::isTrue).orElse(false)) {
            return Optional.empty();
        }
        Optional<PhpValue> log = config.constant("WP_DEBUG_LOG").filter(PhpValue::isStatic);
        if (log.isEmpty()) {
            return Optional.empty();
        }
        String v = log.get().value();
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return contentDir().map(c -> c.resolve("debug.log"));
        }
        if (v.equalsIgnoreCase("false") || v.isEmpty() || v.equals("0")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(v));
    }
}
