package org.gatewaydoctor.checks.dns.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A small DNS peer on 127.0.0.1 (a free UDP port, and optionally TCP on the same port) that misbehaves as a
 * test tells it: never answers, answers another question id, answers garbage, truncates, answers from
 * another port, or answers properly with a given response code and records. Only for tests; it never sends
 * anything to an address other than the loopback one that asked.
 */
final class HostileDnsPeer implements AutoCloseable {

    /** What the peer sends back for one query over UDP: zero or more datagrams. */
    @FunctionalInterface
    interface Udp {
        List<byte[]> reply(Message query) throws IOException;
    }

    private final DatagramSocket udp;
    private final DatagramSocket other;
    private final ServerSocket tcp;
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean fromOtherPort;

    private HostileDnsPeer(Udp udpBehaviour, Udp tcpBehaviour) throws IOException {
        // The UDP port chosen by the system may be taken for TCP by someone else: then try another pair.
        DatagramSocket u;
        ServerSocket s = null;
        for (int attempt = 1; ; attempt++) {
            u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            if (tcpBehaviour == null) {
                break;
            }
            s = new ServerSocket();
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), u.getLocalPort()));
                break;
            } catch (java.net.BindException e) {
                s.close();
                u.close();
                if (attempt == 50) {
                    throw e;
                }
            }
        }
        udp = u;
        other = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        if (tcpBehaviour != null) {
            tcp = s;
            Thread t = new Thread(() -> acceptLoop(tcpBehaviour), "hostile-dns-tcp");
            t.setDaemon(true);
            t.start();
        } else {
            tcp = null;
        }
        Thread t = new Thread(() -> udpLoop(udpBehaviour), "hostile-dns-udp");
        t.setDaemon(true);
        t.start();
    }

    /** A peer answering UDP with {@code udp}; no TCP listener. */
    static HostileDnsPeer udp(Udp udp) throws IOException {
        return new HostileDnsPeer(udp, null);
    }

    /** A peer answering UDP with {@code udp} and TCP (on the same port) with {@code tcp}. */
    static HostileDnsPeer udpAndTcp(Udp udp, Udp tcp) throws IOException {
        return new HostileDnsPeer(udp, tcp);
    }

    /** Sends every UDP reply from another port than the one asked. */
    HostileDnsPeer fromAnotherPort() {
        fromOtherPort = true;
        return this;
    }

    int port() {
        return udp.getLocalPort();
    }

    NameServer server() {
        return new NameServer(InetAddress.getLoopbackAddress(), port(), "test peer");
    }

    int udpQueries() {
        return udpQueries.get();
    }

    int tcpQueries() {
        return tcpQueries.get();
    }

    /** A response to {@code query} with {@code rcode} and {@code answers}. */
    static Message response(Message query, int rcode, Record... answers) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RD);
        m.getHeader().setFlag(Flags.RA);
        m.getHeader().setRcode(rcode);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        for (Record r : answers) {
            m.addRecord(r, Section.ANSWER);
        }
        return m;
    }

    /** A NOERROR response to {@code query} with {@code answers}. */
    static Message ok(Message query, Record... answers) {
        return response(query, Rcode.NOERROR, answers);
    }

    private void udpLoop(Udp behaviour) {
        byte[] buf = new byte[65535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
                udpQueries.incrementAndGet();
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                for (byte[] out : behaviour.reply(q)) {
                    (fromOtherPort ? other : udp).send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                }
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // a query we cannot parse: ignore it, as a server would
            }
        }
    }

    private void acceptLoop(Udp behaviour) {
        while (!closed) {
            try (Socket s = tcp.accept()) {
                tcpQueries.incrementAndGet();
                InputStream in = s.getInputStream();
                DataInputStream data = new DataInputStream(in);
                int len = data.readUnsignedShort();
                byte[] q = new byte[len];
                data.readFully(q);
                OutputStream out = s.getOutputStream();
                for (byte[] reply : behaviour.reply(new Message(q))) {
                    out.write(new byte[] {(byte) (reply.length >>> 8), (byte) reply.length});
                    out.write(reply);
                }
                out.flush();
            } catch (SocketException e) {
                if (closed) {
                    return;
                }
            } catch (IOException e) {
                // next connection
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        udp.close();
        other.close();
        if (tcp != null) {
            tcp.close();
        }
    }
}
