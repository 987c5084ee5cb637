/**
 * WordPress and database checks: wp-config.php (secrets redacted), debug.log, plugins and themes,
 * MariaDB/MySQL reachability and health. The module registers no check yet: it ships its checks
 * with the WordPress issue, and never registers placeholders.
 */
package org.gatewaydoctor.checks.wordpress;
