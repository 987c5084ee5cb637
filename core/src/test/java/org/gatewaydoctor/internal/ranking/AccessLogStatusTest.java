package org.gatewaydoctor.internal.ranking;

import static org.gatewaydoctor.internal.ranking.Reports.T0;
import static org.gatewaydoctor.internal.ranking.Reports.cause;
import static org.gatewaydoctor.internal.ranking.Reports.codes;
import static org.gatewaydoctor.internal.ranking.Reports.diagnose;
import static org.gatewaydoctor.internal.ranking.Reports.hop;
import static org.gatewaydoctor.internal.ranking.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;

/**
 * The access log's statuses are what visitors got when no error page and no 5xx probe of the URL say it: the
 * log checks carry them as dated minutes ({@code access log: 7 answers with 502 in the minute from 05:02}, the
 * text of checks-http's {@code AccessLogMinute}), and the ranking's status fit judges causes by them.
 */
class AccessLogStatusTest {

    private static final Instant MINUTE = T0.truncatedTo(ChronoUnit.MINUTES);

    /** One access-log minute as http.nginx-error-log writes it (zone UTC). */
    private static Evidence minute(Instant at, int status, long count) {
        String hm = at.toString().substring(11, 16);
        return new Evidence.Observation("access log: " + count + (count == 1 ? " answer" : " answers") + " with "
                + status + " in the minute from " + hm, at);
    }

    /**
     * nginx's error-log cause {@code code}: line {@code line} of error.log, about connection {@code *conn}, says
     * {@code message}.
     */
    private static Finding nginx(CauseCode code, double confidence, String summary, int line, int conn,
                                 String message, int status, Evidence... more) {
        return Finding.cause(code, Layer.PROXY, Severity.CRITICAL, confidence, summary)
                .evidence(new Evidence.LogLine("error.log", line, T0, "2026/12/07 05:02:53 [error] 812#812: *" + conn + " "
                        + message + " while reading response header from upstream, client: 127.0.0.1, "
                        + "server: _, request: \"GET / HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", "
                        + "host: \"127.0.0.1:8080\""))
                .evidence(more).httpStatus(status).build();
    }

    /** nginx error-log causes of one morning: read timeouts and early closes, both seen, the timeouts more often. */
    private static List<CheckReport> logs(Evidence... accessMinutes) {
        Finding timeout = nginx(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.8, "nginx timed out reading from PHP-FPM "
                + "(upstream timed out) 9 times", 12, 41, "upstream timed out (110: Connection timed out)", 504);
        Finding closed = nginx(CauseCode.PROXY_UPSTREAM_CLOSED, 0.7, "PHP-FPM closed the connection before a full "
                + "answer (upstream prematurely closed) 4 times", 14, 44, "upstream prematurely closed connection", 502,
                accessMinutes);
        List<CheckReport> reports = new ArrayList<>();
        reports.add(report("http.nginx-error-log", Layer.PROXY, timeout, closed));
        return reports;
    }

    @Test
    void withoutAnAccessLogTheMoreFrequentTimeoutLeads() {
        Diagnosis d = diagnose(logs());
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT, CauseCode.PROXY_UPSTREAM_CLOSED), codes(d));
        assertNull(StatusFit.visitors(d.checks(), null, null));
    }

    @Test
    void accessLog502sPutTheCloseFirstAndSayWhyTheTimeoutDoesNotFit() {
        Diagnosis d = diagnose(logs(minute(MINUTE.minusSeconds(60), 502, 3), minute(MINUTE, 502, 9)));
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_CLOSED, CauseCode.PROXY_UPSTREAM_TIMEOUT), codes(d));
        assertTrue(cause(d, CauseCode.PROXY_UPSTREAM_TIMEOUT).statusNote().startsWith("Visitors got 502 (the access "
                + "log, 12 answers up to 2026-12-07T05:02:00Z), but this cause gives a 504"),
                cause(d, CauseCode.PROXY_UPSTREAM_TIMEOUT).statusNote());
        // logs only, no page: the proxy in front of the failing hop answered, as the access log shows
        PathHop proxy = hop(d, Layer.PROXY);
        assertTrue(proxy.wroteVisitorError(), proxy.toString());
        assertTrue(proxy.reason().startsWith("answered the visitors' 502 (seen in the access log, 12 answers"),
                proxy.reason());
    }

    @Test
    void accessLog504sKeepTheTimeoutFirst() {
        Diagnosis d = diagnose(logs(minute(MINUTE, 504, 9)));
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT, CauseCode.PROXY_UPSTREAM_CLOSED), codes(d));
        assertTrue(cause(d, CauseCode.PROXY_UPSTREAM_CLOSED).statusNote().startsWith("Visitors got 504 (the access "
                + "log, 9 answers"), cause(d, CauseCode.PROXY_UPSTREAM_CLOSED).statusNote());
    }

    @Test
    void onlyTheLastHalfHourOfTheAccessLogCountsAndTiesGoToTheLowerStatus() {
        // an hour earlier: a hundred 504s of another episode; now: three 502s and three 503s
        List<CheckReport> reports = logs(minute(MINUTE.minus(Duration.ofMinutes(61)), 504, 100),
                minute(MINUTE.minusSeconds(120), 503, 3), minute(MINUTE, 502, 3));
        StatusFit.Visitors v = StatusFit.visitors(reports, null, null);
        assertEquals(502, v.status());
        assertEquals("the access log, 3 answers up to 2026-12-07T05:02:00Z", v.seenAs());
    }

    @Test
    void theSameMinuteCarriedByTwoChecksCountsOnce() {
        List<CheckReport> reports = new ArrayList<>(logs(minute(MINUTE, 504, 4), minute(MINUTE, 502, 3)));
        // another check quoting the same access-log minute of 502s, and a passed check with it too
        reports.add(report("http.apache-error-log", Layer.PROXY, Finding.symptom(Layer.PROXY, Severity.WARNING,
                "visitors got 502").evidence(minute(MINUTE, 502, 3)).build()));
        reports.add(new CheckReport.Completed("http.haproxy-log", Layer.LOAD_BALANCER, Duration.ofMillis(1),
                CheckResult.passed(minute(MINUTE, 502, 3))));
        assertEquals(504, StatusFit.visitors(reports, null, null).status());
    }

    @Test
    void aProbeThatGotA5xxNowWinsAndA200NowLeavesTheLogsIncidentToTheAccessLog() {
        String url = "http://127.0.0.1:8080/";
        List<CheckReport> reports = new ArrayList<>(logs(minute(MINUTE, 502, 9)));
        reports.add(report("http.probe", Layer.PROXY, Finding.symptom(Layer.PROXY, Severity.CRITICAL, "504 now")
                .evidence(new Evidence.Probe(url, "http", 504, Duration.ofMillis(60_000), "504 Gateway Time-out", T0))
                .httpStatus(504).build()));
        assertEquals(504, StatusFit.visitors(reports, null, java.net.URI.create(url)).status());

        List<CheckReport> recovered = new ArrayList<>(logs(minute(MINUTE, 502, 9)));
        recovered.add(new CheckReport.Completed("http.probe", Layer.PROXY, Duration.ofMillis(1), CheckResult.passed(
                new Evidence.Probe(url, "http", 200, Duration.ofMillis(30), "200 OK", T0))));
        StatusFit.Visitors v = StatusFit.visitors(recovered, null, java.net.URI.create(url));
        assertEquals(502, v.status());
        assertTrue(v.seenAs().startsWith("the access log"), v.seenAs());
    }

    @Test
    void textsThatOnlyLookLikeAnAccessLogMinuteAreNotStatuses() {
        List<CheckReport> reports = logs(
                new Evidence.Observation("access log: 9 answers with 502 in the minute from 05:02", null),
                new Evidence.Observation("access log: 9 answers with 200 in the minute from 05:02", MINUTE),
                new Evidence.Observation("the access log shows visitors got 502 9 times", MINUTE));
        assertNull(StatusFit.visitors(reports, null, null));
        assertFalse(diagnose(reports).causes().get(0).statusNote().startsWith("Visitors got"));
    }
}
