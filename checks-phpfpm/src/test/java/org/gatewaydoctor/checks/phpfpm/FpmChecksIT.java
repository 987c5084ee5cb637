package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.checks.phpfpm.internal.config.RealPhpFpm;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FastCgiClient;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiEndpoint;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiRequest;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PHP-FPM checks against a real php-fpm started in a temp dir (unix sockets there, TCP on 127.0.0.1 high
 * ports) and stopped by PID.
 */
class FpmChecksIT {

    @TempDir
    Path dir;

    RealPhpFpm fpm;
    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        if (fpm != null) {
            fpm.close();
        }
    }

    Path start(String pools, List<Path> sockets) throws Exception {
        RealPhpFpm.requireBinary();
        Files.writeString(dir.resolve("sleep.php"),
                "<?php usleep((int) ($_GET['ms'] ?? 1000) * 1000); echo \"slept\\n\";\n");
        Path conf = dir.resolve("php-fpm.conf");
        Files.writeString(conf, "[global]\nerror_log = " + dir + "/php-fpm.log\npid = " + dir + "/php-fpm.pid\n"
                + pools.replace("USER\n", RealPhpFpm.userLine()));
        RealPhpFpm.openUp(dir);
        fpm = RealPhpFpm.start(conf, dir, sockets);
        return conf;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void reportsTheExhaustedPoolAndItsStuckWorkerFromTwoLiveStatusReadings() throws Exception {
        Path conf = start("[busy]\nUSER\nlisten = " + dir + "/busy.sock\npm = static\npm.max_children = 1\n"
                + "pm.status_path = /status\npm.status_listen = " + dir + "/busy-status.sock\n",
                List.of(dir.resolve("busy.sock"), dir.resolve("busy-status.sock")));
        FcgiEndpoint busy = new FcgiEndpoint.Unix(dir.resolve("busy.sock"));
        String script = dir.resolve("sleep.php").toString();
        for (int k = 0; k < 4; k++) {
            pool.submit(() -> FastCgiClient.standard().call(busy, FcgiRequest.get(script, "ms=8000"),
                    Duration.ofSeconds(30)));
        }
        // the first request must have run past the 1 s "stuck" mark, and still be running through both readings,
        // also when a loaded machine starts it late
        Thread.sleep(2500);
        CheckResult r = CheckTester.of(new FpmStatusCheck()).withConfig(Target.CONFIG_PHP_FPM, conf)
                .withOption(FpmStatusCheck.OPTION_STUCK_AFTER, "1").run()
                .assertFound(CauseCode.PHPFPM_POOL_EXHAUSTED).assertRespectsDeadline().result().orElseThrow();
        Finding exhausted = CheckResults.find(r, CauseCode.PHPFPM_POOL_EXHAUSTED);
        assertTrue(exhausted.summary().contains("1 of 1 workers busy"), exhausted.summary());
        Finding stuck = CheckResults.find(r, CauseCode.APP_SLOW_REQUESTS);
        assertTrue(stuck.summary().contains(script), stuck.summary());
    }

    @Test
    void reportsAStaleSocketAfterTheMasterIsKilled() throws Exception {
        Path conf = start("[www]\nUSER\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 1\n",
                List.of(dir.resolve("www.sock")));
        CheckTester.of(new FpmSocketCheck()).withConfig(Target.CONFIG_PHP_FPM, conf).run().assertPassed();
        fpm.killAll();
        assertTrue(Files.exists(dir.resolve("www.sock")), "kill -9 leaves the socket file");
        Finding f = CheckResults.only(CheckTester.of(new FpmSocketCheck()).withConfig(Target.CONFIG_PHP_FPM, conf)
                .run().assertFound(CauseCode.PHPFPM_DOWN).result().orElseThrow());
        assertTrue(f.summary().contains("stale"), f.summary());
        CheckTester.of(new FpmStatusCheck()).withConfig(Target.CONFIG_PHP_FPM, conf).run().assertNotApplicable();
    }

    @Test
    void reportsASocketOwnedByAnotherUserWithMode0600() throws Exception {
        assumeTrue(RealPhpFpm.root(), "php-fpm sets listen.owner only when its master runs as root");
        Path conf = start("[www]\nUSER\nlisten = " + dir + "/www.sock\nlisten.owner = nobody\nlisten.group = nogroup\n"
                + "listen.mode = 0600\npm = static\npm.max_children = 1\n", List.of(dir.resolve("www.sock")));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        CheckResult r = new FpmSocketCheck().run(TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, conf)
                .fact(Facts.WEB_SERVERS, Fixtures.nginx("www-data", Fixtures.route(UpstreamProtocol.FASTCGI,
                        Address.unix(dir.resolve("www.sock")), 60, 12))).build());
        Finding f = CheckResults.only(r);
        assertEquals(CauseCode.PHPFPM_SOCKET_PERMISSION, f.cause());
        assertTrue(f.summary().contains("is nobody:nogroup 0600"), f.summary());
    }

    @Test
    void confirmsAllowedClientsThatDropLoopbackWithALiveCall() throws Exception {
        int port = freePort();
        Path conf = start("[www]\nUSER\nlisten = 127.0.0.1:" + port + "\nlisten.allowed_clients = 10.9.8.7\n"
                + "pm = static\npm.max_children = 1\nping.path = /ping\n", List.of());
        waitForPort(port);
        Finding f = CheckResults.only(CheckTester.of(new FpmSocketCheck()).withConfig(Target.CONFIG_PHP_FPM, conf)
                .run().assertFound(CauseCode.PHPFPM_CLIENT_NOT_ALLOWED).result().orElseThrow());
        assertTrue(f.confidence() >= 0.95, f.toString());
        // observed with php-fpm 8.2: the drop is not written to error_log (the worker's stderr goes to /dev/null
        // without catch_workers_output), so the live call is the evidence
        assertTrue(f.evidence().get(0).describe().contains("PHP-FPM dropped the connection"), f.evidence().toString());
    }

    void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (FastCgiClient.standard().connect(new FcgiEndpoint.Tcp("127.0.0.1", port), Duration.ofSeconds(1))
                    .isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void hostilePeersOnThePoolSocketEndWithinTheDeadline() throws Exception {
        List<java.net.Socket> accepted = new ArrayList<>();
        try (ServerSocket stall = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket s = stall.accept();
                        accepted.add(s);
                        // endless garbage after a short stall
                        Thread.sleep(300);
                        byte[] junk = new byte[4096];
                        java.util.Arrays.fill(junk, (byte) 0x7f);
                        while (true) {
                            s.getOutputStream().write(junk);
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = 127.0.0.1:" + stall.getLocalPort()
                    + "\npm = static\npm.max_children = 1\nping.path = /ping\npm.status_path = /status\n");
            CheckResult r = CheckTester.of(new FpmStatusCheck()).withConfig(Target.CONFIG_PHP_FPM, conf)
                    .withTimeout(Duration.ofSeconds(3)).run().assertCompleted().assertRespectsDeadline()
                    .result().orElseThrow();
            assertTrue(!r.findingList().isEmpty(), r.toString());
            assertTrue(r.findingList().get(0).summary().contains("gave no usable answer"), r.toString());
        } finally {
            for (java.net.Socket s : accepted) {
                s.close();
            }
        }
    }
}
