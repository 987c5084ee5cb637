package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydoctor.checks.dns.DnsOptions;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/** {@code --dns-server} and {@code --expect-address} reach the DNS checks as target options. */
class DiagnoseDnsOptionsTest {

    @Test
    void repeatedDnsOptionsBecomeOneListEach() {
        AtomicReference<Target> seen = new AtomicReference<>();
        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.recording("fake.rec", seen)),
                "diagnose", "--url", "https://www.example.invalid/", "--dns-server", "127.0.0.1:5353",
                "--dns-server", "[::1]:53", "--expect-address", "192.0.2.7", "--expect-address", "2001:db8::7");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals("127.0.0.1:5353,[::1]:53", seen.get().options().get(DnsOptions.SERVERS));
        assertEquals("192.0.2.7,2001:db8::7", seen.get().options().get(DnsOptions.EXPECT_ADDRESS));
    }

    @Test
    void withoutDnsOptionsTheTargetHasNone() {
        AtomicReference<Target> seen = new AtomicReference<>();
        CliRunner.run(CliRunner.checks(FakeCheck.recording("fake.rec", seen)), "diagnose", "--url",
                "https://www.example.invalid/");
        assertEquals(null, seen.get().options().get(DnsOptions.SERVERS));
        assertEquals(null, seen.get().options().get(DnsOptions.EXPECT_ADDRESS));
    }
}
