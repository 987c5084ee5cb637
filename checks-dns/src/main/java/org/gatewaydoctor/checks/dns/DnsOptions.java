package org.gatewaydoctor.checks.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.checks.dns.internal.IpLiteral;
import org.gatewaydoctor.checks.dns.internal.NameServer;
import org.gatewaydoctor.model.Target;

/**
 * The {@link Target#options() target options} the DNS checks read. Lists are separated by commas or
 * spaces.
 *
 * <pre>{@code
 * Target t = Target.builder().url("https://www.example.org/")
 *     .option(DnsOptions.SERVERS, "192.0.2.53, [2001:db8::53]:5353")
 *     .option(DnsOptions.EXPECT_ADDRESS, "198.51.100.7")
 *     .build();
 * }</pre>
 */
public final class DnsOptions {

    /**
     * Name servers to ask instead of the system's ({@code IP}, {@code IP:PORT}, {@code [IPv6]:PORT}); the
     * command line's {@code --dns-server}. The names a web server resolves at run time are still asked of the
     * resolver it uses itself (nginx's {@code resolver}).
     */
    public static final String SERVERS = "dns.servers";
    /** The addresses the site's name should resolve to (the origin's); {@code --expect-address}. */
    public static final String EXPECT_ADDRESS = "dns.expect-address";
    /** The resolv.conf that describes the system's resolver; default {@code /etc/resolv.conf}. */
    public static final String RESOLV_CONF = "dns.resolv-conf";
    /** The hosts file the system's resolver reads first; default {@code /etc/hosts}. */
    public static final String HOSTS = "dns.hosts";
    /**
     * The origin behind a CDN or edge, {@code IP[:PORT]} or a host name (written by the edge checks'
     * {@code --origin}): an address here is expected for the site's name too (the site may resolve to
     * the CDN instead), a host name is resolved like every name on the path.
     */
    public static final String EDGE_ORIGIN = "edge.origin";

    private DnsOptions() {
    }

    /**
     * The name servers of {@link #SERVERS}.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code IP[:PORT]}
     */
    public static List<InetSocketAddress> servers(Target target) {
        return nameServers(target).stream().map(NameServer::socketAddress).toList();
    }

    static List<NameServer> nameServers(Target target) {
        List<NameServer> out = new ArrayList<>();
        for (String s : list(target, SERVERS)) {
            try {
                out.add(NameServer.parse(s, "--dns-server"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SERVERS + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * The addresses of {@link #EXPECT_ADDRESS}.
     *
     * @throws IllegalArgumentException naming the entry that is not an IP address
     */
    public static List<InetAddress> expected(Target target) {
        List<InetAddress> out = new ArrayList<>();
        for (String s : list(target, EXPECT_ADDRESS)) {
            out.add(IpLiteral.parse(s).orElseThrow(() -> new IllegalArgumentException(
                    EXPECT_ADDRESS + ": '" + s + "' is not an IP address")));
        }
        return out;
    }

    /** The host part of {@link #EDGE_ORIGIN}: {@code 203.0.113.7}, {@code origin.example.org}, {@code ::1}. */
    public static java.util.Optional<String> originHost(Target target) {
        return target.option(EDGE_ORIGIN).map(String::strip).filter(s -> !s.isEmpty()).map(s -> {
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                return close > 0 ? s.substring(1, close) : s;
            }
            int colon = s.indexOf(':');
            return colon >= 0 && colon == s.lastIndexOf(':') ? s.substring(0, colon) : s;
        });
    }

    private static List<String> list(Target target, String key) {
        return target.option(key).map(v -> List.of(v.split("[,\\s]+"))).orElse(List.of()).stream()
                .filter(s -> !s.isEmpty()).toList();
    }
}
