package org.gatewaydoctor.checks.http.internal;

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
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Predicate;
import org.gatewaydoctor.checks.http.AccessLogMinute;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Gap;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * What the log checks of this module share: turning one server's signature hits in the shared log
 * scan into findings, one per cause, with the earliest and latest lines as evidence, the count, the
 * time span, the status visitors got, ordered remediation and what would confirm it. A cause is
 * critical when its last line lies within the spec's recent window of the newest event of that
 * server's logs, otherwise it belongs to an earlier episode and is a warning.
 */
public final class LogCauseReport {

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * Most severe first, then most confident. Written out: {@code Comparator.comparing} chains build serializable
     * lambdas, which the class-data archive cannot hold, and the first of them costs a small {@code diagnose}
     * 15-50 ms.
     */
    static final Comparator<Finding> BY_SEVERITY = (a, b) -> {
        int c = b.severity().compareTo(a.severity());
        return c != 0 ? c : Double.compare(b.confidence(), a.confidence());
    };

    /** What to tell the site owner for each cause one server's log shows. */
    public interface Advice {
        /**
         * One line in words a site owner understands.
         *
         * @param when how the lines spread over time, e.g. {@code ", all between 09:12 and 09:41"} (see {@link Timing})
         */
        String summary(CauseCode cause, HitGroup t, String when);

        /** Ordered steps that fix it. */
        List<String> remediation(CauseCode cause, HitGroup t);

        /** What would confirm it when the log alone is indirect evidence; empty when the log proves it. */
        List<String> confirmWith(CauseCode cause);
    }

    /**
     * One server's log as a log check reads it.
     *
     * @param log the log in words, {@code nginx error log}
     * @param lines what its lines are called in a count, {@code nginx error-log lines}
     * @param format the format its lines are recognised by
     * @param own the ids of its signatures (the files they were found in count as its files too)
     * @param dated the ids whose latest line is the newest event of the logs (its own, and the access log's)
     * @param classify the causes its hits point to
     * @param visitors the visitor-facing answers by status, from the access log; empty when it has none
     * @param advice summary, remediation and confirmation per cause
     * @param quiet what to do when the access log shows failures but this log names no cause
     * @param recent how close to the newest event a cause's last line must be to count as happening now
     */
    public record Spec(String log, String lines, LogFormat format, Predicate<String> own, Predicate<String> dated,
                       Function<LogScan, Map<CauseCode, HitGroup>> classify,
                       Function<LogScan, Map<Integer, HitGroup>> visitors, Advice advice, String quiet,
                       Duration recent) {
        public Spec {
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(lines, "lines");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(own, "own");
            Objects.requireNonNull(dated, "dated");
            Objects.requireNonNull(classify, "classify");
            Objects.requireNonNull(visitors, "visitors");
            Objects.requireNonNull(advice, "advice");
            Objects.requireNonNull(quiet, "quiet");
            Objects.requireNonNull(recent, "recent");
        }
    }

    /**
     * The scan's result for {@code spec}, with {@code extra} findings (symptoms) added to the causes. What
     * the scan could not read whole that may hold this server's lines is returned as {@link Gap}s: what
     * was found still counts, but "nothing found" is then not a clean bill of health.
     *
     * @throws InterruptedException when the shared scan could not finish before the check's deadline: the
     *     engine reports the check timed out (never "not applicable")
     */
    public static CheckResult run(CheckContext ctx, Spec spec, Function<LogScan, List<Finding>> extra)
            throws InterruptedException {
        int given = ctx.logs().files().size();
        LogScan scan = ctx.logScan();
        if (given == 0 && scan.files().isEmpty()) {
            return CheckResult.notApplicable("no log files were given");
        }
        ZoneId zone = ctx.target().zone();
        Map<CauseCode, HitGroup> causes = spec.classify().apply(scan);
        Map<Integer, HitGroup> visitors = spec.visitors().apply(scan);
        List<ScannedFile> files = files(scan, spec);
        Set<String> mine = new java.util.HashSet<>(files.stream().map(ScannedFile::path).toList());
        List<Gap> gaps = scan.gaps(f -> mine.contains(f.path()));
        // a loop, not a stream: visitors is a TreeMap, whose entry stream builds a serializable comparator lambda
        // the class-data archive cannot hold
        StringJoiner accessJoiner = new StringJoiner("; ");
        for (Map.Entry<Integer, HitGroup> e : visitors.entrySet()) {
            accessJoiner.add(e.getValue().count() + " answers with " + e.getKey()
                    + Timing.describe(e.getValue().count(), e.getValue().perMinute(), zone));
        }
        String access = accessJoiner.toString();
        if (files.isEmpty() && !gaps.isEmpty()) {
            return CheckResult.passed(new Evidence.Observation(ctx.redactor().redact("no " + spec.lines()
                    + " among what was read, but " + gaps.size() + (gaps.size() == 1 ? " source was" : " sources were")
                    + " not read whole, so the " + spec.log() + " may be among them"))).withGaps(gaps);
        }
        if (files.isEmpty()) {
            return CheckResult.notApplicable("none of the " + given + (given == 1 ? " log file holds " : " log files hold ")
                    + spec.lines() + (access.isEmpty() ? "" : " (the access log shows " + access + ")"));
        }
        Instant newest = scan.signatures().stream().filter(h -> spec.dated().test(h.id()))
                .map(SignatureHits::lastSeen).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        String read = readSummary(spec, files, newest, zone);
        List<Finding> findings = new ArrayList<>();
        causes.forEach((cause, group) -> findings.add(finding(ctx, spec, cause, group, visitors.get(group.httpStatus()),
                newest, read)));
        findings.sort(BY_SEVERITY);
        findings.addAll(extra.apply(scan).stream().map(f -> f.redacted(ctx.redactor()::redact)).toList());
        if (findings.isEmpty()) {
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(new Evidence.Observation(ctx.redactor().redact(read
                    + ": none reports an upstream failure" + (access.isEmpty() ? ""
                    : "; yet the access log shows " + access + ", so " + spec.quiet())), newest));
            visitors.forEach((status, group) -> evidence.addAll(minutes(status, group, zone)));
            return CheckResult.passed(evidence).withGaps(gaps);
        }
        return CheckResult.findings(findings).withGaps(gaps);
    }

    private static Finding finding(CheckContext ctx, Spec spec, CauseCode cause, HitGroup t, HitGroup visitors,
                                   Instant newest, String read) {
        Severity severity = t.recent(newest, spec.recent()) ? Severity.CRITICAL : Severity.WARNING;
        ZoneId zone = ctx.target().zone();
        String span = t.first() == null ? "seen " + times(t.count()) + ", at times the log line does not tell"
                : t.count() == 1 ? "seen once, at " + HUMAN.format(t.first().atZone(zone))
                : "first seen " + HUMAN.format(t.first().atZone(zone)) + ", last seen " + HUMAN.format(t.last().atZone(zone));
        String detail = t.details().isEmpty() ? cause.meaning().orElse(cause.value()) : t.details().get(0).getKey();
        Finding.Builder b = Finding.cause(cause, cause.layer().orElse(Layer.PROXY), severity, t.confidence(),
                        ctx.redactor().redact(spec.advice().summary(cause, t, Timing.describe(t.count(), t.perMinute(),
                                zone))))
                .evidence(t.samples())
                .evidence(t.supporting())
                .evidence(new Evidence.Measurement(ctx.redactor().redact(spec.lines() + ": " + detail), t.count(),
                                "lines"),
                        new Evidence.Observation(ctx.redactor().redact(span + (severity == Severity.WARNING
                                ? "; not among the last " + spec.recent().toMinutes() + " minutes of the logs, so an "
                                + "earlier episode" : "") + " (" + read + ")"), t.last()));
        if (visitors != null) {
            b.evidence(new Evidence.Observation(ctx.redactor().redact("the access log shows visitors got "
                    + t.httpStatus() + " " + times(visitors.count())
                    + Timing.describe(visitors.count(), visitors.perMinute(), zone)), visitors.last()));
            b.evidence(minutes(t.httpStatus(), visitors, zone));
        }
        b.remediation(spec.advice().remediation(cause, t).stream().map(ctx.redactor()::redact).toArray(String[]::new))
                .confirmWith(spec.advice().confirmWith(cause).toArray(String[]::new));
        if (t.httpStatus() > 0) {
            b.httpStatus(t.httpStatus());
        }
        return b.build();
    }

    /**
     * The files that hold the server's lines: those whose sampled lines include some of its format, and
     * those a hit of its signatures was found in.
     */
    private static List<ScannedFile> files(LogScan scan, Spec spec) {
        Set<String> named = new LinkedHashSet<>();
        scan.signatures().stream().filter(h -> spec.own().test(h.id()))
                .forEach(h -> h.samples().forEach(l -> named.add(l.file())));
        return scan.files().stream()
                .filter(f -> f.formats().containsKey(spec.format()) || named.contains(f.path())).toList();
    }

    private static String readSummary(Spec spec, List<ScannedFile> files, Instant newest, ZoneId zone) {
        long lines = files.stream().mapToLong(ScannedFile::lines).sum();
        long stopped = files.stream().filter(f -> !f.complete())
                .filter(f -> f.problems().stream().anyMatch(p -> p.contains("deadline"))).count();
        long broken = files.stream().filter(f -> !f.complete()).count() - stopped;
        String software = spec.log().substring(0, spec.log().indexOf(' ') < 0 ? spec.log().length()
                : spec.log().indexOf(' '));
        return "read " + lines + " lines of " + spec.log() + " in " + plural(files.size(), "file")
                + (newest == null ? "" : ", the newest " + software + " event at " + HUMAN.format(newest.atZone(zone)))
                + (stopped > 0 ? "; reading stopped early at the deadline, so counts are partial" : "")
                + (broken > 0 ? "; " + plural(broken, "file") + " could not be read whole" : "");
    }

    /**
     * The access log's answers with {@code status} per minute, the most recent {@link AccessLogMinute#MAX_MINUTES}
     * minutes, as evidence; none for a status below 500 or a group without a histogram.
     */
    static List<Evidence> minutes(int status, HitGroup visitors, ZoneId zone) {
        if (status < 500) {
            return List.of();
        }
        List<Evidence> out = new ArrayList<>();
        // a loop, not a stream: a TreeMap's entry stream builds a serializable comparator lambda the class-data
        // archive cannot hold
        for (Map.Entry<Instant, Long> e : visitors.perMinute().descendingMap().entrySet()) {
            if (out.size() >= AccessLogMinute.MAX_MINUTES) {
                break;
            }
            if (e.getValue() > 0) {
                out.add(new AccessLogMinute(e.getKey(), status, e.getValue()).toEvidence(zone));
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** {@code once} or {@code N times}. */
    public static String times(long n) {
        return n == 1 ? "once" : n + " times";
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private LogCauseReport() {
    }
}
