package org.gatewaydoctor.internal.engine;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gatewaydoctor.internal.logs.FileLogAccess;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Redactor;

/**
 * The one scan of a diagnosis's logs with the whole signature catalogue, started by the first check
 * that asks for it, on its own daemon thread, and shared by every check. Its reading deadline is the
 * first asker's; a later asker with less time left gets an {@link InterruptedException} rather than
 * overrunning.
 */
final class SharedScan {

    private final Target target;
    private final SignatureCatalog catalog;
    private final Redactor redactor;
    private final FileLogAccess.LogFiles files;
    private FutureTask<LogScan> task;

    SharedScan(Target target, SignatureCatalog catalog, Redactor redactor, FileLogAccess.LogFiles files) {
        this.target = target;
        this.catalog = catalog;
        this.redactor = redactor;
        this.files = files;
    }

    LogScan get(long startNanos, long deadlineNanos) throws InterruptedException {
        long reading = FileLogAccess.readingDeadline(startNanos, deadlineNanos);
        FutureTask<LogScan> t = start(reading);
        // Wait a little past the reading deadline (the scan stops there), never into the time the
        // check needs to turn the scan into its answer.
        long waitUntil = reading + (deadlineNanos - reading) / 2;
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

    private synchronized FutureTask<LogScan> start(long readingDeadline) {
        if (task == null) {
            task = new FutureTask<>(() -> {
                if (files.files().isEmpty()) {
                    return LogScan.empty();
                }
                LogScanner.Builder b = LogScanner.builder().catalog(catalog).zone(target.zone())
                        .redactor(redactor::redact).deadlineNanos(readingDeadline);
                target.option(Target.OPTION_SINCE).map(Instant::parse).ifPresent(b::since);
                target.option(Target.OPTION_UNTIL).map(Instant::parse).ifPresent(b::until);
                LogScan scan = b.build().scanPaths(files.files());
                scan.problems().forEach(files::problem);
                return scan;
            });
            Thread thread = new Thread(task, "gateway-doctor-log-scan");
            thread.setDaemon(true);
            thread.start();
        }
        return task;
    }
}
