/**
 * PHP-FPM's configuration as PHP-FPM itself reads it: {@link FpmConfigParser} follows
 * {@code sapi/fpm/fpm/fpm_conf.c} (php-src, PHP 8.2) and the Zend INI scanner in its "normal" mode, line by
 * line, with {@code include} globs, {@code [global]} and pool sections, {@code $pool} substitution, FPM's
 * units and its post-processing (defaults, derived values, the checks that make {@code php-fpm -t} fail).
 *
 * <p>Every value is a {@link Setting} that carries the file and line it came from ({@link Origin}), so a
 * finding can cite the configuration line; values PHP-FPM supplies itself carry a built-in origin naming
 * the default. Parsing never throws: what PHP-FPM would reject, and what this parser could not read,
 * become {@link ConfigProblem}s. Everything read is bounded ({@link FpmConfigParser.Limits}).
 *
 * <p>Not API: anything here may change without notice.
 */
package org.gatewaydoctor.checks.phpfpm.internal.config;
