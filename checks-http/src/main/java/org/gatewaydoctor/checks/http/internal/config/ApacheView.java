package org.gatewaydoctor.checks.http.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an Apache httpd configuration means for the proxy hop: who the children run as, the
 * {@code Listen}s, the main server and every {@code <VirtualHost>}, where requests go
 * ({@code ProxyPass}, {@code ProxyPassMatch}, {@code SetHandler "proxy:..."}) with which timeouts, the
 * {@code <Proxy>} workers, and where the logs are.
 *
 * <p><b>Conditions.</b> Content of {@code <IfModule>}, {@code <IfDefine>} and the like is kept, never
 * dropped: each item carries the {@link Condition}s around it and whether they likely hold
 * ({@link #active(List)}), judged from the {@code LoadModule}s and {@code Define}s before it, the
 * compiled-in modules and {@code -D} names of {@link ApacheOptions}; {@code <If>} and {@code <IfVersion>}
 * are unknown.
 *
 * <p><b>Inheritance</b> (httpd's server-config merge): a virtual host without {@code Timeout},
 * {@code ProxyTimeout}, {@code ErrorLog}, {@code ServerName} or {@code DocumentRoot} has the main
 * server's; one without {@code CustomLog}/{@code TransferLog} logs to the main server's access logs;
 * the main server's {@code ProxyPass}es and directory-context handlers apply in every virtual host
 * ({@link #routesOf(Server)}). Where in the file the main server's directive stands does not matter.
 *
 * <p><b>Timeouts</b> (mod_proxy, {@code ap_proxy_connect_backend}): waiting for the backend uses the
 * worker's {@code timeout=}, else {@code ProxyTimeout}, else {@code Timeout} (default 60 s); connecting
 * uses {@code connectiontimeout=}, else the same chain. A route's worker is the one its URL falls in:
 * its own {@code ProxyPass} parameters, else a {@code <Proxy>} section's ({@code ProxySet}) whose URL is the
 * longest prefix of it among those the serving host sees: the main server's and its own (see
 * {@link #readTimeout(ProxyRoute, Server)}).
 *
 * <p><b>Defaults</b>: {@code Timeout} 60 s ({@code DEFAULT_TIMEOUT}); {@code User}/{@code Group}
 * {@code #-1} (Debian sets {@code ${APACHE_RUN_USER}}, {@code www-data}, through {@code envvars});
 * {@code ErrorLog} from {@link ApacheOptions#defaultErrorLog()}; {@code retry=} 60 s.
 *
 * <p><b>Not modelled</b>: which of several handlers wins for a given URL (routes are listed with their
 * sections, not resolved per request); two {@code ProxyPass}es to the same URL sharing one worker (httpd
 * then ignores the second one's parameters); {@code mod_rewrite}'s {@code [P]} proxying.
 *
 * @param serverRoot the {@code ServerRoot} relative paths resolve against
 * @param user the children's user ({@code ${VAR}} resolved)
 * @param group their group
 * @param listens the {@code Listen}s
 * @param loadedModules the modules named by {@code LoadModule}, in order
 * @param logFormats the {@code LogFormat}s by nickname (an unnamed one under {@code ""})
 * @param main the main server (outside any {@code <VirtualHost>})
 * @param virtualHosts the virtual hosts, in order
 * @param problems what the values got wrong
 */
public record ApacheView(String serverRoot, Setting<String> user, Setting<String> group, List<Listen> listens,
                         List<String> loadedModules, Map<String, LogFormat> logFormats, Server main,
                         List<Server> virtualHosts, List<ConfigProblem> problems) {

    /** Whether a condition likely holds. */
    public enum Likely { TRUE, FALSE, UNKNOWN }

    /** httpd's {@code DEFAULT_TIMEOUT}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** mod_proxy's default {@code retry=}. */
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(60);

    public ApacheView {
        Objects.requireNonNull(serverRoot, "serverRoot");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        listens = List.copyOf(listens);
        loadedModules = List.copyOf(loadedModules);
        logFormats = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logFormats));
        Objects.requireNonNull(main, "main");
        virtualHosts = List.copyOf(virtualHosts);
        problems = List.copyOf(problems);
    }

    /** Reads {@code config} with the defaults of {@code options}. */
    public static ApacheView of(ApacheConfig config, ApacheOptions options) {
        return new ApacheViewBuilder(config, options).build();
    }

    /** What a list of conditions adds up to: false if one is, true if all are, else unknown. */
    public static Likely active(List<Condition> conditions) {
        boolean unknown = false;
        for (Condition c : conditions) {
            if (c.likely() == Likely.FALSE) {
                return Likely.FALSE;
            }
            unknown |= c.likely() == Likely.UNKNOWN;
        }
        return unknown ? Likely.UNKNOWN : Likely.TRUE;
    }

    /** The routes that apply in {@code server}: the main server's, then (for a virtual host) its own. */
    public List<ProxyRoute> routesOf(Server server) {
        if (!server.virtual()) {
            return server.routes();
        }
        List<ProxyRoute> out = new ArrayList<>(main.routes());
        out.addAll(server.routes());
        return out;
    }

    /** Every route of the configuration, the main server's first. */
    public List<ProxyRoute> routes() {
        List<ProxyRoute> out = new ArrayList<>(main.routes());
        virtualHosts.forEach(v -> out.addAll(v.routes()));
        return out;
    }

    /** Every {@code <Proxy>} section, the main server's first. */
    public List<ProxyWorker> workers() {
        List<ProxyWorker> out = new ArrayList<>(main.workers());
        virtualHosts.forEach(v -> out.addAll(v.workers()));
        return out;
    }

    /** The {@code <Proxy>} sections {@code server} sees: the main server's, then (for a virtual host) its own. */
    public List<ProxyWorker> workersOf(Server server) {
        if (!server.virtual()) {
            return server.workers();
        }
        List<ProxyWorker> out = new ArrayList<>(main.workers());
        out.addAll(server.workers());
        return out;
    }

    /**
     * The {@code <Proxy>} worker a route's URL falls in when serving {@code server}: among the sections
     * that server sees, the one whose URL is the longest prefix of the route's (scheme and host compared
     * without case), as {@code ap_proxy_get_worker} finds it.
     */
    public Optional<ProxyWorker> workerOf(ProxyRoute route, Server server) {
        if (route.target().isEmpty()) {
            return Optional.empty();
        }
        String key = ApacheViewBuilder.workerKey(route.target().get().raw());
        ProxyWorker best = null;
        int bestLength = -1;
        for (ProxyWorker w : workersOf(server)) {
            String wk = ApacheViewBuilder.workerKey(w.url());
            if (key.startsWith(wk) && wk.length() > bestLength) {
                best = w;
                bestLength = wk.length();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * How long httpd waits for the backend on {@code route} when serving {@code server}: {@code timeout=}
     * of the route, else of its {@code <Proxy>} worker, else {@code ProxyTimeout}, else {@code Timeout}.
     */
    public Setting<Duration> readTimeout(ProxyRoute route, Server server) {
        if (route.timeout().isPresent()) {
            return route.timeout().get();
        }
        Optional<ProxyWorker> w = workerOf(route, server);
        if (w.isPresent() && w.get().timeout().isPresent()) {
            return w.get().timeout().get();
        }
        return server.proxyTimeout().orElse(server.timeout());
    }

    /** How long httpd waits to connect: {@code connectiontimeout=} (route, then worker), else {@link #readTimeout}. */
    public Setting<Duration> connectTimeout(ProxyRoute route, Server server) {
        if (route.connectionTimeout().isPresent()) {
            return route.connectionTimeout().get();
        }
        Optional<ProxyWorker> w = workerOf(route, server);
        if (w.isPresent() && w.get().connectionTimeout().isPresent()) {
            return w.get().connectionTimeout().get();
        }
        return readTimeout(route, server);
    }

    /**
     * Every log file the configuration writes (error and access logs, main server and virtual hosts),
     * resolved against {@code ServerRoot}, in order of appearance; piped logs and {@code syslog} are left out.
     */
    public Set<String> logFiles() {
        Set<String> out = new LinkedHashSet<>();
        List<Server> all = new ArrayList<>();
        all.add(main);
        all.addAll(virtualHosts);
        for (Server s : all) {
            if (s.errorLog().isFile()) {
                out.add(s.errorLog().path());
            }
            s.customLogs().stream().filter(CustomLog::isFile).forEach(c -> out.add(c.path()));
        }
        return out;
    }

    /**
     * The log files that belong to one {@code <VirtualHost>} alone: its {@code ErrorLog} and {@code CustomLog}s,
     * when the main server and no other virtual host write the same file (a virtual host without its own
     * {@code ErrorLog} inherits the main server's: that file is shared), with its {@code ServerName} and
     * {@code ServerAlias}es; in order of appearance.
     */
    public Map<String, List<String>> siteLogFiles() {
        Set<String> shared = new LinkedHashSet<>();
        if (main.errorLog().isFile()) {
            shared.add(main.errorLog().path());
        }
        main.customLogs().stream().filter(CustomLog::isFile).forEach(c -> shared.add(c.path()));
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        Map<String, Integer> writers = new java.util.HashMap<>();
        for (Server s : virtualHosts) {
            Set<String> mine = new LinkedHashSet<>();
            if (s.errorLog().isFile()) {
                mine.add(s.errorLog().path());
            }
            s.customLogs().stream().filter(CustomLog::isFile).forEach(c -> mine.add(c.path()));
            List<String> names = new ArrayList<>();
            if (!s.serverName().value().isEmpty()) {
                // ServerName [scheme://]fully-qualified-domain-name[:port]
                names.add(s.serverName().value().replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "")
                        .replaceFirst(":[0-9]+$", ""));
            }
            names.addAll(s.aliases());
            for (String path : mine) {
                writers.merge(path, 1, Integer::sum);
                out.putIfAbsent(path, List.copyOf(names));
            }
        }
        out.keySet().removeIf(path -> shared.contains(path) || writers.get(path) > 1);
        out.values().removeIf(List::isEmpty);
        return out;
    }

    /**
     * A conditional section around something.
     *
     * @param section its name ({@code IfModule})
     * @param argument its argument as written ({@code !mod_php8.c})
     * @param likely whether it likely holds
     * @param file where it is
     * @param line its line
     */
    public record Condition(String section, String argument, Likely likely, String file, int line) {
        public Condition {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(argument, "argument");
            Objects.requireNonNull(likely, "likely");
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String toString() {
            return "<" + section + " " + argument + "> (" + likely + ", " + file + ":" + line + ")";
        }
    }

    /**
     * A {@code Listen}.
     *
     * @param address where ({@code *} for any address)
     * @param protocol the protocol argument ({@code https}), empty when absent
     * @param conditions the conditions around it
     * @param file where it is written
     * @param line its line
     */
    public record Listen(Endpoint address, String protocol, List<Condition> conditions, String file, int line) {
        public Listen {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(protocol, "protocol");
            conditions = List.copyOf(conditions);
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * A {@code LogFormat}.
     *
     * @param nickname its nickname, {@code ""} for the unnamed default of {@code TransferLog}
     * @param format the format string
     * @param file where it is written, {@code null} for httpd's built-in default
     * @param line its line, 0 for the default
     */
    public record LogFormat(String nickname, String format, String file, int line) {
        public LogFormat {
            Objects.requireNonNull(nickname, "nickname");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * An {@code ErrorLog}.
     *
     * @param destination as written ({@code ${APACHE_LOG_DIR}/error.log} resolved, {@code |/usr/bin/logger},
     *     {@code syslog:local1})
     * @param path the file, resolved against {@code ServerRoot}; empty for a pipe or syslog
     * @param file where it is written, {@code null} for the default
     * @param line its line, 0 for the default
     */
    public record ErrorLog(String destination, String path, String file, int line) {
        public ErrorLog {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(path, "path");
        }

        /** Whether it writes a file. */
        public boolean isFile() {
            return !path.isEmpty();
        }
    }

    /**
     * A {@code CustomLog} or {@code TransferLog}.
     *
     * @param destination as written
     * @param path the file, resolved against {@code ServerRoot}; empty for a pipe
     * @param nickname the {@code LogFormat} nickname used, empty when the format is given inline
     * @param format the format string in effect (the nickname's, or the inline one)
     * @param condition {@code env=...} or {@code expr=...}, empty when absent
     * @param conditions the conditions around it
     * @param file where it is written
     * @param line its line
     */
    public record CustomLog(String destination, String path, String nickname, String format, String condition,
                            List<Condition> conditions, String file, int line) {
        public CustomLog {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(nickname, "nickname");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(condition, "condition");
            conditions = List.copyOf(conditions);
            Objects.requireNonNull(file, "file");
        }

        /** Whether it writes a file. */
        public boolean isFile() {
            return !path.isEmpty();
        }
    }

    /**
     * The main server or a {@code <VirtualHost>}, with what is in effect in it.
     *
     * @param virtual whether it is a virtual host
     * @param addresses the {@code <VirtualHost>} addresses ({@code *:80}); empty for the main server
     * @param serverName {@code ServerName} (inherited from the main server; default {@code ""})
     * @param aliases {@code ServerAlias} names
     * @param documentRoot {@code DocumentRoot} (inherited; default {@code ""}, httpd's compiled-in one)
     * @param timeout {@code Timeout} in effect
     * @param proxyTimeout {@code ProxyTimeout} in effect, if any
     * @param errorLog the error log in effect
     * @param customLogs the access logs in effect (the main server's when it names none)
     * @param routes the routes written in it (a virtual host's alone; see {@link ApacheView#routesOf})
     * @param conditions the conditions around it
     * @param file where it starts; the main file for the main server
     * @param line its line; 0 for the main server
     */
    public record Server(boolean virtual, List<String> addresses, Setting<String> serverName, List<String> aliases,
                         Setting<String> documentRoot, Setting<Duration> timeout, Optional<Setting<Duration>> proxyTimeout,
                         ErrorLog errorLog, List<CustomLog> customLogs, List<ProxyRoute> routes,
                         List<ProxyWorker> workers, List<Condition> conditions, String file, int line) {
        public Server {
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(serverName, "serverName");
            aliases = List.copyOf(aliases);
            Objects.requireNonNull(documentRoot, "documentRoot");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(proxyTimeout, "proxyTimeout");
            Objects.requireNonNull(errorLog, "errorLog");
            customLogs = List.copyOf(customLogs);
            routes = List.copyOf(routes);
            workers = List.copyOf(workers);
            conditions = List.copyOf(conditions);
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * Where httpd sends some requests.
     *
     * @param kind which directive
     * @param path the URL path ({@code ProxyPass}), regex ({@code ProxyPassMatch}) or the file extensions
     *     ({@code AddHandler}); empty for {@code SetHandler} (its sections say which requests)
     * @param sections the sections it is in, outermost first ({@code <FilesMatch ".+\.php$">}), conditions
     *     excluded
     * @param target where to, empty for {@code ProxyPass /path !}
     * @param parameters the {@code key=value} parameters as written (keys lower-cased)
     * @param timeout {@code timeout=}, if given
     * @param connectionTimeout {@code connectiontimeout=}, if given
     * @param retry {@code retry=} (60 s unless given): how long a failed worker is left alone
     * @param conditions the conditions around it
     * @param file where it is written
     * @param line its line
     */
    public record ProxyRoute(Kind kind, String path, List<String> sections, Optional<UpstreamTarget> target,
                             Map<String, String> parameters, Optional<Setting<Duration>> timeout,
                             Optional<Setting<Duration>> connectionTimeout, Setting<Duration> retry,
                             List<Condition> conditions, String file, int line) {

        /** The directive a route comes from. */
        public enum Kind { PROXY_PASS, PROXY_PASS_MATCH, SET_HANDLER, ADD_HANDLER }

        public ProxyRoute {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
            sections = List.copyOf(sections);
            Objects.requireNonNull(target, "target");
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(connectionTimeout, "connectionTimeout");
            Objects.requireNonNull(retry, "retry");
            conditions = List.copyOf(conditions);
            Objects.requireNonNull(file, "file");
        }

        /** Whether its conditions likely hold. */
        public Likely active() {
            return ApacheView.active(conditions);
        }
    }

    /**
     * A {@code <Proxy url>} section: the worker (or balancer) for that URL and its {@code ProxySet}.
     *
     * @param url the URL as written ({@code unix:/run/php/php8.2-fpm.sock|fcgi://localhost}, {@code balancer://php})
     * @param target the URL parsed, empty for a wildcard ({@code <Proxy *>})
     * @param parameters the {@code ProxySet} parameters (keys lower-cased)
     * @param timeout {@code timeout=}, if set
     * @param connectionTimeout {@code connectiontimeout=}, if set
     * @param members the {@code BalancerMember}s
     * @param conditions the conditions around it
     * @param file where it starts
     * @param line its line
     */
    public record ProxyWorker(String url, Optional<UpstreamTarget> target, Map<String, String> parameters,
                              Optional<Setting<Duration>> timeout, Optional<Setting<Duration>> connectionTimeout,
                              List<UpstreamTarget> members, List<Condition> conditions, String file, int line) {
        public ProxyWorker {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(target, "target");
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(connectionTimeout, "connectionTimeout");
            members = List.copyOf(members);
            conditions = List.copyOf(conditions);
            Objects.requireNonNull(file, "file");
        }
    }
}
