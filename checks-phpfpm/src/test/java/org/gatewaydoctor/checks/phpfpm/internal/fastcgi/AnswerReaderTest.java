package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import static org.gatewaydoctor.checks.phpfpm.internal.fastcgi.HostilePeer.concat;
import static org.gatewaydoctor.checks.phpfpm.internal.fastcgi.HostilePeer.endRequest;
import static org.gatewaydoctor.checks.phpfpm.internal.fastcgi.HostilePeer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiResult.ProtocolError.Kind;
import org.junit.jupiter.api.Test;

/** The answer reader on byte streams, whole and split at every byte, and the client's errno mapping. */
class AnswerReaderTest {

    static byte[] stdout(String s) {
        return record(6, 1, s.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    static byte[] stderr(String s) {
        return record(7, 1, s.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    /** Feeds the stream in one piece, and again one byte at a time; both must give the same result. */
    static FcgiResult read(byte[] stream, FcgiLimits limits) {
        FcgiResult whole = feed(stream, stream.length, limits);
        FcgiResult bytewise = feed(stream, 1, limits);
        assertEquals(whole.getClass(), bytewise.getClass());
        if (whole instanceof FcgiResult.Response a && bytewise instanceof FcgiResult.Response b) {
            assertEquals(a.body(), b.body());
            assertEquals(a.headers(), b.headers());
            assertEquals(a.stderr(), b.stderr());
        }
        return whole;
    }

    static FcgiResult read(byte[] stream) {
        return read(stream, FcgiLimits.DEFAULT);
    }

    private static FcgiResult feed(byte[] stream, int chunk, FcgiLimits limits) {
        AnswerReader r = new AnswerReader(limits);
        for (int off = 0; off < stream.length; off += chunk) {
            ByteBuffer b = ByteBuffer.wrap(stream, off, Math.min(chunk, stream.length - off)).slice();
            FcgiResult done = r.feed(b, Duration.ofMillis(3));
            if (done != null) {
                return done;
            }
        }
        return r.closed(false);
    }

    @Test
    void readsPhpFpmsPingAnswer() {
        // the record layout PHP-FPM 8.2 sends for ping.path (headers and body in one STDOUT record, padded to 8)
        byte[] out = ("X-Powered-By: PHP/8.2.36\r\nContent-type: text/plain;charset=UTF-8\r\n"
                + "Expires: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Cache-Control: no-cache, no-store, must-revalidate, max-age=0\r\n\r\npong")
                .getBytes(StandardCharsets.US_ASCII);
        FcgiResult.Response r = assertInstanceOf(FcgiResult.Response.class,
                read(concat(record(6, 1, out, (8 - out.length % 8) % 8), record(6, 1, new byte[0], 0),
                        endRequest(1, 0, 0))));
        assertEquals(200, r.status());
        assertEquals("pong", r.body());
        assertEquals(4, r.headers().size());
        assertEquals("text/plain;charset=UTF-8", r.header("Content-Type").orElseThrow());
        assertEquals(Duration.ofMillis(3), r.elapsed());
    }

    @Test
    void takesTheStatusFromTheStatusHeaderAndKeepsStderr() {
        FcgiResult.Response r = assertInstanceOf(FcgiResult.Response.class, read(concat(
                stdout("Status: 404 Not Found\r\nX-Powered-By: PHP/8.2.36\r\nContent-type: text/html; charset=UTF-8\r\n"
                        + "\r\nFile not found.\n"),
                stderr("Primary script unknown"), endRequest(1, 0, 0))));
        assertEquals(404, r.status());
        assertEquals("File not found.\n", r.body());
        assertEquals("Primary script unknown", r.stderr());
        assertFalse(r.stderrTruncated());
    }

    @Test
    void aLocationWithoutStatusIsARedirectAndBareNewlinesEndHeaders() {
        FcgiResult.Response r = assertInstanceOf(FcgiResult.Response.class,
                read(concat(stdout("Location: /wp-login.php\n\n"), endRequest(1, 0, 0))));
        assertEquals(302, r.status());
        assertEquals("", r.body());
    }

    @Test
    void keepsTheAppStatusAndBoundsStderr() {
        FcgiLimits limits = new FcgiLimits(1024, 10, 100, 4096);
        FcgiResult.Response r = assertInstanceOf(FcgiResult.Response.class, read(concat(
                stderr("0123456789abcdef"), stdout("Status: 500\r\n\r\n"), stderr("more"), endRequest(1, 255, 0)),
                limits));
        assertEquals(500, r.status());
        assertEquals(255, r.appStatus());
        assertEquals("0123456789", r.stderr());
        assertTrue(r.stderrTruncated());
    }

    @Test
    void answersWithTheEndRequestInsideTheTotalCapWhenMoreBytesCameInTheSameRead() {
        // Found by FastCgiAnswerFuzzTest: read whole, the trailing bytes pushed the read over the total cap
        // (OUTPUT_LIMIT); read byte by byte, the same stream was a complete answer.
        FcgiLimits limits = new FcgiLimits(64, 16, 10, 64);
        byte[] answer = concat(stdout("Status: 503\r\n\r\nx"), endRequest(1, 0, 0));
        byte[] stream = concat(answer, new byte[200]);
        FcgiResult.Response r = assertInstanceOf(FcgiResult.Response.class, read(stream, limits));
        assertEquals(503, r.status());
        assertEquals("x", r.body());
    }

    @Test
    void stopsAtTheTotalCapWhenNoEndRequestCameInside() {
        FcgiLimits limits = new FcgiLimits(64, 16, 10, 64);
        byte[] stream = concat(stderr("e".repeat(100)), endRequest(1, 0, 0));
        FcgiResult.ProtocolError p = assertInstanceOf(FcgiResult.ProtocolError.class, read(stream, limits));
        assertEquals(Kind.OUTPUT_LIMIT, p.kind());
        assertEquals("more than 64 bytes without END_REQUEST", p.what());
    }

    @Test
    void skipsPaddingOfEveryRecordKind() {
        FcgiResult.Response r = assertInstanceOf(FcgiResult.Response.class, read(concat(
                record(6, 1, "Status: 200\r\n\r\nok".getBytes(StandardCharsets.US_ASCII), 255),
                record(7, 1, "e".getBytes(StandardCharsets.US_ASCII), 7),
                record(3, 1, new byte[] {0, 0, 0, 0, 0, 0, 0, 0}, 8))));
        assertEquals("ok", r.body());
        assertEquals("e", r.stderr());
    }

    @Test
    void rejectsWhatAResponderDoesNotSend() {
        assertKind(Kind.UNEXPECTED_RECORD, read(record(11, 0, new byte[8], 0)),
                "the peer answered FCGI_UNKNOWN_TYPE: it did not understand the request");
        assertKind(Kind.UNEXPECTED_RECORD, read(record(1, 1, new byte[8], 0)),
                "a responder does not send FCGI_BEGIN_REQUEST (request id 1)");
        assertKind(Kind.WRONG_REQUEST_ID, read(record(6, 2, new byte[1], 0)),
                "FCGI_STDOUT for request id 2, expected 1");
        assertKind(Kind.BAD_END_REQUEST, read(record(3, 1, new byte[4], 0)),
                "FCGI_END_REQUEST with a 4-byte body, expected 8");
        assertKind(Kind.REQUEST_REJECTED, read(endRequest(1, 0, 2)), "END_REQUEST with FCGI_OVERLOADED");
    }

    @Test
    void rejectsStdoutThatIsNotCgi() {
        assertKind(Kind.MALFORMED_HEADERS, read(concat(stdout("<html>no headers"), endRequest(1, 0, 0))),
                "STDOUT has no end of CGI headers (an empty line)");
        assertKind(Kind.MALFORMED_HEADERS, read(endRequest(1, 0, 0)), "STDOUT is empty: no CGI headers");
        assertKind(Kind.MALFORMED_HEADERS, read(concat(stdout("Status 200\r\n\r\n"), endRequest(1, 0, 0))),
                "invalid CGI header line: Status 200");
        assertKind(Kind.MALFORMED_HEADERS, read(concat(stdout("Status: abc\r\n\r\n"), endRequest(1, 0, 0))),
                "invalid Status header: abc");
    }

    @Test
    void namesTlsAndHttpPeers() {
        assertKind(Kind.TLS_RESPONSE, read(new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46, 0, 0}),
                "the peer answered with TLS (alert record), not FastCGI");
        assertKind(Kind.HTTP_RESPONSE, read("HTTP/1.0 502 Bad Gateway\n\n".getBytes(StandardCharsets.US_ASCII)),
                "the peer answered in HTTP, not FastCGI: HTTP/1.0 502 Bad Gateway");
    }

    @Test
    void aCloseBetweenRecordsKeepsWhatArrived() {
        FcgiResult.Closed c = assertInstanceOf(FcgiResult.Closed.class,
                read(concat(stdout("Status: 200\r\n\r\npartial"), stderr("PHP Fatal error: x"))));
        assertEquals("the peer closed the connection after 56 bytes, before FCGI_END_REQUEST", c.detail());
        assertEquals("Status: 200\r\n\r\npartial", c.stdoutPrefix());
        assertEquals("PHP Fatal error: x", c.stderr());
        assertFalse(c.reset());
    }

    @Test
    void aCloseInsideARecordHeaderSaysSo() {
        FcgiResult.Closed c = assertInstanceOf(FcgiResult.Closed.class,
                read(concat(stdout("Status: 200\r\n\r\n"), new byte[] {1, 6, 0})));
        assertTrue(c.detail().startsWith("the peer closed the connection in the middle of a record header"),
                c.detail());
    }

    @Test
    void mapsConnectErrorsAsTheKernelReportsThem() {
        FcgiEndpoint.Unix unix = new FcgiEndpoint.Unix(Path.of("/run/php/php8.2-fpm.sock"));
        assertInstanceOf(FcgiResult.PermissionDenied.class,
                FastCgiClient.connectFailure(unix, new SocketException("Permission denied")));
        assertInstanceOf(FcgiResult.QueueFull.class,
                FastCgiClient.connectFailure(unix, new SocketException("Resource temporarily unavailable")));
        assertInstanceOf(FcgiResult.NoSuchSocket.class,
                FastCgiClient.connectFailure(unix, new SocketException("No such file or directory")));
        assertInstanceOf(FcgiResult.Refused.class,
                FastCgiClient.connectFailure(unix, new ConnectException("Connection refused")));
        FcgiEndpoint.Tcp tcp = new FcgiEndpoint.Tcp("192.0.2.1", 9000);
        assertInstanceOf(FcgiResult.Unreachable.class,
                FastCgiClient.connectFailure(tcp, new java.net.NoRouteToHostException("No route to host")));
        assertInstanceOf(FcgiResult.PermissionDenied.class,
                FastCgiClient.connectFailure(tcp, new SocketException("Permission denied")));
    }

    @Test
    void encodesNameValuePairsWithShortAndLongLengths() {
        String longValue = "v".repeat(200);
        byte[] req = FcgiProtocol.encode(new FcgiRequest(List.of(new FcgiRequest.Param("A", "b"),
                new FcgiRequest.Param("LONG", longValue))));
        // BEGIN_REQUEST: header + 8 bytes
        assertEquals(1, req[0]);
        assertEquals(1, req[1]);
        assertEquals(1, req[9], "role RESPONDER");
        // PARAMS record after it
        int p = 16;
        assertEquals(4, req[p + 1]);
        int len = ((req[p + 4] & 0xff) << 8) | (req[p + 5] & 0xff);
        assertEquals(2 + 1 + 1 + 1 + 4 + 4 + 200, len);
        assertEquals(1, req[p + 8]);
        assertEquals(1, req[p + 9]);
        assertEquals('A', req[p + 10]);
        assertEquals('b', req[p + 11]);
        assertEquals(4, req[p + 12]);
        assertEquals((byte) 0x80, req[p + 13]);
        assertEquals(0, req[p + 14]);
        assertEquals(0, req[p + 15]);
        assertEquals((byte) 200, req[p + 16]);
        int end = p + 8 + len;
        assertEquals(4, req[end + 1]);
        assertEquals(0, req[end + 5], "empty PARAMS");
        assertEquals(5, req[end + 9]);
        assertEquals(0, req[end + 13], "empty STDIN");
        assertEquals(end + 16, req.length);
    }

    @Test
    void splitsParamsLongerThanOneRecord() {
        byte[] req = FcgiProtocol.encode(new FcgiRequest(List.of(new FcgiRequest.Param("BIG", "x".repeat(70_000)))));
        int p = 16;
        int first = ((req[p + 4] & 0xff) << 8) | (req[p + 5] & 0xff);
        assertEquals(65535, first);
        int q = p + 8 + first;
        assertEquals(4, req[q + 1]);
        int second = ((req[q + 4] & 0xff) << 8) | (req[q + 5] & 0xff);
        assertEquals(1 + 4 + 3 + 70_000 - 65535, second);
    }

    private static void assertKind(Kind kind, FcgiResult r, String what) {
        FcgiResult.ProtocolError e = assertInstanceOf(FcgiResult.ProtocolError.class, r);
        assertEquals(kind, e.kind(), e.toString());
        assertEquals(what, e.what());
    }

    @Test
    void needsMoreBytesUntilARecordIsComplete() {
        AnswerReader r = new AnswerReader(FcgiLimits.DEFAULT);
        assertNull(r.feed(ByteBuffer.wrap(new byte[] {1, 6, 0, 1, 0, 5}), Duration.ZERO));
        assertEquals(6, r.received());
    }
}
