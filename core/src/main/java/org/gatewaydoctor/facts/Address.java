package org.gatewaydoctor.facts;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a hop listens or connects: a unix socket, or a host (name or IP literal) and port.
 *
 * @param socket the unix socket's path, or {@code null} for TCP
 * @param host the host for TCP, or {@code null} for a unix socket; an empty host means every address
 * @param port the TCP port, or 0 for a unix socket
 */
public record Address(Path socket, String host, int port) {
    public Address {
        if (socket == null) {
            Objects.requireNonNull(host, "host (or socket)");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        } else if (host != null || port != 0) {
            throw new IllegalArgumentException("a unix socket address has no host or port");
        }
    }

    /** A unix socket. */
    public static Address unix(Path socket) {
        return new Address(Objects.requireNonNull(socket, "socket"), null, 0);
    }

    /** A TCP address; {@code host} may be empty (all addresses), a name or an IP literal without brackets. */
    public static Address tcp(String host, int port) {
        return new Address(null, host, port);
    }

    public boolean isUnix() {
        return socket != null;
    }

    /** The unix socket path, if this is one. */
    public Optional<Path> socketPath() {
        return Optional.ofNullable(socket);
    }

    /** {@code unix:/run/php/fpm.sock}, {@code 127.0.0.1:9000}, {@code [::1]:9000} or {@code *:9000}. */
    @Override
    public String toString() {
        if (socket != null) {
            return "unix:" + socket;
        }
        String h = host.isEmpty() ? "*" : host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + port;
    }
}
