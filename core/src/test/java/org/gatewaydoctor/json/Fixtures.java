package org.gatewaydoctor.json;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Gap;
import org.gatewaydoctor.model.HopState;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.TimelineEntry;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Hand-built diagnoses with fixed instants and durations, shaped like what the engine produces, for
 * golden-file and schema tests. Every value is spelled out here so that a change in the JSON can
 * only come from a change in the model or the mapper.
 */
final class Fixtures {

    static final Instant STARTED = Instant.parse("2026-03-14T09:14:30Z");

    private Fixtures() {
    }

    /**
     * A site failing because its PHP-FPM pool is exhausted: three ranked causes, a symptom, every
     * evidence kind, every report status and every result outcome, notes and a timeline.
     */
    static Diagnosis failing() {
        Instant fpmFull = Instant.parse("2026-03-14T09:13:58Z");
        Instant nginxTimeout = Instant.parse("2026-03-14T09:14:03Z");
        Instant probeAt = Instant.parse("2026-03-14T09:14:30.125Z");

        Evidence.LogLine maxChildren = new Evidence.LogLine("/var/log/php8.2-fpm.log", 4211, fpmFull,
                "[14-Mar-2026 10:13:58] WARNING: [pool www] server reached pm.max_children setting (5), "
                        + "consider raising it");
        Evidence.ConfigLine maxChildrenSetting = new Evidence.ConfigLine("/etc/php/8.2/fpm/pool.d/www.conf", 113,
                "pm.max_children", "5");
        Evidence.Measurement reachedCount = new Evidence.Measurement("times pm.max_children was reached in the last hour",
                37, "times");
        Evidence.LogLine upstreamTimedOut = new Evidence.LogLine("/var/log/nginx/error.log", 1042, nginxTimeout,
                "2026/03/14 10:14:03 [error] 812#812: *5123 upstream timed out (110: Connection timed out) while "
                        + "reading response header from upstream, client: 203.0.113.7, server: shop.example.org, "
                        + "request: \"GET /checkout HTTP/2.0\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", "
                        + "host: \"shop.example.org\"");
        Evidence.Measurement load = new Evidence.Measurement("load average (1 min) per CPU", 1.95, "");
        Evidence.Observation cpus = new Evidence.Observation("4 CPUs, 31 php-fpm8.2 processes running");
        Evidence.Probe probe502 = new Evidence.Probe("https://shop.example.org/checkout", "https", 502,
                Duration.ofMillis(48), "502 Bad Gateway from nginx/1.24.0", probeAt);
        Evidence.Probe socketProbe = new Evidence.Probe("unix:/run/php/php8.2-fpm.sock", "fastcgi", null,
                Duration.ofMillis(3000), "no answer to FCGI_GET_VALUES within 3000 ms", null);

        Finding symptom = Finding.symptom(Layer.PROXY, Severity.CRITICAL, "The site answers 502 Bad Gateway from nginx")
                .evidence(probe502)
                .httpStatus(502)
                .build();
        Finding poolExhausted = Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.9,
                        "Pool www reached pm.max_children (5) 37 times in the last hour")
                .evidence(maxChildren, reachedCount)
                .remediation("Raise pm.max_children in /etc/php/8.2/fpm/pool.d/www.conf after checking memory: "
                                + "each worker uses about 60 MB, so 4 GB of free RAM allows about 60 workers.",
                        "Reload PHP-FPM: systemctl reload php8.2-fpm")
                .confirmWith("pm.status_path shows 'max children reached' growing while visitors see 502")
                .httpStatus(502)
                .build();
        Finding poolConfig = Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.WARNING, 0.6,
                        "Pool www allows only 5 workers on a host with 4 CPUs and 8 GB of memory")
                .evidence(maxChildrenSetting, socketProbe)
                .risk()
                .remediation("Raise pm.max_children in /etc/php/8.2/fpm/pool.d/www.conf after checking memory: "
                        + "each worker uses about 60 MB, so 4 GB of free RAM allows about 60 workers.")
                .build();
        Finding upstreamTimeout = Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.PROXY, Severity.WARNING, 0.7,
                        "nginx gave up waiting for PHP-FPM 12 times (fastcgi_read_timeout 60s)")
                .evidence(upstreamTimedOut)
                .remediation("Find why PHP-FPM is slow before raising fastcgi_read_timeout.")
                .httpStatus(504)
                .build();
        Finding overloaded = Finding.cause(CauseCode.HOST_OVERLOADED, Layer.HOST, Severity.INFO, 0.2,
                        "The host is busy but not saturated")
                .evidence(load, cpus)
                .confirmWith("top shows php-fpm workers using most of the CPU")
                .build();

        List<RankedCause> causes = List.of(
                new RankedCause(1, CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, 0.96, Severity.CRITICAL,
                        poolExhausted.summary(), 502,
                        "With a full pool, requests first wait in PHP-FPM's listen queue (slow 200s); once the backlog "
                                + "is full new connections fail at once and nginx answers 502, or 504 if the wait "
                                + "outlasts its read timeout.",
                        List.of(maxChildren, reachedCount, maxChildrenSetting, socketProbe),
                        poolExhausted.remediation().subList(0, 2), poolExhausted.confirmWith(),
                        List.of("phpfpm.log", "phpfpm.config"), List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT)),
                new RankedCause(2, CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.PROXY, 0.35, Severity.WARNING,
                        upstreamTimeout.summary(), 504,
                        "A timeout is a 504, not a 502: the proxy waited its full read timeout (nginx "
                                + "fastcgi_read_timeout/proxy_read_timeout, Apache ProxyTimeout) and gave up.",
                        List.of(upstreamTimedOut), upstreamTimeout.remediation(), List.of(),
                        List.of("nginx.error-log"), List.of()),
                new RankedCause(3, CauseCode.HOST_OVERLOADED, Layer.HOST, 0.2, Severity.INFO, overloaded.summary(), null,
                        "Visitors typically see: 502/504.", List.of(load, cpus), List.of(), overloaded.confirmWith(),
                        List.of("host.load"), List.of(), Basis.RISK));

        List<CheckReport> checks = List.of(
                new CheckReport.Completed("http.probe", Layer.PROXY, Duration.ofMillis(131),
                        CheckResult.findings(symptom)),
                new CheckReport.Completed("phpfpm.config", Layer.PHP_FPM, Duration.ofMillis(12),
                        CheckResult.findings(poolConfig)),
                new CheckReport.Completed("phpfpm.log", Layer.PHP_FPM, Duration.ofMillis(87),
                        CheckResult.findings(poolExhausted).withGaps(List.of(new Gap("/var/log/php8.2-fpm.log.2.gz",
                                "the compressed data ends early or is corrupt (Unexpected end of ZLIB input stream); "
                                        + "scanned what came before", true)))),
                new CheckReport.Completed("nginx.error-log", Layer.PROXY, Duration.ofMillis(95),
                        CheckResult.findings(upstreamTimeout)),
                new CheckReport.Completed("host.load", Layer.HOST, Duration.ofMillis(2),
                        CheckResult.findings(overloaded)),
                new CheckReport.Completed("tls.certificate", Layer.TLS, Duration.ofMillis(210),
                        CheckResult.passed(new Evidence.Observation(
                                "certificate for shop.example.org valid until 2026-06-01T00:00:00Z, issued by R11"))),
                new CheckReport.Completed("haproxy.log", Layer.LOAD_BALANCER, Duration.ZERO,
                        CheckResult.notApplicable("no HAProxy log among the given files")),
                new CheckReport.Errored("wordpress.debug-log", Layer.APPLICATION, Duration.ofMillis(1),
                        "java.nio.file.AccessDeniedException", "/var/www/shop/wp-content/debug.log"),
                new CheckReport.TimedOut("dns.resolve", Layer.DNS, Duration.ofMillis(5003), Duration.ofMillis(5000)),
                new CheckReport.Skipped("wordpress.plugins", Layer.APPLICATION,
                        "its dependency 'wordpress.debug-log' failed with java.nio.file.AccessDeniedException"));

        Instant olderEpisode = fpmFull.minus(Duration.ofHours(20));
        List<TimelineEntry> timeline = List.of(
                new TimelineEntry(olderEpisode, Layer.APPLICATION, TimelineEntry.LOG_SCAN, CauseCode.APP_FATAL_ERROR,
                        new Evidence.Observation("older episode, set aside as history: 2026-03-13 13:10 to 13:31 UTC, "
                                + "212 failing lines, mostly PHP fatal error (180)", olderEpisode), true),
                new TimelineEntry(fpmFull, Layer.PHP_FPM, "phpfpm.log", CauseCode.PHPFPM_POOL_EXHAUSTED, maxChildren),
                new TimelineEntry(nginxTimeout, Layer.PROXY, "nginx.error-log", CauseCode.PROXY_UPSTREAM_TIMEOUT,
                        upstreamTimedOut),
                new TimelineEntry(probeAt, Layer.PROXY, "http.probe", null, probe502));

        Target target = Target.builder()
                .url("https://shop.example.org/checkout")
                .logs(Path.of("/var/log/nginx/error.log"), Path.of("/var/log/php8.2-fpm.log"))
                .config(Target.CONFIG_NGINX, Path.of("/etc/nginx/nginx.conf"))
                .config(Target.CONFIG_PHP_FPM, Path.of("/etc/php/8.2/fpm/php-fpm.conf"))
                .option("example.disk-space.warn-percent", "15")
                .zone(ZoneId.of("Europe/Paris"))
                .build();

        return new Diagnosis(Diagnosis.SCHEMA_VERSION, target, STARTED, Duration.ofMillis(5012), Verdict.FAILING,
                Layer.PHP_FPM,
                "Failing at php-fpm: Pool www reached pm.max_children (5) 37 times in the last hour "
                        + "[phpfpm.pool_exhausted, 96% confidence]",
                null, failingHops(), causes, checks, List.of(),
                List.of("/var/log/nginx/error.log.2.gz: the compressed data ends early or is corrupt (Unexpected end "
                        + "of ZLIB input stream); read 812 lines before that"),
                timeline);
    }

    /** The hop map of {@link #failing()}: every state once, the proxy wrote the visitor's 502. */
    static List<PathHop> failingHops() {
        return List.of(
                new PathHop(Layer.DNS, HopState.NOT_EXAMINED, false, "no check could look at this hop with what was given",
                        List.of(), List.of()),
                new PathHop(Layer.PROXY, HopState.SUSPECT, true,
                        "nginx gave up waiting for PHP-FPM after 60s (upstream timed out)",
                        List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT), List.of("nginx.error-log", "http.probe")),
                new PathHop(Layer.PHP_FPM, HopState.FAILING, false,
                        "Pool www reached pm.max_children (5) 37 times in the last hour",
                        List.of(CauseCode.PHPFPM_POOL_EXHAUSTED), List.of("phpfpm.log")),
                new PathHop(Layer.DATABASE, HopState.OK, false, "looked at by example.db; nothing wrong found",
                        List.of(), List.of("example.db")));
    }

    /** A healthy site: passed checks with evidence, one not applicable, no causes. */
    static Diagnosis healthy() {
        Instant probeAt = Instant.parse("2026-03-14T09:14:30.5Z");
        Evidence.Probe ok = new Evidence.Probe("https://blog.example.net/", "https", 200, Duration.ofMillis(183),
                "200 OK from nginx/1.24.0", probeAt);
        List<CheckReport> checks = List.of(
                new CheckReport.Completed("http.probe", Layer.PROXY, Duration.ofMillis(190), CheckResult.passed(ok)),
                new CheckReport.Completed("tls.certificate", Layer.TLS, Duration.ofMillis(95),
                        CheckResult.passed(new Evidence.Observation(
                                "certificate for blog.example.net valid until 2026-05-30T12:00:00Z, issued by E6"))),
                new CheckReport.Completed("phpfpm.log", Layer.PHP_FPM, Duration.ZERO,
                        CheckResult.notApplicable("no PHP-FPM log among the given files")));
        return new Diagnosis(Diagnosis.SCHEMA_VERSION,
                Target.builder().url("https://blog.example.net/").zone(ZoneOffset.UTC).build(),
                STARTED, Duration.ofMillis(412), Verdict.HEALTHY, null,
                "No problem found: 2 checks looked and found nothing wrong", List.of(), checks, List.of(), List.of(),
                List.of(new TimelineEntry(probeAt, Layer.PROXY, "http.probe", null, ok)));
    }

    /** An inconclusive diagnosis: checks that could not finish, checks that could not run, discovery issues. */
    static Diagnosis inconclusive() {
        List<DiscoveryIssue> issues = List.of(
                new DiscoveryIssue(DiscoveryIssue.Kind.PROVIDER_FAILED, "com.example.BrokenCheck",
                        "Check provider com.example.BrokenCheck from broken-checks-1.0.jar could not be instantiated: "
                                + "java.lang.IllegalStateException: no config"),
                new DiscoveryIssue(DiscoveryIssue.Kind.DUPLICATE_ID, "nginx.error-log",
                        "Two checks have the id 'nginx.error-log': org.gatewaydoctor.checks.http.NginxErrorLogCheck "
                                + "from gateway-doctor-checks-http-0.1.0.jar and com.example.MyNginxCheck from "
                                + "my-checks.jar. The first is kept; remove or rename the other."),
                new DiscoveryIssue(DiscoveryIssue.Kind.INVALID_CHECK, "com.example.BadIdCheck",
                        "Check com.example.BadIdCheck from my-checks.jar could not describe itself: "
                                + "java.lang.IllegalArgumentException: its id 'Bad_Id' is not lower-case words "
                                + "separated by dots or hyphens (e.g. phpfpm.pool-status)"),
                new DiscoveryIssue(DiscoveryIssue.Kind.MISSING_DEPENDENCY, "example.cache",
                        "Check 'example.cache' (com.example.CacheCheck) depends on 'redis.ping', which no registered "
                                + "check provides; it will not run."),
                new DiscoveryIssue(DiscoveryIssue.Kind.DEPENDENCY_CYCLE, "example.a",
                        "Checks depend on each other in a cycle: example.a -> example.b -> example.a. None of them "
                                + "will run."));
        List<CheckReport> checks = List.of(
                new CheckReport.TimedOut("nginx.error-log", Layer.PROXY, Duration.ofMillis(10_001),
                        Duration.ofMillis(10_000)),
                new CheckReport.Errored("phpfpm.status", Layer.PHP_FPM, Duration.ofMillis(4),
                        "java.net.ConnectException", "Connection refused"),
                new CheckReport.Errored("phpfpm.socket", Layer.PHP_FPM, Duration.ofMillis(0),
                        "java.lang.NullPointerException", ""),
                new CheckReport.Completed("phpfpm.log", Layer.PHP_FPM, Duration.ofMillis(1),
                        CheckResult.notApplicable("no PHP-FPM log among the given files")),
                new CheckReport.Completed("http.proxy-config", Layer.PROXY, Duration.ofMillis(40),
                        CheckResult.passed(new Evidence.Observation("read nginx /etc/nginx/nginx.conf: 3 routes"))
                                .withGaps(List.of(new Gap("/etc/nginx/sites-enabled/huge.conf",
                                        "not read: 104857600 bytes, over the limit of 4194304 bytes a file", false)))),
                new CheckReport.Skipped("example.cache", Layer.APPLICATION,
                        "depends on 'redis.ping', which no registered check provides"),
                new CheckReport.Skipped("example.a", Layer.APPLICATION,
                        "part of a dependency cycle: example.a -> example.b -> example.a"),
                new CheckReport.Skipped("example.b", Layer.APPLICATION,
                        "part of a dependency cycle: example.a -> example.b -> example.a"));
        return new Diagnosis(Diagnosis.SCHEMA_VERSION,
                Target.builder().logs(Path.of("/var/log/nginx")).zone(ZoneId.of("America/New_York")).build(),
                STARTED, Duration.ofMillis(10_020), Verdict.INCONCLUSIVE, null,
                "Inconclusive: 3 checks could not finish and nothing else was found", List.of(), checks, issues,
                List.of("/var/log/nginx/access.log.1: cannot be read (AccessDeniedException: /var/log/nginx/access.log.1)"),
                List.of());
    }

    /**
     * A saved Cloudflare 522 page: the diagnosis names who wrote it ({@code errorSource}) and the
     * finding carries the same attribution as {@code error_page} evidence.
     */
    static Diagnosis edgeErrorPage() {
        ErrorSource source = new ErrorSource("cloudflare", ErrorSource.Hop.EDGE, 522, 0.97,
                List.of("header server: cloudflare", "header cf-ray: 8d2f0c1a5b3e1f2a-FRA",
                        "body: Error code 522", "body: Connection timed out"),
                null, "8d2f0c1a5b3e1f2a-FRA");
        Evidence.ErrorPage page = new Evidence.ErrorPage(source, null);
        Finding finding = Finding.cause(CauseCode.EDGE_ORIGIN_UNREACHABLE, Layer.EDGE, Severity.CRITICAL, 0.8,
                        "Cloudflare could not complete a TCP connection to the origin (522)")
                .evidence(page)
                .remediation("Allow Cloudflare's IP ranges through the origin's firewall.")
                .confirmWith("curl the origin directly with the site's Host header")
                .httpStatus(522)
                .build();
        List<CheckReport> checks = List.of(new CheckReport.Completed("http.error-page", Layer.EDGE,
                Duration.ofMillis(3), CheckResult.findings(finding)));
        List<RankedCause> causes = List.of(new RankedCause(1, CauseCode.EDGE_ORIGIN_UNREACHABLE, Layer.EDGE, 0.8,
                Severity.CRITICAL, "Cloudflare could not complete a TCP connection to the origin (522)", 522, null,
                List.of(page), List.of("Allow Cloudflare's IP ranges through the origin's firewall."),
                List.of("curl the origin directly with the site's Host header"), List.of("http.error-page"),
                List.of()));
        return new Diagnosis(Diagnosis.SCHEMA_VERSION,
                Target.builder().option("response", "/home/ops/522.txt").zone(ZoneOffset.UTC).build(),
                STARTED, Duration.ofMillis(21), Verdict.FAILING, Layer.EDGE,
                "Failing at edge: Cloudflare could not complete a TCP connection to the origin (522) "
                        + "[edge.origin_unreachable, 80% confidence]",
                source, causes, checks, List.of(), List.of(), List.of());
    }
}
