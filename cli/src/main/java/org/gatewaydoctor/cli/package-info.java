/**
 * The {@code gateway-doctor} command line: {@link org.gatewaydoctor.cli.Main} is its only public type.
 *
 * <pre>
 * gateway-doctor diagnose --url https://example.org/ --logs /var/log/nginx /var/log/php8.2-fpm.log
 * gateway-doctor diagnose --example
 * gateway-doctor scan --logs /var/log/nginx /var/log/php8.2-fpm.log --since 2h
 * gateway-doctor checks
 * </pre>
 *
 * <p>{@code diagnose} exits with the Nagios plugin convention in every output format: 0 healthy,
 * 1 degraded, 2 failing, 3 inconclusive, usage error or internal error. {@code scan} exits 0 when no
 * signature matched, 1 when signatures matched, 2 when one of them implies a 5xx, 3 on a usage error,
 * when nothing could be read, or when a scan cut short by its timeout found nothing. Everything else
 * lives in {@code org.gatewaydoctor.cli.internal} and is not API.
 */
package org.gatewaydoctor.cli;
