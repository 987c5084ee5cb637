package org.gatewaydoctor.checks.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real server that speaks only an old protocol (OpenSSL 3's {@code s_server -tls1} / {@code -tls1_1} at
 * security level 0, on 127.0.0.1): the JVM's handshake fails with {@code protocol_version}, and the check says
 * which protocol the server does speak.
 */
class LegacyTlsIT {

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificate() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("k.pem").toString(),
                "-out", dir.resolve("c.pem").toString(), "-days", "30", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @CsvSource({"-tls1, TLSv1", "-tls1_1, TLSv1.1"})
    void aServerThatSpeaksOnlyAnOldProtocolIsNamedWithThatProtocol(String flag, String protocol) throws Exception {
        int port = freePort();
        Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert",
                dir.resolve("c.pem").toString(), "-key", dir.resolve("k.pem").toString(), flag, "-cipher",
                "DEFAULT:@SECLEVEL=0", "-www").redirectErrorStream(true).redirectOutput(dir.resolve(flag + ".log").toFile())
                .start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    break;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            CheckRun run = CheckTester.of(new TlsCheck()).withUrl("https://127.0.0.1:" + port + "/")
                    .withTimeout(Duration.ofSeconds(10)).run().assertRespectsDeadline();
            Finding f = run.findings().stream().filter(x -> CauseCode.TLS_HANDSHAKE_FAILURE.equals(x.cause()))
                    .findFirst().orElseThrow(() -> new AssertionError(run.json()));
            assertTrue(f.summary().contains("the server speaks only " + protocol + " (it answered a TLS 1.1 hello with "
                    + protocol + ")"), f.summary());
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @org.junit.jupiter.api.Test
    void theHelloIsOneWellFormedRecord() {
        byte[] hello = LegacyHello.clientHello("www.example.org");
        assertEquals(22, hello[0]);
        assertEquals(hello.length - 5, (hello[3] & 0xff) << 8 | hello[4] & 0xff, "record length");
        assertEquals(hello.length - 9, (hello[7] & 0xff) << 8 | hello[8] & 0xff, "handshake length");
        assertEquals(3, hello[9]);
        assertEquals(2, hello[10], "TLS 1.1 client version");
    }
}
