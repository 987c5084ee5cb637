package org.gatewaydoctor.checks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DNSSEC failure for real: BIND's {@code dnssec-keygen} and {@code dnssec-signzone} sign {@code signed.test}
 * with signatures that expired in 2020, BIND 9 serves it, and a validating Unbound that trusts the zone's key
 * answers SERVFAIL for it — and the address once checking is disabled (CD). {@code dns.names} names the
 * DNSSEC failure as {@code dns.servfail}.
 */
class DnssecIT {

    @TempDir
    Path dir;

    @Test
    void expiredSignaturesAreServfailThatDisappearsWithCheckingDisabled() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        run(keys, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-K", keys.toString(), "signed.test");
        run(keys, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "-K", keys.toString(), "signed.test");
        List<Path> keyFiles;
        try (Stream<Path> s = Files.list(keys)) {
            keyFiles = s.filter(p -> p.toString().endsWith(".key")).sorted().toList();
        }
        StringBuilder zone = new StringBuilder(Bind.zone(1, "@ IN NS ns1", "ns1 IN A 127.0.0.1", "www IN A 127.0.0.10"));
        Path ksk = null;
        for (Path k : keyFiles) {
            zone.append("$INCLUDE ").append(k).append('\n');
            if (Files.readString(k).contains("DNSKEY 257")) {
                ksk = k;
            }
        }
        Path unsigned = Files.writeString(keys.resolve("signed.test.zone"), zone.toString());
        Path signed = keys.resolve("signed.test.zone.signed");
        // -P: dnssec-signzone would refuse to write signatures that are already expired
        run(keys, "dnssec-signzone", "-q", "-P", "-K", keys.toString(), "-o", "signed.test", "-s", "20200101000000",
                "-e", "20200201000000", "-f", signed.toString(), unsigned.toString());
        try (Bind bind = Bind.start(dir.resolve("bind"), Map.of("signed.test", Files.readString(signed)));
             Unbound resolver = Unbound.start(dir.resolve("unbound"), Map.of("signed.test", bind.port()), ksk)) {
            CheckRun run = CheckTester.of(new NameResolutionCheck(TestEnvironments.isolated(dir.resolve("env"))))
                    .withUrl("https://www.signed.test/").withOption(DnsOptions.SERVERS, resolver.hostPort())
                    .withTimeout(Duration.ofSeconds(10)).run();
            run.assertFound(CauseCode.DNS_SERVFAIL);
            Finding f = run.findings().get(0);
            assertEquals("the site's name www.signed.test cannot be resolved: the resolver answers SERVFAIL, and answers "
                    + "with DNSSEC checking disabled: the zone's DNSSEC is broken according to resolver "
                    + resolver.hostPort() + " (--dns-server): visitors get a browser DNS error, no HTTP status",
                    f.summary());
            String probe = f.evidence().get(0).describe();
            // Unbound 1.17 names it EDE 6 (DNSSEC Bogus) or, while its trust anchor is unprimed, 9 (DNSKEY Missing)
            assertTrue(probe.matches(".*-> SERVFAIL, EDE (6 \\(DNSSEC Bogus\\)|9 \\(DNSKEY Missing\\)|7 \\(Signature "
                    + "Expired\\)); with checking disabled \\(CD\\) it answers \\[127\\.0\\.0\\.10\\]: DNSSEC validation "
                    + "fails.*"), probe + "\n" + resolver.output());
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, "/usr/bin/" + command[0]);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
        }
    }
}
