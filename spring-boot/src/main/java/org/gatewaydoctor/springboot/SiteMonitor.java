package org.gatewaydoctor.springboot;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.Diagnosis;
import org.springframework.context.SmartLifecycle;

/**
 * Diagnoses every site in the background, one after another per site with {@code interval} between the end
 * of one diagnosis and the start of the next, and keeps the last result of each. Readers
 * ({@link #status}, health, the endpoint) only read that result: they never wait on a probe.
 *
 * <p>Each site has its own thread (at most 8 for all sites), so a site whose diagnosis runs up to its
 * timeout delays no other. A diagnosis that throws (the engine should not) is kept as the site's
 * {@linkplain SiteStatus#failure() failure} (its exception class), with the diagnosis before it; the schedule goes on.
 */
public final class SiteMonitor implements SmartLifecycle {

    private static final int MAX_THREADS = 8;

    private final GatewayDoctor doctor;
    private final Map<String, MonitoredSite> sites = new LinkedHashMap<>();
    private final Duration interval;
    private final BiConsumer<String, Diagnosis> onDiagnosis;
    private final Clock clock;
    private final Map<String, SiteStatus> statuses = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    /**
     * @param onDiagnosis told of every diagnosis as it ends (the meters), on the monitor's thread; what it
     *     throws is ignored
     */
    public SiteMonitor(GatewayDoctor doctor, List<MonitoredSite> sites, Duration interval,
                       BiConsumer<String, Diagnosis> onDiagnosis, Clock clock) {
        this.doctor = Objects.requireNonNull(doctor, "doctor");
        for (MonitoredSite s : sites) {
            if (this.sites.putIfAbsent(s.name(), s) != null) {
                throw new IllegalArgumentException("two sites are named '" + s.name()
                        + "': give each gateway-doctor.sites[n] its own name");
            }
        }
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive: " + interval);
        }
        this.interval = interval;
        this.onDiagnosis = onDiagnosis == null ? (s, d) -> { } : onDiagnosis;
        this.clock = Objects.requireNonNull(clock, "clock");
        for (MonitoredSite s : this.sites.values()) {
            statuses.put(s.name(), new SiteStatus(s, null, null, null, 0));
        }
    }

    /** The sites, in configuration order. */
    public List<MonitoredSite> sites() {
        return List.copyOf(sites.values());
    }

    /** The site's current status, if the site is monitored. Never blocks. */
    public Optional<SiteStatus> status(String site) {
        return Optional.ofNullable(statuses.get(site));
    }

    /** Starts the first diagnosis of every site now, the next ones {@code interval} after each ends. */
    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(
                Math.max(1, Math.min(sites.size(), MAX_THREADS)), r -> {
                    Thread t = new Thread(r, "gateway-doctor-monitor-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        for (MonitoredSite s : sites.values()) {
            pool.scheduleWithFixedDelay(() -> runOnce(s), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        executor = pool;
    }

    /** Stops scheduling; a diagnosis still running is interrupted. */
    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Diagnoses {@code site} once on the calling thread and records the result (also what the schedule runs). */
    void runOnce(MonitoredSite site) {
        Diagnosis diagnosis;
        try {
            diagnosis = doctor.diagnose(site.target());
        } catch (RuntimeException | Error e) {
            SiteStatus before = statuses.get(site.name());
            // The class only: an unredacted message could carry a secret from the target.
            String failure = e.getClass().getName();
            statuses.put(site.name(), new SiteStatus(site, before.last(), before.finishedAt(), failure,
                    before.runs() + 1));
            return;
        }
        SiteStatus before = statuses.get(site.name());
        statuses.put(site.name(), new SiteStatus(site, diagnosis, clock.instant(), null, before.runs() + 1));
        try {
            onDiagnosis.accept(site.name(), diagnosis);
        } catch (RuntimeException e) {
            // The meters are not worth losing the schedule over.
        }
    }
}
