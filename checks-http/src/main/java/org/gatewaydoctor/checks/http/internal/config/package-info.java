/**
 * Parsers for the web servers' own configuration: nginx ({@link
 * org.gatewaydoctor.checks.http.internal.config.NginxParser} → {@link
 * org.gatewaydoctor.checks.http.internal.config.NginxConfig} → {@link
 * org.gatewaydoctor.checks.http.internal.config.NginxView}) and Apache httpd ({@link
 * org.gatewaydoctor.checks.http.internal.config.ApacheParser} → {@link
 * org.gatewaydoctor.checks.http.internal.config.ApacheConfig} → {@link
 * org.gatewaydoctor.checks.http.internal.config.ApacheView}).
 *
 * <p>The parsers read as the servers read (ports of {@code ngx_conf_file.c} and httpd's
 * {@code server/config.c}/{@code util.c}): tokens, quoting, includes with globs, line numbers for
 * every directive. They are bounded ({@link org.gatewaydoctor.checks.http.internal.config.ConfigLimits})
 * and never throw on what they read: a broken, hostile or binary file gives {@link
 * org.gatewaydoctor.checks.http.internal.config.ConfigProblem}s ({@code file:line: message}, in the
 * server's words where it has words for it) and as much of the configuration as can be kept.
 *
 * <p>The views say what the configuration means for the proxy hop: who the workers run as, the servers
 * and virtual hosts, where requests go ({@link org.gatewaydoctor.checks.http.internal.config.UpstreamTarget}:
 * protocol and {@link org.gatewaydoctor.checks.http.internal.config.Endpoint}) and with which timeouts
 * and buffers, each value with the directive that set it or marked as the server's default
 * ({@link org.gatewaydoctor.checks.http.internal.config.Setting}), and where the logs are.
 *
 * <pre>{@code
 * NginxOptions options = NginxOptions.debian();
 * NginxView nginx = NginxView.of(NginxParser.parse("/etc/nginx/nginx.conf", options), options);
 * for (NginxView.Location l : nginx.locations()) {
 *     l.pass().ifPresent(p -> System.out.println(p.target().endpoint().describe() + " read timeout "
 *             + l.settings().forPass(p).readTimeout()));
 * }
 * }</pre>
 *
 * <p>Not API: {@code ProxyConfigCheck} reads them (through {@code internal.ProxyStack}); anything here may
 * change without notice. HAProxy has its own parser in {@code haproxy}.
 */
package org.gatewaydoctor.checks.http.internal.config;
