package org.gatewaydoctor.checks.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.spi.NameResolver;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The stub-resolver logic against scripted peers on 127.0.0.1: response codes, CNAME chains, DNSSEC failures. */
class LookupsTest {

    private final Lookups lookups = new Lookups(new DnsClient(Clock.systemUTC(), UnaryOperator.identity(),
            Duration.ofSeconds(3)));

    private Resolution resolve(HostileDnsPeer peer, String host) throws InterruptedException {
        return lookups.resolve(host, peer.server(), Instant.now().plusSeconds(5));
    }

    @Test
    void servfailThatAnswersWithCheckingDisabledIsNamedADnssecFailure() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> {
            if (q.getHeader().getFlag(Flags.CD)) {
                return List.of(HostileDnsPeer.ok(q, new ARecord(q.getQuestion().getName(), DClass.IN, 60,
                        InetAddress.getByName("127.0.0.10"))).toWire());
            }
            Message m = HostileDnsPeer.response(q, Rcode.SERVFAIL);
            m.addRecord(new OPTRecord(1232, 0, 0, 0, new ExtendedErrorCodeOption(ExtendedErrorCodeOption.DNSSEC_BOGUS)),
                    Section.ADDITIONAL);
            return List.of(m.toWire());
        })) {
            Resolution r = resolve(peer, "signed.example.test");
            assertEquals(NameResolver.Status.SERVFAIL, r.status());
            assertEquals("SERVFAIL, EDE 6 (DNSSEC Bogus); with checking disabled (CD) it answers [127.0.0.10]: DNSSEC "
                    + "validation fails (bogus signatures, or a DS that matches no key)", r.detail());
        }
    }

    @Test
    void servfailThatStaysWithCheckingDisabledIsNotBlamedOnDnssec() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> List.of(HostileDnsPeer.response(q, Rcode.SERVFAIL).toWire()))) {
            Resolution r = resolve(peer, "lame.example.test");
            assertEquals(NameResolver.Status.SERVFAIL, r.status());
            assertEquals("SERVFAIL", r.detail());
        }
    }

    @Test
    void refusedSaysTheServerIsNoResolverForTheName() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> {
            Message m = HostileDnsPeer.response(q, Rcode.REFUSED);
            m.getHeader().unsetFlag(Flags.RA);
            return List.of(m.toWire());
        })) {
            Resolution r = resolve(peer, "www.example.test");
            assertEquals(NameResolver.Status.REFUSED, r.status());
            assertEquals("REFUSED (the server offers no recursion: it is not a resolver for this name)", r.detail());
        }
    }

    @Test
    void cnameTargetTheServerDidNotResolveIsAskedForSeparately() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> {
            String n = q.getQuestion().getName().toString(true);
            if (n.equals("www.example.test")) {
                Message m = HostileDnsPeer.ok(q, new CNAMERecord(q.getQuestion().getName(), DClass.IN, 300,
                        Lookups.name("edge.cdn.test")));
                m.getHeader().unsetFlag(Flags.RA);
                return List.of(m.toWire());
            }
            if (q.getQuestion().getType() == Type.AAAA) {
                return List.of(HostileDnsPeer.ok(q, new AAAARecord(q.getQuestion().getName(), DClass.IN, 30,
                        InetAddress.getByName("::1"))).toWire());
            }
            return List.of(HostileDnsPeer.ok(q, new ARecord(q.getQuestion().getName(), DClass.IN, 30,
                    InetAddress.getByName("127.0.0.20"))).toWire());
        })) {
            Resolution r = resolve(peer, "www.example.test");
            assertEquals(NameResolver.Status.RESOLVED, r.status());
            assertEquals(List.of("edge.cdn.test"), r.chain());
            assertEquals("CNAME edge.cdn.test → 127.0.0.20, ::1 (TTL 30 s)", r.answerText());
        }
    }

    @Test
    void cnameLoopEndsAsAnError() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> {
            String n = q.getQuestion().getName().toString(true);
            String next = n.equals("a.loop.test") ? "b.loop.test" : "a.loop.test";
            return List.of(HostileDnsPeer.ok(q, new CNAMERecord(q.getQuestion().getName(), DClass.IN, 300,
                    Lookups.name(next))).toWire());
        })) {
            Resolution r = resolve(peer, "a.loop.test");
            assertTrue(r.status() == NameResolver.Status.DANGLING_CNAME || r.status() == NameResolver.Status.ERROR, r.toString());
            assertEquals(List.of("b.loop.test", "a.loop.test"), r.chain().subList(0, 2));
        }
    }

    @Test
    void specialUseNamesAreAnsweredWithoutAskingAnyone() {
        assertEquals(NameResolver.Status.NXDOMAIN, Lookups.specialUse("backend.invalid").orElseThrow().status());
        assertEquals(NameResolver.Status.RESOLVED, Lookups.specialUse("localhost").orElseThrow().status());
        assertTrue(Lookups.specialUse("www.example.test").isEmpty());
    }

    @Test
    void ipv6AddressesAreWrittenInTheirShortForm() throws Exception {
        assertEquals("::1", Resolution.text(InetAddress.getByName("0:0:0:0:0:0:0:1")));
        assertEquals("2606:4700::6810:84e5", Resolution.text(InetAddress.getByName("2606:4700:0:0:0:0:6810:84e5")));
        assertEquals("2001:db8:0:1:1:1:1:1", Resolution.text(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:db8::1:0:0:1", Resolution.text(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
    }
}
