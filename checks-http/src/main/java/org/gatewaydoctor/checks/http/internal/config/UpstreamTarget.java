package org.gatewaydoctor.checks.http.internal.config;

import java.util.Objects;

/**
 * Where a proxy sends requests and how: {@code fastcgi_pass unix:/run/php/php8.2-fpm.sock} is FastCGI to
 * a unix socket, {@code proxy_pass https://backend/api/} is HTTPS to the group {@code backend} with URI
 * {@code /api/}, Apache's {@code proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost} is FastCGI to a
 * unix socket.
 *
 * @param protocol what is spoken on the hop
 * @param endpoint where it connects
 * @param uri the URI part written after the address ({@code /api/}), empty when none
 * @param raw the target exactly as configured
 */
public record UpstreamTarget(Protocol protocol, Endpoint endpoint, String uri, String raw) {

    public UpstreamTarget {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(raw, "raw");
    }
}
