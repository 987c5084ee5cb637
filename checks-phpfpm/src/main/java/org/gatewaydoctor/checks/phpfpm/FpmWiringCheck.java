package org.gatewaydoctor.checks.phpfpm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs;
import org.gatewaydoctor.checks.phpfpm.internal.FpmTarget;
import org.gatewaydoctor.checks.phpfpm.internal.ListenMatch;
import org.gatewaydoctor.checks.phpfpm.internal.ProcTable;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.checks.phpfpm.internal.config.Setting;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FastCgiClient;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiEndpoint;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiRequest;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiResult;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.ProxyRoute;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Cross-checks the web servers' proxy routes ({@link Facts#WEB_SERVERS}) against the PHP-FPM pools: every
 * FastCGI route must reach a pool's {@code listen} (same socket path, or same port on an address the pool
 * covers), else {@code phpfpm.socket_mismatch}; an HTTP route to a pool's FastCGI socket, or a FastCGI route to
 * a port where an HTTP server answers, is {@code proxy.protocol_mismatch}. Each FastCGI target is probed live
 * (bounded). It also walks the <b>timeout ladder</b> of each route: load balancer ({@code timeout server}) &ge;
 * the proxy's read timeout ({@code fastcgi_read_timeout}, {@code ProxyTimeout}, {@code timeout=}) &ge;
 * {@code request_terminate_timeout} &ge; PHP's {@code max_execution_time}. When an outer rung is shorter, the
 * outer hop gives up first: a proxy or balancer that stops waiting answers 504 ({@code proxy.upstream_timeout})
 * while the worker runs on; PHP-FPM killing a script before PHP stops it makes nginx log "upstream prematurely
 * closed connection" and answer 502 ({@code phpfpm.request_timeout}). A rung of 0 is unlimited and left out; when
 * PHP-FPM and PHP never stop a script, an outer read timeout of at most {@link #SHORT_READ_TIMEOUT} is flagged on
 * its own ({@code proxy.upstream_timeout}: every slower script is a 504, as with Apache's {@code ProxyTimeout 1}).
 * The live probes and the process table only on the server diagnosed ({@link FpmTarget#onThisMachine}); with
 * another server's configuration the routes are compared with the pools' {@code listen} from the files (a route to
 * where no pool listens is a {@code phpfpm.socket_mismatch} risk) and the ladder is walked as always.
 */
public final class FpmWiringCheck implements Check {

    /** This check's id. */
    public static final String ID = "phpfpm.wiring";
    static final Duration CALL = Duration.ofSeconds(3);
    /**
     * A read timeout of the web server or load balancer at most this long is short in absolute terms: when PHP-FPM
     * never stops a script, any script slower than it gets a 504.
     */
    public static final Duration SHORT_READ_TIMEOUT = Duration.ofSeconds(5);

    private final Path proc;

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public FpmWiringCheck() {
        this(Path.of("/proc"));
    }

    /** With the process table read from {@code proc}, for tests. */
    FpmWiringCheck(Path proc) {
        this.proc = proc;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.PHP_FPM;
    }

    @Override
    public String title() {
        return "Web server to PHP-FPM wiring: sockets, protocols and the timeout ladder";
    }

    @Override
    public Set<String> runsAfter() {
        return Set.of(Facts.WEB_SERVERS_CHECK, Facts.FPM_POOLS_CHECK, FpmSocketCheck.ID);
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        Optional<WebServers> web = ctx.fact(Facts.WEB_SERVERS);
        if (web.isEmpty()) {
            return CheckResult.notApplicable("no web server configuration was read (the " + Facts.WEB_SERVERS_CHECK
                    + " check did not run or found none)");
        }
        FpmTarget fpm = FpmTarget.of(ctx);
        List<FpmPool> pools = fpm.listening();
        List<ListenMatch.Routed> fastcgi = ListenMatch.fastcgiRoutes(web.get());
        List<Finding> findings = new ArrayList<>();
        List<Evidence> fine = new ArrayList<>();
        FastCgiClient client = FastCgiClient.standard();

        // HTTP(S) routes into a FastCGI socket
        for (WebServer s : web.get().servers()) {
            for (ProxyRoute r : s.routes()) {
                if (r.protocol() != UpstreamProtocol.HTTP && r.protocol() != UpstreamProtocol.HTTPS) {
                    continue;
                }
                for (Address a : r.targets()) {
                    Optional<FpmPool> p = fpm.poolAt(a);
                    if (p.isPresent()) {
                        findings.add(Finding.cause(CauseCode.PROXY_PROTOCOL_MISMATCH, Layer.PROXY, Severity.CRITICAL, 0.9,
                                        name(s) + " speaks " + r.protocol() + " to " + a + " (" + r.location()
                                                + "), which is PHP-FPM pool " + p.get().name() + "'s FastCGI socket: "
                                                + "PHP-FPM cannot read an HTTP request and closes the connection, so "
                                                + "nginx logs 'upstream prematurely closed connection while reading "
                                                + "response header from upstream' and answers 502")
                                // read from the two configurations: borne out once nginx logs the closed connections
                                .risk()
                                .evidence(routeLine(s, r, a), listenLine(p.get()))
                                .remediation("Use fastcgi_pass " + spell(a) + " with 'include fastcgi_params' (nginx), or "
                                        + "SetHandler \"proxy:" + (a.isUnix() ? "unix:" + a.socket() + "|fcgi://localhost"
                                        : "fcgi://" + a) + "\" (Apache), instead of an HTTP proxy.")
                                .httpStatus(502).build());
                    }
                }
            }
        }

        // another server's configuration names its sockets and ports: only the files are compared
        boolean here = FpmTarget.onThisMachine(ctx.target());
        Boolean masterRunning = here ? masterRunning(ctx) : null;
        Boolean poolsLive = null;
        Set<Address> probed = new HashSet<>();
        for (ListenMatch.Routed rt : fastcgi) {
            if (!probed.add(rt.target()) || ctx.remaining().compareTo(Duration.ofMillis(50)) < 0) {
                continue;
            }
            Optional<FpmPool> pool = fpm.poolAt(rt.target());
            if (!here) {
                if (pool.isPresent()) {
                    fine.add(new Evidence.Observation(name(rt.server()) + " " + rt.route().location() + " reaches pool "
                            + pool.get().name() + " at " + rt.target() + " (read from the configurations)"));
                } else if (!pools.isEmpty()) {
                    List<Evidence> ev = new ArrayList<>();
                    ev.add(routeLine(rt.server(), rt.route(), rt.target()));
                    pools.forEach(p -> ev.add(listenLine(p)));
                    ev.add(new Evidence.Observation(FpmTarget.notLookedAt("the FastCGI targets")));
                    findings.add(mismatch(rt, " while PHP-FPM is configured to listen on " + String.join(", ", pools
                            .stream().map(p -> p.name() + " " + FpmConfigs.address(p).orElseThrow()).toList()),
                            nginxSays(rt), ev, 0.6, List.of(), true));
                }
                continue;
            }
            Optional<FcgiEndpoint> endpoint = endpoint(rt.target());
            FcgiResult result = null;
            Instant at = ctx.clock().instant();
            if (endpoint.isPresent()) {
                String ping = pool.flatMap(p -> p.status().pingPath()).map(Setting::value).orElse("/ping");
                result = client.call(endpoint.get(), FcgiRequest.get(ping, ""), SocketTimes.min(ctx.remaining(), CALL));
            }
            Evidence probe0 = result == null ? new Evidence.Observation("not probed: " + rt.target())
                    : new Evidence.Probe(rt.target().toString(), "fastcgi",
                    result instanceof FcgiResult.Response x ? x.status() : null,
                    result instanceof FcgiResult.Response x2 ? x2.elapsed()
                            : result instanceof FcgiResult.Timeout t ? t.waited() : Duration.ZERO,
                    result.describe(), at);
            Evidence probe = probe0;
            if (!rt.target().isUnix() && (result instanceof FcgiResult.Timeout
                    || result instanceof FcgiResult.Closed) && ctx.remaining().compareTo(Duration.ofMillis(100)) > 0) {
                // a server that waits for a line end (or drops binary input) may still be HTTP: ask it in HTTP
                Optional<String> status = httpStatusLine(endpoint.orElseThrow(), SocketTimes.min(ctx.remaining(), CALL));
                if (status.isPresent()) {
                    result = new FcgiResult.ProtocolError(FcgiResult.ProtocolError.Kind.HTTP_RESPONSE,
                            "answers HTTP: " + status.get() + " (it ignored the FastCGI request: " + result.describe()
                                    + ")", 0, "");
                    probe = new Evidence.Probe(rt.target().toString(), "http", null, Duration.ZERO,
                            "HEAD / answered '" + status.get() + "'", ctx.clock().instant());
                }
            }
            if (result instanceof FcgiResult.ProtocolError pe
                    && (pe.kind() == FcgiResult.ProtocolError.Kind.HTTP_RESPONSE
                    || pe.kind() == FcgiResult.ProtocolError.Kind.TLS_RESPONSE)) {
                findings.add(Finding.cause(CauseCode.PROXY_PROTOCOL_MISMATCH, Layer.PROXY, Severity.CRITICAL, 0.9,
                                name(rt.server()) + " speaks FastCGI to " + rt.target() + " (" + rt.route().location()
                                        + "), but an " + (pe.kind() == FcgiResult.ProtocolError.Kind.HTTP_RESPONSE
                                        ? "HTTP" : "TLS") + " server answers there (" + pe.what() + "): nginx logs "
                                        + "'upstream sent unsupported FastCGI protocol version: 72 while reading response "
                                        + "header from upstream' and answers 502")
                        .evidence(probe, routeLine(rt.server(), rt.route(), rt.target()))
                        .remediation("Point the route at PHP-FPM's listen address, or, if the upstream is an HTTP "
                                + "application, use proxy_pass http://" + rt.target() + " instead of fastcgi_pass.")
                        .httpStatus(502).build());
                continue;
            }
            if (pool.isPresent()) {
                fine.add(new Evidence.Observation(name(rt.server()) + " " + rt.route().location() + " reaches pool "
                        + pool.get().name() + " at " + rt.target()));
                fine.add(probe);
                continue;
            }
            if (result instanceof FcgiResult.Response) {
                fine.add(new Evidence.Observation("a FastCGI server answers at " + rt.target() + " ("
                        + rt.route().location() + "), though no pool of the given PHP-FPM configuration listens there"));
                continue;
            }
            boolean absent = result instanceof FcgiResult.Refused || result instanceof FcgiResult.NoSuchSocket
                    || result == null || result instanceof FcgiResult.Unreachable;
            if (!absent) {
                findings.add(Finding.symptom(Layer.PHP_FPM, Severity.WARNING, name(rt.server()) + "'s FastCGI upstream "
                        + rt.target() + " (" + rt.route().location() + ") gives no usable answer: "
                        + result.describe()).evidence(probe).build());
                continue;
            }
            if (poolsLive == null) {
                poolsLive = pools.stream().anyMatch(p -> endpoint(FpmConfigs.address(p).orElseThrow())
                        .map(e -> client.connect(e, SocketTimes.min(ctx.remaining(), CALL)).isEmpty()).orElse(false));
            }
            List<Evidence> ev = new ArrayList<>();
            ev.add(probe);
            ev.add(routeLine(rt.server(), rt.route(), rt.target()));
            pools.forEach(p -> ev.add(listenLine(p)));
            if (masterRunning != null) {
                ev.add(new Evidence.Observation(masterRunning ? "a php-fpm master process runs"
                        : "no php-fpm master process runs"));
            }
            String where = pools.isEmpty() ? "" : " while PHP-FPM is configured to listen on "
                    + String.join(", ", pools.stream().map(p -> p.name() + " " + FpmConfigs.address(p).orElseThrow())
                    .toList());
            String nginxSays = nginxSays(rt);
            if (poolsLive && !pools.isEmpty()) {
                findings.add(mismatch(rt, where, nginxSays, ev, 0.9, List.of(), false));
            } else if (pools.isEmpty() && Boolean.FALSE.equals(masterRunning)) {
                findings.add(down(rt, nginxSays, ev, 0.75, List.of()));
            } else if (pools.isEmpty()) {
                findings.add(down(rt, nginxSays, ev, 0.5, List.of("a php-fpm master process that runs but does not "
                        + "listen at " + rt.target() + " would make this a socket mismatch instead")));
            } else {
                List<String> decide = List.of("start PHP-FPM: if its pools then answer at "
                        + String.join(", ", pools.stream().map(p -> FpmConfigs.address(p).orElseThrow().toString())
                        .toList()) + " but " + rt.target() + " stays absent, the web server points at the wrong "
                        + "socket; if " + rt.target() + " appears, PHP-FPM was simply down");
                findings.add(mismatch(rt, where, nginxSays, ev, 0.45, decide, false));
                findings.add(down(rt, nginxSays, ev, Boolean.FALSE.equals(masterRunning) ? 0.55 : 0.4, decide));
            }
        }

        if (!here && !fastcgi.isEmpty()) {
            fine.add(new Evidence.Observation(FpmTarget.notLookedAt("the FastCGI targets")));
        }
        ladder(web.get(), fpm, fastcgi, findings, fine);
        if (findings.isEmpty()) {
            if (fine.isEmpty()) {
                fine.add(new Evidence.Observation("no FastCGI route and no route into a PHP-FPM socket"));
            }
            return CheckResult.passed(fine);
        }
        return CheckResult.findings(findings);
    }

    /** What the web server logs when nothing accepts at the route's target. */
    private static String nginxSays(ListenMatch.Routed rt) {
        return rt.target().isUnix()
                ? "'connect() to unix:" + rt.target().socket() + " failed (2: No such file or directory)'"
                : "'connect() failed (111: Connection refused) while connecting to upstream'";
    }

    /** A route to where no pool listens; {@code risk} when read from the two configurations alone. */
    private static Finding mismatch(ListenMatch.Routed rt, String where, String nginxSays, List<Evidence> ev,
                                    double confidence, List<String> decide, boolean risk) {
        Finding.Builder b = Finding.cause(CauseCode.PHPFPM_SOCKET_MISMATCH, Layer.PHP_FPM, Severity.CRITICAL, confidence,
                        name(rt.server()) + " passes PHP requests to " + rt.target() + " (" + rt.route().location()
                                + "), where no PHP-FPM pool listens" + where + "; it logs " + nginxSays
                                + " and answers 502")
                .evidence(ev)
                .remediation("Make the two agree: set the route (" + rt.route().location() + ") to the pool's listen "
                                + "address, or the pool's listen to " + rt.target() + ", then reload the web server or "
                                + "restart PHP-FPM.",
                        "Then request the site again: the " + rt.target() + " errors stop in the web server's error "
                                + "log once both sides name the same socket or port.")
                .httpStatus(502);
        decide.forEach(b::confirmWith);
        if (risk) {
            b.risk(); // read from the two configurations: borne out once the web server logs the failed connects
        }
        return b.build();
    }

    private static Finding down(ListenMatch.Routed rt, String nginxSays, List<Evidence> ev, double confidence,
                                List<String> decide) {
        Finding.Builder b = Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, confidence,
                        "nothing accepts FastCGI at " + rt.target() + ", where " + name(rt.server()) + " sends PHP "
                                + "requests (" + rt.route().location() + "): PHP-FPM is not running; the web server logs "
                                + nginxSays + " and answers 502 (Apache: 503)")
                .evidence(ev)
                .remediation("Start PHP-FPM (systemctl start php8.2-fpm) and read its log if it stops again.")
                .httpStatus(502);
        decide.forEach(b::confirmWith);
        return b.build();
    }

    /** Who holds a rung of the timeout ladder, outside in. */
    private enum Holder { BALANCER, PROXY, PHP_FPM, PHP }

    /** One rung of the timeout ladder. */
    private record Rung(Holder holder, String who, Duration timeout, Evidence line) {
        boolean outer() {
            return holder == Holder.BALANCER || holder == Holder.PROXY;
        }
    }

    private static void ladder(WebServers web, FpmTarget fpm, List<ListenMatch.Routed> fastcgi,
                               List<Finding> findings, List<Evidence> fine) {
        Optional<ListenMatch.Routed> lb = web.servers().stream().filter(s -> s.kind() == WebServer.Kind.HAPROXY)
                .flatMap(s -> s.routes().stream().filter(r -> !r.readTimeout().isZero() && !r.targets().isEmpty())
                        .map(r -> new ListenMatch.Routed(s, r, r.targets().get(0))))
                .min((a, b) -> a.route().readTimeout().compareTo(b.route().readTimeout()));
        Set<String> seen = new HashSet<>();
        for (ListenMatch.Routed rt : fastcgi) {
            Optional<FpmPool> pool = fpm.poolAt(rt.target());
            if (pool.isEmpty() || !seen.add(rt.route().location() + "|" + pool.get().name())) {
                continue;
            }
            FpmPool p = pool.get();
            List<Rung> rungs = rungs(lb, rt, p);
            String order = "timeout ladder for " + rt.route().location() + " -> pool " + p.name() + ", outside in: "
                    + String.join(", then ", rungs.stream().map(r -> r.who() + " " + FpmConfigs.seconds(r.timeout()))
                    .toList());
            // PHP-FPM and PHP never stop a script: only the outer rungs end a slow request, with a 504
            Optional<Rung> shortWait = rungs.stream().allMatch(Rung::outer)
                    ? rungs.stream().min((a, b) -> a.timeout().compareTo(b.timeout()))
                    .filter(first -> first.timeout().compareTo(SHORT_READ_TIMEOUT) <= 0) : Optional.empty();
            int before = findings.size();
            for (int k = 0; k + 1 < rungs.size(); k++) {
                Rung outer = rungs.get(k);
                Rung inner = rungs.get(k + 1);
                if (outer.timeout().compareTo(inner.timeout()) < 0 && !shortWait.equals(Optional.of(outer))) {
                    findings.add(inverted(outer, inner, p, order));
                }
            }
            shortWait.ifPresent(first -> findings.add(shortWait(first, p, order)));
            if (findings.size() == before && rungs.size() >= 2) {
                fine.add(new Evidence.Observation(order + ": each at least as long as the next, so the innermost limit "
                        + "ends a slow request first"));
            }
        }
    }

    /** The rungs of one FastCGI route, outside in; unlimited ones (0) are left out. */
    private static List<Rung> rungs(Optional<ListenMatch.Routed> lb, ListenMatch.Routed rt, FpmPool p) {
        List<Rung> rungs = new ArrayList<>();
        lb.ifPresent(b -> rungs.add(new Rung(Holder.BALANCER, "the load balancer (" + name(b.server()) + " "
                + (b.route().group().isEmpty() ? b.route().scope() : "backend " + b.route().group()) + ")",
                b.route().readTimeout(),
                new Evidence.ConfigLine(b.route().file(), b.route().line(), "timeout server",
                        FpmConfigs.seconds(b.route().readTimeout())))));
        if (!rt.route().readTimeout().isZero()) {
            rungs.add(new Rung(Holder.PROXY, name(rt.server()) + " (" + readDirective(rt.server()) + ")",
                    rt.route().readTimeout(), new Evidence.ConfigLine(rt.route().file(), rt.route().line(),
                    readDirective(rt.server()), FpmConfigs.seconds(rt.route().readTimeout()))));
        }
        Setting<Duration> rtt = p.requests().terminateTimeout();
        if (!rtt.value().isZero()) {
            rungs.add(new Rung(Holder.PHP_FPM, "PHP-FPM (request_terminate_timeout of pool " + p.name() + ")",
                    rtt.value(), FpmConfigs.evidence("request_terminate_timeout", rtt)));
        }
        Optional<Setting<Duration>> met = p.maxExecutionTime();
        if (met.isPresent() && !met.get().value().isZero()) {
            rungs.add(new Rung(Holder.PHP, "PHP (max_execution_time of pool " + p.name() + ")", met.get().value(),
                    FpmConfigs.evidence("max_execution_time", met.get())));
        }
        return rungs;
    }

    /** An outer rung shorter than the next one in: the outer hop gives up first. */
    private static Finding inverted(Rung outer, Rung inner, FpmPool p, String order) {
        boolean fpmKills = outer.holder() == Holder.PHP_FPM;
        String outcome = fpmKills
                ? "a script running longer than " + FpmConfigs.seconds(outer.timeout()) + " is killed by "
                + "PHP-FPM before PHP's own limit (" + FpmConfigs.seconds(inner.timeout()) + ") can end it "
                + "cleanly: PHP-FPM logs 'execution timed out ... terminating', nginx logs 'upstream "
                + "prematurely closed connection while reading response header from upstream' and visitors "
                + "get 502"
                : "a request running longer than " + FpmConfigs.seconds(outer.timeout()) + " makes "
                + outer.who() + " give up before " + inner.who() + " (" + FpmConfigs.seconds(inner.timeout())
                + "): visitors get 504 Gateway Timeout while the PHP worker keeps running, holding its slot";
        return Finding.cause(fpmKills ? CauseCode.PHPFPM_REQUEST_TIMEOUT : CauseCode.PROXY_UPSTREAM_TIMEOUT,
                        fpmKills ? Layer.PHP_FPM : layer(outer), Severity.WARNING, 0.45,
                        "timeouts in the wrong order: " + outer.who() + " waits "
                                + FpmConfigs.seconds(outer.timeout()) + ", less than " + inner.who() + " ("
                                + FpmConfigs.seconds(inner.timeout()) + "); " + outcome)
                .risk()
                .evidence(outer.line(), inner.line(), new Evidence.Observation(order))
                .remediation("Order the timeouts from the outside in: load balancer >= proxy read timeout >= "
                                + "request_terminate_timeout >= max_execution_time, each a few seconds longer "
                                + "than the next, so the innermost limit ends a slow request with a clear error.",
                        fpmKills ? "Lower max_execution_time below request_terminate_timeout (or raise the latter)."
                                : "Raise " + outer.who() + "'s timeout above " + FpmConfigs.seconds(inner.timeout())
                                + ", or lower the inner one.")
                .confirmWith(fpmKills ? "PHP-FPM's log shows 'execution timed out' for pool " + p.name()
                        : "the access log shows 504s for requests that took " + FpmConfigs.seconds(outer.timeout()))
                .httpStatus(fpmKills ? 502 : 504).build();
    }

    /** A short outer rung while PHP-FPM and PHP never stop a script: every slower script is a 504. */
    private static Finding shortWait(Rung first, FpmPool p, String order) {
        String wait = FpmConfigs.seconds(first.timeout());
        List<Evidence> ev = new ArrayList<>();
        ev.add(first.line());
        ev.add(FpmConfigs.evidence("request_terminate_timeout", p.requests().terminateTimeout()));
        ev.add(p.maxExecutionTime().map(m -> FpmConfigs.evidence("max_execution_time", m))
                .orElse(new Evidence.Observation("max_execution_time is not set in pool " + p.name()
                        + ": php.ini's applies, and on Linux it counts CPU time, not time spent waiting")));
        ev.add(new Evidence.Observation(order));
        return Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, layer(first), Severity.WARNING, 0.45,
                        first.who() + " waits only " + wait + " for pool " + p.name() + ", while PHP-FPM never stops "
                                + "a script (request_terminate_timeout = 0): any script slower than " + wait
                                + " makes it give up and visitors get 504 Gateway Timeout while the PHP worker keeps "
                                + "running, holding its slot")
                .risk()
                .evidence(ev)
                .remediation("Raise " + first.who() + "'s timeout to what the slowest legitimate page needs (nginx's "
                                + "and Apache's default is 60s), and keep it above request_terminate_timeout.",
                        "Set request_terminate_timeout in pool " + p.name() + " a few seconds below it, so PHP-FPM "
                                + "frees the worker of a script nobody waits for any more.")
                .confirmWith("the access log shows 504s for requests that took " + wait + ", or the web server's "
                        + "error log shows it timing out on the upstream")
                .httpStatus(504).build();
    }

    private static Layer layer(Rung r) {
        return r.holder() == Holder.BALANCER ? Layer.LOAD_BALANCER : Layer.PROXY;
    }

    private static String readDirective(WebServer s) {
        return switch (s.kind()) {
            case NGINX -> "fastcgi_read_timeout";
            case APACHE -> "ProxyTimeout/timeout=";
            case HAPROXY -> "timeout server";
        };
    }


    private static Optional<FcgiEndpoint> endpoint(Address a) {
        try {
            if (a.isUnix()) {
                return Optional.of(new FcgiEndpoint.Unix(a.socket()));
            }
            String h = a.host();
            return Optional.of(new FcgiEndpoint.Tcp(h.isEmpty() || h.equals("*") || h.equals("0.0.0.0")
                    ? "127.0.0.1" : h.equals("::") ? "::1" : h, a.port()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends {@code HEAD / HTTP/1.0} to a TCP endpoint and returns the status line when the answer is HTTP; empty
     * otherwise (nothing, not HTTP, a unix socket). Bounded by {@code timeLeft}.
     */
    static Optional<String> httpStatusLine(FcgiEndpoint endpoint, Duration timeLeft) {
        if (!(endpoint instanceof FcgiEndpoint.Tcp t) || timeLeft.toMillis() < 1) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeLeft.toNanos();
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(java.net.InetAddress.getByName(t.host()), t.port()),
                    (int) Math.max(1, timeLeft.toMillis()));
            s.getOutputStream().write("HEAD / HTTP/1.0\r\nHost: localhost\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buf = new byte[256];
            int n = 0;
            while (n < buf.length) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left < 1) {
                    break;
                }
                s.setSoTimeout((int) left);
                int r = s.getInputStream().read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                if (new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("\n")) {
                    break;
                }
            }
            String text = new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            int eol = text.indexOf('\r') >= 0 ? text.indexOf('\r') : text.indexOf('\n');
            String line = eol >= 0 ? text.substring(0, eol) : text;
            return line.matches("HTTP/\\d(\\.\\d)? \\d{3}.*") ? Optional.of(line.strip()) : Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Boolean masterRunning(CheckContext ctx) {
        ProcTable t = new ProcTable(proc);
        if (!t.available()) {
            return null;
        }
        ProcTable.Scan s = t.scan(ctx.clock().instant().plus(SocketTimes.min(ctx.remaining().dividedBy(4),
                Duration.ofSeconds(2))), ctx.clock());
        if (!s.masters().isEmpty()) {
            return true;
        }
        return s.complete() ? false : null;
    }

    private static Evidence routeLine(WebServer s, ProxyRoute r, Address a) {
        String directive = switch (s.kind()) {
            case NGINX -> r.protocol() == UpstreamProtocol.FASTCGI ? "fastcgi_pass" : "proxy_pass";
            case APACHE -> r.protocol() == UpstreamProtocol.FASTCGI ? "SetHandler/ProxyPass fcgi" : "ProxyPass";
            case HAPROXY -> "server";
        };
        // the line as written (proxy_pass http://edge_backend), then where it leads (→ unix:/run/php/www.sock)
        return org.gatewaydoctor.checks.phpfpm.internal.WrittenLine.cite(r.file(), r.line(), directive, a);
    }

    private static Evidence listenLine(FpmPool p) {
        return p.listen().address().map(s -> FpmConfigs.evidence("listen", s))
                .orElse(new Evidence.Observation("pool " + p.name() + " has no listen"));
    }

    private static String spell(Address a) {
        return a.toString();
    }

    private static String name(WebServer s) {
        return s.kind().name().toLowerCase(Locale.ROOT);
    }

    /** Small time helpers. */
    static final class SocketTimes {
        private SocketTimes() {
        }

        static Duration min(Duration a, Duration b) {
            return a.compareTo(b) < 0 ? a : b;
        }
    }
}
