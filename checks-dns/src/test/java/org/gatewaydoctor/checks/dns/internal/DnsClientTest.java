package org.gatewaydoctor.checks.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The transport against hostile peers on 127.0.0.1: each ends within its budget with a failure that says what happened. */
class DnsClientTest {

    private static final Name WWW = Lookups.name("www.example.test");
    private static final Duration BUDGET = Duration.ofMillis(600);
    /** For peers that never give a usable answer: each question waits out this budget. */
    private final DnsClient client = new DnsClient(Clock.systemUTC(), UnaryOperator.identity(), BUDGET);
    /** For peers that answer: a budget no loaded machine exhausts. */
    private final DnsClient patient = new DnsClient(Clock.systemUTC(), UnaryOperator.identity(), Duration.ofSeconds(4));

    private Exchange ask(HostileDnsPeer peer) throws InterruptedException {
        return client.ask(peer.server(), WWW, Type.A, true, false, Instant.now().plusSeconds(5));
    }

    private Exchange askPatiently(HostileDnsPeer peer) throws InterruptedException {
        return patient.ask(peer.server(), WWW, Type.A, true, false, Instant.now().plusSeconds(9));
    }

    private static ARecord a(String address) throws IOException {
        return new ARecord(WWW, DClass.IN, 300, InetAddress.getByName(address));
    }

    @Test
    void answersAQuestionOverUdp() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> List.of(HostileDnsPeer.ok(q, a("127.0.0.10")).toWire()))) {
            Exchange x = askPatiently(peer);
            Exchange.Answer answer = assertInstanceOf(Exchange.Answer.class, x.outcome());
            assertEquals(false, answer.tcp());
            assertEquals("127.0.0.10", ((ARecord) answer.message().getSection(1).get(0)).getAddress().getHostAddress());
            assertEquals(List.of(), x.notes());
        }
    }

    @Test
    void silentPeerTimesOutAfterAskingTwice() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> List.of())) {
            Exchange x = ask(peer);
            Exchange.NoAnswer no = assertInstanceOf(Exchange.NoAnswer.class, x.outcome());
            assertEquals(Exchange.Failure.TIMEOUT, no.failure());
            assertEquals("no reply within 600 ms (asked twice over UDP)", no.detail());
            assertEquals(2, peer.udpQueries());
        }
    }

    @Test
    void repliesToAnotherQuestionIdAreIgnoredAndNamed() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> {
            Message m = HostileDnsPeer.ok(q, a("203.0.113.66"));
            m.getHeader().setID((q.getHeader().getID() + 1) & 0xffff);
            return List.of(m.toWire());
        })) {
            Exchange x = ask(peer);
            Exchange.NoAnswer no = assertInstanceOf(Exchange.NoAnswer.class, x.outcome());
            assertEquals(Exchange.Failure.WRONG_ID, no.failure());
            assertTrue(no.detail().matches("[12] repl(y|ies) within 600 ms, none to the question asked \\(another question "
                    + "id\\): resolvers drop them"), no.detail());
            assertTrue(x.notes().get(0).startsWith("ignored a reply with id "), x.notes().toString());
            assertTrue(x.notes().get(0).endsWith(", as every resolver does"), x.notes().toString());
        }
    }

    @Test
    void repliesAboutAnotherQuestionAreIgnored() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> {
            Message other = Message.newQuery(Record.newRecord(Lookups.name("evil.example.test"), Type.A, DClass.IN));
            Message m = HostileDnsPeer.ok(other);
            m.getHeader().setID(q.getHeader().getID());
            return List.of(m.toWire());
        })) {
            Exchange x = ask(peer);
            assertEquals(Exchange.Failure.WRONG_ID, ((Exchange.NoAnswer) x.outcome()).failure());
            assertEquals("ignored a reply about another question (A evil.example.test.), as every resolver does",
                    x.notes().get(0));
        }
    }

    @Test
    void garbageIsNotTakenForAnAnswer() throws Exception {
        byte[] junk = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> List.of(java.util.Arrays.copyOf(junk, 7)))) {
            Exchange x = ask(peer);
            Exchange.NoAnswer no = assertInstanceOf(Exchange.NoAnswer.class, x.outcome());
            assertEquals(Exchange.Failure.MALFORMED, no.failure());
            assertTrue(no.detail().matches("[12] repl(y|ies) within 600 ms, none a DNS message"), no.detail());
            assertTrue(x.notes().get(0).startsWith("ignored a reply of 7 bytes that is not a DNS message ("),
                    x.notes().toString());
            assertTrue(x.notes().get(0).endsWith("; starts 485454502f312e)"), x.notes().toString());
        }
    }

    @Test
    void truncatedAnswerIsCompletedOverTcp() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udpAndTcp(q -> {
            Message m = HostileDnsPeer.ok(q, a("127.0.0.1"));
            m.getHeader().setFlag(Flags.TC);
            return List.of(m.toWire());
        }, q -> List.of(HostileDnsPeer.ok(q, a("127.0.0.1"), a("127.0.0.2"), a("127.0.0.3")).toWire()))) {
            Exchange x = askPatiently(peer);
            Exchange.Answer answer = assertInstanceOf(Exchange.Answer.class, x.outcome());
            assertTrue(answer.tcp());
            assertEquals(3, answer.message().getSection(1).size());
            assertEquals(List.of("the UDP answer was truncated (TC flag, 1 answer records fit); asked again over TCP",
                    "the TCP answer is complete: 3 answer records, " + answer.message().toWire().length + " bytes"),
                    x.notes());
            assertEquals(1, peer.tcpQueries());
        }
    }

    @Test
    void truncatedAnswerWithoutTcpIsATruncationFailure() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> {
            Message m = HostileDnsPeer.ok(q);
            m.getHeader().setFlag(Flags.TC);
            return List.of(m.toWire());
        })) {
            Exchange x = askPatiently(peer);
            Exchange.NoAnswer no = assertInstanceOf(Exchange.NoAnswer.class, x.outcome());
            assertEquals(Exchange.Failure.TRUNCATED, no.failure());
            assertEquals("truncated over UDP, and TCP " + peer.server().hostPort()
                    + " refuses connections: resolvers cannot get the whole answer", no.detail());
        }
    }

    @Test
    void replyFromAnotherPortCountsAsNoReply() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> List.of(HostileDnsPeer.ok(q, a("203.0.113.66")).toWire()))
                .fromAnotherPort()) {
            Exchange x = ask(peer);
            Exchange.NoAnswer no = assertInstanceOf(Exchange.NoAnswer.class, x.outcome());
            assertEquals(Exchange.Failure.TIMEOUT, no.failure());
            assertEquals(2, peer.udpQueries());
        }
    }

    @Test
    void closedPortEndsBeforeTheBudget() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
        }
        NameServer nobody = new NameServer(InetAddress.getLoopbackAddress(), port, "test");
        Exchange x = patient.ask(nobody, WWW, Type.A, true, false, Instant.now().plusSeconds(9));
        Exchange.NoAnswer no = assertInstanceOf(Exchange.NoAnswer.class, x.outcome());
        assertEquals(Exchange.Failure.UNREACHABLE, no.failure(), no.toString());
        assertEquals("nothing listens on UDP 127.0.0.1:" + port + " (ICMP port unreachable)", no.detail());
    }

    @Test
    void deadlineShorterThanTheBudgetWins() throws Exception {
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> List.of())) {
            Instant deadline = Instant.now().plusMillis(150);
            Exchange x = client.ask(peer.server(), WWW, Type.A, true, false, deadline);
            assertEquals(Exchange.Failure.TIMEOUT, ((Exchange.NoAnswer) x.outcome()).failure());
            assertTrue(((Exchange.NoAnswer) x.outcome()).detail().startsWith("no reply within 1"), x.toString());
        }
    }

    @Test
    void queriesCarryRecursionAndCheckingFlagsAsAsked() throws Exception {
        List<Message> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (HostileDnsPeer peer = HostileDnsPeer.udp(q -> {
            seen.add(q);
            return List.of(HostileDnsPeer.response(q, Rcode.REFUSED).toWire());
        })) {
            patient.ask(peer.server(), WWW, Type.SOA, false, true, Instant.now().plusSeconds(9));
            Message q = seen.get(0);
            assertEquals(false, q.getHeader().getFlag(Flags.RD));
            assertEquals(true, q.getHeader().getFlag(Flags.CD));
            assertEquals(DnsClient.EDNS_PAYLOAD, q.getOPT().getPayloadSize());
        }
    }
}
