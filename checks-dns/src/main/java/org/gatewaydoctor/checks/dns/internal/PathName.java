package org.gatewaydoctor.checks.dns.internal;

import java.util.List;
import java.util.Objects;

/**
 * A host name on the request path, who must resolve it, and with which name servers.
 *
 * @param host the name
 * @param role what it is on the path
 * @param where where it comes from, in words: {@code the URL}, {@code proxy_pass http://app:8080 (nginx.conf:12)}
 * @param runtime for an upstream name: whether the proxy resolves it per request (a failure is a 502 now)
 *     rather than once at start (a failure stops the next reload)
 * @param servers the name servers the software that resolves it asks, empty for the system's resolver
 * @param serversOrigin in words, where {@code servers} come from
 */
public record PathName(String host, Role role, String where, boolean runtime, List<NameServer> servers,
                       String serversOrigin) {

    /** What a name is on the path. */
    public enum Role {
        /** The site's own name, from the URL: what visitors resolve. */
        SITE,
        /** The origin's name behind a CDN or edge ({@code edge.origin}). */
        ORIGIN,
        /** A name the proxy layer resolves to reach an upstream. */
        UPSTREAM
    }

    public PathName {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(where, "where");
        servers = List.copyOf(servers);
        Objects.requireNonNull(serversOrigin, "serversOrigin");
    }
}
