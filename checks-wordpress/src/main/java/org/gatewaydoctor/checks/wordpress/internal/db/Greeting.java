package org.gatewaydoctor.checks.wordpress.internal.db;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.time.Duration;

/**
 * What a MariaDB/MySQL server says before any credentials are sent: the first packet of the client/server
 * protocol. A healthy server sends its handshake (protocol 10, version string); a server out of connection
 * slots or blocking the host sends an error packet instead ({@code 0xff}, error code, message: 1040 {@code Too
 * many connections}, 1129 {@code Host '...' is blocked because of many connection errors}). Connecting and reading
 * are bounded by one timeout; nothing is ever written to the server.
 *
 * @param outcome what happened
 * @param version the server version of a handshake, else {@code null}
 * @param errorCode the error packet's code, else 0
 * @param message the error packet's message or the failure's description (no secret: nothing was sent)
 * @param elapsed how long it took
 */
public record Greeting(Outcome outcome, String version, int errorCode, String message, Duration elapsed) {

    /** How the first contact went. */
    public enum Outcome {
        /** A handshake: the server is up and accepts connections. */
        HANDSHAKE,
        /** An error packet instead of a handshake. */
        ERROR_PACKET,
        /** TCP refused, or nothing listens on the socket file. */
        REFUSED,
        /** The socket file does not exist. */
        NO_SOCKET,
        /** This process may not open the socket. */
        PERMISSION,
        /** No connection, or no first packet, within the time allowed. */
        TIMEOUT,
        /** The server closed the connection without a packet. */
        CLOSED,
        /** The first bytes are not a MariaDB/MySQL packet. */
        NOT_MYSQL,
        /** Any other network error (unreachable, unknown host). */
        UNREACHABLE
    }

    /** Largest first packet read; a handshake is under 200 bytes. */
    static final int MAX_PACKET = 16 * 1024;

    /** Connects to {@code host} and reads the first packet, all within {@code timeout}. */
    public static Greeting read(DbHost host, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Math.max(1, timeout.toNanos());
        SocketAddress address;
        if (host.isSocket()) {
            if (!Files.exists(host.socket())) {
                return done(Outcome.NO_SOCKET, null, 0, "no such file: " + host.socket(), start);
            }
            address = UnixDomainSocketAddress.of(host.socket());
        } else {
            InetSocketAddress a = new InetSocketAddress(host.host(), host.port());
            if (a.isUnresolved()) {
                return done(Outcome.UNREACHABLE, null, 0, "the name " + host.host() + " does not resolve", start);
            }
            address = a;
        }
        try (SocketChannel ch = host.isSocket() ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
             Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            boolean connected = ch.connect(address);
            if (!connected) {
                ch.register(selector, SelectionKey.OP_CONNECT);
                while (!connected) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return done(Outcome.TIMEOUT, null, 0, "no connection within " + millis(timeout), start);
                    }
                    selector.select(Math.max(1, left / 1_000_000));
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    selector.selectedKeys().clear();
                    connected = ch.finishConnect();
                }
            }
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            ByteBuffer header = ByteBuffer.allocate(4);
            if (!fill(ch, selector, header, deadline)) {
                return closedOrTimeout(header, deadline, timeout, start);
            }
            int length = (header.get(0) & 0xff) | (header.get(1) & 0xff) << 8 | (header.get(2) & 0xff) << 16;
            if (length == 0 || length > MAX_PACKET || header.get(3) != 0) {
                return done(Outcome.NOT_MYSQL, null, 0, "the first bytes are not a MariaDB/MySQL packet", start);
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            if (!fill(ch, selector, body, deadline)) {
                return closedOrTimeout(body, deadline, timeout, start);
            }
            key.cancel();
            return parse(body.array(), start);
        } catch (ConnectException e) {
            return done(Outcome.REFUSED, null, 0, host.isSocket() ? "nothing accepts connections on " + host.socket()
                    : "connection refused", start);
        } catch (AccessDeniedException e) {
            return done(Outcome.PERMISSION, null, 0, "permission denied on " + host.socket(), start);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Permission denied")) {
                return done(Outcome.PERMISSION, null, 0, "permission denied on " + host.socket(), start);
            }
            if (m.contains("Connection refused")) {
                return done(Outcome.REFUSED, null, 0, "connection refused", start);
            }
            if (m.contains("No such file")) {
                return done(Outcome.NO_SOCKET, null, 0, "no such file: " + host.socket(), start);
            }
            return done(Outcome.UNREACHABLE, null, 0, e.getClass().getSimpleName() + ": " + m, start);
        }
    }

    private static Greeting closedOrTimeout(ByteBuffer buf, long deadline, Duration timeout, long start) {
        if (System.nanoTime() >= deadline) {
            return done(Outcome.TIMEOUT, null, 0, (buf.position() == 0 ? "connected, but the server sent no greeting"
                    : "the server's first packet did not arrive whole") + " within " + millis(timeout), start);
        }
        return done(Outcome.CLOSED, null, 0, "the server closed the connection "
                + (buf.position() == 0 ? "without a word" : "in the middle of its first packet"), start);
    }

    /** Reads until {@code buf} is full; false on end of stream or deadline. */
    private static boolean fill(SocketChannel ch, Selector selector, ByteBuffer buf, long deadline)
            throws IOException, InterruptedException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf);
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
        return true;
    }

    /** Parses a first packet's payload. */
    static Greeting parse(byte[] p, long start) {
        int first = p[0] & 0xff;
        if (first == 0xff && p.length >= 3) {
            int code = (p[1] & 0xff) | (p[2] & 0xff) << 8;
            int from = 3;
            if (p.length >= 9 && p[3] == '#') {
                from = 9;
            }
            String msg = new String(p, from, p.length - from, StandardCharsets.UTF_8);
            return done(Outcome.ERROR_PACKET, null, code, printable(msg), start);
        }
        if (first == 10) {
            int end = 1;
            while (end < p.length && p[end] != 0 && end < 257) {
                end++;
            }
            return done(Outcome.HANDSHAKE, printable(new String(p, 1, end - 1, StandardCharsets.UTF_8)), 0, "", start);
        }
        return done(Outcome.NOT_MYSQL, null, 0, "the first packet is neither a handshake nor an error (protocol "
                + first + ")", start);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(512).forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return b.toString();
    }

    private static String millis(Duration d) {
        return d.toMillis() >= 1000 && d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static Greeting done(Outcome o, String version, int code, String message, long start) {
        return new Greeting(o, version, code, message, Duration.ofNanos(System.nanoTime() - start));
    }
}
