package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The prober's answer reader against peers that never stop sending: it stops at its own byte limits. */
class HttpAnswerLimitsTest {

    private static final URI URL = URI.create("http://127.0.0.1:8080/");

    /** A peer that sends {@code head} once, then {@code loop} forever, at most 1000 bytes a read. */
    private static HttpProber.Read endless(String head, String loop) throws IOException {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] l = loop.getBytes(StandardCharsets.ISO_8859_1);
        long[] sent = {0};
        HttpProber.Source source = (buf, off, len, timeoutMillis) -> {
            int n = Math.min(len, 1000);
            for (int i = 0; i < n; i++, sent[0]++) {
                buf[off + i] = sent[0] < h.length ? h[(int) sent[0]] : l[(int) ((sent[0] - h.length) % l.length)];
            }
            return n;
        };
        return HttpProber.readAnswer(source, URL, "127.0.0.1:8080", System.nanoTime() + TimeUnit.HOURS.toNanos(1));
    }

    @Test
    void endlessInterimAnswersEndAtTheAnswerLimitInsteadOfTheDeadline() throws IOException {
        // Found by HttpAnswerFuzzTest: every 1xx answer started the header count anew, so a peer repeating
        // "100 Continue" was read until the deadline.
        HttpProber.Read r = endless("", "HTTP/1.1 100 Continue\r\n\r\n");
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, r.outcome());
        assertEquals(HttpProber.Kind.IO, f.kind());
        assertEquals("127.0.0.1:8080 sent more than 1048576 bytes without a complete answer", f.message());
        assertEquals(HttpProber.MAX_ANSWER_BYTES, r.bytesRead());
    }

    @Test
    void endlessHeadersAreAFailureThatSaysSo() throws IOException {
        HttpProber.Read r = endless("HTTP/1.1 200 OK\r\n", "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, r.outcome());
        assertEquals(HttpProber.Kind.IO, f.kind());
        assertEquals("127.0.0.1:8080 sent more than 65536 bytes of headers", f.message());
        assertTrue(r.bytesRead() < 2 * 65536, () -> "read " + r.bytesRead());
    }

    @Test
    void anEndlessLineIsAFailureThatSaysSo() throws IOException {
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, endless("HTTP/1.1 200 OK", "x").outcome());
        assertEquals("127.0.0.1:8080 sent a line longer than 16384 bytes", f.message());
    }

    @Test
    void longLinesBetweenOneByteChunksEndTheBodyAtTheAnswerLimit() throws IOException {
        String line = "1;" + "e".repeat(16_000) + "\r\nx\r\n";
        HttpProber.Read r = endless("HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked\r\n\r\n", line);
        HttpProber.Response resp = assertInstanceOf(HttpProber.Response.class, r.outcome());
        assertEquals(502, resp.status());
        assertFalse(resp.bodyComplete());
        assertEquals(HttpProber.MAX_ANSWER_BYTES, r.bytesRead());
        assertTrue(resp.bodyText().chars().allMatch(c -> c == 'x'));
    }
}
