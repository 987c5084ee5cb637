package org.gatewaydoctor.testkit;

/**
 * Files WordPress writes itself, as it writes them, for the tests of checks that read a WordPress site (unit tests
 * and integration tests that serve a real site share the same text).
 *
 * <pre>{@code
 * Files.writeString(site.resolve(".htaccess"), "<IfModule mod_expires.c>\nExpiresActive On\n\n"
 *         + WordPressFiles.HTACCESS_BLOCK);
 * }</pre>
 */
public final class WordPressFiles {

    /**
     * The {@code .htaccess} block WordPress 6.1 writes for pretty permalinks of a site at {@code /}:
     * {@code WP_Rewrite::mod_rewrite_rules()} ({@code wp-includes/class-wp-rewrite.php}) between the markers and
     * instructions of {@code insert_with_markers()} ({@code wp-admin/includes/misc.php}), which splits the rules
     * at their line breaks and so leaves an empty line before {@code # END WordPress}. Read from the source of
     * Debian 12's {@code wordpress} package (6.1.9). 15 lines; the last {@code RewriteRule} is line 12.
     */
    public static final String HTACCESS_BLOCK = """
            # BEGIN WordPress
            # The directives (lines) between "BEGIN WordPress" and "END WordPress" are
            # dynamically generated, and should only be modified via WordPress filters.
            # Any changes to the directives between these markers will be overwritten.
            <IfModule mod_rewrite.c>
            RewriteEngine On
            RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]
            RewriteBase /
            RewriteRule ^index\\.php$ - [L]
            RewriteCond %{REQUEST_FILENAME} !-f
            RewriteCond %{REQUEST_FILENAME} !-d
            RewriteRule . /index.php [L]
            </IfModule>

            # END WordPress
            """;

    private WordPressFiles() {
    }
}
