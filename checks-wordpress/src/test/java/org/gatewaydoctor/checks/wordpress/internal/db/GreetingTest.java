package org.gatewaydoctor.checks.wordpress.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The greeting probe against local peers that behave and misbehave, on 127.0.0.1 and on unix sockets. */
class GreetingTest {

    /** The first packet MariaDB 10.11.19 (Debian 12) sent on its unix socket, captured byte for byte. */
    static final byte[] REAL_HANDSHAKE = HexFormat.of().parseHex("640000000a352e352e352d31302e31312e31392d4d6172696144422d302b6465623132753100110000005040306d5647"
            + "3f4600fef7080200ff81150000000000001d0000002378582d77312a22696e6a48006d7973716c5f6e61746976655f70"
            + "617373776f726400");

    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    @AfterEach
    void close() throws Exception {
        stop.set(true);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A peer on 127.0.0.1 that runs {@code behaviour} for each connection. */
    private int peer(Behaviour behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    behaviour.serve(s.getOutputStream());
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    interface Behaviour {
        void serve(OutputStream out) throws IOException, InterruptedException;
    }

    private static DbHost tcp(int port) {
        return DbHost.parse("127.0.0.1:" + port, DbHost.DEFAULT_SOCKET).orElseThrow();
    }

    @Test
    void readsTheVersionFromARealHandshake() throws IOException, InterruptedException {
        int port = peer(out -> out.write(REAL_HANDSHAKE));
        Greeting g = Greeting.read(tcp(port), Duration.ofSeconds(5));
        assertEquals(Greeting.Outcome.HANDSHAKE, g.outcome());
        assertEquals("5.5.5-10.11.19-MariaDB-0+deb12u1", g.version());
    }

    @Test
    void readsTheErrorPacketOfAServerOutOfConnections() throws IOException, InterruptedException {
        // protocol: length 3 bytes, sequence 0, 0xff, code 1040 little-endian, message (no SQLSTATE before the handshake)
        byte[] msg = "Too many connections".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] packet = new byte[4 + 3 + msg.length];
        packet[0] = (byte) (3 + msg.length);
        packet[4] = (byte) 0xff;
        packet[5] = (byte) (1040 & 0xff);
        packet[6] = (byte) (1040 >> 8);
        System.arraycopy(msg, 0, packet, 7, msg.length);
        int port = peer(out -> out.write(packet));
        Greeting g = Greeting.read(tcp(port), Duration.ofSeconds(5));
        assertEquals(Greeting.Outcome.ERROR_PACKET, g.outcome());
        assertEquals(1040, g.errorCode());
        assertEquals("Too many connections", g.message());
    }

    @Test
    void aServerThatAcceptsAndNeverGreetsTimesOutWithinTheBudget() throws IOException, InterruptedException {
        int port = peer(out -> Thread.sleep(60_000));
        long start = System.nanoTime();
        Greeting g = Greeting.read(tcp(port), Duration.ofMillis(700));
        assertEquals(Greeting.Outcome.TIMEOUT, g.outcome());
        assertTrue(g.message().contains("sent no greeting"), g.message());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "bounded by the budget");
    }

    @Test
    void aTricklingServerTimesOutInsteadOfHoldingTheCheck() throws IOException, InterruptedException {
        int port = peer(out -> {
            out.write(new byte[] {(byte) 0x64, 0, 0, 0});
            for (int i = 0; i < 100; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        });
        Greeting g = Greeting.read(tcp(port), Duration.ofMillis(800));
        assertEquals(Greeting.Outcome.TIMEOUT, g.outcome());
    }

    @Test
    void garbageAndLyingLengthsAreNotMysql() throws IOException, InterruptedException {
        int http = peer(out -> out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(Greeting.Outcome.NOT_MYSQL, Greeting.read(tcp(http), Duration.ofSeconds(5)).outcome());
        int huge = peer(out -> out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 10}));
        assertEquals(Greeting.Outcome.NOT_MYSQL, Greeting.read(tcp(huge), Duration.ofSeconds(5)).outcome());
        int protocol9 = peer(out -> out.write(new byte[] {2, 0, 0, 0, 9, 0}));
        assertEquals(Greeting.Outcome.NOT_MYSQL, Greeting.read(tcp(protocol9), Duration.ofSeconds(5)).outcome());
    }

    @Test
    void aServerThatClosesAtOnceIsClosedAndAFreePortIsRefused() throws IOException, InterruptedException {
        int closing = peer(out -> out.close());
        assertEquals(Greeting.Outcome.CLOSED, Greeting.read(tcp(closing), Duration.ofSeconds(5)).outcome());
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        assertEquals(Greeting.Outcome.REFUSED, Greeting.read(tcp(free), Duration.ofSeconds(5)).outcome());
    }

    @Test
    void tellsAMissingSocketFromAStaleOne(@TempDir Path dir) throws IOException, InterruptedException {
        Path missing = dir.resolve("mysqld.sock");
        DbHost host = DbHost.parse("localhost:" + missing, DbHost.DEFAULT_SOCKET).orElseThrow();
        assertEquals(Greeting.Outcome.NO_SOCKET, Greeting.read(host, Duration.ofSeconds(2)).outcome());
        // a socket file whose server is gone: bound, then closed without unlinking
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(missing));
        ch.close();
        assertEquals(Greeting.Outcome.REFUSED, Greeting.read(host, Duration.ofSeconds(2)).outcome());
    }

    @Test
    void greetsOverAUnixSocket(@TempDir Path dir) throws IOException, InterruptedException {
        Path sock = dir.resolve("mysqld.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        open.add(server);
        Thread t = new Thread(() -> {
            try (var c = server.accept()) {
                c.write(java.nio.ByteBuffer.wrap(REAL_HANDSHAKE));
                Thread.sleep(500);
            } catch (IOException | InterruptedException e) {
                // test over
            }
        });
        t.setDaemon(true);
        t.start();
        Greeting g = Greeting.read(DbHost.parse("localhost:" + sock, DbHost.DEFAULT_SOCKET).orElseThrow(), Duration.ofSeconds(5));
        assertEquals(Greeting.Outcome.HANDSHAKE, g.outcome(), g.message());
    }
}
