package org.gatewaydoctor.checks.dns.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the DNS checks take from the machine, in one place so that tests substitute all of it: the system
 * resolver's files, where packets really go, how long one question may wait, and this host's addresses.
 *
 * @param resolvConf the resolv.conf read when the target names none
 * @param hosts the hosts file read when the target names none
 * @param route where a packet for a name server, or the connection that tries an address of the site, really
 *     goes (identity on a real machine)
 * @param perQuestion how long one question may wait at most
 * @param localAddresses this machine's addresses
 */
public record Environment(Path resolvConf, Path hosts, UnaryOperator<InetSocketAddress> route, Duration perQuestion,
                          Supplier<List<InetAddress>> localAddresses) {

    public Environment {
        Objects.requireNonNull(resolvConf, "resolvConf");
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(perQuestion, "perQuestion");
        Objects.requireNonNull(localAddresses, "localAddresses");
    }

    /** The machine's own: {@code /etc/resolv.conf}, {@code /etc/hosts}, direct packets, 2 s per question. */
    public static Environment system() {
        return new Environment(Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"), UnaryOperator.identity(),
                DnsClient.MAX_PER_QUESTION, Environment::interfaceAddresses);
    }

    /** The addresses of this machine's network interfaces (empty when they cannot be listed). */
    public static List<InetAddress> interfaceAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(Collections.list(ni.getInetAddresses()));
                if (out.size() > 256) {
                    break;
                }
            }
        } catch (SocketException | RuntimeException e) {
            return List.of();
        }
        return out;
    }
}
