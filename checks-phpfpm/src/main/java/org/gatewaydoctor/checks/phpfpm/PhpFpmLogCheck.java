package org.gatewaydoctor.checks.phpfpm;

import static org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs.plural;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.gatewaydoctor.checks.phpfpm.internal.FpmAdvice;
import org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs;
import org.gatewaydoctor.checks.phpfpm.internal.FpmHits;
import org.gatewaydoctor.checks.phpfpm.internal.FpmTarget;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.checks.phpfpm.internal.config.Setting;
import org.gatewaydoctor.checks.phpfpm.internal.signatures.PhpFpmSignatureProvider;
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
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * Names what PHP-FPM's master log and slowlog show: a pool at {@code pm.max_children} or short of idle
 * workers, workers dying on signals, scripts killed by {@code request_terminate_timeout}, slow requests
 * (attributed to the WordPress plugin, theme, REST namespace or AJAX action they belong to, with the
 * slowlog's stack traces naming the plugin behind {@code index.php}), a master that cannot start or
 * has stopped, and PHP fatal errors workers wrote.
 *
 * <p>It reads no line itself: it interprets the diagnosis's shared {@linkplain CheckContext#logScan()
 * log scan}, in which {@link PhpFpmSignatureProvider} contributes the PHP-FPM signatures. A cause is
 * critical when its last occurrence lies within {@link #RECENT} of the newest PHP-FPM event of the logs.
 *
 * <pre>{@code
 * CheckResult r = new PhpFpmLogCheck().run(ctx);   // ctx.target().logs() holds /var/log/php8.2-fpm.log
 * }</pre>
 */
public final class PhpFpmLogCheck implements Check {

    /** This check's id. */
    public static final String ID = "phpfpm.log";
    /** How close to the newest PHP-FPM event a cause's last occurrence must be to count as happening now. */
    public static final Duration RECENT = Duration.ofMinutes(15);

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final Set<LogFormat> FORMATS = Set.of(LogFormat.PHP_FPM, LogFormat.PHP_FPM_SLOWLOG);

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
        // it waits on the shared log scan, which the diagnosis deadline bounds
        return UNTIL_DIAGNOSIS_DEADLINE;
    }

    /**
     * @throws InterruptedException when the shared scan could not finish before this check's deadline: the
     *     engine reports the check timed out
     */
    @Override
    public CheckResult run(CheckContext ctx) throws InterruptedException {
        int given = ctx.logs().files().size();
        LogScan scan = ctx.logScan();
        if (given == 0 && scan.files().isEmpty()) {
            return CheckResult.notApplicable("no log files were given");
        }
        FpmHits hits = new FpmHits(scan);
        Set<String> named = new LinkedHashSet<>(hits.files());
        List<ScannedFile> files = scan.files().stream()
                .filter(f -> named.contains(f.path()) || f.formats().keySet().stream().anyMatch(FORMATS::contains)).toList();
        Set<String> mine = new java.util.HashSet<>(files.stream().map(ScannedFile::path).toList());
        List<Gap> gaps = scan.gaps(f -> mine.contains(f.path()));
        if (files.isEmpty() && !gaps.isEmpty()) {
            return CheckResult.passed(new Evidence.Observation(ctx.redactor().redact("no PHP-FPM log lines among "
                    + "what was read, but " + gaps.size() + (gaps.size() == 1 ? " source was" : " sources were")
                    + " not read whole, so PHP-FPM's log may be among them"))).withGaps(gaps);
        }
        if (files.isEmpty()) {
            return CheckResult.notApplicable("none of the " + given + (given == 1 ? " log file holds" : " log files hold")
                    + " PHP-FPM log lines");
        }
        ZoneId zone = ctx.target().zone();
        long lines = files.stream().mapToLong(ScannedFile::lines).sum();
        long traces = hits.get("phpfpm.slowlog-record").count();
        long stopped = files.stream().filter(f -> !f.complete() && f.problems().stream().anyMatch(p -> p.contains("deadline")))
                .count();
        long broken = files.stream().filter(f -> !f.complete()).count() - stopped;
        String read = "read " + lines + " lines of PHP-FPM logs in " + plural(files.size(), "file")
                + (traces > 0 ? " (" + plural(traces, "slowlog trace") + ")" : "")
                + (hits.newest() == null ? "" : ", the newest PHP-FPM event at " + HUMAN.format(hits.newest().atZone(zone)))
                + (stopped > 0 ? "; reading stopped early at the deadline, so counts are partial" : "")
                + (broken > 0 ? "; " + plural(broken, "file") + " could not be read whole" : "");
        Redactor redactor = ctx.redactor();
        List<FpmPool> pools = FpmTarget.of(ctx).pools();
        List<Finding> findings = new Builder(hits, redactor, zone, read, pools).build();
        if (findings.isEmpty()) {
            return CheckResult.passed(new Evidence.Observation(redactor.redact(read
                    + ": no saturation, crash, timeout, slow request or start failure"), hits.newest())).withGaps(gaps);
        }
        findings.sort((a, b) -> {
            // most severe, then most confident; written out: Comparator.comparing chains are serializable lambdas,
            // which the class-data archive cannot hold
            int c = b.severity().compareTo(a.severity());
            return c != 0 ? c : Double.compare(b.confidence(), a.confidence());
        });
        return CheckResult.findings(findings).withGaps(gaps);
    }

    /** Turns the hits into findings. */
    private static final class Builder {
        private final FpmHits hits;
        private final Redactor redactor;
        private final ZoneId zone;
        private final String read;
        private final List<FpmPool> pools;

        Builder(FpmHits hits, Redactor redactor, ZoneId zone, String read, List<FpmPool> pools) {
            this.hits = hits;
            this.redactor = redactor;
            this.zone = zone;
            this.read = read;
            this.pools = pools;
        }

        List<Finding> build() {
            List<Finding> out = new ArrayList<>();
            SignatureHits slow = hits.get("phpfpm.slow-request");
            SignatureHits traces = hits.get("phpfpm.slowlog-record");
            SignatureHits frames = hits.get("phpfpm.slowlog-plugin-frame", "phpfpm.slowlog-mu-plugin-frame",
                    "phpfpm.slowlog-theme-frame");
            SignatureHits slowSource = slow.count() > 0 ? slow : traces;
            // The slowlog's stack traces name the plugin even when the request line only names index.php.
            String slowSubject = FpmHits.subject(slowSource, frames).orElse("");

            SignatureHits max = hits.get("phpfpm.max-children");
            SignatureHits busy = hits.get("phpfpm.seems-busy");
            if (max.count() > 0) {
                String pool = FpmHits.top(max, "pool").orElse("www");
                String limit = FpmHits.top(max, "maxChildren").orElse("");
                String summary = "PHP-FPM pool " + pool + " reached pm.max_children"
                        + (limit.isEmpty() ? "" : " (" + limit + ")") + " " + times(max) + ": every worker was busy, so "
                        + "new requests waited or failed"
                        + (FpmAdvice.attributable(slowSubject) ? "; slow requests from " + slowSubject + " held the workers" : "");
                Finding.Builder b = start(CauseCode.PHPFPM_POOL_EXHAUSTED, max, 0.85, 0.97, summary)
                        .evidence(new Evidence.Measurement("times pool " + pool + " reached pm.max_children",
                                max.count(), "times"));
                if (busy.count() > 0) {
                    b.evidence(new Evidence.Measurement("'seems busy' warnings (spawning could not keep up)",
                            busy.count(), "times"));
                }
                b.evidence(configured(pool, limit));
                if (slowSource.count() > 0) {
                    b.evidence(new Evidence.Observation(redactor.redact(slowSource.count() + " slow "
                            + (slowSource.count() == 1 ? "request" : "requests") + " logged"
                            + (FpmAdvice.attributable(slowSubject) ? ", mostly " + slowSubject : "")
                            + " (see app.slow_requests)"), slowSource.lastSeen()));
                }
                out.add(finish(b, max, 502, FpmAdvice.poolExhausted(pool, limit, slowSubject),
                        "pm.status_path shows 'max children reached' growing and 'listen queue' above 0 at peak",
                        "nginx's error log shows connect() to the socket failing with (11: Resource temporarily "
                                + "unavailable) or upstream timeouts at the same times"));
            } else if (busy.count() > 0) {
                String pool = FpmHits.top(busy, "pool").orElse("www");
                out.add(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.WARNING,
                                FpmHits.confidence(busy, 0.35, 0.6),
                                redactor.redact("PHP-FPM pool " + pool + " ran short of idle workers " + times(busy)
                                        + " ('seems busy'): bursts of traffic wait while it spawns more"))
                        .evidence(FpmHits.samples(busy))
                        .evidence(new Evidence.Measurement("'seems busy' warnings for pool " + pool, busy.count(), "times"),
                                span(busy, Severity.WARNING))
                        .remediation(FpmAdvice.seemsBusy().toArray(String[]::new))
                        .confirmWith("pm.status_path shows 'idle processes' at 0 during bursts").build());
            }

            SignatureHits crash = hits.get("phpfpm.child-exited-on-signal");
            if (crash.count() > 0) {
                Map<String, Long> signals = FpmHits.values(crash, "signal");
                boolean sigkill = signals.containsKey("SIGKILL");
                boolean segfault = signals.keySet().stream().anyMatch(s -> !s.equals("SIGKILL"));
                String named = String.join(", ", signals.entrySet().stream()
                        .sorted((x, y) -> {
                            int c = y.getValue().compareTo(x.getValue());
                            return c != 0 ? c : x.getKey().compareTo(y.getKey());
                        })
                        .map(e -> (e.getKey().isEmpty() ? "an unnamed signal" : e.getKey()) + " x" + e.getValue()).toList());
                Finding.Builder b = start(CauseCode.PHPFPM_WORKER_CRASH, crash, 0.75, 0.95,
                        "PHP-FPM workers died on a signal " + times(crash) + " (" + named
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

            SignatureHits timeout = hits.get("phpfpm.request-terminated");
            if (timeout.count() > 0) {
                String subject = FpmHits.subject(timeout).orElse("a script");
                Finding.Builder b = start(CauseCode.PHPFPM_REQUEST_TIMEOUT, timeout, 0.8, 0.95,
                        "PHP-FPM killed " + timeout.count() + (timeout.count() == 1 ? " request" : " requests")
                                + " at request_terminate_timeout, mostly " + subject);
                out.add(finish(b, timeout, 502, FpmAdvice.requestTimeout(subject)));
            }

            SignatureHits dropped = hits.get("phpfpm.connection-disallowed");
            if (dropped.count() > 0) {
                Map<String, Long> addresses = FpmHits.values(dropped, "address");
                String named = addresses.isEmpty() ? "the web server's address" : String.join(", ", addresses.keySet());
                Finding.Builder b = start(CauseCode.PHPFPM_CLIENT_NOT_ALLOWED, dropped, 0.85, 0.97,
                        "PHP-FPM dropped " + dropped.count() + (dropped.count() == 1 ? " connection" : " connections")
                                + " from " + named + " because listen.allowed_clients does not list it");
                out.add(finish(b, dropped, 502, FpmAdvice.clientNotAllowed(named),
                        "the pool's listen.allowed_clients line leaves out " + named));
            }

            if (slowSource.count() > 0) {
                String subject = FpmAdvice.attributable(slowSubject) ? slowSubject
                        : FpmHits.subject(slowSource).orElse("a script");
                Finding.Builder b = Finding.cause(CauseCode.APP_SLOW_REQUESTS, Layer.APPLICATION, Severity.WARNING,
                                FpmHits.confidence(slowSource, 0.6, 0.9),
                                redactor.redact(slowSource.count() + " slow " + (slowSource.count() == 1 ? "request" : "requests")
                                        + " held PHP-FPM workers past request_slowlog_timeout, mostly " + subject))
                        .evidence(FpmHits.samples(slowSource))
                        .evidence(new Evidence.Measurement("slow requests logged", slowSource.count(), "requests"),
                                span(slowSource, Severity.WARNING))
                        .evidence(FpmHits.samples(frames).stream().limit(2).toList());
                b.httpStatus(504);
                out.add(b.remediation(FpmAdvice.slowRequests(subject).stream().map(redactor::redact).toArray(String[]::new))
                        .confirmWith("the slowlog's stack traces show the same plugin or function again and again")
                        .build());
            }

            SignatureHits failures = hits.get("phpfpm.bind-failed", "phpfpm.already-listening", "phpfpm.init-failed");
            // by line order, not only by time: a start and a stop often fall within the same second
            Optional<Evidence.LogLine> started = hits.last("phpfpm.ready");
            Optional<Evidence.LogLine> exited = hits.last("phpfpm.exiting");
            if (failures.count() > 0) {
                Optional<Evidence.LogLine> failed = hits.last("phpfpm.bind-failed", "phpfpm.already-listening",
                        "phpfpm.init-failed");
                boolean startedSince = started.isPresent() && failed.isPresent()
                        && FpmHits.after(started.get(), failed.get());
                Optional<String> address = FpmHits.top(hits.get("phpfpm.bind-failed"), "address");
                String detail = address.map(a -> "cannot bind " + a + FpmHits.top(hits.get("phpfpm.bind-failed"), "reason")
                                .map(r -> " (" + r + ")").orElse(""))
                        .or(() -> FpmHits.top(hits.get("phpfpm.already-listening"), "address")
                                .map(a -> "another PHP-FPM already listens on " + a))
                        .orElse("FPM initialization failed");
                Severity severity = startedSince ? Severity.WARNING : Severity.CRITICAL;
                out.add(Finding.cause(CauseCode.PHPFPM_START_FAILURE, Layer.PHP_FPM, severity,
                                startedSince ? 0.5 : FpmHits.confidence(failures, 0.8, 0.95),
                                redactor.redact("PHP-FPM failed to start (" + detail + ")"
                                        + (startedSince ? ", but started successfully later" : "")))
                        .evidence(FpmHits.samples(failures))
                        .evidence(span(failures, severity))
                        .httpStatus(502)
                        .remediation(FpmAdvice.startFailure(detail).stream().map(redactor::redact).toArray(String[]::new))
                        .confirmWith("systemctl status php8.x-fpm shows it failed or inactive")
                        .build());
            } else if (exited.isPresent() && (started.isEmpty() || FpmHits.after(exited.get(), started.get()))) {
                Instant at = exited.get().timestamp();
                out.add(Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.WARNING, 0.45,
                                redactor.redact("PHP-FPM's log ends with it shutting down (exiting, bye-bye!"
                                        + (at == null ? "" : " at " + HUMAN.format(at.atZone(zone)))
                                        + ") and no start after that"))
                        .evidence(FpmHits.samples(hits.get("phpfpm.exiting")))
                        .httpStatus(502)
                        .remediation(FpmAdvice.stopped().toArray(String[]::new))
                        .confirmWith("no php-fpm master process is running now (systemctl status php8.x-fpm)")
                        .build());
            }

            for (CauseCode cause : List.of(CauseCode.APP_FATAL_ERROR, CauseCode.APP_MEMORY_EXHAUSTED,
                    CauseCode.APP_EXECUTION_TIMEOUT)) {
                SignatureHits t = switch (cause.value()) {
                    case "app.memory_exhausted" -> hits.get("phpfpm.php-memory-exhausted");
                    case "app.execution_timeout" -> hits.get("phpfpm.php-execution-timeout");
                    default -> hits.get("phpfpm.php-fatal", "phpfpm.php-parse-error");
                };
                if (t.count() == 0) {
                    continue;
                }
                String subject = FpmHits.component(t).orElse("an unknown file");
                String what = switch (cause.value()) {
                    case "app.memory_exhausted" -> "PHP scripts hit memory_limit ";
                    case "app.execution_timeout" -> "PHP scripts hit max_execution_time ";
                    default -> "PHP fatal errors ";
                };
                Finding.Builder b = start(cause, t, cause.equals(CauseCode.APP_FATAL_ERROR) ? 0.7 : 0.8, 0.95,
                        what + times(t) + ", mostly in " + subject);
                out.add(finish(b, t, 500, FpmAdvice.appError(cause.value(), subject)));
            }
            return out;
        }

        /**
         * The configuration lines behind a full pool, when the target's PHP-FPM configuration has the pool the log
         * names: its {@code pm.max_children} (if it is the limit the log reports) and an explicit
         * {@code listen.backlog}. They support the observed cause; alone they are only a risk (phpfpm.config).
         */
        private List<Evidence> configured(String pool, String loggedLimit) {
            Optional<FpmPool> p = pools.stream().filter(x -> x.name().equals(pool)).findFirst();
            if (p.isEmpty()) {
                return List.of();
            }
            List<Evidence> out = new ArrayList<>();
            p.get().pm().maxChildren().ifPresent(m -> out.add(loggedLimit.isEmpty()
                    || loggedLimit.equals(String.valueOf(m.value())) ? FpmConfigs.evidence("pm.max_children", m)
                    : new Evidence.Observation(redactor.redact("the configuration given sets pm.max_children = "
                    + m.value() + " for pool " + pool + " (" + m.origin() + "), but the log reports " + loggedLimit
                    + ": the PHP-FPM that wrote it ran with other settings"))));
            Setting<Integer> backlog = p.get().listen().backlog();
            if (!backlog.isBuiltIn()) {
                out.add(FpmConfigs.evidence("listen.backlog", backlog));
            }
            return out;
        }

        private Severity severity(SignatureHits t) {
            Instant newest = hits.newest();
            return t.lastSeen() == null || newest == null || !t.lastSeen().isBefore(newest.minus(RECENT))
                    ? Severity.CRITICAL : Severity.WARNING;
        }

        private Finding.Builder start(CauseCode cause, SignatureHits t, double base, double maxConfidence, String summary) {
            return Finding.cause(cause, cause.layer().orElse(Layer.PHP_FPM), severity(t), FpmHits.confidence(t, base, maxConfidence),
                    redactor.redact(summary)).evidence(FpmHits.samples(t));
        }

        private Finding finish(Finding.Builder b, SignatureHits t, int status, List<String> remediation,
                               String... confirmWith) {
            return b.evidence(span(t, severity(t)))
                    .httpStatus(status)
                    .remediation(remediation.stream().map(redactor::redact).toArray(String[]::new))
                    .confirmWith(confirmWith)
                    .build();
        }

        private Evidence.Observation span(SignatureHits t, Severity severity) {
            String s = t.firstSeen() == null ? "seen " + (t.count() == 1 ? "once" : t.count() + " times") + ", undated"
                    : t.count() == 1 ? "seen once, at " + HUMAN.format(t.firstSeen().atZone(zone))
                    : "first seen " + HUMAN.format(t.firstSeen().atZone(zone)) + ", last seen " + HUMAN.format(t.lastSeen().atZone(zone));
            return new Evidence.Observation(redactor.redact(s + (severity == Severity.WARNING && severity(t) == Severity.WARNING
                    ? "; not among the last " + RECENT.toMinutes() + " minutes of the logs, so an earlier episode" : "")
                    + " (" + read + ")"), t.lastSeen());
        }

        /** {@code "7 times"}, with {@code ", all between 09:11 and 09:37"} when three or more fall within an hour. */
        private String times(SignatureHits t) {
            if (t.count() == 1) {
                return "once";
            }
            boolean burst = t.count() >= 3 && t.firstSeen() != null
                    && Duration.between(t.firstSeen(), t.lastSeen()).compareTo(Duration.ofHours(1)) <= 0;
            List<String> clocks = burst ? Stream.of(t.firstSeen(), t.lastSeen()).map(i -> CLOCK.format(i.atZone(zone)))
                    .distinct().toList() : List.of();
            return t.count() + " times" + (clocks.isEmpty() ? "" : clocks.size() == 1 ? ", all at " + clocks.get(0)
                    : ", all between " + String.join(" and ", clocks));
        }
    }

}
