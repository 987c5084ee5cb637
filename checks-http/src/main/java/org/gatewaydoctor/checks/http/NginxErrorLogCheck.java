package org.gatewaydoctor.checks.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatewaydoctor.checks.http.internal.HitGroup;
import org.gatewaydoctor.checks.http.internal.NginxAdvice;
import org.gatewaydoctor.checks.http.internal.NginxCauses;
import org.gatewaydoctor.checks.http.internal.Timing;
import org.gatewaydoctor.checks.http.internal.signatures.NginxSignatureProvider;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Names the upstream failures nginx's error log records: refused or failed connections to PHP-FPM or
 * another upstream, timeouts, premature closes, invalid or oversized headers, dead upstream groups,
 * DNS and TLS failures towards the upstream, exhausted worker_connections, and the PHP fatal errors
 * PHP-FPM relays on FastCGI stderr; and, from the access log, when visitors got the 502, 503 and 504
 * answers.
 *
 * <p>It reads no line itself: it interprets the diagnosis's shared {@linkplain CheckContext#logScan()
 * log scan}, in which {@link NginxSignatureProvider} contributes the nginx signatures. Occurrences are
 * counted per cause; each finding keeps the earliest and the latest lines as evidence and says when
 * they cluster ({@code all between 09:12 and 09:41}). A cause is critical when its last occurrence lies
 * within {@link #RECENT} of the newest nginx event of the logs, otherwise it belongs to an earlier
 * episode and is a warning.
 *
 * <pre>{@code
 * CheckResult r = new NginxErrorLogCheck().run(ctx);   // ctx.target().logs() holds /var/log/nginx
 * r.findingList().forEach(f -> System.out.println(f.cause() + " " + f.summary()));
 * }</pre>
 */
public final class NginxErrorLogCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.nginx-error-log";
    /** How close to the newest nginx event a cause's last occurrence must be to count as happening now. */
    public static final Duration RECENT = Duration.ofMinutes(15);

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public NginxErrorLogCheck() {
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
        return "nginx error log: upstream failures";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        int given = ctx.logs().files().size();
        if (given == 0) {
            return CheckResult.notApplicable("no log files were given");
        }
        LogScan scan;
        try {
            scan = ctx.logScan();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.notApplicable("the scan of the logs did not finish before this check's deadline, so "
                    + "nothing can be said about nginx's error log");
        }
        ZoneId zone = ctx.target().zone();
        Map<CauseCode, HitGroup> causes = NginxCauses.classify(scan);
        Map<Integer, HitGroup> visitors = NginxCauses.visitors(scan);
        List<ScannedFile> files = nginxFiles(scan);
        String access = visitors.entrySet().stream().map(e -> e.getValue().count() + " answers with " + e.getKey()
                + Timing.describe(e.getValue().count(), e.getValue().perMinute(), zone)).collect(Collectors.joining("; "));
        if (files.isEmpty()) {
            return CheckResult.notApplicable("none of the " + given + (given == 1 ? " log file holds" : " log files hold")
                    + " nginx error-log lines" + (access.isEmpty() ? "" : " (the access log shows " + access + ")"));
        }
        Instant newest = scan.signatures().stream().filter(h -> h.id().startsWith(NginxSignatureProvider.ERROR_LOG)
                        || h.id().startsWith(NginxSignatureProvider.ACCESS_LOG))
                .map(SignatureHits::lastSeen).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        String read = readSummary(files, newest, zone);
        if (causes.isEmpty()) {
            return CheckResult.passed(new Evidence.Observation(ctx.redactor().redact(read
                    + ": none reports an upstream failure" + (access.isEmpty() ? ""
                    : "; yet the access log shows " + access + ", so look for the cause in PHP-FPM's log or raise "
                            + "nginx's error_log level")), newest));
        }
        List<Finding> findings = new ArrayList<>();
        causes.forEach((cause, group) -> findings.add(finding(ctx, cause, group, visitors.get(group.httpStatus()), newest,
                read)));
        findings.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Comparator.comparingDouble(Finding::confidence).reversed()));
        return CheckResult.findings(findings);
    }

    private static Finding finding(CheckContext ctx, CauseCode cause, HitGroup t, HitGroup visitors, Instant newest,
                                   String read) {
        Severity severity = t.recent(newest, RECENT) ? Severity.CRITICAL : Severity.WARNING;
        ZoneId zone = ctx.target().zone();
        String span = t.first() == null ? "seen " + times(t.count()) + ", at times the log line does not tell"
                : t.count() == 1 ? "seen once, at " + HUMAN.format(t.first().atZone(zone))
                : "first seen " + HUMAN.format(t.first().atZone(zone)) + ", last seen " + HUMAN.format(t.last().atZone(zone));
        String detail = t.details().isEmpty() ? cause.meaning().orElse(cause.value()) : t.details().get(0).getKey();
        Finding.Builder b = Finding.cause(cause, cause.layer().orElse(Layer.PROXY), severity, t.confidence(),
                        ctx.redactor().redact(NginxAdvice.summary(cause, t, Timing.describe(t.count(), t.perMinute(), zone))))
                .evidence(t.samples())
                .evidence(new Evidence.Measurement(ctx.redactor().redact("nginx error-log lines: " + detail), t.count(),
                                "lines"),
                        new Evidence.Observation(ctx.redactor().redact(span + (severity == Severity.WARNING
                                ? "; not among the last " + RECENT.toMinutes() + " minutes of the logs, so an earlier episode"
                                : "") + " (" + read + ")"), t.last()));
        if (visitors != null) {
            b.evidence(new Evidence.Observation(ctx.redactor().redact("the access log shows visitors got "
                    + t.httpStatus() + " " + times(visitors.count())
                    + Timing.describe(visitors.count(), visitors.perMinute(), zone)), visitors.last()));
        }
        b.remediation(NginxAdvice.remediation(cause, t).stream().map(ctx.redactor()::redact).toArray(String[]::new))
                .confirmWith(NginxAdvice.confirmWith(cause).toArray(String[]::new));
        if (t.httpStatus() > 0) {
            b.httpStatus(t.httpStatus());
        }
        return b.build();
    }

    /**
     * The files that hold nginx error-log lines: those whose sampled lines include some, and those a
     * hit of an nginx error-log signature was found in.
     */
    private static List<ScannedFile> nginxFiles(LogScan scan) {
        Set<String> named = new LinkedHashSet<>();
        scan.signatures().stream().filter(h -> h.id().startsWith(NginxSignatureProvider.ERROR_LOG))
                .forEach(h -> h.samples().forEach(l -> named.add(l.file())));
        return scan.files().stream()
                .filter(f -> f.formats().containsKey(LogFormat.NGINX_ERROR) || named.contains(f.path())).toList();
    }

    private static String readSummary(List<ScannedFile> files, Instant newest, ZoneId zone) {
        long lines = files.stream().mapToLong(ScannedFile::lines).sum();
        long stopped = files.stream().filter(f -> !f.complete())
                .filter(f -> f.problems().stream().anyMatch(p -> p.contains("deadline"))).count();
        long broken = files.stream().filter(f -> !f.complete()).count() - stopped;
        return "read " + lines + " lines of nginx error log in " + plural(files.size(), "file")
                + (newest == null ? "" : ", the newest nginx event at " + HUMAN.format(newest.atZone(zone)))
                + (stopped > 0 ? "; reading stopped early at the deadline, so counts are partial" : "")
                + (broken > 0 ? "; " + plural(broken, "file") + " could not be read whole" : "");
    }

    private static String times(long n) {
        return n == 1 ? "once" : n + " times";
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
