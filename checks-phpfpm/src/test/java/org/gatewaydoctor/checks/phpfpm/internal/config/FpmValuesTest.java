package org.gatewaydoctor.checks.phpfpm.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PHP-FPM's readings of numbers, times, booleans and modes, and PHP's of memory_limit (checked with php-fpm8.2 -tt). */
class FpmValuesTest {

    @Test
    void readsTimesWithFpmsSuffixes() {
        assertEquals(30L, FpmValues.seconds("30s").value());
        assertEquals(30L, FpmValues.seconds("30").value());
        assertEquals(300L, FpmValues.seconds("5m").value());
        assertEquals(7200L, FpmValues.seconds("2h").value());
        assertEquals(86400L, FpmValues.seconds("1d").value());
        assertEquals(-5L, FpmValues.seconds("-5").value());
        assertNull(FpmValues.seconds("5m").note());
    }

    @Test
    void readsFractionsAsCsAtoiDoesAndSaysSo() {
        FpmValues.Read<Long> r = FpmValues.seconds("1.5m");
        assertEquals(60L, r.value());
        assertEquals("php-fpm reads '1.5m' as 60s: it stops reading the number at '.5'", r.note());
        assertEquals(0L, FpmValues.seconds("xs").value());
    }

    @Test
    void rejectsTimesPhpFpmRejects() {
        assertEquals("unknown suffix used in time value", FpmValues.seconds("30S").error());
        assertEquals("unknown suffix used in time value", FpmValues.seconds("1w").error());
        assertEquals("invalid time value", FpmValues.seconds("").error());
        assertTrue(FpmValues.seconds("99999999999d").note().contains("does not fit"));
    }

    @Test
    void readsIntegersAsFpmConfSetInteger() {
        assertEquals(5, FpmValues.integer("5").value());
        assertEquals(-1, FpmValues.integer("-1").value());
        assertEquals(0, FpmValues.integer("").value());
        assertEquals(1, FpmValues.integer("1").value()); // what "yes" becomes
        String invalid = "is not a valid number (greater or equal than zero)";
        assertEquals(invalid, FpmValues.integer("5 5").error());
        assertEquals(invalid, FpmValues.integer("+5").error());
        assertEquals(invalid, FpmValues.integer("0x10").error());
        assertEquals(Integer.MAX_VALUE, FpmValues.integer("99999999999").value());
        assertTrue(FpmValues.integer("99999999999").note().contains("does not fit"));
    }

    @Test
    void readsBooleansAfterIniProcessing() {
        assertEquals(true, FpmValues.bool("1").value());
        assertEquals(false, FpmValues.bool("").value());
        assertEquals("invalid boolean value", FpmValues.bool("2").error());
        assertEquals("invalid boolean value", FpmValues.bool("on").error()); // only a quoted "on" survives INI
    }

    @Test
    void readsListenModeAsStrtoulBase8() {
        assertEquals(0660, FpmValues.octalMode("0660").value());
        assertEquals(0660, FpmValues.octalMode("660").value());
        assertEquals(0, FpmValues.octalMode("rw-rw----").value());
        assertTrue(FpmValues.octalMode("rw-rw----").note().contains("as 0"));
        assertEquals(066, FpmValues.octalMode("0669").value());
        assertEquals("php-fpm reads listen.mode '0669' as 0066: it stops at '9'", FpmValues.octalMode("0669").note());
    }

    @Test
    void readsMemoryLimitsAsPhpDoes() {
        assertEquals(128L * 1024 * 1024, FpmValues.quantity("128M").value());
        assertEquals(128L * 1024 * 1024, FpmValues.quantity("128m").value());
        assertEquals(1L << 30, FpmValues.quantity("1G").value());
        assertEquals(512L * 1024, FpmValues.quantity(" 512K ").value());
        assertEquals(-1L, FpmValues.quantity("-1").value());
        assertEquals(134217728L, FpmValues.quantity("134217728").value());
        assertTrue(FpmValues.quantity("128MB").failed());
        assertTrue(FpmValues.quantity("0x10M").failed());
        assertTrue(FpmValues.quantity("9".repeat(30)).failed());
    }

    @Test
    void readsMaxExecutionTimeAsStrtol() {
        assertEquals(30L, FpmValues.phpLong("30").value());
        assertEquals(0L, FpmValues.phpLong("0").value());
        assertEquals(30L, FpmValues.phpLong("30s").value());
        assertEquals("PHP reads '30s' as 30: it stops at 's'", FpmValues.phpLong("30s").note());
        assertEquals(0L, FpmValues.phpLong("abc").value());
    }

    @Test
    void readsLogLevelsAndCoreLimits() {
        assertEquals("warning", FpmValues.logLevel("WARN").value());
        assertEquals("invalid value for 'log_level'", FpmValues.logLevel("verbose").error());
        assertEquals(-1, FpmValues.rlimitCore("unlimited").value());
        assertEquals("must be greater than zero or 'unlimited'", FpmValues.rlimitCore("-2").error());
    }
}
