package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The command line's clock: the system clock in this machine's zone, as {@code Clock.systemDefaultZone()}. */
class DefaultZoneClockTest {

    @Test
    void tellsTheSystemTimeInTheDefaultZone() {
        Main.DefaultZoneClock clock = new Main.DefaultZoneClock();
        Instant before = Instant.now();

        Instant told = clock.instant();

        assertEquals(ZoneId.systemDefault(), clock.getZone());
        assertFalse(told.isBefore(before), told + " before " + before);
        assertFalse(Instant.ofEpochMilli(clock.millis()).isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        assertEquals(ZoneOffset.UTC, clock.withZone(ZoneOffset.UTC).getZone());
        assertEquals(ZoneId.systemDefault(), clock.getZone());
    }
}
