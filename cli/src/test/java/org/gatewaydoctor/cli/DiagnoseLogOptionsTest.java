package org.gatewaydoctor.cli;

import static org.gatewaydoctor.cli.ScanFixtures.CATALOG;
import static org.gatewaydoctor.cli.ScanFixtures.CLOCK;
import static org.gatewaydoctor.cli.ScanFixtures.FPM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose}'s time window options and {@code --logs -}. */
class DiagnoseLogOptionsTest {

    @TempDir
    Path dir;

    private static CliRunner.Result diagnose(Check check, String stdin, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "diagnose";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRunner.run(CliRunner.checks(check), ScanFixtures.stdin(stdin), CLOCK, CATALOG, all);
    }

    private Target target(String... args) throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"), "");
        AtomicReference<Target> seen = new AtomicReference<>();
        List<String> all = new ArrayList<>(List.of("--logs", log.toString()));
        all.addAll(List.of(args));
        CliRunner.Result r = diagnose(FakeCheck.recording("fake.rec", seen), "", all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return seen.get();
    }

    @Test
    void sinceAndUntilBecomeTargetOptionsAsIsoInstants() throws Exception {
        // the clock says 2026-11-21 10:00 UTC
        Target t = target("--since", "2h", "--until", "2026-11-21 09:30");

        assertEquals(Map.of(Target.OPTION_SINCE, "2026-11-21T08:00:00Z", Target.OPTION_UNTIL, "2026-11-21T09:30:00Z"),
                t.options());
    }

    @Test
    void aroundSetsBothEndsInTheLogZone() throws Exception {
        Target t = target("--around", "10:14", "--window", "5m", "--zone", "Europe/Berlin");

        assertEquals("2026-11-21T09:09:00Z", t.option(Target.OPTION_SINCE).orElseThrow());
        assertEquals("2026-11-21T09:19:00Z", t.option(Target.OPTION_UNTIL).orElseThrow());
    }

    @Test
    void siteNamesBecomeTheSiteOption() throws Exception {
        assertEquals(Map.of(Target.OPTION_SITE, "shop.example.org,www.shop.example.org"),
                target("--site", "shop.example.org,www.shop.example.org").options());
    }

    @Test
    void aSiteThatIsNoHostNameIsAUsageError() throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"), "");
        for (String bad : List.of("192.0.2.7", "localhost", "shop example.org")) {
            CliRunner.Result r = diagnose(FakeCheck.passing("fake.ok"), "", "--logs", log.toString(), "--site", bad);
            assertEquals(3, r.exitCode(), bad + ": " + r.err());
            assertTrue(r.err().contains("--site wants a host name"), r.err());
        }
    }

    @Test
    void withoutWindowOptionsThereAreNoOptions() throws Exception {
        assertEquals(Map.of(), target().options());
    }

    @Test
    void sinceAfterUntilIsAUsageError() throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"), "");

        CliRunner.Result r = diagnose(FakeCheck.passing("fake.ok"), "", "--logs", log.toString(), "--since", "09:30",
                "--until", "09:00");

        assertEquals(3, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("gateway-doctor: --since 09:30 (2026-11-21 09:30:00 UTC) is after --until 09:00"),
                r.err());
    }

    @Test
    void theExampleTakesATimeWindowInItsOwnZone() throws Exception {
        AtomicReference<Target> seen = new AtomicReference<>();

        CliRunner.Result r = diagnose(FakeCheck.recording("fake.rec", seen), "", "--example", "--since",
                "2026-11-17 09:00");

        assertTrue(r.exitCode() <= 3, r.err());
        assertEquals("2026-11-17T08:00:00Z", seen.get().option(Target.OPTION_SINCE).orElseThrow(),
                "09:00 in Europe/Berlin, the example's zone");
    }

    /** A check that reads the logs it is given while the diagnosis runs and cites the third line. */
    private static Check readingLogs(AtomicReference<List<Path>> paths, AtomicReference<String> content) {
        return new FakeCheck("fake.fpm", Layer.PHP_FPM, ctx -> {
            paths.set(ctx.target().logs());
            Path file = ctx.target().logs().get(0);
            content.set(Files.readString(file));
            String third = content.get().lines().skip(2).findFirst().orElseThrow();
            return CheckResult.findings(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL,
                            0.9, "pool www is full")
                    .evidence(new Evidence.LogLine(file.toString(), 3, null, third))
                    .httpStatus(502)
                    .build());
        });
    }

    @Test
    void dashReadsStandardInputIntoATemporaryFileForTheDiagnosis() throws Exception {
        AtomicReference<List<Path>> paths = new AtomicReference<>();
        AtomicReference<String> content = new AtomicReference<>();
        Path other = Files.writeString(dir.resolve("other.log"), "");

        CliRunner.Result r = diagnose(readingLogs(paths, content), FPM, "--logs", "-", other.toString());

        assertEquals(2, r.exitCode(), r.err());
        assertEquals(FPM, content.get(), "the check read standard input");
        Path copy = paths.get().get(0);
        assertEquals("stdin", copy.getFileName().toString());
        assertEquals(other, paths.get().get(1), "in the order given");
        assertFalse(Files.exists(copy), "deleted after the diagnosis");
        assertFalse(Files.exists(copy.getParent()), "its directory too");
        assertTrue(r.out().contains("stdin:3"), "shown as stdin, not as the temporary path: " + r.out());
        assertFalse(r.out().contains(copy.getParent().toString()), r.out());
    }

    @Test
    void jsonAndHtmlNameStandardInputAsStdinNotByItsTemporaryCopy() {
        for (String format : List.of("json", "html")) {
            AtomicReference<List<Path>> paths = new AtomicReference<>();
            AtomicReference<String> content = new AtomicReference<>();

            CliRunner.Result r = diagnose(readingLogs(paths, content), FPM, "--logs", "-", "--format", format);

            assertEquals(2, r.exitCode(), r.err());
            Path copy = paths.get().get(0);
            assertFalse(r.out().contains(copy.getParent().toString()), format + ": " + r.out());
            assertTrue(r.out().contains(format.equals("json") ? "\"file\" : \"stdin\"" : "stdin:3"),
                    format + ": " + r.out());
        }
    }

    @Test
    void dashAloneIsEnoughToDiagnose() {
        AtomicReference<List<Path>> paths = new AtomicReference<>();
        AtomicReference<String> content = new AtomicReference<>();

        CliRunner.Result r = diagnose(readingLogs(paths, content), FPM, "--logs", "-", "-", "--format", "json");

        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, paths.get().size(), "one copy for - given twice");
        assertNotNull(content.get());
    }

    @Test
    void dashCannotBeCombinedWithTheExample() {
        CliRunner.Result r = diagnose(FakeCheck.passing("fake.ok"), FPM, "--example", "--logs", "-");

        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("--example diagnoses the bundled incident and cannot be combined with --logs"),
                r.err());
    }
}
