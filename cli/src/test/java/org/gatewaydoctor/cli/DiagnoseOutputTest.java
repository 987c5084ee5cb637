package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each format prints for a failing site, and how options reach the target. */
class DiagnoseOutputTest {

    /**
     * Nagios plugin output: one line, state, text without '|', then performance data
     * {@code label=value[UOM];warn;crit;min;max}.
     */
    static final Pattern NAGIOS = Pattern.compile("GATEWAY-DOCTOR (OK|WARNING|CRITICAL|UNKNOWN) - [^|\\r\\n]+ \\|"
            + "( [a-z_]+=\\d+(ms|%)?;[0-9.]*;[0-9.]*;[0-9.]*;[0-9.]*)+\\n");

    private static CliRunner.Result failing(String... format) {
        String[] args = new String[3 + format.length];
        args[0] = "diagnose";
        args[1] = "--url";
        args[2] = "https://example.invalid/";
        System.arraycopy(format, 0, args, 3, format.length);
        return CliRunner.run(CliRunner.checks(FakeCheck.failing("fake.fpm"), FakeCheck.degraded("fake.slow"),
                FakeCheck.notApplicable("fake.na"), FakeCheck.throwing("fake.boom")), args);
    }

    @Test
    void jsonIsExactlyTheDiagnosisContract() throws Exception {
        CliRunner.Result r = failing("--format", "json");

        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("FAILING", json.get("verdict").asText());
        assertEquals("phpfpm.pool_exhausted", json.get("causes").get(0).get("code").asText());
        for (JsonNode cause : json.get("causes")) {
            assertTrue(cause.hasNonNull("code"), cause.toString());
        }
        Diagnosis back = DiagnosisJson.read(r.out());
        assertEquals(DiagnosisJson.write(back) + "\n", r.out(), "stdout is DiagnosisJson.write and a line break");
    }

    @Test
    void jsonMatchesTheSchema() throws Exception {
        CliRunner.Result r = failing("--format", "json");

        try (InputStream schemaText = DiagnosisJson.schema()) {
            assertNotNull(schemaText, "core ships " + DiagnosisJson.SCHEMA_RESOURCE);
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText);
            Set<ValidationMessage> problems = schema.validate(new ObjectMapper().readTree(r.out()));
            assertEquals(Set.of(), problems);
        }
    }

    @Test
    void nagiosIsOneStatusLineWithPerformanceData() {
        CliRunner.Result r = failing("--format", "nagios");

        assertTrue(NAGIOS.matcher(r.out()).matches(), r.out());
        assertTrue(r.out().startsWith("GATEWAY-DOCTOR CRITICAL - Failing at php-fpm: pool www reached "
                + "pm.max_children (5) 37 times"), r.out());
        assertTrue(r.out().contains(" checks=4;;;; causes=3;;;; elapsed="), r.out());
        assertTrue(r.out().contains(" errored=1;;;; timed_out=0;;;; skipped=0;;;; not_applicable=1;;;; "
                + "confidence="), r.out());
    }

    @Test
    void textPutsTheVerdictAndTheTopCauseFirst() {
        CliRunner.Result r = failing();
        String out = r.out();

        // 92% from its own check, raised by the slow requests it explains (a full pool queues them)
        assertEquals("FAILING — php-fpm: pool www reached pm.max_children (5) 37 times [phpfpm.pool_exhausted, 95%]",
                r.firstLine());
        List<String> order = List.of("Most likely cause: phpfpm.pool_exhausted", "Visitors see 502 Bad Gateway.",
                "Evidence:", "Fix:", "To confirm:", "Other possible causes:", "Checks:", "Timeline");
        int at = 0;
        for (String part : order) {
            int next = out.indexOf(part, at);
            assertTrue(next >= at, "'" + part + "' after position " + at + " in\n" + out);
            at = next;
        }
        assertTrue(out.contains("  /var/log/php8.2-fpm.log:17  [09-Mar-2024 09:14:01] WARNING: [pool www] server "
                + "reached pm.max_children setting (5), consider raising it\n"), out);
        assertTrue(out.contains("  (+3 more)\n"), "at most 5 pieces of evidence per cause:\n" + out);
        assertTrue(out.contains("  1. Raise pm.max_children in the www pool after checking memory.\n"
                + "  2. Reload PHP-FPM: systemctl reload php8.2-fpm\n"), out);
        // 30% from its check, raised by the slow requests it explains; explainers rank above what they explain
        assertTrue(out.contains("  2. host.overloaded (host, warning, 55%)  load average 9.1 on 2 CPUs"), out);
        assertTrue(Pattern.compile("\\n  fake\\.boom +ERROR +\\d+ ms  IOException: cannot read /var/log/fake\\.log\\n")
                .matcher(out).find(), out);
        assertTrue(Pattern.compile("\\n  fake\\.na +not applicable +\\d+ ms  no --fake given\\n").matcher(out).find(),
                out);
        assertFalse(out.contains("\u001b["), "no colour without a terminal");
    }

    @Test
    void textDrawsTheRequestPathOneLinePerHop() {
        String out = failing().out();

        int at = out.indexOf("\nRequest path:\n");
        assertTrue(at >= 0 && at < out.indexOf("Most likely cause"), out);
        List<String> lines = out.substring(at + 1).lines().skip(1).limit(9).toList();
        assertEquals(List.of("dns", "edge", "tls", "load-balancer", "proxy", "php-fpm", "application", "database",
                "host"), lines.stream().map(l -> l.strip().split(" +")[0]).toList(), out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  php-fpm        FAILING  phpfpm.pool_exhausted (observed): "
                + "pool www reached pm.max_children (5) 37 times")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.equals("  dns            not examined")), String.join("\n", lines));
    }

    @Test
    void textListsInformationalCausesOfAHealthySiteWithoutCallingThemTheCause() {
        FakeCheck info = new FakeCheck("fake.info", org.gatewaydoctor.model.Layer.DATABASE,
                ctx -> org.gatewaydoctor.spi.CheckResult.findings(org.gatewaydoctor.model.Finding.cause(
                        org.gatewaydoctor.model.CauseCode.DATABASE_SLOW, org.gatewaydoctor.model.Layer.DATABASE,
                        org.gatewaydoctor.model.Severity.INFO, 0.4, "autoload options total 900 KB").build()));

        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.passing("fake.ok"), info),
                "diagnose", "--url", "https://example.invalid/");

        assertEquals(0, r.exitCode(), r.out());
        assertTrue(r.firstLine().startsWith("HEALTHY — "), r.firstLine());
        assertFalse(r.out().contains("Most likely cause"), r.out());
        assertTrue(r.out().contains("Worth knowing:\n  1. database.slow (database, info, 40%)  autoload options total "
                + "900 KB\n"), r.out());
    }

    @Test
    void textTimelineShowsTheLastFifteenEntriesInTheTargetZone() {
        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.failing("fake.fpm")),
                "diagnose", "--url", "https://example.invalid/", "--zone", "Europe/Berlin");

        assertTrue(r.out().contains("Timeline (2024-03-09, Europe/Berlin):\n"), r.out());
        assertTrue(r.out().contains("\n  10:14:01  php-fpm  fake.fpm  [09-Mar-2024 09:14:01] WARNING: [pool www]"),
                r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "nagios"})
    void plantedSecretsNeverReachTheOutput(String format) {
        CliRunner.Result r = failing("--format", format, "--debug");

        assertFalse(r.out().contains(FakeCheck.CANARY), r.out());
        assertFalse(r.err().contains(FakeCheck.CANARY), r.err());
    }

    @Test
    void optionsBecomeTheTarget(@TempDir Path dir) throws Exception {
        Path nginxLogs = Files.createDirectories(dir.resolve("nginx"));
        Path fpmLog = Files.writeString(dir.resolve("php8.2-fpm.log"), "");
        Path wpLog = Files.writeString(dir.resolve("debug.log"), "");
        Path nginxConf = Files.writeString(dir.resolve("nginx.conf"), "");
        Path fpmConf = Files.writeString(dir.resolve("php-fpm.conf"), "");
        Path wpConf = Files.writeString(dir.resolve("wp-config.php"), "");
        AtomicReference<Target> seen = new AtomicReference<>();

        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.recording("fake.rec", seen)),
                "diagnose", "--url", "example.org", "--logs", nginxLogs.toString(), fpmLog.toString(),
                "--logs", wpLog.toString(), "--nginx-config", nginxConf.toString(), "--fpm-config", fpmConf.toString(),
                "--wp-config", wpConf.toString(), "--zone", "+02:00", "--timeout", "1m30s");

        assertEquals(0, r.exitCode(), r.out() + r.err());
        Target t = seen.get();
        assertEquals("https://example.org", t.url().toString());
        assertEquals(List.of(nginxLogs, fpmLog, wpLog), t.logs());
        assertEquals(nginxConf, t.configs().get(Target.CONFIG_NGINX));
        assertEquals(fpmConf, t.configs().get(Target.CONFIG_PHP_FPM));
        assertEquals(wpConf, t.configs().get(Target.CONFIG_WORDPRESS));
        assertEquals(ZoneId.of("+02:00"), t.zone());
    }

    @Test
    void onlyAndSkipSelectChecks() throws Exception {
        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.passing("fake.a"), FakeCheck.passing("fake.b"),
                        FakeCheck.passing("other.c")),
                "diagnose", "--url", "https://example.invalid/", "--only", "fake.*", "--skip", "fake.b",
                "--format", "json");

        JsonNode checks = new ObjectMapper().readTree(r.out()).get("checks");
        assertEquals(1, checks.size(), r.out());
        assertEquals("fake.a", checks.get(0).get("checkId").asText());
    }

    @Test
    void textShowsWhatWasSeenWhenNoCauseCouldBeNamed() {
        FakeCheck symptom = new FakeCheck("fake.probe", org.gatewaydoctor.model.Layer.PROXY,
                ctx -> org.gatewaydoctor.spi.CheckResult.findings(org.gatewaydoctor.model.Finding.symptom(
                        org.gatewaydoctor.model.Layer.PROXY, org.gatewaydoctor.model.Severity.CRITICAL,
                        "the site answers 502 Bad Gateway from nginx").httpStatus(502).build()));

        CliRunner.Result r = CliRunner.run(CliRunner.checks(symptom), "diagnose", "--url", "https://example.invalid/");

        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.firstLine().startsWith("FAILING — proxy: the site answers 502 Bad Gateway from nginx"),
                r.firstLine());
        assertTrue(r.out().contains("\nWhat the checks saw:\n  - the site answers 502 Bad Gateway from nginx "
                + "[fake.probe]\n"), r.out());
    }

    @Test
    void anOverallTimeoutReportsTheSlowCheckAndIsInconclusive() {
        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.slow("fake.slow", java.time.Duration.ofSeconds(20))),
                "diagnose", "--url", "https://example.invalid/", "--timeout", "200ms");

        assertEquals(3, r.exitCode(), r.out());
        assertEquals("INCONCLUSIVE — 1 check could not finish and nothing else was found", r.firstLine());
        // at most 200 ms less the tenth kept for assembling and rendering the result (less what passed before the
        // check started, a few ms on a busy machine)
        java.util.regex.Matcher m = Pattern.compile("\\n  fake\\.slow +TIMED OUT +\\d+ ms  limit (\\d+) ms\\n")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        int limit = Integer.parseInt(m.group(1));
        assertTrue(limit <= 180 && limit > 100, r.out());
    }
}
