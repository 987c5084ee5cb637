package org.gatewaydoctor.checks.http.probe;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.gatewaydoctor.checks.http.internal.SiteResolver;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * Intermittent failures: {@code --samples N --interval D} spaced requests to the URL over one kept-alive
 * connection (reused while the server keeps it open, as browsers and proxies do). It reports the 5xx and
 * failure rate, latency percentiles (p50, p90, p99, max), failures per edge location (the {@code cf-ray}
 * suffix, {@code x-amz-cf-pop}, {@code x-served-by}), and whether failures fall on reused connections: the
 * keep-alive race, where a server closes an idle connection just as the client sends on it (an upstream
 * whose idle timeout is shorter than its proxy's gives the proxy's visitors 502s this way).
 *
 * <p>Not applicable without a URL or with fewer than two samples. The samples stop at the deadline; how
 * many were sent is said.
 */
public final class SamplesCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.samples";
    static final int MAX_SAMPLES = 1000;
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final HttpProber.Resolver resolver;
    /** Whether names go to the {@link org.gatewaydoctor.spi.NameResolver} on the path first (not in tests). */
    private boolean discover;
    private final SSLSocketFactory tls;

    /**
     * The check resolving with the {@link org.gatewaydoctor.spi.NameResolver} on the path (else the JVM's
     * resolver) and the JVM's trust store, for {@link java.util.ServiceLoader}.
     */
    public SamplesCheck() {
        this(InetAddress::getAllByName, null);
        this.discover = true;
    }

    SamplesCheck(HttpProber.Resolver resolver, SSLSocketFactory tls) {
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
        return "Spaced requests: how often the site fails, where and when";
    }

    @Override
    public Duration timeout() {
        return Duration.ofMinutes(30);
    }

    /** One sample. */
    record Sample(int index, Integer status, Duration latency, boolean reused, String location, String failure) {
        boolean failed() {
            return status == null || status >= 500;
        }
    }

    /** Parses {@code 2s}, {@code 500ms}, {@code 1m}, ISO-8601 {@code PT2S} or plain milliseconds. */
    static Duration interval(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("the interval must be a duration such as 2s, 500ms or 1m, got '" + text
                    + "'");
        }
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        URI url = ctx.target().url();
        if (url == null) {
            return CheckResult.notApplicable("no URL was given");
        }
        String n = ctx.target().option(Origins.SAMPLES_OPTION).orElse("");
        if (n.isBlank()) {
            return CheckResult.notApplicable("no samples were asked for (--samples N)");
        }
        int samples;
        Duration interval;
        try {
            samples = Integer.parseInt(n.trim());
            interval = interval(ctx.target().option(Origins.INTERVAL_OPTION).orElse("1s"));
        } catch (NumberFormatException e) {
            return CheckResult.notApplicable("--samples must be a number, got '" + n + "'");
        } catch (IllegalArgumentException e) {
            return CheckResult.notApplicable(e.getMessage());
        }
        if (samples < 2 || samples > MAX_SAMPLES || interval.isNegative()) {
            return CheckResult.notApplicable("--samples must be within 2.." + MAX_SAMPLES + " and the interval not "
                    + "negative");
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
        // each request may take at most this long, so one hanging request does not eat every later sample
        long perRequest = Math.max(TimeUnit.SECONDS.toNanos(1), Math.min(TimeUnit.SECONDS.toNanos(30),
                (deadline - System.nanoTime()) / samples));
        Instant at = ctx.clock().instant();

        List<Sample> seen = new ArrayList<>();
        try (HttpProber.Session session = prober.session()) {
            for (int i = 0; i < samples; i++) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                long start = now;
                HttpProber.Outcome o = session.get(url, Math.min(deadline, now + perRequest));
                boolean reused = session.lastReused();
                if (o instanceof HttpProber.Response r) {
                    seen.add(new Sample(i, r.status(), r.latency(), reused, location(r), ""));
                } else {
                    HttpProber.Failure f = (HttpProber.Failure) o;
                    seen.add(new Sample(i, null, f.latency(), reused, "", f.kind().name().toLowerCase(Locale.ROOT)));
                }
                long wake = start + interval.toNanos();
                long sleep = Math.min(wake, deadline) - System.nanoTime();
                if (i + 1 < samples && sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
        }
        return judge(url, seen, samples, interval, ctx.redactor(), at);
    }

    /** The edge location of an answer: Cloudflare's colo (cf-ray suffix), CloudFront's POP, Fastly's cache. */
    static String location(HttpProber.Response r) {
        String ray = r.header("cf-ray").trim();
        int dash = ray.lastIndexOf('-');
        if (dash > 0 && dash < ray.length() - 1) {
            return "cf " + HttpProber.printable(ray.substring(dash + 1), 10);
        }
        String pop = r.header("x-amz-cf-pop").trim();
        if (!pop.isEmpty()) {
            return "cloudfront " + HttpProber.printable(pop, 20);
        }
        String servedBy = r.header("x-served-by").trim();
        if (!servedBy.isEmpty()) {
            String[] parts = servedBy.split(",");
            return HttpProber.printable(parts[parts.length - 1].trim(), 40);
        }
        return "";
    }

    static CheckResult judge(URI url, List<Sample> seen, int asked, Duration interval, Redactor redactor, Instant at) {
        int total = seen.size();
        long failed = seen.stream().filter(Sample::failed).count();
        long fiveXX = seen.stream().filter(s -> s.status() != null && s.status() >= 500).count();
        List<Long> ms = seen.stream().map(s -> s.latency().toMillis()).sorted().toList();
        List<Evidence> evidence = new ArrayList<>();
        String sent = total + (total < asked ? " of " + asked + " asked (the deadline came first)" : "")
                + " requests every " + interval.toMillis() + " ms";
        evidence.add(new Evidence.Measurement("failed requests", total == 0 ? 0 : 100.0 * failed / total, "%"));
        evidence.add(new Evidence.Measurement("5xx answers", total == 0 ? 0 : 100.0 * fiveXX / total, "%"));
        if (!ms.isEmpty()) {
            evidence.add(new Evidence.Measurement("latency p50", percentile(ms, 50), "ms"));
            evidence.add(new Evidence.Measurement("latency p90", percentile(ms, 90), "ms"));
            evidence.add(new Evidence.Measurement("latency p99", percentile(ms, 99), "ms"));
            evidence.add(new Evidence.Measurement("latency max", ms.get(ms.size() - 1), "ms"));
        }
        Map<String, long[]> perLocation = new TreeMap<>();
        for (Sample s : seen) {
            if (!s.location().isEmpty()) {
                long[] c = perLocation.computeIfAbsent(s.location(), k -> new long[2]);
                c[0]++;
                if (s.failed()) {
                    c[1]++;
                }
            }
        }
        perLocation.forEach((loc, c) -> evidence.add(new Evidence.Observation(redactor.redact("edge location " + loc
                + ": " + c[1] + " of " + c[0] + " failed"), null)));
        StringBuilder pattern = new StringBuilder();
        for (Sample s : seen) {
            pattern.append(s.status() == null ? "x" : s.status() >= 500 ? "5" : ".");
        }
        evidence.add(new Evidence.Observation("sequence (. ok, 5 5xx, x no answer): " + pattern, null));
        if (failed == 0) {
            evidence.add(new Evidence.Observation(redactor.redact("all " + sent + " to " + url + " answered below 500"),
                    at));
            return CheckResult.passed(evidence.toArray(Evidence[]::new));
        }
        List<Finding> findings = new ArrayList<>();
        long reused = seen.stream().filter(Sample::reused).count();
        long failedReused = seen.stream().filter(s -> s.failed() && s.reused()).count();
        long failedFresh = failed - failedReused;
        String rate = failed + " of " + total + " (" + Math.round(100.0 * failed / total) + "%)";
        boolean intermittent = failed < total;
        String summary = intermittent
                ? "The site fails intermittently: " + rate + " of " + sent + " failed"
                : "The site failed all " + sent;
        String statuses = seen.stream().filter(Sample::failed)
                .map(s -> s.status() != null ? String.valueOf(s.status()) : s.failure()).distinct()
                .reduce((a, b) -> a + ", " + b).orElse("");
        summary += " (" + statuses + ")";
        if (perLocation.size() > 1) {
            List<String> bad = new ArrayList<>();
            perLocation.forEach((loc, c) -> {
                if (c[1] > 0) {
                    bad.add(loc + " " + c[1] + "/" + c[0]);
                }
            });
            if (bad.size() < perLocation.size()) {
                summary += "; only at some edge locations: " + String.join(", ", bad);
            }
        }
        evidence.add(new Evidence.Observation(failedReused + " of " + failed + " failures were on reused "
                + "connections; " + reused + " of " + total + " requests reused one", null));
        Finding.Builder b = Finding.symptom(Layer.EDGE, intermittent ? Severity.WARNING : Severity.CRITICAL, summary)
                .evidence(evidence)
                .remediation("Line the failures up with the logs of the same minutes: give gateway-doctor the logs "
                                + "with --since/--until around this run.",
                        "Failures at busy moments only point at capacity (PHP-FPM pm.max_children, database); failures "
                                + "at one edge location only point at that location or its path to the origin.");
        findings.add(b.build());
        if (failedReused > 0 && failedFresh == 0 && total > failed) {
            findings.add(Finding.symptom(Layer.PROXY, Severity.WARNING, "Every failed request (" + failedReused
                            + ") went over a reused keep-alive connection, and no request on a fresh connection "
                            + "failed: the server closes idle connections while clients still send on them (the "
                            + "keep-alive race); a proxy whose upstream closes idle connections sooner than the "
                            + "proxy's own keep-alive timeout gives its visitors 502s this way")
                    .evidence(evidence)
                    .remediation("Make each upstream keep idle connections open longer than the hop in front of it "
                                    + "keeps them: e.g. Node.js server.keepAliveTimeout above the load balancer's idle "
                                    + "timeout (AWS ALB: 60 s), nginx keepalive_timeout above the CDN's; or let the "
                                    + "proxy drop idle upstream connections sooner (nginx keepalive_timeout in the "
                                    + "upstream block, HAProxy timeout http-keep-alive).",
                            "nginx retries such requests on another connection for idempotent methods only "
                                    + "(proxy_next_upstream error).")
                    .build());
        }
        return CheckResult.findings(findings.toArray(Finding[]::new));
    }

    static long percentile(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private SiteResolver.Discovered names() {
        return discover ? SiteResolver.discovered() : SiteResolver.Discovered.NONE;
    }
}
