package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage errors exit 3 (Nagios UNKNOWN) with a clear one-line message on stderr and nothing on stdout. */
class UsageErrorTest {

    private static CliRunner.Result run(String... args) {
        return CliRunner.run(CliRunner.checks(FakeCheck.passing("fake.ok")), args);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "diagnose --url https://example.invalid/ --bogus | Unknown option: '--bogus'",
        "diagnose --url https://example.invalid/ --format xml | unknown format 'xml': use text, json, nagios or html",
        "diagnose --url ftp://example.invalid/ | 'ftp://example.invalid/' is not an http:// or https:// URL",
        "diagnose --url http:// | 'http://' is not a valid URL",
        "diagnose --url https://example.invalid/ --timeout soon | 'soon' is not a duration; use e.g. 30s",
        "diagnose --url https://example.invalid/ --timeout 0s | '0s' is not a positive duration",
        "diagnose --url https://example.invalid/ --zone Mars/Olympus | unknown time zone 'Mars/Olympus'",
        "diagnose | nothing to diagnose: give --url, --logs, --local, --wordpress and/or a --*-config file (or try --example)",
        "diagnose --example --url https://example.invalid/ | --example diagnoses the bundled incident and "
                + "cannot be combined with --url",
        "diagnose --logs /nonexistent/gateway-doctor-test | none of the --logs paths exist",
        "diagnose --url https://example.invalid/ --nginx-config /nonexistent/nginx.conf | --nginx-config "
                + "/nonexistent/nginx.conf: no such file",
        "diagnose --url https://example.invalid/ --only= | --only needs a check id pattern",
        "checks --format nagios | --format nagios is for 'diagnose'",
        "'' | no command given: use 'diagnose' (find the cause), 'scan' (search logs for known failures) or 'checks'",
        "diagnose --url https://example.invalid/ --since yesterday-ish | --since 'yesterday-ish' is not a time; give "
                + "an ISO instant",
        "diagnose --url https://example.invalid/ --window 5m | --window is the half-width of --around TIME",
        "diagnose --url https://example.invalid/ --around 2h --since 3h | --around cannot be combined with --since",
        "diagnose --url https://example.invalid/ --since 1h --until 2h | is after --until 2h",
        "diagnose --url https://example.invalid/ --since 2999-01-01T00:00:00Z | is in the future",
        "diagnose --url https://example.invalid/ --dns-server ns1.example.org | --dns-server 'ns1.example.org' is "
                + "not an IP address (a name server is given as IP, IP:PORT or [IPv6]:PORT)",
        "diagnose --url https://example.invalid/ --dns-server 127.0.0.1:99999 | --dns-server '127.0.0.1:99999' has "
                + "no valid port (1-65535)",
        "diagnose --url https://example.invalid/ --expect-address 300.1.1.1 | --expect-address '300.1.1.1' is not an "
                + "IP address",
        "diagnose --logs /var/log/nginx --formt json | Unknown option: '--formt'",
        "diagnoze | Unmatched argument at index 0: 'diagnoze'",
    })
    void exitsThreeWithAClearMessage(String commandLine, String message) {
        String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");

        CliRunner.Result r = run(args);

        assertEquals(3, r.exitCode(), r.err());
        assertEquals("", r.out(), "a usage error prints nothing on stdout");
        assertTrue(r.err().startsWith("gateway-doctor: "), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains("--help' for more information."), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void nagiosUsageErrorAlsoPrintsAnUnknownStatusLine() {
        CliRunner.Result r = run("diagnose", "--format", "nagios", "--url", "https://example.invalid/", "--bogus");

        assertEquals(3, r.exitCode());
        assertEquals("GATEWAY-DOCTOR UNKNOWN - usage error: Unknown option: '--bogus'\n", r.out());
        assertTrue(r.err().startsWith("gateway-doctor: Unknown option: '--bogus'"), r.err());
    }

    @Test
    void suggestsTheCommandMeantForATypo() {
        CliRunner.Result r = run("diagnoze");

        assertTrue(r.err().contains("Did you mean: gateway-doctor diagnose?"), r.err());
    }

    @Test
    void rejectsAConfigurationDirectoryInsteadOfAFile(@TempDir Path dir) {
        CliRunner.Result r = run("diagnose", "--fpm-config", dir.toString());

        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("--fpm-config " + dir + ": is a directory"), r.err());
    }

    @Test
    void helpAndVersionExitZero() {
        CliRunner.Result help = run("--help");
        CliRunner.Result diagnoseHelp = run("diagnose", "--help");
        CliRunner.Result version = run("--version");

        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("diagnose") && help.out().contains("checks"), help.out());
        assertTrue(help.out().contains("3 inconclusive, usage error or internal error (UNKNOWN)"), help.out());
        assertEquals(0, diagnoseHelp.exitCode());
        for (String option : new String[] {"--url", "--logs", "--nginx-config", "--apache-config", "--fpm-config",
            "--haproxy-config", "--wp-config", "--zone", "--format", "--timeout", "--only", "--skip", "--example",
            "--no-color", "--debug"}) {
            assertTrue(diagnoseHelp.out().contains(option), option + " in " + diagnoseHelp.out());
        }
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("gateway-doctor "), version.out());
    }

    @Test
    void aMissingLogIsANoteWhenOtherInputExists(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"), "nothing\n");

        CliRunner.Result r = run("diagnose", "--logs", log.toString(), dir.resolve("missing.log").toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("missing.log: no such file or directory"), r.out());
    }
}
