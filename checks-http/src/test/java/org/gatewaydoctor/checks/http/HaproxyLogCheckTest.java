package org.gatewaydoctor.checks.http;

import static org.gatewaydoctor.checks.http.ApacheErrorLogCheckTest.lines;
import static org.gatewaydoctor.checks.http.ApacheErrorLogCheckTest.measurement;
import static org.gatewaydoctor.testkit.CheckResults.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.ServiceLoader;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of {@link HaproxyLogCheck}. Every line is one HAProxy 2.6.12 wrote for real (this module's
 * fixtures {@code fixtures/haproxy/haproxy.log} and {@code relayed.log}, see their headers).
 */
class HaproxyLogCheckTest {

    static final String DOWN = "2026-11-21T20:45:12.000376+00:00 vm haproxy[13898]: Server be_down/app1 is DOWN, reason: "
            + "Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 0 active and 0 backup servers "
            + "left. 0 sessions active, 0 requeued, 0 remaining in queue.";
    static final String NO_SERVER_ALERT = "2026-11-21T20:45:12.000391+00:00 vm haproxy[13898]: backend be_down has no "
            + "server available!";
    static final String NOSRV = "2026-11-21T20:45:16.596334+00:00 vm haproxy[13898]: 127.0.0.1:56934 "
            + "[21/Nov/2026:20:45:16.596] fe_wp be_down/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 \"GET /down HTTP/1.1\"";
    static final String REFUSED = "2026-11-21T20:45:14.415920+00:00 vm haproxy[13898]: 127.0.0.1:50692 "
            + "[21/Nov/2026:20:45:13.414] fe_wp be_refused/app1 0/0/-1/-1/1001 503 217 - - SC-- 1/1/0/0/1 0/0 "
            + "\"GET /refused HTTP/1.1\"";
    static final String CLOSED = "2026-11-21T20:45:16.543907+00:00 vm haproxy[13898]: 127.0.0.1:56888 "
            + "[21/Nov/2026:20:45:16.542] fe_wp be_close/app1 0/0/0/-1/0 502 209 - - SH-- 1/1/0/0/0 0/0 \"GET /close HTTP/1.1\"";
    static final String TIMEOUT = "2026-11-21T20:45:16.530382+00:00 vm haproxy[13898]: 127.0.0.1:56874 "
            + "[21/Nov/2026:20:45:14.529] fe_wp be_silent/app1 0/0/0/-1/2001 504 198 - - sH-- 1/1/0/0/0 0/0 "
            + "\"GET /silent HTTP/1.1\"";
    static final String BLOCKED = "2026-11-21T20:45:16.583875+00:00 vm haproxy[13898]: 127.0.0.1:56928 "
            + "[21/Nov/2026:20:45:16.580] fe_wp be_bigheader/app1 0/0/0/-1/3 502 209 - - PH-- 1/1/0/0/0 0/0 "
            + "\"GET /bigheader HTTP/1.1\"";
    static final String RELAYED = "<134>Nov 21 22:30:13 haproxy[25534]: 127.0.0.1:54976 [21/Nov/2026:22:30:13.975] fe "
            + "app/app1 0/0/0/0/0 502 125 - - ---- 1/1/0/0/0 0/0 \"GET /bad HTTP/1.1\"";

    @TempDir
    Path dir;

    @Test
    void namesNoHealthyUpstreamForNosrvWithTheHealthCheckAlertsAsSupport() throws Exception {
        CheckResult r = run(DOWN, NO_SERVER_ALERT, NOSRV);
        assertEquals(1, r.findingList().size(), r.findingList().toString());
        Finding f = find(r, CauseCode.PROXY_NO_HEALTHY_UPSTREAM);
        assertEquals(503, f.httpStatus());
        assertEquals(List.of(NOSRV, DOWN, NO_SERVER_ALERT), lines(f));
        assertEquals(1.0, measurement(f).value(), "alerts are not counted as requests");
        assertEquals("HAProxy had no usable server in backend be_down and answered 503 once: every server was marked "
                + "DOWN by its health checks", f.summary());
    }

    @Test
    void namesUpstreamRefusedWhenARealServerRefuses() throws Exception {
        Finding f = find(run(REFUSED), CauseCode.PROXY_UPSTREAM_REFUSED);
        assertEquals(List.of(REFUSED), lines(f));
        assertEquals(503, f.httpStatus());
    }

    @Test
    void namesUpstreamClosedForShAndUpstreamTimeoutForLowerCaseSh() throws Exception {
        CheckResult r = run(CLOSED, TIMEOUT);
        assertEquals(502, find(r, CauseCode.PROXY_UPSTREAM_CLOSED).httpStatus());
        Finding timeout = find(r, CauseCode.PROXY_UPSTREAM_TIMEOUT);
        assertEquals(504, timeout.httpStatus());
        assertEquals("HAProxy gave up waiting for the servers of backend be_silent once: sH: timeout server struck "
                + "before the server sent its response headers", timeout.summary());
    }

    @Test
    void ranksHeaderTooBigAboveInvalidHeaderForABlockedResponse() throws Exception {
        CheckResult r = run(BLOCKED);
        assertEquals(List.of(CauseCode.PROXY_HEADER_TOO_BIG, CauseCode.PROXY_INVALID_HEADER),
                r.findingList().stream().map(Finding::cause).toList());
        assertTrue(find(r, CauseCode.PROXY_HEADER_TOO_BIG).confidence()
                > find(r, CauseCode.PROXY_INVALID_HEADER).confidence());
        assertEquals(List.of(BLOCKED), lines(find(r, CauseCode.PROXY_HEADER_TOO_BIG)));
    }

    @Test
    void reportsARelayed5xxAsASymptomWithoutACause() throws Exception {
        CheckResult r = run(RELAYED);
        assertEquals(1, r.findingList().size(), r.findingList().toString());
        Finding f = r.findingList().get(0);
        assertNull(f.cause());
        assertEquals(List.of(RELAYED), lines(f));
        assertEquals("HAProxy relayed 502 once that the servers of backend app answered themselves (state ----): "
                + "HAProxy and its connections work; the cause is behind the server", f.summary());
    }

    @Test
    void readsTheStatesOfACustomLogFormatThroughTheConfiguration() throws Exception {
        // real lines of two custom layouts (fixtures/haproxy/logformat): the catalogue alone reads none of them
        Path log = fixture("haproxy-custom.log");
        Path cfg = fixture("haproxy.cfg");
        CheckResult alone = new HaproxyLogCheck().run(TestCheckContext.builder().logs(log).zone(ZoneOffset.UTC).build());
        assertTrue(alone.findingList().isEmpty(), alone.toString());
        CheckResult r = new HaproxyLogCheck().run(TestCheckContext.builder().logs(log).config(Target.CONFIG_HAPROXY, cfg)
                .zone(ZoneOffset.UTC).build());
        Finding refused = find(r, CauseCode.PROXY_UPSTREAM_REFUSED);
        assertEquals(2.0, measurement(refused).value(), "fe_custom's and fe_defaults' SC lines");
        assertEquals(503, refused.httpStatus());
        Finding closed = find(r, CauseCode.PROXY_UPSTREAM_CLOSED);
        assertEquals(List.of("127.0.0.1 [07/Dec/2026:11:53:46.232] fe_custom be_closed/app2 status=502 state=SH-- "
                + "time=1003 bytes=209 \"GET /closed?x=1 HTTP/1.1\"", "127.0.0.1:56858 [07/Dec/2026:11:53:49.107] "
                + "fe_defaults be_closed/app2 0/0/0/-1/0 502 209 SH-- 1/1/0/0/0 0/0 \"GET /closed/a HTTP/1.1\" -"),
                lines(closed));
        assertEquals(504, find(r, CauseCode.PROXY_UPSTREAM_TIMEOUT).httpStatus());
        assertEquals(1.0, measurement(find(r, CauseCode.PROXY_NO_HEALTHY_UPSTREAM)).value(), "<NOSRV>");
        assertTrue(r.findingList().stream().anyMatch(f -> f.cause() == null && f.summary().startsWith("HAProxy relayed "
                + "503 once that the servers of backend be_relay answered themselves")), r.toString());
    }

    @Test
    void withoutTheConfigurationSaysTheStatesOfAnotherLayoutWereNotRead() throws Exception {
        Path log = fixture("haproxy-custom-rfc3164.log");
        CheckResult r = new HaproxyLogCheck().run(TestCheckContext.builder().logs(log).zone(ZoneOffset.UTC).build());
        assertTrue(r instanceof CheckResult.Passed, r.toString());
        assertTrue(r.toString().contains("none of the 2 HAProxy request lines looked at is of the default option httplog"
                + " layout, so their termination states were not read"), r.toString());
        // the default layout gives no such note
        CheckResult plain = run(CLOSED.replace("SH--", "----").replace(" 502 ", " 200 "));
        assertTrue(plain instanceof CheckResult.Passed && !plain.toString().contains("not read"), plain.toString());
    }

    @Test
    void aLogFormatWithoutTheTerminationStateIsNamedAsUnreadable() throws Exception {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), "frontend fe\n    bind 127.0.0.1:80\n"
                + "    log-format \"%ci [%t] %b/%s %ST\"\n    default_backend be\nbackend be\n    server a 127.0.0.1:81\n");
        Path log = Files.writeString(dir.resolve("h.log"), "127.0.0.1 [07/Dec/2026:11:53:46.232] be/a 502\n");
        CheckResult r = new HaproxyLogCheck().run(TestCheckContext.builder().logs(log).config(Target.CONFIG_HAPROXY, cfg)
                .zone(ZoneOffset.UTC).build());
        assertTrue(r.toString().contains("the log-format of fe (" + cfg + ":3) does not log the termination state"),
                r.toString());
    }

    private Path fixture(String name) throws IOException {
        try (var in = HaproxyLogCheckTest.class.getResourceAsStream("/fixtures/haproxy/logformat/" + name)) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            // the provenance header is ours, not the log's
            return Files.writeString(dir.resolve(name), text.lines().filter(l -> !l.startsWith("#")).map(l -> l + "\n")
                    .reduce("", String::concat));
        }
    }

    @Test
    void isRegisteredForServiceLoader() {
        assertTrue(ServiceLoader.load(Check.class).stream().anyMatch(p -> p.type().equals(HaproxyLogCheck.class)));
        assertEquals("http.haproxy-log", new HaproxyLogCheck().id());
    }

    private CheckResult run(String... lines) throws Exception {
        Path p = dir.resolve("haproxy.log");
        Files.writeString(p, String.join("\n", lines) + "\n");
        return new HaproxyLogCheck().run(TestCheckContext.builder().logs(p).zone(ZoneOffset.UTC).build());
    }
}
