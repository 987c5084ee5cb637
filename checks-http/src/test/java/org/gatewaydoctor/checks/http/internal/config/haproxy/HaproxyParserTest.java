package org.gatewaydoctor.checks.http.internal.config.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.checks.http.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.http.internal.config.Endpoint;
import org.junit.jupiter.api.Test;

class HaproxyParserTest {

    private static List<String> problems(HaproxyConfig c) {
        return c.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void readsTimersInHaproxyUnitsWithMillisecondsByDefault() {
        assertEquals(Optional.of(Duration.ofMillis(10)), HaproxyParser.parseTime("10").map(HaproxyParser.Timer::value));
        assertEquals(Duration.ofSeconds(5), HaproxyParser.parseTime("5s").orElseThrow().value());
        assertEquals(Duration.ofMinutes(2), HaproxyParser.parseTime("2m").orElseThrow().value());
        assertEquals(Duration.ofHours(1), HaproxyParser.parseTime("1h").orElseThrow().value());
        assertEquals(Duration.ofDays(1), HaproxyParser.parseTime("1d").orElseThrow().value());
        assertEquals(Duration.ofNanos(500_000), HaproxyParser.parseTime("500us").orElseThrow().value());
        assertEquals(Optional.empty(), HaproxyParser.parseTime("5x"));
    }

    @Test
    void proxiesInheritTheDefaultsSectionBeforeThemAndANewOneResets() {
        HaproxyConfig c = HaproxyParser.parse("h.cfg", "defaults\n    mode http\n    timeout server 1m\n"
                + "backend a\n    server s1 127.0.0.1:8080\ndefaults\n    timeout connect 3s\n"
                + "backend b\n    server s1 127.0.0.1:8081\n");
        HaproxyConfig.Proxy a = c.backend("a").orElseThrow();
        HaproxyConfig.Proxy b = c.backend("b").orElseThrow();
        assertEquals("http", a.mode().value());
        assertEquals(Duration.ofMinutes(1), a.timeout("server").orElseThrow().value());
        assertEquals("h.cfg:3", a.timeout("server").orElseThrow().where());
        assertEquals("tcp", b.mode().value());
        assertTrue(b.timeout("server").isEmpty());
        assertEquals(Duration.ofSeconds(3), b.timeout("connect").orElseThrow().value());
    }

    @Test
    void readsServersWithDefaultServerParametersAndAddressForms() {
        HaproxyConfig c = HaproxyParser.parse("h.cfg", "global\n    ssl-server-verify none\n    tune.bufsize 32768\n"
                + "backend app\n    default-server check\n    server a 10.0.0.5:443 ssl verify required ca-file "
                + "/etc/ssl/ca.pem sni str(app.example)\n    server b unix@/run/app.sock\n    server c [::1]:8080 backup\n"
                + "    server d app.internal\n");
        List<HaproxyConfig.Server> s = c.backend("app").orElseThrow().servers();
        assertEquals(new Endpoint.HostPort("10.0.0.5", 443, false), s.get(0).address().orElseThrow());
        assertTrue(s.get(0).verifies());
        assertEquals("/etc/ssl/ca.pem", s.get(0).caFile());
        assertEquals("app.example", s.get(0).verifyHost());
        assertTrue(s.get(0).check());
        assertEquals(new Endpoint.UnixSocket("/run/app.sock"), s.get(1).address().orElseThrow());
        assertEquals(new Endpoint.HostPort("::1", 8080, false), s.get(2).address().orElseThrow());
        assertTrue(s.get(2).backup());
        assertEquals(new Endpoint.HostPort("app.internal", 0, true), s.get(3).address().orElseThrow());
        assertEquals(32768L, c.global().bufsize().value());
        assertEquals(HaproxyConfig.DEFAULT_MAXREWRITE, c.global().maxrewrite().value());
        assertFalse(c.hasErrors(), problems(c).toString());
    }

    @Test
    void reportsWhatHaproxyCheckRejectsInItsWords() {
        HaproxyConfig c = HaproxyParser.parse("b.cfg", "defaults\n    mode http\n    timeout connect 5x\n"
                + "backend app\n    server a1 127.0.0.1:9001 ssl\n    server a2\n"
                + "frontend f\n    bind 127.0.0.1:18081\n    use_backend missing if TRUE\n");
        List<String> p = problems(c);
        assertTrue(p.contains("b.cfg:3: unexpected character 'x' in 'timeout connect'"), p.toString());
        assertTrue(p.contains("b.cfg:5: 'server a1' : verify is enabled by default but no CA file specified."),
                p.toString());
        assertTrue(p.contains("b.cfg:6: 'server' expects <name> and <addr>[:<port>] as arguments."), p.toString());
        assertTrue(p.contains("b.cfg: Proxy 'f': unable to find required use_backend: 'missing'."), p.toString());
        assertTrue(p.contains("b.cfg: missing timeouts for backend 'app'."), p.toString());
    }

    @Test
    void keepsQuotedAndEscapedWordsAndDropsComments() {
        HaproxyConfig c = HaproxyParser.parse("q.cfg", "frontend \"web front\" # the public one\n"
                + "    bind 127.0.0.1:80\n    default_backend my\\ app\nbackend 'my app'\n    server s 127.0.0.1:1\n");
        assertEquals("web front", c.proxies().get(0).name());
        assertEquals("my app", c.proxies().get(0).defaultBackend().orElseThrow().value());
        assertTrue(c.backend("my app").isPresent());
    }

    @Test
    void splitsALineAsHaproxyDoesAndSaysWhichQuoteWasLeftOpen() {
        HaproxyParser.Split s = HaproxyParser.split("  log-format \"%ci:%cp [%tr] %ft %b/%s %ST \\\"%HM\\\"\" # layout");
        assertEquals(List.of("log-format", "%ci:%cp [%tr] %ft %b/%s %ST \"%HM\""), s.words());
        assertEquals(0, s.unmatchedQuote());
        assertEquals(List.of("server", "a b", "x#y"), HaproxyParser.split("server 'a b' x\\#y").words());
        HaproxyParser.Split open = HaproxyParser.split("errorfile 503 '/etc/haproxy/errors/503.http");
        assertEquals('\'', open.unmatchedQuote());
        assertEquals(List.of("errorfile", "503"), open.words());
    }

    @Test
    void aTimerOfTooManyDigitsIsHaproxysOverflowErrorNotACrash() {
        // found by HaproxyConfigFuzzTest (13:46 clean-clone run): all digits and too many of them
        HaproxyConfig c = HaproxyParser.parse("h.cfg", "defaults\n    mode http\n"
                + "    timeout connect 44444444444444444444444444444444444444440\n");
        assertTrue(problems(c).stream().anyMatch(p -> p.contains("timer overflow in argument "
                + "'44444444444444444444444444444444444444440' to 'timeout connect' (maximum value is 2147483647 ms or "
                + "~24.8 days)")), problems(c).toString());
    }
}
