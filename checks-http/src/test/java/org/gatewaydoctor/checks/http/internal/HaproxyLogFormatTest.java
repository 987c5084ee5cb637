package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.gatewaydoctor.checks.http.internal.HaproxyLogFormat.Compiled;
import org.gatewaydoctor.checks.http.internal.HaproxyLogFormat.Custom;
import org.gatewaydoctor.checks.http.internal.HaproxyLogFormat.Fields;
import org.junit.jupiter.api.Test;

/**
 * {@link HaproxyLogFormat} on the lines HAProxy 2.6.12 wrote with two custom layouts
 * ({@code fixtures/haproxy/logformat/}, see their headers), and on the layouts HAProxy's source defines
 * ({@code src/log.c}: {@code default_tcp_log_format}, {@code clf_http_log_format}).
 */
class HaproxyLogFormatTest {

    static final String CFG = "/fixtures/haproxy/logformat/haproxy.cfg";

    static String resource(String name) throws IOException {
        try (InputStream in = HaproxyLogFormatTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<String> lines(String name) throws IOException {
        return resource(name).lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void readsEachFrontendsLogFormatWithTheDefaultsInherited() throws IOException {
        List<Custom> custom = HaproxyLogFormat.of("haproxy.cfg", resource(CFG));
        assertEquals(List.of("fe_custom", "fe_defaults"), custom.stream().map(Custom::proxy).toList());
        assertEquals("%ci [%t] %f %b/%s status=%ST state=%tsc time=%Ta bytes=%B %{+Q}r", custom.get(0).format());
        assertEquals("%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r %ID",
                custom.get(1).format(), "the defaults section's format");
        assertEquals(11, custom.get(1).line());
    }

    @Test
    void readsEveryRealLineOfBothLayoutsWithStateStatusAndServer() throws IOException {
        List<Custom> custom = HaproxyLogFormat.of("haproxy.cfg", resource(CFG));
        Compiled fe = HaproxyLogFormat.compile(custom.get(0).format());
        Compiled defaults = HaproxyLogFormat.compile(custom.get(1).format());
        assertTrue(fe.hasState() && fe.hasStatus());
        List<String> got = lines("/fixtures/haproxy/logformat/haproxy-custom.log").stream().map(l -> {
            Fields f = fe.match(l).or(() -> defaults.match(l)).orElseThrow(() -> new AssertionError("unread: " + l));
            return f.state() + " " + f.status() + " " + f.backend() + "/" + f.server() + " " + f.frontend();
        }).toList();
        assertEquals(List.of("SC 503 be_refused/app1 fe_custom", "SH 502 be_closed/app2 fe_custom",
                "sH 504 be_slow/app3 fe_custom", "-- 503 be_relay/app4 fe_custom", "SC 503 be_none/<NOSRV> fe_custom",
                "SH 502 be_closed/app2 fe_defaults", "SC 503 be_refused/app1 fe_defaults"), got);
    }

    @Test
    void readsLinesBehindHaproxysSyslogHeaderAndTheirAcceptDate() throws IOException {
        Compiled fe = HaproxyLogFormat.compile(HaproxyLogFormat.of("haproxy.cfg", resource(CFG)).get(0).format());
        List<String> lines = lines("/fixtures/haproxy/logformat/haproxy-custom-rfc3164.log");
        Fields f = fe.match(lines.get(0)).orElseThrow();
        assertEquals("SH", f.state());
        assertEquals(Instant.parse("2026-12-07T11:54:07Z"), f.at(ZoneOffset.UTC));
        assertEquals("<NOSRV>", fe.match(lines.get(1)).orElseThrow().server());
    }

    @Test
    void aLineOfAnotherLayoutIsNotRead() throws IOException {
        Compiled fe = HaproxyLogFormat.compile(HaproxyLogFormat.of("haproxy.cfg", resource(CFG)).get(0).format());
        assertFalse(fe.match("127.0.0.1:56858 [07/Dec/2026:11:53:49.107] fe_defaults be_closed/app2 0/0/0/-1/0 502 209"
                + " SH-- 1/1/0/0/0 0/0 \"GET /closed/a HTTP/1.1\" -").isPresent());
        assertFalse(fe.match("2024/05/02 10:11:12 [error] 29#29: *7 connect() failed (111: Connection refused)")
                .isPresent());
    }

    @Test
    void readsHaproxysOwnClfAndTcplogLayoutsAsTheirOptionsName() throws IOException {
        List<Custom> custom = HaproxyLogFormat.of("layouts.cfg", resource("/fixtures/haproxy/logformat/layouts.cfg"));
        assertEquals(List.of(HaproxyLogFormat.HTTPLOG_CLF, HaproxyLogFormat.TCPLOG),
                custom.stream().map(Custom::format).toList());
        List<String> lines = lines("/fixtures/haproxy/logformat/haproxy-layouts.log");
        Fields clf = HaproxyLogFormat.compile(HaproxyLogFormat.HTTPLOG_CLF).match(lines.get(0)).orElseThrow();
        assertEquals(List.of("SH", "502", "be_closed", "app2"), List.of(clf.state(), clf.status(), clf.backend(),
                clf.server()));
        Fields tcp = HaproxyLogFormat.compile(HaproxyLogFormat.TCPLOG).match(lines.get(1)).orElseThrow();
        assertEquals(List.of("SC", "li_tcp", "app1"), List.of(tcp.state(), tcp.backend(), tcp.server()));
        // and behind a syslog header: the example of HAProxy's configuration manual, section 8.2.2
        assertEquals("--", HaproxyLogFormat.compile(HaproxyLogFormat.TCPLOG).match("Feb  6 12:12:56 localhost "
                + "haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0")
                .orElseThrow().state());
    }

    @Test
    void theDefaultHttplogAndSectionsWithoutLoggingAreLeftToTheCatalogue() {
        String cfg = "defaults\n    mode http\n    option httplog\nfrontend a\n    bind :80\nfrontend b\n"
                + "    option tcplog\nlisten c\n    log-format \"%ci %b/%s %ST\"\nbackend d\n    log-format ignored\n"
                + "defaults\n    log-format \"%ci %tsc\"\nfrontend e\n    option httpslog\nfrontend f\n";
        List<Custom> custom = HaproxyLogFormat.of("x.cfg", cfg);
        assertEquals(List.of("b", "c", "f"), custom.stream().map(Custom::proxy).toList());
        assertFalse(HaproxyLogFormat.compile(custom.get(1).format()).hasState(), "no %ts: said, not guessed");
    }

    @Test
    void hostileFormatsCompileAndNeverThrow() {
        for (String f : List.of("", "%", "%{", "%{+Q", "%[", "%[src", "%%%%", "%{+Q}o%{-Q}o%o", "((((", "\\E\\Q",
                "%ZZ %ts %tsc %ST %ST %b %b", "%" + "x".repeat(5000))) {
            Compiled c = HaproxyLogFormat.compile(f);
            c.match("127.0.0.1 SH-- 502 be/app");
        }
        assertEquals(List.of(), HaproxyLogFormat.of("x.cfg", "frontend a\n  log-format \"unclosed\n"));
    }
}
