package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import static org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FpmStatusParserTest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Deltas between two readings, on the real pages of one PHP-FPM run and on synthetic ones. */
class StatusDeltaTest {

    static final Instant T0 = Instant.parse("2026-11-21T21:43:08Z");

    @Test
    void turnsCumulativeCountersIntoCountsOverTheWindow() throws IOException {
        FpmStatus idle = status("php8.2-dynamic-1-idle.json", T0);
        FpmStatus after = status("php8.2-dynamic-3-after.json", T0.plusSeconds(3));
        StatusDelta d = StatusDelta.between(idle, after);
        assertEquals(Duration.ofSeconds(3), d.window());
        assertFalse(d.restarted());
        assertEquals(4, d.acceptedConn());
        assertEquals(2, d.slowRequests());
        assertEquals(0, d.maxChildrenReached());
        assertEquals(0, d.maxListenQueueRise());
        assertEquals(1, d.activeNow());
        assertEquals(4.0 / 3, d.acceptedPerSecond(), 1e-9);
        assertEquals(List.of(), d.heldThroughout());
    }

    @Test
    void aWorkerOnTheSameRequestAtBothReadingsWasHeldThroughout() throws IOException {
        FpmStatus busy = status("php8.2-dynamic-2-busy.json", T0);
        FpmStatus later = withProcesses(busy, T0.plusSeconds(1), busy.processes().stream()
                .map(p -> p.running() ? new FpmProcess(p.pid(), p.state(), p.startTime(), p.startSince() + 1,
                        p.requests(), p.requestDuration().plusSeconds(1), p.requestMethod(), p.requestUri(),
                        p.contentLength(), p.user(), p.script(), p.lastRequestCpu(), p.lastRequestMemory()) : p)
                .toList());
        StatusDelta d = StatusDelta.between(busy, later);
        assertEquals(List.of(26699L, 26733L), d.heldThroughout().stream().map(FpmProcess::pid).toList());
    }

    @Test
    void aMasterRestartCountsFromTheRestart() throws IOException {
        FpmStatus after = status("php8.2-dynamic-3-after.json", T0);
        FpmStatus restarted = new FpmStatus("www", "dynamic", after.startTime().plusSeconds(60), 2, 3,
                OptionalLong.of(1), OptionalLong.of(9), OptionalLong.of(0), 1, 1, 2, OptionalLong.of(2), 1,
                OptionalLong.of(0), List.of(), T0.plusSeconds(90));
        StatusDelta d = StatusDelta.between(after, restarted);
        assertTrue(d.restarted());
        assertEquals(3, d.acceptedConn());
        assertEquals(1, d.maxChildrenReached());
        assertEquals(9, d.maxListenQueueRise());
        assertEquals(1, d.listenQueueNow());
    }

    @Test
    void readingsInTheWrongOrderGiveAnEmptyWindow() throws IOException {
        FpmStatus a = status("php8.2-dynamic-1-idle.json", T0);
        FpmStatus b = status("php8.2-dynamic-3-after.json", T0.minusSeconds(5));
        assertEquals(Duration.ZERO, StatusDelta.between(a, b).window());
        assertEquals(0.0, StatusDelta.between(a, b).acceptedPerSecond());
    }

    static FpmStatus withProcesses(FpmStatus s, Instant takenAt, List<FpmProcess> processes) {
        return new FpmStatus(s.pool(), s.processManager(), s.startTime(), s.startSince() + 1, s.acceptedConn(),
                s.listenQueue(), s.maxListenQueue(), s.listenQueueLen(), s.idleProcesses(), s.activeProcesses(),
                s.totalProcesses(), s.maxActiveProcesses(), s.maxChildrenReached(), s.slowRequests(), processes,
                takenAt);
    }
}
