/**
 * Genuine error pages of real nginx, Apache, HAProxy and Varnish (Debian packages, on 127.0.0.1) in front
 * of a refusing, closing and slow origin, one proxy relaying another's page, and WordPress's own pages
 * rendered by the Debian {@code wordpress} package's PHP through nginx and PHP-FPM; each captured with
 * {@code curl -si} and attributed by {@code diagnose --response} (the {@code http.error-page} check).
 */
package org.gatewaydoctor.it.edge;
