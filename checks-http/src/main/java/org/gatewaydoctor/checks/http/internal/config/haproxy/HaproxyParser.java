package org.gatewaydoctor.checks.http.internal.config.haproxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.http.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.http.internal.config.Endpoint;
import org.gatewaydoctor.checks.http.internal.config.Setting;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyConfig.Global;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyConfig.Kind;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyConfig.Proxy;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyConfig.Server;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyConfig.UseBackend;

/**
 * Reads a HAProxy configuration file as HAProxy 2.x does ({@code src/cfgparse.c}: one keyword and its
 * arguments per line, {@code #} comments, backslash escapes, single and double quotes) into a
 * {@link HaproxyConfig}. Bounded: a file over {@link #MAX_BYTES} is not read. Never throws on content.
 *
 * <pre>{@code
 * HaproxyConfig c = HaproxyParser.parse(Path.of("/etc/haproxy/haproxy.cfg"));
 * c.backend("app").ifPresent(b -> b.servers().forEach(s -> System.out.println(s.address())));
 * }</pre>
 */
public final class HaproxyParser {

    /** The largest file read. */
    public static final long MAX_BYTES = 4L << 20;

    private static final Set<String> SECTIONS = Set.of("global", "defaults", "frontend", "backend", "listen",
            "userlist", "peers", "resolvers", "mailers", "program", "http-errors", "ring", "cache", "fcgi-app");
    /** {@code server}/{@code default-server} keywords that take no argument; every other one takes one. */
    private static final Set<String> FLAGS = Set.of("check", "ssl", "backup", "disabled", "enabled", "send-proxy",
            "send-proxy-v2", "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn", "no-ssl", "no-check", "non-stick", "check-ssl",
            "check-send-proxy", "no-tls-tickets", "tls-tickets", "force-sslv3", "force-tlsv10", "force-tlsv11",
            "force-tlsv12", "force-tlsv13", "no-sslv3", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13",
            "allow-0rtt", "agent-check", "no-agent-check", "tfo", "ssl-reuse", "no-ssl-reuse", "no-send-proxy",
            "no-send-proxy-v2", "no-backup", "no-check-ssl", "no-send-proxy-v2-ssl", "no-send-proxy-v2-ssl-cn",
            "no-tfo", "no-verifyhost", "stick", "check-via-socks4", "ws");

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<Proxy> proxies = new ArrayList<>();
    private final Map<String, Defaults> namedDefaults = new HashMap<>();
    private Defaults lastDefaults = new Defaults();
    private Setting<Long> bufsize = Setting.defaulted(HaproxyConfig.DEFAULT_BUFSIZE);
    private Setting<Long> maxrewrite = Setting.defaulted(HaproxyConfig.DEFAULT_MAXREWRITE);
    private String user = "";
    private String group = "";
    private String serverVerify = "required";
    private final List<String> logs = new ArrayList<>();
    private final Map<String, HaproxyConfig.Resolvers> resolvers = new LinkedHashMap<>();

    private HaproxyParser(String file) {
        this.file = file;
    }

    /** Parses the file at {@code path}; an unreadable file is a problem, not an exception. */
    public static HaproxyConfig parse(Path path) {
        String name = path.toString();
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // a device, FIFO or socket: /dev/null reads as empty, a FIFO would block; never opened
            return empty(name, ConfigProblem.Severity.UNREAD, "not read: not a regular file (a device, FIFO or socket)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] data = in.readNBytes((int) MAX_BYTES + 1);
            if (data.length > MAX_BYTES) {
                return empty(name, ConfigProblem.Severity.UNREAD, "not read: file is larger than " + MAX_BYTES
                        + " bytes");
            }
            return parse(name, new String(data, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return empty(name, "Could not open configuration file " + name + " : No such file or directory");
        } catch (IOException e) {
            return empty(name, "Could not open configuration file " + name + " : " + e.getMessage());
        }
    }

    /** Parses {@code text} as the content of {@code file}. */
    public static HaproxyConfig parse(String file, String text) {
        HaproxyParser p = new HaproxyParser(file);
        p.run(text);
        return p.build();
    }

    private static HaproxyConfig empty(String file, String message) {
        return empty(file, ConfigProblem.Severity.ERROR, message);
    }

    private static HaproxyConfig empty(String file, ConfigProblem.Severity severity, String message) {
        Global g = new Global(Setting.defaulted(HaproxyConfig.DEFAULT_BUFSIZE),
                Setting.defaulted(HaproxyConfig.DEFAULT_MAXREWRITE), "", "", "required", List.of());
        return new HaproxyConfig(file, g, List.of(), List.of(new ConfigProblem(file, 0, severity, message)));
    }

    /** What a {@code defaults} section sets for the proxies after it. */
    private static final class Defaults {
        Setting<String> mode = Setting.defaulted("tcp");
        final Map<String, Setting<Duration>> timeouts = new LinkedHashMap<>();
        final List<String> defaultServer = new ArrayList<>();
        Setting<String> defaultBackend;

        Defaults copy() {
            Defaults d = new Defaults();
            d.mode = mode;
            d.timeouts.putAll(timeouts);
            d.defaultServer.addAll(defaultServer);
            d.defaultBackend = defaultBackend;
            return d;
        }
    }

    /** The section being read. */
    private final class Section {
        final String keyword;
        final String name;
        final int line;
        final Defaults settings;
        final List<UseBackend> useBackends = new ArrayList<>();
        final List<String[]> servers = new ArrayList<>();
        final List<Integer> serverLines = new ArrayList<>();
        final List<String> binds = new ArrayList<>();

        Section(String keyword, String name, int line, Defaults inherited) {
            this.keyword = keyword;
            this.name = name;
            this.line = line;
            this.settings = inherited.copy();
        }

        void end() {
            Kind kind = switch (keyword) {
                case "frontend" -> Kind.FRONTEND;
                case "backend" -> Kind.BACKEND;
                case "listen" -> Kind.LISTEN;
                default -> null;
            };
            if (keyword.equals("defaults")) {
                lastDefaults = settings;
                if (!name.isEmpty()) {
                    namedDefaults.put(name, settings);
                }
                return;
            }
            if (kind == null) {
                return;
            }
            List<Server> out = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                server(servers.get(i), serverLines.get(i), settings.defaultServer).ifPresent(out::add);
            }
            proxies.add(new Proxy(kind, name, settings.mode, settings.timeouts,
                    kind == Kind.BACKEND ? Optional.empty() : Optional.ofNullable(settings.defaultBackend),
                    useBackends, kind == Kind.FRONTEND ? List.of() : out, binds, file, line));
        }
    }

    private void run(String text) {
        String[] lines = text.split("\n", -1);
        Section section = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            int nul = lines[i].indexOf('\0');
            if (nul >= 0) {
                // haproxy -c: "parsing [FILE:LINE]: Stray NUL character at position N." and refuses the file
                error(lineNo, "Stray NUL character at position " + (nul + 1) + ".");
                continue;
            }
            List<String> words = tokenize(lines[i], lineNo);
            if (words.isEmpty()) {
                continue;
            }
            String kw = words.get(0);
            if (SECTIONS.contains(kw)) {
                if (section != null) {
                    section.end();
                }
                section = open(kw, words, lineNo);
                continue;
            }
            if (section == null) {
                error(lineNo, "unknown keyword '" + kw + "' out of section.");
                continue;
            }
            switch (section.keyword) {
                case "global" -> global(words, lineNo);
                case "defaults", "frontend", "backend", "listen" -> proxyLine(section, words, lineNo);
                case "resolvers" -> resolversLine(section, words, lineNo);
                default -> { }
            }
        }
        if (section != null) {
            section.end();
        }
    }

    private Section open(String kw, List<String> words, int line) {
        String name = words.size() > 1 && !words.get(1).equals("from") ? words.get(1) : "";
        if (name.isEmpty() && List.of("frontend", "backend", "listen").contains(kw)) {
            error(line, "'" + kw + "' expects <name> as an argument.");
        }
        Defaults inherited = kw.equals("defaults") ? new Defaults() : lastDefaults;
        int from = words.indexOf("from");
        if (from > 0) {
            String ref = from + 1 < words.size() ? words.get(from + 1) : "";
            Defaults named = namedDefaults.get(ref);
            if (named == null) {
                error(line, "defaults section '" + ref + "' not found for " + kw + " '" + name + "'.");
            } else {
                inherited = named;
            }
        }
        if (kw.equals("listen") && words.size() > 2 && from != 2) {
            // "listen name addr:port": an address on the section line, as a bind
            Section s = new Section(kw, name, line, inherited);
            s.binds.add(words.get(2));
            return s;
        }
        return new Section(kw, name, line, inherited);
    }

    /** {@code nameserver ID ADDRESS} and {@code parse-resolv-conf} of a {@code resolvers} section. */
    private void resolversLine(Section s, List<String> w, int line) {
        HaproxyConfig.Resolvers r = resolvers.computeIfAbsent(s.name,
                n -> new HaproxyConfig.Resolvers(n, List.of(), false, file, s.line));
        if (w.get(0).equals("nameserver") && w.size() > 2) {
            String raw = w.get(2).startsWith("udp@") || w.get(2).startsWith("tcp@") ? w.get(2).substring(4) : w.get(2);
            Optional<Endpoint> at = address(raw, w.get(1), line);
            if (at.orElse(null) instanceof Endpoint.HostPort hp && hp.port() == 0) {
                // haproxy 2.6: "parsing [h.cfg:4] : 'nameserver dns4' : missing port specification in '127.0.0.3'"
                error(line, "'nameserver " + w.get(1) + "' : missing port specification in '" + w.get(2) + "'");
                return;
            }
            at.ifPresent(e -> {
                List<Endpoint> all = new ArrayList<>(resolvers.get(s.name).nameservers());
                all.add(e);
                resolvers.put(s.name, new HaproxyConfig.Resolvers(s.name, all, resolvers.get(s.name).parseResolvConf(),
                        file, s.line));
            });
        } else if (w.get(0).equals("parse-resolv-conf")) {
            resolvers.put(s.name, new HaproxyConfig.Resolvers(s.name, r.nameservers(), true, file, s.line));
        }
    }

    private void global(List<String> w, int line) {
        switch (w.get(0)) {
            case "tune.bufsize" -> size(w, line).ifPresent(v -> bufsize = new Setting<>(v, file, line));
            case "tune.maxrewrite" -> size(w, line).ifPresent(v -> maxrewrite = new Setting<>(v, file, line));
            case "user" -> user = w.size() > 1 ? w.get(1) : user;
            case "group" -> group = w.size() > 1 ? w.get(1) : group;
            case "ssl-server-verify" -> {
                if (w.size() > 1 && (w.get(1).equals("none") || w.get(1).equals("required"))) {
                    serverVerify = w.get(1);
                } else {
                    error(line, "'ssl-server-verify' expects 'none' or 'required' as argument.");
                }
            }
            case "log" -> {
                if (w.size() > 1) {
                    logs.add(w.get(1));
                }
            }
            default -> { }
        }
    }

    private Optional<Long> size(List<String> w, int line) {
        if (w.size() < 2 || !w.get(1).matches("[0-9]{1,12}")) {
            error(line, "'" + w.get(0) + "' expects an integer argument.");
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(w.get(1)));
    }

    private void proxyLine(Section s, List<String> w, int line) {
        String kw = w.get(0);
        boolean defaults = s.keyword.equals("defaults");
        switch (kw) {
            case "mode" -> {
                String m = w.size() > 1 ? w.get(1) : "";
                if (m.equals("http") || m.equals("tcp") || m.equals("log")) {
                    s.settings.mode = new Setting<>(m, file, line);
                } else {
                    error(line, "unknown proxy mode '" + m + "'.");
                }
            }
            case "timeout" -> {
                if (w.size() < 3) {
                    error(line, "'timeout " + (w.size() > 1 ? w.get(1) : "") + "' expects an integer value (in milliseconds)");
                    return;
                }
                String name = w.get(1);
                parseTime(w.get(2), "timeout " + name, line)
                        .ifPresent(d -> s.settings.timeouts.put(name, new Setting<>(d, file, line)));
            }
            case "default_backend" -> {
                if (s.keyword.equals("backend")) {
                    warning(line, "'default_backend' ignored for backend '" + s.name + "' as it requires frontend capability.");
                } else if (w.size() < 2) {
                    error(line, "'default_backend' expects a backend name.");
                } else {
                    s.settings.defaultBackend = new Setting<>(w.get(1), file, line);
                }
            }
            case "use_backend" -> {
                if (defaults || s.keyword.equals("backend")) {
                    error(line, "'use_backend' not allowed in '" + s.keyword + "' section.");
                } else if (w.size() < 2) {
                    error(line, "'use_backend' requires a backend name.");
                } else {
                    s.useBackends.add(new UseBackend(w.get(1),
                            String.join(" ", w.subList(2, w.size())), file, line));
                }
            }
            case "bind" -> {
                if (w.size() > 1) {
                    s.binds.add(w.get(1));
                }
            }
            case "default-server" -> s.settings.defaultServer.addAll(w.subList(1, w.size()));
            case "server" -> {
                if (defaults || s.keyword.equals("frontend")) {
                    error(line, "'server' not allowed in '" + s.keyword + "' section.");
                } else if (w.size() < 3) {
                    error(line, "'server' expects <name> and <addr>[:<port>] as arguments.");
                } else {
                    s.servers.add(w.toArray(String[]::new));
                    s.serverLines.add(line);
                }
            }
            default -> { }
        }
    }

    private Optional<Server> server(String[] w, int line, List<String> defaultServer) {
        String name = w[1];
        String raw = w[2];
        List<String> params = new ArrayList<>(defaultServer);
        params.addAll(List.of(w).subList(3, w.length));
        boolean ssl = false;
        boolean check = false;
        boolean backup = false;
        boolean disabled = false;
        String verify = "";
        String ca = "";
        String sni = "";
        String verifyHost = "";
        String proto = "";
        String resolvers = "";
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            if (FLAGS.contains(p)) {
                switch (p) {
                    case "ssl" -> ssl = true;
                    case "no-ssl" -> ssl = false;
                    case "check" -> check = true;
                    case "no-check" -> check = false;
                    case "backup" -> backup = true;
                    case "no-backup" -> backup = false;
                    case "disabled" -> disabled = true;
                    case "enabled" -> disabled = false;
                    default -> { }
                }
                continue;
            }
            String arg = i + 1 < params.size() ? params.get(++i) : null;
            if (arg == null) {
                error(line, "'server " + name + "' : '" + p + "' expects an argument.");
                break;
            }
            switch (p) {
                case "verify" -> verify = arg;
                case "ca-file" -> ca = arg;
                case "sni" -> sni = arg;
                case "verifyhost" -> verifyHost = arg;
                case "proto" -> proto = arg;
                case "resolvers" -> resolvers = arg;
                default -> { }
            }
        }
        if (verify.isEmpty()) {
            verify = serverVerify;
        } else if (!verify.equals("none") && !verify.equals("required")) {
            error(line, "'server " + name + "' : 'verify' : unknown verify method '" + verify
                    + "', only 'none' and 'required' are supported");
            verify = serverVerify;
        }
        if (ssl && verify.equals("required") && ca.isEmpty()) {
            error(line, "'server " + name + "' : verify is enabled by default but no CA file specified.");
        }
        if (verifyHost.isEmpty() && sni.startsWith("str(") && sni.endsWith(")")) {
            verifyHost = sni.substring(4, sni.length() - 1);
        }
        Optional<Endpoint> address = address(raw, name, line);
        return Optional.of(new Server(name, address, raw, ssl, verify, ca, verifyHost, check, proto, resolvers, backup,
                disabled, file, line));
    }

    /** {@code host:port}, {@code [v6]:port}, {@code ipv4@}/{@code ipv6@}/{@code unix@} prefixes, {@code /path}. */
    private Optional<Endpoint> address(String raw, String server, int line) {
        String a = raw;
        if (a.startsWith("unix@")) {
            return Optional.of(new Endpoint.UnixSocket(a.substring(5)));
        }
        if (a.startsWith("/")) {
            return Optional.of(new Endpoint.UnixSocket(a));
        }
        if (a.startsWith("ipv4@") || a.startsWith("ipv6@") || a.startsWith("tcp@") || a.startsWith("tcp4@")
                || a.startsWith("tcp6@")) {
            a = a.substring(a.indexOf('@') + 1);
        } else if (a.indexOf('@') >= 0 || a.startsWith("$") || a.contains("${")) {
            return Optional.empty();
        }
        String host;
        String port = "";
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                error(line, "'server " + server + "' : invalid address: '" + raw + "'");
                return Optional.empty();
            }
            host = a.substring(1, close);
            port = close + 1 < a.length() && a.charAt(close + 1) == ':' ? a.substring(close + 2) : "";
        } else {
            int colon = a.lastIndexOf(':');
            int first = a.indexOf(':');
            if (colon >= 0 && first == colon) {
                host = a.substring(0, colon);
                port = a.substring(colon + 1);
            } else if (colon >= 0) {
                // a bare IPv6 address: HAProxy takes the part after the last colon as the port
                host = a.substring(0, colon);
                port = a.substring(colon + 1);
            } else {
                host = a;
            }
        }
        if (host.isEmpty() || host.equals("*") || host.equals("0.0.0.0")) {
            host = host.isEmpty() ? "*" : host;
        }
        if (port.isEmpty()) {
            return Optional.of(new Endpoint.HostPort(host, 0, true));
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            if (!port.matches("[+-]?[0-9]{1,5}(-[0-9]{1,5})?")) {
                error(line, "'server " + server + "' : invalid address: '" + raw + "'");
            }
            return Optional.empty();
        }
        return Optional.of(new Endpoint.HostPort(host, Integer.parseInt(port), false));
    }

    /**
     * HAProxy's {@code parse_time_err}: digits, then an optional unit ({@code us}, {@code ms}, {@code s},
     * {@code m}, {@code h}, {@code d}; milliseconds by default).
     */
    Optional<Duration> parseTime(String text, String what, int line) {
        return parseTime(text).map(r -> {
            if (!r.rest().isEmpty()) {
                warning(line, "unexpected character '" + r.rest().charAt(0) + "' after the timer value '" + text
                        + "', only (us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) are supported."
                        + " This will be reported as an error in next versions.");
            }
            return r.value();
        }).or(() -> {
            int i = 0;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            // all digits, too many of them: HAProxy's PARSE_TIME_OVER
            error(line, i == 0 ? "'" + what + "' expects an integer value (in milliseconds)"
                    : i == text.length() ? "timer overflow in argument '" + text + "' to '" + what
                            + "' (maximum value is 2147483647 ms or ~24.8 days)"
                    : "unexpected character '" + text.charAt(i) + "' in '" + what + "'");
            return Optional.empty();
        });
    }

    /** A parsed timer and what followed its unit. */
    record Timer(Duration value, String rest) {
    }

    static Optional<Timer> parseTime(String text) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            return Optional.empty();
        }
        long n = Long.parseLong(text.substring(0, i));
        String rest = text.substring(i).toLowerCase(Locale.ROOT);
        String[][] units = {{"us", "us"}, {"ms", "ms"}, {"s", "s"}, {"m", "m"}, {"h", "h"}, {"d", "d"}};
        if (rest.isEmpty()) {
            return Optional.of(new Timer(Duration.ofMillis(n), ""));
        }
        for (String[] u : units) {
            if (rest.startsWith(u[0])) {
                Duration d = switch (u[1]) {
                    case "us" -> Duration.ofNanos(n * 1000);
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return Optional.of(new Timer(d, rest.substring(u[0].length())));
            }
        }
        return Optional.empty();
    }

    /** One line into words: {@code #} comments, backslash escapes, single and double quotes. */
    private List<String> tokenize(String line, int lineNo) {
        Split split = split(line);
        if (split.unmatchedQuote() != 0) {
            error(lineNo, "unmatched quote at position " + line.indexOf(split.unmatchedQuote()) + ":");
            return List.of();
        }
        return split.words();
    }

    /**
     * A configuration line split into words as HAProxy splits it.
     *
     * @param words the words, without comments, quotes and escapes
     * @param unmatchedQuote the quote left open at the end of the line (HAProxy refuses the line), else 0
     */
    public record Split(List<String> words, char unmatchedQuote) {
        public Split {
            words = List.copyOf(words);
        }
    }

    /** Splits one configuration line: {@code #} comments, backslash escapes, single and double quotes. */
    public static Split split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '#') {
                break;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else {
                word.append(c);
            }
        }
        if (word != null && quote == 0) {
            out.add(word.toString());
        }
        return new Split(out, quote);
    }

    private HaproxyConfig build() {
        for (Proxy p : proxies) {
            if (!p.isFrontend()) {
                continue;
            }
            p.defaultBackend().ifPresent(b -> {
                if (!b.value().contains("%[") && find(b.value()).isEmpty()) {
                    problems.add(new ConfigProblem(file, 0, ConfigProblem.Severity.ERROR, "Proxy '" + p.name()
                            + "': unable to find required default_backend: '" + b.value() + "'."));
                }
            });
            for (UseBackend u : p.useBackends()) {
                if (!u.backend().contains("%[") && find(u.backend()).isEmpty()) {
                    problems.add(new ConfigProblem(file, 0, ConfigProblem.Severity.ERROR, "Proxy '" + p.name()
                            + "': unable to find required use_backend: '" + u.backend() + "'."));
                }
            }
        }
        for (Proxy p : proxies) {
            if (!p.mode().value().equals("log")) {
                List<String> missing = new ArrayList<>();
                if (p.isFrontend() && p.timeout("client").isEmpty()) {
                    missing.add("client");
                }
                if (p.hasServers() && p.timeout("connect").isEmpty()) {
                    missing.add("connect");
                }
                if (p.hasServers() && p.timeout("server").isEmpty()) {
                    missing.add("server");
                }
                if (!missing.isEmpty()) {
                    problems.add(new ConfigProblem(file, 0, ConfigProblem.Severity.WARNING, "missing timeouts for "
                            + p.kind().name().toLowerCase(Locale.ROOT) + " '" + p.name() + "'."));
                }
            }
        }
        for (Proxy p : proxies) {
            for (Server sv : p.servers()) {
                if (!sv.resolvers().isEmpty() && !resolvers.containsKey(sv.resolvers())) {
                    // haproxy -c: "config : backend 'be', server 'app2': unable to find required resolvers 'nodns'"
                    problems.add(new ConfigProblem(file, sv.line(), ConfigProblem.Severity.ERROR,
                            p.kind().name().toLowerCase(Locale.ROOT) + " '" + p.name() + "', server '" + sv.name()
                                    + "': unable to find required resolvers '" + sv.resolvers() + "'"));
                }
            }
        }
        return new HaproxyConfig(file, new Global(bufsize, maxrewrite, user, group, serverVerify, logs), proxies,
                problems, resolvers);
    }

    private Optional<Proxy> find(String backend) {
        return proxies.stream().filter(x -> x.hasServers() && x.name().equals(backend)).findFirst();
    }

    private void error(int line, String message) {
        problems.add(new ConfigProblem(file, line, ConfigProblem.Severity.ERROR, message));
    }

    private void warning(int line, String message) {
        problems.add(new ConfigProblem(file, line, ConfigProblem.Severity.WARNING, message));
    }
}
