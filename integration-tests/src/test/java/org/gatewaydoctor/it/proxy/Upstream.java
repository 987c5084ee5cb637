package org.gatewaydoctor.it.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP upstream on 127.0.0.1 written on a raw {@link ServerSocket}, so it can misbehave at the
 * byte level: it reads each request's head, then answers with its current response, which starts as
 * a healthy {@code 200 OK} and can be switched while it runs (the application starts misbehaving).
 * One daemon thread serves connections one at a time; {@link #stop()} (or closing it) stops it, after
 * which nothing listens on its port.
 */
final class Upstream implements AutoCloseable {

    /** Limit on a request head, so a hostile client cannot make the test read forever. */
    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket socket;
    private final Thread thread;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile byte[] response = response("");

    private Upstream(int port) {
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "upstream-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts an upstream answering {@code 200 OK} with body {@code ok}. */
    static Upstream start() {
        return new Upstream(0);
    }

    /** Starts an upstream answering {@code 200 OK} on {@code port} (e.g. where a stopped one listened). */
    static Upstream startOn(int port) {
        return new Upstream(port);
    }

    /** From now on: reads each request and closes the connection without answering anything. */
    void closeWithoutResponse() {
        response = new byte[0];
    }

    /** From now on: answers {@code 200 OK} with at least {@code headerBytes} bytes of extra response headers. */
    void sendHeaders(int headerBytes) {
        StringBuilder h = new StringBuilder();
        for (int i = 0; h.length() < headerBytes; i++) {
            h.append("X-Filler-").append(i).append(": ").append("a".repeat(1000)).append("\r\n");
        }
        response = response(h.toString());
    }

    private static byte[] response(String extraHeaders) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n"
                + extraHeaders + "\r\nok").getBytes(StandardCharsets.US_ASCII);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** How many requests reached this upstream. */
    int requests() {
        return requests.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket c = socket.accept()) {
                c.setSoTimeout(10_000);
                if (readHead(new BufferedInputStream(c.getInputStream()))) {
                    requests.incrementAndGet();
                    OutputStream out = c.getOutputStream();
                    out.write(response);  // empty: the connection is closed with nothing said
                    out.flush();
                    c.shutdownOutput();
                }
            } catch (SocketException e) {
                // closed by stop(), or the client went away: serve the next one
            } catch (IOException e) {
                // a client that sent garbage or timed out: serve the next one
            }
        }
    }

    /** Reads up to the blank line that ends an HTTP request head; false when the client sent none. */
    private static boolean readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return true;
            }
        }
        return false;
    }

    /** Stops listening: from now on connections to its port are refused. Idempotent. */
    void stop() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
