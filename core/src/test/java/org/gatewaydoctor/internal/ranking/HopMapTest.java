package org.gatewaydoctor.internal.ranking;

import static org.gatewaydoctor.internal.ranking.Reports.T0;
import static org.gatewaydoctor.internal.ranking.Reports.diagnose;
import static org.gatewaydoctor.internal.ranking.Reports.hop;
import static org.gatewaydoctor.internal.ranking.Reports.passed;
import static org.gatewaydoctor.internal.ranking.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.HopState;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.Severity;
import org.junit.jupiter.api.Test;

/** The request path's marks: failing only on what happens, and who answered the visitors' error. */
class HopMapTest {

    private static final String URL = "http://127.0.0.1:8080/";

    private static Finding probe(int status) {
        return Finding.symptom(Layer.PROXY, Severity.CRITICAL, "the site answers " + status)
                .evidence(new Evidence.Probe(URL, "http", status, Duration.ofMillis(4), status + " from the server",
                        T0)).httpStatus(status).build();
    }

    private static Finding fpmDown() {
        return Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.9,
                        "nothing listens on unix:/run/php/php8.2-fpm.sock")
                .evidence(new Evidence.Probe("unix:/run/php/php8.2-fpm.sock", "fastcgi", null, Duration.ZERO,
                        "no such socket", T0)).build();
    }

    @Test
    void withoutAnErrorPageTheGatewayInFrontOfTheFailingHopAnsweredTheProbedStatus() {
        Diagnosis d = diagnose(URL, List.of(report("http.probe", Layer.PROXY, probe(502)),
                report("phpfpm.socket", Layer.PHP_FPM, fpmDown()), passed("dns.names", Layer.DNS)));
        assertEquals(Layer.PHP_FPM, d.failingLayer());
        PathHop proxy = hop(d, Layer.PROXY);
        assertTrue(proxy.wroteVisitorError());
        assertTrue(proxy.reason().startsWith("answered the visitors' 502 (seen in the probe of " + URL + "); "),
                proxy.reason());
        assertEquals(HopState.OK, proxy.state(), "nginx only relays PHP-FPM's failure");
        PathHop fpm = hop(d, Layer.PHP_FPM);
        assertEquals(HopState.FAILING, fpm.state());
        assertFalse(fpm.wroteVisitorError());
        assertEquals("phpfpm.down (observed): nothing listens on unix:/run/php/php8.2-fpm.sock [fastcgi "
                + "unix:/run/php/php8.2-fpm.sock -> no such socket in 0 ms]", fpm.reason());
        assertEquals(HopState.OK, hop(d, Layer.DNS).state());
        assertEquals(HopState.NOT_EXAMINED, hop(d, Layer.EDGE).state());
        assertEquals(1, d.hops().stream().filter(PathHop::wroteVisitorError).count());
    }

    @Test
    void aFiveHundredFromADatabaseOutageIsTheApplicationsOwnAnswer() {
        Finding db = Finding.cause(CauseCode.DATABASE_DOWN, Layer.DATABASE, Severity.CRITICAL, 0.9,
                        "MariaDB refuses connections")
                .evidence(new Evidence.LogLine("/var/log/php_errors.log", 4, T0,
                        "PHP Warning:  mysqli_real_connect(): (HY000/2002): Connection refused")).build();
        Diagnosis d = diagnose(URL, List.of(report("http.probe", Layer.PROXY, probe(500)),
                report("wordpress.php-log", Layer.APPLICATION, db)));
        assertTrue(hop(d, Layer.APPLICATION).wroteVisitorError(), d.hops().toString());
        assertEquals(HopState.FAILING, hop(d, Layer.DATABASE).state());
        PathHop proxy = hop(d, Layer.PROXY);
        assertEquals(HopState.OK, proxy.state(), "it relays the database's failure");
        assertTrue(proxy.reason().startsWith("relays the failure of database behind it; observed: the site answers "
                + "500"), proxy.reason());
    }

    @Test
    void aFailureExplainedOnlyByARiskIsPlacedWhereItWasSeen() {
        Finding ladder = Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.LOAD_BALANCER, Severity.CRITICAL, 0.7,
                        "the load balancer waits 30s, less than nginx's 60s").risk()
                .evidence(new Evidence.ConfigLine("/etc/haproxy/haproxy.cfg", 31, "timeout server", "30s")).build();
        Diagnosis d = diagnose(URL, List.of(report("http.probe", Layer.PROXY, probe(502)),
                report("phpfpm.wiring", Layer.PHP_FPM, ladder)));
        assertEquals(org.gatewaydoctor.model.Verdict.FAILING, d.verdict());
        assertEquals(Layer.PROXY, d.failingLayer(), "not the load balancer, where only a risk lives");
        assertEquals(HopState.SUSPECT, hop(d, Layer.LOAD_BALANCER).state());
        assertEquals(HopState.FAILING, hop(d, Layer.PROXY).state());
    }

    @Test
    void withoutAStatusNoHopIsSaidToHaveWrittenTheError() {
        Diagnosis d = diagnose(List.of(report("phpfpm.socket", Layer.PHP_FPM, fpmDown())));
        assertTrue(d.hops().stream().noneMatch(PathHop::wroteVisitorError));
    }

    @Test
    void aRiskSymptomMakesItsHopSuspectNeverFailing() {
        Finding risk = Finding.symptom(Layer.PHP_FPM, Severity.CRITICAL, "risk: pool www runs at most 1 worker")
                .risk().evidence(new Evidence.ConfigLine("/etc/php/8.2/fpm/pool.d/www.conf", 12, "pm.max_children",
                        "1")).build();
        Diagnosis d = diagnose(List.of(report("phpfpm.config", Layer.PHP_FPM, risk)));
        PathHop fpm = hop(d, Layer.PHP_FPM);
        assertEquals(HopState.SUSPECT, fpm.state());
        assertTrue(fpm.reason().startsWith("configuration risk: risk: pool www runs at most 1 worker [/etc/php/8.2/"
                + "fpm/pool.d/www.conf:12: pm.max_children 1]"), fpm.reason());
        assertEquals(org.gatewaydoctor.model.Verdict.DEGRADED, d.verdict());
    }

    /** The pool-exhaustion cause with one long nginx line read from {@code dir}. */
    private static PathHop fpmHopWithLogIn(String dir) {
        String line = "2026/11/17 09:12:33 [error] 1022#1022: *41631 connect() to unix:/run/php/php8.2-fpm.sock failed "
                + "(11: Resource temporarily unavailable) while connecting to upstream, client: 192.0.2.179, server: "
                + "example.org, request: \"GET / HTTP/2.0\"";
        Finding full = Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.9,
                        "pool www reached pm.max_children")
                .evidence(new Evidence.LogLine(dir + "/nginx/error.log", 28, T0, line)).build();
        return hop(diagnose(List.of(report("phpfpm.log", Layer.PHP_FPM, full))), Layer.PHP_FPM);
    }

    @Test
    void howMuchOfAnEvidenceLineTheReasonShowsDoesNotDependOnWhereItsFileLies() {
        // diagnose --example and standard input read temporary copies whose random names differ in length; the
        // output names them relative to the copy, so the cut must not move with the directory's name
        String shortDir = fpmHopWithLogIn("/tmp/gd-1").reason();
        String longDir = fpmHopWithLogIn("/tmp/a-much-longer-temporary-directory/gateway-doctor-example-"
                + "8471923048123412345").reason();
        String place = "/nginx/error.log:28: ";
        assertEquals(shortDir.substring(shortDir.indexOf(place)), longDir.substring(longDir.indexOf(place)));
        assertTrue(shortDir.endsWith("...]"), shortDir);
        assertTrue(longDir.contains("gateway-doctor-example-8471923048123412345/nginx/error.log:28: "), longDir);
    }
}
