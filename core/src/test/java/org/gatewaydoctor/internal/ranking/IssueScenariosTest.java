package org.gatewaydoctor.internal.ranking;

import static org.gatewaydoctor.internal.ranking.Reports.T0;
import static org.gatewaydoctor.internal.ranking.Reports.cause;
import static org.gatewaydoctor.internal.ranking.Reports.codes;
import static org.gatewaydoctor.internal.ranking.Reports.diagnose;
import static org.gatewaydoctor.internal.ranking.Reports.hop;
import static org.gatewaydoctor.internal.ranking.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.HopState;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The cases issue 13 reports from a real nginx + HAProxy + Apache + PHP-FPM stack, with the findings the checks
 * gave there (summaries, confidences, severities and fix texts as the checks write them).
 */
class IssueScenariosTest {

    private static final String URL = "http://127.0.0.1:8080/";

    /** phpfpm.wiring's two ladder findings for HAProxy's timeout server 30s in front of nginx's 60s. */
    private static List<Finding> ladderRisk() {
        List<Finding> out = new ArrayList<>();
        for (String pool : List.of("www", "shop")) {
            out.add(Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.LOAD_BALANCER, Severity.WARNING, 0.45,
                            "timeouts in the wrong order: the load balancer (haproxy backend be_wordpress) waits 30s, "
                                    + "less than nginx (fastcgi_read_timeout) (60s); a request running longer than 30s "
                                    + "makes the load balancer give up before nginx: visitors get 504 Gateway Timeout "
                                    + "while the PHP worker keeps running, holding its slot")
                    .risk()
                    .evidence(new Evidence.ConfigLine("/etc/haproxy/haproxy.cfg", 31, "timeout server", "30s"),
                            new Evidence.ConfigLine("/etc/nginx/sites-enabled/wp", 40, "fastcgi_read_timeout", "60s"),
                            new Evidence.Observation("timeout ladder for / -> pool " + pool))
                    .remediation("Order the timeouts from the outside in: load balancer >= proxy read timeout >= "
                            + "request_terminate_timeout >= max_execution_time, each a few seconds longer than the next, "
                            + "so the innermost limit ends a slow request with a clear error.")
                    .confirmWith("the access log shows 504s for requests that took 30s")
                    .httpStatus(504).build());
        }
        return out;
    }

    private static Finding haproxyPage502() {
        ErrorSource page = new ErrorSource("haproxy", ErrorSource.Hop.LOAD_BALANCER, 502, 0.9,
                List.of("body: <h1>502 Bad Gateway</h1> The server returned an invalid or incomplete response."),
                null, null);
        return Finding.symptom(Layer.LOAD_BALANCER, Severity.CRITICAL, "the site answers 502 Bad Gateway from HAProxy")
                .evidence(new Evidence.ErrorPage(page, T0),
                        new Evidence.Probe(URL, "http", 502, Duration.ofMillis(3), "502 Bad Gateway from haproxy", T0))
                .httpStatus(502).build();
    }

    private static Finding serverClosed() {
        return Finding.cause(CauseCode.PROXY_UPSTREAM_CLOSED, Layer.PROXY, Severity.WARNING, 0.6,
                        "the upstream 127.0.0.1:8081 closes the connection without answering: HAProxy answers 502")
                .evidence(new Evidence.Probe("127.0.0.1:8081", "http", null, Duration.ofMillis(2),
                        "closed the connection without sending a byte", T0))
                .remediation("Read the upstream's own log at this time: it crashes or drops the request.")
                .httpStatus(502).build();
    }

    @Test
    void anObservedCloseBeatsTheTimeoutLadderRiskWhenVisitorsGot502() {
        List<CheckReport> reports = new ArrayList<>();
        reports.add(report("http.probe", Layer.LOAD_BALANCER, haproxyPage502()));
        reports.add(report("phpfpm.wiring", Layer.PHP_FPM, ladderRisk().toArray(Finding[]::new)));
        reports.add(report("http.proxy-config", Layer.PROXY, serverClosed()));
        Diagnosis d = diagnose(URL, reports);

        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_CLOSED, CauseCode.PROXY_UPSTREAM_TIMEOUT), codes(d));
        RankedCause ladder = cause(d, CauseCode.PROXY_UPSTREAM_TIMEOUT);
        assertEquals(Basis.RISK, ladder.basis());
        assertEquals(Severity.WARNING, ladder.severity());
        assertTrue(ladder.statusNote().startsWith("Visitors got 502 (the error page, written by haproxy), but this "
                + "cause gives a 504"), ladder.statusNote());
        assertEquals(Basis.OBSERVED, d.causes().get(0).basis());
        assertEquals(Verdict.FAILING, d.verdict());
        assertTrue(d.headline().contains("proxy.upstream_closed"), d.headline());
        // the ladder's two findings gave the same fix once
        assertEquals(1, ladder.remediation().size(), ladder.remediation().toString());
    }

    @Test
    void theLadderRiskAloneIsAWarningNotAFailure() {
        Diagnosis d = diagnose(List.of(report("phpfpm.wiring", Layer.PHP_FPM, ladderRisk().toArray(Finding[]::new))));
        assertEquals(Verdict.DEGRADED, d.verdict());
        RankedCause top = d.causes().get(0);
        assertEquals(Basis.RISK, top.basis());
        assertTrue(d.headline().endsWith("; a configuration risk, not seen happening]"), d.headline());
        PathHop lb = hop(d, Layer.LOAD_BALANCER);
        assertEquals(HopState.SUSPECT, lb.state());
        assertTrue(lb.reason().startsWith("proxy.upstream_timeout (configuration risk, not seen happening): "),
                lb.reason());
    }

    @Test
    void aCriticalRiskIsCappedAtWarningUntilItsEffectIsSeen() {
        Finding config = Finding.cause(CauseCode.PROXY_PROTOCOL_MISMATCH, Layer.PROXY, Severity.CRITICAL, 0.9,
                        "nginx speaks HTTP to unix:/run/php/php8.2-fpm.sock, PHP-FPM pool www's FastCGI socket")
                .risk()
                .evidence(new Evidence.ConfigLine("/etc/nginx/sites-enabled/wp", 67, "proxy_pass",
                        "http://unix:/run/php/php8.2-fpm.sock"))
                .httpStatus(502).build();
        Diagnosis alone = diagnose(List.of(report("phpfpm.wiring", Layer.PHP_FPM, config)));
        assertEquals(Severity.WARNING, alone.causes().get(0).severity());
        assertEquals(Verdict.DEGRADED, alone.verdict());
        assertEquals(HopState.SUSPECT, hop(alone, Layer.PROXY).state());
    }

    /** nginx proxy_pass to PHP-FPM's FastCGI socket: the configuration proves the mismatch, the log shows closes. */
    @ParameterizedTest(name = "{0} log lines")
    @ValueSource(ints = {1, 2, 5, 40, 400})
    void aConfigVerifiedProtocolMismatchRanksAboveTheClosesItCausesWhateverTheLineCount(int lines) {
        Finding config = Finding.cause(CauseCode.PROXY_PROTOCOL_MISMATCH, Layer.PROXY, Severity.CRITICAL, 0.9,
                        "nginx speaks HTTP to unix:/run/php/php8.2-fpm.sock (location /), which is PHP-FPM pool www's "
                                + "FastCGI socket: PHP-FPM cannot read an HTTP request and closes the connection")
                .risk()
                .evidence(new Evidence.ConfigLine("/etc/nginx/sites-enabled/wp", 67, "proxy_pass",
                                "http://unix:/run/php/php8.2-fpm.sock"),
                        new Evidence.ConfigLine("/etc/php/8.2/fpm/pool.d/www.conf", 41, "listen",
                                "/run/php/php8.2-fpm.sock"))
                .remediation("Use fastcgi_pass unix:/run/php/php8.2-fpm.sock with 'include fastcgi_params' (nginx).")
                .httpStatus(502).build();
        List<Evidence> log = new ArrayList<>();
        for (int i = 0; i < Math.min(lines, 5); i++) {
            log.add(new Evidence.LogLine("/var/log/nginx/error.log", 100 + i, T0.plusSeconds(i),
                    "2026/12/07 05:02:5" + i + " [error] 812#812: *" + (4711 + i) + " upstream prematurely closed "
                            + "connection while reading response header from upstream, client: 127.0.0.1, server: _, "
                            + "request: \"GET / HTTP/1.1\", upstream: \"http://unix:/run/php/php8.2-fpm.sock:/\""));
        }
        // NginxErrorLogCheck's confidence grows with the number of lines (0.6 for one, up to 0.88)
        double confidence = Math.min(0.88, 0.6 + 0.07 * Math.log(lines + 1));
        Finding closed = Finding.cause(CauseCode.PROXY_UPSTREAM_CLOSED, Layer.PROXY, Severity.CRITICAL, confidence,
                        "the upstream closed the connection before answering " + lines + " times")
                .evidence(log)
                .remediation("The upstream process died or hung up mid-request: read the PHP-FPM log at the same "
                        + "times for 'exited on signal' or 'execution timed out'.")
                .httpStatus(502).build();
        for (List<CheckReport> reports : List.of(
                List.of(report("phpfpm.wiring", Layer.PHP_FPM, config), report("nginx.error-log", Layer.PROXY, closed)),
                List.of(report("nginx.error-log", Layer.PROXY, closed), report("phpfpm.wiring", Layer.PHP_FPM, config)))) {
            Diagnosis d = diagnose(reports);
            assertEquals(List.of(CauseCode.PROXY_PROTOCOL_MISMATCH, CauseCode.PROXY_UPSTREAM_CLOSED), codes(d));
            RankedCause top = d.causes().get(0);
            assertEquals(List.of(CauseCode.PROXY_UPSTREAM_CLOSED), top.explains());
            assertEquals(Severity.CRITICAL, top.severity(), "borne out by the closes it explains");
            assertEquals(Verdict.FAILING, d.verdict());
            assertFalse(d.headline().contains("not seen happening"), d.headline());
            assertEquals(HopState.FAILING, hop(d, Layer.PROXY).state());
        }
    }

    /** Full pool: phpfpm.log, nginx.error-log and phpfpm.status each report it, with their own words for the fix. */
    @Test
    void aFullPoolsAdviceIsSaidOnceAndAsksOnlyForWhatWasNotSeen() {
        Evidence reached = new Evidence.LogLine("/var/log/php8.2-fpm.log", 812, T0,
                "[07-Dec-2026 05:02:53] WARNING: [pool www] server reached pm.max_children setting (5), consider "
                        + "raising it");
        Evidence eagain = new Evidence.LogLine("/var/log/nginx/error.log", 77, T0.plusSeconds(1),
                "2026/12/07 05:02:54 [error] 812#812: *9 connect() to unix:/run/php/php8.2-fpm.sock failed (11: "
                        + "Resource temporarily unavailable) while connecting to upstream, client: 127.0.0.1");
        // FpmAdvice.poolExhausted("www", "5", null) and the confirmations of PhpFpmLogCheck
        Finding fromFpmLog = Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.9,
                        "PHP-FPM pool www reached pm.max_children (5) 12 times")
                .evidence(reached)
                .remediation("Find what holds the workers: set request_slowlog_timeout = 5s and slowlog = "
                                + "/var/log/php-fpm/www-slow.log in the pool and read the stack traces it writes.",
                        "Size the pool to the memory: pm.max_children (now 5) = memory available for PHP / average "
                                + "worker size (ps -C php-fpm8.x -o rss= | awk '{s+=$1} END {print s/NR/1024 \" MB\"}'); "
                                + "raise it only as far as that allows, then restart PHP-FPM.",
                        "Serve anonymous visitors from a full-page cache so fewer requests need a PHP worker at peak.")
                .confirmWith("pm.status_path shows 'max children reached' growing and 'listen queue' above 0 at peak",
                        "nginx's error log shows connect() to the socket failing with (11: Resource temporarily "
                                + "unavailable) or upstream timeouts at the same times")
                .httpStatus(502).build();
        // NginxAdvice for phpfpm.pool_exhausted, and NginxAdvice.confirmWith
        Finding fromNginx = Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.85,
                        "PHP-FPM's listen queue on unix:/run/php/php8.2-fpm.sock was full 30 times")
                .evidence(eagain)
                .remediation("Find what keeps PHP-FPM's workers busy: set request_slowlog_timeout = 5s and slowlog in "
                                + "the pool and read the stack traces; slow plugins and external API calls are the usual "
                                + "culprits.",
                        "Raise pm.max_children only if memory allows: (RAM left for PHP) / (average php-fpm worker RSS).",
                        "Serve anonymous visitors from a full-page cache so fewer requests need a PHP worker at peak.",
                        "A larger listen.backlog in the pool (and net.core.somaxconn) only lengthens the queue: it helps "
                                + "with short bursts, not with workers held for minutes.")
                .confirmWith("the PHP-FPM log shows 'server reached pm.max_children setting' at the same time",
                        "pm.status_path shows 'listen queue' above 0 and 'active processes' equal to pm.max_children")
                .httpStatus(502).build();
        Diagnosis d = diagnose(List.of(report("phpfpm.log", Layer.PHP_FPM, fromFpmLog),
                report("nginx.error-log", Layer.PROXY, fromNginx)));
        RankedCause pool = d.causes().get(0);
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, pool.code());
        assertEquals(List.of(
                "Find what keeps PHP-FPM's workers busy: set request_slowlog_timeout = 5s and slowlog in the pool and "
                        + "read the stack traces; slow plugins and external API calls are the usual culprits.",
                fromFpmLog.remediation().get(1),
                fromFpmLog.remediation().get(2),
                fromNginx.remediation().get(3)), pool.remediation());
        assertEquals(1, pool.remediation().stream().filter(s -> s.contains("request_slowlog_timeout")).count());
        assertEquals(1, pool.remediation().stream().filter(s -> s.contains("pm.max_children")).count());
        // the max_children line and the EAGAIN line are quoted in the evidence: not asked for again
        assertTrue(pool.confirmWith().stream().noneMatch(c -> c.contains("server reached pm.max_children")),
                pool.confirmWith().toString());
        assertTrue(pool.confirmWith().stream().noneMatch(c -> c.contains("Resource temporarily unavailable")),
                pool.confirmWith().toString());
        // the status page was not read: asked for once, naming how to read it
        assertEquals(1, pool.confirmWith().size(), pool.confirmWith().toString());
        assertTrue(pool.confirmWith().get(0).contains("--fpm-config"), pool.confirmWith().get(0));
    }
}
