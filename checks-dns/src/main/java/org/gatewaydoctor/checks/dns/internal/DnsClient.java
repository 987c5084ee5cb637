package org.gatewaydoctor.checks.dns.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Asks one question of one name server over UDP, falling back to TCP when the answer is truncated, within a
 * deadline. Built per check: it holds no cache and touches none of dnsjava's global state (no
 * {@code Lookup}, no default resolver); dnsjava supplies the wire format only. Its own transport (rather
 * than dnsjava's {@code SimpleResolver}, which shares one NIO selector thread per JVM) lets it report what
 * resolvers hide: replies to another question id, replies that are not DNS, a truncated answer and
 * whether TCP then worked, ICMP port unreachable.
 *
 * <p>UDP goes through a connected socket, so the kernel drops replies from any other address or port
 * (they count as no reply, as with every resolver). One question is sent twice at most: again after
 * 40% of its time without a usable reply.
 */
public final class DnsClient {

    /** The EDNS(0) UDP payload size offered (the DNS flag day 2020 value). */
    public static final int EDNS_PAYLOAD = 1232;
    /** Longest a single question waits, whatever the deadline. */
    public static final Duration MAX_PER_QUESTION = Duration.ofSeconds(2);
    private static final int MAX_NOTES = 5;

    private final Clock clock;
    private final UnaryOperator<InetSocketAddress> route;
    private final Duration perQuestion;
    /** Query ids, made on the first query: creating it loads the security providers, which a diagnosis without
     *  names to resolve never needs. */
    private volatile SecureRandom random;

    /** A client that sends to the addresses it is given. */
    public DnsClient(Clock clock) {
        this(clock, UnaryOperator.identity(), MAX_PER_QUESTION);
    }

    /**
     * A client whose packets go to {@code route.apply(server)} instead of the server's own address: tests run
     * several name servers on one loopback address, each on its own port, and map the addresses a zone's NS
     * records name onto them. The findings still name the server's own address.
     */
    public DnsClient(Clock clock, UnaryOperator<InetSocketAddress> route, Duration perQuestion) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.route = Objects.requireNonNull(route, "route");
        this.perQuestion = Objects.requireNonNull(perQuestion, "perQuestion");
    }

    /** The clock this client measures with. */
    public Clock clock() {
        return clock;
    }

    /**
     * Asks {@code type name} of {@code server}.
     *
     * @param recursion whether to set RD (ask a resolver to resolve) or not (ask an authoritative server
     *     what it holds itself)
     * @param checkingDisabled whether to set CD (a validating resolver then skips DNSSEC validation)
     * @param deadline when to give up at the latest
     */
    public Exchange ask(NameServer server, Name name, int type, boolean recursion, boolean checkingDisabled,
                        Instant deadline) throws InterruptedException {
        Instant start = clock.instant();
        Instant end = min(deadline, start.plus(perQuestion));
        List<String> notes = new ArrayList<>();
        Message query = query(name, type, recursion, checkingDisabled);
        Exchange.Outcome outcome;
        try {
            outcome = udp(server, query, start, end, notes);
            if (outcome instanceof Exchange.Answer a && a.message().getHeader().getFlag(Flags.TC)) {
                int records = a.message().getSection(Section.ANSWER).size();
                notes.add(note("the UDP answer was truncated (TC flag, " + records + " answer records fit); "
                        + "asked again over TCP"));
                Instant tcpEnd = min(deadline, clock.instant().plus(perQuestion));
                outcome = tcp(server, query, tcpEnd, notes);
            }
        } catch (IOException e) {
            outcome = new Exchange.NoAnswer(Exchange.Failure.ERROR, "cannot send to " + server.hostPort() + ": "
                    + e.getMessage());
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return new Exchange(server, name, type, outcome, Duration.between(start, clock.instant()), notes);
    }

    private SecureRandom random() {
        SecureRandom r = random;
        if (r == null) {
            synchronized (this) {
                r = random;
                if (r == null) {
                    r = new SecureRandom();
                    random = r;
                }
            }
        }
        return r;
    }

    private Message query(Name name, int type, boolean recursion, boolean checkingDisabled) {
        Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        q.getHeader().setID(random().nextInt(0x10000));
        if (!recursion) {
            q.getHeader().unsetFlag(Flags.RD);
        }
        if (checkingDisabled) {
            q.getHeader().setFlag(Flags.CD);
        }
        q.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0, 0), Section.ADDITIONAL);
        return q;
    }

    private Exchange.Outcome udp(NameServer server, Message query, Instant start, Instant end, List<String> notes)
            throws IOException {
        byte[] wire = query.toWire();
        int id = query.getHeader().getID();
        int wrongId = 0;
        int malformed = 0;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(route.apply(server.socketAddress()));
            socket.send(new DatagramPacket(wire, wire.length));
            boolean resent = false;
            Instant resendAt = start.plus(Duration.between(start, end).multipliedBy(2).dividedBy(5));
            byte[] buffer = new byte[65535];
            while (true) {
                Instant now = clock.instant();
                Instant wake = resent ? end : min(end, resendAt);
                long wait = Duration.between(now, wake).toMillis();
                if (wait <= 0) {
                    if (!resent && now.isBefore(end)) {
                        socket.send(new DatagramPacket(wire, wire.length));
                        resent = true;
                        continue;
                    }
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, wait));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (PortUnreachableException e) {
                    return new Exchange.NoAnswer(Exchange.Failure.UNREACHABLE, "nothing listens on UDP "
                            + server.hostPort() + " (ICMP port unreachable)");
                }
                byte[] data = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                Message reply;
                try {
                    reply = new Message(data);
                } catch (IOException e) {
                    malformed++;
                    if (malformed <= 2) {
                        notes.add(note("ignored a reply of " + data.length + " bytes that is not a DNS message ("
                                + e.getMessage() + "; starts " + hex(data) + ")"));
                    }
                    continue;
                }
                String mismatch = mismatch(query, reply);
                if (mismatch != null) {
                    wrongId++;
                    if (wrongId <= 2) {
                        notes.add(note("ignored a reply " + mismatch + ", as every resolver does"));
                    }
                    continue;
                }
                return new Exchange.Answer(reply, false);
            }
        }
        long ms = Duration.between(start, end).toMillis();
        if (wrongId > 0) {
            return new Exchange.NoAnswer(Exchange.Failure.WRONG_ID, wrongId + (wrongId == 1 ? " reply" : " replies")
                    + " within " + ms + " ms, none to the question asked (another question id): resolvers drop them");
        }
        if (malformed > 0) {
            return new Exchange.NoAnswer(Exchange.Failure.MALFORMED, malformed + (malformed == 1 ? " reply" : " replies")
                    + " within " + ms + " ms, none a DNS message");
        }
        return new Exchange.NoAnswer(Exchange.Failure.TIMEOUT, "no reply within " + ms + " ms (asked twice over UDP)");
    }

    /** Why {@code reply} does not answer {@code query}, or {@code null} when it does. */
    static String mismatch(Message query, Message reply) {
        int id = query.getHeader().getID();
        if (reply.getHeader().getID() != id) {
            return "with id " + reply.getHeader().getID() + " to a query with id " + id;
        }
        if (!reply.getHeader().getFlag(Flags.QR)) {
            return "that is a query, not a response";
        }
        Record q = query.getQuestion();
        Record r = reply.getQuestion();
        if (r != null && (!r.getName().equals(q.getName()) || r.getType() != q.getType())) {
            return "about another question (" + Type.string(r.getType()) + " " + r.getName() + ")";
        }
        return null;
    }

    private Exchange.Outcome tcp(NameServer server, Message query, Instant end, List<String> notes) {
        byte[] wire = query.toWire();
        try (Socket socket = new Socket()) {
            long connect = Duration.between(clock.instant(), end).toMillis();
            if (connect <= 0) {
                return new Exchange.NoAnswer(Exchange.Failure.TRUNCATED, "truncated over UDP, and no time was left "
                        + "to ask over TCP");
            }
            socket.connect(route.apply(server.socketAddress()), (int) connect);
            OutputStream out = socket.getOutputStream();
            byte[] framed = new byte[wire.length + 2];
            framed[0] = (byte) (wire.length >>> 8);
            framed[1] = (byte) wire.length;
            System.arraycopy(wire, 0, framed, 2, wire.length);
            out.write(framed);
            out.flush();
            InputStream in = socket.getInputStream();
            while (true) {
                byte[] head = readFully(socket, in, 2, end);
                int length = ((head[0] & 0xff) << 8) | (head[1] & 0xff);
                byte[] body = readFully(socket, in, length, end);
                Message reply;
                try {
                    reply = new Message(body);
                } catch (IOException e) {
                    return new Exchange.NoAnswer(Exchange.Failure.TRUNCATED, "truncated over UDP; over TCP the "
                            + "reply of " + length + " bytes is not a DNS message (" + e.getMessage() + ")");
                }
                String mismatch = mismatch(query, reply);
                if (mismatch != null) {
                    notes.add(note("ignored a TCP reply " + mismatch));
                    continue;
                }
                notes.add(note("the TCP answer is complete: " + reply.getSection(Section.ANSWER).size()
                        + " answer records, " + length + " bytes"));
                return new Exchange.Answer(reply, true);
            }
        } catch (ConnectException e) {
            return new Exchange.NoAnswer(Exchange.Failure.TRUNCATED, "truncated over UDP, and TCP " + server.hostPort()
                    + " refuses connections: resolvers cannot get the whole answer");
        } catch (SocketTimeoutException e) {
            return new Exchange.NoAnswer(Exchange.Failure.TRUNCATED, "truncated over UDP, and TCP " + server.hostPort()
                    + " did not answer in time");
        } catch (IOException e) {
            return new Exchange.NoAnswer(Exchange.Failure.TRUNCATED, "truncated over UDP, and TCP " + server.hostPort()
                    + " failed: " + e.getMessage());
        }
    }

    private byte[] readFully(Socket socket, InputStream in, int n, Instant end) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        DataInputStream data = new DataInputStream(in);
        while (got < n) {
            long wait = Duration.between(clock.instant(), end).toMillis();
            if (wait <= 0) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout((int) wait);
            int r = data.read(out, got, n - got);
            if (r < 0) {
                throw new EOFException("the server closed the connection after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return out;
    }

    private static String note(String text) {
        return text;
    }

    private static String hex(byte[] data) {
        return HexFormat.of().formatHex(data, 0, Math.min(8, data.length));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Keeps at most a few notes (a hostile peer can send thousands of replies). */
    static List<String> bounded(List<String> notes) {
        return notes.size() <= MAX_NOTES ? notes : notes.subList(0, MAX_NOTES);
    }
}
