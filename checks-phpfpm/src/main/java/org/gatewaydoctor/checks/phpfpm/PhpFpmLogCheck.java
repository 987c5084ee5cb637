package org.gatewaydoctor.checks.phpfpm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.phpfpm.internal.FpmAdvice;
import org.gatewaydoctor.checks.phpfpm.internal.FpmEvents;
import org.gatewaydoctor.checks.phpfpm.internal.FpmEvents.Kind;
import org.gatewaydoctor.checks.phpfpm.internal.FpmLogLine;
import org.gatewaydoctor.checks.phpfpm.internal.Tally;
import org.gatewaydoctor.checks.phpfpm.internal.WpAttribution;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.LogAccess;
import org.gatewaydoctor.spi.Redactor;

/**
 * Reads PHP-FPM master logs (and slowlogs) among the target's log files and names what they show:
 * a pool at {@code pm.max_children} or short of idle workers, workers dying on signals, scripts killed by
 * {@code request_terminate_timeout}, slow requests (attributed to the WordPress plugin, theme, REST
 * namespace or AJAX action they belong to), a master that cannot start or has stopped, and PHP fatal
 * errors workers wrote to their stderr.
 *
 * <p>Lines are recognised by content ({@code [21-Nov-2026 09:14:01] WARNING: ...}, also with
 * microseconds, also relayed through syslog), so any file may hold them. A cause is critical when its
 * last occurrence lies within {@link #RECENT} of the newest PHP-FPM line read.
 *
 * <pre>{@code
 * CheckResult r = new PhpFpmLogCheck().run(ctx);   // ctx.logs() holds /var/log/php8.2-fpm.log
 * }</pre>
 */
public final class PhpFpmLogCheck implements Check {

    /** This check's id. */
    public static final String ID = "phpfpm.log";
    /** How close to the newest log line a cause's last occurrence must be to count as happening now. */
    public static final Duration RECENT = Duration.ofMinutes(15);

    private static final Duration SAFETY = Duration.ofMillis(400);
    private static final int CLOCK_STRIDE = 2048;
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String TRACE = "slowlog trace";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public PhpFpmLogCheck() {
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
        return "PHP-FPM log: pool saturation, crashes and timeouts";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        List<Path> files = ctx.logs().files();
        if (files.isEmpty()) {
            return CheckResult.notApplicable("no log files were given");
        }
        Scan scan = new Scan(ctx);
        boolean partial = false;
        try {
            ctx.logs().forEachLine(scan);
        } catch (StopReading e) {
            partial = true;
        } catch (InterruptedException e) {
            partial = true;
            Thread.currentThread().interrupt();
        }
        partial |= scan.stoppedEarly;
        scan.endTrace();
        if (scan.fpmLines == 0 && scan.traces == 0) {
            return CheckResult.notApplicable("none of the " + files.size()
                    + (files.size() == 1 ? " log file holds" : " log files hold") + " PHP-FPM log lines"
                    + (scan.problems.isEmpty() ? "" : " (" + String.join("; ", scan.problems) + ")"));
        }
        ZoneId zone = ctx.target().zone();
        String read = "read " + scan.fpmLines + " PHP-FPM log " + (scan.fpmLines == 1 ? "line" : "lines")
                + (scan.traces > 0 ? " and " + scan.traces + " slowlog " + (scan.traces == 1 ? "trace" : "traces") : "")
                + " from " + plural(scan.fpmFiles.size(), "file")
                + (scan.newest == null ? "" : ", the newest written at " + HUMAN.format(scan.newest.atZone(zone)))
                + (partial ? "; reading stopped early at the check's deadline, so counts are partial" : "")
                + (scan.problems.isEmpty() ? "" : "; " + plural(scan.problems.size(), "file") + " could not be read whole");
        Redactor redactor = ctx.redactor();
        List<Finding> findings = new Builder(scan, redactor, zone, read).build();
        if (findings.isEmpty()) {
            return CheckResult.passed(new Evidence.Observation(redactor.redact(read
                    + ": no saturation, crash, timeout, slow request or start failure"), scan.newest));
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Comparator.comparingDouble(Finding::confidence).reversed()));
        return CheckResult.findings(findings);
    }

    /** Turns the tallies into findings. */
    private static final class Builder {
        private final Scan scan;
        private final Redactor redactor;
        private final ZoneId zone;
        private final String read;

        Builder(Scan scan, Redactor redactor, ZoneId zone, String read) {
            this.scan = scan;
            this.redactor = redactor;
            this.zone = zone;
            this.read = read;
        }

        List<Finding> build() {
            List<Finding> out = new ArrayList<>();
            Tally slow = scan.tally(Kind.SLOW_REQUEST.name());
            Tally traces = scan.tally(TRACE);
            Tally slowSource = slow.count() > 0 ? slow : traces;
            // The slowlog's stack traces name the plugin even when the request line only names index.php.
            String slowSubject = topAttributable(slowSource, traces);

            Tally max = scan.tally(Kind.MAX_CHILDREN.name());
            Tally busy = scan.tally(Kind.SEEMS_BUSY.name());
            if (max.count() > 0) {
                String pool = max.topSubject("www");
                String limit = max.details().isEmpty() ? "" : max.details().get(0).getKey().replace("pm.max_children = ", "");
                String summary = "PHP-FPM pool " + pool + " reached pm.max_children"
                        + (limit.isEmpty() ? "" : " (" + limit + ")") + " " + times(max.count())
                        + ": every worker was busy, so new requests waited or failed"
                        + (FpmAdvice.attributable(slowSubject) ? "; slow requests from " + slowSubject + " held the workers" : "");
                Finding.Builder b = start(CauseCode.PHPFPM_POOL_EXHAUSTED, max, 0.85, 0.97, summary)
                        .evidence(new Evidence.Measurement("times pool " + pool + " reached pm.max_children",
                                max.count(), "times"));
                if (busy.count() > 0) {
                    b.evidence(new Evidence.Measurement("'seems busy' warnings (spawning could not keep up)",
                            busy.count(), "times"));
                }
                if (slowSource.count() > 0) {
                    b.evidence(new Evidence.Observation(redactor.redact(slowSource.count() + " slow "
                            + (slowSource.count() == 1 ? "request" : "requests") + " logged"
                            + (FpmAdvice.attributable(slowSubject) ? ", mostly " + slowSubject : "")
                            + " (see app.slow_requests)"), slowSource.last()));
                }
                out.add(finish(b, max, 502, FpmAdvice.poolExhausted(pool, limit, slowSubject),
                        "pm.status_path shows 'max children reached' growing and 'listen queue' above 0 at peak",
                        "nginx's error log shows connect() to the socket failing with (11: Resource temporarily "
                                + "unavailable) or upstream timeouts at the same times"));
            } else if (busy.count() > 0) {
                String pool = busy.topSubject("www");
                Finding.Builder b = Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.WARNING,
                                Tally.confidence(0.35, 0.6, busy.count()),
                                redactor.redact("PHP-FPM pool " + pool + " ran short of idle workers " + times(busy.count())
                                        + " ('seems busy'): bursts of traffic wait while it spawns more"))
                        .evidence(busy.samples(redactor::redact))
                        .evidence(new Evidence.Measurement("'seems busy' warnings for pool " + pool, busy.count(), "times"),
                                span(busy, Severity.WARNING));
                out.add(b.remediation(FpmAdvice.seemsBusy().toArray(String[]::new))
                        .confirmWith("pm.status_path shows 'idle processes' at 0 during bursts").build());
            }

            Tally crash = scan.tally(Kind.WORKER_CRASH.name());
            if (crash.count() > 0) {
                boolean sigkill = crash.subjects().stream().anyMatch(e -> e.getKey().equals("SIGKILL"));
                boolean segfault = crash.subjects().stream().anyMatch(e -> !e.getKey().equals("SIGKILL"));
                String signals = String.join(", ", crash.subjects().stream()
                        .map(e -> e.getKey() + " x" + e.getValue()).toList());
                Finding.Builder b = start(CauseCode.PHPFPM_WORKER_CRASH, crash, 0.75, 0.95,
                        "PHP-FPM workers died on a signal " + times(crash.count()) + " (" + signals
                                + "), dropping the requests they served");
                List<String> confirm = new ArrayList<>();
                if (sigkill) {
                    confirm.add("dmesg -T | grep -i 'killed process' shows the kernel's OOM killer ending php-fpm "
                            + "workers at these times: then the root cause is host.out_of_memory");
                }
                if (segfault) {
                    confirm.add("a core dump (coredumpctl list php-fpm*) shows the extension that crashed");
                }
                out.add(finish(b, crash, 502, FpmAdvice.workerCrash(sigkill, segfault), confirm.toArray(String[]::new)));
            }

            Tally timeout = scan.tally(Kind.REQUEST_TIMEOUT.name());
            if (timeout.count() > 0) {
                String subject = timeout.topSubject("a script");
                Finding.Builder b = start(CauseCode.PHPFPM_REQUEST_TIMEOUT, timeout, 0.8, 0.95,
                        "PHP-FPM killed " + timeout.count() + (timeout.count() == 1 ? " request" : " requests")
                                + " at request_terminate_timeout, mostly " + subject);
                out.add(finish(b, timeout, 502, FpmAdvice.requestTimeout(subject)));
            }

            if (slowSource.count() > 0) {
                String subject = FpmAdvice.attributable(slowSubject) ? slowSubject : slowSource.topSubject("a script");
                Finding.Builder b = Finding.cause(CauseCode.APP_SLOW_REQUESTS, Layer.APPLICATION, Severity.WARNING,
                                Tally.confidence(0.6, 0.9, slowSource.count()),
                                redactor.redact(slowSource.count() + " slow " + (slowSource.count() == 1 ? "request" : "requests")
                                        + " held PHP-FPM workers past request_slowlog_timeout, mostly " + subject))
                        .evidence(slowSource.samples(redactor::redact))
                        .evidence(new Evidence.Measurement("slow requests logged", slowSource.count(), "requests"),
                                span(slowSource, Severity.WARNING));
                if (slowSource != traces && traces.count() > 0) {
                    b.evidence(traces.samples(redactor::redact).stream().limit(2).toList());
                }
                b.httpStatus(504);
                out.add(b.remediation(FpmAdvice.slowRequests(subject).stream().map(redactor::redact).toArray(String[]::new))
                        .confirmWith("the slowlog's stack traces show the same plugin or function again and again")
                        .build());
            }

            Tally failures = scan.tally(Kind.START_FAILURE.name());
            if (failures.count() > 0) {
                boolean startedSince = scan.lastStarted != null && scan.lastStarted.isAfter(failures.last());
                String detail = failures.details().stream().map(Map.Entry::getKey)
                        .filter(d -> !d.equals("FPM initialization failed")).findFirst().orElse("FPM initialization failed");
                Finding.Builder b = Finding.cause(CauseCode.PHPFPM_START_FAILURE, Layer.PHP_FPM,
                                startedSince ? Severity.WARNING : Severity.CRITICAL,
                                startedSince ? 0.5 : Tally.confidence(0.8, 0.95, failures.count()),
                                redactor.redact("PHP-FPM failed to start (" + detail + ")"
                                        + (startedSince ? ", but started successfully later" : "")))
                        .evidence(failures.samples(redactor::redact))
                        .evidence(span(failures, startedSince ? Severity.WARNING : Severity.CRITICAL));
                b.httpStatus(502);
                out.add(b.remediation(FpmAdvice.startFailure(detail).stream().map(redactor::redact).toArray(String[]::new))
                        .confirmWith("systemctl status php8.x-fpm shows it failed or inactive")
                        .build());
            } else if (scan.lastStopped != null && (scan.lastStarted == null || scan.lastStopped.isAfter(scan.lastStarted))) {
                Tally stopped = scan.tally(Kind.STOPPED.name());
                Finding.Builder b = Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.WARNING, 0.45,
                                redactor.redact("PHP-FPM's log ends with it shutting down (exiting, bye-bye! at "
                                        + HUMAN.format(scan.lastStopped.atZone(zone)) + ") and no start after that"))
                        .evidence(stopped.samples(redactor::redact));
                b.httpStatus(502);
                out.add(b.remediation(FpmAdvice.stopped().toArray(String[]::new))
                        .confirmWith("no php-fpm master process is running now (systemctl status php8.x-fpm)")
                        .build());
            }

            for (String code : List.of("app.fatal_error", "app.memory_exhausted", "app.execution_timeout")) {
                Tally t = scan.tally(code);
                if (t.count() == 0) {
                    continue;
                }
                CauseCode cause = CauseCode.of(code);
                String subject = t.topSubject("an unknown file");
                String what = switch (code) {
                    case "app.memory_exhausted" -> "PHP scripts hit memory_limit ";
                    case "app.execution_timeout" -> "PHP scripts hit max_execution_time ";
                    default -> "PHP fatal errors ";
                };
                Finding.Builder b = start(cause, t, code.equals("app.fatal_error") ? 0.7 : 0.8, 0.95,
                        what + times(t.count()) + ", mostly in " + subject);
                out.add(finish(b, t, 500, FpmAdvice.appError(code, subject)));
            }
            return out;
        }

        private String topAttributable(Tally primary, Tally traces) {
            Map<String, Long> merged = new HashMap<>();
            for (Tally t : List.of(primary, traces)) {
                for (Map.Entry<String, Long> e : t.subjects()) {
                    if (FpmAdvice.attributable(e.getKey())) {
                        merged.merge(e.getKey(), e.getValue(), Long::sum);
                    }
                }
            }
            return merged.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .map(Map.Entry::getKey).orElse(primary.topSubject(""));
        }

        private Finding.Builder start(CauseCode cause, Tally t, double base, double maxConfidence, String summary) {
            Severity severity = t.recent(scan.newest, RECENT) ? Severity.CRITICAL : Severity.WARNING;
            return Finding.cause(cause, cause.layer().orElse(Layer.PHP_FPM), severity,
                            Tally.confidence(base, maxConfidence, t.count()), redactor.redact(summary))
                    .evidence(t.samples(redactor::redact));
        }

        private Finding finish(Finding.Builder b, Tally t, int status, List<String> remediation, String... confirmWith) {
            Severity severity = t.recent(scan.newest, RECENT) ? Severity.CRITICAL : Severity.WARNING;
            return b.evidence(span(t, severity))
                    .httpStatus(status)
                    .remediation(remediation.stream().map(redactor::redact).toArray(String[]::new))
                    .confirmWith(confirmWith)
                    .build();
        }

        private Evidence.Observation span(Tally t, Severity severity) {
            String s = t.count() == 1
                    ? "seen once, at " + HUMAN.format(t.first().atZone(zone))
                    : "first seen " + HUMAN.format(t.first().atZone(zone)) + ", last seen " + HUMAN.format(t.last().atZone(zone));
            return new Evidence.Observation(redactor.redact(s + (severity == Severity.WARNING && !t.recent(scan.newest, RECENT)
                    ? "; not among the last " + RECENT.toMinutes() + " minutes of the log, so an earlier episode" : "")
                    + " (" + read + ")"), t.last());
        }
    }

    private static String times(long count) {
        return count == 1 ? "once" : count + " times";
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** Thrown by the visitor to stop reading while there is still time to build the result. */
    private static final class StopReading extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopReading() {
            super("deadline near", null, false, false);
        }
    }

    /** Reads lines, keeps the PHP-FPM ones (and slowlog records), tallies what they report. */
    private static final class Scan implements LogAccess.LogLineVisitor {
        private final CheckContext ctx;
        private final ZoneId zone;
        private final int thisYear;
        private final LocalDateTime tomorrow;
        private final Map<String, Tally> tallies = new LinkedHashMap<>();
        final Set<Path> fpmFiles = new LinkedHashSet<>();
        final List<String> problems = new ArrayList<>();
        boolean stoppedEarly;
        long fpmLines;
        long traces;
        long seen;
        Instant newest;
        Instant lastStarted;
        Instant lastStopped;
        private Instant lastDated;
        private Path lastDatedFile;

        // the slowlog record being read
        private Path traceFile;
        private Instant traceAt;
        private long traceLine;
        private String traceHeader;
        private String traceScript;
        private String traceFrameText;
        private long traceFrameLine;
        private String traceSubject;

        Scan(CheckContext ctx) {
            this.ctx = ctx;
            this.zone = ctx.target().zone();
            LocalDateTime now = LocalDateTime.ofInstant(ctx.clock().instant(), zone);
            this.thisYear = now.getYear();
            this.tomorrow = now.plusDays(1);
        }

        Tally tally(String key) {
            return tallies.getOrDefault(key, new Tally());
        }

        @Override
        public void line(Path file, long lineNumber, String text, boolean truncated) {
            if (++seen % CLOCK_STRIDE == 0 && ctx.remaining().compareTo(SAFETY) < 0) {
                throw new StopReading();
            }
            if (traceFile != null && !traceFile.equals(file)) {
                endTrace();
            }
            if (slowlog(file, lineNumber, text)) {
                return;
            }
            Optional<FpmLogLine> parsed = FpmLogLine.parse(text, thisYear);
            if (parsed.isEmpty()) {
                return;
            }
            FpmLogLine line = parsed.get();
            Instant at;
            if (line.time() == null) {
                // A worker's undated line: it was written about when the line before it was.
                if (!file.equals(lastDatedFile) || lastDated == null) {
                    return;
                }
                at = lastDated;
            } else {
                LocalDateTime local = line.time();
                if (!text.startsWith("[") && local.isAfter(tomorrow)) {
                    local = local.minusYears(1); // a syslog line from last December read in January
                }
                at = local.atZone(zone).toInstant();
                lastDated = at;
                lastDatedFile = file;
            }
            fpmLines++;
            fpmFiles.add(file);
            newest(at);
            FpmEvents.classify(line).ifPresent(e -> {
                String key = e.kind() == Kind.APP_FATAL ? e.cause().value() : e.kind().name();
                tallies.computeIfAbsent(key, k -> new Tally()).add(file, lineNumber, at, text, e.subject(), e.detail(), 0);
                if (e.kind() == Kind.STARTED && (lastStarted == null || at.isAfter(lastStarted))) {
                    lastStarted = at;
                }
                if (e.kind() == Kind.STOPPED && (lastStopped == null || at.isAfter(lastStopped))) {
                    lastStopped = at;
                }
            });
        }

        private void newest(Instant at) {
            if (newest == null || at.isAfter(newest)) {
                newest = at;
            }
        }

        /** Handles slowlog records; true if the line belonged to one. */
        private boolean slowlog(Path file, long lineNumber, String text) {
            Optional<FpmLogLine.SlowlogHeader> header = FpmLogLine.slowlogHeader(text);
            if (header.isPresent()) {
                endTrace();
                traceFile = file;
                traceAt = header.get().time().atZone(zone).toInstant();
                traceLine = lineNumber;
                traceHeader = text;
                fpmFiles.add(file);
                newest(traceAt);
                return true;
            }
            if (traceFile == null) {
                return false;
            }
            if (text.startsWith("script_filename = ")) {
                traceScript = text.substring("script_filename = ".length()).trim();
                return true;
            }
            Optional<String> frame = FpmLogLine.slowlogFrameFile(text);
            if (frame.isPresent()) {
                if (traceSubject == null) {
                    Optional<WpAttribution> who = WpAttribution.of(frame.get());
                    if (who.isPresent()) {
                        traceSubject = who.get().describe();
                        traceFrameText = text;
                        traceFrameLine = lineNumber;
                    }
                }
                return true;
            }
            endTrace();
            return text.isBlank();
        }

        void endTrace() {
            if (traceFile == null) {
                return;
            }
            traces++;
            String subject = traceSubject != null ? traceSubject
                    : traceScript != null ? WpAttribution.of(traceScript).map(WpAttribution::describe)
                            .orElse("script " + traceScript) : "an unknown script";
            String text = traceFrameText != null ? traceFrameText : traceHeader;
            long line = traceFrameText != null ? traceFrameLine : traceLine;
            tallies.computeIfAbsent(TRACE, k -> new Tally()).add(traceFile, line, traceAt, text, subject, "", 0);
            traceFile = null;
            traceAt = null;
            traceHeader = null;
            traceScript = null;
            traceFrameText = null;
            traceSubject = null;
        }

        @Override
        public void problem(Path file, String message) {
            // The engine's reader stops a little before the deadline and says so as a problem.
            if (message != null && message.contains("deadline")) {
                stoppedEarly = true;
            } else if (problems.size() < 10) {
                problems.add(file.getFileName() + ": " + message);
            }
        }
    }
}
