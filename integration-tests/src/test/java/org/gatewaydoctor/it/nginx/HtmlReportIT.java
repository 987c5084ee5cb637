package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gatewaydoctor.checks.http.AccessLogMinute;
import org.gatewaydoctor.cli.Main;
import org.gatewaydoctor.cli.internal.html.DiagnosisHtml;
import org.gatewaydoctor.cli.internal.html.Provenance;
import org.gatewaydoctor.it.harness.Chromium;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.TimelineEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report of real whole-stack faults (nginx → PHP-FPM), opened in a real browser: Debian's
 * headless Chromium, driven over the DevTools protocol, with every host name unresolvable. The page must
 * load with no console error and no request but its own file, show the top cause and its evidence in the
 * rendered DOM, draw exactly the diagnosis's access-log minutes and events, read the same with JavaScript
 * off, and print. Screenshots (light and dark), the pages and their PDFs are kept in
 * {@code target/html-screenshots} as CI artefacts.
 */
class HtmlReportIT {

    static final Path ARTEFACTS = Path.of(System.getProperty("gd.htmlArtefacts", "target/html-screenshots"));
    private static final String[] ONE_WORKER = {"pm = dynamic", "pm.max_children = 1", "pm.start_servers = 1",
        "pm.min_spare_servers = 1", "pm.max_spare_servers = 1", "listen.backlog = 1"};

    private static Chromium browser;

    @BeforeAll
    static void startBrowser() {
        Assumptions.assumeTrue(Chromium.installed(), "Debian's chromium (apt-get install chromium; .ci/run installs it)");
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aFullPoolReportShowsTheCauseItsEvidenceAndEveryMinuteOfThe502sInTheBrowser() {
        try (Stack stack = Stack.create("html-pool-full")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/slow.php", "<?php sleep(3); echo 'done';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString(), ONE_WORKER), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());
            URI url = Http.url(port, "/slow.php");
            List<Integer> statuses = Http.concurrently(url, 10, Duration.ofSeconds(40)).stream()
                    .map(Http.Response::status).toList();
            assertTrue(statuses.contains(502), statuses.toString());
            String line = "connect() to unix:" + socket + " failed (11: Resource temporarily unavailable)";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis d = NginxFpm.live(stack, url);
            assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, Diagnose.top(d), NginxFpm.summary(d));
            Set<AccessLogMinute> minutes = minutes(d);
            assertTrue(minutes.stream().anyMatch(m -> m.status() == 502),
                    "the access log's 502s reach the diagnosis minute by minute: " + Diagnose.explain(d));
            assertEquals(statuses.stream().filter(s -> s == 502).count(),
                    minutes.stream().filter(m -> m.status() == 502).mapToLong(AccessLogMinute::count).sum(),
                    "every 502 the test got is counted once");
            Path page = write("nginx-fpm-pool-full", d, stack, url);
            assertRendersInTheBrowser("nginx-fpm-pool-full", page, d);
        }
    }

    @Test
    void aStoppedPhpFpmReportMarksTheFailingHopAndTheHopThatWroteThe502() {
        try (Stack stack = Stack.create("html-fpm-stopped")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server fpm = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            URI url = Http.url(port, "/index.php");
            assertEquals(200, Http.get(url).status(), stack.outputs());
            fpm.close();
            for (int i = 0; i < 3; i++) {
                assertEquals(502, Http.get(url).status());
            }
            NginxFpm.awaitLog(stack, "nginx-error.log", "connect() to unix:" + socket + " failed (2: No such file or directory)");

            Diagnosis d = NginxFpm.live(stack, url);
            assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(d), NginxFpm.summary(d));
            Path page = write("nginx-fpm-stopped", d, stack, url);
            JsonNode dom = assertRendersInTheBrowser("nginx-fpm-stopped", page, d);
            assertEquals(d.failingLayer().name(), dom.get("failingHop").asText());
            List<String> wrote = d.hops().stream().filter(h -> h.wroteVisitorError()).map(h -> h.layer().name()).toList();
            assertEquals(List.of("PROXY"), wrote, "the live probe got nginx's own 502 page: " + Diagnose.explain(d));
            assertEquals(wrote, list(dom.get("wrote")), "the hop that wrote the visitors' 502 is marked");
            assertTrue(list(dom.get("changes")).stream().anyMatch(c -> c.endsWith("PHP-FPM stopped")),
                    "PHP-FPM's own 'exiting, bye-bye!' is a change marker on the chart: " + dom.get("changes"));

            // the same stack's logs through the command line's scan, as a page
            Path scan = ARTEFACTS.resolve("nginx-fpm-stopped-scan.html");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"scan", "--logs", stack.logs().toString(), "--format", "html", "--output",
                scan.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(2, code, err.toString(StandardCharsets.UTF_8));
            try (Chromium.Page p = browser.newPage()) {
                p.load(scan);
                assertEquals(List.of(), p.consoleErrors());
                assertEquals(List.of(scan.toAbsolutePath().toUri().toString()), p.requests());
                JsonNode sigs = p.evaluate("Array.from(document.querySelectorAll('[data-signature]'), e => e.dataset.signature)");
                assertTrue(list(sigs).stream().anyMatch(s -> s.startsWith("nginx.")), sigs.toString());
                assertTrue(p.evaluate("document.querySelectorAll('#overview [data-point=bar]').length").asInt() > 0,
                        "the matches per minute are drawn");
                p.screenshot(ARTEFACTS.resolve("nginx-fpm-stopped-scan.png"));
            }
        }
    }

    @Test
    void hostileLogTextStaysTextInTheBrowser() {
        String hostile = "GET /<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">?q='\"&lt; "
                + "\u001b]52;c;AAAA\u0007 </code></li></ul></section><h1>fake</h1>";
        java.time.Instant t = java.time.Instant.parse("2026-11-21T09:14:03Z");
        Evidence line = new Evidence.LogLine("/var/log/nginx/error.log", 7, t, hostile);
        RankedCause cause = new RankedCause(1, CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, 0.9,
                org.gatewaydoctor.model.Severity.CRITICAL, "summary " + hostile, 502, hostile, List.of(line),
                List.of("fix " + hostile), List.of(), List.of("x"), List.of());
        Diagnosis d = new Diagnosis(1, org.gatewaydoctor.model.Target.builder().build(), t, Duration.ofMillis(5),
                org.gatewaydoctor.model.Verdict.FAILING, Layer.PHP_FPM, "headline " + hostile, List.of(cause), List.of(),
                List.of(), List.of(hostile), List.of(new TimelineEntry(t, Layer.PHP_FPM, "x", CauseCode.PHPFPM_DOWN, line)));
        Path page = ARTEFACTS.resolve("hostile.html");
        writeString(page, DiagnosisHtml.render(d, new Provenance("gateway-doctor diagnose " + hostile, "test", "17")));
        try (Chromium.Page p = browser.newPage()) {
            p.load(page);
            assertEquals(List.of(), p.consoleErrors());
            assertTrue(p.evaluate("window.__pwned === undefined").asBoolean(), "no injected script ran");
            assertEquals(0, p.evaluate("document.querySelectorAll('img, main script, h1 ~ h1').length").asInt());
            String shown = hostile.replace("\u001b", "\\x1b").replace("\u0007", "\\x07");
            assertEquals(shown, p.evaluate("document.querySelector('#evidence code.line').textContent").asText());
            assertEquals("headline " + shown, p.evaluate("document.querySelector('#headline').textContent").asText());
        }
    }

    /** Loads the page, asserts what every report must satisfy, keeps screenshots and a PDF; returns DOM facts. */
    private static JsonNode assertRendersInTheBrowser(String name, Path page, Diagnosis d) {
        try (Chromium.Page p = browser.newPage()) {
            p.load(page);
            assertEquals(List.of(), p.consoleErrors(), "no console error, no blocked resource, no policy violation");
            assertEquals(List.of(page.toAbsolutePath().toUri().toString()), p.requests(), "nothing but the file itself");
            JsonNode dom = p.evaluate("""
                    ({
                      verdict: document.querySelector('#verdict').textContent,
                      topCause: document.querySelector('#top-cause').textContent,
                      evidence: Array.from(document.querySelectorAll('#evidence li[data-kind=log_line] code.line'),
                          e => e.textContent),
                      bars: document.querySelectorAll('svg [data-point=bar]').length,
                      barCounts: Array.from(document.querySelectorAll('svg [data-point=bar]'),
                          e => e.dataset.series + '@' + e.dataset.minute + '=' + e.dataset.count),
                      dots: document.querySelectorAll('svg [data-point=event], svg [data-point=change]').length,
                      changes: Array.from(document.querySelectorAll('svg [data-point=change] title'), e => e.textContent),
                      rows: document.querySelectorAll('#events tbody tr').length,
                      failingHop: (document.querySelector('[data-failing-hop=true]') || {dataset: {}}).dataset.hop || '',
                      wrote: Array.from(document.querySelectorAll('g[data-wrote=true]'), e => e.dataset.hop),
                      filter: document.querySelectorAll('input.filter').length,
                      fix: document.querySelectorAll('#fix li').length
                    })""");
            RankedCause top = d.topCause().orElseThrow();
            assertEquals(d.verdict().name(), dom.get("verdict").asText());
            assertEquals(top.code().value(), dom.get("topCause").asText());
            List<String> lines = top.evidence().stream().filter(e -> e instanceof Evidence.LogLine)
                    .map(e -> ((Evidence.LogLine) e).text()).toList();
            assertFalse(lines.isEmpty(), "the top cause quotes log lines");
            assertEquals(lines, list(dom.get("evidence")), "the evidence lines, exactly as the diagnosis has them");
            assertEquals(top.remediation().size(), dom.get("fix").asInt());
            Set<String> expectedBars = new HashSet<>();
            minutes(d).forEach(m -> expectedBars.add(m.status() + "@" + m.minute() + "=" + m.count()));
            assertEquals(expectedBars, new HashSet<>(list(dom.get("barCounts"))), "one bar per access-log minute and status");
            assertEquals(expectedBars.size(), dom.get("bars").asInt());
            long others = d.timeline().stream().filter(t -> AccessLogMinute.of(t.evidence()).isEmpty()).count();
            assertEquals(others, dom.get("dots").asLong(), "one dot or marker per other event");
            assertEquals(d.timeline().size(), dom.get("rows").asInt(), "every event listed below the chart");
            assertEquals(1, dom.get("filter").asInt(), "the script's filter box (a nicety) is there");

            p.screenshot(ARTEFACTS.resolve(name + "-light.png"));
            p.screenshot(ARTEFACTS.resolve(name + "-top.png"), 1500);
            p.emulate("dark", "screen");
            p.screenshot(ARTEFACTS.resolve(name + "-dark.png"));
            p.emulate("light", "print");
            byte[] pdf = p.pdf(ARTEFACTS.resolve(name + ".pdf"));
            assertTrue(pdf.length > 10_000 && new String(pdf, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"), "it prints");
            assertEquals(List.of(), p.consoleErrors());

            // without JavaScript: the same content, only the filter box is missing
            p.emulate("light", "screen");
            p.scriptsDisabled(true);
            p.load(page);
            assertEquals(top.code().value(), p.evaluate("document.querySelector('#top-cause').textContent").asText());
            assertEquals(expectedBars.size(), p.evaluate("document.querySelectorAll('svg [data-point=bar]').length").asInt());
            assertEquals(d.timeline().size(), p.evaluate("document.querySelectorAll('#events tbody tr').length").asInt());
            assertEquals(0, p.evaluate("document.querySelectorAll('input.filter').length").asInt());
            p.scriptsDisabled(false);
            return dom;
        }
    }

    private static Set<AccessLogMinute> minutes(Diagnosis d) {
        Set<AccessLogMinute> out = new HashSet<>();
        for (TimelineEntry t : d.timeline()) {
            AccessLogMinute.of(t.evidence()).ifPresent(out::add);
        }
        return out;
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The report as the command line would write it for this live diagnosis. */
    private static Path write(String name, Diagnosis d, Stack stack, URI url) {
        String command = "gateway-doctor diagnose --url " + url + " --nginx-config "
                + org.gatewaydoctor.it.harness.Nginx.configFile(stack) + " --fpm-config " + PhpFpm.configFile(stack)
                + " --format html --output " + name + ".html";
        Path page = ARTEFACTS.resolve(name + ".html");
        writeString(page, DiagnosisHtml.render(d, new Provenance(command, "integration test", Provenance.runtime())));
        return page;
    }

    private static void writeString(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
