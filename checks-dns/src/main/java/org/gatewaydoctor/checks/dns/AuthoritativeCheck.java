package org.gatewaydoctor.checks.dns;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatewaydoctor.checks.dns.internal.Authority;
import org.gatewaydoctor.checks.dns.internal.DnsClient;
import org.gatewaydoctor.checks.dns.internal.Environment;
import org.gatewaydoctor.checks.dns.internal.IpLiteral;
import org.gatewaydoctor.checks.dns.internal.Lookups;
import org.gatewaydoctor.checks.dns.internal.NameServer;
import org.gatewaydoctor.checks.dns.internal.Resolution;
import org.gatewaydoctor.checks.dns.internal.SystemResolver;
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
 * Asks the site's zone itself: finds the zone of the URL's host (and of the CDN origin's host name, when
 * {@link DnsOptions#EDGE_ORIGIN} names one) and its NS set through the resolver ({@link DnsOptions#SERVERS},
 * else the system's), then asks every authoritative server directly, without recursion (at most
 * {@value Authority#MAX_SERVERS}), for the zone's SOA serial and the name's A and AAAA records.
 *
 * <ul>
 *   <li>every authoritative server silent: {@code dns.timeout}; some silent: {@code dns.timeout} as a warning
 *       (resolvers wait, then try another);</li>
 *   <li>a server that does not answer for the zone (REFUSED, SERVFAIL, no AA flag): a lame delegation,
 *       {@code dns.servfail} (critical when no server answers properly);</li>
 *   <li>servers that answer with different serials or different records: {@code dns.inconsistent} (a
 *       secondary that stopped transferring, two providers edited separately);</li>
 *   <li>authoritative servers that agree while the resolver still hands out another answer:
 *       {@code dns.inconsistent} with the resolver's remaining TTL, i.e. until when the old answer may
 *       still be served ("propagation" is cache expiry).</li>
 * </ul>
 */
public final class AuthoritativeCheck implements Check {

    /** This check's id. */
    public static final String ID = "dns.authoritative";
    private static final Duration MARGIN = Duration.ofMillis(250);

    private final Environment environment;

    /** The check on this machine's resolver files and network, for {@link java.util.ServiceLoader}. */
    public AuthoritativeCheck() {
        this(Environment.system());
    }

    AuthoritativeCheck(Environment environment) {
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
        return "DNS: the zone's authoritative servers agree";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(15);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws InterruptedException {
        Target target = ctx.target();
        Set<String> hosts = new LinkedHashSet<>();
        target.urlOption().map(URI::getHost).filter(h -> !IpLiteral.is(h)).ifPresent(hosts::add);
        DnsOptions.originHost(target).filter(h -> !IpLiteral.is(h)).ifPresent(hosts::add);
        hosts.removeIf(h -> Lookups.specialUse(h).isPresent());
        if (hosts.isEmpty()) {
            return CheckResult.notApplicable("no host name to look up: the URL is missing or an IP address");
        }
        List<NameServer> resolvers = DnsOptions.nameServers(target);
        if (resolvers.isEmpty()) {
            SystemResolver system = SystemResolver.read(
                    target.option(DnsOptions.RESOLV_CONF).map(java.nio.file.Path::of).orElse(environment.resolvConf()),
                    target.option(DnsOptions.HOSTS).map(java.nio.file.Path::of).orElse(environment.hosts()));
            resolvers = system.servers();
        }
        if (resolvers.isEmpty()) {
            return CheckResult.notApplicable("no resolver to find the zone's name servers with");
        }
        NameServer resolver = resolvers.get(0);
        Lookups lookups = new Lookups(new DnsClient(ctx.clock(), environment.route(), environment.perQuestion()));
        Authority authority = new Authority(lookups);
        Instant deadline = ctx.deadline().minus(MARGIN);
        List<Finding> findings = new ArrayList<>();
        List<Evidence> passed = new ArrayList<>();
        for (String host : hosts) {
            judge(ctx, host, resolver, authority, lookups, deadline, findings, passed);
        }
        if (findings.isEmpty()) {
            return CheckResult.passed(passed.stream().map(e -> e.redacted(ctx.redactor()::redact)).toList());
        }
        return CheckResult.findings(findings.stream().map(f -> f.redacted(ctx.redactor()::redact)).toList());
    }

    private static void judge(CheckContext ctx, String host, NameServer resolver, Authority authority, Lookups lookups,
                              Instant deadline, List<Finding> findings, List<Evidence> passed)
            throws InterruptedException {
        Authority.Zone zone = authority.zone(host, resolver, deadline);
        if (!zone.problem().isEmpty()) {
            passed.add(new Evidence.Observation("the authoritative servers of " + host + " were not asked: "
                    + zone.problem()));
            return;
        }
        List<Authority.ServerView> views = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        Instant asked = ctx.clock().instant();
        Authority.Delegation delegation = authority.delegation(zone.apex(), resolver, deadline);
        // the servers the parent delegates to are asked too: resolvers learn the NS set from the parent first
        List<String> servers = new ArrayList<>(zone.nameServers());
        delegation.nameServers().stream().filter(ns -> !servers.contains(ns)).forEach(servers::add);
        for (String ns : servers.stream().limit(Authority.MAX_SERVERS).toList()) {
            List<InetAddress> addresses = authority.addresses(ns, resolver, deadline);
            if (addresses.isEmpty() && delegation.glue().containsKey(ns)) {
                // a server only the parent names: resolvers reach it through its glue
                addresses = delegation.glue().get(ns).stream().map(IpLiteral::parse).flatMap(Optional::stream)
                        .toList();
            }
            if (addresses.isEmpty()) {
                evidence.add(new Evidence.Observation("the name server " + ns + " of " + zone.apex()
                        + " has no address (asked " + resolver + ")"));
                continue;
            }
            for (InetAddress a : addresses.stream().limit(2).toList()) {
                NameServer server = new NameServer(a, NameServer.DNS_PORT, ns);
                Instant at = ctx.clock().instant();
                Authority.ServerView v = authority.ask(ns, server, zone.apex(), host, deadline);
                views.add(v);
                evidence.add(new Evidence.Probe("SOA " + zone.apex() + ", A/AAAA " + host + " @" + server.hostPort()
                        + " (" + ns + ", no recursion)", "dns", null, Duration.between(at, ctx.clock().instant()),
                        describe(v), at));
            }
        }
        delegationFinding(zone, delegation, asked, resolver, lookups, deadline, ctx).ifPresentOrElse(findings::add, () -> {
            if (!delegation.problem().isEmpty()) {
                evidence.add(new Evidence.Observation("the delegation of " + zone.apex() + " was not read: "
                        + delegation.problem()));
            }
        });
        Resolution viaResolver = lookups.resolve(host, resolver, deadline);
        Instant now = ctx.clock().instant();
        List<Authority.ServerView> answering = views.stream().filter(v -> v.state() == Authority.State.ANSWERS).toList();
        List<Authority.ServerView> lame = views.stream().filter(v -> v.state() == Authority.State.LAME).toList();
        List<Authority.ServerView> silent = views.stream().filter(v -> v.state() == Authority.State.SILENT).toList();
        if (views.isEmpty()) {
            passed.addAll(evidence);
            return;
        }
        if (answering.isEmpty() && lame.isEmpty()) {
            findings.add(Finding.cause(CauseCode.DNS_TIMEOUT, Layer.DNS, Severity.CRITICAL, 0.85,
                            "none of the " + silent.size() + " authoritative servers of " + zone.apex() + " answers ("
                                    + servers(silent) + "): resolvers cannot look up " + host + " once their cached "
                                    + "answer expires")
                    .evidence(evidence)
                    .remediation("Start the name servers or open 53/udp and 53/tcp to them; check the DNS provider's status",
                            "Correct the glue (the name servers' addresses) at the registrar if they were renumbered",
                            "Add a secondary DNS provider on another network")
                    .build());
            return;
        }
        if (!lame.isEmpty()) {
            boolean all = answering.isEmpty();
            findings.add(Finding.cause(CauseCode.DNS_SERVFAIL, Layer.DNS, all ? Severity.CRITICAL : Severity.WARNING,
                            all ? 0.85 : 0.6, (all ? "no authoritative server of " + zone.apex() + " named in its NS "
                                    + "set serves the zone" : lame.size() + " of " + views.size() + " authoritative servers of "
                                    + zone.apex() + " named in its NS set " + (lame.size() > 1 ? "do" : "does")
                                    + " not serve the zone") + " (lame delegation: " + lame.stream().map(v -> v.nameServer()
                                    + " " + v.detail()).collect(Collectors.joining("; ")) + ")"
                                    + (all ? ": resolvers answer SERVFAIL for " + host
                                    : ": resolvers that pick it fail or retry, so some lookups of " + host + " are slow or fail"))
                    .evidence(evidence)
                    .remediation("Make every server in the zone's NS set (and in the registrar's NS list) serve "
                                    + zone.apex() + " authoritatively, or remove the ones that do not",
                            "After moving DNS providers, update the NS records at the registrar and inside the zone")
                    .build());
        }
        if (!silent.isEmpty() && !answering.isEmpty()) {
            findings.add(Finding.cause(CauseCode.DNS_TIMEOUT, Layer.DNS, Severity.WARNING, 0.5,
                            silent.size() + " of " + views.size() + " authoritative servers of " + zone.apex()
                                    + " do not answer (" + servers(silent) + "): resolvers that ask them wait, then "
                                    + "retry another, so lookups of " + host + " are slow")
                    .evidence(evidence)
                    .remediation("Bring the silent name servers back or remove them from the NS set and the registrar")
                    .build());
        }
        Set<Long> serials = answering.stream().map(Authority.ServerView::serial).collect(Collectors.toCollection(
                java.util.TreeSet::new));
        Set<String> answers = answering.stream().map(Authority.ServerView::answer).collect(Collectors.toCollection(
                LinkedHashSet::new));
        if (serials.size() > 1 || answers.size() > 1) {
            String each = answering.stream().map(v -> v.nameServer() + " (" + v.server().hostPort() + "): serial "
                    + v.serial() + ", " + v.answer()).collect(Collectors.joining("; "));
            findings.add(Finding.cause(CauseCode.DNS_INCONSISTENT, Layer.DNS, Severity.WARNING,
                            answers.size() > 1 ? 0.85 : 0.6, "the authoritative servers of " + zone.apex()
                                    + " disagree" + (answers.size() > 1 ? " about " + host : " (same records for " + host
                                    + ", different serials)") + ": " + each
                                    + (answers.size() > 1 ? ": depending on the server a resolver asks, visitors reach "
                                    + "different addresses" : ""))
                    .evidence(evidence)
                    .remediation("Find the server that lags (the lower serial) and repair its zone transfers (NOTIFY, "
                                    + "allow-transfer, the primary's address), or update every provider of a "
                                    + "multi-provider setup",
                            "Then ask each server again: the serials and answers must match")
                    .build());
            return;
        }
        if (answers.size() == 1 && viaResolver.status() != NameResolver.Status.TIMEOUT) {
            String auth = answers.iterator().next();
            String theirs = Authority.comparable(viaResolver);
            Optional<String> plain = Authority.addressesOnly(auth);
            if (plain.isPresent() && !plain.get().equals(theirs)) {
                Duration ttl = viaResolver.ttl();
                String until = ttl == null ? "" : " for up to another " + ttl.toSeconds() + " s (until "
                        + now.plus(ttl).truncatedTo(ChronoUnit.SECONDS) + ")";
                findings.add(Finding.cause(CauseCode.DNS_INCONSISTENT, Layer.DNS, Severity.WARNING, 0.75,
                                "the resolver " + resolver + " still answers " + theirs + " for " + host + " while every "
                                        + "authoritative server of " + zone.apex() + " answers " + auth + " (serial "
                                        + serials.iterator().next() + "): a cached old answer, which it may keep" + until
                                        + "; other resolvers may hold it too")
                        .evidence(evidence)
                        .evidence(new Evidence.Probe("A/AAAA " + host + " @" + resolver, "dns", null, viaResolver.latency(),
                                viaResolver.answerText() + (ttl == null ? "" : " (remaining TTL " + ttl.toSeconds() + " s)"),
                                now))
                        .remediation("Wait until the remaining TTL has passed; keep the old address serving (or "
                                        + "redirecting) until then",
                                "Next time lower the record's TTL (e.g. to 300 s) a full old-TTL ahead of the change")
                        .build());
                return;
            }
        }
        passed.addAll(evidence);
        passed.add(new Evidence.Observation("the " + answering.size() + " authoritative "
                + (answering.size() == 1 ? "server" : "servers") + " of " + zone.apex() + " agree: serial "
                + serials.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ", " + host + " → "
                + String.join(" | ", answers)));
    }

    /**
     * The parent's delegation against the zone's own NS set and its servers' addresses: NS names only one side
     * lists, and glue that differs from the name servers' real addresses (after a renumbering, the registrar
     * still hands out the old address).
     */
    private static Optional<Finding> delegationFinding(Authority.Zone zone, Authority.Delegation d, Instant at,
                                                       NameServer resolver, Lookups lookups, Instant deadline,
                                                       CheckContext ctx) throws InterruptedException {
        if (!d.problem().isEmpty() || d.nameServers().isEmpty()) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        List<String> onlyParent = d.nameServers().stream().filter(ns -> !zone.nameServers().contains(ns)).toList();
        List<String> onlyZone = zone.nameServers().stream().filter(ns -> !d.nameServers().contains(ns)).toList();
        if (!onlyParent.isEmpty()) {
            problems.add("the parent zone " + d.parentApex() + " delegates to " + String.join(", ", onlyParent)
                    + ", which " + zone.apex() + "'s own NS set does not list");
        }
        if (!onlyZone.isEmpty()) {
            problems.add(zone.apex() + " lists " + String.join(", ", onlyZone) + " in its NS set, but the parent zone "
                    + d.parentApex() + " does not delegate to " + (onlyZone.size() == 1 ? "it" : "them")
                    + " (resolvers never learn of " + (onlyZone.size() == 1 ? "it" : "them") + " from the parent)");
        }
        for (var glue : d.glue().entrySet()) {
            Resolution real = lookups.resolve(glue.getKey(), resolver, deadline);
            if (real.status() != NameResolver.Status.RESOLVED) {
                continue;
            }
            boolean v6 = glue.getValue().stream().anyMatch(a -> a.contains(":"));
            List<String> realSame = real.addresses().stream().filter(a -> (a.getAddress().length == 16) == v6)
                    .map(Resolution::text).sorted().toList();
            List<String> glueSame = glue.getValue().stream().filter(a -> a.contains(":") == v6).sorted().toList();
            if (!realSame.isEmpty() && !realSame.equals(glueSame)) {
                problems.add("the parent's glue for " + glue.getKey() + " is " + String.join(", ", glueSame)
                        + ", but " + glue.getKey() + " has the address " + String.join(", ", realSame)
                        + " (resolvers starting from the parent go to the glue address)");
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        String glueText = d.glue().isEmpty() ? "no glue" : "glue " + d.glue().entrySet().stream()
                .map(e -> e.getKey() + " → " + String.join(", ", e.getValue())).collect(Collectors.joining("; "));
        Evidence referral = new Evidence.Probe("NS " + zone.apex() + " @" + d.parentServer().hostPort() + " ("
                + d.parentServer().origin() + ", parent zone " + d.parentApex() + ", no recursion)", "dns", null,
                Duration.between(at, ctx.clock().instant()), "referral to " + String.join(", ", d.nameServers()) + "; "
                + glueText, at);
        return Optional.of(Finding.cause(CauseCode.DNS_INCONSISTENT, Layer.DNS, Severity.WARNING, 0.65,
                        "the delegation of " + zone.apex() + " does not match the zone: " + String.join("; ", problems))
                .evidence(referral)
                .remediation("Make the name servers registered at the registrar (the parent's NS set and glue) the "
                                + "same as the zone's own NS records and the servers' current addresses",
                        "After renumbering a name server, update its glue at the registrar before retiring the old "
                                + "address, and keep the old one serving until the parent's TTL has passed")
                .build());
    }

    private static String describe(Authority.ServerView v) {
        return switch (v.state()) {
            case ANSWERS -> "serial " + v.serial() + ", " + v.answer() + (v.ttl() == null ? "" : " (TTL " + v.ttl().toSeconds() + " s)");
            case LAME -> "lame: " + v.detail();
            case SILENT -> "no answer: " + v.detail();
        };
    }

    private static String servers(List<Authority.ServerView> views) {
        return views.stream().map(v -> v.nameServer() + " " + v.server().hostPort()).collect(Collectors.joining(", "));
    }
}
