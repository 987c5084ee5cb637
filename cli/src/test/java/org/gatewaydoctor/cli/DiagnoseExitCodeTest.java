package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Supplier;
import org.gatewaydoctor.spi.Check;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exit code is the Nagios state of the verdict, whatever the output format. */
class DiagnoseExitCodeTest {

    private static final Map<String, Supplier<Check[]>> SCENARIOS = Map.of(
            "healthy", () -> CliRunner.checks(FakeCheck.passing("fake.ok"), FakeCheck.notApplicable("fake.na")),
            "degraded", () -> CliRunner.checks(FakeCheck.passing("fake.ok"), FakeCheck.degraded("fake.slow")),
            "failing", () -> CliRunner.checks(FakeCheck.failing("fake.fpm"), FakeCheck.degraded("fake.slow")),
            "errored", () -> CliRunner.checks(FakeCheck.throwing("fake.boom")),
            "nothing-applies", () -> CliRunner.checks(FakeCheck.notApplicable("fake.na")));

    @ParameterizedTest(name = "{0} as {1} exits {2}")
    @CsvSource({
        "healthy,         text,   0, HEALTHY",
        "healthy,         json,   0, HEALTHY",
        "healthy,         nagios, 0, HEALTHY",
        "degraded,        text,   1, DEGRADED",
        "degraded,        json,   1, DEGRADED",
        "degraded,        nagios, 1, DEGRADED",
        "failing,         text,   2, FAILING",
        "failing,         json,   2, FAILING",
        "failing,         nagios, 2, FAILING",
        "errored,         text,   3, INCONCLUSIVE",
        "errored,         json,   3, INCONCLUSIVE",
        "errored,         nagios, 3, INCONCLUSIVE",
        "nothing-applies, text,   3, INCONCLUSIVE",
        "nothing-applies, json,   3, INCONCLUSIVE",
        "nothing-applies, nagios, 3, INCONCLUSIVE"})
    void exitsWithTheNagiosCodeOfTheVerdictInEveryFormat(String scenario, String format, int expected,
                                                         String verdict) {
        CliRunner.Result r = CliRunner.run(SCENARIOS.get(scenario).get(),
                "diagnose", "--url", "https://example.invalid/", "--format", format);

        assertEquals(expected, r.exitCode(), () -> r.out() + r.err());
        assertEquals("", r.err(), "nothing on stderr for a normal diagnosis");
        switch (format) {
            case "text" -> assertTrue(r.firstLine().startsWith(verdict + " — "), r.firstLine());
            case "json" -> assertTrue(r.out().contains("\"verdict\" : \"" + verdict + "\""), r.out());
            default -> assertTrue(r.out().startsWith("GATEWAY-DOCTOR "), r.out());
        }
    }
}
