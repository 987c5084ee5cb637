package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One reading of a pool's status page ({@code pm.status_path?json&full}). Counters marked cumulative count
 * since the master started; compare two readings with {@link StatusDelta#between}.
 *
 * @param pool the pool's name
 * @param processManager "static", "dynamic" or "ondemand"
 * @param startTime when the master started
 * @param startSince seconds since then
 * @param acceptedConn connections accepted (cumulative)
 * @param listenQueue connections waiting in the socket's queue now (absent where PHP-FPM cannot tell)
 * @param maxListenQueue the most that ever waited (cumulative high-water mark)
 * @param listenQueueLen the queue's size (the effective backlog)
 * @param idleProcesses idle workers now
 * @param activeProcesses busy workers now
 * @param totalProcesses workers now
 * @param maxActiveProcesses the most busy at once (cumulative high-water mark)
 * @param maxChildrenReached how often {@code pm.max_children} stopped a fork (cumulative; dynamic/ondemand)
 * @param slowRequests requests that passed {@code request_slowlog_timeout} (cumulative)
 * @param processes the workers (empty without {@code full})
 * @param takenAt when this reading was taken, by the caller's clock
 */
public record FpmStatus(String pool, String processManager, Instant startTime, long startSince, long acceptedConn,
        OptionalLong listenQueue, OptionalLong maxListenQueue, OptionalLong listenQueueLen, long idleProcesses,
        long activeProcesses, long totalProcesses, OptionalLong maxActiveProcesses, long maxChildrenReached,
        OptionalLong slowRequests, List<FpmProcess> processes, Instant takenAt) {

    public FpmStatus {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(processManager, "processManager");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(listenQueue, "listenQueue");
        Objects.requireNonNull(maxListenQueue, "maxListenQueue");
        Objects.requireNonNull(listenQueueLen, "listenQueueLen");
        Objects.requireNonNull(maxActiveProcesses, "maxActiveProcesses");
        Objects.requireNonNull(slowRequests, "slowRequests");
        processes = List.copyOf(processes);
        Objects.requireNonNull(takenAt, "takenAt");
    }

    /**
     * Busy workers as a share of {@code pm.max_children}, which the status page does not carry (take it from
     * the pool's configuration): 1.0 means the pool is full.
     */
    public double utilisation(int maxChildren) {
        if (maxChildren < 1) {
            throw new IllegalArgumentException("maxChildren must be positive: " + maxChildren);
        }
        return (double) activeProcesses / maxChildren;
    }

    /** Workers executing a script for at least {@code atLeast}, longest first: candidates for stuck workers. */
    public List<FpmProcess> runningLongerThan(Duration atLeast) {
        return processes.stream().filter(FpmProcess::running)
                .filter(p -> p.requestDuration().compareTo(atLeast) >= 0)
                .sorted((a, b) -> b.requestDuration().compareTo(a.requestDuration())).toList();
    }
}
