package org.gatewaydoctor.checks.http;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.checks.http.internal.ProxyStack;
import org.gatewaydoctor.checks.http.internal.UpstreamProber;
import org.gatewaydoctor.checks.http.internal.UpstreamProber.Outcome;
import org.gatewaydoctor.checks.http.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.http.internal.signatures.ApacheSignatureProvider;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Gap;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Reads the proxy layer's configuration (nginx, Apache httpd, HAProxy: {@link Target#CONFIG_NGINX},
 * {@link Target#CONFIG_APACHE}, {@link Target#CONFIG_HAPROXY}), publishes every route as
 * {@link Facts#WEB_SERVERS} for the other modules' cross-checks, and tests what the routes point at:
 *
 * <ul>
 *   <li>an upstream named by a host name the proxy resolves per request (an nginx variable target, an
 *       {@code upstream} server with {@code resolve}) without a {@code resolver}, and a host name that does
 *       not resolve now: {@code proxy.upstream_dns_failure};</li>
 *   <li>nginx's {@code upstream sent too big header} in the shared log scan, with the
 *       {@code fastcgi_buffer_size}/{@code proxy_buffer_size} in effect and a size to raise it to:
 *       {@code proxy.header_too_big};</li>
 *   <li>a live probe of every HTTP and HTTPS upstream (each connect and read at most 2 s, all within the
 *       check's deadline; FastCGI upstreams are left to the PHP-FPM checks): refused
 *       ({@code proxy.upstream_refused}), closed without a byte ({@code proxy.upstream_closed}), an answer
 *       that is not HTTP or a peer that does not speak TLS ({@code proxy.protocol_mismatch}), a certificate
 *       the proxy would reject because it verifies its upstream ({@code proxy.upstream_tls_failure});</li>
 *   <li>every server of a health-checked HAProxy backend ({@code check} on each server line) refusing:
 *       the checks mark them all DOWN and HAProxy answers 503 itself ({@code proxy.no_healthy_upstream});</li>
 *   <li>an HTTP upstream slower than the route's read timeout (the probe then waits that timeout and a
 *       second more, never past the deadline; when the timeout is unknown, unlimited or longer than the
 *       time left, it waits the usual 2 s and judges nothing about speed): {@code proxy.upstream_timeout};</li>
 *   <li>an upstream whose response head (status line and headers, read up to
 *       {@link UpstreamProber#MAX_HEAD} bytes) exceeds what the proxy accepts: HAProxy's
 *       {@code tune.bufsize - tune.maxrewrite}, nginx's {@code proxy_buffer_size}:
 *       {@code proxy.header_too_big};</li>
 *   <li>what {@code nginx -t}, {@code apachectl -t} or {@code haproxy -c} would reject (binary data, an
 *       include cycle, an unclosed block, an unknown keyword...): {@code proxy.config_invalid}, a warning (the
 *       running server keeps its previous configuration) with each problem at {@code file:line}.</li>
 * </ul>
 *
 * <p>What it could not read (a file over the size limit, not a regular file, includes or blocks nested past
 * the parsers' limits) is returned as {@link Gap}s: the diagnosis is then never healthy on the proxy's
 * configuration.
 *
 * <pre>{@code
 * Target t = Target.builder().config(Target.CONFIG_NGINX, Path.of("/etc/nginx/nginx.conf")).build();
 * GatewayDoctor.builder().include(Facts.WEB_SERVERS_CHECK).build().diagnose(t);
 * }</pre>
 */
public final class ProxyConfigCheck implements Check {

    /** This check's id, {@link Facts#WEB_SERVERS_CHECK}. */
    public static final String ID = Facts.WEB_SERVERS_CHECK;
    /** The most upstream probes one run makes. */
    public static final int MAX_PROBES = 32;
    private static final Duration MARGIN = Duration.ofMillis(300);

    private final UpstreamProber.Resolver resolver;
    private final boolean probe;

    /** The check with the system resolver and live probes, for {@link java.util.ServiceLoader}. */
    public ProxyConfigCheck() {
        this(InetAddress::getAllByName, true);
    }

    /** A check with its own resolver; {@code probe} false reads configuration only (tests of fixtures naming real hosts). */
    ProxyConfigCheck(UpstreamProber.Resolver resolver, boolean probe) {
        this.resolver = resolver;
        this.probe = probe;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.PROXY;
    }

    @Override
    public String title() {
        return "Proxy configuration: routes, upstream names and live upstreams";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(15);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws InterruptedException {
        Target target = ctx.target();
        if (target.config(Target.CONFIG_NGINX).isEmpty() && target.config(Target.CONFIG_APACHE).isEmpty()
                && target.config(Target.CONFIG_HAPROXY).isEmpty()) {
            return CheckResult.notApplicable("no nginx, Apache or HAProxy configuration was given");
        }
        ProxyStack stack = ProxyStack.read(target);
        ctx.publish(Facts.WEB_SERVERS, new WebServers(stack.servers()));
        ctx.publish(Facts.DOCUMENT_ROOTS, new org.gatewaydoctor.facts.DocumentRoots(stack.roots()));
        ctx.publish(Facts.LISTENERS, new org.gatewaydoctor.facts.Listeners(stack.listeners()));
        ctx.publish(Facts.UPSTREAM_NAMES, new org.gatewaydoctor.facts.UpstreamNames(stack.names().stream()
                .filter(n -> !n.variable()).map(ProxyStack.NameUse::fact).toList()));
        List<Finding> findings = new ArrayList<>();
        List<Evidence> notes = new ArrayList<>();
        notes.add(new Evidence.Observation(summary(stack)));
        problems(stack, findings);
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "gateway-doctor-upstream-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, InetAddress[]> resolved = names(ctx, stack, pool, findings, notes);
            headerBuffers(ctx, stack, findings);
            if (probe) {
                probes(ctx, stack, resolved, pool, findings, notes);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Gap> gaps = gaps(stack);
        if (findings.isEmpty()) {
            return CheckResult.passed(notes.stream().map(e -> e.redacted(ctx.redactor()::redact)).toList())
                    .withGaps(gaps);
        }
        return CheckResult.findings(findings.stream().map(f -> f.redacted(ctx.redactor()::redact)).toList())
                .withGaps(gaps);
    }

    private static String summary(ProxyStack stack) {
        StringBuilder sb = new StringBuilder("read ");
        for (WebServer s : stack.servers()) {
            if (sb.length() > 5) {
                sb.append("; ");
            }
            sb.append(s.kind().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(s.config()).append(": ")
                    .append(s.routes().size()).append(s.routes().size() == 1 ? " route" : " routes");
            if (!s.user().isEmpty()) {
                sb.append(", workers run as ").append(s.user());
            }
        }
        return sb.toString();
    }

    // ---- configuration problems

    private static void problems(ProxyStack stack, List<Finding> findings) {
        List<ConfigProblem> errors = stack.problems().stream()
                .filter(p -> p.severity() == ConfigProblem.Severity.ERROR).toList();
        if (errors.isEmpty()) {
            return;
        }
        String who = software(stack);
        String first = errors.get(0).message();
        Finding.Builder b = Finding.cause(CauseCode.PROXY_CONFIG_INVALID, Layer.PROXY, Severity.WARNING, 0.9,
                who + " would refuse this configuration: " + (first.length() > 200 ? first.substring(0, 200) + "..." : first)
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "")
                        + "; it cannot reload or start with it, and until then what is read here may not be what it runs")
                .risk();
        errors.stream().limit(10).forEach(p -> b.evidence(new Evidence.Observation(p.toString())));
        b.remediation("Run the server's own test (nginx -t, apachectl configtest, haproxy -c -f FILE) and fix each "
                        + "line it names before the next reload",
                "Do not restart the server until the test passes: a running server keeps its previous configuration, "
                        + "a restarted one would not come up")
                .confirmWith("nginx -t, apachectl -t or haproxy -c -f FILE fails with the same message");
        findings.add(b.build());
    }

    /** The servers read, in words: {@code nginx}, {@code Apache httpd and HAProxy}. */
    private static String software(ProxyStack stack) {
        List<String> names = stack.servers().stream().map(WebServer::kind).distinct().map(k -> switch (k) {
            case NGINX -> "nginx";
            case APACHE -> "Apache httpd";
            case HAPROXY -> "HAProxy";
        }).toList();
        return names.isEmpty() ? "the proxy" : String.join(" or ", names);
    }

    /** The parts of the configuration that were not read, as gaps of this check's result. */
    private static List<Gap> gaps(ProxyStack stack) {
        return stack.problems().stream().filter(p -> p.severity() == ConfigProblem.Severity.UNREAD)
                .map(p -> new Gap(p.line() > 0 ? p.file() + ":" + p.line() : p.file(), p.message(),
                        !stack.servers().isEmpty() && stack.servers().stream().anyMatch(s -> !s.routes().isEmpty())))
                .distinct().limit(20).toList();
    }

    // ---- names

    private Map<String, InetAddress[]> names(CheckContext ctx, ProxyStack stack, ExecutorService pool,
                                             List<Finding> findings, List<Evidence> notes) throws InterruptedException {
        Map<String, InetAddress[]> resolved = new HashMap<>();
        Map<String, Future<InetAddress[]>> lookups = new LinkedHashMap<>();
        for (ProxyStack.NameUse n : stack.names()) {
            if (n.kind() == WebServer.Kind.NGINX && n.runtime() && !n.resolver()) {
                findings.add(noResolver(n));
                continue;
            }
            if ((n.kind() == WebServer.Kind.NGINX || n.kind() == WebServer.Kind.HAPROXY) && n.runtime()
                    && !n.resolvers().isEmpty()) {
                // nginx (its resolver directive) and HAProxy (its resolvers section) ask only their own name
                // servers at run time, not this host's resolver: dns.names (checks-dns) asks those
                continue;
            }
            if (!n.variable() && !lookups.containsKey(n.host())) {
                lookups.put(n.host(), pool.submit(() -> resolver.resolve(n.host())));
            }
        }
        Map<String, String> failed = new HashMap<>();
        for (Map.Entry<String, Future<InetAddress[]>> e : lookups.entrySet()) {
            Duration left = ctx.remaining().minus(MARGIN);
            long wait = Math.min(UpstreamProber.STEP.toMillis(), Math.max(0, left.toMillis()));
            try {
                resolved.put(e.getKey(), e.getValue().get(wait, TimeUnit.MILLISECONDS));
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                notes.add(new Evidence.Observation("the lookup of " + e.getKey() + " took longer than " + wait
                        + " ms; not judged"));
            } catch (java.util.concurrent.ExecutionException ex) {
                failed.put(e.getKey(), String.valueOf(ex.getCause().getMessage()));
            }
        }
        for (ProxyStack.NameUse n : stack.names()) {
            String why = failed.remove(n.host());
            if (why != null) {
                findings.add(unresolved(n, why));
            }
        }
        return resolved;
    }

    private static Finding noResolver(ProxyStack.NameUse n) {
        String what = n.variable() ? "a host name taken from a variable (" + n.host() + ")" : "the host name " + n.host();
        return Finding.cause(CauseCode.PROXY_UPSTREAM_DNS_FAILURE, Layer.PROXY, Severity.CRITICAL,
                        n.variable() ? 0.6 : 0.9, "nginx must resolve " + what + " while serving requests, but no "
                                + "resolver is configured: each such request fails with 502 and the error log says "
                                + "\"no resolver defined to resolve " + (n.variable() ? "NAME" : n.host()) + "\"")
                .risk()
                .evidence(configLine(n.file(), n.line(), n.directive()))
                .evidence(new Evidence.Observation("no resolver directive is in effect for this " + (n.runtime()
                        && n.directive().startsWith("server") ? "upstream server" : "location")))
                .remediation("Add a resolver in the http block, e.g. \"resolver 127.0.0.53 valid=30s;\" (a name "
                                + "server this host can reach; see /etc/resolv.conf), then nginx -t and reload",
                        "Or, when the upstream's address is fixed, write it in an upstream {} block (resolved once at "
                                + "start) instead of through a variable")
                .confirmWith("the nginx error log shows \"no resolver defined to resolve\" for this name")
                .httpStatus(502)
                .build();
    }

    private static Finding unresolved(ProxyStack.NameUse n, String why) {
        boolean perRequest = n.runtime() || n.kind() == WebServer.Kind.APACHE;
        String software = software(n.kind());
        return Finding.cause(CauseCode.PROXY_UPSTREAM_DNS_FAILURE, Layer.PROXY,
                        perRequest ? Severity.CRITICAL : Severity.WARNING, perRequest ? 0.85 : 0.7,
                        "the upstream host name " + n.host() + " does not resolve from this host"
                                + (perRequest ? ": " + software + " resolves it when proxying, so those requests fail"
                                : ": " + software + " resolved it when it started, but it will refuse to reload or "
                                        + "start until the name resolves again"))
                .evidence(configLine(n.file(), n.line(), n.directive()))
                .evidence(new Evidence.Probe(n.host(), "dns", null, Duration.ZERO, "lookup failed: " + why, null))
                .remediation("Check the name for typos and that its DNS record exists (dig " + n.host() + ")",
                        "If the upstream has a fixed address, write the address instead of the name",
                        "Check /etc/hosts and /etc/resolv.conf on this host")
                .httpStatus(502)
                .build();
    }

    // ---- header buffers

    private static void headerBuffers(CheckContext ctx, ProxyStack stack, List<Finding> findings) {
        if (stack.buffers().isEmpty() || ctx.target().logs().isEmpty()) {
            return;
        }
        LogScan scan;
        try {
            scan = ctx.logScan();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Optional<SignatureHits> hits = scan.hits("nginx.too-big-header");
        if (hits.isEmpty() || hits.get().count() == 0) {
            return;
        }
        SignatureHits h = hits.get();
        Map<String, Long> upstreams = h.fields().getOrDefault("upstream", Map.of());
        List<ProxyStack.HeaderBuffer> matched = new ArrayList<>();
        for (ProxyStack.HeaderBuffer b : stack.buffers()) {
            boolean hit = upstreams.keySet().stream().anyMatch(u -> matches(u, b));
            if (hit) {
                matched.add(b);
            }
        }
        if (matched.isEmpty()) {
            matched = stack.buffers().stream().filter(b -> b.module().equals("fastcgi") || b.module().equals("proxy"))
                    .limit(1).toList();
        }
        Map<String, ProxyStack.HeaderBuffer> distinct = new LinkedHashMap<>();
        matched.forEach(b -> distinct.putIfAbsent(b.module() + "@" + b.bufferSize().where(), b));
        for (ProxyStack.HeaderBuffer b : distinct.values()) {
            long size = b.bufferSize().value();
            long raise = Math.max(32 * 1024, Long.highestOneBit(size) * 4);
            long each = Math.max(b.buffers().value().size(), raise / 2);
            long count = Math.max(b.buffers().value().count(), (2 * Math.max(raise, each) + each - 1) / each + 2);
            String name = b.module() + "_buffer_size";
            Finding.Builder f = Finding.cause(CauseCode.PROXY_HEADER_TOO_BIG, Layer.PROXY, Severity.CRITICAL, 0.9,
                            "nginx rejected upstream responses whose headers did not fit " + name + " ("
                                    + kib(size) + ") " + h.count() + (h.count() == 1 ? " time" : " times")
                                    + ": each was a 502")
                    .evidence(h.samples().stream().limit(2).toList())
                    .evidence(b.bufferSize().isDefault()
                            ? new Evidence.Observation(name + " is not set: nginx's default is one memory page ("
                                    + kib(size) + ")")
                            : configLine(b.bufferSize().file(), b.bufferSize().line(), name + " " + kib(size)))
                    .evidence(new Evidence.Measurement("nginx error-log lines: upstream sent too big header", h.count(),
                            "lines"))
                    .remediation("Raise it to " + kib(raise) + " where the pass at " + b.passFile() + ":" + b.passLine()
                                    + " takes effect: \"" + name + " " + kib(raise) + "; " + b.module() + "_buffers "
                                    + count + " " + kib(each) + ";\" (the buffers must grow too, or nginx -t fails "
                                    + "with \"" + b.module() + "_busy_buffers_size\" must be less than the size of all \""
                                    + b.module() + "_buffers\" minus one buffer)",
                            "Run nginx -t, reload, and watch the error log for the message",
                            "Find what makes the headers that large (many or huge Set-Cookie headers, a plugin "
                                    + "adding headers) and trim it")
                    .httpStatus(502);
            findings.add(f.build());
        }
    }

    private static boolean matches(String upstream, ProxyStack.HeaderBuffer b) {
        int sep = upstream.indexOf("://");
        if (sep < 0) {
            return false;
        }
        String scheme = upstream.substring(0, sep);
        String where = upstream.substring(sep + 3);
        boolean module = b.module().equals("proxy") ? scheme.startsWith("http") : scheme.equals(b.module());
        return module && b.targets().stream().anyMatch(a -> a.toString().equals(where)
                || (a.isUnix() && where.startsWith("unix:" + a.socket())));
    }

    private static String kib(long bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + "k" : Long.toString(bytes);
    }

    // ---- probes

    /** One probe to make: a route and one of its addresses. */
    private record Job(ProxyStack.Route route, Address address, InetAddress ip) {
    }

    /** A probe made: its job, what it found, and that as evidence. */
    private record Probed(Job job, UpstreamProber.Result result, Evidence.Probe probe) {
    }

    private void probes(CheckContext ctx, ProxyStack stack, Map<String, InetAddress[]> resolved, ExecutorService pool,
                        List<Finding> findings, List<Evidence> notes) throws InterruptedException {
        UpstreamProber prober = new UpstreamProber(ctx.clock());
        Map<String, Job> jobs = new LinkedHashMap<>();
        for (ProxyStack.Route r : stack.routes()) {
            UpstreamProtocol p = r.route().protocol();
            if (p != UpstreamProtocol.HTTP && p != UpstreamProtocol.HTTPS) {
                continue;
            }
            for (Address a : r.route().targets()) {
                InetAddress ip = null;
                if (!a.isUnix()) {
                    String host = a.host().isEmpty() ? "127.0.0.1" : a.host();
                    InetAddress[] ips = resolved.get(host);
                    if (ips == null) {
                        try {
                            ips = UpstreamProber.isIpLiteral(host) ? new InetAddress[] {InetAddress.getByName(host)} : null;
                        } catch (java.net.UnknownHostException e) {
                            ips = null;
                        }
                    }
                    if (ips == null || ips.length == 0) {
                        continue;
                    }
                    ip = ips[0];
                }
                String key = p + " " + a + " " + r.tls();
                if (jobs.size() < MAX_PROBES) {
                    jobs.putIfAbsent(key, new Job(r, a, ip));
                }
            }
        }
        Instant deadline = ctx.deadline().minus(MARGIN);
        Map<Job, Future<UpstreamProber.Result>> running = new LinkedHashMap<>();
        for (Job j : jobs.values()) {
            running.put(j, pool.submit(() -> j.route().route().protocol() == UpstreamProtocol.HTTPS
                    ? prober.tls(j.address(), j.ip(), j.route().tls(), deadline)
                    : prober.http(j.address(), j.ip(), j.route().hostHeader(), patience(ctx, j.route(), deadline),
                            deadline)));
        }
        Map<ProxyStack.Route, List<Probed>> refusedChecked = new LinkedHashMap<>();
        Map<ProxyStack.Route, List<Evidence.Probe>> answered = new LinkedHashMap<>();
        for (Map.Entry<Job, Future<UpstreamProber.Result>> e : running.entrySet()) {
            long wait = Math.max(0, Duration.between(ctx.clock().instant(), deadline).toMillis());
            UpstreamProber.Result result;
            try {
                result = e.getValue().get(wait, TimeUnit.MILLISECONDS);
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                notes.add(new Evidence.Observation("the probe of " + e.getKey().address() + " did not finish before "
                        + "the check's deadline"));
                continue;
            } catch (java.util.concurrent.ExecutionException ex) {
                notes.add(new Evidence.Observation("the probe of " + e.getKey().address() + " failed: "
                        + ex.getCause()));
                continue;
            }
            Job j = e.getKey();
            Evidence.Probe evidence = new Evidence.Probe(j.address().toString(),
                    j.route().route().protocol() == UpstreamProtocol.HTTPS ? "tls" : "http", result.status(),
                    result.latency(), result.detail(), result.at());
            if (result.outcome() == Outcome.REFUSED && j.route().healthChecked()) {
                refusedChecked.computeIfAbsent(j.route(), r -> new ArrayList<>()).add(new Probed(j, result, evidence));
                continue;
            }
            Optional<Finding> f = result.outcome() == Outcome.CHAIN_TOO_LONG
                    ? Optional.of(chainTooLong(j, result, evidence, chainTooLongLines(ctx)))
                    : judge(j, result, evidence);
            if (f.isPresent()) {
                findings.add(f.get());
            } else {
                notes.add(evidence);
                if (result.outcome() == Outcome.OK) {
                    answered.computeIfAbsent(j.route(), r -> new ArrayList<>()).add(evidence);
                }
            }
        }
        answered.forEach((route, probes) -> {
            long all = jobs.values().stream().filter(j -> j.route().equals(route)).count();
            if (probes.size() == all) {
                stillMarkedDown(ctx, route, probes).ifPresent(findings::add);
            }
        });
        refusedChecked.forEach((route, refused) -> {
            long all = jobs.values().stream().filter(j -> j.route().equals(route)).count();
            if (refused.size() == all) {
                findings.add(noHealthyServer(route, refused.stream().map(Probed::probe).toList()));
            } else {
                refused.forEach(p -> judge(p.job(), p.result(), p.probe()).ifPresent(findings::add));
            }
        });
    }

    /**
     * How long a probe waits for an HTTP answer: the route's read timeout and a second more, so an upstream
     * slower than the proxy allows shows as such; the usual step when the timeout is unknown, unlimited, or
     * longer than the time left.
     */
    private static Duration patience(CheckContext ctx, ProxyStack.Route route, Instant deadline) {
        Duration read = route.route().readTimeout();
        Duration longer = read.plusSeconds(1);
        if (read.isZero() || longer.compareTo(Duration.between(ctx.clock().instant(), deadline)) > 0) {
            return UpstreamProber.STEP;
        }
        return longer.compareTo(UpstreamProber.STEP) > 0 ? longer : UpstreamProber.STEP;
    }

    /**
     * Every server of an nginx upstream group answers now, yet nginx's error log says recently that it
     * had no live upstream in that group: nginx still counts them as failed until fail_timeout passes.
     */
    private static Optional<Finding> stillMarkedDown(CheckContext ctx, ProxyStack.Route route,
                                                     List<Evidence.Probe> probes) {
        if (route.kind() != WebServer.Kind.NGINX || !route.healthChecked() || ctx.logs().files().isEmpty()) {
            return Optional.empty();
        }
        LogScan scan;
        try {
            scan = ctx.logScan();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        Optional<SignatureHits> hits = scan.hits("nginx.no-live-upstreams").filter(h -> h.count() > 0
                && h.lastSeen() != null && !h.lastSeen().isBefore(ctx.clock().instant().minus(NginxErrorLogCheck.RECENT))
                && h.fields().getOrDefault("upstream", Map.of()).keySet().stream()
                .anyMatch(u -> u.matches("[a-z]+://" + java.util.regex.Pattern.quote(route.route().group()) + "(/.*)?")));
        return hits.map(h -> Finding.cause(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, Layer.PROXY, Severity.CRITICAL, 0.85,
                        "every server of nginx's upstream " + route.route().group() + " answers now, but nginx still "
                                + "counts them as failed: its error log says 'no live upstreams' "
                                + LogCauseReport.times(h.count()) + ", and nginx tries a failed server again only "
                                + "after its fail_timeout, answering 502 until then")
                .evidence(h.samples().stream().limit(2).toList())
                .evidence(probes)
                .evidence(configLine(route.route().file(), route.route().line(), route.directive()))
                .remediation("Wait for fail_timeout to pass, or reload nginx (systemctl reload nginx) to clear the "
                                + "failure counts now that the servers are back",
                        "Find why every server failed at once (the error lines before 'no live upstreams'); a lower "
                                + "fail_timeout shortens such outages after a recovery")
                .httpStatus(502)
                .build());
    }

    /** Every server of a route whose proxy marks failing servers down refuses: requests find no server at all. */
    private static Finding noHealthyServer(ProxyStack.Route route, List<Evidence.Probe> probes) {
        String servers = probes.stream().map(Evidence.Probe::target).collect(java.util.stream.Collectors.joining(", "));
        boolean haproxy = route.kind() == WebServer.Kind.HAPROXY;
        String group = haproxy ? "HAProxy's " + route.route().scope() : "nginx's upstream " + route.route().group();
        return Finding.cause(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, haproxy ? Layer.LOAD_BALANCER : Layer.PROXY,
                        Severity.CRITICAL, 0.95, "every server of " + group + " refuses connections (" + servers + "): "
                                + (haproxy ? "its health checks mark them all DOWN, so HAProxy has no server for the "
                                + "requests and answers 503 itself" : "nginx marks each down after max_fails failures, "
                                + "then has no live upstream for the requests and answers 502"))
                .evidence(probes)
                .evidence(configLine(route.route().file(), route.route().line(), route.directive()))
                .evidence(new Evidence.Observation(haproxy ? "every server line of " + route.route().scope()
                        + " has 'check': HAProxy health-checks them" : "every server of upstream "
                        + route.route().group() + " has max_fails above 0: nginx takes failing ones out"))
                .remediation("Start the application behind " + group + " (or fix the addresses of its servers)",
                        haproxy ? "HAProxy marks a server UP again after 'rise' successful checks; its log says when "
                                + "and why each left ('is DOWN, reason:')" : "nginx tries a server again only after "
                                + "its fail_timeout: expect 502s for that long after the servers are back")
                .confirmWith(haproxy ? "HAProxy's log shows 'has no server available!' and <NOSRV> SC-- request lines"
                        : "nginx's error log shows 'no live upstreams while connecting to upstream'")
                .httpStatus(haproxy ? 503 : 502)
                .build();
    }

    private static Optional<Finding> judge(Job j, UpstreamProber.Result r, Evidence.Probe probe) {
        ProxyStack.Route route = j.route();
        String sw = software(route.kind());
        String target = j.address().toString();
        Evidence where = configLine(route.route().file(), route.route().line(), route.directive());
        Finding.Builder b;
        switch (r.outcome()) {
            case REFUSED, CONNECT_FAILED -> b = Finding.cause(CauseCode.PROXY_UPSTREAM_REFUSED, Layer.PROXY,
                            Severity.CRITICAL, r.outcome() == Outcome.REFUSED ? 0.95 : 0.8,
                            sw + " proxies " + route.route().scope() + " of " + route.route().server() + " to " + target
                                    + ", where nothing accepts connections")
                    .remediation("Start the application that should listen on " + target + " (or check why it stopped: "
                                    + "its service status and log)",
                            "If it listens elsewhere now, point " + route.directive() + " at that address, test the "
                                    + "configuration and reload")
                    .httpStatus(route.kind() == WebServer.Kind.NGINX ? 502 : 503);
            case CONNECT_TIMEOUT -> b = Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.PROXY, Severity.WARNING,
                            0.6, "connecting to the upstream " + target + " timed out: a firewall drops the packets or "
                                    + "the upstream host is overloaded")
                    .remediation("Check that " + target + " is up and reachable from this host (firewall rules, "
                            + "routing)")
                    .httpStatus(504);
            case CLOSED -> b = Finding.cause(CauseCode.PROXY_UPSTREAM_CLOSED, Layer.PROXY, Severity.WARNING, 0.6,
                            "the upstream " + target + " accepted the connection and closed it without answering an "
                                    + "HTTP request")
                    .remediation("Check that " + target + " is an HTTP server: PHP-FPM and other FastCGI servers "
                                    + "close the connection on an HTTP request, and then the route needs fastcgi_pass "
                                    + "(nginx) or a proxy:fcgi:// handler (Apache) instead",
                            "Otherwise check the upstream application's log for crashes or connection limits")
                    .confirmWith("the PHP-FPM checks show whether a pool listens on " + target)
                    .httpStatus(502);
            case FASTCGI, TLS_ANSWER, NOT_HTTP, NOT_TLS -> b = Finding.cause(CauseCode.PROXY_PROTOCOL_MISMATCH,
                            Layer.PROXY, Severity.CRITICAL, 0.9, sw + " speaks "
                                    + (route.route().protocol() == UpstreamProtocol.HTTPS ? "HTTPS" : "HTTP") + " to "
                                    + target + ", which " + mismatch(r.outcome()))
                    .remediation(fix(r.outcome(), route))
                    .httpStatus(502);
            case TLS_CLOSED, TLS_FAILED -> b = Finding.cause(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, Layer.PROXY,
                            Severity.WARNING, 0.7, "the TLS handshake with the upstream " + target + " fails")
                    .remediation("Check that " + target + " serves TLS on this port and shares a protocol version "
                            + "and cipher with " + sw)
                    .httpStatus(502);
            case CERT_EXPIRED, CERT_UNTRUSTED, CERT_NAME -> b = Finding.cause(CauseCode.PROXY_UPSTREAM_TLS_FAILURE,
                            Layer.PROXY, Severity.CRITICAL, 0.9, sw + " verifies the certificate of the upstream "
                                    + target + " and would reject it: " + r.detail())
                    .evidence(new Evidence.Observation("certificate verification is on: " + route.tlsWhere()))
                    .remediation(r.outcome() == Outcome.CERT_EXPIRED ? "Renew the upstream's certificate"
                                    : r.outcome() == Outcome.CERT_NAME ? "Issue the upstream a certificate for the name "
                                    + "the proxy checks, or set that name (proxy_ssl_name, verifyhost)"
                                    : "Give the proxy the CA that issued the upstream's certificate (proxy_ssl_trusted_"
                                    + "certificate, SSLProxyCACertificateFile, ca-file)",
                            "Test the configuration and reload")
                    .httpStatus(502);
            case OK, NO_ANSWER -> {
                Optional<Finding.Builder> slow = slow(route, r, target);
                Optional<Finding.Builder> big = r.outcome() == Outcome.OK ? tooBig(route, r, target) : Optional.empty();
                if (slow.isEmpty() && big.isEmpty()) {
                    return Optional.empty();
                }
                b = big.orElseGet(slow::get);
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(b.evidence(probe).evidence(where).build());
    }

    /** The id of Apache's {@code AH02040 ... Certificate Chain too long} signature towards a backend. */
    static final String CHAIN_TOO_LONG = ApacheSignatureProvider.PREFIX + "tls-proxy-chain-too-long";

    /** Apache's lines saying it rejected a backend's chain as too long, when the diagnosis read logs with some. */
    private static Optional<SignatureHits> chainTooLongLines(CheckContext ctx) throws InterruptedException {
        if (ctx.target().logs().isEmpty() && ctx.logs().files().isEmpty()) {
            return Optional.empty();
        }
        return ctx.logScan().hits(CHAIN_TOO_LONG).filter(h -> h.count() > 0);
    }

    /**
     * Apache verifies the upstream's chain with a verify depth the chain exceeds ({@code SSLProxyVerifyDepth}, 1
     * when not set, while almost every CA signs through an intermediate): mod_ssl rejects the handshake with
     * {@code AH02040: Certificate Verification: Certificate Chain too long} and Apache answers 500. A risk read
     * from the configuration and the upstream's chain, until Apache's log shows it happening.
     */
    private static Finding chainTooLong(Job j, UpstreamProber.Result r, Evidence.Probe probe,
                                        Optional<SignatureHits> lines) {
        ProxyStack.Route route = j.route();
        UpstreamProber.TlsPolicy tls = route.tls();
        String target = j.address().toString();
        String depth = "SSLProxyVerifyDepth " + tls.maxDepth() + (tls.depthWhere().isEmpty() ? " (mod_ssl's default)"
                : "");
        String needs = r.detail().replaceFirst(".* through (\\d+) certificates.*", "$1");
        String fix = "Set SSLProxyVerifyDepth " + needs + " (or more) beside SSLProxyVerify require"
                + (route.tlsWhere().isEmpty() ? "" : " (" + route.tlsWhere() + ")")
                + ", then apachectl configtest and reload Apache";
        Finding.Builder b = Finding.cause(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, Layer.PROXY,
                        lines.isPresent() ? Severity.CRITICAL : Severity.WARNING, lines.isPresent() ? 0.95 : 0.6,
                        "Apache verifies the upstream " + target + " with " + depth + ", but its certificate reaches "
                                + "the trusted CA only through " + needs + " certificates: mod_ssl rejects the chain "
                                + "as too long and visitors get Apache's 500 Proxy Error"
                                + (lines.isPresent() ? " (" + lines.get().count() + (lines.get().count() == 1
                                ? " time" : " times") + " in Apache's error log)" : ""))
                .evidence(probe)
                .evidence(configLine(route.route().file(), route.route().line(), route.directive()))
                .evidence(new Evidence.Observation("certificate verification is on: " + route.tlsWhere()))
                .evidence(new Evidence.Observation(tls.depthWhere().isEmpty() ? "SSLProxyVerifyDepth is not set: "
                        + "mod_ssl's default is " + ProxyStack.APACHE_VERIFY_DEPTH : depth + ": " + tls.depthWhere()))
                .remediation(fix)
                .confirmWith("Apache's error log shows 'Certificate Verification: Certificate Chain too long' "
                        + "(AH02040) for [remote " + target + "]")
                .httpStatus(500);
        if (lines.isEmpty()) {
            return b.risk().build();
        }
        return b.evidence(lines.get().samples().stream().limit(2).toList())
                .evidence(new Evidence.Measurement("Apache error-log lines: Certificate Chain too long",
                        lines.get().count(), "lines"))
                .build();
    }

    /** The upstream answered (or not) later than the route's read timeout allows: the proxy gives up first. */
    private static Optional<Finding.Builder> slow(ProxyStack.Route route, UpstreamProber.Result r, String target) {
        Duration read = route.route().readTimeout();
        if (read.isZero() || r.latency().compareTo(read) <= 0) {
            return Optional.empty();
        }
        String sw = software(route.kind());
        String took = r.outcome() == Outcome.OK ? "answered only after " + r.latency().toMillis() + " ms"
                : "had not answered after " + r.latency().toMillis() + " ms";
        return Optional.of(Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.PROXY, Severity.CRITICAL, 0.85,
                        "the upstream " + target + " " + took + ", longer than " + sw + "'s read timeout of "
                                + read.toMillis() + " ms for " + route.route().scope() + ": " + sw + " gives up and "
                                + "visitors get " + (route.kind() == WebServer.Kind.APACHE ? "502 or 504" : "504"))
                .evidence(new Evidence.Measurement("read timeout of " + route.route().scope(), read.toMillis(), "ms"))
                .remediation("Find why " + target + " is slow (its own slow log, the database, external calls) "
                                + "before raising any timeout",
                        "If those requests must take long, raise the read timeout for them only ("
                                + readTimeoutName(route.kind()) + ")")
                .httpStatus(route.kind() == WebServer.Kind.APACHE ? 502 : 504));
    }

    /** The upstream's response head does not fit what the proxy accepts. */
    private static Optional<Finding.Builder> tooBig(ProxyStack.Route route, UpstreamProber.Result r, String target) {
        if (route.headerLimit().isEmpty() || r.headerBytes() <= route.headerLimit().get().bytes()) {
            return Optional.empty();
        }
        ProxyStack.HeaderLimit limit = route.headerLimit().get();
        String sw = software(route.kind());
        String size = r.headerBytes() >= UpstreamProber.MAX_HEAD ? "more than " + r.headerBytes()
                : Long.toString(r.headerBytes());
        return Optional.of(Finding.cause(CauseCode.PROXY_HEADER_TOO_BIG, Layer.PROXY, Severity.CRITICAL, 0.9,
                        "the upstream " + target + " answers with " + size + " bytes of status line and headers, more "
                                + "than the " + limit.bytes() + " bytes " + sw + " accepts (" + limit.how() + "): "
                                + sw + " rejects each such response and visitors get 502")
                .evidence(new Evidence.Measurement("response head of " + target, r.headerBytes(), "bytes"),
                        new Evidence.Measurement(limit.how() + " (" + limit.where() + ")", limit.bytes(), "bytes"))
                .remediation(route.kind() == WebServer.Kind.HAPROXY
                                ? "Raise tune.bufsize in HAProxy's global section above the response head plus "
                                + "tune.maxrewrite (e.g. " + Math.max(32768, Long.highestOneBit(r.headerBytes()) * 2)
                                + "), test with haproxy -c and reload; memory per connection grows with it"
                                : "Raise proxy_buffer_size (and proxy_buffers) above the response head, then nginx -t "
                                + "and reload",
                        "Trim what makes the headers that large at " + target + " (big or many cookies, long "
                                + "Content-Security-Policy or Link headers)")
                .httpStatus(502));
    }

    private static String readTimeoutName(WebServer.Kind k) {
        return switch (k) {
            case NGINX -> "proxy_read_timeout / fastcgi_read_timeout";
            case APACHE -> "ProxyTimeout or timeout= on the worker";
            case HAPROXY -> "timeout server in the backend";
        };
    }

    private static String mismatch(Outcome o) {
        return switch (o) {
            case FASTCGI -> "answers with FastCGI records: it is a FastCGI server (PHP-FPM?)";
            case TLS_ANSWER -> "answers with TLS: it expects HTTPS";
            case NOT_TLS -> "does not speak TLS: it is a plain-HTTP port";
            default -> "does not answer with HTTP";
        };
    }

    private static String fix(Outcome o, ProxyStack.Route route) {
        return switch (o) {
            case FASTCGI -> "Talk FastCGI to it: fastcgi_pass (nginx) or SetHandler \"proxy:fcgi://...\" (Apache) "
                    + "instead of " + route.directive();
            case TLS_ANSWER -> "Use https:// in " + route.directive() + " (HAProxy: add ssl to the server line)";
            case NOT_TLS -> "Use http:// in " + route.directive() + " (HAProxy: drop ssl from the server line), or "
                    + "enable TLS on the upstream";
            default -> "Point " + route.directive() + " at the port where the application speaks HTTP";
        };
    }

    private static String software(WebServer.Kind k) {
        return switch (k) {
            case NGINX -> "nginx";
            case APACHE -> "Apache";
            case HAPROXY -> "HAProxy";
        };
    }

    private static Evidence configLine(String file, int line, String directive) {
        int space = directive.indexOf(' ');
        return new Evidence.ConfigLine(file, Math.max(0, line), space < 0 ? directive : directive.substring(0, space),
                space < 0 ? "" : directive.substring(space + 1));
    }
}
