package org.gatewaydoctor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on the loopback interface that accepts every connection, reads and discards what the
 * client sends, and never answers: the upstream that hangs. Point a network check at it with a short
 * timeout to prove the check gives up in time.
 *
 * <pre>{@code
 * try (StallingServer upstream = StallingServer.start()) {
 *     CheckTester.of(new HttpProbeCheck())
 *         .withUrl(upstream.url())
 *         .withTimeout(Duration.ofMillis(500))
 *         .run()
 *         .assertRespectsDeadline();
 * }
 * }</pre>
 */
public final class StallingServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private StallingServer(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "stalling-server-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts a server on a free port of {@code 127.0.0.1}. */
    public static StallingServer start() {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            return new StallingServer(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a loopback server", e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Its address, for checks that take a host and port (FastCGI, TCP). */
    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), port());
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public String url() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + port() + "/";
    }

    /** How many connections it has accepted so far. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        acceptor.interrupt();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                connections.add(s);
                Thread drain = new Thread(() -> drain(s), "stalling-server-connection");
                drain.setDaemon(true);
                drain.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void drain(Socket s) {
        byte[] buf = new byte[8192];
        try (InputStream in = s.getInputStream()) {
            while (in.read(buf) >= 0) {
                // discard: a stalled upstream reads the request and never answers
            }
        } catch (IOException e) {
            // the connection was closed
        }
    }
}
