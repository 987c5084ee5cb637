package org.gatewaydoctor.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.DiagnosisListener;
import org.gatewaydoctor.model.CheckReport;

/**
 * A one-line progress indicator on stderr ({@code | checking phpfpm.log… 3/7}), redrawn with
 * {@code \r} and erased when the diagnosis ends. It appears only once the diagnosis has taken longer
 * than {@link #DELAY}, so quick runs print nothing; the command line uses it only when a person is
 * at a terminal.
 */
public final class Progress implements DiagnosisListener, AutoCloseable {

    /** How long a diagnosis runs before the line appears. */
    public static final Duration DELAY = Duration.ofMillis(300);
    private static final long REFRESH_MILLIS = 150;
    private static final int MAX_WIDTH = 78;

    private final PrintStream err;
    private final String ellipsis;
    private final Set<String> running = new LinkedHashSet<>();
    private final ScheduledExecutorService painter;
    private int total;
    private int finished;
    private int frame;
    private int shownWidth;
    private boolean closed;

    /**
     * @param err where to draw
     * @param unicode whether to use an ellipsis character rather than three dots
     */
    public Progress(PrintStream err, boolean unicode) {
        this.err = err;
        this.ellipsis = unicode ? "…" : "...";
        this.painter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-doctor-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the clock: the line appears after {@link #DELAY} unless {@link #close()} came first. */
    public synchronized void start(int checks) {
        this.total = checks;
        painter.scheduleWithFixedDelay(this::paint, DELAY.toMillis(), REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void checkStarted(CheckInfo check) {
        running.add(check.id());
    }

    @Override
    public synchronized void checkFinished(CheckInfo check, CheckReport report) {
        running.remove(check.id());
        finished++;
    }

    private synchronized void paint() {
        if (closed) {
            return;
        }
        String spinner = String.valueOf("|/-\\".charAt(frame++ % 4));
        String current = running.isEmpty() ? "ranking causes" : "checking " + String.join(", ", running);
        String counter = total > 0 ? " " + Math.min(finished, total) + "/" + total : "";
        String line = spinner + " " + current;
        int room = MAX_WIDTH - counter.length() - ellipsis.length();
        if (line.length() > room) {
            line = line.substring(0, Math.max(0, room));
        }
        line = line + ellipsis + counter;
        err.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
        err.flush();
        shownWidth = Math.max(shownWidth, line.length());
    }

    /** Stops drawing and erases the line if one was drawn. */
    @Override
    public void close() {
        painter.shutdownNow();
        try {
            painter.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            if (shownWidth > 0) {
                err.print("\r" + " ".repeat(shownWidth) + "\r");
                err.flush();
            }
        }
    }
}
