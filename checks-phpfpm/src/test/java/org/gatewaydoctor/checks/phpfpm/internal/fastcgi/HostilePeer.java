package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real server on a unix socket (in a temp dir) or on 127.0.0.1 port 0 that misbehaves as told: each
 * connection runs {@link Behaviour} on its own thread. What clients sent is recorded, so tests can check the
 * client wrote nothing but its FastCGI request.
 */
final class HostilePeer implements AutoCloseable {

    /** Where the peer listens. */
    enum Transport {
        UNIX, TCP
    }

    /** What the peer does with one accepted connection. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Connection c) throws Exception;
    }

    private final ServerSocketChannel server;
    private final FcgiEndpoint endpoint;
    private final Thread acceptor;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private HostilePeer(ServerSocketChannel server, FcgiEndpoint endpoint, Behaviour behaviour, boolean accept) {
        this.server = server;
        this.endpoint = endpoint;
        this.acceptor = new Thread(() -> acceptLoop(behaviour, accept), "hostile-peer-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A peer that accepts connections and runs {@code behaviour} on each. */
    static HostilePeer start(Transport transport, Path dir, Behaviour behaviour) throws IOException {
        return open(transport, dir, behaviour, true, 50);
    }

    /** A peer that listens with a backlog of 1 and never accepts. */
    static HostilePeer neverAccepting(Transport transport, Path dir) throws IOException {
        return open(transport, dir, c -> { }, false, 1);
    }

    private static HostilePeer open(Transport transport, Path dir, Behaviour behaviour, boolean accept, int backlog)
            throws IOException {
        if (transport == Transport.UNIX) {
            Path socket = dir.resolve("peer-" + System.nanoTime() % 100000 + ".sock");
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            s.bind(UnixDomainSocketAddress.of(socket), backlog);
            return new HostilePeer(s, new FcgiEndpoint.Unix(socket), behaviour, accept);
        }
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress("127.0.0.1", 0), backlog);
        int port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        return new HostilePeer(s, new FcgiEndpoint.Tcp("127.0.0.1", port), behaviour, accept);
    }

    FcgiEndpoint endpoint() {
        return endpoint;
    }

    /** Every byte clients sent, per connection, in accept order. */
    List<byte[]> received() {
        return connections.stream().map(Connection::received).toList();
    }

    private void acceptLoop(Behaviour behaviour, boolean accept) {
        if (!accept) {
            while (!closed) {
                sleep(50);
            }
            return;
        }
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                Connection c = new Connection(ch);
                connections.add(c);
                Thread t = new Thread(() -> {
                    try {
                        behaviour.serve(c);
                    } catch (Exception e) {
                        // the client went away: expected for hostile behaviours
                    }
                }, "hostile-peer-conn");
                t.setDaemon(true);
                c.thread = t;
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Connection c : connections) {
            c.close();
        }
        acceptor.interrupt();
        if (endpoint instanceof FcgiEndpoint.Unix u) {
            java.nio.file.Files.deleteIfExists(u.path());
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One accepted connection, blocking. */
    static final class Connection {
        final SocketChannel channel;
        private final ByteArrayOutputStream in = new ByteArrayOutputStream();
        volatile Thread thread;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        synchronized byte[] received() {
            return in.toByteArray();
        }

        /** Reads until the client's FastCGI request is complete (its empty STDIN record), or EOF. */
        void readRequest() throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (!requestComplete()) {
                b.clear();
                int n = channel.read(b);
                if (n < 0) {
                    return;
                }
                synchronized (this) {
                    in.write(b.array(), 0, n);
                }
            }
        }

        private synchronized boolean requestComplete() {
            byte[] r = in.toByteArray();
            int k = 0;
            while (k + 8 <= r.length) {
                int type = r[k + 1] & 0xff;
                int len = ((r[k + 4] & 0xff) << 8) | (r[k + 5] & 0xff);
                int pad = r[k + 6] & 0xff;
                if (type == 5 && len == 0) {
                    return true;
                }
                k += 8 + len + pad;
            }
            return false;
        }

        /** Reads and records whatever else the client sends until it closes. */
        void drain() throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (true) {
                b.clear();
                int n = channel.read(b);
                if (n < 0) {
                    return;
                }
                synchronized (this) {
                    in.write(b.array(), 0, n);
                }
            }
        }

        void write(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        void write(String ascii) throws IOException {
            write(ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        /** Closes with a TCP reset (SO_LINGER 0). */
        void reset() throws IOException {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing
            }
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    /** A FastCGI record. */
    static byte[] record(int type, int requestId, byte[] content, int padding) {
        byte[] r = new byte[8 + content.length + padding];
        r[0] = 1;
        r[1] = (byte) type;
        r[2] = (byte) (requestId >>> 8);
        r[3] = (byte) requestId;
        r[4] = (byte) (content.length >>> 8);
        r[5] = (byte) content.length;
        r[6] = (byte) padding;
        System.arraycopy(content, 0, r, 8, content.length);
        return r;
    }

    /** END_REQUEST with an application status and a protocol status. */
    static byte[] endRequest(int requestId, long appStatus, int protocolStatus) {
        byte[] body = {(byte) (appStatus >>> 24), (byte) (appStatus >>> 16), (byte) (appStatus >>> 8),
                (byte) appStatus, (byte) protocolStatus, 0, 0, 0};
        return record(3, requestId, body, 0);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
