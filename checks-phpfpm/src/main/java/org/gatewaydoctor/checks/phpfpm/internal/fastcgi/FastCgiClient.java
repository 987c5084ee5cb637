package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A FastCGI client for one request per connection, bounded in time and size.
 *
 * <pre>{@code
 * FcgiResult r = FastCgiClient.standard().call(new FcgiEndpoint.Unix(Path.of("/run/php/php8.2-fpm.sock")),
 *         FcgiRequest.get("/ping", ""), ctx.timeLeft());
 * if (r instanceof FcgiResult.Response ok && ok.status() == 200) { ... }
 * }</pre>
 *
 * <p>The channel is non-blocking and driven by a {@link Selector}: connecting, writing the request and reading
 * the answer all wait at most until one absolute deadline ({@code now + timeLeft} when the call starts), however
 * slowly the peer trickles bytes. Host names are resolved on a daemon thread, also within the deadline. A unix
 * socket is connected without blocking, as nginx does, so a full listen queue shows as
 * {@link FcgiResult.QueueFull} rather than a wait. Nothing is written but the request; the connection is closed
 * when the call returns. Instances are immutable and thread-safe; each call uses its own channel.
 */
public final class FastCgiClient {

    private static final int READ_BUFFER = 64 * 1024;

    private final FcgiLimits limits;

    private FastCgiClient(FcgiLimits limits) {
        this.limits = limits;
    }

    /** A client with {@link FcgiLimits#DEFAULT}. */
    public static FastCgiClient standard() {
        return new FastCgiClient(FcgiLimits.DEFAULT);
    }

    /** The same client with other limits. */
    public FastCgiClient withLimits(FcgiLimits newLimits) {
        return new FastCgiClient(Objects.requireNonNull(newLimits, "limits"));
    }

    public FcgiLimits limits() {
        return limits;
    }

    /**
     * Sends {@code request} and reads the answer. Never throws (an interrupt ends the call as a timeout of
     * its current phase and keeps the thread's interrupt flag).
     *
     * @param timeLeft the time the whole call may take; zero or negative means the deadline has passed
     */
    public FcgiResult call(FcgiEndpoint endpoint, FcgiRequest request, Duration timeLeft) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(request, "request");
        long start = System.nanoTime();
        long deadline = start + Math.max(0, saturatedNanos(timeLeft));
        Call c = new Call(endpoint, start, deadline);
        try {
            return c.run(request);
        } catch (IOException | RuntimeException e) {
            return new FcgiResult.Unreachable(endpoint.describe(), "client failure: " + e);
        } finally {
            c.close();
        }
    }

    /**
     * Only connects, and closes again at once: whether something accepts connections at {@code endpoint}, without
     * sending a request. Never throws.
     *
     * @return empty when the connection was established; otherwise why not (refused, no such socket, permission
     *     denied, queue full, timeout, unreachable)
     */
    public java.util.Optional<FcgiResult> connect(FcgiEndpoint endpoint, Duration timeLeft) {
        Objects.requireNonNull(endpoint, "endpoint");
        long start = System.nanoTime();
        long deadline = start + Math.max(0, saturatedNanos(timeLeft));
        Call c = new Call(endpoint, start, deadline);
        try {
            return java.util.Optional.ofNullable(c.run(null));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.of(new FcgiResult.Unreachable(endpoint.describe(), "client failure: " + e));
        } finally {
            c.close();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE / 4;
        }
    }

    /** One call's channel and selector. */
    private final class Call {
        private final FcgiEndpoint endpoint;
        private final long start;
        private final long deadline;
        private Selector selector;
        private SocketChannel channel;

        Call(FcgiEndpoint endpoint, long start, long deadline) {
            this.endpoint = endpoint;
            this.start = start;
            this.deadline = deadline;
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        FcgiResult timeout(FcgiResult.Phase phase, long received) {
            return new FcgiResult.Timeout(phase, elapsed(), received);
        }

        /** Runs the call; a null request only connects (and returns null when connected). */
        FcgiResult run(FcgiRequest request) throws IOException {
            if (System.nanoTime() - deadline >= 0) {
                return timeout(FcgiResult.Phase.CONNECT, 0);
            }
            SocketAddress address;
            if (endpoint instanceof FcgiEndpoint.Unix u) {
                try {
                    address = UnixDomainSocketAddress.of(u.path());
                } catch (RuntimeException e) {
                    return new FcgiResult.Unreachable(endpoint.describe(), "invalid socket path: " + e.getMessage());
                }
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            } else {
                FcgiEndpoint.Tcp t = (FcgiEndpoint.Tcp) endpoint;
                AtomicReference<FcgiResult> failure = new AtomicReference<>();
                InetAddress ip = resolve(t.host(), failure);
                if (ip == null) {
                    return failure.get();
                }
                address = new InetSocketAddress(ip, t.port());
                channel = SocketChannel.open(ip instanceof java.net.Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            }
            channel.configureBlocking(false);
            selector = Selector.open();

            FcgiResult connectFailure = connect(address);
            if (connectFailure != null || request == null) {
                return connectFailure;
            }
            FcgiResult writeFailure = write(ByteBuffer.wrap(FcgiProtocol.encode(request)));
            if (writeFailure != null) {
                return writeFailure;
            }
            return read();
        }

        private FcgiResult connect(SocketAddress address) throws IOException {
            try {
                if (channel.connect(address)) {
                    return null;
                }
            } catch (IOException | UnresolvedAddressException e) {
                return connectFailure(endpoint, e);
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            while (true) {
                if (!await()) {
                    return timeout(FcgiResult.Phase.CONNECT, 0);
                }
                try {
                    if (channel.finishConnect()) {
                        key.interestOps(0);
                        return null;
                    }
                } catch (IOException e) {
                    return connectFailure(endpoint, e);
                }
            }
        }

        private FcgiResult write(ByteBuffer out) throws IOException {
            SelectionKey key = channel.keyFor(selector);
            while (out.hasRemaining()) {
                int n;
                try {
                    n = channel.write(out);
                } catch (IOException e) {
                    return new FcgiResult.Closed(0, isReset(e), "the peer closed the connection while the request "
                            + "was sent: " + e.getMessage(), "", "");
                }
                if (n == 0) {
                    key = interest(key, SelectionKey.OP_WRITE);
                    if (!await()) {
                        return timeout(FcgiResult.Phase.WRITE, 0);
                    }
                }
            }
            return null;
        }

        private FcgiResult read() throws IOException {
            AnswerReader reader = new AnswerReader(limits);
            ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
            SelectionKey key = channel.keyFor(selector);
            while (true) {
                int n;
                try {
                    n = channel.read(in);
                } catch (IOException e) {
                    return reader.closed(true);
                }
                if (n < 0) {
                    return reader.closed(false);
                }
                if (n == 0) {
                    key = interest(key, SelectionKey.OP_READ);
                    if (!await()) {
                        return timeout(FcgiResult.Phase.READ, reader.received());
                    }
                    continue;
                }
                in.flip();
                FcgiResult done = reader.feed(in, elapsed());
                in.clear();
                if (done != null) {
                    return done;
                }
                if (System.nanoTime() - deadline >= 0) {
                    return timeout(FcgiResult.Phase.READ, reader.received());
                }
            }
        }

        private SelectionKey interest(SelectionKey key, int ops) throws IOException {
            if (key == null) {
                return channel.register(selector, ops);
            }
            key.interestOps(ops);
            return key;
        }

        /** Waits for the registered interest until the deadline; false when the deadline has passed. */
        private boolean await() throws IOException {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                long millis = Math.max(1, (left + 999_999) / 1_000_000);
                int ready = selector.select(millis);
                selector.selectedKeys().clear();
                if (ready > 0) {
                    return true;
                }
            }
        }

        private InetAddress resolve(String host, AtomicReference<FcgiResult> failure) {
            if (host.equalsIgnoreCase("localhost")) {
                return InetAddress.getLoopbackAddress();
            }
            if (isLiteral(host)) {
                try {
                    return InetAddress.getByName(host);
                } catch (UnknownHostException e) {
                    failure.set(new FcgiResult.Unreachable(endpoint.describe(), "invalid address " + host));
                    return null;
                }
            }
            AtomicReference<Object> out = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    out.set(InetAddress.getByName(host));
                } catch (UnknownHostException | RuntimeException e) {
                    out.set(e);
                }
            }, "gateway-doctor-fastcgi-resolve");
            t.setDaemon(true);
            t.start();
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Object r = out.get();
            if (r instanceof InetAddress a) {
                return a;
            }
            if (r == null) {
                failure.set(timeout(FcgiResult.Phase.CONNECT, 0));
            } else {
                failure.set(new FcgiResult.Unreachable(endpoint.describe(), "cannot resolve host " + host));
            }
            return null;
        }

        void close() {
            try {
                if (selector != null) {
                    selector.close();
                }
            } catch (IOException | RuntimeException e) {
                // closing: nothing to report
            }
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException | RuntimeException e) {
                // closing: nothing to report
            }
        }
    }

    /** What a failed connect means; package-private for tests that cannot provoke every errno. */
    static FcgiResult connectFailure(FcgiEndpoint endpoint, Exception e) {
        String target = endpoint.describe();
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        if (endpoint instanceof FcgiEndpoint.Unix u) {
            if (lower.contains("no such file")) {
                return new FcgiResult.NoSuchSocket(u.path());
            }
            if (e instanceof ConnectException || lower.contains("connection refused")) {
                return new FcgiResult.Refused(target, whatIsAt(u.path()));
            }
            if (lower.contains("permission denied") || lower.contains("operation not permitted")) {
                return new FcgiResult.PermissionDenied(target, msg);
            }
            if (lower.contains("resource temporarily unavailable") || lower.contains("try again")) {
                return new FcgiResult.QueueFull(target);
            }
            if (!lower.contains("too long") && !Files.exists(u.path())) {
                return new FcgiResult.NoSuchSocket(u.path());
            }
            return new FcgiResult.Unreachable(target, msg.isEmpty() ? e.toString() : msg);
        }
        if (e instanceof ConnectException || lower.contains("connection refused")) {
            return new FcgiResult.Refused(target, "");
        }
        if (lower.contains("permission denied")) {
            return new FcgiResult.PermissionDenied(target, msg);
        }
        if (e instanceof NoRouteToHostException || e instanceof UnresolvedAddressException) {
            return new FcgiResult.Unreachable(target, msg.isEmpty() ? e.getClass().getSimpleName() : msg);
        }
        return new FcgiResult.Unreachable(target, msg.isEmpty() ? e.toString() : msg);
    }

    /** What a refused unix connect found at the path: the evidence between "FPM is down" and "wrong path". */
    static String whatIsAt(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return "the path is a directory, not a socket";
            }
            if (Files.isRegularFile(path)) {
                return "the path is a regular file, not a socket";
            }
            Object mode = Files.getAttribute(path, "unix:mode");
            if (mode instanceof Integer m && (m & 0170000) == 0140000) {
                return "a socket file nobody accepts on: a stale socket left by a server that is gone";
            }
            if (Files.isSymbolicLink(path) && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return "a dangling symbolic link";
            }
            return "the path is not a socket";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static boolean isReset(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("reset") || m.contains("Broken pipe"));
    }

    /** Whether {@code host} is an IP literal, which {@link InetAddress#getByName} turns into an address without DNS. */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        return true;
    }
}
