package org.gatewaydoctor.checks.http.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.SiteAddresses;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.spi.CheckContext;

/**
 * The probes' resolver for the site's own name: what {@code dns.names} resolved with the diagnosis's resolver
 * (resolv.conf, hosts file or {@code --dns-server}, bounded by that check's deadline), published as
 * {@link Facts#SITE_ADDRESSES}. Other names, and every name when the DNS checks did not run, go to the
 * fallback (the JVM's resolver).
 */
public final class SiteResolver {

    private SiteResolver() {
    }

    /** A resolver that answers the site's name from {@code ctx}'s fact and any other name with {@code fallback}. */
    public static HttpProber.Resolver of(CheckContext ctx, HttpProber.Resolver fallback) {
        Optional<SiteAddresses> site = ctx.fact(Facts.SITE_ADDRESSES);
        if (site.isEmpty()) {
            return fallback;
        }
        SiteAddresses s = site.get();
        return host -> {
            if (!s.names(host)) {
                return fallback.resolve(host);
            }
            if (s.resolved()) {
                return s.addresses().toArray(InetAddress[]::new);
            }
            throw new UnknownHostException(s.answer() + " from " + s.resolver());
        };
    }

    /**
     * Where the probe's addresses for {@code url}'s host came from, when {@code dns.names} resolved it:
     * e.g. {@code shop.example resolved by resolver 127.0.0.1:53 (/etc/resolv.conf) (dns.names): 127.0.0.2 (TTL 60 s)}.
     */
    public static Optional<Evidence> note(CheckContext ctx, URI url) {
        if (url == null || url.getHost() == null) {
            return Optional.empty();
        }
        return ctx.fact(Facts.SITE_ADDRESSES).filter(s -> s.names(url.getHost()))
                .map(s -> new Evidence.Observation(s.host() + " as this probe resolved it: " + s.answer() + " from "
                        + s.resolver() + " (the resolver of dns.names)"));
    }
}
