package org.gatewaydoctor.checks.wordpress.internal.db;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where WordPress connects for a {@code DB_HOST} value, as {@code wpdb::parse_db_host()} (WordPress 4.9+,
 * {@code wp-includes/class-wpdb.php}) and mysqli read it: a socket peeled off from the right at {@code :/},
 * then an IPv6 address (two or more colons, optionally {@code [addr]:port}) or {@code host[:port]}. For mysqli
 * the host {@code localhost} means the unix socket ({@code DB_HOST}'s socket, else PHP's
 * {@code mysqli.default_socket}, {@code /run/mysqld/mysqld.sock} on Debian), whatever port is given.
 *
 * @param host the host name or address, empty for mysqli's default
 * @param port the TCP port, 3306 when none is given
 * @param socket the unix socket, when the connection goes over one
 * @param text the {@code DB_HOST} value as written
 */
public record DbHost(String host, int port, Path socket, String text) {

    /** The socket Debian's PHP uses for {@code localhost} when {@code DB_HOST} names none. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/mysqld/mysqld.sock");

    private static final Pattern IPV6 = Pattern.compile("^(?:\\[)?(?<host>[0-9a-fA-F:]{1,64})(?:\\]:(?<port>[0-9]{1,10}))?");
    private static final Pattern IPV4 = Pattern.compile("^(?<host>[^:/]{0,255})(?::(?<port>[0-9]{1,10}))?");

    /** Whether the connection goes over a unix socket. */
    public boolean isSocket() {
        return socket != null;
    }

    /** A short description: {@code unix socket /run/mysqld/mysqld.sock} or {@code 127.0.0.1:3306}. */
    public String describe() {
        return isSocket() ? "unix socket " + socket : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Parses {@code dbHost} as WordPress does; empty when WordPress could not parse it either. */
    public static Optional<DbHost> parse(String dbHost, Path defaultSocket) {
        if (dbHost == null || dbHost.length() > 1024) {
            return Optional.empty();
        }
        String host = dbHost;
        String socket = null;
        int socketPos = host.indexOf(":/");
        if (socketPos >= 0) {
            socket = host.substring(socketPos + 1);
            host = host.substring(0, socketPos);
        }
        boolean ipv6 = host.chars().filter(c -> c == ':').count() > 1;
        Matcher m = (ipv6 ? IPV6 : IPV4).matcher(host);
        if (!m.find()) {
            return Optional.empty();
        }
        String h = m.group("host") == null ? "" : m.group("host");
        int port = 3306;
        String p = m.group("port");
        if (p != null && !p.isEmpty()) {
            long v = Long.parseLong(p);
            if (v > 0 && v <= 65535) {
                port = (int) v;
            }
        }
        Path sock = null;
        if (socket != null && !socket.isEmpty()) {
            sock = Path.of(socket);
        } else if (h.isEmpty() || h.equalsIgnoreCase("localhost")) {
            sock = defaultSocket;
        }
        if (sock != null && !(h.isEmpty() || h.equalsIgnoreCase("localhost"))) {
            // A socket with a real host name: mysqli connects over TCP to the host and ignores the socket.
            sock = null;
        }
        return Optional.of(new DbHost(h.isEmpty() ? "localhost" : h, port, sock, dbHost));
    }
}
