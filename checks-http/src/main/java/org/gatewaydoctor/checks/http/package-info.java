/**
 * Checks of the HTTP hops: the edge or CDN, TLS and the nginx/Apache proxy in front of the application.
 *
 * <ul>
 *   <li>{@link org.gatewaydoctor.checks.http.NginxErrorLogCheck} ({@code http.nginx-error-log}) names the
 *       upstream failures nginx's error log records: PHP-FPM down, socket mismatch or permission, a full
 *       listen queue, timeouts, premature closes, bad headers, DNS and TLS towards the upstream, and the
 *       PHP fatal errors PHP-FPM relays; with the access log, when visitors got 502, 503 and 504. It reads
 *       the diagnosis's shared log scan, to which this module contributes the nginx, Apache and HAProxy
 *       signatures (providers in {@code internal.signatures}, registered in
 *       {@code META-INF/services/org.gatewaydoctor.logs.SignatureProvider}).</li>
 *   <li>{@link org.gatewaydoctor.checks.http.HttpProbeCheck} ({@code http.probe}) requests the site's URL
 *       once per address family, with timings per phase, following redirects like a browser (a loop is
 *       {@code app.redirect_loop}), and says who answered and what that means, including what a browser
 *       hides (malformed status lines, resets, oversized or trickling heads, bodies cut short).</li>
 *   <li>Package {@code probe}: {@code http.edge-origin} (the same request through the edge and straight to
 *       each {@code --origin}, and to PHP-FPM when its configuration is known), {@code http.dynamic-page}
 *       (stale cache masking) and {@code http.samples} (intermittency, keep-alive race). Package
 *       {@code tls}: {@code http.tls}, certificates at the edge and at the origin.</li>
 *   <li>{@link org.gatewaydoctor.checks.http.ProxyConfigCheck} ({@code http.proxy-config}) reads the nginx,
 *       Apache and HAProxy configurations the target names, publishes their proxy routes as
 *       {@link org.gatewaydoctor.facts.Facts#WEB_SERVERS} (protocol, target addresses with upstream groups and
 *       balancer members resolved, read/connect timeouts as the software applies them, worker user), and
 *       finds: upstream names nginx must resolve per request without a {@code resolver} and names that do
 *       not resolve now ({@code proxy.upstream_dns_failure}); {@code upstream sent too big header} in the
 *       logs with the buffer in effect and a size nginx -t accepts ({@code proxy.header_too_big}); and, by
 *       probing every HTTP/HTTPS upstream live (connect and read at most 2 s each, 8 KiB at most, never
 *       FastCGI upstreams), refused ({@code proxy.upstream_refused}), closed without a byte
 *       ({@code proxy.upstream_closed}), wrong protocol ({@code proxy.protocol_mismatch}) and certificates
 *       a verifying proxy would reject ({@code proxy.upstream_tls_failure}). Lines the server would refuse
 *       are an informational finding.</li>
 * </ul>
 *
 * <p>{@code internal.HttpLogLocator} (registered in {@code META-INF/services/org.gatewaydoctor.spi.LogLocator})
 * adds the error and access logs an nginx or Apache configuration names, with their rotated siblings, to
 * the shared log scan; HAProxy logs through syslog and names no file.
 *
 * <p>The checks are registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/org.gatewaydoctor.spi.Check}; putting this module's jar on the class path is
 * enough for the engine to run them.
 */
package org.gatewaydoctor.checks.http;
