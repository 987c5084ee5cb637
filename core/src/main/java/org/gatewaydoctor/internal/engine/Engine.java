package org.gatewaydoctor.internal.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.DiagnosisListener;
import org.gatewaydoctor.internal.logs.FileLogAccess;
import org.gatewaydoctor.internal.ranking.Assembler;
import org.gatewaydoctor.internal.ranking.Ranker;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.internal.redact.DefaultRedactor;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.FactKey;
import org.gatewaydoctor.spi.LogLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Plan}: independent checks in parallel, each after its dependencies, each bounded by
 * its own timeout and by the overall one. A check that overruns is interrupted and reported timed
 * out at once; its thread is a daemon that is abandoned if it ignores the interrupt, so it can
 * neither delay the diagnosis nor keep the JVM alive.
 */
public final class Engine {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final Plan plan;
    private final Duration overallTimeout;
    private final int parallelism;
    private final DiagnosisListener listener;
    private final Clock clock;
    private final List<String> secrets;
    private final Supplier<SignatureCatalog> catalog;
    private final List<LogLocator> locators;
    private final Ranker ranker;

    public Engine(Plan plan, Duration overallTimeout, int parallelism, DiagnosisListener listener, Clock clock,
                  List<String> secrets, Supplier<SignatureCatalog> catalog, List<LogLocator> locators) {
        this(plan, overallTimeout, parallelism, listener, clock, secrets, catalog, locators, Ranker.standard());
    }

    public Engine(Plan plan, Duration overallTimeout, int parallelism, DiagnosisListener listener, Clock clock,
                  List<String> secrets, Supplier<SignatureCatalog> catalog, List<LogLocator> locators,
                  Ranker ranker) {
        this.ranker = ranker;
        this.catalog = catalog;
        this.locators = List.copyOf(locators);
        this.plan = plan;
        this.overallTimeout = overallTimeout;
        this.parallelism = parallelism;
        this.listener = listener;
        this.clock = clock;
        this.secrets = List.copyOf(secrets);
    }

    private record Done(String id, CheckReport report) {
    }

    private record Running(RegisteredCheck check, Future<?> future, long startNanos, long deadlineNanos,
                           Duration timeout, RunContext context) {
    }

    public Diagnosis run(Target target) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        // Checks (and the shared log scan) end a little before the diagnosis's deadline, so that assembling,
        // redacting and rendering the result still happen within it.
        long overallDeadline = start + overallTimeout.toNanos() - reserveNanos(overallTimeout);
        DefaultRedactor redactor = new DefaultRedactor();
        secrets.forEach(redactor::addSecret);
        List<String> notes = new ArrayList<>();
        LogLocators.Located found = LogLocators.locateWithSites(locators, target, Math.min(LogLocators.BUDGET_NANOS,
                Math.max(0, overallDeadline - System.nanoTime())), notes);
        List<Path> allLogs = new ArrayList<>(target.logs());
        allLogs.addAll(found.paths());
        FileLogAccess.LogFiles logFiles = FileLogAccess.expand(allLogs);
        Map<FactKey<?>, Object> facts = new ConcurrentHashMap<>();
        SharedScan scan = new SharedScan(target, catalog, redactor, logFiles, start, overallDeadline)
                .withSiteFiles(found.sites());
        NameAnswers names = new NameAnswers(clock); // this diagnosis's name answers, dropped with it
        BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        Map<String, CheckReport> reports = new LinkedHashMap<>();
        Map<String, Running> running = new HashMap<>();
        List<RegisteredCheck> pending = new ArrayList<>(plan.ordered());
        ExecutorService pool = Executors.newCachedThreadPool(daemonThreads());
        try {
            while (true) {
                // Start whatever is ready, within the parallelism bound.
                for (var it = pending.iterator(); it.hasNext(); ) {
                    RegisteredCheck c = it.next();
                    String skip = plan.preSkipped().get(c.id());
                    if (skip == null) {
                        skip = dependencyProblem(c, reports);
                    }
                    if (skip != null) {
                        it.remove();
                        record(c, new CheckReport.Skipped(c.id(), c.info().layer(), skip), reports);
                        continue;
                    }
                    if (!dependenciesDone(c, reports) || !plan.runsAfter(c.id()).stream().allMatch(reports::containsKey)
                            || running.size() >= parallelism) {
                        continue;
                    }
                    it.remove();
                    long now = System.nanoTime();
                    if (now >= overallDeadline) {
                        record(c, new CheckReport.Skipped(c.id(), c.info().layer(),
                                "the diagnosis ran out of time (" + format(overallTimeout) + ") before it could start"),
                                reports);
                        continue;
                    }
                    long ownDeadline = now + c.info().timeout().toNanos();
                    long deadline = Math.min(ownDeadline, overallDeadline);
                    // The budget reported on a timeout: the check's own timeout, unless the overall one cut it.
                    Duration budget = ownDeadline <= overallDeadline ? c.info().timeout()
                            : Duration.ofNanos(deadline - now);
                    RunContext ctx = new RunContext(target, clock.instant().plus(Duration.ofNanos(deadline - now)),
                            facts, new FileLogAccess(logFiles, FileLogAccess.readingDeadline(now, deadline)),
                            redactor, clock, scan, names, now, deadline);
                    safely(() -> listener.checkStarted(c.info()));
                    Future<?> future = pool.submit(() -> execute(c, ctx, now, budget, done));
                    running.put(c.id(), new Running(c, future, now, deadline, budget, ctx));
                }
                if (running.isEmpty()) {
                    if (pending.isEmpty()) {
                        break;
                    }
                    // Nothing runs and nothing can start: only possible if dependencies can never finish.
                    for (RegisteredCheck c : pending) {
                        record(c, new CheckReport.Skipped(c.id(), c.info().layer(),
                                "its dependencies could not run"), reports);
                    }
                    pending.clear();
                    break;
                }
                long earliest = running.values().stream().mapToLong(Running::deadlineNanos).min().orElseThrow();
                long wait = earliest - System.nanoTime();
                Done d = wait > 0 ? done.poll(wait, TimeUnit.NANOSECONDS) : done.poll();
                while (d != null) {
                    Running r = running.remove(d.id());
                    if (r != null) {
                        r.context().close();
                        record(r.check(), d.report(), reports);
                    }
                    d = done.poll();
                }
                long now = System.nanoTime();
                for (var it = running.values().iterator(); it.hasNext(); ) {
                    Running r = it.next();
                    if (now >= r.deadlineNanos()) {
                        it.remove();
                        r.context().close();
                        r.future().cancel(true);
                        record(r.check(), new CheckReport.TimedOut(r.check().id(), r.check().info().layer(),
                                Duration.ofNanos(now - r.startNanos()), r.timeout()), reports);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Running r : running.values()) {
                r.context().close();
                r.future().cancel(true);
                record(r.check(), new CheckReport.Skipped(r.check().id(), r.check().info().layer(),
                        Duration.ofNanos(System.nanoTime() - r.startNanos()), "the diagnosis was interrupted"), reports);
            }
            for (RegisteredCheck c : pending) {
                record(c, new CheckReport.Skipped(c.id(), c.info().layer(), "the diagnosis was interrupted"), reports);
            }
        } finally {
            pool.shutdownNow();
        }
        // Plan order, not completion order: merged causes, evidence and fix steps come out the same every run.
        List<CheckReport> ordered = new ArrayList<>();
        for (RegisteredCheck c : plan.ordered()) {
            CheckReport r = reports.get(c.id());
            if (r != null) {
                ordered.add(r);
            }
        }
        return Assembler.assemble(target.toBuilder().build(), startedAt, Duration.ofNanos(System.nanoTime() - start),
                ordered, plan.issues(), redactor, concat(notes, logFiles.problemList()), ranker, scan.history());
    }

    /** The most notes a diagnosis carries; every one is redacted and rendered after the checks' deadline. */
    static final int MAX_NOTES = 100;

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        if (all.size() > MAX_NOTES) {
            // 10,000 files cut at the deadline are 10,000 notes: bounded, and the cut said
            int more = all.size() - MAX_NOTES;
            all = new ArrayList<>(all.subList(0, MAX_NOTES));
            all.add("... and " + more + " more problems with the logs (the first " + MAX_NOTES + " are listed)");
        }
        return all;
    }

    private void execute(RegisteredCheck c, RunContext ctx, long startNanos, Duration budget, BlockingQueue<Done> done) {
        CheckReport report;
        try {
            CheckResult result = c.check().run(ctx);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            report = result == null
                    ? new CheckReport.Errored(c.id(), c.info().layer(), elapsed, "java.lang.NullPointerException",
                            "the check returned no result (null)")
                    : new CheckReport.Completed(c.id(), c.info().layer(), elapsed, result);
        } catch (InterruptedException e) {
            // The check gave up because its time was up (or the shared log scan could not finish for it):
            // that is a timeout, never "not applicable" and never an error of the check.
            report = new CheckReport.TimedOut(c.id(), c.info().layer(), Duration.ofNanos(System.nanoTime() - startNanos),
                    budget);
            LOG.debug("check {} gave up: {}", c.id(), e.getMessage());
        } catch (Throwable e) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            report = new CheckReport.Errored(c.id(), c.info().layer(), elapsed, e.getClass().getName(),
                    e.getMessage() == null ? "" : e.getMessage());
            LOG.debug("check {} failed", c.id(), e);
        }
        done.add(new Done(c.id(), report));
    }

    private void record(RegisteredCheck c, CheckReport report, Map<String, CheckReport> reports) {
        reports.put(c.id(), report);
        safely(() -> listener.checkFinished(c.info(), report));
    }

    /** Why {@code c} can never run because a dependency ended without completing, or null. */
    private static String dependencyProblem(RegisteredCheck c, Map<String, CheckReport> reports) {
        for (String dep : c.dependsOn()) {
            CheckReport r = reports.get(dep);
            if (r != null && !(r instanceof CheckReport.Completed)) {
                String how;
                if (r instanceof CheckReport.Errored e) {
                    how = "failed with " + e.errorClass();
                } else if (r instanceof CheckReport.TimedOut) {
                    how = "timed out";
                } else {
                    how = "was skipped";
                }
                return "its dependency '" + dep + "' " + how;
            }
        }
        return null;
    }

    private static boolean dependenciesDone(RegisteredCheck c, Map<String, CheckReport> reports) {
        for (String dep : c.dependsOn()) {
            if (!(reports.get(dep) instanceof CheckReport.Completed)) {
                return false;
            }
        }
        return true;
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("a diagnosis listener failed: {}", e.toString());
        }
    }

    /** The part of the diagnosis's time kept for assembling and rendering: a tenth, at most 1.5 s. */
    static long reserveNanos(Duration timeout) {
        return Math.min(1_500_000_000L, timeout.toNanos() / 10);
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    private static ThreadFactory daemonThreads() {
        int poolNumber = POOL_NUMBER.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "gateway-doctor-" + poolNumber + "-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Used by tests and the CLI to describe checks. */
    public List<CheckInfo> checks() {
        return plan.checkInfos();
    }
}
