/**
 * Whole-stack tests with a real Apache httpd 2.4 in front ({@link org.gatewaydoctor.it.apache.Apache}):
 * mod_proxy_fcgi to PHP-FPM and mod_proxy_http to an HTTP backend, each fault injected for real and
 * diagnosed offline (logs) and live (URL and configuration).
 */
package org.gatewaydoctor.it.apache;
