package org.gatewaydoctor.checks.http.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Condition;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.CustomLog;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.ErrorLog;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Likely;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Listen;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.LogFormat;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.ProxyRoute;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.ProxyWorker;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Server;

/** Builds an {@link ApacheView}: see there for the rules. */
final class ApacheViewBuilder {

    /** mod_log_config's {@code DEFAULT_LOG_FORMAT} (Common Log Format). */
    static final String DEFAULT_LOG_FORMAT = "%h %l %u %t \"%r\" %>s %b";

    private final ApacheConfig config;
    private final ApacheOptions options;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final ApacheConditions conditions;
    private final ConfigFiles files;
    private final String serverRoot;
    private final List<Listen> listens = new ArrayList<>();
    private final List<String> modules = new ArrayList<>();
    private final Map<String, LogFormat> formats = new LinkedHashMap<>();
    private final List<Host> virtualHosts = new ArrayList<>();
    private final Host main;
    private Setting<String> user = Setting.defaulted("#-1");
    private Setting<String> group = Setting.defaulted("#-1");

    ApacheViewBuilder(ApacheConfig config, ApacheOptions options) {
        this.config = config;
        this.options = options;
        this.conditions = new ApacheConditions(options.compiledModules(), options.defines());
        this.files = new ConfigFiles(options.root(), options.limits(), new ArrayList<>());
        this.serverRoot = config.serverRoot();
        this.main = new Host(false, List.of(), List.of(), config.mainFile(), 0);
    }

    /** A server being read. */
    private static final class Host {
        final boolean virtual;
        final List<String> addresses;
        final List<Condition> conds;
        final String file;
        final int line;
        Setting<String> serverName;
        final List<String> aliases = new ArrayList<>();
        Setting<String> documentRoot;
        Setting<Duration> timeout;
        Setting<Duration> proxyTimeout;
        ErrorLog errorLog;
        final List<CustomLog> customLogs = new ArrayList<>();
        final List<ProxyRoute> routes = new ArrayList<>();
        final List<Worker> workers = new ArrayList<>();

        Host(boolean virtual, List<String> addresses, List<Condition> conds, String file, int line) {
            this.virtual = virtual;
            this.addresses = addresses;
            this.conds = conds;
            this.file = file;
            this.line = line;
        }
    }

    /** A {@code <Proxy>} section (or a {@code ProxySet}/{@code BalancerMember} naming a URL) being read. */
    private static final class Worker {
        final String url;
        final Optional<UpstreamTarget> target;
        final Map<String, String> params = new LinkedHashMap<>();
        Optional<Setting<Duration>> timeout = Optional.empty();
        Optional<Setting<Duration>> connectionTimeout = Optional.empty();
        final List<UpstreamTarget> members = new ArrayList<>();
        final List<Condition> conds;
        final String file;
        final int line;

        Worker(String url, Optional<UpstreamTarget> target, List<Condition> conds, String file, int line) {
            this.url = url;
            this.target = target;
            this.conds = conds;
            this.file = file;
            this.line = line;
        }

        ProxyWorker build() {
            return new ProxyWorker(url, target, params, timeout, connectionTimeout, members, conds, file, line);
        }
    }

    /** Where a directive stands. */
    private record Ctx(Host host, List<Condition> conds, List<String> sections, String location, boolean regex,
                       Worker worker) {
        Ctx with(Condition c) {
            List<Condition> more = new ArrayList<>(conds);
            more.add(c);
            return new Ctx(host, more, sections, location, regex, worker);
        }

        Ctx in(String section, String loc, boolean rx, Worker w) {
            List<String> more = new ArrayList<>(sections);
            more.add(section);
            return new Ctx(host, conds, more, loc, rx, w);
        }

        boolean knownFalse() {
            return ApacheView.active(conds) == Likely.FALSE;
        }
    }

    ApacheView build() {
        walk(config.directives(), new Ctx(main, List.of(), List.of(), null, false, null));
        if (main.timeout == null) {
            main.timeout = Setting.defaulted(ApacheView.DEFAULT_TIMEOUT);
        }
        if (main.errorLog == null) {
            main.errorLog = errorLog(options.defaultErrorLog(), null, 0);
        }
        if (main.serverName == null) {
            main.serverName = Setting.defaulted("");
        }
        if (main.documentRoot == null) {
            main.documentRoot = Setting.defaulted("");
        }
        Server mainServer = server(main, main);
        List<Server> vhosts = virtualHosts.stream().map(v -> server(v, main)).toList();
        return new ApacheView(serverRoot, user, group, listens, modules, formats, mainServer, vhosts, problems);
    }

    private static Server server(Host h, Host main) {
        return new Server(h.virtual, h.addresses, h.serverName != null ? h.serverName : main.serverName, h.aliases,
                h.documentRoot != null ? h.documentRoot : main.documentRoot,
                h.timeout != null ? h.timeout : main.timeout,
                Optional.ofNullable(h.proxyTimeout != null ? h.proxyTimeout : main.proxyTimeout),
                h.errorLog != null ? h.errorLog : main.errorLog,
                h.customLogs.isEmpty() ? main.customLogs : h.customLogs, h.routes,
                h.workers.stream().map(Worker::build).toList(), h.conds, h.file, h.line);
    }

    // ---- the walk

    private void walk(List<Directive> block, Ctx ctx) {
        for (Directive d : block) {
            if (d.block()) {
                section(d, ctx);
            } else {
                if (!ctx.knownFalse()) {
                    conditions.observe(d);
                }
                directive(d, ctx);
            }
        }
    }

    private void section(Directive d, Ctx ctx) {
        String name = d.name().toLowerCase(Locale.ROOT);
        String arg = String.join(" ", d.args());
        if (ApacheConditions.isCondition(name)) {
            Likely likely = conditions.evaluate(d.name(), d.args(), files, serverRoot);
            walk(d.children(), ctx.with(new Condition(d.name(), arg, likely, d.file(), d.line())));
            return;
        }
        switch (name) {
            case "virtualhost" -> {
                if (ctx.host().virtual) {
                    error(d, "<VirtualHost> cannot occur within <VirtualHost> section");
                    return;
                }
                Host v = new Host(true, d.args(), ctx.conds(), d.file(), d.line());
                virtualHosts.add(v);
                walk(d.children(), new Ctx(v, ctx.conds(), List.of(), null, false, null));
            }
            case "proxy", "proxymatch" -> {
                if (d.args().isEmpty()) {
                    error(d, "<" + d.name() + "> needs a URL");
                    return;
                }
                String url = d.arg(0);
                Worker w = new Worker(url, url.equals("*") ? Optional.empty() : target(d, url, false), ctx.conds(),
                        d.file(), d.line());
                params(d, d.args().subList(1, d.args().size()), w);
                ctx.host().workers.add(w);
                walk(d.children(), ctx.in(sectionText(d), ctx.location(), ctx.regex(), w));
            }
            case "location", "locationmatch" -> walk(d.children(), ctx.in(sectionText(d), d.arg(0),
                    name.equals("locationmatch") || "~".equals(d.arg(0)), ctx.worker()));
            default -> walk(d.children(), ctx.in(sectionText(d), ctx.location(), ctx.regex(), ctx.worker()));
        }
    }

    private static String sectionText(Directive d) {
        StringBuilder sb = new StringBuilder("<").append(d.name());
        for (String a : d.args()) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:*~!-]+") ? a : "\"" + a.replace("\"", "\\\"") + "\"");
        }
        return sb.append('>').toString();
    }

    private void directive(Directive d, Ctx ctx) {
        Host h = ctx.host();
        switch (d.name().toLowerCase(Locale.ROOT)) {
            case "user" -> {
                if (takes(d, 1, "User takes one argument, Effective user id for this server")) {
                    user = Setting.of(d.arg(0), d);
                }
            }
            case "group" -> {
                if (takes(d, 1, "Group takes one argument, Effective group id for this server")) {
                    group = Setting.of(d.arg(0), d);
                }
            }
            case "timeout" -> {
                if (takes(d, 1, "Timeout takes one argument, Timeout duration (sec)")) {
                    h.timeout = Setting.of(Duration.ofSeconds(atoi(d, d.arg(0))), d);
                }
            }
            case "proxytimeout" -> {
                if (takes(d, 1, "ProxyTimeout takes one argument, Set the timeout for proxied requests")) {
                    long s = atoi(d, d.arg(0));
                    if (s < 1) {
                        error(d, "Proxy Timeout must be at least 1 second.");
                    } else {
                        h.proxyTimeout = Setting.of(Duration.ofSeconds(s), d);
                    }
                }
            }
            case "errorlog" -> {
                if (takes(d, 1, "ErrorLog takes one argument, The filename of the error log")) {
                    h.errorLog = errorLog(d.arg(0), d.file(), d.line());
                }
            }
            case "logformat" -> {
                if (d.args().isEmpty() || d.args().size() > 2) {
                    error(d, "LogFormat takes one or two arguments, a log format string (see docs) and an optional "
                            + "format name");
                } else {
                    String nick = d.args().size() == 2 ? d.arg(1) : "";
                    formats.put(nick, new LogFormat(nick, d.arg(0), d.file(), d.line()));
                }
            }
            case "customlog" -> {
                if (d.args().size() < 2 || d.args().size() > 3) {
                    error(d, "CustomLog takes two or three arguments, a file name, a custom log format string or "
                            + "format name, and an optional \"env=\" or \"expr=\" clause (see docs)");
                } else {
                    LogFormat f = formats.get(d.arg(1));
                    h.customLogs.add(new CustomLog(d.arg(0), logPath(d.arg(0)), f != null ? d.arg(1) : "",
                            f != null ? f.format() : d.arg(1), d.args().size() == 3 ? d.arg(2) : "", ctx.conds(),
                            d.file(), d.line()));
                }
            }
            case "transferlog" -> {
                if (takes(d, 1, "TransferLog takes one argument, the filename of the access log")) {
                    LogFormat f = formats.get("");
                    h.customLogs.add(new CustomLog(d.arg(0), logPath(d.arg(0)), "",
                            f != null ? f.format() : DEFAULT_LOG_FORMAT, "", ctx.conds(), d.file(), d.line()));
                }
            }
            case "listen" -> listen(d, ctx);
            case "servername" -> {
                if (takes(d, 1, "ServerName takes one argument, The hostname and port of the server")) {
                    h.serverName = Setting.of(d.arg(0), d);
                }
            }
            case "serveralias" -> h.aliases.addAll(d.args());
            case "documentroot" -> {
                if (takes(d, 1, "DocumentRoot takes one argument, Root directory of the document tree")) {
                    h.documentRoot = Setting.of(ConfigFiles.join(serverRoot, d.arg(0)), d);
                }
            }
            case "loadmodule" -> {
                if (!d.args().isEmpty()) {
                    modules.add(d.arg(0));
                }
            }
            case "proxypass", "proxypassmatch" -> proxyPass(d, ctx);
            case "sethandler" -> {
                if (!d.args().isEmpty() && d.arg(0).regionMatches(true, 0, "proxy:", 0, 6)) {
                    handler(d, ProxyRoute.Kind.SET_HANDLER, d.arg(0).substring(6), "", ctx);
                }
            }
            case "addhandler" -> {
                if (d.args().size() >= 2 && d.arg(0).regionMatches(true, 0, "proxy:", 0, 6)) {
                    handler(d, ProxyRoute.Kind.ADD_HANDLER, d.arg(0).substring(6),
                            String.join(" ", d.args().subList(1, d.args().size())), ctx);
                }
            }
            case "proxyset" -> {
                Worker w = ctx.worker();
                List<String> params = d.args();
                if (w == null) {
                    if (d.args().isEmpty()) {
                        return;
                    }
                    w = worker(d, d.arg(0), ctx);
                    params = d.args().subList(1, d.args().size());
                }
                params(d, params, w);
            }
            case "balancermember" -> {
                Worker w = ctx.worker();
                List<String> rest = d.args();
                if (w == null && rest.size() >= 2) {
                    w = worker(d, rest.get(0), ctx);
                    rest = rest.subList(1, rest.size());
                }
                if (w != null && !rest.isEmpty()) {
                    target(d, rest.get(0), true).ifPresent(w.members::add);
                }
            }
            default -> {
            }
        }
    }

    /** The worker {@code url} of the server (a {@code ProxySet} or {@code BalancerMember} outside {@code <Proxy>}). */
    private Worker worker(Directive d, String url, Ctx ctx) {
        for (Worker w : ctx.host().workers) {
            if (w.url.equals(url)) {
                return w;
            }
        }
        Worker w = new Worker(url, target(d, url, false), ctx.conds(), d.file(), d.line());
        ctx.host().workers.add(w);
        return w;
    }

    private boolean takes(Directive d, int n, String message) {
        if (d.args().size() != n) {
            error(d, message);
            return false;
        }
        return true;
    }

    private void error(Directive d, String message) {
        problems.add(ConfigProblem.error(d.file(), d.line(), message));
    }

    /** C's {@code atoi}, as httpd reads {@code Timeout} and {@code timeout=}; trailing text is noted. */
    private long atoi(Directive d, String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long v = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        if (i < n || i == digits) {
            problems.add(ConfigProblem.warning(d.file(), d.line(), d.name() + " \"" + s + "\" is read as " + (negative ? -v : v)
                    + " seconds: httpd takes the leading number and ignores the rest"));
        }
        return negative ? -v : v;
    }

    /** {@code ap_timeout_parameter_parse} with default unit seconds: {@code 5}, {@code 500ms}, {@code 2mi}, {@code 1h}. */
    private static Optional<Duration> timeoutParameter(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long v = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            if (v > Long.MAX_VALUE / 10 / 3_600_000L) {
                return Optional.empty();
            }
            v = v * 10 + (s.charAt(i++) - '0');
        }
        if (negative || i == digits) {
            return Optional.empty();
        }
        String unit = i < n ? s.substring(i) : "s";
        if (unit.startsWith("s")) {
            return Optional.of(Duration.ofSeconds(v));
        }
        if (unit.startsWith("h")) {
            return Optional.of(Duration.ofHours(v));
        }
        if (unit.startsWith("ms")) {
            return Optional.of(Duration.ofMillis(v));
        }
        if (unit.startsWith("mi")) {
            return Optional.of(Duration.ofMinutes(v));
        }
        return Optional.empty();
    }

    // ---- logs and listens

    private String logPath(String destination) {
        if (destination.startsWith("|") || destination.equals("syslog") || destination.startsWith("syslog:")) {
            return "";
        }
        return ConfigFiles.join(serverRoot, destination);
    }

    private ErrorLog errorLog(String destination, String file, int line) {
        return new ErrorLog(destination, logPath(destination), file, line);
    }

    private void listen(Directive d, Ctx ctx) {
        if (d.args().isEmpty() || d.args().size() > 2) {
            error(d, "Listen requires 1 or 2 arguments.");
            return;
        }
        String a = d.arg(0);
        try {
            Endpoint.HostPort hp = a.chars().allMatch(c -> c >= '0' && c <= '9')
                    ? Endpoint.parseHostPort("*:" + a, 0) : Endpoint.parseHostPort(a, 0);
            if (hp.defaultPort()) {
                error(d, "Port must be specified");
                return;
            }
            listens.add(new Listen(hp, d.args().size() == 2 ? d.arg(1) : "", ctx.conds(), d.file(), d.line()));
        } catch (IllegalArgumentException e) {
            error(d, "Invalid address or port: " + a);
        }
    }

    // ---- routes

    /** An Apache proxy URL: {@code scheme://host[:port]/path}, {@code unix:/path|scheme://host/path}, {@code balancer://name}. */
    static UpstreamTarget parseUrl(String url) {
        String rest = url;
        Endpoint socket = null;
        if (url.regionMatches(true, 0, "unix:", 0, 5)) {
            int bar = url.indexOf('|');
            if (bar < 0 || bar == 5) {
                throw new IllegalArgumentException("uses an invalid \"unix:\" URL");
            }
            socket = new Endpoint.UnixSocket(url.substring(5, bar));
            rest = url.substring(bar + 1);
        }
        int sep = rest.indexOf("://");
        String scheme;
        String authority;
        String uri = "";
        if (sep < 0) {
            if (socket != null && rest.endsWith(":") && rest.indexOf(':') == rest.length() - 1) {
                scheme = rest.substring(0, rest.length() - 1);
                authority = "localhost";
            } else {
                throw new IllegalArgumentException("uses an invalid URL");
            }
        } else {
            scheme = rest.substring(0, sep);
            String after = rest.substring(sep + 3);
            int slash = after.indexOf('/');
            authority = slash < 0 ? after : after.substring(0, slash);
            uri = slash < 0 ? "" : after.substring(slash);
        }
        if (scheme.equalsIgnoreCase("balancer")) {
            return new UpstreamTarget(Protocol.OTHER, new Endpoint.Named(authority), uri, url);
        }
        Protocol protocol = Protocol.ofScheme(scheme);
        Endpoint endpoint;
        if (socket != null) {
            endpoint = socket;
        } else if (authority.indexOf('$') >= 0) {
            endpoint = new Endpoint.Dynamic(authority);
        } else {
            endpoint = Endpoint.parseHostPort(authority, protocol.apacheDefaultPort());
        }
        return new UpstreamTarget(protocol, endpoint, uri, url);
    }

    /** The key a worker is found by: the URL with scheme and host lower-cased. */
    static String workerKey(String url) {
        String u = url;
        if (u.regionMatches(true, 0, "proxy:", 0, 6)) {
            u = u.substring(6);
        }
        String prefix = "";
        if (u.regionMatches(true, 0, "unix:", 0, 5) && u.indexOf('|') > 0) {
            int bar = u.indexOf('|');
            prefix = "unix:" + u.substring(5, bar) + "|";
            u = u.substring(bar + 1);
        }
        int sep = u.indexOf("://");
        if (sep < 0) {
            return prefix + u.toLowerCase(Locale.ROOT);
        }
        int slash = u.indexOf('/', sep + 3);
        return prefix + (slash < 0 ? u.toLowerCase(Locale.ROOT)
                : u.substring(0, slash).toLowerCase(Locale.ROOT) + u.substring(slash));
    }

    private Optional<UpstreamTarget> target(Directive d, String url, boolean member) {
        try {
            return Optional.of(parseUrl(url));
        } catch (IllegalArgumentException e) {
            error(d, (member ? "BalancerMember " : d.name() + " ") + e.getMessage() + ": " + url);
            return Optional.empty();
        }
    }

    /** {@code key=value} parameters into a worker ({@code <Proxy ... key=value>}, {@code ProxySet}). */
    private void params(Directive d, List<String> words, Worker w) {
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                error(d, "Invalid ProxySet parameter. Parameter must be in the form 'key=value'");
                continue;
            }
            String key = word.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = word.substring(eq + 1);
            w.params.put(key, value);
            if (key.equals("timeout")) {
                w.timeout = timeout(d, value);
            } else if (key.equals("connectiontimeout")) {
                w.connectionTimeout = connectionTimeout(d, value);
            }
        }
    }

    private Optional<Setting<Duration>> timeout(Directive d, String value) {
        long s = atoi(d, value);
        if (s < 1) {
            error(d, d.name() + " Timeout must be at least one second");
            return Optional.empty();
        }
        return Optional.of(Setting.of(Duration.ofSeconds(s), d));
    }

    private Optional<Setting<Duration>> connectionTimeout(Directive d, String value) {
        Optional<Duration> t = timeoutParameter(value);
        if (t.isEmpty()) {
            error(d, d.name() + " Connectiontimeout has wrong format");
            return Optional.empty();
        }
        if (t.get().toMillis() < 1) {
            error(d, d.name() + " Connectiontimeout must be at least one millisecond.");
            return Optional.empty();
        }
        return Optional.of(Setting.of(t.get(), d));
    }

    private void proxyPass(Directive d, Ctx ctx) {
        for (String s : ctx.sections()) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.startsWith("<directory") || lower.startsWith("<files") || lower.startsWith("<if")) {
                error(d, d.name() + " cannot occur within " + s.split("[ >]", 2)[0] + "> section");
                return;
            }
        }
        boolean regex = d.isIgnoreCase("ProxyPassMatch");
        String path = ctx.location();
        String url = null;
        Map<String, String> params = new LinkedHashMap<>();
        List<String> args = d.args();
        for (String word : args) {
            if (path == null) {
                if (word.equals("~")) {
                    regex = true;
                    continue;
                }
                path = word;
            } else if (url == null) {
                url = word;
            } else if (List.of("nocanon", "interpolate", "noquery").contains(word.toLowerCase(Locale.ROOT))) {
                params.put(word.toLowerCase(Locale.ROOT), "");
            } else {
                int eq = word.indexOf('=');
                if (eq <= 0) {
                    error(d, "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'.");
                    return;
                }
                params.put(word.substring(0, eq).toLowerCase(Locale.ROOT), word.substring(eq + 1));
            }
        }
        if (url == null) {
            error(d, "ProxyPass|ProxyPassMatch needs a path when not defined in a location");
            return;
        }
        if (ctx.location() != null && ctx.regex()) {
            regex = true;
        }
        Optional<UpstreamTarget> target = Optional.empty();
        if (!url.equals("!")) {
            try {
                target = Optional.of(parseUrl(url));
            } catch (IllegalArgumentException e) {
                error(d, "ProxyPass|ProxyPassMatch " + e.getMessage() + ": " + url);
                return;
            }
        }
        Optional<Setting<Duration>> timeout = Optional.empty();
        Optional<Setting<Duration>> connectionTimeout = Optional.empty();
        Setting<Duration> retry = Setting.defaulted(ApacheView.DEFAULT_RETRY);
        for (Map.Entry<String, String> p : params.entrySet()) {
            switch (p.getKey()) {
                case "timeout" -> {
                    long s = atoi(d, p.getValue());
                    if (s < 1) {
                        error(d, "ProxyPass Timeout must be at least one second");
                        return;
                    }
                    timeout = Optional.of(Setting.of(Duration.ofSeconds(s), d));
                }
                case "connectiontimeout" -> {
                    Optional<Duration> t = timeoutParameter(p.getValue());
                    if (t.isEmpty()) {
                        error(d, "ProxyPass Connectiontimeout has wrong format");
                        return;
                    }
                    connectionTimeout = Optional.of(Setting.of(t.get(), d));
                }
                case "retry" -> {
                    long s = atoi(d, p.getValue());
                    if (s < 0) {
                        error(d, "ProxyPass Retry must be a positive value");
                        return;
                    }
                    retry = Setting.of(Duration.ofSeconds(s), d);
                }
                default -> {
                }
            }
        }
        ctx.host().routes.add(new ProxyRoute(regex ? ProxyRoute.Kind.PROXY_PASS_MATCH : ProxyRoute.Kind.PROXY_PASS, path,
                ctx.sections(), target, params, timeout, connectionTimeout, retry, ctx.conds(), d.file(), d.line()));
    }

    private void handler(Directive d, ProxyRoute.Kind kind, String url, String path, Ctx ctx) {
        Optional<UpstreamTarget> target = target(d, url, false);
        if (target.isEmpty()) {
            return;
        }
        ctx.host().routes.add(new ProxyRoute(kind, path, ctx.sections(), target, Map.of(), Optional.empty(),
                Optional.empty(), Setting.defaulted(ApacheView.DEFAULT_RETRY), ctx.conds(), d.file(), d.line()));
    }
}
