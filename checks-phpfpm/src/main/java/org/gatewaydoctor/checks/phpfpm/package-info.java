/**
 * Checks of the PHP FastCGI process manager.
 *
 * <p>{@link org.gatewaydoctor.checks.phpfpm.PhpFpmLogCheck} ({@code phpfpm.log}) reads PHP-FPM's master log
 * and slowlog and names what they show: a pool at {@code pm.max_children}, workers crashing, scripts killed by
 * {@code request_terminate_timeout}, slow requests attributed to a WordPress plugin or theme, a master
 * that cannot start. It is registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/org.gatewaydoctor.spi.Check}.
 */
package org.gatewaydoctor.checks.phpfpm;
