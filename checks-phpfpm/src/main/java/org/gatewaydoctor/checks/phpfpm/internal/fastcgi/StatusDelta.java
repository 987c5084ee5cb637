package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happened in a pool between two status readings: the cumulative counters turned into counts over the
 * window, and the workers that stayed on one request through it.
 *
 * <pre>{@code
 * StatusDelta d = StatusDelta.between(first, second);
 * if (d.maxChildrenReached() > 0) { ... pool full during the window ... }
 * }</pre>
 *
 * @param window the time between the readings (by the caller's clock)
 * @param restarted whether the master restarted in between (then the counts are since the restart)
 * @param acceptedConn connections accepted in the window
 * @param maxChildrenReached times {@code pm.max_children} stopped a fork in the window
 * @param slowRequests requests that passed {@code request_slowlog_timeout} in the window (0 when not reported)
 * @param maxListenQueueRise how much the listen queue's high-water mark rose in the window: more connections
 *     waited than ever before
 * @param listenQueueNow connections waiting at the second reading (0 when not reported)
 * @param activeNow busy workers at the second reading
 * @param heldThroughout workers running the same request (same request count and URI, a script: not PHP-FPM's
 *     own pages, which the probe itself asks for) at both readings, as the second reading shows them, longest
 *     first
 */
public record StatusDelta(Duration window, boolean restarted, long acceptedConn, long maxChildrenReached,
        long slowRequests, long maxListenQueueRise, long listenQueueNow, long activeNow,
        List<FpmProcess> heldThroughout) {

    public StatusDelta {
        Objects.requireNonNull(window, "window");
        heldThroughout = List.copyOf(heldThroughout);
    }

    /** Accepted connections per second over the window (0 for an empty window). */
    public double acceptedPerSecond() {
        double s = window.toNanos() / 1e9;
        return s <= 0 ? 0 : acceptedConn / s;
    }

    /**
     * Compares two readings of the same pool, {@code earlier} first. A master restart (a different start time,
     * or a counter that went down) makes the counts those of {@code later} alone.
     */
    public static StatusDelta between(FpmStatus earlier, FpmStatus later) {
        Objects.requireNonNull(earlier, "earlier");
        Objects.requireNonNull(later, "later");
        Duration window = Duration.between(earlier.takenAt(), later.takenAt());
        if (window.isNegative()) {
            window = Duration.ZERO;
        }
        boolean restarted = !earlier.startTime().equals(later.startTime())
                || later.acceptedConn() < earlier.acceptedConn()
                || later.maxChildrenReached() < earlier.maxChildrenReached();
        long slowEarlier = earlier.slowRequests().orElse(0);
        long slowLater = later.slowRequests().orElse(0);
        long lqEarlier = earlier.maxListenQueue().orElse(0);
        long lqLater = later.maxListenQueue().orElse(0);
        long accepted = restarted ? later.acceptedConn() : later.acceptedConn() - earlier.acceptedConn();
        long reached = restarted ? later.maxChildrenReached()
                : later.maxChildrenReached() - earlier.maxChildrenReached();
        long slow = restarted || slowLater < slowEarlier ? slowLater : slowLater - slowEarlier;
        long lqRise = restarted ? lqLater : Math.max(0, lqLater - lqEarlier);

        List<FpmProcess> held = new ArrayList<>();
        if (!restarted) {
            Map<Long, FpmProcess> before = new HashMap<>();
            for (FpmProcess p : earlier.processes()) {
                before.put(p.pid(), p);
            }
            for (FpmProcess p : later.processes()) {
                FpmProcess b = before.get(p.pid());
                if (b != null && b.running() && p.running() && p.requests() == b.requests() && !p.script().equals("-")
                        && p.requestDuration().compareTo(b.requestDuration()) >= 0
                        && p.requestUri().equals(b.requestUri())) {
                    held.add(p);
                }
            }
            held.sort((x, y) -> y.requestDuration().compareTo(x.requestDuration()));
        }
        return new StatusDelta(window, restarted, accepted, reached, slow, lqRise, later.listenQueue().orElse(0),
                later.activeProcesses(), held);
    }
}
