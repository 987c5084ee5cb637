/**
 * WordPress and its database: {@link org.gatewaydoctor.checks.wordpress.WpConfigCheck} ({@code wp-config.php}
 * read with a PHP tokenizer, never run; secrets registered with the redactor),
 * {@link org.gatewaydoctor.checks.wordpress.DatabaseCheck} (the server's greeting, then a read-only login with the
 * site's credentials), {@link org.gatewaydoctor.checks.wordpress.PhpErrorLogCheck} (PHP's error log and
 * {@code debug.log}, attributed to plugins and themes) and {@link org.gatewaydoctor.checks.wordpress.SiteFilesCheck}
 * (plugins, themes, drop-ins, recent changes, output before headers), and
 * {@link org.gatewaydoctor.checks.wordpress.PageCheck} (WordPress's own pages the live probe got, tied to the database,
 * the fatal error or the {@code .maintenance} file behind them). The site is named with
 * {@link org.gatewaydoctor.checks.wordpress.WordPressOptions#DIR} and/or
 * {@link org.gatewaydoctor.model.Target#CONFIG_WORDPRESS}. The module also contributes the log signatures of PHP's
 * error log, WordPress's {@code debug.log} and the MariaDB/MySQL error log
 * ({@code org.gatewaydoctor.checks.wordpress.internal.signatures}) and finds the {@code debug.log} that
 * wp-config.php names. Nothing here executes PHP or writes to the site or the database.
 */
package org.gatewaydoctor.checks.wordpress;
