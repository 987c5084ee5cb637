package org.gatewaydoctor.facts;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the site's own host name resolved to, with the resolver the diagnosis was told to use (the system's
 * resolv.conf and hosts file, or {@code --dns-server}), for checks that run after it. (The probes ask a
 * {@link org.gatewaydoctor.spi.NameResolver} themselves, so that they wait for no other check.)
 *
 * <p>Published by {@link Facts#SITE_ADDRESSES_CHECK}. When several resolvers were asked, this is the answer a
 * stub resolver would use: the first resolver that gave a definite answer (addresses, NXDOMAIN or NODATA),
 * else the first one's failure.
 *
 * <pre>{@code
 * ctx.fact(Facts.SITE_ADDRESSES).filter(s -> s.names("shop.example")).ifPresent(s -> ...);
 * }</pre>
 *
 * @param host the name asked about (the URL's host)
 * @param addresses its addresses, A first; empty when it did not resolve
 * @param resolver who answered, in words, e.g. {@code resolver 127.0.0.1:53 (/etc/resolv.conf)}
 * @param answer the answer in words, e.g. {@code 127.0.0.2 (TTL 60 s)}, {@code NXDOMAIN}, {@code SERVFAIL}
 */
public record SiteAddresses(String host, List<InetAddress> addresses, String resolver, String answer) {
    public SiteAddresses {
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(answer, "answer");
    }

    /** Whether the name resolved to at least one address. */
    public boolean resolved() {
        return !addresses.isEmpty();
    }

    /** Whether this is the answer for {@code name} (host names compare case-insensitively, a final dot ignored). */
    public boolean names(String name) {
        return name != null && norm(name).equals(norm(host));
    }

    private static String norm(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.endsWith(".") ? l.substring(0, l.length() - 1) : l;
    }
}
