package org.gatewaydoctor.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.gatewaydoctor.model.Evidence;
import org.junit.jupiter.api.Test;

class AccessLogMinuteTest {

    private static final Instant MINUTE = Instant.parse("2026-11-17T08:12:00Z");

    @Test
    void writesTheMinuteAsADatedObservationInTheLogZonesClockTime() {
        Evidence.Observation o = new AccessLogMinute(MINUTE, 502, 7).toEvidence(ZoneId.of("Europe/Berlin"));

        assertEquals("access log: 7 answers with 502 in the minute from 09:12", o.text());
        assertEquals(MINUTE, o.at());
    }

    @Test
    void readsBackWhatItWrote() {
        AccessLogMinute m = new AccessLogMinute(MINUTE, 504, 1);

        assertEquals(Optional.of(m), AccessLogMinute.of(m.toEvidence(ZoneId.of("UTC"))));
        assertEquals("access log: 1 answer with 504 in the minute from 08:12",
                m.toEvidence(ZoneId.of("UTC")).text());
    }

    @Test
    void otherEvidenceIsNoMinute() {
        assertTrue(AccessLogMinute.of(new Evidence.Observation("the access log shows visitors got 502 71 times", MINUTE))
                .isEmpty());
        assertTrue(AccessLogMinute.of(new Evidence.Observation("access log: 7 answers with 502 in the minute from 09:12"))
                .isEmpty(), "no time: not a minute of the series");
        assertTrue(AccessLogMinute.of(new Evidence.Observation("access log: 7 answers with 502 in the minute from 09:12",
                MINUTE.plusSeconds(5))).isEmpty(), "not the start of a minute");
        assertTrue(AccessLogMinute.of(new Evidence.LogLine("/var/log/nginx/access.log", 3, MINUTE,
                "access log: 7 answers with 502 in the minute from 09:12")).isEmpty(), "a log line says what it says");
    }

    @Test
    void rejectsAMinuteThatIsNone() {
        assertThrows(IllegalArgumentException.class, () -> new AccessLogMinute(MINUTE.plusSeconds(1), 502, 1));
        assertThrows(IllegalArgumentException.class, () -> new AccessLogMinute(MINUTE, 502, 0));
        assertThrows(IllegalArgumentException.class, () -> new AccessLogMinute(MINUTE, 42, 1));
    }
}
