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
 *       once and says who answered (nginx, Apache, Cloudflare, CloudFront) and what that means.</li>
 * </ul>
 *
 * <p>Both are registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/org.gatewaydoctor.spi.Check}; putting this module's jar on the class path is
 * enough for the engine to run them.
 */
package org.gatewaydoctor.checks.http;
