package org.gatewaydoctor.checks.dns.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The system's resolver as glibc sees it: the hosts file first, then the {@code nameserver} lines of
 * {@code resolv.conf} (at most three, port 53; none means 127.0.0.1, as glibc assumes), with its
 * {@code search} list (or {@code domain}: the last of the two wins, as in glibc) and
 * {@code options ndots:N} (default 1), which decide the names really asked for a relative name
 * ({@link #candidates(String)}). Both files are read
 * bounded ({@link #MAX_BYTES}); nothing else of the system is consulted (nsswitch modules such as
 * systemd-resolved's are reached through their 127.0.0.53 stub, which resolv.conf then names).
 *
 * @param resolvConf the file read
 * @param servers its name servers
 * @param hostsFile the hosts file read
 * @param hosts its entries, name (lower case) to addresses
 * @param problems what could not be read, in words
 * @param search the search domains, in order (at most {@link #MAX_SEARCH})
 * @param ndots names with fewer dots than this are tried with the search domains first
 */
public record SystemResolver(Path resolvConf, List<NameServer> servers, Path hostsFile,
                             Map<String, List<InetAddress>> hosts, List<String> problems, List<String> search,
                             int ndots) {

    /** Largest part of either file read. */
    public static final int MAX_BYTES = 256 * 1024;
    /** glibc uses the first three name servers (MAXNS). */
    public static final int MAX_SERVERS = 3;
    /** Search domains kept (glibc's old MAXDNSRCH; newer glibc takes more, but no real list is longer). */
    public static final int MAX_SEARCH = 6;
    /** glibc caps {@code ndots} at 15. */
    public static final int MAX_NDOTS = 15;

    /** A resolver without search domains, {@code ndots:1}. */
    public SystemResolver(Path resolvConf, List<NameServer> servers, Path hostsFile,
                          Map<String, List<InetAddress>> hosts, List<String> problems) {
        this(resolvConf, servers, hostsFile, hosts, problems, List.of(), 1);
    }

    public SystemResolver {
        Objects.requireNonNull(resolvConf, "resolvConf");
        servers = List.copyOf(servers);
        Objects.requireNonNull(hostsFile, "hostsFile");
        hosts = Map.copyOf(hosts);
        problems = List.copyOf(problems);
        search = List.copyOf(search);
        if (ndots < 0 || ndots > MAX_NDOTS) {
            throw new IllegalArgumentException("ndots must be within 0.." + MAX_NDOTS + ": " + ndots);
        }
    }

    /**
     * The names glibc asks, in order, to resolve {@code host}: a name ending in a dot as it is; a name with
     * at least {@code ndots} dots as it is first, then with each search domain; a shorter one with each
     * search domain first, then as it is. The first that resolves is the answer.
     */
    public List<String> candidates(String host) {
        if (host.endsWith(".") || search.isEmpty()) {
            return List.of(host);
        }
        long dots = host.chars().filter(c -> c == '.').count();
        List<String> out = new ArrayList<>();
        if (dots >= ndots) {
            out.add(host);
        }
        for (String domain : search) {
            String name = host + "." + domain;
            if (name.length() <= 253 && !out.contains(name)) {
                out.add(name);
            }
        }
        if (dots < ndots && !out.contains(host)) {
            out.add(host);
        }
        return List.copyOf(out);
    }

    /** Reads both files. Never throws: what cannot be read is listed in {@link #problems()}. */
    public static SystemResolver read(Path resolvConf, Path hostsFile) {
        List<String> problems = new ArrayList<>();
        List<NameServer> servers = new ArrayList<>();
        String origin = resolvConf.toString();
        Optional<String> conf = read(resolvConf, problems);
        List<String> search = new ArrayList<>();
        int ndots = 1;
        if (conf.isPresent()) {
            for (String line : conf.get().split("\n", -1)) {
                String l = strip(line);
                String[] w = l.split("\\s+");
                if (w[0].equals("search") || w[0].equals("domain")) {
                    // the last search or domain line wins; domain is a one-entry search list
                    search.clear();
                    for (int i = 1; i < w.length && search.size() < MAX_SEARCH; i++) {
                        String d = w[i].endsWith(".") ? w[i].substring(0, w[i].length() - 1) : w[i];
                        if (!d.isEmpty() && d.length() < 254 && !search.contains(d.toLowerCase(Locale.ROOT))) {
                            search.add(d.toLowerCase(Locale.ROOT));
                        }
                        if (w[0].equals("domain")) {
                            break;
                        }
                    }
                }
                if (w[0].equals("options")) {
                    for (int i = 1; i < w.length; i++) {
                        if (w[i].startsWith("ndots:")) {
                            try {
                                ndots = Math.min(MAX_NDOTS, Math.max(0, Integer.parseInt(w[i].substring(6))));
                            } catch (NumberFormatException e) {
                                problems.add(resolvConf + ": '" + w[i] + "' is not a number of dots (ignored)");
                            }
                        }
                    }
                }
                if (w.length >= 2 && w[0].equals("nameserver") && servers.size() < MAX_SERVERS) {
                    try {
                        servers.add(NameServer.parse(w[1].contains(":") && !w[1].startsWith("[")
                                ? w[1].replaceFirst("%.*$", "") : w[1], origin));
                    } catch (IllegalArgumentException e) {
                        problems.add(resolvConf + ": nameserver '" + w[1] + "' is not an IP address (ignored)");
                    }
                }
            }
            if (servers.isEmpty()) {
                servers.add(new NameServer(InetAddress.getLoopbackAddress(), NameServer.DNS_PORT,
                        origin + " names no nameserver: glibc then asks 127.0.0.1"));
            }
        }
        Map<String, List<InetAddress>> hosts = new LinkedHashMap<>();
        read(hostsFile, problems).ifPresent(text -> {
            for (String line : text.split("\n", -1)) {
                String[] w = strip(line).split("\\s+");
                if (w.length < 2) {
                    continue;
                }
                Optional<InetAddress> a = IpLiteral.parse(w[0].replaceFirst("%.*$", ""));
                if (a.isEmpty()) {
                    continue;
                }
                for (int i = 1; i < w.length; i++) {
                    List<InetAddress> list = hosts.computeIfAbsent(w[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                    if (!list.contains(a.get())) {
                        list.add(a.get());
                    }
                }
            }
        });
        return new SystemResolver(resolvConf, servers, hostsFile, hosts, problems, search, ndots);
    }

    /** The hosts file's addresses for {@code host}, if it lists it. */
    public Optional<List<InetAddress>> fromHosts(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return Optional.ofNullable(hosts.get(h)).map(List::copyOf);
    }

    private static String strip(String line) {
        int hash = line.indexOf('#');
        int semi = line.indexOf(';');
        int cut = hash < 0 ? semi : semi < 0 ? hash : Math.min(hash, semi);
        return (cut < 0 ? line : line.substring(0, cut)).strip();
    }

    private static Optional<String> read(Path file, List<String> problems) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(MAX_BYTES);
            if (in.read() >= 0) {
                problems.add(file + " is larger than " + MAX_BYTES + " bytes: only its beginning was read");
            }
            return Optional.of(new String(data, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            problems.add(file + " does not exist");
        } catch (IOException e) {
            problems.add("cannot read " + file + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
