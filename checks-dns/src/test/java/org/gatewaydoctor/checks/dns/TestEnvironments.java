package org.gatewaydoctor.checks.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.checks.dns.internal.Environment;

/**
 * Environments for the checks under test: their own resolv.conf and hosts file in a temp folder, and a route
 * that refuses to send anything outside 127.0.0.0/8 (the tests' guarantee that no packet leaves the machine).
 */
final class TestEnvironments {

    private TestEnvironments() {
    }

    /**
     * An environment whose resolv.conf says {@code resolvConf}, whose hosts file says {@code hosts}, and whose
     * packets for the addresses in {@code redirect} go to the given loopback ports instead.
     */
    static Environment of(Path dir, String resolvConf, String hosts, Map<InetSocketAddress, InetSocketAddress> redirect) {
        try {
            Files.createDirectories(dir);
            Path rc = Files.writeString(dir.resolve("resolv.conf"), resolvConf);
            Path h = Files.writeString(dir.resolve("hosts"), hosts);
            UnaryOperator<InetSocketAddress> route = a -> {
                InetSocketAddress to = redirect.getOrDefault(a, a);
                if (!to.getAddress().isLoopbackAddress()) {
                    throw new AssertionError("a test tried to send a DNS query to " + to + ", outside 127.0.0.0/8");
                }
                return to;
            };
            return new Environment(rc, h, route, Duration.ofSeconds(2), () -> List.of(InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** resolv.conf naming only 127.0.0.1 port 53 (where nothing answers in the tests), an empty hosts file. */
    static Environment isolated(Path dir) {
        return of(dir, "nameserver 127.0.0.1\n", "", Map.of());
    }

    static InetSocketAddress at(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
