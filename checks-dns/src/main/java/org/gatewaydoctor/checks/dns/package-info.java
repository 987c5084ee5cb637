/**
 * DNS checks, built on dnsjava's wire format with a resolver, transport and deadline of their own per check
 * (never dnsjava's global {@code Lookup} defaults or cache).
 *
 * <ul>
 *   <li>{@link org.gatewaydoctor.checks.dns.NameResolutionCheck} ({@code dns.names}): every host name on the
 *       request path (the site's, the CDN origin's, the proxy layer's upstreams) asked of the resolvers that
 *       matter for it: the system's, {@code --dns-server}, and the web server's own ({@code resolver} in
 *       nginx).</li>
 *   <li>{@link org.gatewaydoctor.checks.dns.AuthoritativeCheck} ({@code dns.authoritative}): the site's zone
 *       asked of each of its authoritative servers directly: serials, answers, lame servers, and resolvers
 *       still holding an old answer.</li>
 * </ul>
 *
 * <p>Inputs are {@link org.gatewaydoctor.checks.dns.DnsOptions target options}.
 */
package org.gatewaydoctor.checks.dns;
