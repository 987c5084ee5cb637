package org.gatewaydoctor.checks.dns.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A name server to ask: an IP address and port, and where it came from (for findings).
 *
 * @param address the IP address (never a name: asking a name server by name would need a resolver first)
 * @param port its port, 53 unless written
 * @param origin where it came from, e.g. {@code /etc/resolv.conf}, {@code --dns-server},
 *     {@code nginx resolver (/etc/nginx/nginx.conf:12)}
 */
public record NameServer(InetAddress address, int port, String origin) {

    /** The port DNS uses unless told otherwise. */
    public static final int DNS_PORT = 53;

    public NameServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(origin, "origin");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code IP}, {@code IP:PORT}, {@code [IPv6]:PORT} or a bare IPv6 address.
     *
     * @throws IllegalArgumentException with a message for people when it is none of these (a host name
     *     included: a name server is given by address)
     */
    public static NameServer parse(String text, String origin) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        String host = s;
        int port = DNS_PORT;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' lacks the closing ']' of an IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + text + "' is not [IPv6]:PORT");
                }
                port = port(rest.substring(1), text);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1), text);
        }
        if (!IpLiteral.is(host)) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address (a name server is given as "
                    + "IP, IP:PORT or [IPv6]:PORT)");
        }
        try {
            return new NameServer(InetAddress.getByName(host), port, origin);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address", e);
        }
    }

    private static int port(String digits, String text) {
        try {
            int p = Integer.parseInt(digits);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("'" + text + "' has no valid port (1-65535)");
    }

    /** The socket address. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** {@code 127.0.0.1:5353}, {@code [::1]:53}; the port is always written. */
    public String hostPort() {
        String a = Resolution.text(address);
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }

    /** {@code 127.0.0.1:5353 (--dns-server)}. */
    @Override
    public String toString() {
        return hostPort() + " (" + origin + ")";
    }
}
