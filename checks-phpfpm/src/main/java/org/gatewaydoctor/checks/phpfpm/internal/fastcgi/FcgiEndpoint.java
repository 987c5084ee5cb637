package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydoctor.checks.phpfpm.internal.config.ListenAddress;

/** Where a FastCGI server listens: a unix socket or a TCP host and port. */
public sealed interface FcgiEndpoint {

    /** nginx's spelling: {@code unix:/run/php/php8.2-fpm.sock} or {@code 127.0.0.1:9000}. */
    String describe();

    /** A unix socket. */
    record Unix(Path path) implements FcgiEndpoint {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "unix:" + path;
        }
    }

    /** A TCP address; {@code host} is a name or a literal address (IPv6 without brackets). */
    record Tcp(String host, int port) implements FcgiEndpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("empty host");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public String describe() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /**
     * Where a local client reaches a pool's {@code listen} address ({@code listen = 9000} on 127.0.0.1); empty
     * for an address PHP-FPM cannot listen on.
     */
    static Optional<FcgiEndpoint> of(ListenAddress address) {
        if (address instanceof ListenAddress.Unix u) {
            try {
                return Optional.of(new Unix(Path.of(u.path())));
            } catch (java.nio.file.InvalidPathException e) {
                return Optional.empty();
            }
        }
        if (address instanceof ListenAddress.Tcp t) {
            return Optional.of(new Tcp(t.connectHost(), t.port()));
        }
        return Optional.empty();
    }
}
