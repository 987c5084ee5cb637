package org.gatewaydoctor.it.harness;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP/1.1 backend on 127.0.0.1 written on a bare {@link ServerSocket}, for faults a real
 * application server cannot be made to commit on demand: it answers {@code 200 ok} until told to
 * misbehave, then closes connections without a response, stalls, or sends headers bigger than the
 * proxy's buffer. Each connection is served by its own daemon thread; reads are bounded (a request
 * head of at most 64 KiB, 10 s socket timeout).
 *
 * <pre>{@code
 * try (RawBackend app = RawBackend.start()) {
 *     ... proxy to 127.0.0.1:app.port(), prove a 200 ...
 *     app.behave(RawBackend.Behaviour.closeWithoutResponse());
 * }
 * }</pre>
 */
public final class RawBackend implements AutoCloseable {

    /** What the backend does with each request, after reading its head. */
    public sealed interface Behaviour {
        /** {@code HTTP/1.1 200 OK} with body {@code ok}. */
        static Behaviour ok() {
            return new Ok();
        }

        /** Closes the connection without writing a byte (a crashed application). */
        static Behaviour closeWithoutResponse() {
            return new Close();
        }

        /** Answers {@code 200 ok} only after {@code delay} (a slow application). */
        static Behaviour slow(Duration delay) {
            return new Slow(delay);
        }

        /** A 200 with one header {@code X-Padding} of {@code bytes} characters. */
        static Behaviour bigHeader(int bytes) {
            return new BigHeader(bytes);
        }
    }

    record Ok() implements Behaviour {
    }

    record Close() implements Behaviour {
    }

    record Slow(Duration delay) implements Behaviour {
    }

    record BigHeader(int bytes) implements Behaviour {
    }

    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket server;
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.ok());
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private RawBackend(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "raw-backend-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** Starts on a free port of 127.0.0.1, answering {@code 200 ok}. */
    public static RawBackend start() {
        try {
            ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            RawBackend b = new RawBackend(s);
            b.acceptor.start();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Changes what the backend does from the next request on. */
    public void behave(Behaviour b) {
        behaviour.set(b);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                open.add(c);
                Thread t = new Thread(() -> serve(c), "raw-backend-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        try (c) {
            c.setSoTimeout(10_000);
            if (!readHead(new BufferedInputStream(c.getInputStream()))) {
                return;
            }
            Behaviour b = behaviour.get();
            OutputStream out = c.getOutputStream();
            if (b instanceof Close) {
                return;
            }
            if (b instanceof Slow slow) {
                Thread.sleep(slow.delay().toMillis());
            }
            String extra = b instanceof BigHeader big ? "X-Padding: " + "a".repeat(big.bytes()) + "\r\n" : "";
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n"
                    + extra + "\r\nok").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (SocketException e) {
            // the proxy gave up on us (its timeout) or the backend is closing: nothing to answer
        } catch (IOException e) {
            // same: a torn connection is part of the faults this backend serves
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(c);
        }
    }

    /** Reads up to the blank line that ends a request head; false when the peer closed first. */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        for (int n = 0; n < MAX_HEAD; n++) {
            int ch = in.read();
            if (ch < 0) {
                return false;
            }
            matched = switch (ch) {
                case '\r' -> matched == 0 || matched == 2 ? matched + 1 : 1;
                case '\n' -> matched == 1 || matched == 3 ? matched + 1 : 0;
                default -> 0;
            };
            if (matched == 4) {
                return true;
            }
        }
        return true;
    }

    /** Goes away: stops accepting (new connections are refused) and closes every open connection. */
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a listening socket on loopback does not fail in practice
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // already torn
            }
        }
    }

    /** As {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
