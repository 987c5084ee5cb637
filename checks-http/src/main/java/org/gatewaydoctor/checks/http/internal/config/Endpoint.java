package org.gatewaydoctor.checks.http.internal.config;

import java.util.Objects;

/**
 * Where a proxy connects (or a server listens): a unix socket, a host and port, a named group of
 * servers, or an expression only known per request.
 */
public sealed interface Endpoint permits Endpoint.UnixSocket, Endpoint.HostPort, Endpoint.Named, Endpoint.Dynamic {

    /** The endpoint as one would write it ({@code unix:/run/php/php8.2-fpm.sock}, {@code 127.0.0.1:9000}). */
    String describe();

    /**
     * A unix domain socket.
     *
     * @param path its path, as configured
     */
    record UnixSocket(String path) implements Endpoint {
        public UnixSocket {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "unix:" + path;
        }
    }

    /**
     * A host (name or address) and a TCP port.
     *
     * @param host a name, an IPv4 address, an IPv6 address without brackets, or {@code *} for any address
     * @param port the port
     * @param defaultPort whether the configuration named no port and this is the scheme's default
     */
    record HostPort(String host, int port, boolean defaultPort) implements Endpoint {
        public HostPort {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public String describe() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        /** Whether the host is an IP address literal (or {@code *}), so connecting needs no name lookup. */
        public boolean isAddress() {
            return host.equals("*") || host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        }
    }

    /**
     * A named group: nginx's {@code upstream name {}}, Apache's {@code balancer://name}.
     *
     * @param name the group's name
     */
    record Named(String name) implements Endpoint {
        public Named {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * A target built from variables per request ({@code proxy_pass http://$backend}): nginx resolves a
     * name in it at run time, with the {@code resolver}.
     *
     * @param expression the expression as configured
     */
    record Dynamic(String expression) implements Endpoint {
        public Dynamic {
            Objects.requireNonNull(expression, "expression");
        }

        @Override
        public String describe() {
            return expression;
        }
    }

    /**
     * Parses {@code host[:port]} ({@code [v6]:port} too) as nginx's {@code ngx_parse_inet_url} and
     * Apache's URI parser agree on it.
     *
     * @param authority the text, without scheme or path
     * @param defaultPort the port to assume when none is written; 0 for "none"
     * @throws IllegalArgumentException with the server's words ({@code invalid port}, {@code no host})
     */
    static HostPort parseHostPort(String authority, int defaultPort) {
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("invalid IPv6 address");
            }
            host = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    throw new IllegalArgumentException("invalid host");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
                port = authority.substring(colon + 1);
            } else {
                host = authority;
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (port == null) {
            return new HostPort(host, defaultPort, true);
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port");
        }
        int n = Integer.parseInt(port);
        if (n < 1 || n > 65535) {
            throw new IllegalArgumentException("invalid port");
        }
        return new HostPort(host, n, false);
    }
}
