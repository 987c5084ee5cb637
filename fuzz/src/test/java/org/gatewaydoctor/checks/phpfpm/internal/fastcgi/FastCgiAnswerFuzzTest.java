package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.gatewaydoctor.fuzz.Budget;

/**
 * The FastCGI answer reader on any bytes a peer can send. Seeds: real PHP-FPM 8.2 answers
 * ({@code fuzz/capture/fastcgi.py}).
 *
 * <p>Invariants: it never throws; it reads no byte past its caps (total bytes, STDOUT, STDERR, records):
 * once a cap is passed it answers instead of asking for more; a response holds at most the STDOUT and
 * STDERR it may keep; the answer does not depend on how the bytes were split into reads; and the status
 * page parser returns a reading or {@code Invalid}, never throws, on whatever body came.
 */
class FastCgiAnswerFuzzTest {

    /** Small enough that the fuzzer reaches every cap within a short input. */
    private static final FcgiLimits SMALL = new FcgiLimits(600, 80, 12, 1500);

    @FuzzTest(maxDuration = Budget.PER_TARGET)
    void answer(byte[] data) {
        check(data, FcgiLimits.DEFAULT);
        check(data, SMALL);
    }

    private static void check(byte[] data, FcgiLimits limits) {
        Fed whole = feed(data, data.length == 0 ? 1 : data.length, limits);
        // a split that depends on the input, so the fuzzer can steer it
        int chunk = 1 + (data.length == 0 ? 0 : (data[data.length - 1] & 0x0f));
        Fed split = feed(data, chunk, limits);
        // byte by byte costs a read per byte: only for inputs up to 2 KiB (most of the fuzzer's)
        Fed bytewise = data.length <= 2048 ? feed(data, 1, limits) : split;
        assertSame(whole.result, split.result);
        assertSame(whole.result, bytewise.result);

        for (Fed f : new Fed[] {whole, split, bytewise}) {
            // a reader asks for more only while it is under its total cap
            assertTrue(f.askedForMoreAt <= limits.maxTotalBytes(),
                    () -> "asked for more after " + f.askedForMoreAt + " bytes, cap " + limits.maxTotalBytes());
        }
        if (whole.result instanceof FcgiResult.Response r) {
            assertTrue(r.body().getBytes(StandardCharsets.UTF_8).length <= 3L * limits.maxStdoutBytes());
            assertTrue(r.body().length() <= limits.maxStdoutBytes(), "body longer than the STDOUT cap");
            assertTrue(r.stderr().length() <= limits.maxStderrBytes(), "stderr longer than the STDERR cap");
            assertTrue(r.status() >= 0 && r.status() <= 999, () -> "status " + r.status());
            FpmStatusParser.Parsed parsed = FpmStatusParser.parse(r.body(), Instant.EPOCH);
            assertNotNull(parsed);
        }
        if (whole.result instanceof FcgiResult.ProtocolError p) {
            assertTrue(p.prefix().length() <= 200, "prefix longer than 200 characters");
        }
    }

    /** What a reader gave for a stream fed in chunks, and the most bytes it had taken when it asked for more. */
    private record Fed(FcgiResult result, long askedForMoreAt) {
    }

    private static Fed feed(byte[] stream, int chunk, FcgiLimits limits) {
        AnswerReader r = new AnswerReader(limits);
        long asked = 0;
        for (int off = 0; off < stream.length; off += chunk) {
            ByteBuffer b = ByteBuffer.wrap(stream, off, Math.min(chunk, stream.length - off)).slice();
            FcgiResult done = r.feed(b, Duration.ofMillis(3));
            if (done != null) {
                return new Fed(done, asked);
            }
            asked = r.received();
        }
        FcgiResult closed = r.closed(false);
        assertNotNull(closed);
        return new Fed(closed, asked);
    }

    private static void assertSame(FcgiResult a, FcgiResult b) {
        assertEquals(a.getClass(), b.getClass(), () -> a + " vs " + b);
        if (a instanceof FcgiResult.Response x && b instanceof FcgiResult.Response y) {
            assertEquals(x.status(), y.status());
            assertEquals(x.headers(), y.headers());
            assertEquals(x.body(), y.body());
            assertEquals(x.stderr(), y.stderr());
            assertEquals(x.stderrTruncated(), y.stderrTruncated());
            assertEquals(x.appStatus(), y.appStatus());
        } else if (a instanceof FcgiResult.ProtocolError x && b instanceof FcgiResult.ProtocolError y) {
            assertEquals(x.kind(), y.kind(), () -> x + " vs " + y);
        }
    }
}
