package org.gatewaydoctor.checks.wordpress;

/**
 * The {@link org.gatewaydoctor.model.Target#options() target options} and configuration keys this module reads.
 *
 * <pre>{@code
 * Target t = Target.builder()
 *     .option(WordPressOptions.DIR, "/var/www/html")                          // --wordpress DIR
 *     .config(Target.CONFIG_WORDPRESS, Path.of("/var/www/html/wp-config.php")) // --wp-config FILE
 *     .build();
 * }</pre>
 */
public final class WordPressOptions {

    /** Option: the WordPress installation's folder (where {@code wp-settings.php} lives). */
    public static final String DIR = "wordpress.dir";
    /**
     * Option: the unix socket PHP's mysqli uses for {@code DB_HOST = localhost} when {@code DB_HOST} names none
     * ({@code mysqli.default_socket}); default {@code /run/mysqld/mysqld.sock} (Debian's).
     */
    public static final String DB_SOCKET = "wordpress.db-socket";

    /**
     * Option: the URL path WordPress is served under ({@code /} by default, {@code /blog/} for a site in a
     * sub-folder); where the document root is known, it is derived from it.
     */
    public static final String URL_PATH = "wordpress.url-path";

    private WordPressOptions() {
    }
}
