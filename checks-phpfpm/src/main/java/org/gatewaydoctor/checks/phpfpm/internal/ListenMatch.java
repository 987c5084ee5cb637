package org.gatewaydoctor.checks.phpfpm.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.FpmPool;
import org.gatewaydoctor.facts.ProxyRoute;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;

/**
 * Whether the address a proxy connects to reaches the address a pool listens on: the same socket path, or the
 * same port on a host the listener covers. A listener on every address ({@code listen = 9000}, {@code 0.0.0.0},
 * {@code ::}) covers loopback and the host's own addresses; {@code 127.0.0.1} covers only itself (and
 * {@code localhost}); a proxy connecting to {@code 0.0.0.0} reaches the local host. Nothing here sends traffic;
 * literal addresses are parsed without any name lookup, and only {@code localhost} is treated as a name.
 */
public final class ListenMatch {

    private ListenMatch() {
    }

    /** Whether a connection to {@code target} arrives at {@code listen}. */
    public static boolean reaches(Address target, Address listen) {
        if (target.isUnix() || listen.isUnix()) {
            return target.isUnix() && listen.isUnix() && samePath(target.socket(), listen.socket());
        }
        if (target.port() != listen.port()) {
            return false;
        }
        String t = normal(target.host());
        String l = normal(listen.host());
        if (isAny(l)) {
            return isAny(t) || isLoopback(t) || isLocal(t);
        }
        if (isAny(t)) {
            return isLoopback(l) || isLocal(l);
        }
        if (t.equals("localhost")) {
            return l.equals("localhost") || l.equals("127.0.0.1") || l.equals("::1");
        }
        if (l.equals("localhost")) {
            return t.equals("127.0.0.1") || t.equals("::1");
        }
        return sameLiteral(t, l);
    }

    /** The FastCGI-capable routes (of any protocol) whose targets reach {@code listen}, with their servers. */
    public static List<Routed> routesTo(WebServers servers, Address listen) {
        List<Routed> out = new ArrayList<>();
        for (WebServer s : servers.servers()) {
            for (ProxyRoute r : s.routes()) {
                for (Address a : r.targets()) {
                    if (reaches(a, listen)) {
                        out.add(new Routed(s, r, a));
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** The routes of FASTCGI protocol that reach one of the pools. */
    public static List<Routed> fastcgiRoutes(WebServers servers) {
        List<Routed> out = new ArrayList<>();
        for (WebServer s : servers.servers()) {
            for (ProxyRoute r : s.routes()) {
                if (r.protocol() == UpstreamProtocol.FASTCGI) {
                    for (Address a : r.targets()) {
                        out.add(new Routed(s, r, a));
                    }
                }
            }
        }
        return out;
    }

    /** The pool listening where {@code target} connects, if any. */
    public static Optional<FpmPool> poolAt(List<FpmPool> pools, Address target) {
        return pools.stream().filter(p -> reaches(target, p.listen())).findFirst();
    }

    /** One route target with its server. */
    public record Routed(WebServer server, ProxyRoute route, Address target) {
    }

    /**
     * The address a local client's connection to {@code target} comes from, as PHP-FPM's
     * {@code listen.allowed_clients} sees it: 127.0.0.1 for IPv4 loopback, {@code 0.0.0.0} and
     * {@code localhost}; ::1 for IPv6 loopback; the address itself for one of this host's addresses; empty for
     * another host (the web server then runs elsewhere and its address is unknown here).
     */
    public static Optional<String> sourceFor(String targetHost) {
        String t = normal(targetHost);
        if (isAny(t) || t.equals("localhost") || t.startsWith("127.")) {
            return Optional.of("127.0.0.1");
        }
        if (t.equals("::1")) {
            return Optional.of("::1");
        }
        if (isLiteral(t) && isLocal(t)) {
            return Optional.of(t);
        }
        return Optional.empty();
    }

    /** Whether PHP-FPM's {@code listen.allowed_clients} lets {@code source} in (exact addresses, v4-mapped equal). */
    public static boolean allowed(List<String> allowedClients, String source) {
        if (allowedClients.isEmpty()) {
            return true;
        }
        String s = unmapped(normal(source));
        for (String a : allowedClients) {
            String n = unmapped(normal(a.strip()));
            if (n.equalsIgnoreCase("any") || sameLiteral(n, s)) {
                return true;
            }
        }
        return false;
    }

    static String normal(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    static String unmapped(String h) {
        return h.startsWith("::ffff:") && h.indexOf('.') > 0 ? h.substring(7) : h;
    }

    static boolean isAny(String h) {
        return h.isEmpty() || h.equals("*") || h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]");
    }

    static boolean isLoopback(String h) {
        return h.startsWith("127.") || h.equals("::1") || h.equals("localhost") || h.equals("::ffff:127.0.0.1");
    }

    static boolean isLiteral(String h) {
        if (h.isEmpty()) {
            return false;
        }
        if (h.indexOf(':') >= 0) {
            return h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        return h.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.') && h.split("\\.").length == 4;
    }

    static boolean sameLiteral(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (!isLiteral(a) || !isLiteral(b)) {
            return false;
        }
        try {
            return InetAddress.getByName(unmapped(a)).equals(InetAddress.getByName(unmapped(b)));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether a literal address belongs to one of this host's interfaces (no traffic, no name lookup). */
    static boolean isLocal(String h) {
        if (!isLiteral(h)) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(unmapped(h));
            if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
                return true;
            }
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (Collections.list(ni.getInetAddresses()).contains(a)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException | SocketException | RuntimeException e) {
            return false;
        }
    }

    static boolean samePath(Path a, Path b) {
        if (a.normalize().equals(b.normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
