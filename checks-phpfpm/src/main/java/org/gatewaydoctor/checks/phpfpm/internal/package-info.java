/**
 * Implementation details of the PHP-FPM checks: the log-line and slowlog parsers, the table of
 * PHP-FPM messages (each cited to its php-src file), WordPress plugin/theme attribution and the per-cause
 * tally. Not API: anything here may change without notice.
 */
package org.gatewaydoctor.checks.phpfpm.internal;
