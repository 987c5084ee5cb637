package org.gatewaydoctor.facts;

import org.gatewaydoctor.spi.FactKey;

/**
 * The well-known fact keys and the checks that publish them.
 *
 * <pre>{@code
 * // in a check that runs after the web-server configuration check
 * public Set<String> runsAfter() { return Set.of(Facts.WEB_SERVERS_CHECK); }
 * ...
 * context.fact(Facts.WEB_SERVERS).ifPresent(servers -> ...);
 * }</pre>
 */
public final class Facts {

    /** The web servers and load balancers read from configuration, with their proxy routes. */
    public static final FactKey<WebServers> WEB_SERVERS = FactKey.of("stack.web-servers", WebServers.class);

    /** The check (in {@code checks-http}) that publishes {@link #WEB_SERVERS}. */
    public static final String WEB_SERVERS_CHECK = "http.proxy-config";

    /**
     * The host names the proxy layer resolves, with the resolver it asks at run time (nginx's
     * {@code resolver}); published by {@link #WEB_SERVERS_CHECK} together with {@link #WEB_SERVERS}.
     */
    public static final FactKey<UpstreamNames> UPSTREAM_NAMES = FactKey.of("stack.upstream-names", UpstreamNames.class);

    /**
     * The document roots of the web servers' sites (nginx {@code root}, Apache {@code DocumentRoot}); published by
     * {@link #WEB_SERVERS_CHECK} together with {@link #WEB_SERVERS}. The WordPress checks find the site's folder here
     * when none is given.
     */
    public static final FactKey<DocumentRoots> DOCUMENT_ROOTS = FactKey.of("stack.document-roots", DocumentRoots.class);

    /**
     * Where the web servers and load balancers accept connections (nginx {@code listen}, Apache {@code Listen}
     * with its virtual hosts' names, HAProxy {@code bind}); published by {@link #WEB_SERVERS_CHECK}. The DNS checks
     * judge the site's addresses against it.
     */
    public static final FactKey<Listeners> LISTENERS = FactKey.of("stack.listeners", Listeners.class);

    /** The PHP-FPM pools read from configuration. */
    public static final FactKey<FpmPools> FPM_POOLS = FactKey.of("stack.fpm-pools", FpmPools.class);

    /** The check (in {@code checks-phpfpm}) that publishes {@link #FPM_POOLS}. */
    public static final String FPM_POOLS_CHECK = "phpfpm.config";

    /**
     * What the site's own host name resolves to with the diagnosis's resolver (resolv.conf or
     * {@code --dns-server}), for checks that run after {@link #SITE_ADDRESSES_CHECK}. The probes do not wait for
     * it: they ask a {@link org.gatewaydoctor.spi.NameResolver} themselves.
     */
    public static final FactKey<SiteAddresses> SITE_ADDRESSES = FactKey.of("dns.site-addresses", SiteAddresses.class);

    /** The check (in {@code checks-dns}) that publishes {@link #SITE_ADDRESSES}. */
    public static final String SITE_ADDRESSES_CHECK = "dns.names";

    /**
     * The error page (status 400 and above) the live probe got and who wrote it; published by {@link #PROBE_CHECK}
     * for the first address family that got one.
     */
    public static final FactKey<ProbedPage> PROBED_PAGE = FactKey.of("probe.error-page", ProbedPage.class);

    /** The check (in {@code checks-http}) that publishes {@link #PROBED_PAGE}. */
    public static final String PROBE_CHECK = "http.probe";

    private Facts() {
    }
}
