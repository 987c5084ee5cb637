package org.gatewaydoctor.checks.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatewaydoctor.checks.dns.internal.CdnRanges;
import org.gatewaydoctor.checks.dns.internal.DnsClient;
import org.gatewaydoctor.checks.dns.internal.Environment;
import org.gatewaydoctor.checks.dns.internal.IpLiteral;
import org.gatewaydoctor.checks.dns.internal.Lookups;
import org.gatewaydoctor.checks.dns.internal.NameServer;
import org.gatewaydoctor.checks.dns.internal.PathName;
import org.gatewaydoctor.checks.dns.internal.Resolution;
import org.gatewaydoctor.checks.dns.internal.Resolvers;
import org.gatewaydoctor.checks.dns.internal.SystemResolver;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.Listener;
import org.gatewaydoctor.facts.Listeners;
import org.gatewaydoctor.facts.ProxyRoute;
import org.gatewaydoctor.facts.SiteAddresses;
import org.gatewaydoctor.facts.UpstreamName;
import org.gatewaydoctor.facts.UpstreamNames;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.NameResolver;

/**
 * Resolves every host name on the request path with the resolvers that matter for it, and says what is
 * wrong with the answers.
 *
 * <p>The names: the URL's host (what visitors resolve), the origin behind a CDN when
 * {@link DnsOptions#EDGE_ORIGIN} names a host, and the names the proxy layer resolves to reach its upstreams
 * ({@link Facts#UPSTREAM_NAMES}, else the host names among {@link Facts#WEB_SERVERS}' route targets; this
 * check {@linkplain #runsAfter() runs after} {@value Facts#WEB_SERVERS_CHECK}). The resolvers: a name nginx
 * resolves per request is asked of the name servers of its {@code resolver} directive, as nginx does; every
 * other name of {@link DnsOptions#SERVERS} ({@code --dns-server}) when given, else of the system's resolver
 * (the hosts file, then each {@code nameserver} of resolv.conf, with its {@code search} list and
 * {@code ndots} applied as glibc applies them). Each question waits 2 s at most and
 * everything ends within the check's deadline.
 *
 * <p>What it names: {@code dns.nxdomain}, {@code dns.no_address}, {@code dns.dangling_cname},
 * {@code dns.servfail} (SERVFAIL and REFUSED; a SERVFAIL that becomes an answer with checking disabled is
 * reported as a DNSSEC failure), {@code dns.timeout} (silence, replies to another question id, replies that
 * are not DNS, a truncated answer whose TCP retry fails), {@code dns.inconsistent} (resolvers disagree; each
 * answer's remaining TTL says until when it may stay cached), and {@code dns.wrong_address}: the site's
 * name resolves outside the expected addresses ({@link DnsOptions#EXPECT_ADDRESS}, the edge origin's
 * address) and outside the CDNs' published ranges; without such expectations, the web servers of this machine
 * serve the name on the URL's port ({@link Facts#LISTENERS}: nginx {@code listen}, Apache {@code Listen} and
 * {@code <VirtualHost>}, HAProxy {@code bind}) but it resolves to an address of this machine where none of them
 * listens and a connection there fails; or one address family of the site has nothing listening
 * on the URL's port while the other answers (an AAAA record for a server without IPv6). A name of the proxy
 * layer that fails names {@code proxy.upstream_dns_failure} instead, with what its resolver answers now.
 *
 * <pre>{@code
 * Target t = Target.builder().url("https://www.example.org/")
 *     .option(DnsOptions.EXPECT_ADDRESS, "198.51.100.7").build();
 * GatewayDoctor.builder().include("dns.names").build().diagnose(t);
 * }</pre>
 */
public final class NameResolutionCheck implements Check {

    /** This check's id. */
    public static final String ID = "dns.names";
    /** The most names looked up in one run. */
    public static final int MAX_NAMES = 24;
    private static final Duration MARGIN = Duration.ofMillis(250);
    private static final Duration CONNECT = Duration.ofMillis(1500);

    private final Environment environment;

    /** The check on this machine's resolver files and network, for {@link java.util.ServiceLoader}. */
    public NameResolutionCheck() {
        this(Environment.system());
    }

    NameResolutionCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.DNS;
    }

    @Override
    public String title() {
        return "DNS: every name on the path, per resolver";
    }

    @Override
    public Set<String> runsAfter() {
        return Set.of(Facts.WEB_SERVERS_CHECK);
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(15);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws InterruptedException {
        Target target = ctx.target();
        List<NameServer> user = DnsOptions.nameServers(target);
        List<InetAddress> expected = new ArrayList<>(DnsOptions.expected(target));
        Optional<String> origin = DnsOptions.originHost(target);
        origin.flatMap(IpLiteral::parse).ifPresent(expected::add);
        SystemResolver system = SystemResolver.read(
                target.option(DnsOptions.RESOLV_CONF).map(java.nio.file.Path::of).orElse(environment.resolvConf()),
                target.option(DnsOptions.HOSTS).map(java.nio.file.Path::of).orElse(environment.hosts()));
        DnsClient client = new DnsClient(ctx.clock(), environment.route(), environment.perQuestion());
        Resolvers resolvers = new Resolvers(new Lookups(client), system, user);
        Instant deadline = ctx.deadline().minus(MARGIN);
        List<Finding> findings = new ArrayList<>();
        // nginx resolves a resolver written as a host name once, when it reads its configuration (getaddrinfo):
        // do the same first, with at most half of the time left, then ask the addresses it leads to
        Map<String, List<Resolution>> resolverNames = resolverNames(ctx, resolvers,
                ctx.clock().instant().plus(Duration.between(ctx.clock().instant(), deadline).dividedBy(2)));
        List<PathName> names = names(ctx, origin, resolverNames, findings);
        if (names.isEmpty() && findings.isEmpty()) {
            return CheckResult.notApplicable("no host name on the path: the URL is missing or an IP address, and no "
                    + "proxy configuration names an upstream by host name");
        }
        List<List<Resolution>> answers = resolvers.resolveAll(names, deadline);

        List<Evidence> passed = new ArrayList<>();
        if (user.isEmpty() && !system.problems().isEmpty()) {
            passed.add(new Evidence.Observation("system resolver: " + String.join("; ", system.problems())));
        }
        Instant now = ctx.clock().instant();
        for (int i = 0; i < names.size(); i++) {
            PathName name = names.get(i);
            List<Resolution> rs = answers.get(i);
            List<Evidence> evidence = rs.stream().map(r -> probe(r, now)).collect(Collectors.toList());
            if (rs.stream().allMatch(r -> r.server() == null && r.status() == NameResolver.Status.ERROR)) {
                // nothing could be asked (no readable resolv.conf): that says nothing about the name
                passed.add(new Evidence.Observation(name.host() + " was not looked up: " + rs.get(0).detail()));
                continue;
            }
            if (name.role() == PathName.Role.SITE) {
                ctx.publish(Facts.SITE_ADDRESSES, siteAddresses(rs));
            }
            Optional<Finding> f = judge(name, rs, evidence, now);
            if (f.isPresent()) {
                findings.add(f.get());
                continue;
            }
            passed.addAll(evidence);
            if (name.role() == PathName.Role.SITE) {
                Set<InetAddress> addresses = new LinkedHashSet<>();
                rs.forEach(r -> addresses.addAll(r.addresses()));
                Optional<ProxyRoute> servedHere = ctx.fact(Facts.WEB_SERVERS).map(WebServers::routes).orElse(List.of())
                        .stream().filter(r -> serves(r.server(), name.host())).findFirst();
                List<InetAddress> local = environment.localAddresses().get();
                Optional<Finding> elsewhere = expected.isEmpty()
                        ? servedElsewhere(ctx, name, addresses, local, evidence) : Optional.empty();
                if (elsewhere.isPresent()) {
                    findings.add(elsewhere.get());
                } else {
                    expectations(name, addresses, expected, local, servedHere, evidence, passed)
                            .ifPresent(findings::add);
                }
                families(ctx, target, name, addresses, evidence, environment.route()).ifPresent(findings::add);
            }
        }
        if (findings.isEmpty()) {
            return CheckResult.passed(passed.stream().map(e -> e.redacted(ctx.redactor()::redact)).toList());
        }
        return CheckResult.findings(findings.stream().map(f -> f.redacted(ctx.redactor()::redact)).toList());
    }

    /**
     * The answer a stub resolver would use: the first resolver with a definite answer (addresses, NXDOMAIN,
     * NODATA, a dangling CNAME), else the first one's failure (glibc moves on after SERVFAIL, REFUSED and silence).
     */
    static SiteAddresses siteAddresses(List<Resolution> rs) {
        Resolution chosen = org.gatewaydoctor.checks.dns.internal.DnsNameResolver.choose(rs);
        return new SiteAddresses(chosen.host(), chosen.resolved() ? chosen.addresses() : List.of(),
                chosen.source(), chosen.answerText());
    }

    // ---- the names

    /** The resolver host names of nginx's {@code resolver} directives, each resolved as nginx does at start. */
    private static Map<String, List<Resolution>> resolverNames(CheckContext ctx, Resolvers resolvers, Instant deadline)
            throws InterruptedException {
        Map<String, PathName> hosts = new LinkedHashMap<>();
        for (UpstreamName u : ctx.fact(Facts.UPSTREAM_NAMES).map(UpstreamNames::names).orElse(List.of())) {
            // nginx's resolver directive and HAProxy's nameserver lines (resolvers section) both take a host name,
            // resolved with getaddrinfo when the configuration is read (haproxy 2.6 checked: a name that does not
            // resolve fails the start with "'nameserver NAME' : invalid address: 'HOST' in 'HOST:PORT'")
            if (!u.runtime() || u.kind() == WebServer.Kind.APACHE) {
                continue;
            }
            for (Address a : u.resolvers()) {
                if (!a.isUnix() && !a.host().isEmpty() && !IpLiteral.is(a.host()) && hosts.size() < MAX_NAMES) {
                    hosts.putIfAbsent(a.host().toLowerCase(Locale.ROOT), new PathName(a.host(), PathName.Role.UPSTREAM,
                            software(u.kind()) + "'s " + (u.kind() == WebServer.Kind.NGINX ? "resolver directive"
                                    : "nameserver line") + " (" + u.location() + ")", false, List.of(), ""));
                }
            }
        }
        Map<String, List<Resolution>> out = new LinkedHashMap<>();
        if (hosts.isEmpty()) {
            return out;
        }
        List<PathName> list = new ArrayList<>(hosts.values());
        List<List<Resolution>> answers = resolvers.resolveAll(list, deadline);
        for (int i = 0; i < list.size(); i++) {
            out.put(list.get(i).host().toLowerCase(Locale.ROOT), answers.get(i));
        }
        return out;
    }

    private static List<PathName> names(CheckContext ctx, Optional<String> origin,
                                        Map<String, List<Resolution>> resolverNames, List<Finding> findings) {
        Map<String, PathName> out = new LinkedHashMap<>();
        Optional<URI> url = ctx.target().urlOption();
        if (url.isPresent() && !IpLiteral.is(url.get().getHost())) {
            String host = url.get().getHost();
            out.put(key(host, List.of()), new PathName(host, PathName.Role.SITE, "the URL " + url.get(), false,
                    List.of(), ""));
        }
        if (origin.isPresent() && !IpLiteral.is(origin.get())) {
            out.putIfAbsent(key(origin.get(), List.of()), new PathName(origin.get(), PathName.Role.ORIGIN,
                    "the origin behind the CDN (" + DnsOptions.EDGE_ORIGIN + ")", false, List.of(), ""));
        }
        Optional<UpstreamNames> upstream = ctx.fact(Facts.UPSTREAM_NAMES);
        if (upstream.isPresent()) {
            for (UpstreamName u : upstream.get().names()) {
                if (u.host().contains("$") || IpLiteral.is(u.host()) || (u.runtime() && u.kind() == WebServer.Kind.NGINX
                        && u.resolvers().isEmpty())) {
                    // nginx without a resolver cannot resolve it at all: http.proxy-config names that
                    continue;
                }
                List<NameServer> servers = new ArrayList<>();
                List<Resolution> unresolved = new ArrayList<>();
                for (Address a : u.runtime() ? u.resolvers() : List.<Address>of()) {
                    Optional<InetAddress> ip = IpLiteral.parse(a.host());
                    if (ip.isPresent()) {
                        servers.add(new NameServer(ip.get(), a.port(), software(u.kind()) + " resolver ("
                                + u.location() + ")"));
                        continue;
                    }
                    List<Resolution> rs = resolverNames.getOrDefault(a.host().toLowerCase(Locale.ROOT), List.of());
                    Optional<Resolution> found = rs.stream().filter(Resolution::resolved).findFirst();
                    if (found.isPresent()) {
                        for (InetAddress x : found.get().addresses()) {
                            // where the name led, and who said so: nginx found it the same way when it started
                            servers.add(new NameServer(x, a.port(), software(u.kind()) + " resolver " + a.host()
                                    + " = " + Resolution.text(x) + " as resolved from " + found.get().source() + " ("
                                    + u.location() + ")"));
                        }
                    } else if (!rs.isEmpty()) {
                        unresolved.add(rs.get(0));
                    }
                }
                if (!unresolved.isEmpty()) {
                    String said = "the host name " + unresolved.get(0).host() + ",";
                    if (findings.stream().noneMatch(f -> f.summary().contains(said))) {
                        findings.add(resolverNameFailure(u, unresolved, ctx.clock().instant()));
                    }
                    if (servers.isEmpty()) {
                        // none of nginx's resolvers can be found now: nothing to ask in its place
                        continue;
                    }
                }
                out.putIfAbsent(key(u.host(), servers), new PathName(u.host(), PathName.Role.UPSTREAM,
                        u.directive() + " (" + u.location() + ")", u.runtime(), servers,
                        servers.isEmpty() ? "" : software(u.kind()) + "'s resolver"));
            }
        } else {
            ctx.fact(Facts.WEB_SERVERS).map(WebServers::routes).orElse(List.of()).forEach(r -> {
                for (Address a : r.targets()) {
                    if (!a.isUnix() && !a.host().isEmpty() && !IpLiteral.is(a.host())) {
                        out.putIfAbsent(key(a.host(), List.of()), new PathName(a.host(), PathName.Role.UPSTREAM,
                                where(r), false, List.of(), ""));
                    }
                }
            });
        }
        return out.values().stream().limit(MAX_NAMES).toList();
    }

    /**
     * nginx's {@code resolver} names a host that does not resolve now. nginx resolved it when it read its
     * configuration and keeps those addresses; the next reload or restart fails with nginx's
     * {@code host not found in resolver "NAME"} (ngx_resolver_create: ngx_parse_url's error).
     */
    private static Finding resolverNameFailure(UpstreamName u, List<Resolution> unresolved, Instant now) {
        Resolution r = unresolved.get(0);
        List<Evidence> evidence = new ArrayList<>();
        unresolved.forEach(x -> evidence.add(probe(x, now)));
        boolean nginx = u.kind() == WebServer.Kind.NGINX;
        String soft = software(u.kind());
        int port = u.resolvers().stream().filter(a -> !a.isUnix() && a.host().equalsIgnoreCase(r.host()))
                .mapToInt(Address::port).findFirst().orElse(53);
        // the real wording: nginx's ngx_resolver_create (ngx_parse_url's error); haproxy 2.6's str2sa_range, as
        // printed by "haproxy -c" for a nameserver line whose name does not resolve
        String words = nginx ? "host not found in resolver \"" + r.host() + "\""
                : "'nameserver …' : invalid address: '" + r.host() + "' in '" + r.host() + ":" + port + "'";
        return Finding.cause(CauseCode.PROXY_CONFIG_INVALID, Layer.PROXY, Severity.WARNING, 0.6,
                        soft + "'s resolver is written as the host name " + r.host() + ", which does not resolve now ("
                                + r.answerText() + " from " + r.source() + "): the running " + soft + " keeps the "
                                + "address it found when it started, but the next reload or restart fails with: "
                                + words)
                .risk()
                .evidence(evidence)
                .evidence(new Evidence.Observation("the resolver in effect for " + u.directive() + " ("
                        + u.location() + ")"))
                .remediation("Write the resolver's IP address in " + (nginx ? "nginx's resolver directive"
                                : "HAProxy's nameserver line") + " (a resolver found by name needs a working resolver "
                                + "to be found at all)",
                        "Or make " + r.host() + " resolve again (the hosts file or the system's DNS)")
                .confirmWith(nginx ? "nginx -t reports host not found in resolver \"" + r.host() + "\""
                        : "haproxy -c -f haproxy.cfg reports invalid address: '" + r.host() + "'")
                .build();
    }

    private static String key(String host, List<NameServer> servers) {
        return host.toLowerCase(Locale.ROOT) + " " + servers.stream().map(NameServer::hostPort).toList();
    }

    private static String where(ProxyRoute r) {
        return "a route of " + r.server() + " " + r.scope() + " (" + r.location() + ")";
    }

    private static String software(WebServer.Kind kind) {
        return switch (kind) {
            case NGINX -> "nginx";
            case APACHE -> "Apache";
            case HAPROXY -> "HAProxy";
        };
    }

    // ---- judging the answers

    private Optional<Finding> judge(PathName name, List<Resolution> rs, List<Evidence> evidence, Instant now) {
        Set<String> keys = rs.stream().map(Resolution::answerKey).collect(Collectors.toCollection(LinkedHashSet::new));
        boolean anyResolved = rs.stream().anyMatch(Resolution::resolved);
        if (keys.size() > 1) {
            return Optional.of(inconsistent(name, rs, evidence, now, anyResolved));
        }
        if (anyResolved) {
            return Optional.empty();
        }
        Resolution r = rs.get(0);
        return Optional.of(failure(name, r, rs.size(), evidence));
    }

    private static Finding inconsistent(PathName name, List<Resolution> rs, List<Evidence> evidence, Instant now,
                                        boolean anyResolved) {
        StringBuilder sb = new StringBuilder();
        for (Resolution r : rs) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(r.source()).append(": ").append(r.answerText());
        }
        Finding.Builder f = Finding.cause(CauseCode.DNS_INCONSISTENT, Layer.DNS,
                        anyResolved ? Severity.WARNING : Severity.CRITICAL, 0.75,
                        "resolvers disagree about " + name.host() + " (" + role(name) + "): " + sb
                                + (anyResolved ? ": depending on the resolver, requests reach different places or fail"
                                : ""))
                .evidence(evidence);
        Optional<Instant> until = rs.stream().filter(Resolution::resolved).map(Resolution::ttl)
                .filter(java.util.Objects::nonNull).max(Duration::compareTo).map(t -> now.plus(t).truncatedTo(ChronoUnit.SECONDS));
        until.ifPresent(u -> f.evidence(new Evidence.Observation("the longest remaining TTL among these answers ends at "
                + u + ": a resolver may hand out its cached answer until then", null)));
        f.remediation("Find which answer is current: ask the zone's authoritative servers directly (dig +norecurse @NS "
                        + name.host() + "; the dns.authoritative check does)",
                "If a change is still propagating, wait until the remaining TTL has passed and keep the old address "
                        + "serving (or redirecting) until then; lower the TTL a day before the next change",
                "If one resolver is broken or has a stale override (a hosts entry, a local zone, a forwarder), fix it");
        if (name.role() == PathName.Role.UPSTREAM) {
            f.remediation("The proxy resolves " + name.host() + " through " + resolverWords(name)
                    + ": whatever that resolver answers decides which requests fail");
        }
        return f.build();
    }

    private static Finding failure(PathName name, Resolution r, int resolvers, List<Evidence> evidence) {
        String what = switch (r.status()) {
            case NXDOMAIN -> "does not exist (NXDOMAIN)";
            case NO_ADDRESS -> "exists but has no A or AAAA record (NODATA)";
            case DANGLING_CNAME -> "is a CNAME to " + r.chain().get(r.chain().size() - 1) + ", which "
                    + (r.detail().startsWith("NXDOMAIN") ? "does not exist" : "has no address");
            case SERVFAIL -> "cannot be resolved: the resolver answers SERVFAIL" + (r.detail().contains("DNSSEC")
                    ? ", and answers with DNSSEC checking disabled: the zone's DNSSEC is broken" : "");
            case REFUSED -> "is refused by the resolver (REFUSED)";
            case TIMEOUT -> "gets no usable answer from the resolver (" + r.detail() + ")";
            case ERROR, RESOLVED -> "cannot be resolved (" + r.detail() + ")";
        };
        String who = resolvers == 1 ? (r.server() == null ? r.source() : "resolver " + r.server()) : "all "
                + resolvers + " resolvers asked";
        if (name.role() == PathName.Role.UPSTREAM) {
            boolean now = name.runtime();
            String soft = name.serversOrigin().isEmpty() ? "the proxy" : name.serversOrigin().replace("'s resolver", "");
            // HAProxy keeps a server's last address for its "hold nx"/"hold timeout" (30 s by default), then takes
            // the server out of the farm (MAINT); a backend without servers answers 503, not 502
            boolean haproxy = now && soft.equals("HAProxy");
            String effect = !now ? ": the proxy resolved it when it started, but will refuse to reload or start "
                    + "until it resolves again"
                    : haproxy ? ": HAProxy resolves it at run time (its resolvers section) and takes the server out of "
                    + "the farm once its hold time passes; when no server is left, visitors get 503"
                    : ": " + soft + " resolves it per request, so those requests fail with 502";
            return Finding.cause(CauseCode.PROXY_UPSTREAM_DNS_FAILURE, Layer.PROXY,
                            now ? Severity.CRITICAL : Severity.WARNING, now ? 0.85 : 0.6,
                            "the upstream name " + name.host() + " " + what + " according to " + who + effect)
                    .evidence(evidence)
                    .evidence(new Evidence.Observation("used by " + name.where()))
                    .remediation(fix(name, r))
                    .remediation("Or write the upstream's address instead of its name, if it is fixed")
                    .httpStatus(haproxy ? 503 : 502)
                    .build();
        }
        CauseCode code = switch (r.status()) {
            case NXDOMAIN -> CauseCode.DNS_NXDOMAIN;
            case NO_ADDRESS -> CauseCode.DNS_NO_ADDRESS;
            case DANGLING_CNAME -> CauseCode.DNS_DANGLING_CNAME;
            case TIMEOUT -> CauseCode.DNS_TIMEOUT;
            default -> CauseCode.DNS_SERVFAIL;
        };
        boolean site = name.role() == PathName.Role.SITE;
        return Finding.cause(code, Layer.DNS, Severity.CRITICAL, resolvers > 1 ? 0.9 : 0.8,
                        (site ? "the site's name " : "the origin's name ") + name.host() + " " + what + " according to "
                                + who + (site ? ": visitors get a browser DNS error, no HTTP status"
                                : ": the CDN cannot reach the origin by name"))
                .evidence(evidence)
                .remediation(fix(name, r))
                .confirmWith("dig " + name.host() + " A and AAAA from another network shows the same answer")
                .build();
    }

    private static String[] fix(PathName name, Resolution r) {
        String h = name.host();
        return switch (r.status()) {
            case NXDOMAIN -> new String[] {"Create the record for " + h + " in its zone, or correct the name where it "
                    + "is used; if the whole domain is gone, renew it or lift the registrar's hold",
                "Resolvers keep the negative answer for the zone's negative-caching TTL (SOA minimum) after the fix"};
            case NO_ADDRESS -> new String[] {"Add an A record (and AAAA only if the server really serves IPv6) for " + h};
            case DANGLING_CNAME -> new String[] {"Point the CNAME of " + h + " at a live target, or delete it; if the "
                    + "target was a cloud resource you no longer own, remove the record now (subdomain takeover risk)"};
            case SERVFAIL, ERROR, RESOLVED -> new String[] {"Ask each authoritative server of the zone directly (dig "
                    + "+norecurse @NS " + h + "): a server that does not answer for the zone is a lame delegation; "
                    + "align the registrar's NS list with the servers that host it",
                "With DNSSEC: publish the DS that matches the zone's current key at the registrar (or remove the DS), "
                        + "and re-sign a zone whose signatures expired"};
            case REFUSED -> new String[] {"Use a resolver that serves this host (allow-recursion / access-control), or "
                    + "point the configuration at the right one"};
            case TIMEOUT -> new String[] {"Make the resolver " + (r.server() == null ? "" : r.server().hostPort() + " ")
                    + "reachable (53/udp and 53/tcp) and answering, or configure one that is",
                "If the name's own authoritative servers are down, resolvers time out too: check them directly"};
        };
    }

    private static String role(PathName name) {
        return switch (name.role()) {
            case SITE -> "the site's name";
            case ORIGIN -> "the CDN's origin";
            case UPSTREAM -> "upstream of " + name.where();
        };
    }

    private static String resolverWords(PathName name) {
        return name.servers().isEmpty() ? "the system's resolver"
                : name.servers().stream().map(NameServer::hostPort).collect(Collectors.joining(", "));
    }

    private static Evidence probe(Resolution r, Instant now) {
        StringBuilder outcome = new StringBuilder(r.answerText());
        if (r.ttl() != null && !r.resolved()) {
            outcome.append(" (negative answer cached ").append(r.ttl().toSeconds()).append(" s)");
        }
        for (String n : r.notes()) {
            outcome.append("; ").append(n);
        }
        String target = "A/AAAA " + r.host() + (r.server() == null ? " (" + r.source() + ")" : " @" + r.server());
        return new Evidence.Probe(target, "dns", null, r.latency(), outcome.toString(), now);
    }

    // ---- expected addresses

    /** Whether a server block's names ({@code server_name} / {@code ServerName}, space-separated) cover {@code host}. */
    static boolean serves(String serverNames, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String n : serverNames.toLowerCase(Locale.ROOT).split("[\\s,]+")) {
            if (n.equals(h) || n.startsWith("*.") && h.endsWith(n.substring(1)) || n.startsWith(".")
                    && (h.equals(n.substring(1)) || h.endsWith(n))) {
                return true;
            }
        }
        return false;
    }

    /** An address on the public Internet: not loopback, link-local, private (RFC 1918, ULA) or carrier-grade NAT. */
    static boolean isPublic(InetAddress a) {
        byte[] b = a.getAddress();
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        if (b.length == 4) {
            return !((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
        }
        return (b[0] & 0xfe) != 0xfc;
    }

    private static Optional<Finding> expectations(PathName name, Set<InetAddress> addresses,
                                                  List<InetAddress> expected, List<InetAddress> local,
                                                  Optional<ProxyRoute> servedHere,
                                                  List<Evidence> evidence, List<Evidence> notes) {
        CdnRanges cdn = CdnRanges.shipped();
        List<String> atCdn = new ArrayList<>();
        List<InetAddress> unexpected = new ArrayList<>();
        for (InetAddress a : addresses) {
            Optional<CdnRanges.Range> range = cdn.find(a);
            if (range.isPresent()) {
                atCdn.add(Resolution.text(a) + " (" + range.get().provider() + " " + range.get().range() + ")");
            } else if (!expected.contains(a)) {
                unexpected.add(a);
            }
        }
        String cdnNote = "CDN ranges as of " + cdn.asOf() + " from " + String.join("; ", cdn.sources());
        if (!atCdn.isEmpty()) {
            notes.add(new Evidence.Observation(name.host() + " points at a CDN: " + String.join(", ", atCdn)
                    + "; its origin is then reached through the CDN (" + cdnNote + ")"));
        }
        if (expected.isEmpty()) {
            List<String> here = addresses.stream().filter(local::contains).map(Resolution::text).toList();
            if (!here.isEmpty()) {
                notes.add(new Evidence.Observation(name.host() + " resolves to this machine (" + String.join(", ", here)
                        + ")"));
            } else if (atCdn.isEmpty()) {
                List<String> mine = local.stream().filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                        .map(Resolution::text).limit(8).toList();
                List<InetAddress> publicHere = local.stream().filter(NameResolutionCheck::isPublic).toList();
                if (servedHere.isPresent() && !publicHere.isEmpty() && addresses.stream().allMatch(NameResolutionCheck::isPublic)) {
                    // this machine serves the site and faces the Internet itself, yet the name leads elsewhere:
                    // a guess (a load balancer or NAT in front would explain it), so a warning
                    ProxyRoute r = servedHere.get();
                    String here2 = publicHere.stream().map(Resolution::text).limit(8).collect(Collectors.joining(", "));
                    return Optional.of(Finding.cause(CauseCode.DNS_WRONG_ADDRESS, Layer.DNS, Severity.WARNING, 0.55,
                                    name.host() + " resolves to " + addresses.stream().map(Resolution::text).toList()
                                            + ", but this machine serves it (" + r.file() + ":" + r.line() + ") and has "
                                            + "the public " + (publicHere.size() == 1 ? "address " : "addresses ") + here2
                                            + ": unless a load balancer or NAT there forwards to this machine, visitors "
                                            + "reach another server (after a move: the old one)")
                            .evidence(evidence)
                            .evidence(new Evidence.ConfigLine(r.file(), r.line(), "server_name", r.server()))
                            .evidence(new Evidence.Observation("this machine's public addresses: " + here2 + "; "
                                    + cdnNote))
                            .remediation("If this machine is the site's server now, point the A/AAAA records of "
                                            + name.host() + " at " + here2,
                                    "If a load balancer or NAT in front forwards to it, say so with --expect-address "
                                            + "(its address) and this warning goes away")
                            .confirmWith("curl --resolve " + name.host() + ":443:" + publicHere.get(0).getHostAddress()
                                    + " https://" + name.host() + "/ reaches this machine's site")
                            .build());
                }
                notes.add(new Evidence.Observation(name.host() + " resolves to " + addresses.stream()
                        .map(Resolution::text).toList() + ", outside the CDN ranges known"
                        + (mine.isEmpty() ? "" : " and not to this machine's addresses " + mine + " (behind NAT or a "
                        + "load balancer that is expected)") + "; give --expect-address ORIGIN_IP to have the address "
                        + "judged"));
            }
            return Optional.empty();
        }
        if (unexpected.isEmpty()) {
            return Optional.empty();
        }
        boolean all = unexpected.size() == addresses.size();
        String exp = expected.stream().map(Resolution::text).collect(Collectors.joining(", "));
        return Optional.of(Finding.cause(CauseCode.DNS_WRONG_ADDRESS, Layer.DNS,
                        all ? Severity.CRITICAL : Severity.WARNING, all ? 0.85 : 0.7,
                        name.host() + " resolves to " + unexpected.stream().map(Resolution::text).toList()
                                + (all ? "" : " (among " + addresses.size() + " addresses)") + ", which is neither the "
                                + "expected origin (" + exp + ") nor inside a CDN's published ranges: "
                                + (all ? "visitors reach another machine" : "some visitors reach another machine"))
                .evidence(evidence)
                .evidence(new Evidence.Observation("expected: " + exp + "; " + cdnNote))
                .remediation("Correct the A/AAAA records of " + name.host() + " (behind a CDN: the origin address in the "
                                + "CDN's DNS settings)",
                        "Remove records left over from an earlier server; before the next move, lower the TTL a day "
                                + "ahead and keep the old server serving until the old TTL has passed")
                .confirmWith("curl --resolve " + name.host() + ":443:" + exp.split(", ")[0] + " https://" + name.host()
                        + "/ reaches the right site")
                .build());
    }

    // ---- served here, on other addresses

    /**
     * Without an expected address: the web servers of this machine serve the site's name on the URL's port
     * ({@link Facts#LISTENERS}), but the name resolves to addresses of this machine (loopback or an interface's)
     * where none of them listens on that port, and a connection there is refused or unanswered (tried, as a visitor
     * would). Addresses in a CDN's ranges are the CDN's, never judged here; addresses of other machines are left to
     * {@link #expectations} (a load balancer or NAT may forward them).
     */
    private Optional<Finding> servedElsewhere(CheckContext ctx, PathName name, Set<InetAddress> addresses,
                                              List<InetAddress> local, List<Evidence> dns) throws InterruptedException {
        Optional<URI> url = ctx.target().urlOption();
        Optional<Listeners> listeners = ctx.fact(Facts.LISTENERS);
        if (url.isEmpty() || listeners.isEmpty() || addresses.isEmpty()) {
            return Optional.empty();
        }
        int port = url.get().getPort() > 0 ? url.get().getPort()
                : url.get().getScheme().equalsIgnoreCase("https") ? 443 : 80;
        List<Listener> serving = listeners.get().serving(name.host(), port);
        if (serving.isEmpty()) {
            return Optional.empty();
        }
        CdnRanges cdn = CdnRanges.shipped();
        List<InetAddress> judged = addresses.stream().filter(a -> cdn.find(a).isEmpty()).toList();
        List<InetAddress> nowhere = judged.stream().filter(a -> a.isLoopbackAddress() || local.contains(a))
                .filter(a -> !listeners.get().accept(a, port)).limit(4).toList();
        if (nowhere.isEmpty()) {
            return Optional.empty();
        }
        List<Evidence> probes = new ArrayList<>();
        List<InetAddress> confirmed = new ArrayList<>();
        for (InetAddress a : nowhere) {
            Duration left = ctx.remaining().minus(MARGIN);
            if (left.compareTo(Duration.ofMillis(100)) < 0) {
                break;
            }
            long timeout = Math.min(CONNECT.toMillis(), left.toMillis());
            Instant at = ctx.clock().instant();
            String outcome;
            try (Socket socket = new Socket()) {
                socket.connect(environment.route().apply(new InetSocketAddress(a, port)), (int) timeout);
                outcome = "connected: something this diagnosis's configurations do not name listens there";
            } catch (java.net.ConnectException e) {
                outcome = "refused the connection";
                confirmed.add(a);
            } catch (java.net.SocketTimeoutException e) {
                outcome = "no answer within " + timeout + " ms";
                confirmed.add(a);
            } catch (IOException e) {
                outcome = "failed: " + e.getMessage();
                confirmed.add(a);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            probes.add(new Evidence.Probe(hostPort(a, port), "tcp", null, Duration.between(at, ctx.clock().instant()),
                    outcome, at));
        }
        if (confirmed.isEmpty()) {
            return Optional.empty();
        }
        boolean all = confirmed.size() == judged.size();
        Listener s = serving.get(0);
        String served = serving.stream().map(l -> l.address().toString()).distinct().limit(4)
                .collect(Collectors.joining(", "));
        String by = software(s.kind()) + (s.names().isEmpty() ? "" : " " + (s.kind() == WebServer.Kind.NGINX
                ? "server_name " : "ServerName ") + String.join(" ", s.names()));
        List<String> targets = serving.stream().filter(Listener::specific).map(l -> l.address().host()).distinct()
                .limit(4).toList();
        String wrong = confirmed.stream().map(Resolution::text).collect(Collectors.joining(", "));
        Finding.Builder f = Finding.cause(CauseCode.DNS_WRONG_ADDRESS, Layer.DNS,
                        all ? Severity.CRITICAL : Severity.WARNING, all ? 0.85 : 0.7,
                        name.host() + " is served here on " + served + " (" + by + ", " + s.location() + "), but the "
                                + "name resolves to " + wrong + (all ? "" : " (among " + judged.size() + " addresses)")
                                + ", where nothing of this host listens on port " + port + ": "
                                + (all ? "visitors' connections fail there" : "some visitors' connections fail there"))
                .evidence(dns)
                .evidence(probes)
                .evidence(new Evidence.ConfigLine(s.file(), s.line(), listenDirective(s.kind()),
                        s.address().toString()))
                .evidence(new Evidence.Observation("listening on port " + port + " according to the configurations: "
                        + listeners.get().on(port).stream().map(l -> l.address() + " (" + software(l.kind()) + ", "
                        + l.location() + ")").limit(8).collect(Collectors.joining("; "))))
                .remediation("Point the A/AAAA records of " + name.host() + " at the address the site is served on"
                                + (targets.isEmpty() ? "" : " (" + String.join(", ", targets) + ")")
                                + " (behind a CDN: the origin address in the CDN's DNS settings)",
                        "Or, if " + wrong + " is right, make " + software(s.kind()) + " listen there too ("
                                + listenDirective(s.kind()) + " " + hostPort(confirmed.get(0), port) + ")",
                        "Resolvers keep the old answer until its TTL has passed; lower the TTL a day before a move");
        if (!targets.isEmpty()) {
            f.confirmWith("curl --resolve " + name.host() + ":" + port + ":" + targets.get(0) + " "
                    + ctx.redactor().redact(url.get().toString()) + " reaches the site");
        }
        return Optional.of(f.build());
    }

    private static String listenDirective(WebServer.Kind kind) {
        return switch (kind) {
            case NGINX -> "listen";
            case APACHE -> "Listen";
            case HAPROXY -> "bind";
        };
    }

    // ---- address families

    private static Optional<Finding> families(CheckContext ctx, Target target, PathName name,
                                              Set<InetAddress> addresses, List<Evidence> dns,
                                              java.util.function.UnaryOperator<InetSocketAddress> route)
            throws InterruptedException {
        Optional<URI> url = target.urlOption();
        if (url.isEmpty() || addresses.isEmpty()) {
            return Optional.empty();
        }
        boolean v4 = addresses.stream().anyMatch(a -> a.getAddress().length == 4);
        boolean v6 = addresses.stream().anyMatch(a -> a.getAddress().length == 16);
        if (!v4 || !v6) {
            return Optional.empty();
        }
        int port = url.get().getPort() > 0 ? url.get().getPort()
                : url.get().getScheme().equalsIgnoreCase("https") ? 443 : 80;
        List<Evidence> probes = new ArrayList<>();
        List<InetAddress> open = new ArrayList<>();
        List<InetAddress> closed = new ArrayList<>();
        for (InetAddress a : addresses.stream().limit(8).toList()) {
            Duration left = ctx.remaining().minus(MARGIN);
            if (left.compareTo(Duration.ofMillis(100)) < 0) {
                return Optional.empty();
            }
            long timeout = Math.min(CONNECT.toMillis(), left.toMillis());
            Instant at = ctx.clock().instant();
            String outcome;
            try (Socket s = new Socket()) {
                s.connect(route.apply(new InetSocketAddress(a, port)), (int) timeout);
                outcome = "connected";
                open.add(a);
            } catch (java.net.SocketTimeoutException e) {
                outcome = "no answer within " + timeout + " ms";
                closed.add(a);
            } catch (IOException e) {
                outcome = "failed: " + e.getMessage();
                closed.add(a);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            probes.add(new Evidence.Probe(hostPort(a, port), "tcp", null, Duration.between(at, ctx.clock().instant()),
                    outcome, at));
        }
        if (open.isEmpty() || closed.isEmpty()) {
            return Optional.empty();
        }
        boolean v6Broken = closed.stream().allMatch(a -> a.getAddress().length == 16)
                && open.stream().anyMatch(a -> a.getAddress().length == 4);
        boolean v4Broken = closed.stream().allMatch(a -> a.getAddress().length == 4)
                && open.stream().anyMatch(a -> a.getAddress().length == 16);
        if (!v6Broken && !v4Broken) {
            return Optional.empty();
        }
        String record = v6Broken ? "AAAA" : "A";
        String family = v6Broken ? "IPv6" : "IPv4";
        return Optional.of(Finding.cause(CauseCode.DNS_WRONG_ADDRESS, Layer.DNS, Severity.WARNING, 0.75,
                        name.host() + " has " + record + " records where nothing answers on port " + port + " ("
                                + closed.stream().map(Resolution::text).toList() + ") while "
                                + open.stream().map(Resolution::text).toList() + " answers: visitors who connect over "
                                + family + " fail, the others do not")
                .evidence(probes)
                .evidence(dns)
                .remediation("Remove the " + record + " records of " + name.host() + " if the server does not serve "
                                + family + ", or make the web server listen on " + closed.stream()
                                .map(a -> hostPort(a, port)).collect(Collectors.joining(", ")),
                        "Then check the firewall lets port " + port + " in over " + family)
                .confirmWith("curl -" + (v6Broken ? "6" : "4") + " " + url.get() + " fails while curl -"
                        + (v6Broken ? "4" : "6") + " works")
                .build());
    }

    private static String hostPort(InetAddress a, int port) {
        String t = Resolution.text(a);
        return (t.indexOf(':') >= 0 ? "[" + t + "]" : t) + ":" + port;
    }
}
