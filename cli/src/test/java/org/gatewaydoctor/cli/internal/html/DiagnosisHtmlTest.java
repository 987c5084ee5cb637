package org.gatewaydoctor.cli.internal.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.checks.http.AccessLogMinute;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.HopState;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.TimelineEntry;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;

class DiagnosisHtmlTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Instant T = Instant.parse("2026-11-17T08:12:00Z");
    private static final Provenance PROVENANCE = new Provenance("gateway-doctor diagnose --logs /var/log/nginx",
            "1.2.3", "17.0.13 (Debian)");
    /** A log line written by an attacker: markup, quotes, a terminal escape, NUL, C1 control, comment and CDATA ends. */
    static final String HOSTILE = "GET /<script>alert(\"pwned\")</script>?q='x' \u001b[31mred\u0007 \u0000 \u009b2J "
            + "</style></title><!-- ]]> --> &amp; <img src=x onerror=alert(1)>";

    private static Diagnosis diagnosis(List<Evidence> evidence, List<TimelineEntry> timeline, List<PathHop> hops) {
        RankedCause top = new RankedCause(1, CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, 0.93, Severity.CRITICAL,
                "pool www reached pm.max_children (5) 7 times", 502,
                "with a full pool new connections fail at once and nginx answers 502", evidence,
                List.of("Find what keeps the workers busy", "Raise pm.max_children if memory allows"),
                List.of("pm.status_path shows max children reached growing"), List.of("phpfpm.log"),
                List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT));
        RankedCause second = new RankedCause(2, CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.PROXY, 0.4, Severity.WARNING,
                "nginx gave up waiting " + HOSTILE, 504, "", List.of(), List.of(), List.of(), List.of("http.nginx-error-log"),
                List.of());
        List<CheckReport> checks = List.of(
                new CheckReport.Completed("phpfpm.log", Layer.PHP_FPM, Duration.ofMillis(42), CheckResult.passed()),
                new CheckReport.Errored("http.probe", Layer.PROXY, Duration.ofMillis(7), "java.io.IOException", HOSTILE),
                new CheckReport.TimedOut("dns.names", Layer.DNS, Duration.ofMillis(2001), Duration.ofSeconds(2)));
        return new Diagnosis(1, Target.builder().url(URI.create("https://example.org/")).zone(ZONE).build(), T,
                Duration.ofMillis(1234), Verdict.FAILING, Layer.PHP_FPM, "Failing at php-fpm: pool www is full", null, hops,
                List.of(top, second), checks, List.of(), List.of("a note with " + HOSTILE), timeline);
    }

    private static List<PathHop> hops() {
        List<PathHop> hops = new ArrayList<>();
        for (Layer l : Layer.values()) {
            HopState s = l == Layer.PHP_FPM || l == Layer.PROXY ? HopState.FAILING
                    : l == Layer.APPLICATION ? HopState.SUSPECT : l == Layer.DNS ? HopState.OK : HopState.NOT_EXAMINED;
            hops.add(new PathHop(l, s, l == Layer.PROXY, l == Layer.PHP_FPM ? "pool www is full " + HOSTILE : "", List.of(),
                    List.of()));
        }
        return hops;
    }

    private static String render(Diagnosis d) {
        return DiagnosisHtml.render(d, PROVENANCE);
    }

    private static int count(String page, String what) {
        int n = 0;
        for (int i = page.indexOf(what); i >= 0; i = page.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void hostileLogTextReachesThePageAsTextNeverAsMarkupOrControlCharacters() {
        Evidence line = new Evidence.LogLine("/var/log/nginx/<b>error</b>.log", 17, T, HOSTILE);
        String page = render(diagnosis(List.of(line), List.of(new TimelineEntry(T, Layer.PROXY, "http.nginx-error-log",
                CauseCode.PHPFPM_POOL_EXHAUSTED, line)), hops()));

        assertEquals(1, count(page, "<script"), "only the page's own script");
        assertEquals(0, count(page, "<img"));
        assertEquals(0, count(page, "<b>"));
        assertEquals(1, count(page, "</style>"), "only the end of the page's own style sheet");
        assertTrue(page.contains("GET /&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;?q=&#39;x&#39; \\x1b[31mred\\x07 "
                + "\\x00 \\u009b2J &lt;/style&gt;&lt;/title&gt;&lt;!-- ]]&gt; --&gt; &amp;amp; &lt;img src=x"), page);
        assertTrue(page.contains("/var/log/nginx/&lt;b&gt;error&lt;/b&gt;.log:17"), "the file and line");
        for (char c : page.toCharArray()) {
            assertFalse(c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f, "control character " + (int) c + " in the page");
        }
    }

    @Test
    void keepsTheLineBreaksOfAMultiLineMessage() {
        String trace = "PHP Fatal error:  Uncaught Error: Call to undefined function acme_init()\nStack trace:\n#0 {main}\r";
        String page = render(diagnosis(List.of(new Evidence.LogLine("/var/log/php.log", 9, T, trace)), List.of(), hops()));

        assertTrue(page.contains("acme_init()\nStack trace:\n#0 {main}\\x0d</code>"), page);
    }

    @Test
    void cutsAVeryLongLineAndSaysHowMuchIsLeftOut() {
        String longLine = "x".repeat(100_000) + "END-OF-LINE";
        String page = render(diagnosis(List.of(new Evidence.LogLine("/var/log/php.log", 1, T, longLine)), List.of(), hops()));

        assertTrue(page.contains("x".repeat(Html.MAX_TEXT) + "… [" + (longLine.length() - Html.MAX_TEXT)
                + " more characters]"), "cut, with the count of what was left out");
        assertFalse(page.contains("END-OF-LINE"));
        assertTrue(page.length() < 60_000, "the page stays small: " + page.length());
    }

    @Test
    void marksTheFailingHopAndTheHopThatWroteTheVisitorsError() {
        String page = render(diagnosis(List.of(), List.of(), hops()));

        assertTrue(page.contains("data-hop=\"PHP_FPM\" data-state=\"FAILING\" data-wrote=\"false\" data-failing-hop=\"true\""),
                page);
        assertTrue(page.contains("data-hop=\"PROXY\" data-state=\"FAILING\" data-wrote=\"true\" data-failing-hop=\"false\""));
        assertTrue(page.contains("data-hop=\"APPLICATION\" data-state=\"SUSPECT\""));
        assertTrue(page.contains("data-hop=\"HOST\" data-state=\"NOT_EXAMINED\""), "the host beside the path");
        assertEquals(1, count(page, ">wrote the error</text>"));
        assertEquals(1, count(page, "▲ failing hop"));
        assertTrue(page.contains("PHP-FPM: failing</span> <strong>(the failing hop)</strong>"), "said in words too");
        assertTrue(page.contains("Web server: failing</span> <strong>(wrote the error visitors get)</strong>"));
    }

    @Test
    void saysThereIsNoHopMapWhenTheDiagnosisHasNone() {
        String page = render(diagnosis(List.of(), List.of(), List.of()));

        assertTrue(page.contains("This diagnosis carries no hop map."));
        assertFalse(page.contains("data-hop="));
    }

    @Test
    void showsTheTopCauseWithEvidenceWhatVisitorsSeeTheFixInOrderAndWhatWouldConfirmIt() {
        Evidence config = new Evidence.ConfigLine("/etc/php/8.2/fpm/pool.d/www.conf", 113, "pm.max_children", "5");
        Evidence probe = new Evidence.Probe("http://127.0.0.1:8080/", "http", 502, Duration.ofMillis(12),
                "502 Bad Gateway from nginx", T);
        String page = render(diagnosis(List.of(config, probe, new Evidence.Measurement("listen queue", 129, "")),
                List.of(), hops()));

        assertTrue(page.contains("<code class=\"code-name\" id=\"top-cause\">phpfpm.pool_exhausted</code>"));
        assertTrue(page.contains("<strong>What visitors see:</strong> 502 Bad Gateway. with a full pool new connections "
                + "fail at once and nginx answers 502"), page);
        assertTrue(page.contains("<span class=\"loc\">/etc/php/8.2/fpm/pool.d/www.conf:113</span><code class=\"line\">"
                + "pm.max_children 5</code>"));
        assertTrue(page.contains("502 Bad Gateway from nginx (status 502) in 12 ms"));
        assertTrue(page.contains("listen queue = 129"));
        assertTrue(page.matches("(?s).*<ol class=\"fix\" id=\"fix\">\n<li>Find what keeps the workers busy</li>\n"
                + "<li>Raise pm.max_children if memory allows</li>.*"), "the fix, in order");
        assertTrue(page.contains("<li>pm.status_path shows max children reached growing</li>"));
        assertTrue(page.contains("<td class=\"num\">2</td><td><code>proxy.upstream_timeout</code>"), "the other cause");
        assertTrue(page.contains("(explained by phpfpm.pool_exhausted)"));
        assertTrue(page.contains("<td class=\"st-bad\">timed out</td><td class=\"num\">2001 ms</td>"), "checks with durations");
        assertTrue(page.contains("gateway-doctor diagnose --logs /var/log/nginx</code>"), "the command");
        assertTrue(page.contains("gateway-doctor 1.2.3 · Java 17.0.13 (Debian)"), "the versions");
    }

    @Test
    void chartsOneBarPerAccessLogMinuteAndStatusOneDotPerOtherEventAndChangesAsMarkers() {
        List<TimelineEntry> timeline = new ArrayList<>();
        Evidence ready = new Evidence.LogLine("/var/log/php8.2-fpm.log", 3, T.minusSeconds(300),
                "[17-Nov-2026 09:07:00] NOTICE: ready to handle connections");
        timeline.add(new TimelineEntry(T.minusSeconds(300), Layer.PHP_FPM, "phpfpm.log", null, ready));
        for (int i = 0; i < 3; i++) {
            Instant minute = T.plusSeconds(60L * i);
            timeline.add(new TimelineEntry(minute, Layer.PHP_FPM, "http.nginx-error-log", CauseCode.PHPFPM_POOL_EXHAUSTED,
                    new AccessLogMinute(minute, 502, 2 + i).toEvidence(ZONE)));
        }
        timeline.add(new TimelineEntry(T.plusSeconds(60), Layer.PROXY, "http.nginx-error-log",
                CauseCode.PROXY_UPSTREAM_TIMEOUT, new AccessLogMinute(T.plusSeconds(60), 504, 1).toEvidence(ZONE)));
        Evidence eagain = new Evidence.LogLine("/var/log/nginx/error.log", 28, T.plusSeconds(33), HOSTILE);
        timeline.add(new TimelineEntry(T.plusSeconds(33), Layer.PHP_FPM, "http.nginx-error-log",
                CauseCode.PHPFPM_POOL_EXHAUSTED, eagain));
        timeline.add(new TimelineEntry(T.plusSeconds(90), Layer.APPLICATION, "wordpress.files", null,
                new Evidence.Observation("plugin acme-cache changed at 2026-11-17 09:13:30 (acme-cache.php)",
                        T.plusSeconds(90))));
        String page = render(diagnosis(List.of(eagain), timeline, hops()));

        assertEquals(4, count(page, "data-point=\"bar\""), "three minutes of 502, one of 504");
        assertEquals(1, count(page, "data-point=\"event\""), "the nginx line");
        assertEquals(2, count(page, "data-point=\"change\""), "PHP-FPM started, a plugin changed");
        assertTrue(page.contains("data-minute=\"2026-11-17T08:13:00Z\" data-series=\"504\" data-count=\"1\""));
        assertTrue(page.contains("data-minute=\"2026-11-17T08:14:00Z\" data-series=\"502\" data-count=\"4\""));
        assertTrue(page.contains("<h3>Events (7)</h3>"), "every event below the chart");
        assertTrue(page.contains(">09:12:33</td>"), "times in the target's zone");
    }

    @Test
    void loadsNothingAndRunsOnlyItsOwnScriptAndStyleByHash() throws Exception {
        String page = render(diagnosis(List.of(new Evidence.LogLine("/l", 1, T, HOSTILE)), List.of(), hops()));

        Matcher script = Pattern.compile("(?s)<script>(.*?)</script>").matcher(page);
        assertTrue(script.find());
        Matcher style = Pattern.compile("(?s)<style>(.*?)</style>").matcher(page);
        assertTrue(style.find());
        String policy = "default-src 'none'; style-src '" + sha256(style.group(1)) + "'; script-src '"
                + sha256(script.group(1)) + "'; img-src data:; base-uri 'none'; form-action 'none'";
        assertTrue(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"" + policy + "\">"), page);
        assertFalse(Pattern.compile("(?i)\\b(src|href|action|xlink:href)\\s*=\\s*\"(?!data:|#)").matcher(page).find(),
                "no attribute loads anything");
        assertFalse(style.group(1).contains("url(") || style.group(1).contains("@import"), "nor does the style sheet");
    }

    private static String sha256(String s) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
