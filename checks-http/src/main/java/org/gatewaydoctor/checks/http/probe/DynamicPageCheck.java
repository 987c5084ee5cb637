package org.gatewaydoctor.checks.http.probe;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.gatewaydoctor.checks.http.internal.SiteResolver;
import org.gatewaydoctor.facts.Facts;
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
 * A page no cache holds, requested beside the site's URL: a cached home page can look healthy while
 * every page that reaches the origin fails. The dynamic page is {@code /wp-login.php} by default
 * ({@code --dynamic-path}): WordPress sends it with {@code Cache-Control: no-cache, must-revalidate,
 * max-age=0} and CDNs do not cache it. When the URL answers from a cache (the cache headers say so) and the
 * dynamic page fails with a 5xx or no answer, the cache is hiding a failing origin:
 * {@code edge.stale_cache_masking}.
 */
public final class DynamicPageCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.dynamic-page";

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gateway-doctor-dynamic-page");
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
    public DynamicPageCheck() {
        this(InetAddress::getAllByName, null);
        this.discover = true;
    }

    DynamicPageCheck(HttpProber.Resolver resolver, SSLSocketFactory tls) {
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
        return "A page no cache holds answers like the cached one";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        URI url = ctx.target().url();
        if (url == null) {
            return CheckResult.notApplicable("no URL was given");
        }
        String path = ctx.target().option(Origins.DYNAMIC_PATH_OPTION).orElse(Origins.DEFAULT_DYNAMIC_PATH).trim();
        if (!path.startsWith("/")) {
            return CheckResult.notApplicable("the dynamic path must start with '/', got '" + path + "'");
        }
        URI dynamic = url.resolve(path);
        if (HttpProber.key(dynamic).equals(HttpProber.key(url))) {
            return CheckResult.notApplicable("the URL is the dynamic page itself (" + path + ")");
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
        // The home page first: only when it answers is the dynamic page worth a request (a failing origin
        // gets no extra traffic from this check, and its logs no extra lines).
        Future<HttpProber.Visit> homeRun = WORKERS.submit(() -> prober.visit(url, deadline));
        HttpProber.Visit home;
        try {
            home = homeRun.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 200,
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            homeRun.cancel(true);
            throw e;
        }
        if (!(home.last() instanceof HttpProber.Response hr) || hr.status() >= 500) {
            return CheckResult.notApplicable("the URL itself fails (the http.probe check reports it)");
        }
        Future<HttpProber.Visit> dynamicRun = WORKERS.submit(() -> prober.visit(dynamic, deadline));
        HttpProber.Visit page;
        try {
            page = dynamicRun.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 200,
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            dynamicRun.cancel(true);
            throw e;
        }
        Redactor redactor = ctx.redactor();
        List<Evidence> evidence = new ArrayList<>();
        HttpProber.Outcome h = home.last();
        HttpProber.Outcome d = page.last();
        CacheStatus cache = h instanceof HttpProber.Response r ? CacheStatus.of(r) : new CacheStatus(false, false,
                List.of());
        evidence.add(ProbeFindings.evidence(h, "the URL: " + EdgeOriginCheck.describe(h)
                + (cache.cached() ? " from a cache (" + String.join(", ", cache.markers()) + ")" : ""), redactor, at));
        evidence.add(ProbeFindings.evidence(d, "the dynamic page: " + EdgeOriginCheck.describe(d), redactor, at));

        boolean homeFine = h instanceof HttpProber.Response r && r.status() < 500;
        boolean pageFails = EdgeOriginCheck.Differential.failing(d);
        if (homeFine && pageFails && cache.cached()) {
            HttpProber.Response r = (HttpProber.Response) h;
            return CheckResult.findings(Finding.cause(CauseCode.EDGE_STALE_CACHE_MASKING, Layer.EDGE, Severity.CRITICAL,
                            cache.stale() ? 0.9 : 0.8, "The home page answers " + r.status() + " from a cache ("
                                    + String.join(", ", cache.markers()) + "), but " + path + ", which no cache holds, "
                                    + (d instanceof HttpProber.Response dr ? "answers " + dr.status()
                                            : "fails (" + redactor.redact(((HttpProber.Failure) d).message()) + ")")
                                    + ": the cache hides a failing origin, and visitors get an old copy or an error "
                                    + "depending on the page")
                    .evidence(evidence)
                    .httpStatus(r.status())
                    .remediation("Diagnose the origin as if the site were down (it is, for every uncached page): "
                                    + "give gateway-doctor its logs.",
                            "While you work, turn off stale serving (Cloudflare 'Always Online', Varnish grace, "
                                    + "stale-if-error, BunnyCDN perma-cache) so you see the real state.",
                            "Monitor " + path + " as well as the home page: it fails when the origin fails.")
                    .build());
        }
        if (homeFine && pageFails) {
            return CheckResult.findings(Finding.symptom(Layer.PROXY, Severity.WARNING, "The URL answers, but " + path
                            + " fails (" + redactor.redact(EdgeOriginCheck.describe(d)) + ") and no cache header "
                            + "explains the difference: the dynamic part of the site (PHP) fails while static or "
                            + "differently routed pages work")
                    .evidence(evidence)
                    .remediation("Check what serves " + path + " (PHP-FPM behind the web server): give gateway-doctor "
                            + "the logs.")
                    .build());
        }
        if (d instanceof HttpProber.Response dr && dr.status() == 404) {
            evidence.add(new Evidence.Observation(path + " does not exist on this site (404); set another page no "
                    + "cache holds with --dynamic-path", null));
        }
        return CheckResult.passed(evidence.toArray(Evidence[]::new));
    }

    private SiteResolver.Discovered names() {
        return discover ? SiteResolver.discovered() : SiteResolver.Discovered.NONE;
    }
}
