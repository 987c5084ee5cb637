package org.gatewaydoctor.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;
import org.junit.jupiter.api.Test;

/**
 * Every line of every fixture under {@code formats/}, written by the real software (see each file's
 * header), asserted whole: its format and its exact instant. The expected values were worked out
 * independently of {@link LineFormats} from the capture conditions (TZ of each server, the UTC clock
 * of the host). Blank lines and continuation lines are expected to be {@code UNKNOWN}.
 */
class RealLinesTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final int YEAR = 2026;

    @Test
    void readsNginxErrorLogInTheGivenZone() {
        assertFixture("nginx-error.log", BERLIN,
                "NGINX_ERROR 2026-11-21T20:37:39Z",
                "NGINX_ERROR 2026-11-21T20:37:39Z",
                "NGINX_ERROR 2026-11-21T20:37:41Z",
                "NGINX_ERROR 2026-11-21T20:37:41Z",
                "NGINX_ERROR 2026-11-21T20:38:49Z",
                "NGINX_ERROR 2026-11-21T20:39:27Z",
                "NGINX_ERROR 2026-11-21T20:37:38Z",
                "NGINX_ERROR 2026-11-21T20:37:38Z",
                "NGINX_ERROR 2026-11-21T20:37:38Z",
                "NGINX_ERROR 2026-11-21T20:37:38Z",
                "NGINX_ERROR 2026-11-21T20:37:38Z",
                "NGINX_ERROR 2026-11-21T20:37:38Z",
                "NGINX_ERROR 2026-11-21T20:37:49Z",
                "NGINX_ERROR 2026-11-21T20:37:49Z",
                "NGINX_ERROR 2026-11-21T20:37:39Z",
                "NGINX_ERROR 2026-11-21T20:37:39Z");
    }

    @Test
    void readsNginxAccessLogWithUpstreamFieldsByItsOwnOffset() {
        assertFixture("nginx-access.log", BERLIN,
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:41Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:41Z");
    }

    @Test
    void readsNginxErrorLogThroughSyslogWithItsDoubledHostName() {
        assertFixture("nginx-syslog.log", BERLIN,
                "NGINX_ERROR 2026-11-21T20:39:27Z",
                "NGINX_ERROR 2026-11-21T20:39:27Z",
                "NGINX_ERROR 2026-11-21T20:39:27Z");
    }

    @Test
    void readsApacheErrorLogWithMicroseconds() {
        assertFixture("apache-error.log", BERLIN,
                "APACHE_ERROR 2026-11-21T20:38:29.650577Z",
                "APACHE_ERROR 2026-11-21T20:38:29.650646Z",
                "APACHE_ERROR 2026-11-21T20:38:29.650652Z",
                "APACHE_ERROR 2026-11-21T20:38:31.158393Z",
                "APACHE_ERROR 2026-11-21T20:38:31.158484Z",
                "APACHE_ERROR 2026-11-21T20:38:31.165416Z",
                "APACHE_ERROR 2026-11-21T20:38:31.165481Z",
                "APACHE_ERROR 2026-11-21T20:38:33.179581Z",
                "APACHE_ERROR 2026-11-21T20:38:35.777987Z",
                "APACHE_ERROR 2026-11-21T20:38:35.778007Z");
    }

    @Test
    void readsApacheErrorLogWithoutMicroseconds() {
        assertFixture("apache-error-nousec.log", BERLIN,
                "APACHE_ERROR 2026-11-21T20:38:33Z",
                "APACHE_ERROR 2026-11-21T20:38:33Z");
    }

    @Test
    void readsApacheErrorLogWithCompactIsoTime() {
        assertFixture("apache-error-compact.log", BERLIN,
                "APACHE_ERROR 2026-11-21T20:38:33.194662Z",
                "APACHE_ERROR 2026-11-21T20:38:33.194710Z",
                "APACHE_ERROR 2026-11-21T20:38:33.200761Z",
                "APACHE_ERROR 2026-11-21T20:38:33.200781Z");
    }

    @Test
    void readsApacheCombinedCommonAndVhostCombinedAccessLogs() {
        assertFixture("apache-access.log", BERLIN,
                "HTTP_ACCESS 2026-11-21T20:38:31Z",
                "HTTP_ACCESS 2026-11-21T20:38:31Z",
                "HTTP_ACCESS 2026-11-21T20:38:31Z",
                "HTTP_ACCESS 2026-11-21T20:38:31Z",
                "HTTP_ACCESS 2026-11-21T20:38:31Z",
                "HTTP_ACCESS 2026-11-21T20:38:31Z",
                "HTTP_ACCESS 2026-11-21T20:38:31Z",
                "HTTP_ACCESS 2026-11-21T20:38:33Z",
                "HTTP_ACCESS 2026-11-21T20:38:33Z",
                "HTTP_ACCESS 2026-11-21T20:38:33Z");
    }

    @Test
    void readsBareHaproxyLinesByTheirAcceptDate() {
        assertFixture("haproxy-raw.log", BERLIN,
                "HAPROXY 2026-11-21T20:38:44.042000Z",
                "HAPROXY 2026-11-21T20:38:47.057000Z",
                "HAPROXY 2026-11-21T20:38:47.067000Z",
                "HAPROXY 2026-11-21T20:38:47.079000Z",
                "HAPROXY 2026-11-21T20:38:49.088000Z",
                "HAPROXY 2026-11-21T20:38:49.094000Z");
    }

    @Test
    void readsHaproxyThroughSyslogByTheAcceptDateNotTheSyslogTime() {
        assertFixture("haproxy-syslog.log", BERLIN,
                "HAPROXY 2026-11-21T20:38:44.042000Z",
                "HAPROXY 2026-11-21T20:38:47.057000Z",
                "HAPROXY 2026-11-21T20:38:44.042000Z",
                "HAPROXY 2026-11-21T20:38:47.057000Z",
                "HAPROXY 2026-11-21T20:38:47.067000Z",
                "HAPROXY 2026-11-21T20:38:44.042000Z",
                "HAPROXY 2026-11-21T20:38:47.057000Z",
                "HAPROXY 2026-11-21T20:38:47.067000Z",
                "HAPROXY 2026-11-21T20:38:44.042000Z",
                "HAPROXY 2026-11-21T20:38:47.057000Z",
                "HAPROXY 2026-11-21T20:38:47.067000Z");
    }

    @Test
    void readsPhpFpmMasterLog() {
        assertFixture("php-fpm.log", BERLIN,
                "PHP_FPM 2026-11-21T20:37:37Z",
                "PHP_FPM 2026-11-21T20:37:37Z",
                "PHP_FPM 2026-11-21T20:37:37Z",
                "PHP_FPM 2026-11-21T20:37:40Z",
                "PHP_FPM 2026-11-21T20:37:40Z",
                "PHP_FPM 2026-11-21T20:37:40Z",
                "PHP_FPM 2026-11-21T20:37:40Z",
                "PHP_FPM 2026-11-21T20:37:43Z",
                "PHP_FPM 2026-11-21T20:37:43Z",
                "PHP_FPM 2026-11-21T20:37:43Z",
                "PHP_FPM 2026-11-21T20:37:43Z",
                "PHP_FPM 2026-11-21T20:37:50Z",
                "PHP_FPM 2026-11-21T20:37:50Z",
                "PHP_FPM 2026-11-21T20:38:32Z",
                "PHP_FPM 2026-11-21T20:38:32Z",
                "PHP_FPM 2026-11-21T20:38:32Z",
                "PHP_FPM 2026-11-21T20:38:32Z",
                "PHP_FPM 2026-11-21T20:39:31Z",
                "PHP_FPM 2026-11-21T20:39:31Z");
    }

    @Test
    void readsPhpFpmDebugLogWithMicroseconds() {
        assertFixture("php-fpm-debug.log", BERLIN,
                "PHP_FPM 2026-11-21T20:38:08.776642Z",
                "PHP_FPM 2026-11-21T20:38:08.776675Z",
                "PHP_FPM 2026-11-21T20:38:08.776775Z",
                "PHP_FPM 2026-11-21T20:38:08.776859Z",
                "PHP_FPM 2026-11-21T20:38:10.263655Z",
                "PHP_FPM 2026-11-21T20:38:10.263657Z",
                "PHP_FPM 2026-11-21T20:38:10.263659Z");
    }

    @Test
    void readsPhpFpmThroughSyslogByTheSyslogClock() {
        assertFixture("php-fpm-syslog.log", BERLIN,
                "PHP_FPM 2026-11-21T20:38:14Z",
                "PHP_FPM 2026-11-21T20:38:14Z",
                "PHP_FPM 2026-11-21T20:38:14Z",
                "PHP_FPM 2026-11-21T20:38:14.417973Z",
                "PHP_FPM 2026-11-21T20:38:14.418000Z",
                "PHP_FPM 2026-11-21T20:38:14.418020Z",
                "PHP_FPM 2026-11-21T20:38:14.417973Z",
                "PHP_FPM 2026-11-21T20:38:14.418000Z",
                "PHP_FPM 2026-11-21T20:38:14.418020Z");
    }

    @Test
    void readsSlowlogHeadersAndKeepsStackLinesWithoutTime() {
        assertFixture("php-fpm-slow.log", BERLIN,
                "UNKNOWN null",
                "PHP_FPM_SLOWLOG 2026-11-21T20:37:40Z",
                "PHP_FPM_SLOWLOG null",
                "PHP_FPM_SLOWLOG null",
                "PHP_FPM_SLOWLOG null",
                "UNKNOWN null",
                "PHP_FPM_SLOWLOG 2026-11-21T20:37:43Z",
                "PHP_FPM_SLOWLOG null",
                "PHP_FPM_SLOWLOG null",
                "PHP_FPM_SLOWLOG null",
                "UNKNOWN null",
                "PHP_FPM_SLOWLOG 2026-11-21T20:38:32Z",
                "PHP_FPM_SLOWLOG null",
                "PHP_FPM_SLOWLOG null",
                "PHP_FPM_SLOWLOG null");
    }

    @Test
    void readsPhpErrorLogInTheZoneItNamesNotTheGivenOne() {
        assertFixture("php-error-utc.log", TOKYO,
                "PHP_ERROR 2026-11-21T20:37:39Z",
                "PHP_ERROR 2026-11-21T20:37:39Z",
                "PHP_ERROR 2026-11-21T20:37:39Z",
                "UNKNOWN null",
                "UNKNOWN null",
                "PHP_ERROR 2026-11-21T20:37:39Z",
                "PHP_ERROR 2026-11-21T20:38:31Z",
                "PHP_ERROR 2026-11-21T20:38:31Z",
                "PHP_ERROR 2026-11-21T20:38:31Z",
                "UNKNOWN null",
                "UNKNOWN null");
    }

    @Test
    void readsPhpErrorLogWithARegionZoneName() {
        assertFixture("php-error-berlin.log", TOKYO,
                "PHP_ERROR 2026-11-21T20:37:39Z",
                "PHP_ERROR 2026-11-21T20:37:39Z",
                "PHP_ERROR 2026-11-21T20:37:39Z",
                "UNKNOWN null",
                "UNKNOWN null");
    }

    @Test
    void readsMariaDbErrorLogAndItsCrashHeader() {
        assertFixture("mariadb-error-berlin.log", BERLIN,
                "MYSQL_ERROR 2026-11-21T20:38:57Z",
                "MYSQL_ERROR 2026-11-21T20:38:57Z",
                "MYSQL_ERROR 2026-11-21T20:38:57Z",
                "MYSQL_ERROR 2026-11-21T20:38:57Z",
                "UNKNOWN null",
                "MYSQL_ERROR 2026-11-21T20:39:04Z",
                "MYSQL_ERROR 2026-11-21T20:39:04Z",
                "MYSQL_ERROR 2026-11-21T20:39:05Z",
                "MYSQL_ERROR 2026-11-21T20:39:08Z",
                "UNKNOWN null",
                "UNKNOWN null");
    }

    @Test
    void readsMariaDbSpacePaddedHours() {
        assertFixture("mariadb-error-tokyo.log", TOKYO,
                "MYSQL_ERROR 2026-11-21T20:39:14Z",
                "MYSQL_ERROR 2026-11-21T20:39:14Z",
                "MYSQL_ERROR 2026-11-21T20:39:14Z",
                "MYSQL_ERROR 2026-11-21T20:39:14Z",
                "UNKNOWN null",
                "MYSQL_ERROR 2026-11-21T20:39:14Z",
                "MYSQL_ERROR 2026-11-21T20:39:18Z",
                "MYSQL_ERROR 2026-11-21T20:39:18Z",
                "UNKNOWN null",
                "UNKNOWN null");
    }

    @Test
    void readsMySqlFiveAndEightShapesFromTheirFormatStrings() {
        assertFixture("mysql-from-source.log", BERLIN,
                "MYSQL_ERROR 2026-11-21T08:14:01.123456Z",
                "MYSQL_ERROR 2026-11-21T08:14:03.654321Z",
                "MYSQL_ERROR 2026-11-21T08:14:05.000001Z",
                "MYSQL_ERROR 2026-11-21T08:14:07.500000Z",
                "MYSQL_ERROR 2026-11-21T08:14:09Z",
                "MYSQL_ERROR 2026-11-21T08:14:11Z",
                "MYSQL_ERROR 2026-11-21T08:14:12Z",
                "MYSQL_ERROR 2026-11-21T08:14:13Z");
    }

    @Test
    void keepsDmesgLinesWithoutWallClock() {
        assertFixture("kernel-dmesg.log", BERLIN,
                "KERNEL null",
                "KERNEL null",
                "KERNEL null",
                "KERNEL null",
                "KERNEL null",
                "KERNEL null",
                "KERNEL null");
    }

    @Test
    void readsDmesgHumanTimeInTheGivenZone() {
        assertFixture("kernel-dmesg-T.log", BERLIN,
                "KERNEL 2026-11-21T20:38:04Z",
                "KERNEL 2026-11-21T20:38:04Z",
                "KERNEL 2026-11-21T20:38:04Z",
                "KERNEL 2026-11-21T20:38:04Z");
    }

    @Test
    void readsKernelOomKillThroughRsyslogInThreeTemplates() {
        assertFixture("kernel-syslog.log", BERLIN,
                "KERNEL 2026-11-21T20:38:05Z",
                "KERNEL 2026-11-21T20:38:05Z",
                "KERNEL 2026-11-21T20:38:05Z",
                "KERNEL 2026-11-21T20:38:05.371698Z",
                "KERNEL 2026-11-21T20:38:05.375607Z",
                "KERNEL 2026-11-21T20:38:05.375607Z",
                "KERNEL 2026-11-21T20:38:05.371698Z",
                "KERNEL 2026-11-21T20:38:05.375607Z",
                "KERNEL 2026-11-21T20:38:05.375607Z");
    }

    @Test
    void readsJournalctlShortFormats() {
        assertFixture("journal.log", BERLIN,
                "KERNEL 2026-11-21T20:38:05Z",
                "KERNEL 2026-11-21T20:38:05Z",
                "MYSQL_ERROR 2026-11-21T20:39:08Z",
                "PHP_FPM 2026-11-21T20:37:50Z",
                "KERNEL 2026-11-21T20:38:05.371698Z",
                "KERNEL 2026-11-21T20:38:05.375607Z",
                "MYSQL_ERROR 2026-11-21T20:39:08Z",
                "PHP_FPM 2026-11-21T20:37:50.000100Z",
                "KERNEL 2026-11-21T20:38:05Z",
                "KERNEL 2026-11-21T20:38:05Z",
                "MYSQL_ERROR 2026-11-21T20:39:08Z",
                "PHP_FPM 2026-11-21T20:37:50Z",
                "KERNEL 2026-11-21T20:38:05.371698Z",
                "KERNEL 2026-11-21T20:38:05.375607Z",
                "MYSQL_ERROR 2026-11-21T20:39:08Z",
                "PHP_FPM 2026-11-21T20:37:50.000100Z");
    }

    @Test
    void keepsEachLineOfAMixedFileInItsOwnFormatAndClock() {
        assertFixture("mixed.log", BERLIN,
                "NGINX_ERROR 2026-11-21T20:37:39Z",
                "NGINX_ERROR 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "HTTP_ACCESS 2026-11-21T20:37:39Z",
                "PHP_ERROR 2026-11-21T20:37:39Z",
                "PHP_ERROR 2026-11-21T20:37:39Z",
                "PHP_FPM_SLOWLOG 2026-11-21T20:37:40Z",
                "PHP_FPM_SLOWLOG null",
                "PHP_FPM_SLOWLOG null",
                "NGINX_ERROR 2026-11-21T20:37:41Z",
                "HTTP_ACCESS 2026-11-21T20:37:41Z",
                "PHP_FPM 2026-11-21T20:37:50Z",
                "PHP_FPM 2026-11-21T20:37:50Z",
                "KERNEL 2026-11-21T20:38:05Z",
                "KERNEL 2026-11-21T20:38:05Z",
                "APACHE_ERROR 2026-11-21T20:38:31.158393Z",
                "APACHE_ERROR 2026-11-21T20:38:31.158484Z",
                "HTTP_ACCESS 2026-11-21T20:38:31Z",
                "HAPROXY 2026-11-21T20:38:44.042Z",
                "HAPROXY 2026-11-21T20:38:47.057Z",
                "MYSQL_ERROR 2026-11-21T20:39:04Z",
                "MYSQL_ERROR 2026-11-21T20:39:08Z");
    }

    /**
     * Asserts each non-comment line of {@code formats/name}: {@code "FORMAT instant"} or
     * {@code "FORMAT null"}, in order, and that there are no more lines than expectations.
     */
    static void assertFixture(String name, ZoneId zone, String... expected) {
        List<String> lines = Fixtures.lines(name);
        assertEquals(expected.length, lines.size(), name + ": number of lines");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String[] e = expected[i].split(" ");
            LogFormat format = LogFormat.valueOf(e[0]);
            Instant at = e[1].equals("null") ? null : Instant.parse(e[1]);
            String where = name + " line " + (i + 1) + ": " + line;
            assertEquals(format, LineFormats.detect(line), where);
            assertEquals(at, LineFormats.timestamp(format, line, zone, YEAR), where);
        }
    }
}
