package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --origin, --dynamic-path, --samples, --interval and --ca-file: bad values are usage errors (exit 3). */
class ProbeOptionsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "diagnose --url https://example.invalid/ --origin origin.example.org | invalid origin 'origin.example.org': "
                + "an origin is an IP address",
        "diagnose --url https://example.invalid/ --origin 203.0.113.7:99999 | the port must be within 1..65535",
        "diagnose --logs /var/log --origin 203.0.113.7 | --origin, --dynamic-path, --samples and --interval need --url",
        "diagnose --url https://example.invalid/ --dynamic-path wp-login.php | --dynamic-path must start with '/'",
        "diagnose --url https://example.invalid/ --samples 1 | --samples must be within 2..1000, got 1",
        "diagnose --url https://example.invalid/ --interval 2s | --interval needs --samples",
        "diagnose --url https://example.invalid/ --ca-file /nonexistent/ca.pem | cannot read the CA file "
                + "/nonexistent/ca.pem",
    })
    void badProbeOptionsExitThreeWithAClearMessage(String commandLine, String message) {
        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.passing("fake.ok")), commandLine.split(" "));
        assertEquals(3, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains(message), r.err());
    }
}
