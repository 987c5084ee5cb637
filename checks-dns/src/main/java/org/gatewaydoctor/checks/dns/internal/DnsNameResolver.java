package org.gatewaydoctor.checks.dns.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydoctor.checks.dns.DnsOptions;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.NameResolver;

/**
 * The DNS module's {@link NameResolver}: the site's name asked as {@code dns.names} asks it, of
 * {@code --dns-server} ({@code dns.servers}) when given, else of the system's resolver (the hosts file, then each
 * {@code nameserver} of resolv.conf with its search list). When several resolvers are asked, the answer is the
 * one a stub resolver would use ({@link #choose}). Nothing is kept between calls.
 */
public final class DnsNameResolver implements NameResolver {

    private final Environment environment;
    private final Clock clock;

    /** On this machine's resolver files and network, for {@link java.util.ServiceLoader}. */
    public DnsNameResolver() {
        this(Environment.system(), Clock.systemUTC());
    }

    /** In a given environment (tests route packets to loopback servers). */
    public DnsNameResolver(Environment environment, Clock clock) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Answer resolve(String host, Target target, Instant deadline) throws InterruptedException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(deadline, "deadline");
        Optional<java.net.InetAddress> literal = IpLiteral.parse(host);
        if (literal.isPresent()) {
            return new Answer(host, Status.RESOLVED, List.of(literal.get()), "no resolver (an IP address)",
                    Resolution.text(literal.get()));
        }
        List<NameServer> user = new ArrayList<>();
        for (String s : target.option(DnsOptions.SERVERS).map(v -> List.of(v.split("[,\\s]+"))).orElse(List.of())) {
            if (s.isEmpty()) {
                continue;
            }
            try {
                user.add(NameServer.parse(s, "--dns-server"));
            } catch (IllegalArgumentException e) {
                return new Answer(host, Status.ERROR, List.of(), "--dns-server", "not asked: " + DnsOptions.SERVERS + ": "
                        + e.getMessage());
            }
        }
        SystemResolver system = SystemResolver.read(
                target.option(DnsOptions.RESOLV_CONF).map(Path::of).orElse(environment.resolvConf()),
                target.option(DnsOptions.HOSTS).map(Path::of).orElse(environment.hosts()));
        Resolvers resolvers = new Resolvers(new Lookups(new DnsClient(clock, environment.route(),
                environment.perQuestion())), system, user);
        List<Resolution> rs = resolvers.resolve(new PathName(host, PathName.Role.SITE, "the URL", false, List.of(), ""),
                deadline);
        return answer(choose(rs));
    }

    /**
     * The answer a stub resolver would use: the first resolver with a definite answer (addresses, NXDOMAIN,
     * NODATA, a dangling CNAME), else the first one's failure (glibc moves on after SERVFAIL, REFUSED and silence).
     */
    public static Resolution choose(List<Resolution> rs) {
        return rs.stream().filter(r -> r.status() != NameResolver.Status.SERVFAIL
                        && r.status() != NameResolver.Status.REFUSED && r.status() != NameResolver.Status.TIMEOUT
                        && r.status() != NameResolver.Status.ERROR)
                .findFirst().orElse(rs.get(0));
    }

    /** {@code r} in the SPI's words. */
    public static Answer answer(Resolution r) {
        Status status = r.status() == Status.RESOLVED && r.addresses().isEmpty() ? Status.NO_ADDRESS : r.status();
        return new Answer(r.host(), status, status == Status.RESOLVED ? r.addresses() : List.of(), r.source(),
                r.answerText());
    }
}
