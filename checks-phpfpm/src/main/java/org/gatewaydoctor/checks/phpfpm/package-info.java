/**
 * Checks of the PHP FastCGI process manager.
 *
 * <p>{@link org.gatewaydoctor.checks.phpfpm.PhpFpmLogCheck} ({@code phpfpm.log}) names what PHP-FPM's master
 * log and slowlog show: a pool at {@code pm.max_children}, workers crashing, scripts killed by
 * {@code request_terminate_timeout}, slow requests attributed to a WordPress plugin or theme, a master
 * that cannot start. It is registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/org.gatewaydoctor.spi.Check}, and reads the diagnosis's shared log scan, to
 * which this module contributes the PHP-FPM and kernel signatures (registered in
 * {@code META-INF/services/org.gatewaydoctor.logs.SignatureProvider}).
 */
package org.gatewaydoctor.checks.phpfpm;
