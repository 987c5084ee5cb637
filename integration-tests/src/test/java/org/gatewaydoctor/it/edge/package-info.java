/**
 * The edge in front of a real origin, for real: Varnish (Debian's {@code varnish}) and nginx as the edge on
 * 127.0.0.1, an origin that is down, refuses, closes, is slow or serves broken TLS, and TLS servers with
 * certificates made by {@code openssl} in the test (expired, not yet valid, wrong host, self-signed, missing
 * intermediate, must-staple). Each test diagnoses with the URL and {@code --origin} the way a site owner
 * behind a CDN would (no access to the edge's logs or configuration) and records its row of the fault table.
 */
package org.gatewaydoctor.it.edge;
