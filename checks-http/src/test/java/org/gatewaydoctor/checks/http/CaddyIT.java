package org.gatewaydoctor.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Caddy 2 (Debian's package) on 127.0.0.1, in front of a closed port and of a PHP-FPM socket that does not
 * exist: its answers are attributed to Caddy, and its error log names the causes.
 */
class CaddyIT {

    @TempDir
    static Path dir;
    static Process caddy;
    static int refusedPort;
    static int fpmPort;
    static Path log;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void startCaddy() throws Exception {
        refusedPort = freePort();
        fpmPort = freePort();
        int closed = freePort(); // nothing listens there
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/index.php"), "<?php echo 1;\n");
        Path caddyfile = Files.writeString(dir.resolve("Caddyfile"), """
                {
                	admin off
                	auto_https off
                }
                http://127.0.0.1:%d {
                	reverse_proxy 127.0.0.1:%d
                }
                http://127.0.0.1:%d {
                	root * %s
                	php_fastcgi unix/%s
                }
                """.formatted(refusedPort, closed, fpmPort, dir.resolve("www"), dir.resolve("php8.2-fpm.sock")));
        log = dir.resolve("caddy.log");
        ProcessBuilder pb = new ProcessBuilder("caddy", "run", "--config", caddyfile.toString(), "--adapter", "caddyfile")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        caddy = pb.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", fpmPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("caddy did not start: " + Files.readString(log));
    }

    @AfterAll
    static void stopCaddy() throws InterruptedException {
        if (caddy != null) {
            caddy.destroy();
            caddy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int get(int port) throws Exception {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void caddysBadGatewayIsAttributedToCaddyAndItsLogNamesTheRefusingUpstreamAndTheMissingSocket() throws Exception {
        assertEquals(502, get(refusedPort));
        assertEquals(502, get(fpmPort));

        CheckRun page = CheckTester.of(new HttpProbeCheck()).withUrl("http://127.0.0.1:" + refusedPort + "/")
                .withTimeout(Duration.ofSeconds(10)).run();
        Diagnosis d = page.diagnosis();
        ErrorSource source = d.attribution().orElseThrow(() -> new AssertionError(page.json()));
        assertEquals("caddy", source.vendor(), page.json());
        assertEquals(ErrorSource.Hop.PROXY, source.hop());
        assertEquals(Integer.valueOf(502), source.status());

        // Caddy writes its log lines as they happen; the two requests are in it by now
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(log).contains("missing") && !Files.readString(log).contains("no such file")
                && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        CheckRun run = CheckTester.of(new CaddyErrorLogCheck()).withLogs(log).withTimeout(Duration.ofSeconds(10)).run()
                .assertRespectsDeadline().assertValidAgainstSchema();
        run.assertFound(CauseCode.PROXY_UPSTREAM_REFUSED);
        run.assertFound(CauseCode.PHPFPM_DOWN);
        assertTrue(run.json().contains("php8.2-fpm.sock"), run.json());
    }
}
