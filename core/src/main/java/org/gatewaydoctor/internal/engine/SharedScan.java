package org.gatewaydoctor.internal.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.gatewaydoctor.internal.logs.FileLogAccess;
import org.gatewaydoctor.internal.logs.scan.ScanEngine;
import org.gatewaydoctor.internal.logs.scan.Sites;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.TimelineEntry;
import org.gatewaydoctor.spi.Redactor;

/**
 * The one scan of a diagnosis's logs with the whole signature catalogue, started by the first check
 * that asks for it, on its own daemon thread, and shared by every check.
 *
 * <p>Its deadlines derive from the <em>diagnosis</em> deadline, not from the asking check's. With a
 * budget {@code B}: a check waits for the scan until its own deadline (at most the diagnosis's) less
 * {@code A = min(1 s, B/6)}, the time it needs to answer; building the result (redacting what is kept)
 * stops {@code min(0.5 s, B/10)} before that, and reading {@code min(1 s, B/10)} before that. So a scan cut by time still returns what it read,
 * marked incomplete, and every check gets the same result: the verdict does not depend on which check
 * asked first or how close to its deadline the scan ended. A check whose own deadline comes before the
 * scan's end gets an {@link InterruptedException} rather than overrunning.
 */
final class SharedScan {

    /** The most time kept for a check to turn the scan into its answer. */
    private static final long MAX_ANSWER_NANOS = 1_000_000_000L;
    /** The most time kept for building the scan's result (redacting what it keeps). */
    private static final long MAX_RESULT_NANOS = 500_000_000L;

    private final Target target;
    /** The catalogue, found when the scan first needs it (see GatewayDoctor). */
    private final Supplier<SignatureCatalog> catalog;
    private final Redactor redactor;
    private final FileLogAccess.LogFiles files;
    private final long readingDeadline;
    private final long resultDeadline;
    private final long waitMargin;
    private final long diagnosisDeadline;
    private FutureTask<LogScan> task;
    /** The older episodes, one entry each, once the scan found them (see {@link Episodes#history}). */
    private volatile List<TimelineEntry> history = List.of();

    SharedScan(Target target, Supplier<SignatureCatalog> catalog, Redactor redactor, FileLogAccess.LogFiles files,
               long diagnosisStart, long diagnosisDeadline) {
        this.target = target;
        this.catalog = catalog;
        this.redactor = redactor;
        this.files = files;
        long budget = Math.max(0, diagnosisDeadline - diagnosisStart);
        this.diagnosisDeadline = diagnosisDeadline;
        this.waitMargin = Math.min(MAX_ANSWER_NANOS, budget / 6);
        this.resultDeadline = diagnosisDeadline - waitMargin - Math.min(MAX_RESULT_NANOS, budget / 10);
        this.readingDeadline = resultDeadline - Math.min(MAX_RESULT_NANOS * 2, budget / 10);
    }

    /** The files the configuration gives to one site each (see {@link org.gatewaydoctor.spi.LogLocator.SiteLog}). */
    private Map<Path, List<String>> siteFiles = Map.of();

    /** This scan, reading {@code siteFiles} as the files of their sites when the diagnosis is about one site. */
    SharedScan withSiteFiles(Map<Path, List<String>> siteFiles) {
        this.siteFiles = Map.copyOf(siteFiles);
        return this;
    }

    /** The older episodes the scan set aside, as timeline entries marked history; empty before it ran. */
    List<TimelineEntry> history() {
        return history;
    }

    /** When reading stops ({@link System#nanoTime()}). */
    long readingDeadline() {
        return readingDeadline;
    }

    LogScan get(long checkDeadlineNanos) throws InterruptedException {
        FutureTask<LogScan> t = start();
        long waitUntil = Math.min(checkDeadlineNanos, diagnosisDeadline) - waitMargin;
        long wait = waitUntil - System.nanoTime();
        try {
            return t.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new InterruptedException("the shared log scan did not finish before this check's deadline");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the log scan failed: " + cause, cause);
        }
    }

    /** The site the diagnosis is about: the {@code site} option's names (comma-separated) and the URL's host. */
    static List<String> siteNames(Target target) {
        List<String> names = new ArrayList<>();
        target.option(Target.OPTION_SITE).ifPresent(v -> {
            for (String n : v.split(",")) {
                if (Sites.siteName(n) != null) {
                    names.add(Sites.siteName(n));
                }
            }
        });
        target.urlOption().map(java.net.URI::getHost).map(Sites::siteName).ifPresent(names::add);
        return names;
    }

    private LogScan scan(Instant since, List<String> site) throws InterruptedException {
        LogScanner.Builder b = LogScanner.builder().catalog(catalog.get()).zone(target.zone())
                .redactor(redactor::redact).deadlineNanos(readingDeadline)
                .resultDeadlineNanos(resultDeadline).site(site).siteFiles(siteFiles);
        if (since != null) {
            b.since(since);
        }
        target.option(Target.OPTION_UNTIL).map(Instant::parse).ifPresent(b::until);
        return b.build().scanPaths(files.files());
    }

    private synchronized FutureTask<LogScan> start() {
        if (task == null) {
            task = new FutureTask<>(() -> {
                if (files.files().isEmpty()) {
                    return ScanEngine.withUnread(LogScan.empty(), files.unread());
                }
                Instant since = target.option(Target.OPTION_SINCE).map(Instant::parse).orElse(null);
                List<String> site = siteNames(target);
                LogScan scan = scan(since, site);
                // The current episode: ranked alone, older ones are history (see Episodes).
                List<Episodes.Episode> episodes = Episodes.of(scan);
                if (!episodes.isEmpty()) {
                    // the current episode and the quiet time before it (a restart, a reload, a deploy: its context);
                    // older episodes end before that by definition. Read again from there when anything read
                    // (other sites' lines too) is older.
                    if (episodes.size() > 1) {
                        // before the scan is read again from the current episode: this one still holds the older ones
                        history = Episodes.history(scan, episodes, target.zone()).stream()
                                .map(t -> new TimelineEntry(t.at(), t.layer(), t.checkId(), t.cause(),
                                        t.evidence().redacted(redactor::redact), true)).toList();
                    }
                    Instant current = episodes.get(episodes.size() - 1).start().minus(Episodes.QUIET);
                    if (Episodes.earliest(scan).filter(current::isAfter).isPresent()) {
                        scan = scan(since == null || current.isAfter(since) ? current : since, site);
                    }
                    if (episodes.size() > 1) {
                        files.problem(Episodes.historyNote(episodes, target.zone()));
                    }
                }
                String sites = Episodes.sitesNote(scan, !site.isEmpty());
                if (sites != null) {
                    files.problem(sites);
                }
                scan.problems().forEach(files::problem);
                return ScanEngine.withUnread(scan, files.unread());
            });
            Thread thread = new Thread(task, "gateway-doctor-log-scan");
            thread.setDaemon(true);
            thread.start();
        }
        return task;
    }
}
