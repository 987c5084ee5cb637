package org.gatewaydoctor.checks.dns.internal;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An address range such as {@code 104.16.0.0/13} or {@code 2606:4700::/32}.
 *
 * @param network the first address
 * @param prefix the prefix length
 */
public record Cidr(InetAddress network, int prefix) {
    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + network.getHostAddress());
        }
    }

    /**
     * Parses {@code ADDRESS/PREFIX} (or a bare address, a /32 or /128).
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String a = slash < 0 ? t : t.substring(0, slash);
        InetAddress address = IpLiteral.parse(a)
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an address range"));
        int bits = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid prefix length", e);
        }
        return new Cidr(address, prefix);
    }

    /** Whether {@code a} lies in this range (an address of the other family never does). */
    public boolean contains(InetAddress a) {
        byte[] net = network.getAddress();
        byte[] x = a.getAddress();
        if (net.length != x.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (net[i] != x[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (net[full] & mask) == (x[full] & mask);
    }

    @Override
    public String toString() {
        return Resolution.text(network) + "/" + prefix;
    }
}
