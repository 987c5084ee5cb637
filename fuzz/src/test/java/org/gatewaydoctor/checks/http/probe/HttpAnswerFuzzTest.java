package org.gatewaydoctor.checks.http.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.fuzz.Budget;

/**
 * The HTTP prober's answer reader on any bytes a server can send. Seeds: real nginx 1.22 and HAProxy 2.6
 * answers to the prober's request ({@code fuzz/capture/http.py}).
 *
 * <p>Invariants: it never throws; it takes at most {@link HttpProber#MAX_ANSWER_BYTES} from the peer, also
 * from a peer that repeats the input forever (it must stop by itself, long before any deadline); a body
 * holds at most {@link HttpProber#MAX_BODY} bytes; a complete body with a {@code Content-Length} has exactly
 * that length; and the outcome does not depend on how the bytes were split into reads.
 */
class HttpAnswerFuzzTest {

    private static final URI URL = URI.create("http://127.0.0.1:8080/");

    @FuzzTest(maxDuration = Budget.PER_TARGET)
    void answer(byte[] data) throws IOException {
        HttpProber.Read whole = read(data, Integer.MAX_VALUE, false);
        int step = 1 + (Arrays.hashCode(data) & 0x0f);
        HttpProber.Read split = read(data, step, false);
        assertSameOutcome(whole.outcome(), split.outcome());
        check(whole);
        check(split);
        if (data.length > 0) {
            check(read(data, Integer.MAX_VALUE, true));
        }
    }

    private static void check(HttpProber.Read r) {
        assertTrue(r.bytesRead() <= HttpProber.MAX_ANSWER_BYTES, () -> "read " + r.bytesRead() + " bytes");
        if (r.outcome() instanceof HttpProber.Response resp) {
            assertTrue(resp.body().length <= HttpProber.MAX_BODY, () -> "body of " + resp.body().length);
            assertTrue(resp.status() >= 200 && resp.status() <= 999 || resp.status() == 101,
                    () -> "an interim status as the answer: " + resp.status());
            String cl = resp.header("content-length").trim();
            if (resp.bodyComplete() && !cl.isEmpty() && cl.chars().allMatch(Character::isDigit) && cl.length() < 10
                    && resp.header("transfer-encoding").isEmpty()
                    && resp.status() >= 200 && resp.status() != 204 && resp.status() != 304) {
                assertEquals(Long.parseLong(cl), resp.body().length, "complete body and Content-Length differ");
            }
        }
    }

    /** Reads {@code data} (forever repeated when {@code endless}), at most {@code step} bytes a read. */
    private static HttpProber.Read read(byte[] data, int step, boolean endless) throws IOException {
        int[] pos = {0};
        HttpProber.Source source = (buf, off, len, timeoutMillis) -> {
            assertTrue(timeoutMillis > 0, "a read without time left");
            if (pos[0] >= data.length) {
                if (!endless) {
                    return -1;
                }
                pos[0] = 0;
            }
            int n = Math.min(Math.min(len, step), data.length - pos[0]);
            System.arraycopy(data, pos[0], buf, off, n);
            pos[0] += n;
            return n;
        };
        return HttpProber.readAnswer(source, URL, "127.0.0.1:8080", System.nanoTime() + TimeUnit.HOURS.toNanos(1));
    }

    private static void assertSameOutcome(HttpProber.Outcome a, HttpProber.Outcome b) {
        assertEquals(a.getClass(), b.getClass(), () -> a + " vs " + b);
        if (a instanceof HttpProber.Response x && b instanceof HttpProber.Response y) {
            assertEquals(x.status(), y.status());
            assertEquals(x.reason(), y.reason());
            assertEquals(x.headers(), y.headers());
            assertArrayEquals(x.body(), y.body());
            assertEquals(x.bodyComplete(), y.bodyComplete());
        } else if (a instanceof HttpProber.Failure x && b instanceof HttpProber.Failure y) {
            assertEquals(x.kind(), y.kind(), () -> x.message() + " vs " + y.message());
        }
    }
}
