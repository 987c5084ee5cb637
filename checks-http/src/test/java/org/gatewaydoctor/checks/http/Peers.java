package org.gatewaydoctor.checks.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/** Upstream peers on 127.0.0.1 that misbehave in one way each, closed together. */
final class Peers implements AutoCloseable {

    /** What a peer does with a connection. */
    interface Behaviour {
        void serve(Socket s) throws IOException;
    }

    private final List<ServerSocket> sockets = new ArrayList<>();

    /** A port where nothing listens (bound, then closed). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Answers any request with a plain HTTP/1.1 400, as nginx does to a TLS ClientHello on a plain port. */
    int plainHttp() throws IOException {
        return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), s -> {
            s.getInputStream().read(new byte[4096]);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
    }

    /** Accepts, reads the request, closes without a byte. */
    int closer() throws IOException {
        return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), s -> s.getInputStream().read(new byte[4096]));
    }

    /** Answers with a FastCGI END_REQUEST record, as a FastCGI server does to bytes it cannot parse. */
    int fastcgi() throws IOException {
        return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), s -> {
            s.getInputStream().read(new byte[4096]);
            s.getOutputStream().write(new byte[] {1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0});
            s.getOutputStream().flush();
        });
    }

    /** Answers HTTP/1.0 200 to anything. */
    int healthy() throws IOException {
        return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), s -> {
            s.getInputStream().read(new byte[4096]);
            s.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    /** Reads the request and answers HTTP/1.0 200 only after {@code millis} (under the 3 s the peer waits for a connection). */
    int slow(long millis) throws IOException {
        return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), s -> {
            s.getInputStream().read(new byte[4096]);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            s.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    /** Answers HTTP/1.0 200 with one {@code X-Big} header whose value is {@code bytes} long. */
    int bigHeader(int bytes) throws IOException {
        return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), s -> {
            s.getInputStream().read(new byte[4096]);
            s.getOutputStream().write(("HTTP/1.0 200 OK\r\nX-Big: " + "a".repeat(bytes) + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    /** Completes TLS handshakes with the context's certificate, then answers HTTP 200. */
    int tls(SSLContext ctx) throws IOException {
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        return start(ss, s -> {
            InputStream in = s.getInputStream();
            in.read(new byte[4096]);
            s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    private int start(ServerSocket ss, Behaviour b) {
        sockets.add(ss);
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(3000);
                    b.serve(s);
                } catch (IOException e) {
                    // next connection, or closed
                }
            }
        }, "peer-" + ss.getLocalPort());
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket s : sockets) {
            s.close();
        }
    }
}
