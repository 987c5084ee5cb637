package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.Objects;

/**
 * A pool's {@code listen} address as PHP-FPM reads it ({@code fpm_sockets.c}): a value with a ':' or made of
 * digits only is TCP, anything else a unix socket path (relative paths resolved against the prefix).
 *
 * <ul>
 *   <li>{@code 9000}: every address, port 9000 (PHP-FPM binds {@code ::}, IPv4-mapped included, and falls
 *       back to {@code 0.0.0.0});
 *   <li>{@code 127.0.0.1:9000}, {@code localhost:9000} (resolved, first address), {@code [::1]:9000}: the
 *       last ':' separates the port; brackets are removed;
 *   <li>{@code /run/php/php8.2-fpm.sock}: a unix socket.
 * </ul>
 */
public sealed interface ListenAddress {

    /** The address as written (after {@code $pool} substitution). */
    String written();

    /** nginx's spelling, e.g. {@code unix:/run/php/php8.2-fpm.sock} or {@code 127.0.0.1:9000}. */
    String describe();

    /**
     * A unix socket.
     *
     * @param path the socket path, absolute after resolution against the prefix
     */
    record Unix(String path, String written) implements ListenAddress {
        public Unix {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(written, "written");
        }

        @Override
        public String describe() {
            return "unix:" + path;
        }
    }

    /**
     * A TCP address.
     *
     * @param host the host or address without brackets; empty when PHP-FPM listens on every address
     * @param port 1-65535
     */
    record Tcp(String host, int port, String written) implements ListenAddress {
        public Tcp {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(written, "written");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** Whether PHP-FPM listens on every address ({@code listen = PORT}). */
        public boolean anyAddress() {
            return host.isEmpty();
        }

        /** Where a local client connects: the host, or the loopback address for "every address". */
        public String connectHost() {
            return host.isEmpty() ? "127.0.0.1" : host;
        }

        @Override
        public String describe() {
            if (host.isEmpty()) {
                return "*:" + port;
            }
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /**
     * An address PHP-FPM accepts when it reads the configuration but cannot listen on (it fails to start).
     *
     * @param reason PHP-FPM's complaint
     */
    record Invalid(String written, String reason) implements ListenAddress {
        public Invalid {
            Objects.requireNonNull(written, "written");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String describe() {
            return written;
        }
    }

    /** Whether PHP-FPM treats this value as a TCP address ({@code fpm_sockets_domain_from_address}). */
    static boolean isTcp(String address) {
        if (address.indexOf(':') >= 0) {
            return true;
        }
        for (int k = 0; k < address.length(); k++) {
            if (address.charAt(k) < '0' || address.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads an address.
     *
     * @param address the value of {@code listen}
     * @param prefix the directory a relative unix path is resolved against (the pool's prefix, else the global
     *     one, else PHP's install prefix)
     */
    static ListenAddress parse(String address, String prefix) {
        if (!isTcp(address)) {
            return new Unix(address.startsWith("/") ? address : join(prefix, address), address);
        }
        int colon = address.lastIndexOf(':');
        String host = "";
        String portText = address;
        if (colon >= 0) {
            host = address.substring(0, colon);
            portText = address.substring(colon + 1);
            if (host.length() >= 2 && host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                return new Invalid(address, "no host before the port (write just the port to listen on every address)");
            }
        }
        int port = FpmValues.atoi(portText).value();
        if (port < 1 || port > 65535) {
            return new Invalid(address, "invalid port value '" + portText + "'");
        }
        return new Tcp(host, port, address);
    }

    /** {@code prefix + "/" + path}, as {@code fpm_evaluate_full_path} builds it. */
    static String join(String prefix, String path) {
        return prefix.endsWith("/") ? prefix + path : prefix + "/" + path;
    }
}
