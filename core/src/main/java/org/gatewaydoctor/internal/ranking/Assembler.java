package org.gatewaydoctor.internal.ranking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Gap;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.TimelineEntry;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * Turns check reports into a {@link Diagnosis}: redacts every text, ranks causes, decides the
 * verdict and the failing hop, writes the headline and the timeline.
 *
 * <p>Verdict: {@code FAILING} if any finding is critical; else {@code DEGRADED} if any is a warning;
 * a finding counts with its ranked cause's severity (a {@linkplain Basis#RISK risk} nothing shows happening
 * is at most a warning), a risk symptom at most as a warning;
 * else {@code INCONCLUSIVE} if no check could look at anything (none ran, all not applicable), some
 * check errored or timed out, or some check could not read one of its sources whole (a
 * {@link org.gatewaydoctor.model.Gap}); else {@code HEALTHY}. An unfinished evidence source never
 * yields {@code HEALTHY}.
 */
public final class Assembler {

    private static final int MAX_TIMELINE = 500;

    /**
     * By time, then check id. Written out: {@code Comparator.comparing} chains build serializable lambdas, which the
     * class-data archive cannot hold (see {@link Ranker}).
     */
    static final Comparator<TimelineEntry> BY_TIME = (a, b) -> {
        int c = a.at().compareTo(b.at());
        return c != 0 ? c : a.checkId().compareTo(b.checkId());
    };

    private Assembler() {
    }

    public static Diagnosis assemble(Target target, Instant startedAt, Duration elapsed, List<CheckReport> rawReports,
                                     List<DiscoveryIssue> issues, Redactor redactor, List<String> notes) {
        return assemble(target, startedAt, elapsed, rawReports, issues, redactor, notes, Ranker.standard());
    }

    public static Diagnosis assemble(Target target, Instant startedAt, Duration elapsed, List<CheckReport> rawReports,
                                     List<DiscoveryIssue> issues, Redactor redactor, List<String> notes,
                                     Ranker ranker) {
        return assemble(target, startedAt, elapsed, rawReports, issues, redactor, notes, ranker, List.of());
    }

    /**
     * As {@link #assemble(Target, Instant, Duration, List, List, Redactor, List, Ranker)}, with {@code history}:
     * the older episodes the logs hold, one timeline entry each (marked {@link TimelineEntry#history()}); they go
     * on the timeline and are never ranked.
     */
    public static Diagnosis assemble(Target target, Instant startedAt, Duration elapsed, List<CheckReport> rawReports,
                                     List<DiscoveryIssue> issues, Redactor redactor, List<String> notes,
                                     Ranker ranker, List<TimelineEntry> history) {
        List<CheckReport> reports = rawReports.stream().map(r -> redact(r, redactor)).toList();
        Target shown = redactTarget(target, redactor);
        ErrorSource errorSource = errorSource(reports);
        StatusFit.Visitors visitors = StatusFit.visitors(reports, errorSource, shown.url());
        // host commands turned into the container runtime's where the log evidence came from containers
        List<RankedCause> causes = ContainerAdvice.adapt(ranker.rank(reports, visitors));
        Map<CauseCode, Severity> causeSeverity = new HashMap<>();
        causes.forEach(c -> causeSeverity.put(c.code(), c.severity()));

        Severity worst = null;
        Finding worstFinding = null;
        boolean looked = false;
        boolean incomplete = false;
        for (CheckReport r : reports) {
            if (r instanceof CheckReport.Completed c) {
                if (!(c.result() instanceof CheckResult.NotApplicable)) {
                    looked = true;
                }
                if (!c.result().gapList().isEmpty()) {
                    incomplete = true;
                }
                for (Finding f : c.result().findingList()) {
                    Severity s = effective(f, causeSeverity);
                    if (worst == null || s.compareTo(worst) > 0) {
                        worst = s;
                        worstFinding = f;
                    }
                }
            } else if (r instanceof CheckReport.Errored || r instanceof CheckReport.TimedOut) {
                incomplete = true;
            }
        }
        Verdict verdict;
        if (worst == Severity.CRITICAL) {
            verdict = Verdict.FAILING;
        } else if (worst == Severity.WARNING) {
            verdict = Verdict.DEGRADED;
        } else if (!looked || incomplete) {
            verdict = Verdict.INCONCLUSIVE;
        } else {
            verdict = Verdict.HEALTHY;
        }

        Layer failing = null;
        if (verdict == Verdict.FAILING || verdict == Verdict.DEGRADED) {
            // The hop of the most likely cause seen happening; a risk names the hop only when nothing happens.
            Optional<RankedCause> top = causes.stream().filter(c -> c.severity().compareTo(Severity.INFO) > 0
                    && HopMap.happening(c)).findFirst();
            if (top.isEmpty() && verdict == Verdict.DEGRADED) {
                top = causes.stream().filter(c -> c.severity().compareTo(Severity.INFO) > 0).findFirst();
            }
            failing = top.map(RankedCause::layer).orElse(worstFinding.layer());
        }
        String headline = headline(verdict, failing, causes, worstFinding, reports, target);
        return new Diagnosis(Diagnosis.SCHEMA_VERSION, shown, startedAt, elapsed, verdict,
                failing, redactor.redact(headline), errorSource,
                HopMap.of(reports, causes, errorSource, visitors, failing), causes, reports,
                issues.stream().map(i -> new DiscoveryIssue(i.kind(), i.subject(), redactor.redact(i.message())))
                        .toList(),
                notes.stream().map(redactor::redact).toList(), timeline(reports, history, redactor));
    }

    /**
     * The severity a finding counts with for the verdict: a cause's as ranked (a risk nothing shows happening
     * is at most a warning; a cause that explains a critical failure is critical), a risk symptom's at most a
     * warning.
     */
    private static Severity effective(Finding f, Map<CauseCode, Severity> causeSeverity) {
        if (f.cause() != null && causeSeverity.containsKey(f.cause())) {
            return causeSeverity.get(f.cause());
        }
        return f.isRisk() && f.severity() == Severity.CRITICAL ? Severity.WARNING : f.severity();
    }

    private static String headline(Verdict verdict, Layer failing, List<RankedCause> causes, Finding worst,
                                   List<CheckReport> reports, Target target) {
        switch (verdict) {
            case FAILING, DEGRADED -> {
                String prefix = (verdict == Verdict.FAILING ? "Failing at " : "Degraded at ") + failing.label() + ": ";
                if (!causes.isEmpty() && causes.get(0).severity() != Severity.INFO) {
                    RankedCause top = causes.get(0);
                    return prefix + top.summary() + " [" + top.code() + ", "
                            + Math.round(top.confidence() * 100) + "% confidence"
                            + (top.basis() == Basis.RISK && top.explains().isEmpty()
                            ? "; a configuration risk, not seen happening" : "") + "]";
                }
                return prefix + worst.summary() + " (the cause could not be determined from the evidence available)";
            }
            case HEALTHY -> {
                long ran = reports.stream().filter(r -> r instanceof CheckReport.Completed c
                        && !(c.result() instanceof CheckResult.NotApplicable)).count();
                return "No problem found: " + ran + (ran == 1 ? " check" : " checks") + " looked and found nothing wrong";
            }
            default -> {
                long unfinished = reports.stream()
                        .filter(r -> r instanceof CheckReport.Errored || r instanceof CheckReport.TimedOut).count();
                if (reports.isEmpty()) {
                    return "Inconclusive: no check ran (see discovery issues)";
                }
                List<Gap> gaps = reports.stream().filter(r -> r instanceof CheckReport.Completed)
                        .flatMap(r -> ((CheckReport.Completed) r).result().gapList().stream()).toList();
                if (unfinished > 0 && gaps.isEmpty()) {
                    return "Inconclusive: " + unfinished + (unfinished == 1 ? " check" : " checks")
                            + " could not finish and nothing else was found";
                }
                if (!gaps.isEmpty()) {
                    String what = unfinished > 0 ? unfinished + (unfinished == 1 ? " check" : " checks")
                            + " could not finish" : "";
                    if (!gaps.isEmpty()) {
                        long sources = gaps.stream().map(Gap::source).distinct().count();
                        what += (what.isEmpty() ? "" : " and ") + sources + (sources == 1 ? " evidence source"
                                : " evidence sources") + " could not be read whole (" + gaps.get(0).source() + ": "
                                + gaps.get(0).reason() + (gaps.size() > 1 ? "; ..." : "") + ")";
                    }
                    return "Inconclusive: " + what + "; nothing was found in what was read";
                }
                return target.isEmpty()
                        ? "Inconclusive: nothing to look at; give a URL and/or log files"
                        : "Inconclusive: no check applied to what was given; add a URL, log files or configuration files";
            }
        }
    }

    /**
     * The most confident error page any completed check saw (findings before passed evidence, then
     * report order for ties); {@code null} when none saw one.
     */
    static ErrorSource errorSource(List<CheckReport> reports) {
        ErrorSource best = null;
        for (CheckReport r : reports) {
            if (!(r instanceof CheckReport.Completed c)) {
                continue;
            }
            List<Evidence> all = new ArrayList<>();
            c.result().findingList().forEach(f -> all.addAll(f.evidence()));
            if (c.result() instanceof CheckResult.Passed p) {
                all.addAll(p.evidence());
            }
            for (Evidence e : all) {
                if (e instanceof Evidence.ErrorPage page
                        && (best == null || page.source().confidence() > best.confidence())) {
                    best = page.source();
                }
            }
        }
        return best;
    }

    private static CheckReport redact(CheckReport r, Redactor redactor) {
        if (r instanceof CheckReport.Completed c) {
            return new CheckReport.Completed(c.checkId(), c.layer(), c.elapsed(), c.result().redacted(redactor::redact));
        } else if (r instanceof CheckReport.Errored e) {
            return new CheckReport.Errored(e.checkId(), e.layer(), e.elapsed(), e.errorClass(),
                    redactor.redact(e.message()));
        } else if (r instanceof CheckReport.Skipped s) {
            return new CheckReport.Skipped(s.checkId(), s.layer(), s.elapsed(), redactor.redact(s.reason()));
        }
        return r;
    }

    private static Target redactTarget(Target original, Redactor redactor) {
        java.util.Map<String, String> options = new java.util.TreeMap<>();
        original.options().forEach((k, v) -> options.put(k, redactor.redact(k + "=" + v).equals(k + "=" + v)
                ? redactor.redact(v) : Redactor.MASK));
        // paths too: a file named after a query string or a copied URL can carry a token
        List<java.nio.file.Path> logs = original.logs().stream().map(p -> redactPath(p, redactor)).toList();
        java.util.Map<String, java.nio.file.Path> configs = new java.util.LinkedHashMap<>();
        original.configs().forEach((k, p) -> configs.put(k, redactPath(p, redactor)));
        Target t = new Target(original.url(), logs, configs, options, original.zone());
        if (t.url() == null) {
            return t;
        }
        String redacted = redactor.redact(t.url().toString());
        try {
            return new Target(java.net.URI.create(redacted.replace(Redactor.MASK, "REDACTED")), t.logs(),
                    t.configs(), t.options(), t.zone());
        } catch (IllegalArgumentException e) {
            return new Target(null, t.logs(), t.configs(), t.options(), t.zone());
        }
    }

    private static java.nio.file.Path redactPath(java.nio.file.Path p, Redactor redactor) {
        String text = p.toString();
        String redacted = redactor.redact(text);
        if (redacted.equals(text)) {
            return p;
        }
        try {
            return java.nio.file.Path.of(redacted);
        } catch (java.nio.file.InvalidPathException e) {
            return java.nio.file.Path.of(Redactor.MASK);
        }
    }

    private static List<TimelineEntry> timeline(List<CheckReport> reports, List<TimelineEntry> history,
                                                Redactor redactor) {
        List<TimelineEntry> entries = new ArrayList<>();
        for (CheckReport r : reports) {
            if (!(r instanceof CheckReport.Completed c)) {
                continue;
            }
            if (c.result() instanceof CheckResult.Passed p) {
                for (Evidence e : p.evidence()) {
                    e.when().ifPresent(at -> entries.add(new TimelineEntry(at, c.layer(), c.checkId(), null, e)));
                }
            }
            for (Finding f : c.result().findingList()) {
                for (Evidence e : f.evidence()) {
                    e.when().ifPresent(at -> entries.add(new TimelineEntry(at, f.layer(), c.checkId(), f.cause(), e)));
                }
            }
        }
        // One event once: several findings of a check (causes it cannot tell apart) share their evidence.
        Set<List<Object>> seen = new HashSet<>();
        entries.removeIf(t -> !seen.add(List.of(t.at(), t.checkId(), t.evidence())));
        entries.sort(BY_TIME);
        List<TimelineEntry> older = history.stream().filter(TimelineEntry::history)
                .map(t -> new TimelineEntry(t.at(), t.layer(), t.checkId(), t.cause(),
                        t.evidence().redacted(redactor::redact), true))
                .limit(MAX_TIMELINE / 10).toList();
        int room = MAX_TIMELINE - older.size();
        // Keep the most recent events: the incident is at the end. The history stays: it is a few lines.
        List<TimelineEntry> out = new ArrayList<>(entries.subList(Math.max(0, entries.size() - room), entries.size()));
        out.addAll(older);
        out.sort(BY_TIME);
        return out;
    }
}
