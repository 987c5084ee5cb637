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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an nginx configuration means for the proxy hop: who the workers run as, every server and its
 * locations, where each location sends requests ({@code fastcgi_pass}, {@code proxy_pass},
 * {@code uwsgi_pass}, {@code grpc_pass}, {@code scgi_pass}) and with which timeouts and buffers, the
 * {@code upstream} groups, the resolver, and where the logs are and what they record.
 *
 * <p><b>Inheritance</b> is nginx's merge ({@code ngx_http_*_merge_loc_conf}): a setting not written in a
 * location comes from the enclosing location, then the server, then {@code http}, then nginx's default;
 * where in the block it is written does not matter (a {@code proxy_read_timeout} after the
 * {@code server {}} in {@code http} still applies to that server). This holds for the timeouts,
 * buffers, {@code resolver}, {@code resolver_timeout} and {@code root}. {@code access_log} and
 * {@code error_log} are lists: a level with any of them replaces the parent's whole list, a level
 * with none inherits it. The {@code *_pass} directives are not inherited: each location has its own.
 *
 * <p><b>Defaults</b> (from nginx's sources): every {@code *_connect_timeout}, {@code *_send_timeout} and
 * {@code *_read_timeout} 60s; {@code resolver_timeout} 30s; {@code *_buffer_size} one memory page and
 * {@code *_buffers} 8 pages ({@link NginxOptions#pageSize()}: 4k on x86-64 Linux, 8k on some platforms);
 * {@code worker_connections} 512; {@code worker_processes} 1; {@code user} {@code nobody} and group
 * {@code nogroup} (the Debian binary's; only used when the master runs as root; {@code user www-data;}
 * alone means group {@code www-data}); {@code root} {@code html} under the prefix; a server without
 * {@code listen} listens on {@code *:80} (nginx takes {@code *:8000} when not started as root);
 * {@code access_log} and {@code error_log} from {@link NginxOptions}.
 *
 * <p>Values nginx would reject (an invalid time, a second {@code proxy_read_timeout} in one block, a
 * {@code proxy_pass} without {@code http://}) are {@link #problems()}, worded as nginx words them, and
 * are left out (the inherited value stays in effect).
 *
 * @param user the worker processes' user
 * @param group their group
 * @param workerProcesses {@code worker_processes} as written ({@code auto} or a number)
 * @param workerConnections {@code worker_connections} in {@code events}
 * @param errorLogs the main context's error logs
 * @param logFormats the {@code log_format}s by name, {@code combined} (predefined) first
 * @param upstreams the {@code upstream} groups, in order
 * @param http the settings in effect at {@code http} level
 * @param servers the {@code server}s of {@code http}, in order
 * @param problems what the values got wrong
 */
public record NginxView(Setting<String> user, Setting<String> group, Setting<String> workerProcesses,
                        Setting<Integer> workerConnections, List<ErrorLog> errorLogs, Map<String, LogFormat> logFormats,
                        List<Upstream> upstreams, Settings http, List<Server> servers, List<ConfigProblem> problems) {

    public NginxView {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(workerProcesses, "workerProcesses");
        Objects.requireNonNull(workerConnections, "workerConnections");
        Objects.requireNonNull(http, "http");
        errorLogs = List.copyOf(errorLogs);
        logFormats = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logFormats));
        upstreams = List.copyOf(upstreams);
        servers = List.copyOf(servers);
        problems = List.copyOf(problems);
    }

    /** Reads {@code config} with the defaults of {@code options}. */
    public static NginxView of(NginxConfig config, NginxOptions options) {
        return new NginxViewBuilder(config, options).build();
    }

    /** The {@code upstream} group named {@code name} (case-insensitive, as nginx matches them). */
    public Optional<Upstream> upstream(String name) {
        return upstreams.stream().filter(u -> u.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The group a pass sends to, when it names one. */
    public Optional<Upstream> groupOf(Pass pass) {
        return pass.target().endpoint() instanceof Endpoint.Named n ? upstream(n.name()) : Optional.empty();
    }

    /** Every location of every server, nested ones and {@code if} blocks included, depth first. */
    public List<Location> locations() {
        List<Location> out = new ArrayList<>();
        servers.forEach(s -> s.locations().forEach(l -> l.flatten(out)));
        return out;
    }

    /** Every {@code *_pass} in the configuration, in order. */
    public List<Pass> passes() {
        return locations().stream().flatMap(l -> l.passes().stream()).toList();
    }

    /**
     * Every log file the configuration writes (error logs and access logs, every context), resolved
     * against the prefix, in order of appearance; {@code stderr}, {@code syslog:} and {@code memory:}
     * destinations are not files and are left out, and so are paths built from variables.
     */
    public Set<String> logFiles() {
        Set<String> out = new LinkedHashSet<>();
        Stream.Builder<Settings> all = Stream.builder();
        all.add(http);
        for (Server s : servers) {
            all.add(s.settings());
        }
        for (Location l : locations()) {
            all.add(l.settings());
        }
        errorLogs.stream().filter(ErrorLog::isFile).forEach(e -> out.add(e.path()));
        all.build().forEach(s -> {
            s.errorLogs().stream().filter(ErrorLog::isFile).forEach(e -> out.add(e.path()));
            s.accessLogs().stream().filter(AccessLog::isFile).forEach(a -> out.add(a.path()));
        });
        return out;
    }

    /**
     * The log files that belong to one {@code server} alone: its own {@code error_log}/{@code access_log} (or its
     * locations'), written by no other server and not at {@code http} or main level, with the server's
     * {@code server_name}s; in order of appearance. A file several servers write, or one the {@code http} level
     * writes (and servers inherit), belongs to no one site.
     */
    public Map<String, List<String>> siteLogFiles() {
        Set<String> shared = new LinkedHashSet<>();
        errorLogs.stream().filter(ErrorLog::isFile).forEach(e -> shared.add(e.path()));
        http.errorLogs().stream().filter(ErrorLog::isFile).forEach(e -> shared.add(e.path()));
        http.accessLogs().stream().filter(AccessLog::isFile).forEach(a -> shared.add(a.path()));
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        Map<String, Integer> writers = new java.util.HashMap<>();
        for (Server s : servers) {
            Set<String> mine = new LinkedHashSet<>();
            List<Settings> contexts = new ArrayList<>();
            contexts.add(s.settings());
            s.locations().forEach(l -> contexts.add(l.settings()));
            for (Settings c : contexts) {
                c.errorLogs().stream().filter(ErrorLog::isFile).forEach(e -> mine.add(e.path()));
                c.accessLogs().stream().filter(AccessLog::isFile).forEach(a -> mine.add(a.path()));
            }
            for (String path : mine) {
                writers.merge(path, 1, Integer::sum);
                out.putIfAbsent(path, s.names());
            }
        }
        out.keySet().removeIf(path -> shared.contains(path) || writers.get(path) > 1);
        out.values().removeIf(List::isEmpty);
        return out;
    }

    /**
     * The settings in effect in one context, each with where it was set.
     *
     * @param upstream per upstream module ({@code fastcgi}, {@code proxy}, {@code uwsgi}, {@code grpc},
     *     {@code scgi}): its timeouts and buffers
     * @param resolver the {@code resolver}, if any
     * @param resolverTimeout {@code resolver_timeout}
     * @param root {@code root}, resolved against the prefix
     * @param errorLogs the error logs of this context
     * @param accessLogs the access logs of this context ({@code access_log off} is one with
     *     {@link AccessLog#off()})
     */
    public record Settings(Map<String, UpstreamSettings> upstream, Optional<Resolver> resolver,
                           Setting<Duration> resolverTimeout, Setting<String> root, List<ErrorLog> errorLogs,
                           List<AccessLog> accessLogs) {

        /** The upstream modules whose settings are read, by their directives' prefix. */
        public static final List<String> MODULES = List.of("fastcgi", "proxy", "uwsgi", "grpc", "scgi");

        public Settings {
            upstream = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(upstream));
            Objects.requireNonNull(resolver, "resolver");
            Objects.requireNonNull(resolverTimeout, "resolverTimeout");
            Objects.requireNonNull(root, "root");
            errorLogs = List.copyOf(errorLogs);
            accessLogs = List.copyOf(accessLogs);
            for (String m : MODULES) {
                Objects.requireNonNull(upstream.get(m), m);
            }
        }

        /** The {@code fastcgi_*} settings. */
        public UpstreamSettings fastcgi() {
            return upstream.get("fastcgi");
        }

        /** The {@code proxy_*} settings. */
        public UpstreamSettings proxy() {
            return upstream.get("proxy");
        }

        /** The settings of the module a pass belongs to ({@code fastcgi_pass} → {@code fastcgi_*}). */
        public UpstreamSettings forPass(Pass pass) {
            return upstream.get(pass.module());
        }
    }

    /**
     * One upstream module's timeouts and buffers in a context.
     *
     * @param connectTimeout {@code *_connect_timeout}
     * @param sendTimeout {@code *_send_timeout}
     * @param readTimeout {@code *_read_timeout}: how long nginx waits between two reads of the response
     *     (the 504 timer)
     * @param bufferSize {@code *_buffer_size} in bytes: the buffer for the response header (a bigger
     *     header is {@code upstream sent too big header}, a 502)
     * @param buffers {@code *_buffers} (gRPC has no such directive: always nginx's default)
     */
    public record UpstreamSettings(Setting<Duration> connectTimeout, Setting<Duration> sendTimeout,
                                   Setting<Duration> readTimeout, Setting<Long> bufferSize, Setting<BufferSet> buffers) {
        public UpstreamSettings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(sendTimeout, "sendTimeout");
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(bufferSize, "bufferSize");
            Objects.requireNonNull(buffers, "buffers");
        }
    }

    /**
     * {@code *_buffers number size}.
     *
     * @param count how many
     * @param size bytes each
     */
    public record BufferSet(int count, long size) {
        public BufferSet {
            if (count < 1 || size < 1) {
                throw new IllegalArgumentException(count + " " + size);
            }
        }

        /** {@code count × size}. */
        public long total() {
            return count * size;
        }
    }

    /**
     * A {@code resolver}.
     *
     * @param addresses the name servers (port 53 unless written)
     * @param valid {@code valid=}, or {@link Duration#ZERO} when absent (the answers' TTL is used)
     * @param ipv4 whether it looks up IPv4 addresses ({@code ipv4=off} turns it off)
     * @param ipv6 whether it looks up IPv6 addresses ({@code ipv6=off} turns it off)
     * @param file where it is written
     * @param line its line
     */
    public record Resolver(List<Endpoint> addresses, Duration valid, boolean ipv4, boolean ipv6, String file,
                           int line) {
        public Resolver {
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(valid, "valid");
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * An error log.
     *
     * @param destination as written ({@code /var/log/nginx/error.log}, {@code stderr}, {@code syslog:server=...})
     * @param path the file, resolved against the prefix; empty when the destination is not a file
     * @param level the lowest level logged ({@code error} unless written)
     * @param file where it is written, {@code null} for nginx's default
     * @param line its line, 0 for the default
     */
    public record ErrorLog(String destination, String path, String level, String file, int line) {
        public ErrorLog {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(level, "level");
        }

        /** Whether it is a file (not {@code stderr}, {@code syslog:}, {@code memory:}). */
        public boolean isFile() {
            return !path.isEmpty();
        }
    }

    /**
     * An access log.
     *
     * @param destination as written ({@code /var/log/nginx/access.log}, {@code syslog:server=...}, {@code off})
     * @param path the file, resolved against the prefix; empty when not a file or built from variables
     * @param format the {@code log_format} name ({@code combined} unless written)
     * @param off whether this is {@code access_log off}
     * @param parameters the rest as written ({@code buffer=32k}, {@code if=$loggable})
     * @param file where it is written, {@code null} for nginx's default
     * @param line its line, 0 for the default
     */
    public record AccessLog(String destination, String path, String format, boolean off, List<String> parameters,
                            String file, int line) {
        public AccessLog {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(format, "format");
            parameters = List.copyOf(parameters);
        }

        /** Whether it writes a file. */
        public boolean isFile() {
            return !off && !path.isEmpty();
        }
    }

    /**
     * A {@code log_format}.
     *
     * @param name its name
     * @param escape {@code default}, {@code json} or {@code none}
     * @param format its strings joined
     * @param file where it is written, {@code null} for the predefined {@code combined}
     * @param line its line, 0 for {@code combined}
     */
    public record LogFormat(String name, String escape, String format, String file, int line) {

        private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}|\\$([A-Za-z0-9_]+)");

        public LogFormat {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(escape, "escape");
            Objects.requireNonNull(format, "format");
        }

        /** The variables it logs, without the {@code $}, in order. */
        public List<String> variables() {
            List<String> out = new ArrayList<>();
            Matcher m = VARIABLE.matcher(format);
            while (m.find()) {
                out.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            return out;
        }

        /** The {@code $upstream_*} variables it logs ({@code upstream_response_time}, {@code upstream_addr}). */
        public List<String> upstreamVariables() {
            return variables().stream().filter(v -> v.startsWith("upstream_")).toList();
        }
    }

    /**
     * A {@code listen}.
     *
     * @param address where ({@code *} for any address)
     * @param defaultServer {@code default_server} (or the old {@code default})
     * @param ssl {@code ssl}
     * @param http2 {@code http2}
     * @param proxyProtocol {@code proxy_protocol}
     * @param parameters every parameter after the address, as written
     * @param file where it is written, {@code null} for a server without {@code listen}
     * @param line its line, 0 for the default
     */
    public record Listen(Endpoint address, boolean defaultServer, boolean ssl, boolean http2, boolean proxyProtocol,
                         List<String> parameters, String file, int line) {
        public Listen {
            Objects.requireNonNull(address, "address");
            parameters = List.copyOf(parameters);
        }

        /** Whether the server has no {@code listen} and this is nginx's default. */
        public boolean isDefault() {
            return file == null;
        }
    }

    /**
     * A {@code server} in {@code http}.
     *
     * @param listens its {@code listen}s ({@code *:80} by default)
     * @param names its {@code server_name}s ({@code ""} by default)
     * @param settings the settings in effect at server level
     * @param locations its {@code location}s (and server-level {@code if} blocks), in order
     * @param file where it starts
     * @param line its line
     */
    public record Server(List<Listen> listens, List<String> names, Settings settings, List<Location> locations,
                         String file, int line) {
        public Server {
            listens = List.copyOf(listens);
            names = List.copyOf(names);
            Objects.requireNonNull(settings, "settings");
            locations = List.copyOf(locations);
            Objects.requireNonNull(file, "file");
        }

        /** The first name, or {@code ""}. */
        public String name() {
            return names.isEmpty() ? "" : names.get(0);
        }
    }

    /**
     * A {@code location} (or an {@code if} or {@code limit_except} block, which nginx treats as a nested
     * location).
     *
     * @param kind which block
     * @param modifier {@code =}, {@code ~}, {@code ~*}, {@code ^~}, {@code @} (named), or empty (prefix);
     *     empty for {@code if} and {@code limit_except}
     * @param pattern the URI, regex or name; for {@code if} the condition, for {@code limit_except} the methods
     * @param passes its {@code *_pass} directives, in order (more than one is a mistake: the last wins)
     * @param settings the settings in effect in it
     * @param nested the locations and blocks inside it
     * @param file where it starts
     * @param line its line
     */
    public record Location(Kind kind, String modifier, String pattern, List<Pass> passes, Settings settings,
                           List<Location> nested, String file, int line) {

        /** Which block a {@link Location} is. */
        public enum Kind { LOCATION, IF, LIMIT_EXCEPT }

        public Location {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(modifier, "modifier");
            Objects.requireNonNull(pattern, "pattern");
            passes = List.copyOf(passes);
            Objects.requireNonNull(settings, "settings");
            nested = List.copyOf(nested);
            Objects.requireNonNull(file, "file");
        }

        /** The pass that handles requests here: the last {@code *_pass}, if any. */
        public Optional<Pass> pass() {
            return passes.isEmpty() ? Optional.empty() : Optional.of(passes.get(passes.size() - 1));
        }

        /** The settings of the module of {@link #pass()}, if any. */
        public Optional<UpstreamSettings> passSettings() {
            return pass().map(settings::forPass);
        }

        void flatten(List<Location> out) {
            out.add(this);
            nested.forEach(n -> n.flatten(out));
        }
    }

    /**
     * A {@code fastcgi_pass}, {@code proxy_pass}, {@code uwsgi_pass}, {@code grpc_pass} or {@code scgi_pass}.
     *
     * @param directive the directive's name
     * @param target where and how it sends
     * @param file where it is written
     * @param line its line
     */
    public record Pass(String directive, UpstreamTarget target, String file, int line) {
        public Pass {
            Objects.requireNonNull(directive, "directive");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(file, "file");
        }

        /** The module: the directive's name without {@code _pass} ({@code fastcgi}). */
        public String module() {
            return directive.substring(0, directive.length() - "_pass".length());
        }
    }

    /**
     * An {@code upstream} group.
     *
     * @param name its name
     * @param servers its {@code server}s
     * @param balancing {@code round-robin} unless {@code least_conn}, {@code ip_hash}, {@code hash ...} or
     *     {@code random ...} is written (then as written)
     * @param keepalive {@code keepalive} connections cached per worker, 0 when absent
     * @param file where it starts
     * @param line its line
     */
    public record Upstream(String name, List<UpstreamServer> servers, String balancing, int keepalive, String file,
                           int line) {
        public Upstream {
            Objects.requireNonNull(name, "name");
            servers = List.copyOf(servers);
            Objects.requireNonNull(balancing, "balancing");
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * A {@code server} in an {@code upstream} group.
     *
     * @param address where (port 80 unless written)
     * @param weight {@code weight=}, 1 by default
     * @param maxFails {@code max_fails=}, 1 by default; 0 never marks it failed
     * @param failTimeout {@code fail_timeout=}, 10s by default: both the window for {@code max_fails} and
     *     how long it then stays out
     * @param maxConns {@code max_conns=}, 0 (no limit) by default
     * @param backup {@code backup}
     * @param down {@code down}
     * @param resolve {@code resolve} (re-resolved at run time, with the resolver)
     * @param file where it is written
     * @param line its line
     */
    public record UpstreamServer(Endpoint address, int weight, int maxFails, Duration failTimeout, int maxConns,
                                 boolean backup, boolean down, boolean resolve, String file, int line) {
        public UpstreamServer {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(failTimeout, "failTimeout");
            Objects.requireNonNull(file, "file");
        }
    }
}
