package org.gatewaydoctor.internal.ranking;

import static org.gatewaydoctor.internal.ranking.Reports.T0;
import static org.gatewaydoctor.internal.ranking.Reports.cause;
import static org.gatewaydoctor.internal.ranking.Reports.codes;
import static org.gatewaydoctor.internal.ranking.Reports.diagnose;
import static org.gatewaydoctor.internal.ranking.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.junit.jupiter.api.Test;

/**
 * Without an error page, a probe or an access log, the gateway's own error log says what it answered: nginx's
 * "upstream timed out" is a 504 it wrote. The case that showed it, pasted through journald: nginx gave up on
 * admin-ajax.php at 60 s (504 to the visitor) and PHP-FPM killed the same script two seconds later at its
 * request_terminate_timeout, whose mechanism alone would have been a 502.
 */
class GatewayLogStatusTest {

    private static final String NGINX_TIMEOUT = "2026/12/07 05:02:53 [error] 1022#1022: *41631 upstream timed out "
            + "(110: Connection timed out) while reading response header from upstream, client: 192.0.2.179, server: "
            + "shop.example.org, request: \"POST /wp-admin/admin-ajax.php HTTP/2.0\", upstream: "
            + "\"fastcgi://unix:/run/php/php8.2-fpm.sock\", host: \"shop.example.org\"";
    private static final String FPM_KILL = "[07-Dec-2026 05:02:55] WARNING: [pool www] child 2211, script "
            + "'/var/www/shop/wp-admin/admin-ajax.php' (request: \"POST /wp-admin/admin-ajax.php\") execution timed out "
            + "(61.002345 sec), terminating";

    private static Finding nginx(CauseCode code, int status, Instant at, double confidence) {
        return Finding.cause(code, Layer.PROXY, Severity.CRITICAL, confidence, "nginx said " + status)
                .evidence(new Evidence.LogLine("error.log", 7, at, NGINX_TIMEOUT)).httpStatus(status).build();
    }

    private static CheckReport fpmKill() {
        return report("phpfpm.log", Layer.PHP_FPM, Finding.cause(CauseCode.PHPFPM_REQUEST_TIMEOUT, Layer.PHP_FPM,
                        Severity.CRITICAL, 0.8, "PHP-FPM killed 1 request at request_terminate_timeout")
                .evidence(new Evidence.LogLine("php8.2-fpm.log", 2, T0.plusSeconds(2), FPM_KILL)).httpStatus(502).build());
    }

    @Test
    void nginxsOwn504PutsItsTimeoutAboveTheKillThatWouldHaveBeenA502() {
        Diagnosis d = diagnose(List.of(report("http.nginx-error-log", Layer.PROXY,
                nginx(CauseCode.PROXY_UPSTREAM_TIMEOUT, 504, T0, 0.7)), fpmKill()));
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT, CauseCode.PHPFPM_REQUEST_TIMEOUT), codes(d));
        assertTrue(cause(d, CauseCode.PHPFPM_REQUEST_TIMEOUT).statusNote().startsWith("Visitors got 504 (the "
                + "gateway's own log, http.nginx-error-log), but this cause gives a 502 or 503"),
                cause(d, CauseCode.PHPFPM_REQUEST_TIMEOUT).statusNote());
    }

    @Test
    void withoutTheGatewaysLineTheKillLeadsAsBefore() {
        Diagnosis d = diagnose(List.of(fpmKill()));
        assertEquals(List.of(CauseCode.PHPFPM_REQUEST_TIMEOUT), codes(d));
        assertNull(StatusFit.visitors(d.checks(), null, null));
    }

    @Test
    void gatewaysThatDisagreeUndatedLinesAndOlderEpisodesDecideNothing() {
        Finding closed = nginx(CauseCode.PROXY_UPSTREAM_CLOSED, 502, T0, 0.6);
        Finding timedOut = nginx(CauseCode.PROXY_UPSTREAM_TIMEOUT, 504, T0, 0.7);
        assertNull(StatusFit.gatewayLog(List.of(report("http.nginx-error-log", Layer.PROXY, closed, timedOut))));

        Finding undated = nginx(CauseCode.PROXY_UPSTREAM_TIMEOUT, 504, null, 0.7);
        assertNull(StatusFit.gatewayLog(List.of(report("http.nginx-error-log", Layer.PROXY, undated), fpmKill())));

        // yesterday's 502s of the same gateway are not what visitors got in this incident
        Finding yesterday = nginx(CauseCode.PROXY_UPSTREAM_CLOSED, 502, T0.minus(Duration.ofHours(20)), 0.6);
        StatusFit.Visitors v = StatusFit.gatewayLog(List.of(report("http.nginx-error-log", Layer.PROXY, yesterday,
                timedOut)));
        assertEquals(504, v.status());
    }

    @Test
    void theKillLineAnswersWhatTheSlowlogWouldBeReadForSoTheTimeoutNoLongerAsksForIt() {
        // nginx's advice for a read timeout asks for the slowlog (NginxAdvice.confirmWith); PHP-FPM's kill of the
        // same script after 61 s already shows the request ran longer than nginx's 60 s
        String slowlog = "the PHP-FPM slowlog or the application's logs show requests slower than nginx's read timeout";
        Finding timeout = Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.PROXY, Severity.CRITICAL, 0.7,
                        "nginx timed out reading from PHP-FPM").evidence(new Evidence.LogLine("error.log", 7, T0,
                        NGINX_TIMEOUT)).confirmWith(slowlog).httpStatus(504).build();
        Diagnosis alone = diagnose(List.of(report("http.nginx-error-log", Layer.PROXY, timeout)));
        assertTrue(cause(alone, CauseCode.PROXY_UPSTREAM_TIMEOUT).confirmWith().stream()
                .anyMatch(c -> c.startsWith(slowlog)), "without the kill it is still open");

        Diagnosis d = diagnose(List.of(report("http.nginx-error-log", Layer.PROXY, timeout), fpmKill()));
        assertEquals(CauseCode.PROXY_UPSTREAM_TIMEOUT, codes(d).get(0));
        assertEquals(List.of(), cause(d, CauseCode.PROXY_UPSTREAM_TIMEOUT).confirmWith());
    }

    @Test
    void anApplicationsOwnPredictionIsNotTheGatewaysWord() {
        // PHP-FPM's finding predicts a 502; only the gateway writes the status visitors got
        assertNull(StatusFit.gatewayLog(List.of(fpmKill())));
    }
}
