package org.gatewaydoctor.checks.http.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.facts.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FastCGI leg's reading of answers, and its bounds against peers that misbehave. */
class FastCgiLegTest {

    private static final Address A = Address.tcp("127.0.0.1", 9000);

    private static byte[] record(int type, String content) {
        byte[] c = content.getBytes(StandardCharsets.ISO_8859_1);
        byte[] r = new byte[8 + c.length];
        r[0] = 1;
        r[1] = (byte) type;
        r[3] = 1;
        r[4] = (byte) (c.length >> 8);
        r[5] = (byte) c.length;
        System.arraycopy(c, 0, r, 8, c.length);
        return r;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void readsTheStatusOfPhpFpmsAnswerToAMissingScript() {
        // what PHP-FPM 8.2 answers for a script it cannot find (fpm_main.c: "Primary script unknown")
        byte[] answer = concat(record(6, "Status: 404 Not Found\r\nContent-type: text/html; charset=UTF-8\r\n\r\n"
                + "File not found.\n"), record(3, "\0\0\0\0\0\0\0\0"));
        FastCgiLeg.Result r = FastCgiLeg.parse(A, answer, System.nanoTime(), false);
        assertEquals(FastCgiLeg.Kind.ANSWERED, r.kind());
        assertEquals(404, r.status());
    }

    @Test
    void anUnfinishedAnswerWaitsForMore() {
        assertNull(FastCgiLeg.parse(A, record(6, "Status: 404"), System.nanoTime(), false));
    }

    @Test
    void anHttpAnswerIsNotFastCgi() {
        byte[] http = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(FastCgiLeg.Kind.GARBAGE, FastCgiLeg.parse(A, http, System.nanoTime(), false).kind());
    }

    @Test
    void aMissingSocketIsRefusedAndAStallingPeerTimesOutInTime(@TempDir Path dir) throws IOException {
        FastCgiLeg.Result missing = FastCgiLeg.probe(Address.unix(dir.resolve("php-fpm.sock")),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        assertEquals(FastCgiLeg.Kind.REFUSED, missing.kind());
        assertTrue(missing.message().contains("the socket does not exist"), missing.message());

        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(5000);
                } catch (IOException | InterruptedException e) {
                    // done
                }
            });
            t.setDaemon(true);
            t.start();
            long start = System.nanoTime();
            FastCgiLeg.Result r = FastCgiLeg.probe(Address.tcp("127.0.0.1", silent.getLocalPort()),
                    start + TimeUnit.MILLISECONDS.toNanos(800));
            assertEquals(FastCgiLeg.Kind.TIMEOUT, r.kind());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1500);
        }
    }
}
