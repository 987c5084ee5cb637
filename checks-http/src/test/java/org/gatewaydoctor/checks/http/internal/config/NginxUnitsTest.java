package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Tests of {@link NginxUnits}: nginx's times and sizes, accepted and rejected as {@code ngx_parse.c} does. */
class NginxUnitsTest {

    private static Optional<Duration> ms(String s) {
        return NginxUnits.msec(s);
    }

    @Test
    void readsTimesInEveryUnit() {
        assertEquals(Optional.of(Duration.ofSeconds(60)), ms("60"), "a bare number is seconds");
        assertEquals(Optional.of(Duration.ofSeconds(60)), ms("60s"));
        assertEquals(Optional.of(Duration.ofMillis(500)), ms("500ms"));
        assertEquals(Optional.of(Duration.ofMinutes(2)), ms("2m"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), ms("1h30m"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), ms("1h 30m"), "blanks between parts");
        assertEquals(Optional.of(Duration.ofDays(1).plusHours(2)), ms("1d2h"));
        assertEquals(Optional.of(Duration.ofDays(14)), ms("2w"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), ms("1s500ms"));
        assertEquals(Optional.of(Duration.ofDays(30)), NginxUnits.sec("1M"), "M is a 30-day month");
        assertEquals(Optional.of(Duration.ofDays(365)), NginxUnits.sec("1y"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), NginxUnits.sec("10"));
    }

    @Test
    void rejectsWhatNginxRejects() {
        assertEquals(Optional.empty(), ms("1M"), "a millisecond setting takes no months (nginx: invalid value)");
        assertEquals(Optional.empty(), ms("1y"));
        assertEquals(Optional.empty(), NginxUnits.sec("500ms"), "a second setting takes no milliseconds");
        assertEquals(Optional.empty(), ms("30m1h"), "units largest first");
        assertEquals(Optional.empty(), ms("1s1s"));
        assertEquals(Optional.empty(), ms(""));
        assertEquals(Optional.empty(), ms("s"));
        assertEquals(Optional.empty(), ms("-1s"));
        assertEquals(Optional.empty(), ms("1.5s"));
        assertEquals(Optional.empty(), ms("10 s"), "a blank ends a bare number, then s is a second seconds part");
        assertEquals(Optional.empty(), ms("99999999999999999999"));
    }

    @Test
    void readsSizes() {
        assertEquals(OptionalLong.of(512), NginxUnits.size("512"));
        assertEquals(OptionalLong.of(4096), NginxUnits.size("4k"));
        assertEquals(OptionalLong.of(32768), NginxUnits.size("32K"));
        assertEquals(OptionalLong.of(1 << 20), NginxUnits.size("1m"));
        assertEquals(OptionalLong.of(8 << 20), NginxUnits.size("8M"));
        assertEquals(OptionalLong.empty(), NginxUnits.size("1g"), "no g for sizes");
        assertEquals(OptionalLong.empty(), NginxUnits.size("k"));
        assertEquals(OptionalLong.empty(), NginxUnits.size("4 k"));
        assertEquals(OptionalLong.empty(), NginxUnits.size(""));
    }
}
