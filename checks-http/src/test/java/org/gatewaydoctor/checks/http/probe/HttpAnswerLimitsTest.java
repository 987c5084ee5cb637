package org.gatewaydoctor.checks.http.probe;

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
    void endlessInterimAnswersAreAProtocolFailureAfterTheInterimLimitInsteadOfAWaitForTheDeadline() throws IOException {
        // Found by HttpAnswerFuzzTest on an old prober: a peer repeating "100 Continue" was read until the
        // deadline. Then the sixth interim answer was reported as the answer (status 100). An interim answer is
        // never a final one: after 5 of them the probe says the peer never answers.
        HttpProber.Read r = endless("", "HTTP/1.1 100 Continue\r\n\r\n");
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, r.outcome());
        assertEquals(HttpProber.Kind.PROTOCOL, f.kind());
        assertTrue(f.message().startsWith("127.0.0.1:8080 sent 6 interim answers (HTTP/1.1 100 Continue) and no final"),
                f.message());
        assertTrue(r.bytesRead() <= 8192, () -> "read " + r.bytesRead());
    }

    @Test
    void aFewInterimAnswersBeforeTheFinalOneAreReadPast() throws IOException {
        HttpProber.Read r = endless("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                + "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 3\r\n\r\nbad", "x");
        HttpProber.Response resp = assertInstanceOf(HttpProber.Response.class, r.outcome());
        assertEquals(502, resp.status());
        assertEquals("bad", resp.bodyText());
    }

    @Test
    void endlessHeadersAreAFailureThatSaysSo() throws IOException {
        HttpProber.Read r = endless("HTTP/1.1 200 OK\r\n", "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, r.outcome());
        assertEquals(HttpProber.Kind.HEADERS_TOO_BIG, f.kind());
        assertTrue(f.message().startsWith("127.0.0.1:8080 sent more than 65536 bytes of headers"), f.message());
        assertEquals(r.bytesRead(), f.received());
        assertTrue(r.bytesRead() < 2 * 65536, () -> "read " + r.bytesRead());
    }

    @Test
    void anEndlessLineIsAFailureThatSaysSo() throws IOException {
        HttpProber.Failure f = assertInstanceOf(HttpProber.Failure.class, endless("HTTP/1.1 200 OK", "x").outcome());
        assertEquals(HttpProber.Kind.HEADERS_TOO_BIG, f.kind());
        assertTrue(f.message().startsWith("127.0.0.1:8080 sent a header line longer than 16384 bytes"), f.message());
    }

    @Test
    void longLinesBetweenOneByteChunksEndTheBodyAtTheAnswerLimit() throws IOException {
        String line = "1;" + "e".repeat(16_000) + "\r\nx\r\n";
        HttpProber.Read r = endless("HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked\r\n\r\n", line);
        HttpProber.Response resp = assertInstanceOf(HttpProber.Response.class, r.outcome());
        assertEquals(502, resp.status());
        assertEquals(HttpProber.BodyEnd.CAPPED, resp.bodyEnd());
        assertFalse(resp.bodyComplete());
        assertEquals(HttpProber.MAX_ANSWER_BYTES, r.bytesRead());
        // one byte of body per ~16 KiB line: the answer cap, not the body cap, ended it
        assertTrue(resp.body().length < HttpProber.MAX_BODY, () -> "body of " + resp.body().length);
        assertTrue(resp.bodyText().chars().allMatch(c -> c == 'x'));
    }
}
