/**
 * Whole-stack faults of nginx in front of PHP-FPM over FastCGI, injected for real: PHP-FPM stopped or
 * killed, socket path and permission faults, an exhausted pool (full listen queue, and slow 200s at
 * {@code pm.max_children}), request_terminate_timeout against fastcgi_read_timeout (502 against 504),
 * a worker crashing on a signal, allowed_clients, malformed and oversized response headers, and
 * fastcgi_pass aimed at an HTTP server. Each test asserts the status visitors get, the top cause offline
 * and live with its decisive evidence, and records its row of {@code docs/faults.md}.
 */
package org.gatewaydoctor.it.nginx;
