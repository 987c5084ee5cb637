package org.gatewaydoctor.facts;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a web server or load balancer of this machine accepts connections, read from its configuration: an nginx
 * {@code listen} (a {@code server} without one listens on {@code *:80}), an Apache {@code Listen} (with the names of
 * the {@code <VirtualHost>}s it serves), a HAProxy {@code bind} of a frontend (which serves any name).
 *
 * @param kind the software
 * @param address where: an IP literal, a host name as written, or an empty host for every address
 *     ({@code listen 80}, {@code Listen 80}, {@code bind :80})
 * @param names the host names served there ({@code server_name}, {@code ServerName} and {@code ServerAlias}), as
 *     written; empty when any name is served (a HAProxy frontend, a server without names)
 * @param file the configuration file of the directive (of the {@code server} block for nginx's default)
 * @param line its line
 */
public record Listener(WebServer.Kind kind, Address address, List<String> names, String file, int line) {

    public Listener {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        if (address.isUnix()) {
            throw new IllegalArgumentException("a listener on a unix socket has no address to resolve to");
        }
        names = List.copyOf(names);
        Objects.requireNonNull(file, "file");
    }

    /** {@code file:line} of the directive. */
    public String location() {
        return file + ":" + line;
    }

    /**
     * Whether a connection to {@code ip} on {@code port} reaches this listener: the same port and address, or an
     * address-less listener of that family (nginx's and HAProxy's {@code *:80} take IPv4 only, nginx's
     * {@code [::]:80} IPv6 only, Apache's {@code Listen 80} both). A listener written with a host name (other
     * than {@code localhost}) may be any address: it is taken to accept.
     */
    public boolean accepts(InetAddress ip, int port) {
        if (port != address.port()) {
            return false;
        }
        boolean v6 = ip.getAddress().length == 16;
        String host = address.host().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || host.equals("*")) {
            return kind == WebServer.Kind.APACHE || !v6;
        }
        if (host.equals("0.0.0.0")) {
            return !v6;
        }
        if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            return v6 || kind == WebServer.Kind.APACHE;
        }
        if (host.equals("localhost")) {
            return ip.isLoopbackAddress() && (v6 || ip.getHostAddress().equals("127.0.0.1"));
        }
        if (!literal(host)) {
            return true;
        }
        try {
            return InetAddress.getByName(host).equals(ip);
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }

    /** Whether the listener has one address (not every address, not a host name). */
    public boolean specific() {
        String host = address.host();
        return literal(host) && !host.equals("0.0.0.0") && !host.equals("::") && !host.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * Whether {@code host} is one of {@link #names()}: the same name, or a wildcard ({@code *.example.org},
     * {@code .example.org}) that covers it. Regular expressions are not matched.
     */
    public boolean serves(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String written : names) {
            String n = written.toLowerCase(Locale.ROOT);
            if (n.equals(h) || n.startsWith("*.") && h.endsWith(n.substring(1))
                    || n.startsWith(".") && (h.equals(n.substring(1)) || h.endsWith(n))) {
                return true;
            }
        }
        return false;
    }

    private static boolean literal(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }
}
