package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import static org.gatewaydoctor.checks.phpfpm.internal.fastcgi.HostilePeer.concat;
import static org.gatewaydoctor.checks.phpfpm.internal.fastcgi.HostilePeer.endRequest;
import static org.gatewaydoctor.checks.phpfpm.internal.fastcgi.HostilePeer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiResult.ProtocolError.Kind;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.HostilePeer.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client against real servers, on unix sockets and on 127.0.0.1, that misbehave: each call must end by its
 * deadline with the result that names what the peer did, and write nothing but the FastCGI request.
 * Bounds are generous (the machine may be busy); nothing here measures speed.
 */
class HostilePeersTest {

    /** The deadline each call gets. */
    static final Duration DEADLINE = Duration.ofMillis(700);
    /** How far past the deadline a call may return on a loaded machine. */
    static final Duration MARGIN = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    final FastCgiClient client = FastCgiClient.standard();

    /** Calls the peer with {@link #DEADLINE} and asserts the call returned in time. */
    FcgiResult call(FcgiEndpoint endpoint) {
        return call(client, endpoint);
    }

    FcgiResult call(FastCgiClient c, FcgiEndpoint endpoint) {
        long start = System.nanoTime();
        FcgiResult r = c.call(endpoint, FcgiRequest.get("/status", "json&full"), DEADLINE);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(DEADLINE.plus(MARGIN)) < 0, "call took " + took + " for a deadline of " + DEADLINE
                + ": " + r);
        return r;
    }

    static byte[] stdout(String s) {
        return record(6, 1, s.getBytes(StandardCharsets.UTF_8), 0);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void readsAWellFormedAnswerAndSendsOnlyTheRequest(Transport transport) throws Exception {
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            c.write(concat(stdout("Status: 200 OK\r\nContent-Type: application/json\r\n\r\n{\"pool\":"),
                    record(7, 1, "PHP Notice: x".getBytes(StandardCharsets.UTF_8), 3),
                    stdout("\"www\"}"), record(6, 1, new byte[0], 0), endRequest(1, 0, 0)));
            c.drain();
        })) {
            FcgiResult.Response r = assertInstanceOf(FcgiResult.Response.class, call(peer.endpoint()));
            assertEquals(200, r.status());
            assertEquals("application/json", r.header("content-type").orElseThrow());
            assertEquals("{\"pool\":\"www\"}", r.body());
            assertEquals("PHP Notice: x", r.stderr());
            assertEquals(0, r.appStatus());
            HostilePeer.sleep(100);
            assertOnlyTheRequest(peer.received().get(0), "/status", "json&full");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reportsAReadTimeoutWhenThePeerStallsAfterConnect(Transport transport) throws Exception {
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            c.drain(); // holds the connection, answers nothing
        })) {
            FcgiResult.Timeout t = assertInstanceOf(FcgiResult.Timeout.class, call(peer.endpoint()));
            assertEquals(FcgiResult.Phase.READ, t.phase());
            assertEquals(0, t.bytesReceived());
            assertTrue(t.waited().compareTo(DEADLINE) >= 0, t.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void trickledBytesDoNotExtendTheDeadline(Transport transport) throws Exception {
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            byte[] header = {1, 6, 0, 1, (byte) 0xff, (byte) 0xff, 0, 0};
            c.write(header);
            while (true) {
                c.write(new byte[] {'x'});
                Thread.sleep(50);
            }
        })) {
            FcgiResult.Timeout t = assertInstanceOf(FcgiResult.Timeout.class, call(peer.endpoint()));
            assertEquals(FcgiResult.Phase.READ, t.phase());
            assertTrue(t.bytesReceived() > 8, "bytes kept arriving: " + t);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reportsABadVersionForGarbage(Transport transport) throws Exception {
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            c.write(new byte[] {7, 6, 0, 1, 0, 4, 0, 0, 'j', 'u', 'n', 'k'});
            c.drain();
        })) {
            FcgiResult.ProtocolError e = assertInstanceOf(FcgiResult.ProtocolError.class, call(peer.endpoint()));
            assertEquals(Kind.BAD_VERSION, e.kind());
            assertEquals("record header with version 7 (0x07), expected 1: not a FastCGI answer", e.what());
            assertEquals("\\x07\\x06\\x00\\x01\\x00\\x04\\x00\\x00junk", e.prefix());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reportsAPeerThatClosesInTheMiddleOfAnAbsurdlyLongRecord(Transport transport) throws Exception {
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            byte[] header = {1, 6, 0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
            c.write(concat(header, "Status: 200\r\n".getBytes(StandardCharsets.US_ASCII)));
            c.close();
        })) {
            FcgiResult.Closed closed = assertInstanceOf(FcgiResult.Closed.class, call(peer.endpoint()));
            assertEquals("the peer closed the connection in the middle of a FCGI_STDOUT record after 21 bytes",
                    closed.detail());
            assertEquals("Status: 200\r\n", closed.stdoutPrefix());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void stopsAnEndlessStdoutStreamAtTheOutputLimit(Transport transport) throws Exception {
        FastCgiClient small = client.withLimits(new FcgiLimits(256 * 1024, 1024, 10_000, 1 << 20));
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            byte[] chunk = record(6, 1, new byte[65535], 1);
            while (true) {
                c.write(chunk);
            }
        })) {
            FcgiResult.ProtocolError e = assertInstanceOf(FcgiResult.ProtocolError.class, call(small, peer.endpoint()));
            assertEquals(Kind.OUTPUT_LIMIT, e.kind());
            assertEquals("more than 262144 bytes of STDOUT", e.what());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void stopsAnEndlessStderrStreamAtTheTotalLimit(Transport transport) throws Exception {
        FastCgiClient small = client.withLimits(new FcgiLimits(64 * 1024, 1024, 100_000, 512 * 1024));
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            byte[] chunk = record(7, 1, new byte[60000], 0);
            while (true) {
                c.write(chunk);
            }
        })) {
            FcgiResult.ProtocolError e = assertInstanceOf(FcgiResult.ProtocolError.class, call(small, peer.endpoint()));
            assertEquals(Kind.OUTPUT_LIMIT, e.kind());
            assertEquals("more than 524288 bytes without END_REQUEST", e.what());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void stopsEndlessEmptyRecordsAtTheRecordLimit(Transport transport) throws Exception {
        FastCgiClient small = client.withLimits(new FcgiLimits(64 * 1024, 1024, 1000, 1 << 20));
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            byte[] empty = record(7, 1, new byte[0], 0);
            byte[] many = new byte[empty.length * 512];
            for (int k = 0; k < 512; k++) {
                System.arraycopy(empty, 0, many, k * empty.length, empty.length);
            }
            while (true) {
                c.write(many);
            }
        })) {
            FcgiResult.ProtocolError e = assertInstanceOf(FcgiResult.ProtocolError.class, call(small, peer.endpoint()));
            assertEquals(Kind.RECORD_LIMIT, e.kind());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void namesAnHttpServerAnsweringInsteadOfFastCgi(Transport transport) throws Exception {
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            c.write("HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            c.close();
        })) {
            FcgiResult.ProtocolError e = assertInstanceOf(FcgiResult.ProtocolError.class, call(peer.endpoint()));
            assertEquals(Kind.HTTP_RESPONSE, e.kind());
            assertEquals("the peer answered in HTTP, not FastCGI: HTTP/1.1 400 Bad Request", e.what());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void namesAShortHttpAnswerFollowedByAClose(Transport transport) throws Exception {
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            c.write("HTTP/");
            c.close();
        })) {
            FcgiResult.ProtocolError e = assertInstanceOf(FcgiResult.ProtocolError.class, call(peer.endpoint()));
            assertEquals(Kind.HTTP_RESPONSE, e.kind());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reportsAPeerThatClosesWithoutAnswering(Transport transport) throws Exception {
        try (HostilePeer peer = HostilePeer.start(transport, dir, c -> {
            c.readRequest();
            c.close();
        })) {
            FcgiResult.Closed closed = assertInstanceOf(FcgiResult.Closed.class, call(peer.endpoint()));
            assertEquals(0, closed.bytesReceived());
            assertEquals("the peer closed the connection without answering", closed.detail());
        }
    }

    @Test
    void reportsATcpReset() throws Exception {
        try (HostilePeer peer = HostilePeer.start(Transport.TCP, dir, c -> {
            c.readRequest();
            c.write(stdout("Status: 200\r\n"));
            HostilePeer.sleep(100);
            c.reset();
        })) {
            FcgiResult.Closed closed = assertInstanceOf(FcgiResult.Closed.class, call(peer.endpoint()));
            assertTrue(closed.reset(), closed.toString());
        }
    }

    @Test
    void aFullUnixListenQueueIsReportedAtOnceAsNginxSeesIt() throws Exception {
        try (HostilePeer peer = HostilePeer.neverAccepting(Transport.UNIX, dir)) {
            Path socket = ((FcgiEndpoint.Unix) peer.endpoint()).path();
            List<SocketChannel> fill = new ArrayList<>();
            try {
                for (int k = 0; k < 8; k++) {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    fill.add(ch);
                    ch.configureBlocking(false);
                    try {
                        ch.connect(UnixDomainSocketAddress.of(socket));
                    } catch (IOException full) {
                        break;
                    }
                }
                FcgiResult.QueueFull q = assertInstanceOf(FcgiResult.QueueFull.class, call(peer.endpoint()));
                assertEquals("unix:" + socket, q.target());
            } finally {
                for (SocketChannel ch : fill) {
                    ch.close();
                }
            }
        }
    }

    @Test
    void aFullTcpListenQueueTimesOutConnecting() throws Exception {
        try (HostilePeer peer = HostilePeer.neverAccepting(Transport.TCP, dir)) {
            List<SocketChannel> fill = new ArrayList<>();
            try {
                for (int k = 0; k < 8; k++) {
                    SocketChannel ch = SocketChannel.open();
                    fill.add(ch);
                    ch.configureBlocking(false);
                    FcgiEndpoint.Tcp t = (FcgiEndpoint.Tcp) peer.endpoint();
                    ch.connect(new java.net.InetSocketAddress(t.host(), t.port()));
                }
                HostilePeer.sleep(100);
                FcgiResult.Timeout t = assertInstanceOf(FcgiResult.Timeout.class, call(peer.endpoint()));
                assertEquals(FcgiResult.Phase.CONNECT, t.phase());
            } finally {
                for (SocketChannel ch : fill) {
                    ch.close();
                }
            }
        }
    }

    @Test
    void reportsNoSuchSocket() {
        Path missing = dir.resolve("php8.2-fpm.sock");
        FcgiResult.NoSuchSocket r = assertInstanceOf(FcgiResult.NoSuchSocket.class,
                call(new FcgiEndpoint.Unix(missing)));
        assertEquals(missing, r.path());
    }

    @Test
    void tellsAStaleSocketFromAFileThatIsNoSocket() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(stale));
        } // closed without unlinking: what a killed PHP-FPM master leaves
        FcgiResult.Refused r = assertInstanceOf(FcgiResult.Refused.class, call(new FcgiEndpoint.Unix(stale)));
        assertEquals("a socket file nobody accepts on: a stale socket left by a server that is gone", r.detail());

        Path file = Files.writeString(dir.resolve("regular.sock"), "");
        FcgiResult.Refused f = assertInstanceOf(FcgiResult.Refused.class, call(new FcgiEndpoint.Unix(file)));
        assertEquals("the path is a regular file, not a socket", f.detail());
    }

    @Test
    void reportsARefusedTcpPort() throws Exception {
        int port;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            port = ((java.net.InetSocketAddress) s.getLocalAddress()).getPort();
        }
        FcgiResult.Refused r = assertInstanceOf(FcgiResult.Refused.class, call(new FcgiEndpoint.Tcp("127.0.0.1", port)));
        assertEquals("127.0.0.1:" + port, r.target());
    }

    @Test
    void aSocketPathTooLongForTheKernelIsUnreachable() {
        Path longPath = dir.resolve("x".repeat(120) + ".sock");
        FcgiResult.Unreachable r = assertInstanceOf(FcgiResult.Unreachable.class, call(new FcgiEndpoint.Unix(longPath)));
        assertTrue(r.detail().contains("too long"), r.detail());
    }

    @Test
    void anExpiredDeadlineEndsTheCallBeforeConnecting() throws Exception {
        try (HostilePeer peer = HostilePeer.start(Transport.TCP, dir, c -> c.drain())) {
            FcgiResult r = client.call(peer.endpoint(), FcgiRequest.get("/ping", ""), Duration.ZERO);
            FcgiResult.Timeout t = assertInstanceOf(FcgiResult.Timeout.class, r);
            assertEquals(FcgiResult.Phase.CONNECT, t.phase());
            HostilePeer.sleep(100);
            assertTrue(peer.received().isEmpty(), "nothing may be sent after the deadline");
        }
    }

    @Test
    void anInterruptedCallEndsAsATimeoutAndKeepsTheInterrupt() throws Exception {
        try (HostilePeer peer = HostilePeer.start(Transport.UNIX, dir, c -> c.drain())) {
            Thread.currentThread().interrupt();
            try {
                FcgiResult r = client.call(peer.endpoint(), FcgiRequest.get("/ping", ""), Duration.ofSeconds(30));
                assertInstanceOf(FcgiResult.Timeout.class, r);
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void probeTellsAWrongPingAnswerFromNoAnswer() throws Exception {
        FpmProbe probe = new FpmProbe(client, java.time.Clock.systemUTC());
        try (HostilePeer peer = HostilePeer.start(Transport.UNIX, dir, c -> {
            c.readRequest();
            c.write(concat(stdout("Status: 404 Not Found\r\nContent-type: text/html; charset=UTF-8\r\n\r\n"
                    + "File not found.\n"), record(7, 1, "Primary script unknown".getBytes(StandardCharsets.US_ASCII),
                    0), endRequest(1, 0, 0)));
            c.drain();
        })) {
            FpmProbe.WrongAnswer w = assertInstanceOf(FpmProbe.WrongAnswer.class,
                    probe.ping(peer.endpoint(), "/ping", "pong", DEADLINE));
            assertEquals("status 404 instead of 200: File not found.", w.why());
            assertEquals("Primary script unknown", w.response().stderr());
        }
        try (HostilePeer peer = HostilePeer.start(Transport.UNIX, dir, c -> {
            c.readRequest();
            c.drain();
        })) {
            FpmProbe.NoAnswer n = assertInstanceOf(FpmProbe.NoAnswer.class,
                    probe.status(peer.endpoint(), "/status", DEADLINE));
            assertInstanceOf(FcgiResult.Timeout.class, n.result());
        }
    }

    /** Decodes what the client sent and checks it is exactly one FastCGI request for the page. */
    static void assertOnlyTheRequest(byte[] sent, String path, String query) {
        List<int[]> records = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        java.io.ByteArrayOutputStream paramBytes = new java.io.ByteArrayOutputStream();
        int k = 0;
        while (k < sent.length) {
            assertTrue(k + 8 <= sent.length, "truncated record header");
            assertEquals(1, sent[k], "version");
            int type = sent[k + 1] & 0xff;
            int id = ((sent[k + 2] & 0xff) << 8) | (sent[k + 3] & 0xff);
            int len = ((sent[k + 4] & 0xff) << 8) | (sent[k + 5] & 0xff);
            int pad = sent[k + 6] & 0xff;
            assertEquals(1, id, "request id");
            records.add(new int[] {type, len});
            if (type == 1) {
                assertEquals(8, len);
                assertEquals(1, ((sent[k + 8] & 0xff) << 8) | (sent[k + 9] & 0xff), "role RESPONDER");
                assertEquals(0, sent[k + 10], "flags: no keep-alive");
            } else if (type == 4) {
                paramBytes.write(sent, k + 8, len);
            }
            k += 8 + len + pad;
        }
        assertEquals(k, sent.length);
        List<Integer> types = records.stream().map(r -> r[0]).toList();
        assertEquals(1, types.get(0), "BEGIN_REQUEST first");
        assertEquals(List.of(4, 5), types.subList(types.size() - 2, types.size()), "empty PARAMS then STDIN last");
        assertEquals(0, records.get(records.size() - 1)[1], "STDIN is empty");
        assertEquals(0, records.get(records.size() - 2)[1], "PARAMS ends with an empty record");
        assertFalse(types.subList(1, types.size() - 1).stream().anyMatch(t -> t != 4), "only PARAMS between");
        byte[] p = paramBytes.toByteArray();
        int i = 0;
        while (i < p.length) {
            int[] nl = readLength(p, i);
            int[] vl = readLength(p, nl[1]);
            String name = new String(p, vl[1], nl[0], StandardCharsets.UTF_8);
            String value = new String(p, vl[1] + nl[0], vl[0], StandardCharsets.UTF_8);
            params.put(name, value);
            i = vl[1] + nl[0] + vl[0];
        }
        assertEquals(path, params.get("SCRIPT_NAME"));
        assertEquals(path, params.get("SCRIPT_FILENAME"));
        assertEquals(query, params.get("QUERY_STRING"));
        assertEquals("GET", params.get("REQUEST_METHOD"));
    }

    private static int[] readLength(byte[] p, int at) {
        int b = p[at] & 0xff;
        if (b < 128) {
            return new int[] {b, at + 1};
        }
        int len = ((b & 0x7f) << 24) | ((p[at + 1] & 0xff) << 16) | ((p[at + 2] & 0xff) << 8) | (p[at + 3] & 0xff);
        return new int[] {len, at + 4};
    }
}
