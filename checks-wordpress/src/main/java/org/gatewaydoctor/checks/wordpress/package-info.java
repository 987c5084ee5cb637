/**
 * WordPress and database checks: wp-config.php (secrets redacted), debug.log, plugins and themes,
 * MariaDB/MySQL reachability and health. The module registers no check yet: it ships its checks
 * with the WordPress issue, and never registers placeholders. It already contributes the log
 * signatures of PHP's error log, WordPress's {@code debug.log} and the MariaDB/MySQL error log
 * ({@code org.gatewaydoctor.checks.wordpress.internal.signatures}).
 */
package org.gatewaydoctor.checks.wordpress;
