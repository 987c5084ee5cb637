package org.gatewaydoctor.checks.http.internal.signatures;

import static org.gatewaydoctor.testkit.SignatureTester.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;

/**
 * The signatures of Apache's older FastCGI modules (mod_fastcgi, mod_fcgid) and Apache 2.2's mod_proxy
 * wording, against lines people posted from their servers (each with its source; the same lines are in
 * the CLI's real-log corpus). No Debian package ships these modules today, so real posted lines are the
 * evidence, checked against the modules' format strings named in {@link ApacheSignatureProvider}.
 */
class ApacheOldModulesSignatureTest {

    static final Set<String> OLD_MODULES = Set.of("apache.fastcgi-idle-timeout", "apache.fastcgi-read-failed",
            "apache.fastcgi-malformed-header", "apache.fastcgi-incomplete-headers", "apache.fastcgi-connect-failed",
            "apache.fcgid-read-timeout", "apache.fcgid-read-error", "apache.fcgid-no-process-slot");

    static final List<Signature> SIGNATURES = new ApacheSignatureProvider().signatures();

    @Test
    void readsModFastcgisIdleTimeoutOnApache22() throws Exception {
        // https://github.com/nextgis/nextgisweb/issues/14
        Map<String, String> f = only(SIGNATURES, "apache.fastcgi-idle-timeout", "[Thu Jan 16 08:34:53 2014] [error] "
                + "[client 46.229.66.22] FastCGI: comm with server \"/usr/local/www/demo_nextgis/data/ngw_krasnogorsk\" "
                + "aborted: idle timeout (30 sec), referer: http://demo.nextgis.ru/ngw_krasnogorsk/layer/create");
        assertEquals("30", f.get("seconds"));
        assertEquals("46.229.66.22", f.get("client"));
        assertEquals("/usr/local/www/demo_nextgis/data/ngw_krasnogorsk", f.get("server"));
    }

    @Test
    void readsModFastcgisIncompleteHeadersAndMalformedHeader() throws Exception {
        // https://github.com/nextgis/nextgisweb/issues/14
        assertEquals("0", only(SIGNATURES, "apache.fastcgi-incomplete-headers", "[Thu Jan 16 08:34:53 2014] [error] "
                + "[client 46.229.66.22] FastCGI: incomplete headers (0 bytes) received from server "
                + "\"/usr/local/www/demo_nextgis/data/ngw_krasnogorsk\", referer: http://demo.nextgis.ru/").get("bytes"));
        // https://github.com/vitalets/x-editable/pull/747 (Apache 2.4 with mod_fastcgi)
        assertEquals("malformed header 'HTTP 400 Bad Request', referer: http://XXXX.dev/XXXX.php",
                only(SIGNATURES, "apache.fastcgi-malformed-header", "[Sun Apr 12 10:17:24.016111 2015] [fastcgi:error] "
                        + "[pid 11178] [client 127.0.0.1:38660] FastCGI: comm with server \"/var/www/cgi-bin/php-cgi-5.3.23\" "
                        + "aborted: error parsing headers: malformed header 'HTTP 400 Bad Request', referer: "
                        + "http://XXXX.dev/XXXX.php").get("header"));
    }

    @Test
    void readsModFastcgisReadFailureWithApache22sErrnoAfterTheClient() throws Exception {
        // https://github.com/FriendsOfREDAXO/developer/issues/29
        Map<String, String> f = only(SIGNATURES, "apache.fastcgi-read-failed", "[Tue Nov 10 11:32:59 2015] [error] "
                + "[client xx.xx.xx.xx] (104)Connection reset by peer: FastCGI: comm with server "
                + "\"/fcgi-bin-php5-fpm-example\" aborted: read failed, referer: http://example.com/redaxo/");
        assertEquals("104", f.get("errno"));
        assertEquals("/fcgi-bin-php5-fpm-example", f.get("server"));
    }

    @Test
    void readsModFastcgisConnectFailureWithItsErrno() throws Exception {
        // the form mod_fastcgi.c logs after APR's errno (FCGI_LOG_ERR): "(13)Permission denied: FastCGI: failed to connect"
        Map<String, String> f = only(SIGNATURES, "apache.fastcgi-connect-failed", "[Wed Mar 05 10:00:00 2014] [error] "
                + "[client 192.0.2.7] (13)Permission denied: FastCGI: failed to connect to server \"/usr/lib/cgi-bin/"
                + "php5-fcgi\": connect() failed");
        assertEquals("13", f.get("errno"));
        assertEquals("/usr/lib/cgi-bin/php5-fcgi", f.get("server"));
    }

    @Test
    void readsModFcgidsTimeoutsAndReadErrors() throws Exception {
        // https://github.com/mysociety/fixmystreet/issues/3272 (Apache 2.4)
        assertEquals("40", only(SIGNATURES, "apache.fcgid-read-timeout", "[Wed Dec 16 20:56:34.176363 2020] [fcgid:warn] "
                + "[pid 23427] [client x.x.x.x:57902] mod_fcgid: read data timeout in 40 seconds, referer: "
                + "http://www...........com/admin").get("seconds"));
        // https://github.com/podlove/podlove-publisher/issues/348 (Apache 2.2: errno right after the client)
        assertEquals("104", only(SIGNATURES, "apache.fcgid-read-error", "[Fri Mar 21 12:38:30 2014] [warn] "
                + "[client 62.153.130.147](104)Connection reset by peer: mod_fcgid: error reading data from FastCGI "
                + "server, referer: https://www.google.de/").get("errno"));
        // fcgid_bridge.c: "mod_fcgid: can't apply process slot for %s"
        assertEquals("/var/www/cgi-bin/php.fcgi", only(SIGNATURES, "apache.fcgid-no-process-slot",
                "[Mon Jan 06 09:00:00 2014] [warn] [client 192.0.2.7] mod_fcgid: can't apply process slot for "
                        + "/var/www/cgi-bin/php.fcgi").get("script"));
    }

    @Test
    void readsApache22sProxyWordingWithoutAhCodes() throws Exception {
        // https://github.com/zdavatz/oddb.org/issues/92
        Map<String, String> refused = only(SIGNATURES, "apache.connect-refused", "[Wed Dec 04 17:14:32 2019] [error] "
                + "(111)Connection refused: proxy: HTTP: attempt to connect to 127.0.0.1:8212 (*) failed");
        assertEquals("127.0.0.1:8212", refused.get("upstream"));
        // https://github.com/Unitech/pm2/issues/602 (Apache 2.2.3)
        assertEquals("localhost", only(SIGNATURES, "apache.http-read-failed", "[Wed Jul 30 10:00:00 2014] [error] "
                + "[client 192.0.2.7] (20014)Internal error: proxy: error reading status line from remote server "
                + "localhost").get("upstream"));
    }
}
