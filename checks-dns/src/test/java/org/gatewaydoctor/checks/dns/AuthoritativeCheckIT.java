package org.gatewaydoctor.checks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dns.authoritative} against two real BIND 9 servers (and a real Unbound for the caching case)
 * started by the test on 127.0.0.1. The zones' NS records name 127.0.0.2 and 127.0.0.3 on port 53; the test's
 * route delivers those packets to the two servers' ports on 127.0.0.1 (named only listens on interface
 * addresses), and fails the test for any address outside 127.0.0.0/8.
 */
class AuthoritativeCheckIT {

    @TempDir
    static Path dir;
    static Bind a;
    static Bind b;
    static DatagramSocket silent;

    static String head(String zone) {
        return "@ IN NS ns1." + zone + ".\n@ IN NS ns2." + zone + ".\nns1 IN A 127.0.0.2\nns2 IN A 127.0.0.3";
    }

    @BeforeAll
    static void startServers() throws IOException {
        Map<String, String> onA = new LinkedHashMap<>();
        onA.put("agree.test", Bind.zone(10, head("agree.test"), "www IN A 127.0.0.10"));
        onA.put("split.test", Bind.zone(10, head("split.test"), "www IN A 127.0.0.10"));
        onA.put("lame.test", Bind.zone(10, head("lame.test"), "www IN A 127.0.0.10"));
        onA.put("dead.test", Bind.zone(10, "@ IN NS ns1.dead.test.", "ns1 IN A 127.0.0.5", "www IN A 127.0.0.10"));
        onA.put("moved.test", Bind.zone(10, head("moved.test"), "www IN A 127.0.0.10"));
        a = Bind.start(dir.resolve("a"), onA);
        Map<String, String> onB = new LinkedHashMap<>();
        onB.put("agree.test", Bind.zone(10, head("agree.test"), "www IN A 127.0.0.10"));
        onB.put("split.test", Bind.zone(11, head("split.test"), "www IN A 127.0.0.99"));
        onB.put("moved.test", Bind.zone(10, head("moved.test"), "www IN A 127.0.0.10"));
        b = Bind.start(dir.resolve("b"), onB);
        silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterAll
    static void stopServers() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, silent}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // next
            }
        }
    }

    private static CheckTester tester(String url, String resolver) {
        Map<InetSocketAddress, InetSocketAddress> routes = Map.of(
                TestEnvironments.at("127.0.0.2", 53), TestEnvironments.at("127.0.0.1", a.port()),
                TestEnvironments.at("127.0.0.3", 53), TestEnvironments.at("127.0.0.1", b.port()),
                TestEnvironments.at("127.0.0.5", 53), TestEnvironments.at("127.0.0.1", silent.getLocalPort()));
        return CheckTester.of(new AuthoritativeCheck(TestEnvironments.of(dir.resolve("env"), "nameserver 127.0.0.1\n", "",
                routes))).withUrl(url).withOption(DnsOptions.SERVERS, resolver).withTimeout(Duration.ofSeconds(12));
    }

    private static Finding only(CheckRun run, CauseCode code) {
        run.assertFound(code);
        List<Finding> f = run.findings().stream().filter(x -> code.equals(x.cause())).toList();
        assertEquals(1, f.size(), run.json());
        return f.get(0);
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new AuthoritativeCheck()).assertDescribesItselfProperly();
    }

    @Test
    void serversThatAgreePass() {
        CheckRun run = tester("https://www.agree.test/", a.hostPort()).run().assertPassed();
        assertTrue(run.json().contains("the 2 authoritative servers of agree.test agree: serial 10, www.agree.test → "
                + "127.0.0.10"), run.json());
        run.assertValidAgainstSchema();
    }

    @Test
    void serversWithDifferentSerialsAndAnswersAreInconsistent() {
        Finding f = only(tester("https://www.split.test/", a.hostPort()).run(), CauseCode.DNS_INCONSISTENT);
        assertEquals("the authoritative servers of split.test disagree about www.split.test: ns1.split.test "
                + "(127.0.0.2:53): serial 10, 127.0.0.10; ns2.split.test (127.0.0.3:53): serial 11, 127.0.0.99: "
                + "depending on the server a resolver asks, visitors reach different addresses", f.summary());
    }

    @Test
    void serverThatDoesNotServeTheZoneIsALameDelegation() {
        Finding f = only(tester("https://www.lame.test/", a.hostPort()).run(), CauseCode.DNS_SERVFAIL);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("1 of 2 authoritative servers of lame.test named in its NS set does not serve the zone (lame "
                + "delegation: ns2.lame.test REFUSED for the zone lame.test): resolvers that pick it fail or retry, so "
                + "some lookups of www.lame.test are slow or fail", f.summary());
    }

    @Test
    void delegationThatDoesNotMatchTheZoneIsInconsistentAndItsExtraServerIsAsked() throws Exception {
        // the parent zone "test" (its own BIND at 127.0.0.6) delegates deleg.test to ns1 with an old glue address
        // and to ns3, which the zone does not list and which does not answer; the zone lists ns1 and ns2
        Map<String, String> parentZones = new LinkedHashMap<>();
        parentZones.put("test", "$TTL 300\n@ IN SOA ns hostmaster 1 3600 600 86400 60\n@ IN NS ns.test.\n"
                + "ns IN A 127.0.0.6\ndeleg IN NS ns1.deleg.test.\ndeleg IN NS ns3.deleg.test.\n"
                + "ns1.deleg IN A 127.0.0.9\nns3.deleg IN A 127.0.0.5\n");
        Map<String, String> child = new LinkedHashMap<>();
        child.put("deleg.test", Bind.zone(10, head("deleg.test"), "www IN A 127.0.0.10"));
        try (Bind parent = Bind.start(dir.resolve("parent"), parentZones);
             Bind childA = Bind.start(dir.resolve("childA"), child);
             Unbound resolver = Unbound.start(dir.resolve("unbound-deleg"),
                     new LinkedHashMap<>(Map.of("deleg.test", childA.port(), "test", parent.port())))) {
            Map<InetSocketAddress, InetSocketAddress> routes = Map.of(
                    TestEnvironments.at("127.0.0.2", 53), TestEnvironments.at("127.0.0.1", childA.port()),
                    TestEnvironments.at("127.0.0.3", 53), TestEnvironments.at("127.0.0.1", childA.port()),
                    TestEnvironments.at("127.0.0.5", 53), TestEnvironments.at("127.0.0.1", silent.getLocalPort()),
                    TestEnvironments.at("127.0.0.6", 53), TestEnvironments.at("127.0.0.1", parent.port()));
            CheckRun run = CheckTester.of(new AuthoritativeCheck(TestEnvironments.of(dir.resolve("env-deleg"),
                            "nameserver 127.0.0.1\n", "", routes)))
                    .withUrl("https://www.deleg.test/").withOption(DnsOptions.SERVERS, resolver.hostPort())
                    .withTimeout(Duration.ofSeconds(12)).run();
            Finding f = only(run, CauseCode.DNS_INCONSISTENT);
            assertEquals("the delegation of deleg.test does not match the zone: the parent zone test delegates to "
                    + "ns3.deleg.test, which deleg.test's own NS set does not list; deleg.test lists ns2.deleg.test in "
                    + "its NS set, but the parent zone test does not delegate to it (resolvers never learn of it from "
                    + "the parent); the parent's glue for ns1.deleg.test is 127.0.0.9, but ns1.deleg.test has the "
                    + "address 127.0.0.2 (resolvers starting from the parent go to the glue address)", f.summary());
            assertTrue(f.evidence().get(0).describe().contains("referral to ns1.deleg.test, ns3.deleg.test; glue "
                    + "ns1.deleg.test → 127.0.0.9; ns3.deleg.test → 127.0.0.5"), f.evidence().toString());
            Finding silentOne = only(run, CauseCode.DNS_TIMEOUT);
            assertTrue(silentOne.summary().startsWith("1 of 3 authoritative servers of deleg.test do not answer "
                    + "(ns3.deleg.test 127.0.0.5:53)"), silentOne.summary());
        }
    }

    @Test
    void agreeingDelegationIsNotAFinding() {
        // agree.test's parent "test" is served by no test server: the delegation is not read, and that is said
        CheckRun run = tester("https://www.agree.test/", a.hostPort()).run().assertPassed();
        assertTrue(run.json().contains("the delegation of agree.test was not read: "), run.json());
    }

    @Test
    void zoneWhoseOnlyServerIsSilentTimesOut() {
        CheckRun run = tester("https://www.dead.test/", a.hostPort()).assertRespectsDeadline(Duration.ofSeconds(12));
        Finding f = only(run, CauseCode.DNS_TIMEOUT);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("none of the 1 authoritative servers of dead.test answers (ns1.dead.test 127.0.0.5:53): resolvers "
                + "cannot look up www.dead.test once their cached answer expires", f.summary());
    }

    @Test
    void resolverHoldingTheOldAnswerAfterAChangeIsInconsistentUntilItsTtlEnds() throws Exception {
        try (Unbound resolver = Unbound.start(dir.resolve("unbound"), Map.of("moved.test", a.port()))) {
            assertEquals(300, resolver.warm("www.moved.test"), resolver.output());
            String moved = Bind.zone(11, head("moved.test"), "www IN A 127.0.0.99");
            a.replace("moved.test", moved, 11);
            b.replace("moved.test", moved, 11);
            Finding f = only(tester("https://www.moved.test/", resolver.hostPort()).run(), CauseCode.DNS_INCONSISTENT);
            assertTrue(f.summary().startsWith("the resolver " + resolver.hostPort() + " (--dns-server) still answers "
                    + "127.0.0.10 for www.moved.test while every authoritative server of moved.test answers 127.0.0.99 "
                    + "(serial 11): a cached old answer, which it may keep for up to another "), f.summary());
            assertTrue(f.summary().matches(".* for up to another (2\\d\\d|300) s \\(until .*"), f.summary());
        }
    }

    @Test
    void ipAddressUrlIsNotApplicable() {
        tester("http://127.0.0.1/", a.hostPort()).run().assertNotApplicable();
    }
}
