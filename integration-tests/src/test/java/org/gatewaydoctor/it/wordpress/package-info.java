/**
 * Whole-stack faults of WordPress and its database, injected for real: Debian's WordPress (copied from
 * {@code /usr/share/wordpress}, installed by its own installer) on PHP-FPM behind nginx, with Debian's MariaDB
 * on a unix socket and a loopback port, all started by the tests in a temporary folder. Each test asserts the
 * status visitors get, the top cause offline (logs only) and live (URL, configuration files, wp-config.php),
 * the plugin or setting it names, that no planted secret reaches any output, and records its row of
 * {@code docs/faults.md}.
 */
package org.gatewaydoctor.it.wordpress;
