/**
 * The edge in front of a real origin, for real. Genuine error pages of real nginx, Apache, HAProxy and
 * Varnish (Debian packages, on 127.0.0.1) in front of a refusing, closing and slow origin, one proxy relaying
 * another's page, and WordPress's own pages rendered by the Debian {@code wordpress} package's PHP through
 * nginx and PHP-FPM; each captured with {@code curl -si} and attributed by {@code diagnose --response} (the
 * {@code http.error-page} check). And the live differential: Varnish and nginx as the edge, an origin that is
 * down, closes, is slow or serves broken TLS, TLS servers with certificates made by {@code openssl} in the
 * test (expired, not yet valid, wrong host, self-signed, missing intermediate, must-staple), each diagnosed
 * with the URL and {@code --origin} the way a site owner behind a CDN would, recording its fault-table row.
 */
package org.gatewaydoctor.it.edge;
