/**
 * The TLS hop, at the edge and at the origin: {@link org.gatewaydoctor.checks.http.tls.TlsCheck}
 * ({@code http.tls}) and the {@link org.gatewaydoctor.checks.http.tls.TlsInspector} it uses, which completes
 * a handshake whatever the certificate and then judges the chain the way a browser or a CDN would
 * (expiry, names, trust path, stapling), so a broken certificate is named precisely instead of as "the
 * handshake failed". The inspector is not API.
 */
package org.gatewaydoctor.checks.http.tls;
