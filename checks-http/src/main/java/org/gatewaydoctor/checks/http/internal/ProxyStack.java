package org.gatewaydoctor.checks.http.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.http.internal.config.ApacheConfig;
import org.gatewaydoctor.checks.http.internal.config.ApacheParser;
import org.gatewaydoctor.checks.http.internal.config.ApacheView;
import org.gatewaydoctor.checks.http.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.http.internal.config.Directive;
import org.gatewaydoctor.checks.http.internal.config.Endpoint;
import org.gatewaydoctor.checks.http.internal.config.NginxConfig;
import org.gatewaydoctor.checks.http.internal.config.NginxParser;
import org.gatewaydoctor.checks.http.internal.config.NginxView;
import org.gatewaydoctor.checks.http.internal.config.Protocol;
import org.gatewaydoctor.checks.http.internal.config.Setting;
import org.gatewaydoctor.checks.http.internal.config.UpstreamTarget;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyConfig;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyParser;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Listener;
import org.gatewaydoctor.facts.ProxyRoute;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.model.Target;

/**
 * The web servers and load balancers a target's configuration files describe, read once: the
 * {@link WebServer}s published as {@link org.gatewaydoctor.facts.Facts#WEB_SERVERS}, and what the proxy
 * configuration check needs beyond them: per route how TLS to the upstream is verified, every host name
 * the proxies connect to, nginx's header buffers, the parsers' problems and the log files named.
 *
 * @param servers the web servers and load balancers, in the order nginx, Apache, HAProxy
 * @param routes every route with its probe settings
 * @param names every host name an upstream is written with
 * @param buffers nginx's response-header buffer per pass
 * @param problems what the parsers found wrong
 * @param logFiles the log files the configurations name, in the order written
 * @param roots the sites' document roots (nginx {@code root}, Apache {@code DocumentRoot})
 * @param listeners where the servers accept connections (nginx {@code listen}, Apache {@code Listen}, HAProxy
 *     {@code bind}), with the names served there
 */
public record ProxyStack(List<WebServer> servers, List<Route> routes, List<NameUse> names, List<HeaderBuffer> buffers,
                         List<ConfigProblem> problems, Set<Path> logFiles,
                         List<org.gatewaydoctor.facts.DocumentRoot> roots, List<Listener> listeners) {

    /** A stack without listeners. */
    public ProxyStack(List<WebServer> servers, List<Route> routes, List<NameUse> names, List<HeaderBuffer> buffers,
                      List<ConfigProblem> problems, Set<Path> logFiles,
                      List<org.gatewaydoctor.facts.DocumentRoot> roots) {
        this(servers, routes, names, buffers, problems, logFiles, roots, List.of());
    }

    /** mod_ssl's {@code SSLProxyVerifyDepth} when none is set: the trusted CA must sign the backend's certificate. */
    public static final int APACHE_VERIFY_DEPTH = 1;

    /** A stack without document roots. */
    public ProxyStack(List<WebServer> servers, List<Route> routes, List<NameUse> names, List<HeaderBuffer> buffers,
                      List<ConfigProblem> problems, Set<Path> logFiles) {
        this(servers, routes, names, buffers, problems, logFiles, List.of(), List.of());
    }

    public ProxyStack {
        roots = List.copyOf(roots);
        listeners = List.copyOf(listeners);
        servers = List.copyOf(servers);
        routes = List.copyOf(routes);
        names = List.copyOf(names);
        buffers = List.copyOf(buffers);
        problems = List.copyOf(problems);
        logFiles = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(logFiles));
    }

    /**
     * A route and how to probe it.
     *
     * @param kind the software
     * @param route the route as published
     * @param directive the directive as written ({@code proxy_pass http://app}), for evidence
     * @param hostHeader the {@code Host} the proxy sends / the TLS name it uses
     * @param tls what it checks of the upstream's certificate
     * @param tlsWhere {@code file:line} of the directive that turned verification on, {@code ""} when off
     * @param hostTargets the named host and port each TCP target was written with (for probing after lookup)
     * @param healthChecked whether the proxy marks every failing target down, so that when all refuse
     *     requests find no server at all: HAProxy {@code check} on each server line, an nginx upstream
     *     group of several servers whose {@code max_fails} is not 0
     * @param headerLimit the most bytes of response headers the proxy accepts from the target, and the
     *     directive it comes from (HAProxy {@code tune.bufsize - tune.maxrewrite}, nginx
     *     {@code proxy_buffer_size}); empty when unknown
     */
    public record Route(WebServer.Kind kind, ProxyRoute route, String directive, String hostHeader,
                        UpstreamProber.TlsPolicy tls, String tlsWhere, List<Address> hostTargets,
                        boolean healthChecked, Optional<HeaderLimit> headerLimit) {
        public Route {
            Objects.requireNonNull(headerLimit, "headerLimit");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(directive, "directive");
            Objects.requireNonNull(hostHeader, "hostHeader");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(tlsWhere, "tlsWhere");
            hostTargets = List.copyOf(hostTargets);
        }
    }

    /**
     * The most bytes of response headers a proxy accepts from an upstream.
     *
     * @param bytes the limit
     * @param how the setting in words, e.g. {@code tune.bufsize 8192 - tune.maxrewrite 1024 (default)}
     * @param where {@code file:line} of the setting, {@code default} when none is written
     */
    public record HeaderLimit(long bytes, String how, String where) {
        public HeaderLimit {
            Objects.requireNonNull(how, "how");
            Objects.requireNonNull(where, "where");
            if (bytes <= 0) {
                throw new IllegalArgumentException("bytes must be positive: " + bytes);
            }
        }
    }

    /**
     * A host name an upstream is written with.
     *
     * @param kind the software
     * @param host the name ({@code null}-free; for a variable target the literal host part, or the
     *     expression when the host itself is a variable)
     * @param runtime whether the proxy resolves it per request (a variable in {@code proxy_pass}, an
     *     nginx upstream {@code server ... resolve}) rather than once at start
     * @param variable whether the host itself comes from a variable (its value unknown here)
     * @param resolver whether a {@code resolver} is in effect where it is used (nginx); true elsewhere
     * @param directive the directive as written
     * @param file its file
     * @param line its line
     */
    public record NameUse(WebServer.Kind kind, String host, boolean runtime, boolean variable, boolean resolver,
                          String directive, String file, int line, List<Address> resolvers) {
        public NameUse {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(directive, "directive");
            Objects.requireNonNull(file, "file");
            resolvers = List.copyOf(resolvers);
        }

        /** A use without run-time name servers of its own (resolved with the system's resolver). */
        public NameUse(WebServer.Kind kind, String host, boolean runtime, boolean variable, boolean resolver,
                       String directive, String file, int line) {
            this(kind, host, runtime, variable, resolver, directive, file, line, List.of());
        }

        /** As the public fact {@link org.gatewaydoctor.facts.UpstreamName}. */
        public org.gatewaydoctor.facts.UpstreamName fact() {
            return new org.gatewaydoctor.facts.UpstreamName(kind, host, runtime, resolvers, directive, file, line);
        }
    }

    /**
     * nginx's header buffer for one pass.
     *
     * @param module {@code fastcgi}, {@code proxy}...
     * @param bufferSize {@code *_buffer_size} in effect
     * @param buffers {@code *_buffers} in effect
     * @param targets the pass's addresses, to match log lines' {@code upstream:} against
     * @param passFile the pass's file
     * @param passLine its line
     */
    public record HeaderBuffer(String module, Setting<Long> bufferSize, Setting<NginxView.BufferSet> buffers,
                               List<Address> targets, String passFile, int passLine) {
        public HeaderBuffer {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(bufferSize, "bufferSize");
            Objects.requireNonNull(buffers, "buffers");
            targets = List.copyOf(targets);
            Objects.requireNonNull(passFile, "passFile");
        }
    }

    /** Reads the nginx, Apache and HAProxy configurations {@code target} names; an empty stack when it names none. */
    public static ProxyStack read(Target target) {
        Builder b = new Builder();
        b.site = siteNames(target);
        target.config(Target.CONFIG_NGINX).ifPresent(b::nginx);
        target.config(Target.CONFIG_APACHE).ifPresent(b::apache);
        target.config(Target.CONFIG_HAPROXY).ifPresent(b::haproxy);
        return new ProxyStack(b.servers, b.routes, b.names, b.buffers, b.problems, b.logFiles, b.roots, b.listeners);
    }

    /** The upstream protocol a parser's protocol is. */
    static UpstreamProtocol protocol(Protocol p) {
        return switch (p) {
            case HTTP, WS, H2C -> UpstreamProtocol.HTTP;
            case HTTPS, WSS, H2 -> UpstreamProtocol.HTTPS;
            case FASTCGI -> UpstreamProtocol.FASTCGI;
            case UWSGI, SUWSGI -> UpstreamProtocol.UWSGI;
            case SCGI -> UpstreamProtocol.SCGI;
            case GRPC, GRPCS -> UpstreamProtocol.GRPC;
            case AJP -> UpstreamProtocol.AJP;
            case OTHER -> UpstreamProtocol.OTHER;
        };
    }

    /**
     * The site a diagnosis is about: the {@code site} option's names and the URL's host, lower case, those that
     * can name a site (a dot, not an IP address; as the log scan's site scoping reads them). Empty: every site.
     */
    static java.util.Set<String> siteNames(Target target) {
        List<String> raw = new ArrayList<>();
        target.option(Target.OPTION_SITE).ifPresent(v -> raw.addAll(List.of(v.split(","))));
        if (target.url() != null && target.url().getHost() != null) {
            raw.add(target.url().getHost());
        }
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String r : raw) {
            String n = siteLike(r);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** {@code name} in lower case if it can name one site (a dot, no wildcard or regex, not an address); else null. */
    static String siteLike(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.indexOf('.') < 0 || n.indexOf(':') >= 0 || n.indexOf('*') >= 0 || n.startsWith("~")
                || n.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return null;
        }
        return n;
    }

    /**
     * Whether a server named {@code names} serves another site than {@code site}: all of its names are other
     * sites' (a server with a wildcard, a regular expression, a catch-all or no name may serve this site too).
     */
    static boolean otherSite(java.util.Set<String> site, List<String> names) {
        if (site.isEmpty() || names.isEmpty()) {
            return false;
        }
        for (String n : names) {
            String s = siteLike(n.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "").replaceFirst(":[0-9]+$", ""));
            if (s == null || site.contains(s)) {
                return false;
            }
        }
        return true;
    }

    private static final class Builder {
        /** The site the diagnosis is about ({@link #siteNames}); servers of other sites add no routes. */
        java.util.Set<String> site = java.util.Set.of();
        final List<WebServer> servers = new ArrayList<>();
        final List<Route> routes = new ArrayList<>();
        final List<NameUse> names = new ArrayList<>();
        final List<HeaderBuffer> buffers = new ArrayList<>();
        final List<ConfigProblem> problems = new ArrayList<>();
        final Set<Path> logFiles = new LinkedHashSet<>();
        final List<org.gatewaydoctor.facts.DocumentRoot> roots = new ArrayList<>();
        final List<Listener> listeners = new ArrayList<>();

        // ---- nginx

        /** The name servers of an nginx {@code resolver} directive (port 53 unless written). */
        private static List<Address> resolvers(Optional<NginxView.Resolver> resolver) {
            List<Address> out = new ArrayList<>();
            resolver.ifPresent(r -> r.addresses().forEach(e -> address(e).ifPresent(out::add)));
            return out;
        }

        void nginx(Path file) {
            NginxConfig config = NginxParser.parse(file);
            NginxView view = NginxView.of(config, org.gatewaydoctor.checks.http.internal.config.NginxOptions.debian());
            problems.addAll(config.problems());
            problems.addAll(view.problems());
            view.logFiles().forEach(f -> logFiles.add(Path.of(f)));
            Map<String, Map<String, Setting<String>>> tls = new HashMap<>();
            nginxTls(config.directives(), Map.of(), tls);
            List<ProxyRoute> out = new ArrayList<>();
            for (NginxView.Server server : view.servers()) {
                nginxRoot(server, server.settings().root());
                server.locations().stream().filter(l -> l.pattern().equals("/") && l.modifier().isEmpty())
                        .forEach(l -> nginxRoot(server, l.settings().root()));
                for (NginxView.Listen l : server.listens()) {
                    if (l.address() instanceof Endpoint.HostPort hp) {
                        listeners.add(new Listener(WebServer.Kind.NGINX, Address.tcp(anyHost(hp.host()), hp.port()),
                                server.names().stream().filter(n -> !n.isEmpty()).toList(),
                                l.isDefault() ? server.file() : l.file(), l.isDefault() ? server.line() : l.line()));
                    }
                }
                String name = server.name().isEmpty() ? "_" : server.name();
                if (otherSite(site, server.names())) {
                    continue; // another site's server: its routes are not this diagnosis's
                }
                for (NginxView.Location l : flatten(server)) {
                    Optional<NginxView.Pass> pass = l.pass();
                    if (pass.isEmpty()) {
                        continue;
                    }
                    NginxView.Pass p = pass.get();
                    UpstreamTarget t = p.target();
                    NginxView.UpstreamSettings s = l.settings().forPass(p);
                    List<Address> targets = new ArrayList<>();
                    String group = "";
                    boolean resolver = l.settings().resolver().isPresent();
                    String directive = p.directive() + " " + t.raw();
                    boolean marksDown = false;
                    if (t.endpoint() instanceof Endpoint.Named n) {
                        Optional<NginxView.Upstream> up = view.upstream(n.name());
                        group = n.name();
                        if (up.isPresent()) {
                            // nginx marks a failing server down (max_fails within fail_timeout) only in a group of
                            // several: the only server of a group is always tried
                            List<NginxView.UpstreamServer> primary = up.get().servers().stream()
                                    .filter(us -> !us.backup()).toList();
                            marksDown = up.get().servers().size() > 1
                                    && primary.stream().allMatch(us -> us.maxFails() > 0 && !us.down());
                            for (NginxView.UpstreamServer us : up.get().servers()) {
                                address(us.address()).ifPresent(targets::add);
                                if (us.address() instanceof Endpoint.HostPort hp && !hp.isAddress()) {
                                    names.add(new NameUse(WebServer.Kind.NGINX, hp.host(), us.resolve(), false,
                                            view.http().resolver().isPresent(), "server " + hp.describe()
                                            + (us.resolve() ? " resolve" : ""), us.file(), us.line(),
                                            us.resolve() ? resolvers(view.http().resolver()) : List.of()));
                                }
                            }
                        }
                    } else if (t.endpoint() instanceof Endpoint.Dynamic d) {
                        String host = dynamicHost(d.expression());
                        boolean variable = host.startsWith("$");
                        if (variable || (!host.isEmpty() && !isIp(host) && view.upstream(host).isEmpty())) {
                            names.add(new NameUse(WebServer.Kind.NGINX, variable ? d.expression() : host, true, variable,
                                    resolver, directive, p.file(), p.line(), resolvers(l.settings().resolver())));
                        }
                    } else {
                        address(t.endpoint()).ifPresent(targets::add);
                        if (t.endpoint() instanceof Endpoint.HostPort hp && !hp.isAddress()) {
                            names.add(new NameUse(WebServer.Kind.NGINX, hp.host(), false, false, resolver, directive,
                                    p.file(), p.line()));
                        }
                    }
                    ProxyRoute route = new ProxyRoute(name, scope(l), protocol(t.protocol()), targets, group,
                            s.readTimeout().value(), s.connectTimeout().value(), p.file(), p.line());
                    out.add(route);
                    Map<String, Setting<String>> v = tls.getOrDefault(p.file() + ":" + p.line(), Map.of());
                    String module = p.module();
                    Setting<String> verify = v.get(module + "_ssl_verify");
                    boolean verifies = verify != null && verify.value().equals("on");
                    Setting<String> ca = v.get(module + "_ssl_trusted_certificate");
                    Setting<String> sslName = v.get(module + "_ssl_name");
                    String host = t.endpoint() instanceof Endpoint.HostPort hp ? hp.host()
                            : t.endpoint() instanceof Endpoint.Named n ? n.name() : "localhost";
                    String tlsName = sslName != null ? sslName.value() : host;
                    routes.add(new Route(WebServer.Kind.NGINX, route, directive, host,
                            new UpstreamProber.TlsPolicy(verifies, ca == null ? null : Path.of(ca.value()), tlsName),
                            verifies ? verify.where() : "", targets, marksDown,
                            module.equals("proxy") ? Optional.of(new HeaderLimit(s.bufferSize().value(),
                                    "proxy_buffer_size " + s.bufferSize().value(), s.bufferSize().where()))
                                    : Optional.empty()));
                    buffers.add(new HeaderBuffer(module, s.bufferSize(), s.buffers(), targets, p.file(), p.line()));
                }
            }
            servers.add(new WebServer(WebServer.Kind.NGINX, file, view.user().value(), view.group().value(), out));
        }

        private static List<NginxView.Location> flatten(NginxView.Server server) {
            List<NginxView.Location> out = new ArrayList<>();
            for (NginxView.Location l : server.locations()) {
                walk(l, out);
            }
            return out;
        }

        private static void walk(NginxView.Location l, List<NginxView.Location> out) {
            out.add(l);
            l.nested().forEach(n -> walk(n, out));
        }

        private static String scope(NginxView.Location l) {
            return switch (l.kind()) {
                case IF -> "if (" + l.pattern() + ")";
                case LIMIT_EXCEPT -> "limit_except " + l.pattern();
                default -> "location " + (l.modifier().isEmpty() ? "" : l.modifier() + " ") + l.pattern();
            };
        }

        /** The literal host of a variable target ({@code app.internal:8080$request_uri} → {@code app.internal}), or the variable. */
        static String dynamicHost(String expression) {
            String e = expression;
            if (e.regionMatches(true, 0, "unix:", 0, 5)) {
                return "";
            }
            if (e.startsWith("$")) {
                return "$";
            }
            int end = 0;
            while (end < e.length() && ":/$".indexOf(e.charAt(end)) < 0) {
                end++;
            }
            return end < e.length() && e.charAt(end) == '$' && end > 0 && e.indexOf('.') < 0 ? "$" : e.substring(0, end);
        }

        /** The TLS directives in effect at every {@code *_pass}, by its {@code file:line}, with nginx's merge. */
        private static void nginxTls(List<Directive> block, Map<String, Setting<String>> inherited,
                                     Map<String, Map<String, Setting<String>>> out) {
            Map<String, Setting<String>> here = new HashMap<>(inherited);
            for (Directive d : block) {
                String n = d.name();
                if (!d.block() && d.args().size() == 1 && (n.endsWith("_ssl_verify")
                        || n.endsWith("_ssl_trusted_certificate") || n.endsWith("_ssl_name"))) {
                    here.put(n, new Setting<>(d.arg(0), d.file(), d.line()));
                }
            }
            for (Directive d : block) {
                if (d.block()) {
                    nginxTls(d.children(), here, out);
                } else if (d.name().endsWith("_pass")) {
                    out.put(d.file() + ":" + d.line(), here);
                }
            }
        }

        private void nginxRoot(NginxView.Server server, Setting<String> root) {
            org.gatewaydoctor.facts.DocumentRoot r = new org.gatewaydoctor.facts.DocumentRoot(WebServer.Kind.NGINX,
                    server.names().stream().filter(n -> !n.isEmpty()).toList(), root.value(),
                    root.file() == null ? "" : root.file(), root.line());
            if (!root.value().isEmpty() && !roots.contains(r)) {
                roots.add(r);
            }
        }

        // ---- Apache

        void apache(Path file) {
            ApacheConfig config = ApacheParser.parse(file);
            ApacheView view = ApacheView.of(config,
                    org.gatewaydoctor.checks.http.internal.config.ApacheOptions.debian());
            problems.addAll(config.problems());
            problems.addAll(view.problems());
            view.logFiles().forEach(f -> logFiles.add(Path.of(f)));
            Map<String, Setting<String>> mainTls = new HashMap<>();
            Map<String, Map<String, Setting<String>>> vhostTls = new HashMap<>();
            apacheTls(config.directives(), mainTls, vhostTls, null);
            List<ProxyRoute> out = new ArrayList<>();
            List<ApacheView.Server> all = new ArrayList<>();
            all.add(view.main());
            all.addAll(view.virtualHosts());
            apacheListeners(view);
            for (ApacheView.Server server : all) {
                Setting<String> root = server.documentRoot();
                if (!root.value().isEmpty()) {
                    List<String> names = new ArrayList<>();
                    if (!server.serverName().value().isEmpty()) {
                        names.add(server.serverName().value());
                    }
                    names.addAll(server.aliases());
                    org.gatewaydoctor.facts.DocumentRoot r = new org.gatewaydoctor.facts.DocumentRoot(
                            WebServer.Kind.APACHE, names, root.value(), root.file() == null ? "" : root.file(), root.line());
                    if (!roots.contains(r)) {
                        roots.add(r);
                    }
                }
                String name = server.serverName().value().isEmpty() ? "default" : server.serverName().value();
                List<String> vhostNames = new ArrayList<>();
                if (server.virtual() && !server.serverName().value().isEmpty()) {
                    vhostNames.add(server.serverName().value());
                    vhostNames.addAll(server.aliases());
                }
                if (otherSite(site, vhostNames)) {
                    continue; // another site's virtual host: its routes are not this diagnosis's
                }
                Map<String, Setting<String>> tls = new HashMap<>(mainTls);
                tls.putAll(vhostTls.getOrDefault(server.file() + ":" + server.line(), Map.of()));
                for (ApacheView.ProxyRoute r : server.routes()) {
                    if (r.target().isEmpty() || r.active() == ApacheView.Likely.FALSE) {
                        continue;
                    }
                    UpstreamTarget t = r.target().get();
                    List<Address> targets = new ArrayList<>();
                    String group = "";
                    Protocol protocol = t.protocol();
                    String directive = directiveName(r.kind()) + " " + (r.path().isEmpty() ? "" : r.path() + " ") + t.raw();
                    if (t.endpoint() instanceof Endpoint.Named n) {
                        group = n.name();
                        for (ApacheView.ProxyWorker w : view.workersOf(server)) {
                            if (w.url().equalsIgnoreCase("balancer://" + n.name())) {
                                for (UpstreamTarget m : w.members()) {
                                    address(m.endpoint()).ifPresent(targets::add);
                                    protocol = m.protocol();
                                    apacheName(m.endpoint(), "BalancerMember " + m.raw(), w.file(), w.line());
                                }
                            }
                        }
                    } else {
                        address(t.endpoint()).ifPresent(targets::add);
                        apacheName(t.endpoint(), directive, r.file(), r.line());
                    }
                    ProxyRoute route = new ProxyRoute(name, r.path().isEmpty() ? String.join(" ", r.sections()) : r.path(),
                            protocol(protocol), targets, group, view.readTimeout(r, server).value(),
                            view.connectTimeout(r, server).value(), r.file(), r.line());
                    out.add(route);
                    String host = t.endpoint() instanceof Endpoint.HostPort hp ? hp.host() : "localhost";
                    Setting<String> verify = tls.get("sslproxyverify");
                    boolean chain = verify != null && verify.value().equalsIgnoreCase("require");
                    boolean nameCheck = !"off".equalsIgnoreCase(value(tls.get("sslproxycheckpeername")))
                            && !"off".equalsIgnoreCase(value(tls.get("sslproxycheckpeercn")));
                    Setting<String> ca = tls.get("sslproxycacertificatefile");
                    boolean verifies = chain;
                    // mod_ssl's SSLProxyVerifyDepth: 1 when not set, so a chain through an intermediate CA fails
                    Setting<String> depth = tls.get("sslproxyverifydepth");
                    int maxDepth = depth == null ? APACHE_VERIFY_DEPTH : verifyDepth(depth.value());
                    routes.add(new Route(WebServer.Kind.APACHE, route, directive, host,
                            new UpstreamProber.TlsPolicy(verifies, ca == null ? null : Path.of(ca.value()),
                                    nameCheck ? host : null, maxDepth, depth == null ? "" : depth.where(), true),
                            verifies ? verify.where() : "", targets, false, Optional.empty()));
                }
            }
            String user = view.user().value().startsWith("#") ? "" : view.user().value();
            String group = view.group().value().startsWith("#") ? "" : view.group().value();
            servers.add(new WebServer(WebServer.Kind.APACHE, file, user, group, out));
        }

        /**
         * Apache's {@code Listen}s, each with the names of the virtual hosts served on every address it takes
         * ({@code <VirtualHost *:8080>}, {@code _default_}; one without a port is on every port), else the main
         * server's {@code ServerName}; and each {@code <VirtualHost 127.0.0.1:8080>} with its own address, where a
         * {@code Listen} takes connections for it (its names are served there alone).
         */
        private void apacheListeners(ApacheView view) {
            List<Listener> vhosts = new ArrayList<>();
            for (ApacheView.Listen l : view.listens()) {
                if (!(l.address() instanceof Endpoint.HostPort hp)) {
                    continue;
                }
                String listenHost = anyHost(hp.host());
                List<String> names = new ArrayList<>();
                for (ApacheView.Server v : view.virtualHosts()) {
                    List<String> vnames = new ArrayList<>();
                    if (!v.serverName().value().isEmpty()) {
                        vnames.add(bareName(v.serverName().value()));
                        vnames.addAll(v.aliases());
                    }
                    for (String a : v.addresses()) {
                        int colon = a.lastIndexOf(':');
                        boolean bracketed = a.startsWith("[");
                        String port = colon < 0 || a.endsWith("]") ? "*" : a.substring(colon + 1);
                        String host = colon < 0 || a.endsWith("]") ? a : a.substring(0, colon);
                        if (bracketed && host.endsWith("]")) {
                            host = host.substring(1, host.length() - 1);
                        }
                        if (!port.equals("*") && !port.equals(String.valueOf(hp.port()))) {
                            continue;
                        }
                        if (host.equals("*") || host.equalsIgnoreCase("_default_")) {
                            vnames.stream().filter(n -> !names.contains(n)).forEach(names::add);
                        } else if (listenHost.isEmpty() || listenHost.equals(host)) {
                            Listener x = new Listener(WebServer.Kind.APACHE, Address.tcp(host, hp.port()), vnames,
                                    v.file(), v.line());
                            if (!vhosts.contains(x)) {
                                vhosts.add(x);
                            }
                        }
                    }
                }
                if (names.isEmpty() && !view.main().serverName().value().isEmpty()) {
                    names.add(bareName(view.main().serverName().value()));
                }
                listeners.add(new Listener(WebServer.Kind.APACHE, Address.tcp(listenHost, hp.port()), names, l.file(),
                        l.line()));
            }
            listeners.addAll(vhosts);
        }

        /** {@code ServerName [scheme://]name[:port]} without scheme and port. */
        private static String bareName(String serverName) {
            return serverName.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "").replaceFirst(":[0-9]+$", "");
        }

        /** HAProxy's {@code bind}s of frontends ({@code :80}, {@code *:80}, {@code 127.0.0.1:8080,127.0.0.1:8081}). */
        private void haproxyListeners(HaproxyConfig config) {
            for (HaproxyConfig.Proxy p : config.proxies()) {
                if (!p.isFrontend()) {
                    continue;
                }
                for (String bind : p.binds()) {
                    for (String one : bind.split(",")) {
                        String a = one.strip();
                        if (a.startsWith("ipv4@") || a.startsWith("ipv6@")) {
                            a = a.substring(5);
                        } else if (a.contains("@") || a.startsWith("/")) {
                            continue; // unix@, abns@, fd@, sockpair@, a socket path: no address to resolve to
                        }
                        int colon = a.lastIndexOf(':');
                        if (colon < 0) {
                            continue;
                        }
                        String host = a.substring(0, colon);
                        String port = a.substring(colon + 1);
                        if (host.startsWith("[") && host.endsWith("]")) {
                            host = host.substring(1, host.length() - 1);
                        }
                        int dash = port.indexOf('-');
                        String first = dash > 0 ? port.substring(0, dash) : port;
                        if (first.isEmpty() || first.length() > 5 || !first.chars().allMatch(Character::isDigit)
                                || Integer.parseInt(first) < 1 || Integer.parseInt(first) > 65535) {
                            continue;
                        }
                        listeners.add(new Listener(WebServer.Kind.HAPROXY, Address.tcp(anyHost(host),
                                Integer.parseInt(first)), List.of(), p.file(), p.line()));
                    }
                }
            }
        }

        /** {@code *} (and HAProxy's empty host) as the facts write every address: an empty host. */
        private static String anyHost(String host) {
            return host.equals("*") ? "" : host;
        }

        private static String value(Setting<String> s) {
            return s == null ? "" : s.value();
        }

        /** An {@code SSLProxyVerifyDepth} value; -1 (no limit judged) when it is not a number mod_ssl takes. */
        private static int verifyDepth(String value) {
            try {
                int n = Integer.parseInt(value.strip());
                return n < 0 ? -1 : n;
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private void apacheName(Endpoint e, String directive, String file, int line) {
            if (e instanceof Endpoint.HostPort hp && !hp.isAddress()) {
                names.add(new NameUse(WebServer.Kind.APACHE, hp.host(), false, false, true, directive, file, line));
            }
        }

        private static String directiveName(ApacheView.ProxyRoute.Kind k) {
            return switch (k) {
                case PROXY_PASS -> "ProxyPass";
                case PROXY_PASS_MATCH -> "ProxyPassMatch";
                case SET_HANDLER -> "SetHandler";
                case ADD_HANDLER -> "AddHandler";
            };
        }

        /** {@code SSLProxy*} settings of the main server ({@code vhost == null}) and of each virtual host, lower-cased names. */
        private static void apacheTls(List<Directive> block, Map<String, Setting<String>> main,
                                      Map<String, Map<String, Setting<String>>> vhosts, Map<String, Setting<String>> into) {
            for (Directive d : block) {
                String n = d.name().toLowerCase(java.util.Locale.ROOT);
                if (d.block() && n.equals("virtualhost")) {
                    Map<String, Setting<String>> v = vhosts.computeIfAbsent(d.file() + ":" + d.line(), k -> new HashMap<>());
                    apacheTls(d.children(), main, vhosts, v);
                } else if (d.block()) {
                    apacheTls(d.children(), main, vhosts, into);
                } else if (n.startsWith("sslproxy") && !d.args().isEmpty()) {
                    (into == null ? main : into).put(n, new Setting<>(d.arg(0), d.file(), d.line()));
                }
            }
        }

        // ---- HAProxy

        void haproxy(Path file) {
            HaproxyConfig config = HaproxyParser.parse(file);
            problems.addAll(config.problems());
            haproxyListeners(config);
            List<ProxyRoute> out = new ArrayList<>();
            Set<String> routed = new LinkedHashSet<>();
            for (HaproxyConfig.Proxy fe : config.proxies()) {
                if (!fe.isFrontend()) {
                    continue;
                }
                List<String> backends = new ArrayList<>();
                if (fe.hasServers()) {
                    backends.add(fe.name());
                }
                fe.useBackends().forEach(u -> backends.add(u.backend()));
                fe.defaultBackend().ifPresent(b -> backends.add(b.value()));
                for (String b : new LinkedHashSet<>(backends)) {
                    config.backend(b).ifPresent(be -> {
                        haproxyRoute(config, fe.name(), be, out);
                        routed.add(be.name());
                    });
                }
            }
            for (HaproxyConfig.Proxy be : config.proxies()) {
                if (be.kind() == HaproxyConfig.Kind.BACKEND && !routed.contains(be.name())) {
                    haproxyRoute(config, "default", be, out);
                }
            }
            servers.add(new WebServer(WebServer.Kind.HAPROXY, file, config.global().user(), config.global().group(), out));
        }

        private void haproxyRoute(HaproxyConfig config, String frontend, HaproxyConfig.Proxy be, List<ProxyRoute> out) {
            Duration read = be.timeout("server").map(Setting::value).orElse(Duration.ZERO);
            Duration connect = be.timeout("connect").map(Setting::value).orElse(Duration.ZERO);
            // one route per protocol, so a backend mixing ssl and plain servers probes each properly
            Map<UpstreamProtocol, List<HaproxyConfig.Server>> byProtocol = new java.util.LinkedHashMap<>();
            for (HaproxyConfig.Server s : be.servers()) {
                UpstreamProtocol p = s.proto().equals("fcgi") ? UpstreamProtocol.FASTCGI
                        : !be.http() ? UpstreamProtocol.OTHER : s.ssl() ? UpstreamProtocol.HTTPS : UpstreamProtocol.HTTP;
                byProtocol.computeIfAbsent(p, k -> new ArrayList<>()).add(s);
            }
            if (byProtocol.isEmpty()) {
                byProtocol.put(be.http() ? UpstreamProtocol.HTTP : UpstreamProtocol.OTHER, List.of());
            }
            byProtocol.forEach((protocol, list) -> {
                List<Address> targets = new ArrayList<>();
                HaproxyConfig.Server first = list.isEmpty() ? null : list.get(0);
                for (HaproxyConfig.Server s : list) {
                    s.address().flatMap(Builder::address).ifPresent(targets::add);
                    if (s.address().orElse(null) instanceof Endpoint.HostPort hp && !hp.isAddress()) {
                        // with "resolvers NAME" HAProxy asks that section's name servers at run time (and the
                        // system's when it says parse-resolv-conf): those are the servers dns.names must ask
                        List<Address> dns = new ArrayList<>();
                        HaproxyConfig.Resolvers section = config.resolvers().get(s.resolvers());
                        if (section != null && !section.parseResolvConf()) {
                            section.nameservers().forEach(e -> address(e).ifPresent(dns::add));
                        }
                        names.add(new NameUse(WebServer.Kind.HAPROXY, hp.host(), !s.resolvers().isEmpty(), false, true,
                                "server " + s.name() + " " + s.rawAddress(), s.file(), s.line(), dns));
                    }
                }
                ProxyRoute route = new ProxyRoute(frontend, "backend " + be.name(), protocol, targets, be.name(), read,
                        connect, be.file(), be.line());
                out.add(route);
                String host = first != null && first.address().orElse(null) instanceof Endpoint.HostPort hp ? hp.host()
                        : "localhost";
                boolean verifies = first != null && first.verifies();
                String name = first == null || first.verifyHost().isEmpty() ? null : first.verifyHost();
                routes.add(new Route(WebServer.Kind.HAPROXY, route, first == null ? "backend " + be.name()
                        : "server " + first.name() + " " + first.rawAddress(), host,
                        new UpstreamProber.TlsPolicy(verifies, first == null || first.caFile().isEmpty() ? null
                                : Path.of(first.caFile()), name),
                        verifies ? first.file() + ":" + first.line() : "", targets,
                        !list.isEmpty() && list.stream().allMatch(HaproxyConfig.Server::check),
                        Optional.of(haproxyLimit(config.global()))));
            });
        }

        /** {@code tune.bufsize - tune.maxrewrite}, maxrewrite readjusted to half the buffer when larger, as HAProxy does. */
        static HeaderLimit haproxyLimit(HaproxyConfig.Global g) {
            long size = g.bufsize().value();
            long rewrite = Math.min(g.maxrewrite().value(), size / 2);
            String where = !g.bufsize().isDefault() ? g.bufsize().where() : g.maxrewrite().where();
            return new HeaderLimit(size - rewrite, "tune.bufsize " + size + (g.bufsize().isDefault() ? " (default)" : "")
                    + " - tune.maxrewrite " + rewrite + (g.maxrewrite().isDefault() ? " (default)" : ""), where);
        }

        // ---- shared

        static Optional<Address> address(Endpoint e) {
            if (e instanceof Endpoint.UnixSocket u) {
                return Optional.of(Address.unix(Path.of(u.path())));
            }
            if (e instanceof Endpoint.HostPort hp && hp.port() > 0) {
                return Optional.of(Address.tcp(hp.host().equals("*") ? "" : hp.host(), hp.port()));
            }
            return Optional.empty();
        }

        static boolean isIp(String host) {
            return UpstreamProber.isIpLiteral(host);
        }
    }
}
