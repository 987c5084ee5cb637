package org.gatewaydoctor.facts;

import java.util.List;

/**
 * The value of {@link Facts#LISTENERS}: where the web servers and load balancers whose configuration was read
 * accept connections.
 *
 * @param listeners in the order the configurations name them
 */
public record Listeners(List<Listener> listeners) {
    public Listeners {
        listeners = List.copyOf(listeners);
    }

    /** The listeners on {@code port}. */
    public List<Listener> on(int port) {
        return listeners.stream().filter(l -> l.address().port() == port).toList();
    }

    /** Whether a connection to {@code ip} on {@code port} reaches one of them ({@link Listener#accepts}). */
    public boolean accept(java.net.InetAddress ip, int port) {
        return listeners.stream().anyMatch(l -> l.accepts(ip, port));
    }

    /**
     * The listeners on {@code port} that serve {@code host}: by name ({@link Listener#serves}), or a HAProxy
     * frontend, which serves any name.
     */
    public List<Listener> serving(String host, int port) {
        return on(port).stream().filter(l -> l.serves(host) || l.kind() == WebServer.Kind.HAPROXY).toList();
    }
}
