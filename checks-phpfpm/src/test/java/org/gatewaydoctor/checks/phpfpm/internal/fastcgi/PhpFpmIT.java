package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gatewaydoctor.checks.phpfpm.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfig;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfigParser;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.checks.phpfpm.internal.config.RealPhpFpm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FastCGI client and the status reader against a real php-fpm, reached through the pool configuration this
 * module parses: ping and status on a unix socket and on TCP, a worker held across two readings, max_children
 * reached, a full listen queue, a killed master's stale socket, a stopped master's missing socket.
 */
class PhpFpmIT {

    static final Duration CALL = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    RealPhpFpm fpm;
    FpmConfig config;
    ExecutorService pool = Executors.newCachedThreadPool();
    final FastCgiClient client = FastCgiClient.standard();
    final FpmProbe probe = new FpmProbe(client, Clock.systemUTC());

    @BeforeEach
    void start() throws Exception {
        RealPhpFpm.requireBinary();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("sleep.php"),
                "<?php usleep((int) ($_GET['ms'] ?? 1000) * 1000); echo \"slept\\n\";\n");
        Files.writeString(dir.resolve("ini.php"), "<?php echo ini_get('memory_limit'), ' ', "
                + "ini_get('max_execution_time'), \"\\n\";\n");
        String user = RealPhpFpm.userLine();
        Path conf = dir.resolve("php-fpm.conf");
        Files.writeString(conf, "[global]\n"
                + "error_log = " + dir + "/php-fpm.log\n"
                + "pid = " + dir + "/php-fpm.pid\n"
                + "[unix]\n" + user
                + "listen = " + dir + "/$pool.sock\n"
                + "pm = dynamic\npm.max_children = 3\npm.start_servers = 1\npm.min_spare_servers = 1\n"
                + "pm.max_spare_servers = 2\n"
                + "ping.path = /ping\npm.status_path = /status\n"
                + "request_slowlog_timeout = 1s\nslowlog = " + dir + "/$pool-slow.log\n"
                + "php_admin_value[memory_limit] = 64M\nphp_admin_value[memory_limit] = 96M\n"
                + "php_value[max_execution_time] = 7\nphp_admin_value[max_execution_time] = 11\n"
                + "[tcp]\n" + user
                + "listen = 127.0.0.1:" + port + "\n"
                + "pm = static\npm.max_children = 1\n"
                + "ping.path = /health\nping.response = alive\npm.status_path = /fpm-status\n"
                + "[od]\n" + user
                + "listen = " + dir + "/$pool.sock\n"
                + "pm = ondemand\npm.max_children = 1\npm.status_path = /status\n"
                + "[tight]\n" + user
                + "listen = " + dir + "/$pool.sock\n"
                + "listen.backlog = 1\n"
                + "pm = static\npm.max_children = 1\npm.status_path = /status\n");
        RealPhpFpm.openUp(dir);
        config = FpmConfigParser.standard().parse(conf);
        assertEquals(List.of(), config.problems().stream()
                .filter(p -> p.severity() != ConfigProblem.Severity.WARNING)
                .toList());
        fpm = RealPhpFpm.start(conf, dir, List.of(dir.resolve("unix.sock"), dir.resolve("od.sock"),
                dir.resolve("tight.sock")));
        waitForTcp("tcp");
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        if (fpm != null) {
            fpm.close();
        }
    }

    FcgiEndpoint endpoint(String poolName) {
        FpmPool p = config.pool(poolName).orElseThrow();
        return FcgiEndpoint.of(p.listen().address().orElseThrow().value()).orElseThrow();
    }

    void waitForTcp(String poolName) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (client.call(endpoint(poolName), FcgiRequest.get("/health", ""), CALL) instanceof FcgiResult.Response) {
                return;
            }
            Thread.sleep(50);
        }
    }

    Future<FcgiResult> sleeper(String poolName, int millis) {
        FcgiEndpoint e = endpoint(poolName);
        String script = dir.resolve("sleep.php").toString();
        return pool.submit(() -> client.call(e, FcgiRequest.get(script, "ms=" + millis), Duration.ofSeconds(30)));
    }

    @Test
    void pingsEveryPoolAtTheAddressItsConfigurationNames() {
        FpmPool unix = config.pool("unix").orElseThrow();
        assertInstanceOf(FpmProbe.Pong.class, probe.ping(endpoint("unix"),
                unix.status().pingPath().orElseThrow().value(), unix.status().pingResponse().orElseThrow().value(),
                CALL));
        FpmPool tcp = config.pool("tcp").orElseThrow();
        FpmProbe.Pong pong = assertInstanceOf(FpmProbe.Pong.class, probe.ping(endpoint("tcp"),
                tcp.status().pingPath().orElseThrow().value(), tcp.status().pingResponse().orElseThrow().value(),
                CALL));
        assertEquals("alive", pong.response().body());
        FpmProbe.WrongAnswer wrong = assertInstanceOf(FpmProbe.WrongAnswer.class,
                probe.ping(endpoint("unix"), "/not-ping", "pong", CALL));
        assertEquals(404, wrong.response().status());
        assertEquals("Primary script unknown", wrong.response().stderr().strip());
    }

    @Test
    void readsTheRealStatusPageOverUnixAndTcp() {
        FpmStatus unix = assertInstanceOf(FpmProbe.Snapshot.class, probe.status(endpoint("unix"), "/status", CALL))
                .status();
        assertEquals("unix", unix.pool());
        assertEquals("dynamic", unix.processManager());
        assertTrue(unix.totalProcesses() >= 1);
        assertTrue(unix.listenQueue().isPresent());
        assertTrue(unix.processes().stream().anyMatch(p -> p.requestUri().equals("/status?json&full")));
        FpmStatus tcp = assertInstanceOf(FpmProbe.Snapshot.class, probe.status(endpoint("tcp"), "/fpm-status", CALL))
                .status();
        assertEquals("tcp", tcp.pool());
        assertEquals("static", tcp.processManager());
        assertEquals(1, tcp.totalProcesses());
    }

    @Test
    void theConfigurationsPhpValuesAreWhatScriptsSee() {
        FpmPool unix = config.pool("unix").orElseThrow();
        FcgiResult.Response r = assertInstanceOf(FcgiResult.Response.class,
                client.call(endpoint("unix"), FcgiRequest.get(dir.resolve("ini.php").toString(), ""), CALL));
        String expected = unix.php("memory_limit").orElseThrow().value() + " "
                + unix.maxExecutionTime().orElseThrow().value().getSeconds();
        assertEquals("64M 11", expected);
        assertEquals(expected, r.body().strip());
    }

    @Test
    void aWorkerOnOneSlowRequestIsHeldAcrossTwoReadings() throws Exception {
        FpmStatus before = assertInstanceOf(FpmProbe.Snapshot.class, probe.status(endpoint("unix"), "/status", CALL))
                .status();
        Future<FcgiResult> slow = sleeper("unix", 6000);
        // the first reading once the request has run 1.1 s (a loaded machine may start it late), then a second
        FpmStatus first;
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(4);
        do {
            Thread.sleep(100);
            first = assertInstanceOf(FpmProbe.Snapshot.class, probe.status(endpoint("unix"), "/status", CALL)).status();
        } while (first.runningLongerThan(Duration.ofMillis(1100)).isEmpty() && System.nanoTime() < giveUp);
        Thread.sleep(600);
        FpmStatus second = assertInstanceOf(FpmProbe.Snapshot.class, probe.status(endpoint("unix"), "/status", CALL))
                .status();
        StatusDelta d = StatusDelta.between(first, second);
        assertEquals(1, d.heldThroughout().size(), d.toString());
        FpmProcess held = d.heldThroughout().get(0);
        assertEquals(dir.resolve("sleep.php").toString(), held.script());
        assertTrue(held.requestDuration().compareTo(Duration.ofMillis(1500)) >= 0, held.toString());
        assertEquals(List.of(held.pid()), second.runningLongerThan(Duration.ofSeconds(1)).stream()
                .map(FpmProcess::pid).toList());
        assertInstanceOf(FcgiResult.Response.class, slow.get());
        FpmStatus after = assertInstanceOf(FpmProbe.Snapshot.class, probe.status(endpoint("unix"), "/status", CALL))
                .status();
        assertTrue(StatusDelta.between(before, after).slowRequests() >= 1, "request_slowlog_timeout = 1s passed");
    }

    @Test
    void maxChildrenReachedShowsInTheDelta() throws Exception {
        FpmStatus before = assertInstanceOf(FpmProbe.Snapshot.class, probe.status(endpoint("od"), "/status", CALL))
                .status();
        Future<FcgiResult> first = sleeper("od", 1500);
        Thread.sleep(300);
        Future<FcgiResult> second = sleeper("od", 10);
        assertInstanceOf(FcgiResult.Response.class, first.get());
        assertInstanceOf(FcgiResult.Response.class, second.get());
        FpmStatus after = assertInstanceOf(FpmProbe.Snapshot.class, probe.status(endpoint("od"), "/status", CALL))
                .status();
        StatusDelta d = StatusDelta.between(before, after);
        assertTrue(d.maxChildrenReached() >= 1, d.toString());
        assertTrue(d.acceptedConn() >= 3, d.toString());
        String reached = "[pool od] server reached max_children setting (1)";
        assertTrue(fpm.output().contains(reached) || Files.readString(dir.resolve("php-fpm.log")).contains(reached));
    }

    @Test
    void aBusyPoolWithAFullBacklogAnswersQueueFullAsNginxSeesIt() throws Exception {
        Future<FcgiResult> busy = sleeper("tight", 3000);
        Thread.sleep(500);
        Path socket = dir.resolve("tight.sock");
        List<SocketChannel> waiting = new ArrayList<>();
        try {
            for (int k = 0; k < 16; k++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                waiting.add(ch);
                ch.configureBlocking(false);
                try {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                } catch (IOException full) {
                    break;
                }
            }
            assertInstanceOf(FcgiResult.QueueFull.class, client.call(endpoint("tight"), FcgiRequest.get("/status", ""),
                    CALL));
        } finally {
            for (SocketChannel ch : waiting) {
                ch.close();
            }
        }
        busy.get();
    }

    @Test
    void aKilledMasterLeavesAStaleSocketAndAStoppedOneNoSocket() throws Exception {
        fpm.killAll();
        Path socket = dir.resolve("unix.sock");
        assertTrue(Files.exists(socket), "SIGKILL leaves the socket file behind");
        FcgiResult.Refused refused = assertInstanceOf(FcgiResult.Refused.class,
                client.call(endpoint("unix"), FcgiRequest.get("/ping", ""), CALL));
        assertEquals("a socket file nobody accepts on: a stale socket left by a server that is gone", refused.detail());
        assertInstanceOf(FcgiResult.Refused.class, client.call(endpoint("tcp"), FcgiRequest.get("/health", ""), CALL));

        Path conf = dir.resolve("php-fpm.conf");
        Files.delete(socket);
        fpm = RealPhpFpm.start(conf, dir, List.of(socket));
        assertInstanceOf(FpmProbe.Pong.class, probe.ping(endpoint("unix"), "/ping", "pong", CALL));
        fpm.close();
        fpm = null;
        assertInstanceOf(FcgiResult.NoSuchSocket.class, client.call(endpoint("unix"), FcgiRequest.get("/ping", ""),
                CALL));
    }
}
