package org.gatewaydoctor.checks.http.probe;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocketFactory;
import org.gatewaydoctor.checks.http.internal.SiteResolver;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.FpmPool;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * The edge-versus-origin differential: the site's URL as visitors get it (through the edge: CDN, load
 * balancer, proxy) and the same request sent straight to each origin given with {@code --origin} (the
 * URL's Host header and TLS server name, the origin's address), at the same moment.
 *
 * <ul>
 *   <li>Edge failing, origin answering us: the edge's leg to the origin is what breaks. By the edge's
 *       status: a timeout ({@code edge.origin_timeout}), TLS ({@code edge.origin_tls_failure}), else the
 *       edge cannot reach or use the origin ({@code edge.origin_unreachable}: a firewall or allowlist
 *       that blocks the edge's addresses, the edge pointing elsewhere).</li>
 *   <li>Edge failing, origin failing the same request: the origin's failure decides: refused or dropped
 *       ({@code edge.origin_unreachable}), TLS ({@code edge.origin_tls_failure}), no answer in time
 *       ({@code edge.origin_timeout}), a broken answer ({@code edge.origin_invalid_response}), or its own
 *       5xx ({@code edge.origin_error}: the diagnosis continues inside the origin, with the log and
 *       PHP-FPM checks).</li>
 *   <li>Edge answering from its cache while the origin fails: {@code edge.stale_cache_masking}.</li>
 * </ul>
 *
 * <p>Not applicable without a URL or without an origin.
 */
public final class EdgeOriginCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.edge-origin";

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gateway-doctor-edge-origin");
        t.setDaemon(true);
        return t;
    });

    private final HttpProber.Resolver resolver;
    /** Whether names go to the {@link org.gatewaydoctor.spi.NameResolver} on the path first (not in tests). */
    private boolean discover;
    private final SSLSocketFactory tls;

    /**
     * The check resolving with the {@link org.gatewaydoctor.spi.NameResolver} on the path (else the JVM's
     * resolver) and the JVM's trust store, for {@link java.util.ServiceLoader}.
     */
    public EdgeOriginCheck() {
        this(InetAddress::getAllByName, null);
        this.discover = true;
    }

    /** A check with its own resolver and TLS settings ({@code tls} null: from the target's trust). */
    EdgeOriginCheck(HttpProber.Resolver resolver, SSLSocketFactory tls) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.tls = tls;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.EDGE;
    }

    @Override
    public String title() {
        return "The edge and the origin answer the same request";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(20);
    }

    /** After the PHP-FPM configuration check, so its pools can be the third leg. */
    @Override
    public java.util.Set<String> runsAfter() {
        return java.util.Set.of(Facts.FPM_POOLS_CHECK);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        URI url = ctx.target().url();
        if (url == null) {
            return CheckResult.notApplicable("no URL was given");
        }
        List<Origins.Origin> origins;
        try {
            origins = Origins.parse(ctx.target().option(Origins.OPTION).orElse(null));
        } catch (IllegalArgumentException e) {
            return CheckResult.notApplicable(e.getMessage());
        }
        if (origins.isEmpty()) {
            return CheckResult.notApplicable("no origin was given (--origin IP[:PORT])");
        }
        HttpProber prober;
        try {
            prober = HttpProber.forTarget(ctx.target(), SiteResolver.of(ctx, names(), resolver), tls);
        } catch (IllegalArgumentException e) {
            return CheckResult.notApplicable(e.getMessage());
        }
        Duration left = ctx.remaining();
        Duration margin = left.dividedBy(10).compareTo(Duration.ofMillis(500)) > 0 ? Duration.ofMillis(500)
                : left.dividedBy(10);
        long deadline = System.nanoTime() + left.minus(margin).toNanos();
        Instant at = ctx.clock().instant();

        Future<HttpProber.Visit> edgeRun = WORKERS.submit(() -> prober.visit(url, deadline));
        List<Future<HttpProber.Outcome>> originRuns = new ArrayList<>();
        for (Origins.Origin o : origins) {
            originRuns.add(WORKERS.submit(() -> prober.direct(url, o.leg(), deadline)));
        }
        // the third leg: straight to PHP-FPM, where its configuration is known
        List<Address> pools = ctx.fact(Facts.FPM_POOLS).map(f -> f.pools().stream().map(FpmPool::listen).distinct()
                .limit(4).toList()).orElse(List.of());
        List<Future<FastCgiLeg.Result>> fpmRuns = new ArrayList<>();
        for (Address a : pools) {
            fpmRuns.add(WORKERS.submit(() -> FastCgiLeg.probe(a, deadline)));
        }
        HttpProber.Visit edge;
        List<HttpProber.Outcome> origin = new ArrayList<>();
        List<FastCgiLeg.Result> fpm = new ArrayList<>();
        try {
            edge = edgeRun.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 200,
                    TimeUnit.MILLISECONDS);
            for (Future<HttpProber.Outcome> f : originRuns) {
                origin.add(f.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 200,
                        TimeUnit.MILLISECONDS));
            }
            for (Future<FastCgiLeg.Result> f : fpmRuns) {
                fpm.add(f.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 200,
                        TimeUnit.MILLISECONDS));
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            edgeRun.cancel(true);
            originRuns.forEach(f -> f.cancel(true));
            fpmRuns.forEach(f -> f.cancel(true));
            throw e;
        }

        Redactor redactor = ctx.redactor();
        List<Evidence> edgeEvidence = new ArrayList<>();
        for (HttpProber.Outcome hop : edge.hops()) {
            edgeEvidence.add(ProbeFindings.evidence(hop, "edge: " + describe(hop), redactor, at));
        }
        edgeEvidence.add(ProbeFindings.timings(edge.last(), "edge ", redactor));
        if (edge.last() instanceof HttpProber.Response r && r.status() >= 400) {
            ProbeFindings.errorPage(r, at, System.nanoTime() + ctx.remaining().dividedBy(2).toNanos())
                    .ifPresent(edgeEvidence::add);
        }

        for (FastCgiLeg.Result r : fpm) {
            edgeEvidence.add(new Evidence.Probe(redactor.redact(r.address().toString()), "fastcgi",
                    r.status() > 0 ? r.status() : null, r.latency(), redactor.redact("PHP-FPM directly: " + r.message()),
                    at));
        }
        List<Finding> findings = new ArrayList<>();
        List<Evidence> fine = new ArrayList<>(edgeEvidence);
        for (int i = 0; i < origins.size(); i++) {
            Origins.Origin o = origins.get(i);
            HttpProber.Outcome leg = origin.get(i);
            List<Evidence> evidence = new ArrayList<>(edgeEvidence);
            evidence.add(ProbeFindings.evidence(leg, "origin " + o.text() + " directly: " + describe(leg), redactor, at));
            evidence.add(ProbeFindings.timings(leg, "origin ", redactor));
            Finding f = Differential.judge(edge.last(), leg, o, evidence, redactor);
            if (f != null && CauseCode.EDGE_ORIGIN_ERROR.equals(f.cause()) && !fpm.isEmpty()) {
                f = withFpm(f, fpm);
            }
            if (f != null) {
                findings.add(f);
            } else {
                fine.addAll(evidence.subList(edgeEvidence.size(), evidence.size()));
            }
        }
        if (findings.isEmpty()) {
            fine.add(new Evidence.Observation("the edge and every origin answer the request alike", null));
            return CheckResult.passed(fine.toArray(Evidence[]::new));
        }
        return CheckResult.findings(findings.toArray(Finding[]::new));
    }

    /** The origin fails by itself: what the PHP-FPM leg says about where inside. */
    static Finding withFpm(Finding f, List<FastCgiLeg.Result> fpm) {
        List<String> down = fpm.stream().filter(r -> r.kind() != FastCgiLeg.Kind.ANSWERED)
                .map(FastCgiLeg.Result::message).toList();
        String more = down.isEmpty()
                ? "; PHP-FPM answers when asked directly (" + fpm.get(0).address() + "), so the failure sits between the "
                        + "web server and PHP-FPM (socket path, permissions, protocol) or in the site's own code"
                : "; PHP-FPM does not answer when asked directly (" + down.get(0) + "): the origin's web server has "
                        + "nothing to pass requests to (see phpfpm.down)";
        return new Finding(f.cause(), f.layer(), f.severity(), f.confidence(), f.summary() + more, f.evidence(),
                f.remediation(), f.confirmWith(), f.httpStatus());
    }

    static String describe(HttpProber.Outcome o) {
        if (o instanceof HttpProber.Response r) {
            String server = r.header("server");
            return r.status() + (r.reason().isEmpty() ? "" : " " + HttpProber.printable(r.reason(), 60))
                    + (server.isEmpty() ? "" : " (Server: " + HttpProber.printable(server, 60) + ")");
        }
        return ((HttpProber.Failure) o).message();
    }

    /** The decision table, apart from the I/O. */
    static final class Differential {
        /** An origin this much slower than the edge's failure answers after the edge gave up. */
        static final Duration SLOWER = Duration.ofMillis(500);

        private Differential() {
        }

        static boolean failing(HttpProber.Outcome o) {
            return !(o instanceof HttpProber.Response r) || r.status() >= 500;
        }

        /** The finding for one origin, or {@code null} when edge and origin agree that all is well. */
        static Finding judge(HttpProber.Outcome edge, HttpProber.Outcome origin, Origins.Origin o,
                             List<Evidence> evidence, Redactor redactor) {
            Finding f = decide(edge, origin, o, evidence, redactor);
            if (f == null || f.httpStatus() != null || !(edge instanceof HttpProber.Response r)) {
                return f;
            }
            return new Finding(f.cause(), f.layer(), f.severity(), f.confidence(), f.summary(), f.evidence(),
                    f.remediation(), f.confirmWith(), r.status());
        }

        private static Finding decide(HttpProber.Outcome edge, HttpProber.Outcome origin, Origins.Origin o,
                             List<Evidence> evidence, Redactor redactor) {
            String where = o.text();
            boolean edgeFails = failing(edge);
            boolean originFails = failing(origin);
            if (!edgeFails && !originFails) {
                return null;
            }
            if (!edgeFails) {
                HttpProber.Response r = (HttpProber.Response) edge;
                CacheStatus cache = CacheStatus.of(r);
                if (cache.cached()) {
                    return Finding.cause(CauseCode.EDGE_STALE_CACHE_MASKING, Layer.EDGE, Severity.CRITICAL,
                                    cache.stale() ? 0.9 : 0.75, "The edge answers " + r.status() + " from its cache ("
                                            + String.join(", ", cache.markers()) + ") while the origin " + where
                                            + " fails the same request (" + redactor.redact(describe(origin))
                                            + "): visitors get an old copy, and every page the cache does not hold "
                                            + "fails")
                            .evidence(evidence)
                            .httpStatus(r.status())
                            .remediation("Fix the origin first (the origin's own findings say why it fails).",
                                    "While you work, turn off what serves stale copies (Cloudflare 'Always Online', "
                                            + "Varnish grace, stale-if-error, BunnyCDN perma-cache) so you see the real "
                                            + "state, and monitor a page the cache never holds (/wp-login.php).")
                            .build();
                }
                return Finding.symptom(Layer.EDGE, Severity.WARNING, "The edge answers " + r.status()
                                + ", but the origin " + where + " fails the same request when asked directly ("
                                + redactor.redact(describe(origin)) + "): either the edge uses another origin (or "
                                + "port, or scheme) than " + where + ", or it serves from a cache without saying so")
                        .evidence(evidence)
                        .remediation("Check the origin address and port configured at the CDN or load balancer match "
                                + where + ".")
                        .build();
            }
            int edgeStatus = edge instanceof HttpProber.Response r ? r.status() : 0;
            String edgeWords = edgeStatus > 0 ? "answers " + edgeStatus : "fails (" + redactor.redact(describe(edge)) + ")";
            if (originFails) {
                return bothFail(edge, edgeWords, origin, where, evidence, redactor);
            }
            HttpProber.Response ok = (HttpProber.Response) origin;
            String originWords = "the origin " + where + " answers this request " + ok.status() + " in "
                    + ok.latency().toMillis() + " ms when asked directly";
            // the edge gave up sooner than the origin takes to answer: whatever status it says, that is a timeout
            boolean gaveUpFirst = edge instanceof HttpProber.Response er
                    && ok.latency().compareTo(er.latency().plus(SLOWER)) > 0;
            if (edgeStatus == 504 || edgeStatus == 524 || gaveUpFirst
                    || edge instanceof HttpProber.Failure f && (f.kind() == HttpProber.Kind.TIMEOUT)) {
                return Finding.cause(CauseCode.EDGE_ORIGIN_TIMEOUT, Layer.EDGE, Severity.CRITICAL,
                                gaveUpFirst ? 0.8 : 0.7, "The edge " + edgeWords + (gaveUpFirst ? " after "
                                        + edge.latency().toMillis() + " ms" : "") + " while " + originWords
                                        + ": the edge gives up on the origin before it answers (the origin is slower "
                                        + "than the edge's timeout, or slow only for the edge's requests)")
                        .evidence(evidence)
                        .remediation("Make the slow page faster at the origin (PHP-FPM slowlog, database) or move long "
                                        + "work out of web requests.",
                                "Or raise the edge's origin timeout above the origin's real response time (nginx "
                                        + "proxy_read_timeout, Varnish first_byte_timeout, HAProxy timeout server, "
                                        + "CloudFront origin response timeout; Cloudflare's is fixed at about 100 s "
                                        + "on most plans).")
                        .build();
            }
            if (edgeStatus == 525 || edgeStatus == 526) {
                return Finding.cause(CauseCode.EDGE_ORIGIN_TLS_FAILURE, Layer.EDGE, Severity.CRITICAL, 0.8,
                                "The edge " + edgeWords + " while " + originWords + ": the edge's TLS connection to "
                                        + "the origin fails (" + (edgeStatus == 525 ? "handshake" : "certificate not "
                                        + "valid for the edge") + ")")
                        .evidence(evidence)
                        .httpStatus(edgeStatus)
                        .remediation("Check the origin's certificate for the site's name (gateway-doctor's http.tls "
                                + "check looks at it with --origin) and the CDN's SSL mode.")
                        .build();
            }
            return Finding.cause(CauseCode.EDGE_ORIGIN_UNREACHABLE, Layer.EDGE, Severity.CRITICAL, 0.6,
                            "The edge " + edgeWords + " while " + originWords + ": the edge does not get through to "
                                    + "the origin: a firewall or allowlist that blocks the edge's addresses, rate "
                                    + "limiting or a security module refusing the edge, or the edge pointing at "
                                    + "another address or port")
                    .evidence(evidence)
                    .remediation("Allow the edge's address ranges in the origin's firewall and security plugins "
                                    + "(Cloudflare: https://www.cloudflare.com/ips/; CloudFront: the "
                                    + "CLOUDFRONT_ORIGIN_FACING ranges of ip-ranges.json).",
                            "Check the origin address, port and scheme configured at the edge match " + where + ".",
                            "Read the edge's own logs or error page: it names what failed (Cloudflare's Ray ID, "
                                    + "the proxy's error log).")
                    .build();
        }

        private static Finding bothFail(HttpProber.Outcome edge, String edgeWords, HttpProber.Outcome origin,
                                        String where, List<Evidence> evidence, Redactor redactor) {
            if (origin instanceof HttpProber.Response r) {
                return Finding.cause(CauseCode.EDGE_ORIGIN_ERROR, Layer.EDGE, Severity.CRITICAL, 0.8,
                                "The edge " + edgeWords + " and the origin " + where + " itself answers " + r.status()
                                        + " when asked directly: the failure is inside the origin, not between edge "
                                        + "and origin")
                        .evidence(evidence)
                        .remediation("Diagnose the origin: give gateway-doctor its logs (--logs) and configuration "
                                + "(--local on the origin) to name what behind its web server fails (PHP-FPM, the "
                                + "application, the database).")
                        .build();
            }
            HttpProber.Failure f = (HttpProber.Failure) origin;
            String originWords = "the origin " + where + " fails the same request when asked directly ("
                    + redactor.redact(f.message()) + ")";
            return switch (f.kind()) {
                case REFUSED, CONNECT_TIMEOUT, UNREACHABLE -> Finding.cause(CauseCode.EDGE_ORIGIN_UNREACHABLE,
                                Layer.EDGE, Severity.CRITICAL, 0.9, "The edge " + edgeWords + " because it cannot connect "
                                        + "to the origin: " + originWords + (f.kind() == HttpProber.Kind.REFUSED
                                        ? "; nothing listens there (the web server is down or listens elsewhere)"
                                        : "; the origin host is down or a firewall drops connections"))
                        .evidence(evidence)
                        .remediation(f.kind() == HttpProber.Kind.REFUSED
                                        ? "Start the origin's web server (systemctl status nginx / apache2) and make it "
                                                + "listen on " + where + " (ss -ltnp)."
                                        : "Check the origin host is up and its firewall (and the provider's) lets the "
                                                + "edge's addresses in on this port.",
                                "Then probe again: the edge's error goes away once the origin accepts connections.")
                        .build();
                case TLS -> Finding.cause(CauseCode.EDGE_ORIGIN_TLS_FAILURE, Layer.EDGE, Severity.CRITICAL, 0.85,
                                "The edge " + edgeWords + " and " + originWords + ": TLS between edge and origin fails")
                        .evidence(evidence)
                        .remediation("Fix the origin's certificate or TLS settings for the site's name (the http.tls "
                                + "check names the exact problem), or match the edge's origin TLS mode to what the "
                                + "origin offers.")
                        .build();
                case TIMEOUT, TRICKLE -> Finding.cause(CauseCode.EDGE_ORIGIN_TIMEOUT, Layer.EDGE, Severity.CRITICAL, 0.8,
                                "The edge " + edgeWords + " and " + originWords + ": the origin accepts the connection "
                                        + "but does not answer in time")
                        .evidence(evidence)
                        .remediation("Find what the origin waits on: busy PHP-FPM workers (pm.max_children), a slow "
                                        + "database, a hung script; give gateway-doctor the origin's logs.",
                                "Raising the edge's timeout only hides it.")
                        .build();
                case CLOSED, RESET, PROTOCOL, MALFORMED_STATUS, HEADERS_TOO_BIG -> Finding.cause(
                                CauseCode.EDGE_ORIGIN_INVALID_RESPONSE, Layer.EDGE, Severity.CRITICAL, 0.85,
                                "The edge " + edgeWords + " because the origin's answer is unusable: " + originWords)
                        .evidence(evidence)
                        .remediation("Read the origin web server's error log at this time: a crashing worker, an "
                                        + "application that writes a broken status line or huge headers, or a non-HTTP "
                                        + "service on the origin's port.",
                                "Test with curl -v --resolve <host>:<port>:<origin IP> to see the raw answer.")
                        .build();
                case DNS, DNS_TIMEOUT, IO -> Finding.symptom(Layer.EDGE, Severity.WARNING, "The edge " + edgeWords
                                + " and " + originWords)
                        .evidence(evidence)
                        .build();
            };
        }
    }

    private SiteResolver.Discovered names() {
        return discover ? SiteResolver.discovered() : SiteResolver.Discovered.NONE;
    }
}
