/**
 * The {@code gateway-doctor} command line: {@link org.gatewaydoctor.cli.Main} is its only public type.
 *
 * <pre>
 * gateway-doctor diagnose --url https://example.org/ --logs /var/log/nginx /var/log/php8.2-fpm.log
 * gateway-doctor diagnose --example
 * gateway-doctor checks
 * </pre>
 *
 * <p>Exit codes follow the Nagios plugin convention in every output format: 0 healthy, 1 degraded,
 * 2 failing, 3 inconclusive, usage error or internal error. Everything else lives in
 * {@code org.gatewaydoctor.cli.internal} and is not API.
 */
package org.gatewaydoctor.cli;
