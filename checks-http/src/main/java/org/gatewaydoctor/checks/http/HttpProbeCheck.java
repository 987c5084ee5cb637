package org.gatewaydoctor.checks.http;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.gatewaydoctor.checks.http.internal.ProbeDns;
import org.gatewaydoctor.checks.http.internal.Responder;
import org.gatewaydoctor.checks.http.internal.SiteResolver;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.gatewaydoctor.checks.http.probe.ProbeFindings;
import org.gatewaydoctor.checks.http.tls.Trust;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.ProbedPage;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.NameResolver;
import org.gatewaydoctor.spi.Redactor;

/**
 * Requests the target's URL once, the way a visitor would, and says who answered and what.
 *
 * <p>One GET, bounded in every step by the check's deadline, reading at most 64 KiB of body, following
 * redirects only on the same host. The site's name is resolved by the {@link org.gatewaydoctor.spi.NameResolver} on
 * the path ({@code checks-dns}: {@code --dns-server} or the system's resolver), called by this check under its own
 * deadline, so it waits for no other check; without one, by the JVM. The answer is attributed from its headers and body: nginx's and
 * Apache's own error pages, Cloudflare ({@code cf-ray}) and CloudFront. Cloudflare's 520-526 errors map
 * to {@code edge.*} causes; an edge relaying the origin's own 502/504 page to {@code edge.origin_error};
 * a TLS failure to {@code tls.*}. A 502, 503 or 504 whose cause the answer alone cannot name is a
 * critical symptom: the log checks name the cause. 2xx and 3xx pass.
 *
 * <pre>{@code
 * Target t = Target.builder().url("https://example.org/").build();
 * // with the engine: GatewayDoctor.builder().include("http.probe").build().diagnose(t)
 * }</pre>
 */
public final class HttpProbeCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.probe";
    private static final Duration MAX_MARGIN = Duration.ofMillis(500);

    private final SSLSocketFactory tls;
    private final HttpProber.Resolver resolver;
    private final HttpProber.Connector connector;
    private final Supplier<SiteResolver.Discovered> names;

    /**
     * A probe resolving with the {@link org.gatewaydoctor.spi.NameResolver} found on the path (else the JVM's
     * resolver) and the JVM's default trust store, for {@link java.util.ServiceLoader}.
     */
    public HttpProbeCheck() {
        // the default TLS factory is made on the first https probe: listing checks or reading logs needs none
        this(InetAddress::getAllByName, new org.gatewaydoctor.checks.http.internal.DeferredTls(), HttpProber.DIRECT,
                SiteResolver::discovered);
    }

    /** A probe with its own resolver and TLS settings (tests use loopback resolvers and test CAs). */
    HttpProbeCheck(HttpProber.Resolver resolver, SSLSocketFactory tls) {
        this(resolver, tls, HttpProber.DIRECT);
    }

    /** A probe that also opens its connections its own way (tests answer an IPv6 leg without IPv6 sockets). */
    HttpProbeCheck(HttpProber.Resolver resolver, SSLSocketFactory tls, HttpProber.Connector connector) {
        this(resolver, tls, connector, () -> SiteResolver.Discovered.NONE);
    }

    /** A probe whose names go to {@code names}' provider first, {@code resolver} without one (tests). */
    HttpProbeCheck(HttpProber.Resolver resolver, SSLSocketFactory tls, HttpProber.Connector connector,
                   Supplier<SiteResolver.Discovered> names) {
        this.tls = tls;
        this.resolver = resolver;
        this.connector = connector;
        this.names = names;
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
        return "The site answers over HTTP";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        URI url = ctx.target().url();
        if (url == null) {
            return CheckResult.notApplicable("no URL was given");
        }
        Duration left = ctx.remaining();
        Duration margin = left.dividedBy(10).compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : left.dividedBy(10);
        Duration budget = left.minus(margin);
        Instant at = ctx.clock().instant();
        SiteResolver names = SiteResolver.of(ctx, this.names.get(), resolver);
        HttpProber prober = new HttpProber(names, tls, HttpProber.USER_AGENT, connector);
        if (ctx.target().option(Trust.CA_FILE_OPTION).isPresent()) {
            try {
                prober = new HttpProber(names, Trust.socketFactory(Trust.of(ctx.target())), HttpProber.USER_AGENT,
                        connector);
            } catch (IllegalArgumentException e) {
                return CheckResult.notApplicable(e.getMessage());
            }
        }
        Map<HttpProber.Family, HttpProber.Visit> visits = prober.visitPerFamily(url,
                System.nanoTime() + budget.toNanos());
        Redactor redactor = ctx.redactor();
        boolean both = visits.size() > 1;
        // the first classification loads the catalogue: never let it take more than half of what is left
        long classifyBy = System.nanoTime() + ctx.remaining().dividedBy(2).toNanos();

        Map<HttpProber.Family, List<Evidence>> evidence = new EnumMap<>(HttpProber.Family.class);
        Optional<Evidence> resolvedBy = names.note(url);
        visits.forEach((family, visit) -> {
            List<Evidence> probes = new ArrayList<>();
            resolvedBy.ifPresent(probes::add);
            for (HttpProber.Outcome hop : visit.hops()) {
                probes.add(probe(hop, redactor, at, both ? family.label() + " " : ""));
            }
            probes.add(ProbeFindings.timings(visit.last(), both ? family.label() + " " : "", redactor));
            if (visit.last() instanceof HttpProber.Response r && r.status() >= 400) {
                // who wrote the error page: becomes the diagnosis's errorSource
                ProbeFindings.attribution(r, classifyBy).ifPresent(a -> {
                    probes.add(a.evidence(at));
                    if (ctx.fact(Facts.PROBED_PAGE).isEmpty()) { // the application's checks tie it to their findings
                        ctx.publish(Facts.PROBED_PAGE, new ProbedPage(r.url(), r.status(), a.source(),
                                a.matchedPage().map(org.gatewaydoctor.checks.http.edge.Fingerprint::id).orElse(null), at));
                    }
                });
            }
            evidence.put(family, probes);
        });

        List<Finding> findings = new ArrayList<>();
        List<Evidence> passed = new ArrayList<>();
        Map<HttpProber.Family, CheckResult> results = new EnumMap<>(HttpProber.Family.class);
        visits.forEach((family, visit) -> results.put(family, judge(visit, evidence.get(family), redactor, budget)));
        // what the visitor's connection did, under the dns.* code of what DNS says, so that the ranking merges it
        // into the DNS checks' cause
        visits.forEach((family, visit) -> {
            if (visit.last() instanceof HttpProber.Failure f) {
                Optional<NameResolver.Answer> answer = names.answer(url.getHost());
                Optional<Finding> dns = f.kind() == HttpProber.Kind.DNS
                        ? ProbeDns.unresolved(url, answer, evidence.get(family))
                        : ProbeDns.refusedElsewhere(ctx.target(), url, f, answer, evidence.get(family));
                dns.ifPresent(d -> {
                    List<Finding> all = new ArrayList<>();
                    if (f.kind() != HttpProber.Kind.DNS && results.get(family) instanceof CheckResult.Findings old) {
                        all.addAll(old.findings());
                    }
                    all.add(d.redacted(redactor::redact));
                    results.put(family, CheckResult.findings(all.toArray(Finding[]::new)));
                });
            }
        });
        if (both) {
            CheckResult v4 = results.get(HttpProber.Family.IPV4);
            CheckResult v6 = results.get(HttpProber.Family.IPV6);
            if (v4 instanceof CheckResult.Passed != v6 instanceof CheckResult.Passed) {
                HttpProber.Family bad = v4 instanceof CheckResult.Passed ? HttpProber.Family.IPV6 : HttpProber.Family.IPV4;
                HttpProber.Family good = bad == HttpProber.Family.IPV6 ? HttpProber.Family.IPV4 : HttpProber.Family.IPV6;
                List<Evidence> all = new ArrayList<>(evidence.get(bad));
                all.addAll(evidence.get(good));
                findings.add(Finding.cause(CauseCode.DNS_WRONG_ADDRESS, Layer.DNS, Severity.CRITICAL, 0.6,
                                url.getHost() + " fails over " + bad.label() + " but works over " + good.label()
                                        + ": visitors whose network prefers " + bad.label() + " get the failure (its "
                                        + (bad == HttpProber.Family.IPV6 ? "AAAA" : "A") + " record points where the "
                                        + "site does not answer properly)")
                        .evidence(all)
                        .remediation("Point the " + (bad == HttpProber.Family.IPV6 ? "AAAA" : "A") + " record at the "
                                        + "address the site really answers on, or remove it if the host has no working "
                                        + bad.label() + ".",
                                "Or make the web server listen on " + bad.label() + " too (nginx: listen [::]:443 ssl;).")
                        .confirmWith("curl -" + (bad == HttpProber.Family.IPV6 ? "6" : "4") + " -sI " + redactor.redact(
                                url.toString()) + " fails where curl -" + (bad == HttpProber.Family.IPV6 ? "4" : "6")
                                + " works")
                        .build());
            }
        }
        for (CheckResult r : results.values()) {
            if (r instanceof CheckResult.Findings f) {
                findings.addAll(f.findings());
            } else if (r instanceof CheckResult.Passed p) {
                passed.addAll(p.evidence());
            }
        }
        if (findings.isEmpty()) {
            return CheckResult.passed(passed.toArray(Evidence[]::new));
        }
        return CheckResult.findings(findings.toArray(Finding[]::new));
    }

    /** What one visit (one address family) says. */
    private CheckResult judge(HttpProber.Visit visit, List<Evidence> probes, Redactor redactor, Duration budget) {
        Finding loop = ProbeFindings.redirects(visit, probes, redactor);
        if (loop != null) {
            return CheckResult.findings(loop);
        }
        HttpProber.Outcome last = visit.last();
        if (last instanceof HttpProber.Response r) {
            CheckResult answer = answered(r, visit, probes, redactor, visit.hops().size() - 1);
            Responder who = Responder.of(r);
            Layer layer = who.edge() ? Layer.EDGE : Responder.HAPROXY.equals(who.name()) ? Layer.LOAD_BALANCER : Layer.PROXY;
            List<Finding> extra = ProbeFindings.body(r, probes, layer);
            if (extra.isEmpty()) {
                return answer;
            }
            List<Finding> all = new ArrayList<>(extra);
            if (answer instanceof CheckResult.Findings f) {
                all.addAll(0, f.findings());
            }
            return CheckResult.findings(all.toArray(Finding[]::new));
        }
        return CheckResult.findings(ProbeFindings.failure((HttpProber.Failure) last, probes, redactor, budget));
    }

    private static Evidence probe(HttpProber.Outcome hop, Redactor redactor, Instant at, String family) {
        if (hop instanceof HttpProber.Response r) {
            Responder who = Responder.of(r);
            String outcome = family + r.status() + (r.reason().isEmpty() ? "" : " " + HttpPrintable.of(r.reason()))
                    + " from " + who.name()
                    + (who.originPage().isEmpty() ? "" : " (relaying " + who.originPage() + "'s error page from the origin)")
                    + (HttpProber.isRedirect(r.status()) && !r.header("location").isEmpty()
                            ? " to " + HttpPrintable.of(r.header("location")) : "");
            return ProbeFindings.evidence(hop, outcome, redactor, at);
        }
        return ProbeFindings.evidence(hop, family + ((HttpProber.Failure) hop).message(), redactor, at);
    }

    private CheckResult answered(HttpProber.Response r, HttpProber.Visit visit, List<Evidence> probes, Redactor redactor,
                                 int redirects) {
        Responder who = Responder.of(r);
        int status = r.status();
        Layer layer = who.edge() ? Layer.EDGE : Responder.HAPROXY.equals(who.name()) ? Layer.LOAD_BALANCER : Layer.PROXY;
        String by = who.name();
        String cfRay = r.header("cf-ray");
        List<Evidence> evidence = new ArrayList<>(probes);
        if (!cfRay.isEmpty()) {
            evidence.add(new Evidence.Observation("Cloudflare Ray ID " + HttpPrintable.of(cfRay)
                    + " (give it to Cloudflare support to trace this request)"));
        }

        if (status < 400) {
            String note = "answered " + status + " from " + by + " in " + r.latency().toMillis() + " ms"
                    + (redirects > 0 ? " after " + redirects + (redirects == 1 ? " redirect" : " redirects") : "");
            if (HttpProber.isRedirect(status)) {
                URI next = HttpProber.redirectTarget(r.url(), r.header("location"));
                note += next != null && !HttpProber.sameHost(r.url(), next)
                        ? "; it redirects to another host (" + next.getHost() + "), which this probe does not follow"
                        : "; the redirect was not followed further";
            }
            evidence.add(new Evidence.Observation(redactor.redact(note)));
            return CheckResult.passed(evidence.toArray(Evidence[]::new));
        }
        if (status < 500) {
            evidence.add(new Evidence.Observation(redactor.redact("answered " + status + " from " + by
                    + ": a client error for this URL, not a gateway failure")));
            return CheckResult.passed(evidence.toArray(Evidence[]::new));
        }

        if (Responder.CLOUDFLARE.equals(by) && status >= 520 && status <= 526) {
            return CheckResult.findings(cloudflare(status, evidence));
        }
        if (who.edge() && (status == 502 || status == 504) && !who.originPage().isEmpty()) {
            return CheckResult.findings(Finding.cause(CauseCode.EDGE_ORIGIN_ERROR, Layer.EDGE, Severity.CRITICAL, 0.85,
                            by + " passes on a " + status + " that the origin's " + who.originPage()
                                    + " produced: the failure is at the origin, behind " + who.originPage())
                    .evidence(evidence)
                    .httpStatus(status)
                    .remediation("Look at the origin, not at " + by + ": " + who.originPage() + "'s error log at the "
                                    + "time of this request names the cause (give it with --logs).",
                            "Test the origin directly, bypassing " + by + " (curl --resolve host:443:<origin IP>), to "
                                    + "see the same " + status + ".")
                    .build());
        }
        return CheckResult.findings(symptom(status, r, who, layer, evidence));
    }

    private static Finding symptom(int status, HttpProber.Response r, Responder who, Layer layer, List<Evidence> evidence) {
        String by = who.name();
        String reason = r.reason().isEmpty() ? "" : " " + HttpPrintable.of(r.reason());
        String summary;
        Severity severity = Severity.CRITICAL;
        Layer findingLayer = layer;
        List<String> steps = new ArrayList<>();
        switch (status) {
            case 502 -> {
                summary = "The site answers 502" + reason + " from " + by + ": "
                        + (who.edge() ? by + " got no valid answer from the origin"
                                : layer == Layer.LOAD_BALANCER ? by + " got no valid answer from its backend server "
                                        + "(closed, reset, or headers it would not accept)"
                                : by + " got no valid answer from what it passes requests to (PHP-FPM or the application)");
                steps.add("Read " + (who.edge() ? "the origin's" : by + "'s") + " error log around the time of this "
                        + "probe; give it to gateway-doctor with --logs (e.g. /var/log/nginx/ and the PHP-FPM log) to "
                        + "have the cause named.");
            }
            case 503 -> {
                summary = "The site answers 503" + reason + " from " + by
                        + (by.equals("Apache")
                                ? ": Apache's mod_proxy cannot reach its backend (Apache answers 503 where nginx "
                                        + "answers 502, e.g. when PHP-FPM is down)"
                                : layer == Layer.LOAD_BALANCER
                                ? ": HAProxy has no server available for this request (every server of the backend "
                                        + "is down or full)"
                                : ": the server or what it proxies to is unavailable or rate-limiting");
                steps.add("Read the server's error log around the time of this probe; if a maintenance mode or a "
                        + "rate limit (nginx limit_req/limit_conn) is active, that explains a 503.");
            }
            case 504 -> {
                summary = "The site answers 504" + reason + " from " + by + ": what it waits for did not answer "
                        + "within its timeout";
                steps.add("Find the slow part: the proxy's error log says which upstream timed out, PHP-FPM's "
                        + "slowlog which script was slow.");
            }
            case 500 -> {
                // nginx's or Apache's own 500 page means the server itself failed; otherwise the application did.
                boolean ownPage = Responder.nginxPage(r.bodyText()) || Responder.apachePage(r.bodyText());
                findingLayer = ownPage || who.edge() ? layer : Layer.APPLICATION;
                summary = "The site answers 500" + reason + " from " + by + ": the application (or the server itself) "
                        + "fails; this is an internal error, not a gateway error";
                steps.add("Read the PHP error log (or WordPress's wp-content/debug.log with WP_DEBUG_LOG on) for the "
                        + "fatal error behind it.");
            }
            default -> {
                severity = Severity.WARNING;
                summary = "The site answers " + status + reason + " from " + by;
                steps.add("Read the server's error log around the time of this probe.");
            }
        }
        steps.add("Probe again after a fix: gateway-doctor diagnose --url ... also shows whether it is intermittent.");
        return Finding.symptom(findingLayer, severity, summary)
                .evidence(evidence)
                .httpStatus(status)
                .remediation(steps.toArray(String[]::new))
                .confirmWith("the error logs of " + (who.edge() ? "the origin" : by) + " and PHP-FPM at the same minute")
                .build();
    }

    private static Finding cloudflare(int status, List<Evidence> evidence) {
        CauseCode code;
        String summary;
        String[] steps;
        double confidence = 0.85;
        switch (status) {
            case 520 -> {
                code = CauseCode.EDGE_ORIGIN_INVALID_RESPONSE;
                confidence = 0.7;
                summary = "Cloudflare got an empty, reset or malformed answer from the origin (error 520)";
                steps = new String[] {
                    "Read the origin web server's error log at the time of the Ray ID: a crash, a reset connection or "
                            + "an empty reply from the application are the usual reasons.",
                    "Check the origin does not send oversized headers (Cloudflare limits them, cookies included)."};
            }
            case 521 -> {
                code = CauseCode.EDGE_ORIGIN_UNREACHABLE;
                summary = "The origin refuses Cloudflare's connections (error 521: web server is down)";
                steps = new String[] {
                    "Make sure the web server runs on the origin and listens on the port Cloudflare uses (80/443).",
                    "Allow Cloudflare's IP ranges (https://www.cloudflare.com/ips/) in the origin's firewall and "
                            + "security plugins: blocking them looks like a refused connection."};
            }
            case 522 -> {
                code = CauseCode.EDGE_ORIGIN_UNREACHABLE;
                summary = "Cloudflare's connections to the origin time out (error 522)";
                steps = new String[] {
                    "Check the origin is up and not overloaded, and that its firewall does not drop Cloudflare's IP "
                            + "ranges (https://www.cloudflare.com/ips/).",
                    "Check the A/AAAA records in Cloudflare's DNS point at the origin's current address."};
            }
            case 523 -> {
                code = CauseCode.EDGE_ORIGIN_UNREACHABLE;
                summary = "Cloudflare cannot reach the origin (error 523: origin is unreachable)";
                steps = new String[] {
                    "Check the A/AAAA records in Cloudflare's DNS point at the origin's current address (after a "
                            + "move to a new host they often still point at the old one).",
                    "Check the origin's network: routing and upstream provider."};
            }
            case 524 -> {
                code = CauseCode.EDGE_ORIGIN_TIMEOUT;
                summary = "The origin accepted Cloudflare's connection but sent no answer in time (error 524)";
                steps = new String[] {
                    "Find the slow request at the origin (PHP-FPM slowlog, the web server's error log) and make it "
                            + "faster; Cloudflare waits about 100 seconds.",
                    "Move long jobs (imports, exports, reports) out of web requests: WP-CLI, cron or a queue."};
            }
            case 525 -> {
                code = CauseCode.EDGE_ORIGIN_TLS_FAILURE;
                summary = "The TLS handshake between Cloudflare and the origin fails (error 525)";
                steps = new String[] {
                    "Check the origin serves TLS on 443 for this host name (with SNI): openssl s_client -connect "
                            + "<origin IP>:443 -servername <host>.",
                    "Or set Cloudflare's SSL mode to match what the origin supports."};
            }
            default -> {
                code = CauseCode.EDGE_ORIGIN_TLS_FAILURE;
                summary = "The origin's certificate is not valid for Cloudflare's Full (strict) mode (error 526)";
                steps = new String[] {
                    "Install a valid certificate for the host name on the origin (a Cloudflare Origin CA certificate "
                            + "works) and renew it before it expires."};
            }
        }
        return Finding.cause(code, Layer.EDGE, Severity.CRITICAL, confidence, summary)
                .evidence(evidence)
                .httpStatus(status)
                .remediation(steps)
                .confirmWith("Cloudflare's own error page and support can trace the Ray ID to the failing leg")
                .build();
    }

    /** Header values and reasons come from the network: keep them short and printable. */
    private static final class HttpPrintable {
        private HttpPrintable() {
        }

        static String of(String s) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length() && sb.length() < 200; i++) {
                char c = s.charAt(i);
                sb.append(c < 0x20 || c == 0x7f ? '?' : c);
            }
            return sb.toString();
        }
    }
}
