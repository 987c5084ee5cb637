package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.gatewaydoctor.checks.http.AccessLogMinute;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --format html} and {@code --output} of {@code diagnose} and {@code scan}, through the command line. */
class HtmlOutputTest {

    @TempDir
    Path dir;

    private static int count(String page, String what) {
        int n = 0;
        for (int i = page.indexOf(what); i >= 0; i = page.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void diagnoseWritesTheExampleAsOnePageToTheOutputFileAndNothingToStandardOutput() throws Exception {
        Assumptions.assumeTrue(ExampleTest.exampleComplete(), "the example and its checks are in this build");
        Path report = dir.resolve("report.html");
        CliRunner.Result r = CliRunner.run(org.gatewaydoctor.cli.internal.Terminal.plain(), b -> { }, "diagnose", "--example", "--format", "html", "--output",
                report.toString());
        CliRunner.Result json = CliRunner.run(org.gatewaydoctor.cli.internal.Terminal.plain(), b -> { }, "diagnose", "--example", "--format", "json");

        assertEquals(2, r.exitCode(), r.err());
        assertEquals("", r.out());
        String page = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), page);
        assertTrue(page.endsWith("</html>\n"));
        assertTrue(page.contains("id=\"top-cause\">phpfpm.pool_exhausted</code>"));
        assertTrue(page.contains("[pool www] server reached pm.max_children setting (5), consider raising it"));
        assertTrue(page.contains("<code>gateway-doctor diagnose --example --format html --output " + report + "</code>"),
                "the command that produced it");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(report)));
        // the chart holds exactly the access log's minutes the JSON contract holds
        Diagnosis d = DiagnosisJson.read(json.out());
        Set<AccessLogMinute> minutes = new HashSet<>();
        d.timeline().forEach(t -> AccessLogMinute.of(t.evidence()).ifPresent(minutes::add));
        assertTrue(minutes.size() > 20, "the example's half hour of 502s and 504s: " + minutes.size());
        assertEquals(minutes.size(), count(page, "data-point=\"bar\""));
        assertEquals(d.timeline().size(), count(page, "<tr data-minute="), "every event listed below the chart");
    }

    @Test
    void theReportReplacesAnEarlierOneWholeAndLeavesNoTemporaryFile() throws IOException {
        Assumptions.assumeTrue(ExampleTest.exampleComplete(), "the example and its checks are in this build");
        Path report = Files.writeString(dir.resolve("report.html"), "an earlier report, longer than nothing".repeat(10_000));
        CliRunner.Result r = CliRunner.run(org.gatewaydoctor.cli.internal.Terminal.plain(), b -> { }, "diagnose", "--example", "--format", "html", "--output",
                report.toString());

        assertEquals(2, r.exitCode(), r.err());
        assertFalse(Files.readString(report).contains("an earlier report"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(report), files.toList());
        }
    }

    @Test
    void anOutputThatCannotBeWrittenIsAUsageErrorBeforeTheDiagnosis() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        CliRunner.Result missing = CliRunner.run(new Check[0], "diagnose", "--logs", logs.toString(), "--format", "html",
                "--output", dir.resolve("no/such/folder/report.html").toString());
        CliRunner.Result folder = CliRunner.run(new Check[0], "diagnose", "--logs", logs.toString(), "--format", "html",
                "--output", dir.toString());
        CliRunner.Result scan = CliRunner.run(new Check[0], "scan", "--logs", logs.toString(), "--format", "html",
                "--output", dir.resolve("nope/scan.html").toString());

        assertEquals(3, missing.exitCode());
        assertTrue(missing.err().contains("--output " + dir.resolve("no/such/folder/report.html") + ": the folder "
                + dir.resolve("no/such/folder") + " does not exist"), missing.err());
        assertEquals(3, folder.exitCode());
        assertTrue(folder.err().contains(": is a directory; give a file name"), folder.err());
        assertEquals(3, scan.exitCode());
        assertTrue(scan.err().contains("does not exist"), scan.err());
        assertEquals("", missing.out() + folder.out() + scan.out());
    }

    @Test
    void checksHasNoHtml() {
        CliRunner.Result r = CliRunner.run(new Check[0], "checks", "--format", "html");

        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("--format html is for 'diagnose' and 'scan'; 'checks' prints text or json"), r.err());
    }

    @Test
    void scanDrawsEachSignaturesMinutesTheMergedTimelineAndTheRestartAsAMarker() throws Exception {
        Assumptions.assumeTrue(ScanFixtures.linesAreDated(), "core reads nginx's clock");
        Files.writeString(Files.createDirectories(dir.resolve("nginx")).resolve("error.log"), ScanFixtures.NGINX_ERROR);
        Files.writeString(dir.resolve("php8.2-fpm.log"), ScanFixtures.FPM);
        List<Signature> signatures = new ArrayList<>(ScanFixtures.CATALOG.signatures());
        signatures.add(new Signature("test.fpm-ready", Layer.PHP_FPM, Set.of(), "ready to handle connections", null, null,
                List.of(), "the PHP-FPM master started"));
        SignatureCatalog catalog = SignatureCatalog.of(signatures);
        CliRunner.Result html = CliRunner.run(new Check[0], ScanFixtures.noStdin(), ScanFixtures.CLOCK, catalog, "scan",
                "--logs", dir.toString(), "--format", "html");
        CliRunner.Result json = CliRunner.run(new Check[0], ScanFixtures.noStdin(), ScanFixtures.CLOCK, catalog, "scan",
                "--logs", dir.toString(), "--format", "json");

        assertEquals(2, html.exitCode(), html.err());
        String page = html.out();
        JsonNode doc = new ObjectMapper().readTree(json.out());
        int histogramBars = 0;
        Set<String> statusMinutes = new HashSet<>();
        for (JsonNode s : doc.get("signatures")) {
            assertTrue(page.contains("data-signature=\"" + s.get("id").asText() + "\""), s.get("id").asText());
            histogramBars += s.get("perMinute").size();
            String status = s.get("httpStatus").isNull() ? "no status" : s.get("httpStatus").asText();
            s.get("perMinute").fieldNames().forEachRemaining(m -> statusMinutes.add(status + "@" + m));
        }
        String overview = page.substring(page.indexOf("<section id=\"overview\">"), page.indexOf("<section id=\"signatures\">"));
        String perSignature = page.substring(page.indexOf("<section id=\"signatures\">"), page.indexOf("<section id=\"timeline\">"));
        assertEquals(statusMinutes.size(), count(overview, "data-point=\"bar\""), "one bar segment per status and minute");
        assertEquals(histogramBars, count(perSignature, "data-point=\"bar\""), "one histogram bar per signature minute");
        assertEquals(1, count(overview, "data-point=\"change\""), "PHP-FPM's start");
        assertEquals(doc.get("timeline").size() - 1, count(overview, "data-point=\"event\""));
        assertEquals(doc.get("timeline").size(), count(page, "<tr data-minute="));
        assertFalse(page.contains(ScanFixtures.SECRET), "the token in a request line is redacted");
        assertTrue(page.contains("token=[REDACTED]"), page);
        assertTrue(page.contains("<code>gateway-doctor scan --logs " + dir + " --format html</code>"));
        Optional<String> anyUnescaped = Optional.of(page).filter(p -> p.contains("\"GET / HTTP/2.0\""));
        assertTrue(anyUnescaped.isEmpty(), "quotes of log lines are escaped");
    }
}
