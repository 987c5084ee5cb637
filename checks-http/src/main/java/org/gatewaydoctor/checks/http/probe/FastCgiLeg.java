package org.gatewaydoctor.checks.http.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.facts.Address;

/**
 * The third leg of the differential: one FastCGI request straight to PHP-FPM, the way the web server
 * sends it, for a script that does not exist ({@code /gateway-doctor-probe.php}). A PHP-FPM that works
 * answers it ({@code Status: 404 Not Found}, "Primary script unknown"), which proves it accepts and
 * serves requests without running any of the site's code. Bounded by the deadline and
 * {@value #MAX_READ} bytes.
 */
public final class FastCgiLeg {

    /** The most bytes read from PHP-FPM. */
    static final int MAX_READ = 64 * 1024;
    static final String SCRIPT = "/gateway-doctor-probe.php";

    private FastCgiLeg() {
    }

    /** What PHP-FPM did. */
    public enum Kind {
        /** It answered with FastCGI records (a status, usually 404 for the missing script). */
        ANSWERED,
        /** Nothing listens (connection refused, or no socket file). */
        REFUSED,
        /** The connection was not accepted, or no answer came, in time. */
        TIMEOUT,
        /** It closed the connection without a FastCGI answer. */
        CLOSED,
        /** What came back is not FastCGI. */
        GARBAGE,
        /** Another error (permission denied on the socket...). */
        ERROR
    }

    /**
     * One leg's result.
     *
     * @param status the HTTP status in PHP-FPM's answer ({@code Status:} header, 200 without one), 0 if none
     * @param message in words
     */
    public record Result(Address address, Kind kind, int status, String message, Duration latency) {
    }

    /** Sends the request to {@code address} and reads the answer, by {@code deadlineNanos}. */
    public static Result probe(Address address, long deadlineNanos) {
        long start = System.nanoTime();
        SocketAddress target = address.isUnix() ? UnixDomainSocketAddress.of(address.socket())
                : new InetSocketAddress(address.host().isEmpty() ? "127.0.0.1" : address.host(), address.port());
        try (SocketChannel ch = address.isUnix() ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
             Selector sel = Selector.open()) {
            ch.configureBlocking(false);
            boolean connected;
            try {
                connected = ch.connect(target);
            } catch (IOException e) {
                return refusedOrError(address, e, start);
            }
            ch.register(sel, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
            if (!connected) {
                if (!await(sel, deadlineNanos)) {
                    return new Result(address, Kind.TIMEOUT, 0, address + " did not accept the connection in time",
                            since(start));
                }
                try {
                    ch.finishConnect();
                } catch (IOException e) {
                    return refusedOrError(address, e, start);
                }
            }
            ByteBuffer out = ByteBuffer.wrap(request());
            while (out.hasRemaining()) {
                ch.keyFor(sel).interestOps(SelectionKey.OP_WRITE);
                if (!await(sel, deadlineNanos)) {
                    return new Result(address, Kind.TIMEOUT, 0, address + " did not take the request in time",
                            since(start));
                }
                ch.write(out);
            }
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            ch.keyFor(sel).interestOps(SelectionKey.OP_READ);
            while (in.size() < MAX_READ) {
                Result done = parse(address, in.toByteArray(), start, false);
                if (done != null) {
                    return done;
                }
                if (!await(sel, deadlineNanos)) {
                    return new Result(address, Kind.TIMEOUT, 0, address + " accepted the FastCGI request but did not "
                            + "answer in time (" + in.size() + " bytes came)", since(start));
                }
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    Result last = parse(address, in.toByteArray(), start, true);
                    return last;
                }
                in.write(buf.array(), 0, n);
            }
            return new Result(address, Kind.GARBAGE, 0, address + " sent more than " + MAX_READ + " bytes without "
                    + "ending the request", since(start));
        } catch (IOException e) {
            return new Result(address, Kind.ERROR, 0, address + ": " + e.getMessage(), since(start));
        }
    }

    private static Result refusedOrError(Address address, IOException e, long start) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("refused") || m.contains("no such file")) {
            return new Result(address, Kind.REFUSED, 0, address + ": " + (m.contains("no such file")
                    ? "the socket does not exist" : "connection refused") + " (PHP-FPM is not listening there)",
                    since(start));
        }
        return new Result(address, Kind.ERROR, 0, address + ": " + e.getMessage(), since(start));
    }

    /** A result once the records so far hold an END_REQUEST (or the stream ended), else null. */
    static Result parse(Address address, byte[] b, long start, boolean ended) {
        int p = 0;
        StringBuilder stdout = new StringBuilder();
        while (p + 8 <= b.length) {
            int version = b[p] & 0xff;
            int type = b[p + 1] & 0xff;
            int length = ((b[p + 4] & 0xff) << 8) | (b[p + 5] & 0xff);
            int padding = b[p + 6] & 0xff;
            if (version != 1 || type < 1 || type > 11) {
                return new Result(address, Kind.GARBAGE, 0, address + " answered something that is not FastCGI",
                        since(start));
            }
            if (p + 8 + length + padding > b.length) {
                break;
            }
            if (type == 6 && stdout.length() < 4096) { // FCGI_STDOUT
                stdout.append(new String(b, p + 8, Math.min(length, 4096), StandardCharsets.ISO_8859_1));
            }
            if (type == 3) { // FCGI_END_REQUEST
                int status = status(stdout.toString());
                return new Result(address, Kind.ANSWERED, status, address + " answered a FastCGI request for "
                        + SCRIPT + " (a script that does not exist) with status " + status + ": PHP-FPM accepts "
                        + "and serves requests", since(start));
            }
            p += 8 + length + padding;
        }
        if (ended) {
            return new Result(address, b.length == 0 ? Kind.CLOSED : Kind.GARBAGE, 0, address + " closed the "
                    + "connection " + (b.length == 0 ? "without answering" : "in the middle of its answer"),
                    since(start));
        }
        return null;
    }

    private static int status(String head) {
        for (String line : head.split("\r?\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Status:", 0, 7)) {
                String v = line.substring(7).trim();
                if (v.length() >= 3 && v.substring(0, 3).chars().allMatch(Character::isDigit)) {
                    return Integer.parseInt(v.substring(0, 3));
                }
            }
        }
        return 200;
    }

    private static boolean await(Selector sel, long deadlineNanos) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            return false;
        }
        sel.selectedKeys().clear();
        return sel.select(left) > 0;
    }

    /** BEGIN_REQUEST (responder), the CGI parameters nginx sends, empty PARAMS, empty STDIN. */
    static byte[] request() {
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        String[][] p = {{"GATEWAY_INTERFACE", "CGI/1.1"}, {"SERVER_SOFTWARE", "gateway-doctor"},
            {"SERVER_PROTOCOL", "HTTP/1.1"}, {"REQUEST_METHOD", "GET"}, {"SCRIPT_NAME", SCRIPT},
            {"SCRIPT_FILENAME", SCRIPT}, {"DOCUMENT_URI", SCRIPT}, {"REQUEST_URI", SCRIPT}, {"QUERY_STRING", ""},
            {"CONTENT_TYPE", ""}, {"CONTENT_LENGTH", ""}, {"SERVER_NAME", "localhost"}, {"HTTP_HOST", "localhost"}};
        for (String[] kv : p) {
            byte[] k = kv[0].getBytes(StandardCharsets.ISO_8859_1);
            byte[] v = kv[1].getBytes(StandardCharsets.ISO_8859_1);
            params.write(k.length);
            params.write(v.length);
            params.writeBytes(k);
            params.writeBytes(v);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        record(out, 1, new byte[] {0, 1, 0, 0, 0, 0, 0, 0}); // BEGIN_REQUEST, role RESPONDER, no keep-conn
        record(out, 4, params.toByteArray());
        record(out, 4, new byte[0]);
        record(out, 5, new byte[0]);
        return out.toByteArray();
    }

    private static void record(ByteArrayOutputStream out, int type, byte[] content) {
        out.write(1);
        out.write(type);
        out.write(0);
        out.write(1); // request id 1
        out.write((content.length >> 8) & 0xff);
        out.write(content.length & 0xff);
        out.write(0); // no padding
        out.write(0);
        out.writeBytes(content);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
