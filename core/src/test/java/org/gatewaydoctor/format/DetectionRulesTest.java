package org.gatewaydoctor.format;

import static org.gatewaydoctor.logs.LogFormat.APACHE_ERROR;
import static org.gatewaydoctor.logs.LogFormat.HAPROXY;
import static org.gatewaydoctor.logs.LogFormat.HTTP_ACCESS;
import static org.gatewaydoctor.logs.LogFormat.KERNEL;
import static org.gatewaydoctor.logs.LogFormat.MYSQL_ERROR;
import static org.gatewaydoctor.logs.LogFormat.NGINX_ERROR;
import static org.gatewaydoctor.logs.LogFormat.PHP_ERROR;
import static org.gatewaydoctor.logs.LogFormat.PHP_FPM;
import static org.gatewaydoctor.logs.LogFormat.PHP_FPM_SLOWLOG;
import static org.gatewaydoctor.logs.LogFormat.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.junit.jupiter.api.Test;

/**
 * The rules that tell look-alike formats apart, one case each. Lines are shaped as the real
 * software writes them (see the fixtures for captured ones); where a line is made up to probe a
 * rule, the comment says so.
 */
class DetectionRulesTest {

    @Test
    void tellsPhpErrorFromFpmByTheZoneBeforeTheBracket() {
        assertEquals(PHP_ERROR, LineFormats.detect("[21-Nov-2026 09:14:01 UTC] PHP Fatal error:  Maximum execution time"));
        assertEquals(PHP_ERROR, LineFormats.detect("[21-Nov-2026 09:14:01 Europe/Berlin] PHP Warning:  foo"));
        assertEquals(PHP_ERROR, LineFormats.detect("[21-Nov-2026 09:14:01 America/Argentina/Buenos_Aires] x"));
        assertEquals(PHP_ERROR, LineFormats.detect("[21-Nov-2026 09:14:01 +01:00] PHP Notice:  x"));
        assertEquals(PHP_FPM, LineFormats.detect("[21-Nov-2026 09:14:01] WARNING: [pool www] server reached pm.max_children"));
        assertEquals(PHP_FPM, LineFormats.detect("[21-Nov-2026 09:14:01] ALERT: oops"));
        assertEquals(PHP_FPM, LineFormats.detect("[21-Nov-2026 09:14:01.123456] NOTICE: fpm is running, pid 1"));
    }

    @Test
    void tellsSlowlogHeaderFromFpmByThePoolAfterTheBracket() {
        assertEquals(PHP_FPM_SLOWLOG, LineFormats.detect("[21-Nov-2026 09:14:01]  [pool www] pid 1234"));
        // one space would be a different writer, but the pool header is still the slowlog's
        assertEquals(PHP_FPM_SLOWLOG, LineFormats.detect("[21-Nov-2026 09:14:01] [pool www] pid 1234"));
        assertEquals(PHP_FPM, LineFormats.detect("[21-Nov-2026 09:14:01] WARNING: [pool www] child 1 said into stderr"));
    }

    @Test
    void takesZonelessPhpLinesWithoutALevelAsPhpErrorLog() {
        // PHP before 5.1 and error_log(..., 3, file) callers write no zone and no FPM level
        assertEquals(PHP_ERROR, LineFormats.detect("[21-Nov-2026 09:14:01] PHP Fatal error:  Out of memory"));
        assertEquals(PHP_ERROR, LineFormats.detect("[21-Nov-2026 09:14:01] WordPress database error Lost connection"));
        assertEquals(UNKNOWN, LineFormats.detect("[21-Nov-2026 09:14:01]"));
        assertEquals(UNKNOWN, LineFormats.detect("[21-Nov-2026 09:14:01] "));
    }

    @Test
    void recognisesSlowlogStackLinesOf32And64BitPointers() {
        assertEquals(PHP_FPM_SLOWLOG, LineFormats.detect("[0x00007f3a1c813f40] curl_exec() /var/www/wp-includes/Requests/Transport/cURL.php:162"));
        assertEquals(PHP_FPM_SLOWLOG, LineFormats.detect("[0xb6a1f0c4] mysqli_query() /var/www/wp-includes/wp-db.php:2056"));
        assertEquals(PHP_FPM_SLOWLOG, LineFormats.detect("script_filename = /var/www/html/index.php"));
        assertEquals(PHP_FPM_SLOWLOG, LineFormats.detect("+++ dump failed"));
        assertEquals(UNKNOWN, LineFormats.detect("[0x7f] too short"));
    }

    @Test
    void tellsApacheFromDmesgHumanTimeByTheSecondBracket() {
        assertEquals(APACHE_ERROR, LineFormats.detect("[Sat Nov 21 09:14:03.123456 2026] [proxy_fcgi:error] [pid 1234:tid 5678] AH01079: x"));
        assertEquals(APACHE_ERROR, LineFormats.detect("[Sat Nov 21 09:14:03 2026] [error] [client 203.0.113.9] x"));
        assertEquals(KERNEL, LineFormats.detect("[Sat Nov 21 09:14:03 2026] Out of memory: Killed process 812 (php-fpm8.2)"));
        // dmesg -T pads the day with a space
        assertEquals(KERNEL, LineFormats.detect("[Sun Nov  1 09:14:03 2026] Out of memory: Killed process 812 (mariadbd)"));
    }

    @Test
    void recognisesApacheCompactIsoTime() {
        assertEquals(APACHE_ERROR, LineFormats.detect("[2026-11-21 09:14:03.123456] [proxy:error] [pid 1:tid 2] x"));
        assertEquals(UNKNOWN, LineFormats.detect("[2026-11-21 09:14:03.123456] no second bracket"));
    }

    @Test
    void recognisesDmesgSecondsSinceBootOnlyWithSixDecimals() {
        assertEquals(KERNEL, LineFormats.detect("[12345.678901] Out of memory: Killed process 1 (x)"));
        assertEquals(KERNEL, LineFormats.detect("[    0.000000] Linux version 6.1.0"));
        assertEquals(UNKNOWN, LineFormats.detect("[12.5] elapsed"));
        assertEquals(UNKNOWN, LineFormats.detect("[12345.678901]x"));
    }

    @Test
    void tellsAccessLogFromHaproxyByOffsetWordsAndPort() {
        assertEquals(HTTP_ACCESS, LineFormats.detect("203.0.113.9 - - [21/Nov/2026:09:14:03 +0100] \"GET / HTTP/1.1\" 502 157 \"-\" \"curl/8\""));
        assertEquals(HTTP_ACCESS, LineFormats.detect("2001:db8::9 - alice [21/Nov/2026:09:14:03 -0500] \"POST /wp-login.php HTTP/2.0\" 504 0"));
        assertEquals(HTTP_ACCESS, LineFormats.detect("example.org:443 203.0.113.9 - - [21/Nov/2026:09:14:03 +0100] \"GET / HTTP/1.1\" 502 1"));
        assertEquals(HAPROXY, LineFormats.detect("203.0.113.9:51234 [21/Nov/2026:09:14:03.123] fe be/srv 0/0/-1/-1/3001 503 217 - - SC-- 1/1/0/0/3 0/0 \"GET / HTTP/1.1\""));
        // HAProxy's %T (GMT date with offset) instead of the accept date
        assertEquals(HAPROXY, LineFormats.detect("203.0.113.9:51234 [21/Nov/2026:08:14:03 +0000] fe be/srv 0/0/0/0/1 200 1"));
        // neither: a date in brackets somewhere in a sentence
        assertEquals(UNKNOWN, LineFormats.detect("backup finished [21/Nov/2026:09:14:03 +0100] \"ok\""));
        assertEquals(UNKNOWN, LineFormats.detect("a b c [21/Nov/2026:09:14:03 +0100] no quote"));
    }

    @Test
    void tellsMySqlIsoLinesFromIsoSyslogByTheThreadIdAndBracket() {
        assertEquals(MYSQL_ERROR, LineFormats.detect("2026-11-21T09:14:01.123456Z 0 [Warning] [MY-010055] [Server] IP address could not be resolved"));
        assertEquals(MYSQL_ERROR, LineFormats.detect("2026-11-21T09:14:01.123456Z 0 [Note] InnoDB: Buffer pool(s) load completed"));
        assertEquals(KERNEL, LineFormats.detect("2026-11-21T09:14:01.123456+01:00 web1 kernel: Out of memory: Killed process 1 (x)"));
        assertEquals(UNKNOWN, LineFormats.detect("2026-11-21T09:14:01.123456+01:00 web1 cron[77]: (root) CMD (true)"));
    }

    @Test
    void recognisesMariaDbAndOldMySqlClocks() {
        assertEquals(MYSQL_ERROR, LineFormats.detect("2026-11-21  9:14:01 0 [Warning] Aborted connection 12 to db: 'wp'"));
        assertEquals(MYSQL_ERROR, LineFormats.detect("2026-11-21 09:14:01 140234 [ERROR] InnoDB: Cannot allocate memory"));
        assertEquals(MYSQL_ERROR, LineFormats.detect("161121  9:14:01 [ERROR] mysqld got signal 11 ;"));
        assertEquals(MYSQL_ERROR, LineFormats.detect("161121 09:14:01 mysqld_safe Starting mysqld daemon"));
        assertEquals(MYSQL_ERROR, LineFormats.detect("161121  9:14:01  InnoDB: Started; log sequence number 0 44233"));
        // a Python logging line is not MySQL
        assertEquals(UNKNOWN, LineFormats.detect("2026-11-21 09:14:01,123 INFO worker started"));
        assertEquals(UNKNOWN, LineFormats.detect("161121 09:14:01 something else"));
    }

    @Test
    void recognisesNginxOnlyWithALevelBracket() {
        assertEquals(NGINX_ERROR, LineFormats.detect("2026/11/21 09:14:03 [error] 812#812: *4711 upstream prematurely closed connection"));
        assertEquals(UNKNOWN, LineFormats.detect("2026/11/21 09:14:03 error without bracket"));
    }

    @Test
    void classifiesTheMessageInsideSyslogAndJournalEnvelopes() {
        assertEquals(NGINX_ERROR, LineFormats.detect("Nov 21 09:14:03 web1 nginx: 2026/11/21 09:14:03 [error] 812#812: *1 x"));
        assertEquals(HTTP_ACCESS, LineFormats.detect("Nov 21 09:14:03 web1 nginx: 203.0.113.9 - - [21/Nov/2026:09:14:03 +0100] \"GET / HTTP/1.1\" 502 1"));
        assertEquals(MYSQL_ERROR, LineFormats.detect("2026-11-21T09:14:01+0100 db1 mariadbd[812]: 2026-11-21  9:14:01 0 [Note] InnoDB: x"));
        assertEquals(HAPROXY, LineFormats.detect("<134>Nov 21 09:14:03 haproxy[1234]: 203.0.113.9:51234 [21/Nov/2026:09:14:03.123] fe be/srv"));
        assertEquals(HAPROXY, LineFormats.detect("haproxy[1234]: 203.0.113.9:51234 [21/Nov/2026:09:14:03.123] fe be/srv 0/0/-1/-1/3001 503"));
        assertEquals(KERNEL, LineFormats.detect("<14>1 2026-11-21T09:14:01.123Z web1 kernel - - - Out of memory: Killed process 1 (x)"));
        assertEquals(KERNEL, LineFormats.detect("kernel: [12345.678901] Out of memory: Killed process 1 (x)"));
        // RFC 5424 with structured data before the message
        assertEquals(NGINX_ERROR, LineFormats.detect("<11>1 2026-11-21T09:14:01Z web1 nginx - - [meta x=\"a]b\" y=\"\\\"\"] 2026/11/21 09:14:01 [error] 1#1: x"));
    }

    @Test
    void fallsBackToTheSyslogTagWhenTheMessageHasNoShapeOfItsOwn() {
        assertEquals(HAPROXY, LineFormats.detect("Nov 21 09:14:03 lb1 haproxy[1234]: Server be_app/app1 is DOWN, reason: Layer4 connection problem"));
        assertEquals(PHP_FPM, LineFormats.detect("Nov 21 09:14:03 web1 php-fpm8.2[77]: [WARNING] [pool www] server reached pm.max_children setting (5)"));
        assertEquals(PHP_FPM, LineFormats.detect("Nov 21 09:14:03 web1 php8.2-fpm[77]: [NOTICE] fpm is running, pid 77"));
        assertEquals(PHP_ERROR, LineFormats.detect("Nov 21 09:14:03 web1 php[77]: PHP Fatal error:  Allowed memory size exhausted"));
        assertEquals(MYSQL_ERROR, LineFormats.detect("Nov 21 09:14:03 db1 mariadbd[812]: Version: '10.11.19-MariaDB-0+deb12u1'  socket: '/run/mysqld/mysqld.sock'"));
        assertEquals(APACHE_ERROR, LineFormats.detect("Nov 21 09:14:03 web1 apache2[77]: [proxy_fcgi:error] [pid 77:tid 78] AH01079: failed"));
        assertEquals(UNKNOWN, LineFormats.detect("Nov 21 09:14:03 web1 sshd[77]: Accepted publickey for deploy"));
        assertEquals(UNKNOWN, LineFormats.detect("Nov 21 09:14:03 web1 phpsessionclean[77]: done"));
    }

    @Test
    void leavesEverydayNoiseUnknown() {
        assertEquals(UNKNOWN, LineFormats.detect("Version: '10.11.19-MariaDB-0+deb12u1'  socket: '/run/mysqld/mysqld.sock'  port: 3306"));
        assertEquals(UNKNOWN, LineFormats.detect("Stack trace:"));
        assertEquals(UNKNOWN, LineFormats.detect("#0 {main}"));
        assertEquals(UNKNOWN, LineFormats.detect("  thrown in /var/www/html/index.php on line 4"));
        assertEquals(UNKNOWN, LineFormats.detect("mariadbd(handle_fatal_signal+0x269)[0x555f75a850f9]"));
        assertEquals(UNKNOWN, LineFormats.detect("[NOTICE] fpm is running, pid 77"));
        assertEquals(UNKNOWN, LineFormats.detect("Nov 21"));
        assertEquals(UNKNOWN, LineFormats.detect("<134>"));
    }
}
