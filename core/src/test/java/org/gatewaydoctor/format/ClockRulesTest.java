package org.gatewaydoctor.format;

import static org.gatewaydoctor.logs.LogFormat.APACHE_ERROR;
import static org.gatewaydoctor.logs.LogFormat.HAPROXY;
import static org.gatewaydoctor.logs.LogFormat.HTTP_ACCESS;
import static org.gatewaydoctor.logs.LogFormat.KERNEL;
import static org.gatewaydoctor.logs.LogFormat.MYSQL_ERROR;
import static org.gatewaydoctor.logs.LogFormat.NGINX_ERROR;
import static org.gatewaydoctor.logs.LogFormat.PHP_ERROR;
import static org.gatewaydoctor.logs.LogFormat.PHP_FPM;
import static org.gatewaydoctor.logs.LogFormat.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;
import org.junit.jupiter.api.Test;

/** How clocks become instants: zones, offsets, the default year, daylight saving, impossible dates. */
class ClockRulesTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant at(LogFormat f, String line, ZoneId zone) {
        return LineFormats.timestamp(f, line, zone, 2026);
    }

    @Test
    void readsLocalTimeFormatsInTheGivenZone() {
        String nginx = "2026/11/21 09:14:03 [error] 812#812: *1 x";
        assertEquals(Instant.parse("2026-11-21T08:14:03Z"), at(NGINX_ERROR, nginx, BERLIN));
        assertEquals(Instant.parse("2026-11-21T14:14:03Z"), at(NGINX_ERROR, nginx, NEW_YORK));
        assertEquals(Instant.parse("2026-11-21T09:14:03Z"), at(NGINX_ERROR, nginx, ZoneOffset.UTC));
        String apache = "[Sat Nov 21 09:14:03.123456 2026] [proxy_fcgi:error] [pid 1:tid 2] x";
        assertEquals(Instant.parse("2026-11-21T08:14:03.123456Z"), at(APACHE_ERROR, apache, BERLIN));
        String haproxy = "203.0.113.9:51234 [21/Nov/2026:09:14:03.123] fe be/srv 0/0/-1/-1/3001 503";
        assertEquals(Instant.parse("2026-11-21T14:14:03.123Z"), at(HAPROXY, haproxy, NEW_YORK));
        String mariadb = "2026-11-21  9:14:01 0 [Warning] x";
        assertEquals(Instant.parse("2026-11-21T08:14:01Z"), at(MYSQL_ERROR, mariadb, BERLIN));
    }

    @Test
    void letsAnOffsetOrZoneInTheLineWinOverTheGivenZone() {
        String access = "203.0.113.9 - - [21/Nov/2026:09:14:03 +0100] \"GET / HTTP/1.1\" 502 157";
        assertEquals(Instant.parse("2026-11-21T08:14:03Z"), at(HTTP_ACCESS, access, NEW_YORK));
        String php = "[21-Nov-2026 09:14:01 UTC] PHP Fatal error:  x";
        assertEquals(Instant.parse("2026-11-21T09:14:01Z"), at(PHP_ERROR, php, BERLIN));
        String phpBerlin = "[21-Nov-2026 09:14:01 Europe/Berlin] PHP Fatal error:  x";
        assertEquals(Instant.parse("2026-11-21T08:14:01Z"), at(PHP_ERROR, phpBerlin, NEW_YORK));
        String mysql8 = "2026-11-21T09:14:01.123456Z 0 [Warning] [MY-010055] [Server] x";
        assertEquals(Instant.parse("2026-11-21T09:14:01.123456Z"), at(MYSQL_ERROR, mysql8, BERLIN));
        String mysqlSystem = "2026-11-21T09:14:01.123456-05:00 0 [Note] x";
        assertEquals(Instant.parse("2026-11-21T14:14:01.123456Z"), at(MYSQL_ERROR, mysqlSystem, BERLIN));
        String isoSyslog = "2026-11-21T09:14:01.5+0530 web1 kernel: Out of memory: Killed process 1 (x)";
        assertEquals(Instant.parse("2026-11-21T03:44:01.5Z"), at(KERNEL, isoSyslog, BERLIN));
    }

    @Test
    void needsAZoneOnlyForLocalTimes() {
        assertNull(at(NGINX_ERROR, "2026/11/21 09:14:03 [error] 1#1: x", null));
        assertEquals(Instant.parse("2026-11-21T08:14:03Z"),
                at(HTTP_ACCESS, "203.0.113.9 - - [21/Nov/2026:09:14:03 +0100] \"GET / HTTP/1.1\" 502 1", null));
        assertEquals(Instant.parse("2026-11-21T09:14:01Z"), at(PHP_ERROR, "[21-Nov-2026 09:14:01 UTC] x", null));
    }

    @Test
    void readsZonelessPhpErrorLinesInTheGivenZone() {
        assertEquals(Instant.parse("2026-11-21T08:14:01Z"), at(PHP_ERROR, "[21-Nov-2026 09:14:01] PHP Fatal error:  x", BERLIN));
    }

    @Test
    void givesNoTimeForAZoneNameJavaDoesNotKnow() {
        assertNull(at(PHP_ERROR, "[21-Nov-2026 09:14:01 Mars/Olympus_Mons] PHP Fatal error:  x", BERLIN));
        assertEquals(PHP_ERROR, LineFormats.detect("[21-Nov-2026 09:14:01 Mars/Olympus_Mons] PHP Fatal error:  x"));
    }

    @Test
    void usesTheDefaultYearForBsdSyslogAsGiven() {
        String line = "Nov 21 09:14:01 web1 kernel: [12345.678901] Out of memory: Killed process 812 (php-fpm8.2)";
        assertEquals(Instant.parse("2026-11-21T08:14:01Z"), LineFormats.timestamp(KERNEL, line, BERLIN, 2026));
        assertEquals(Instant.parse("2019-11-21T08:14:01Z"), LineFormats.timestamp(KERNEL, line, BERLIN, 2019));
        // the day is space-padded in RFC 3164
        assertEquals(Instant.parse("2026-11-01T08:14:01Z"),
                LineFormats.timestamp(KERNEL, "Nov  1 09:14:01 web1 kernel: Out of memory", BERLIN, 2026));
        // February 29th does not exist in a non-leap default year
        String leap = "Feb 29 09:14:01 web1 kernel: Out of memory";
        assertNull(LineFormats.timestamp(KERNEL, leap, BERLIN, 2026));
        assertEquals(Instant.parse("2028-02-29T08:14:01Z"), LineFormats.timestamp(KERNEL, leap, BERLIN, 2028));
    }

    @Test
    void prefersTheProgramsClockToTheEnvelopes() {
        // nginx via syslog: the envelope says 09:14:05 (written later), nginx says 09:14:03
        String line = "Nov 21 09:14:05 web1 nginx: 2026/11/21 09:14:03 [error] 1#1: x";
        assertEquals(Instant.parse("2026-11-21T08:14:03Z"), at(NGINX_ERROR, line, BERLIN));
        // FPM via syslog has no clock of its own
        String fpm = "2026-11-21T09:14:05.000001+01:00 web1 php-fpm[7]: [WARNING] [pool www] server reached max_children";
        assertEquals(Instant.parse("2026-11-21T08:14:05.000001Z"), at(PHP_FPM, fpm, NEW_YORK));
        // HAProxy's own notices have no accept date
        String notice = "Nov 21 09:14:05 lb1 haproxy[1234]: Server be/app1 is DOWN, reason: Layer4 timeout";
        assertEquals(Instant.parse("2026-11-21T08:14:05Z"), at(HAPROXY, notice, BERLIN));
        // RFC 5424 with a nil timestamp and no clock in the message
        assertNull(at(HAPROXY, "<134>1 - - haproxy 1 - - Proxy fe started.", BERLIN));
    }

    @Test
    void takesTheEarlierInstantInTheRepeatedHourAndSkipsTheGap() {
        // Berlin 2026-10-25 02:30 happens twice (CEST, then CET): the earlier is 00:30Z
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), at(NGINX_ERROR, "2026/10/25 02:30:00 [error] 1#1: x", BERLIN));
        // Berlin 2026-03-29 02:30 does not exist: java.time moves it forward by the gap, to 03:30 CEST
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), at(NGINX_ERROR, "2026/03/29 02:30:00 [error] 1#1: x", BERLIN));
    }

    @Test
    void classifiesImpossibleDatesButGivesThemNoTime() {
        String line = "2026/13/45 25:61:61 [error] 1#1: x";
        assertEquals(NGINX_ERROR, LineFormats.detect(line));
        assertNull(at(NGINX_ERROR, line, BERLIN));
        assertNull(at(PHP_FPM, "[31-Feb-2026 09:14:01] WARNING: x", BERLIN));
        assertNull(at(HTTP_ACCESS, "1.2.3.4 - - [21/Nov/2026:09:14:03 +9900] \"GET / HTTP/1.1\" 502 1", BERLIN));
    }

    @Test
    void givesNoTimeForUnknownOrMismatchedFormats() {
        String nginx = "2026/11/21 09:14:03 [error] 1#1: x";
        assertNull(at(UNKNOWN, nginx, BERLIN));
        assertNull(at(PHP_FPM, nginx, BERLIN));
        assertNull(LineFormats.timestamp(null, nginx, BERLIN, 2026));
        assertNull(at(KERNEL, "[12345.678901] Out of memory: Killed process 1 (x)", BERLIN));
        assertNull(at(LogFormat.PHP_FPM_SLOWLOG, "[0x00007f3a1c813f40] curl_exec() /var/www/x.php:162", BERLIN));
    }

    @Test
    void keepsEveryDigitOfTheFraction() {
        assertEquals(Instant.parse("2026-11-21T08:14:01.123456789Z"),
                at(KERNEL, "2026-11-21T09:14:01.1234567891234+01:00 web1 kernel: x", BERLIN));
        assertEquals(Instant.parse("2026-11-21T08:14:01.100Z"),
                at(HAPROXY, "203.0.113.9:1 [21/Nov/2026:09:14:01.1] fe be/s 0/0/0/0/0 200 1", BERLIN));
    }
}
