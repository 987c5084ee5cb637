package org.gatewaydoctor.checks.http.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.gatewaydoctor.checks.http.internal.config.NginxView.AccessLog;
import org.gatewaydoctor.checks.http.internal.config.NginxView.BufferSet;
import org.gatewaydoctor.checks.http.internal.config.NginxView.ErrorLog;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Listen;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Location;
import org.gatewaydoctor.checks.http.internal.config.NginxView.LogFormat;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Pass;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Resolver;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Server;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Settings;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Upstream;
import org.gatewaydoctor.checks.http.internal.config.NginxView.UpstreamServer;
import org.gatewaydoctor.checks.http.internal.config.NginxView.UpstreamSettings;

/** Builds an {@link NginxView}: see there for the rules. */
final class NginxViewBuilder {

    /** nginx's predefined format ({@code ngx_http_log_module.c}). */
    static final String COMBINED = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
            + "\"$http_referer\" \"$http_user_agent\"";
    static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(60);
    static final Duration RESOLVER_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> PASSES = List.of("fastcgi_pass", "proxy_pass", "uwsgi_pass", "grpc_pass",
            "scgi_pass");

    private final NginxConfig config;
    private final NginxOptions options;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, LogFormat> formats = new LinkedHashMap<>();
    private final List<Upstream> upstreams = new ArrayList<>();

    NginxViewBuilder(NginxConfig config, NginxOptions options) {
        this.config = config;
        this.options = options;
    }

    NginxView build() {
        List<Directive> main = config.directives();
        Setting<String> user = Setting.defaulted("nobody");
        Setting<String> group = Setting.defaulted("nogroup");
        Optional<Directive> u = single(main, "user");
        if (u.isPresent() && arity(u.get(), 1, 2)) {
            user = Setting.of(u.get().arg(0), u.get());
            group = Setting.of(u.get().args().size() == 2 ? u.get().arg(1) : u.get().arg(0), u.get());
        }
        Setting<String> workers = Setting.defaulted("1");
        Optional<Directive> wp = single(main, "worker_processes");
        if (wp.isPresent() && arity(wp.get(), 1, 1)) {
            workers = Setting.of(wp.get().arg(0), wp.get());
        }
        Setting<Integer> connections = Setting.defaulted(512);
        Optional<Directive> events = single(main, "events");
        if (events.isPresent()) {
            Optional<Directive> wc = single(events.get().children(), "worker_connections");
            if (wc.isPresent() && arity(wc.get(), 1, 1)) {
                OptionalLong n = NginxUnits.atoi(wc.get().arg(0));
                if (n.isEmpty() || n.getAsLong() > Integer.MAX_VALUE) {
                    invalid(wc.get(), "invalid number");
                } else {
                    connections = Setting.of((int) n.getAsLong(), wc.get());
                }
            }
        }
        List<ErrorLog> mainErrorLogs = errorLogs(main);
        if (mainErrorLogs.isEmpty()) {
            mainErrorLogs = List.of(new ErrorLog(options.defaultErrorLog(), filePath(options.defaultErrorLog()), "error",
                    null, 0));
        }
        formats.put("combined", new LogFormat("combined", "default", COMBINED, null, 0));

        Settings defaults = defaults(mainErrorLogs);
        Optional<Directive> http = single(main, "http");
        Settings httpSettings = defaults;
        List<Server> servers = new ArrayList<>();
        if (http.isPresent()) {
            List<Directive> block = http.get().children();
            block.stream().filter(d -> d.is("log_format")).forEach(this::logFormat);
            block.stream().filter(d -> d.is("upstream") && d.block()).forEach(this::upstream);
            httpSettings = settings(block, defaults);
            for (Directive d : block) {
                if (d.is("server") && d.block()) {
                    servers.add(server(d, httpSettings));
                }
            }
        }
        return new NginxView(user, group, workers, connections, mainErrorLogs, formats, upstreams, httpSettings,
                servers, problems);
    }

    // ---- problems and arguments, in nginx's words

    private void invalid(Directive d, String what) {
        problems.add(ConfigProblem.error(d.file(), d.line(), "\"" + d.name() + "\" directive " + what));
    }

    private boolean arity(Directive d, int min, int max) {
        int n = d.args().size();
        if (n < min || n > max) {
            problems.add(ConfigProblem.error(d.file(), d.line(), "invalid number of arguments in \"" + d.name()
                    + "\" directive"));
            return false;
        }
        return true;
    }

    /** The first {@code name} of a block; any further one is nginx's {@code is duplicate}. */
    private Optional<Directive> single(List<Directive> block, String name) {
        Directive first = null;
        for (Directive d : block) {
            if (d.is(name)) {
                if (first == null) {
                    first = d;
                } else {
                    invalid(d, "is duplicate");
                }
            }
        }
        return Optional.ofNullable(first);
    }

    private static List<Directive> named(List<Directive> block, String name) {
        return block.stream().filter(d -> d.is(name)).toList();
    }

    private static boolean hasVariables(String s) {
        return s.indexOf('$') >= 0;
    }

    /** A log or root path as nginx opens it: relative to the prefix. */
    private String prefixed(String path) {
        return path.startsWith("/") ? path : options.prefix() + path;
    }

    /** The file of a log destination, or empty when it is not one. */
    private String filePath(String destination) {
        if (destination.equals("stderr") || destination.startsWith("syslog:") || destination.startsWith("memory:")
                || hasVariables(destination)) {
            return "";
        }
        return prefixed(destination);
    }

    // ---- settings and their inheritance

    private Settings defaults(List<ErrorLog> mainErrorLogs) {
        Map<String, UpstreamSettings> up = new LinkedHashMap<>();
        for (String m : Settings.MODULES) {
            up.put(m, new UpstreamSettings(Setting.defaulted(UPSTREAM_TIMEOUT), Setting.defaulted(UPSTREAM_TIMEOUT),
                    Setting.defaulted(UPSTREAM_TIMEOUT), Setting.defaulted((long) options.pageSize()),
                    Setting.defaulted(new BufferSet(8, options.pageSize()))));
        }
        AccessLog access = new AccessLog(options.defaultAccessLog(), filePath(options.defaultAccessLog()), "combined",
                false, List.of(), null, 0);
        return new Settings(up, Optional.empty(), Setting.defaulted(RESOLVER_TIMEOUT),
                Setting.defaulted(prefixed("html")), mainErrorLogs, List.of(access));
    }

    private Settings settings(List<Directive> block, Settings parent) {
        Map<String, UpstreamSettings> up = new LinkedHashMap<>();
        for (String m : Settings.MODULES) {
            UpstreamSettings p = parent.upstream().get(m);
            up.put(m, new UpstreamSettings(
                    scalar(block, m + "_connect_timeout", p.connectTimeout(), this::msec),
                    scalar(block, m + "_send_timeout", p.sendTimeout(), this::msec),
                    scalar(block, m + "_read_timeout", p.readTimeout(), this::msec),
                    scalar(block, m + "_buffer_size", p.bufferSize(), this::size),
                    m.equals("grpc") ? p.buffers() : scalar(block, m + "_buffers", p.buffers(), this::bufs)));
        }
        Optional<Resolver> resolver = parent.resolver();
        Optional<Directive> r = single(block, "resolver");
        if (r.isPresent()) {
            Optional<Resolver> parsed = resolver(r.get());
            if (parsed.isPresent()) {
                resolver = parsed;
            }
        }
        Setting<Duration> resolverTimeout = scalar(block, "resolver_timeout", parent.resolverTimeout(), this::msec);
        Setting<String> root = scalar(block, "root", parent.root(), d -> Optional.of(prefixed(d.arg(0))));
        List<ErrorLog> errorLogs = errorLogs(block);
        List<AccessLog> accessLogs = accessLogs(block);
        return new Settings(up, resolver, resolverTimeout, root, errorLogs.isEmpty() ? parent.errorLogs() : errorLogs,
                accessLogs.isEmpty() ? parent.accessLogs() : accessLogs);
    }

    private <T> Setting<T> scalar(List<Directive> block, String name, Setting<T> inherited,
                                  Function<Directive, Optional<T>> parse) {
        Optional<Directive> d = single(block, name);
        if (d.isEmpty()) {
            return inherited;
        }
        int args = name.endsWith("_buffers") ? 2 : 1;
        if (!arity(d.get(), args, args)) {
            return inherited;
        }
        Optional<T> v = parse.apply(d.get());
        return v.isPresent() ? Setting.of(v.get(), d.get()) : inherited;
    }

    private Optional<Duration> msec(Directive d) {
        Optional<Duration> v = NginxUnits.msec(d.arg(0));
        if (v.isEmpty()) {
            invalid(d, "invalid value");
        }
        return v;
    }

    private Optional<Long> size(Directive d) {
        OptionalLong v = NginxUnits.size(d.arg(0));
        if (v.isEmpty()) {
            invalid(d, "invalid value");
            return Optional.empty();
        }
        return Optional.of(v.getAsLong());
    }

    private Optional<BufferSet> bufs(Directive d) {
        OptionalLong n = NginxUnits.atoi(d.arg(0));
        OptionalLong s = NginxUnits.size(d.arg(1));
        if (n.isEmpty() || n.getAsLong() == 0 || n.getAsLong() > Integer.MAX_VALUE || s.isEmpty()
                || s.getAsLong() == 0) {
            invalid(d, "invalid value");
            return Optional.empty();
        }
        return Optional.of(new BufferSet((int) n.getAsLong(), s.getAsLong()));
    }

    private Optional<Resolver> resolver(Directive d) {
        if (d.args().isEmpty()) {
            arity(d, 1, Integer.MAX_VALUE);
            return Optional.empty();
        }
        List<Endpoint> addresses = new ArrayList<>();
        Duration valid = Duration.ZERO;
        boolean ipv4 = true;
        boolean ipv6 = true;
        for (String a : d.args()) {
            if (a.startsWith("valid=")) {
                Optional<Duration> v = NginxUnits.sec(a.substring(6));
                if (v.isEmpty()) {
                    problems.add(ConfigProblem.error(d.file(), d.line(), "invalid parameter: " + a));
                    return Optional.empty();
                }
                valid = v.get();
            } else if (a.equals("ipv4=off") || a.equals("ipv4=on")) {
                ipv4 = a.endsWith("on");
            } else if (a.equals("ipv6=off") || a.equals("ipv6=on")) {
                ipv6 = a.endsWith("on");
            } else if (a.startsWith("status_zone=")) {
                continue;
            } else {
                try {
                    addresses.add(Endpoint.parseHostPort(a, 53));
                } catch (IllegalArgumentException e) {
                    problems.add(ConfigProblem.error(d.file(), d.line(), e.getMessage() + " in resolver \"" + a + "\""));
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new Resolver(addresses, valid, ipv4, ipv6, d.file(), d.line()));
    }

    // ---- logs

    private List<ErrorLog> errorLogs(List<Directive> block) {
        List<ErrorLog> out = new ArrayList<>();
        for (Directive d : named(block, "error_log")) {
            if (!arity(d, 1, 2)) {
                continue;
            }
            String level = d.args().size() == 2 ? d.arg(1) : "error";
            out.add(new ErrorLog(d.arg(0), filePath(d.arg(0)), level, d.file(), d.line()));
        }
        return out;
    }

    private List<AccessLog> accessLogs(List<Directive> block) {
        List<AccessLog> out = new ArrayList<>();
        for (Directive d : named(block, "access_log")) {
            if (!arity(d, 1, Integer.MAX_VALUE)) {
                continue;
            }
            if (d.arg(0).equals("off")) {
                out.add(new AccessLog("off", "", "", true, List.of(), d.file(), d.line()));
                continue;
            }
            String format = d.args().size() > 1 ? d.arg(1) : "combined";
            if (!formats.containsKey(format)) {
                problems.add(ConfigProblem.error(d.file(), d.line(), "unknown log format \"" + format + "\""));
            }
            List<String> params = d.args().size() > 2 ? d.args().subList(2, d.args().size()) : List.of();
            out.add(new AccessLog(d.arg(0), filePath(d.arg(0)), format, false, params, d.file(), d.line()));
        }
        return out;
    }

    private void logFormat(Directive d) {
        if (!arity(d, 2, Integer.MAX_VALUE)) {
            return;
        }
        String name = d.arg(0);
        int first = 1;
        String escape = "default";
        if (d.arg(1).startsWith("escape=")) {
            escape = d.arg(1).substring("escape=".length());
            first = 2;
        }
        if (formats.containsKey(name)) {
            problems.add(ConfigProblem.error(d.file(), d.line(), "duplicate \"log_format\" name \"" + name + "\""));
            return;
        }
        formats.put(name, new LogFormat(name, escape, String.join("", d.args().subList(first, d.args().size())),
                d.file(), d.line()));
    }

    // ---- upstream groups

    private void upstream(Directive d) {
        if (!arity(d, 1, 1)) {
            return;
        }
        String name = d.arg(0);
        if (upstreams.stream().anyMatch(u -> u.name().equalsIgnoreCase(name))) {
            problems.add(ConfigProblem.error(d.file(), d.line(), "duplicate upstream \"" + name + "\""));
            return;
        }
        List<UpstreamServer> servers = new ArrayList<>();
        String balancing = "round-robin";
        int keepalive = 0;
        for (Directive c : d.children()) {
            switch (c.name()) {
                case "server" -> upstreamServer(c).ifPresent(servers::add);
                case "least_conn", "ip_hash", "hash", "random" ->
                        balancing = c.args().isEmpty() ? c.name() : c.name() + " " + String.join(" ", c.args());
                case "keepalive" -> {
                    if (arity(c, 1, 1)) {
                        OptionalLong n = NginxUnits.atoi(c.arg(0));
                        if (n.isEmpty() || n.getAsLong() == 0 || n.getAsLong() > Integer.MAX_VALUE) {
                            invalid(c, "invalid value");
                        } else {
                            keepalive = (int) n.getAsLong();
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (servers.isEmpty()) {
            problems.add(ConfigProblem.error(d.file(), d.line(), "no servers are inside upstream"));
        }
        upstreams.add(new Upstream(name, servers, balancing, keepalive, d.file(), d.line()));
    }

    private Optional<UpstreamServer> upstreamServer(Directive d) {
        if (!arity(d, 1, Integer.MAX_VALUE)) {
            return Optional.empty();
        }
        Endpoint address;
        String a = d.arg(0);
        try {
            address = a.regionMatches(true, 0, "unix:", 0, 5) ? unix(a.substring(5)) : Endpoint.parseHostPort(a, 80);
        } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.error(d.file(), d.line(), e.getMessage() + " in upstream \"" + a + "\""));
            return Optional.empty();
        }
        int weight = 1;
        int maxFails = 1;
        Duration failTimeout = Duration.ofSeconds(10);
        int maxConns = 0;
        boolean backup = false;
        boolean down = false;
        boolean resolve = false;
        for (String p : d.args().subList(1, d.args().size())) {
            OptionalLong n;
            if (p.startsWith("weight=")) {
                n = NginxUnits.atoi(p.substring(7));
                if (n.isEmpty() || n.getAsLong() == 0 || n.getAsLong() > Integer.MAX_VALUE) {
                    return invalidParameter(d, p);
                }
                weight = (int) n.getAsLong();
            } else if (p.startsWith("max_fails=")) {
                n = NginxUnits.atoi(p.substring(10));
                if (n.isEmpty() || n.getAsLong() > Integer.MAX_VALUE) {
                    return invalidParameter(d, p);
                }
                maxFails = (int) n.getAsLong();
            } else if (p.startsWith("max_conns=")) {
                n = NginxUnits.atoi(p.substring(10));
                if (n.isEmpty() || n.getAsLong() > Integer.MAX_VALUE) {
                    return invalidParameter(d, p);
                }
                maxConns = (int) n.getAsLong();
            } else if (p.startsWith("fail_timeout=")) {
                Optional<Duration> t = NginxUnits.sec(p.substring(13));
                if (t.isEmpty()) {
                    return invalidParameter(d, p);
                }
                failTimeout = t.get();
            } else if (p.equals("backup")) {
                backup = true;
            } else if (p.equals("down")) {
                down = true;
            } else if (p.equals("resolve")) {
                resolve = true;
            } else if (!(p.startsWith("slow_start=") || p.startsWith("route=") || p.startsWith("service=")
                    || p.equals("drain"))) {
                return invalidParameter(d, p);
            }
        }
        return Optional.of(new UpstreamServer(address, weight, maxFails, failTimeout, maxConns, backup, down, resolve,
                d.file(), d.line()));
    }

    private Optional<UpstreamServer> invalidParameter(Directive d, String p) {
        problems.add(ConfigProblem.error(d.file(), d.line(), "invalid parameter \"" + p + "\""));
        return Optional.empty();
    }

    private static Endpoint.UnixSocket unix(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("no path in the unix domain socket");
        }
        return new Endpoint.UnixSocket(path);
    }

    // ---- servers and locations

    private Server server(Directive d, Settings http) {
        List<Directive> block = d.children();
        List<Listen> listens = new ArrayList<>();
        for (Directive l : named(block, "listen")) {
            listen(l).ifPresent(listens::add);
        }
        if (listens.isEmpty()) {
            listens.add(new Listen(new Endpoint.HostPort("*", 80, true), false, false, false, false, List.of(), null, 0));
        }
        List<String> names = new ArrayList<>();
        named(block, "server_name").forEach(s -> names.addAll(s.args()));
        if (names.isEmpty()) {
            names.add("");
        }
        Settings settings = settings(block, http);
        for (String p : PASSES) {
            named(block, p).forEach(x -> problems.add(ConfigProblem.error(x.file(), x.line(), "\"" + p
                    + "\" directive is not allowed here")));
        }
        return new Server(listens, names, settings, nested(block, settings), d.file(), d.line());
    }

    private List<Location> nested(List<Directive> block, Settings parent) {
        List<Location> out = new ArrayList<>();
        for (Directive c : block) {
            if (!c.block()) {
                continue;
            }
            switch (c.name()) {
                case "location" -> location(c, parent).ifPresent(out::add);
                case "if" -> out.add(block(c, Location.Kind.IF, "", String.join(" ", c.args()), parent));
                case "limit_except" ->
                        out.add(block(c, Location.Kind.LIMIT_EXCEPT, "", String.join(" ", c.args()), parent));
                default -> {
                }
            }
        }
        return out;
    }

    /** {@code ngx_http_core_location}'s reading of the modifier and the pattern. */
    private Optional<Location> location(Directive d, Settings parent) {
        if (!arity(d, 1, 2)) {
            return Optional.empty();
        }
        String modifier;
        String pattern;
        if (d.args().size() == 2) {
            modifier = d.arg(0);
            pattern = d.arg(1);
            if (!List.of("=", "~", "~*", "^~").contains(modifier)) {
                problems.add(ConfigProblem.error(d.file(), d.line(), "invalid location modifier \"" + modifier + "\""));
                return Optional.empty();
            }
        } else {
            String a = d.arg(0);
            if (a.startsWith("=")) {
                modifier = "=";
                pattern = a.substring(1);
            } else if (a.startsWith("~*")) {
                modifier = "~*";
                pattern = a.substring(2);
            } else if (a.startsWith("~")) {
                modifier = "~";
                pattern = a.substring(1);
            } else if (a.startsWith("^~")) {
                modifier = "^~";
                pattern = a.substring(2);
            } else if (a.startsWith("@")) {
                modifier = "@";
                pattern = a.substring(1);
            } else {
                modifier = "";
                pattern = a;
            }
        }
        return Optional.of(block(d, Location.Kind.LOCATION, modifier, pattern, parent));
    }

    private Location block(Directive d, Location.Kind kind, String modifier, String pattern, Settings parent) {
        Settings settings = settings(d.children(), parent);
        List<Pass> passes = new ArrayList<>();
        for (Directive c : d.children()) {
            if (PASSES.contains(c.name()) && !c.block()) {
                pass(c).ifPresent(passes::add);
            }
        }
        for (String p : PASSES) {
            List<Directive> same = named(d.children(), p);
            for (int i = 1; i < same.size(); i++) {
                invalid(same.get(i), "is duplicate");
            }
        }
        return new Location(kind, modifier, pattern, passes, settings, nested(d.children(), settings), d.file(),
                d.line());
    }

    private Optional<Pass> pass(Directive d) {
        if (!arity(d, 1, 1)) {
            return Optional.empty();
        }
        String raw = d.arg(0);
        String lower = raw.toLowerCase(Locale.ROOT);
        Protocol protocol;
        int skip = 0;
        int defaultPort = 0;
        boolean uriPart = false;
        switch (d.name()) {
            case "proxy_pass" -> {
                uriPart = true;
                if (lower.startsWith("http://")) {
                    protocol = Protocol.HTTP;
                    skip = 7;
                    defaultPort = 80;
                } else if (lower.startsWith("https://")) {
                    protocol = Protocol.HTTPS;
                    skip = 8;
                    defaultPort = 443;
                } else if (hasVariables(raw)) {
                    protocol = Protocol.OTHER;
                } else {
                    problems.add(ConfigProblem.error(d.file(), d.line(), "invalid URL prefix"));
                    return Optional.empty();
                }
            }
            case "uwsgi_pass" -> {
                protocol = lower.startsWith("suwsgi://") ? Protocol.SUWSGI : Protocol.UWSGI;
                skip = lower.startsWith("uwsgi://") ? 8 : lower.startsWith("suwsgi://") ? 9 : 0;
            }
            case "grpc_pass" -> {
                protocol = lower.startsWith("grpcs://") ? Protocol.GRPCS : Protocol.GRPC;
                skip = lower.startsWith("grpc://") ? 7 : lower.startsWith("grpcs://") ? 8 : 0;
            }
            case "scgi_pass" -> protocol = Protocol.SCGI;
            default -> protocol = Protocol.FASTCGI;
        }
        String rest = raw.substring(skip);
        if (hasVariables(raw)) {
            return Optional.of(new Pass(d.name(), new UpstreamTarget(protocol, new Endpoint.Dynamic(rest), "", raw),
                    d.file(), d.line()));
        }
        Endpoint endpoint;
        String uri = "";
        try {
            if (rest.regionMatches(true, 0, "unix:", 0, 5)) {
                String path = rest.substring(5);
                if (uriPart) {
                    int colon = path.indexOf(':');
                    if (colon >= 0) {
                        uri = path.substring(colon + 1);
                        path = path.substring(0, colon);
                    }
                }
                endpoint = unix(path);
            } else {
                String authority = rest;
                if (uriPart) {
                    int slash = rest.indexOf('/');
                    if (slash >= 0) {
                        authority = rest.substring(0, slash);
                        uri = rest.substring(slash);
                    }
                }
                Endpoint.HostPort hp = Endpoint.parseHostPort(authority, defaultPort);
                Optional<Upstream> group = upstreams.stream().filter(u -> u.name().equalsIgnoreCase(hp.host()))
                        .findFirst();
                if (group.isPresent() && !hp.defaultPort()) {
                    problems.add(ConfigProblem.error(d.file(), d.line(), "upstream \"" + group.get().name()
                            + "\" may not have port " + hp.port()));
                    endpoint = hp;
                } else if (group.isPresent()) {
                    endpoint = new Endpoint.Named(group.get().name());
                } else if (hp.defaultPort() && defaultPort == 0) {
                    problems.add(ConfigProblem.error(d.file(), d.line(), "no port in upstream \"" + hp.host() + "\""));
                    endpoint = new Endpoint.Named(hp.host());
                } else {
                    endpoint = hp;
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.error(d.file(), d.line(), e.getMessage() + " in upstream \"" + rest + "\""));
            return Optional.empty();
        }
        return Optional.of(new Pass(d.name(), new UpstreamTarget(protocol, endpoint, uri, raw), d.file(), d.line()));
    }

    private Optional<Listen> listen(Directive d) {
        if (!arity(d, 1, Integer.MAX_VALUE)) {
            return Optional.empty();
        }
        String a = d.arg(0);
        Endpoint address;
        try {
            if (a.regionMatches(true, 0, "unix:", 0, 5)) {
                address = unix(a.substring(5));
            } else if (!a.isEmpty() && a.chars().allMatch(c -> c >= '0' && c <= '9')) {
                address = Endpoint.parseHostPort("*:" + a, 80);
            } else {
                address = Endpoint.parseHostPort(a, 80);
            }
        } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.error(d.file(), d.line(), e.getMessage() + " in \"" + a
                    + "\" of the \"listen\" directive"));
            return Optional.empty();
        }
        List<String> params = d.args().subList(1, d.args().size());
        return Optional.of(new Listen(address, params.contains("default_server") || params.contains("default"),
                params.contains("ssl"), params.contains("http2"), params.contains("proxy_protocol"), params, d.file(),
                d.line()));
    }
}
