package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FpmSocketCheckTest {

    @TempDir
    Path dir;

    @Test
    void describesItselfProperly() {
        CheckTester.of(new FpmSocketCheck()).assertDescribesItselfProperly();
    }

    @Test
    void reportsPhpFpmDownWhenTheSocketIsMissing() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 5\n");
        Finding f = CheckResults.only(CheckTester.of(new FpmSocketCheck()).withConfig(Target.CONFIG_PHP_FPM, conf)
                .run().assertFound(CauseCode.PHPFPM_DOWN, Severity.CRITICAL).result().orElseThrow());
        assertTrue(f.summary().contains("(2: No such file or directory)"), f.summary());
    }

    @Test
    void reportsAStaleSocketThatNobodyAcceptsOn() throws Exception {
        Path sock = dir.resolve("www.sock");
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(sock));
        s.close(); // the file stays, as after kill -9 of the master
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + sock + "\npm = static\npm.max_children = 5\n");
        Finding f = CheckResults.only(CheckTester.of(new FpmSocketCheck()).withConfig(Target.CONFIG_PHP_FPM, conf)
                .run().assertFound(CauseCode.PHPFPM_DOWN, Severity.CRITICAL).result().orElseThrow());
        assertTrue(f.summary().contains("stale") && f.summary().contains("(111: Connection refused)"), f.summary());
    }

    @Test
    void reportsASocketTheWebServersUserMayNotOpen() throws Exception {
        Fixtures.mode(dir, "rwxr-xr-x");
        Path sock = dir.resolve("www.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
            Fixtures.mode(sock, "rw-------");
            Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + sock + "\nlisten.mode = 0600\npm = static\n"
                    + "pm.max_children = 5\n");
            int owner = (Integer) Files.getAttribute(sock, "unix:uid");
            String user = owner == 33 ? "nobody" : "www-data";
            CheckResult r = new FpmSocketCheck(Fixtures.accounts(dir)).run(TestCheckContext.builder()
                    .config(Target.CONFIG_PHP_FPM, conf)
                    .fact(Facts.WEB_SERVERS, Fixtures.nginx(user, Fixtures.route(UpstreamProtocol.FASTCGI,
                            Address.unix(sock), 60, 12))).build());
            Finding f = CheckResults.only(r);
            assertEquals(CauseCode.PHPFPM_SOCKET_PERMISSION, f.cause());
            assertTrue(f.summary().contains("connect() to unix:" + sock + " failed (13: Permission denied)"),
                    f.summary());
            assertTrue(f.summary().contains(" 0600"), f.summary());
        }
    }

    @Test
    void passesASocketInTheWebServersGroup() throws Exception {
        Fixtures.mode(dir, "rwxr-xr-x");
        Path sock = dir.resolve("www.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
            Fixtures.mode(sock, "rw-rw-rw-");
            Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + sock + "\npm = static\npm.max_children = 5\n");
            CheckResult r = new FpmSocketCheck(Fixtures.accounts(dir)).run(TestCheckContext.builder()
                    .config(Target.CONFIG_PHP_FPM, conf)
                    .fact(Facts.WEB_SERVERS, Fixtures.nginx("www-data", Fixtures.route(UpstreamProtocol.FASTCGI,
                            Address.unix(sock), 60, 12))).build());
            assertInstanceOf(CheckResult.Passed.class, r, r.toString());
        }
    }

    @Test
    void reportsAllowedClientsThatLeaveOutTheWebServersAddress() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            int port = listener.getLocalPort();
            Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = 127.0.0.1:" + port + "\nlisten.allowed_clients = "
                    + "10.1.2.3\npm = static\npm.max_children = 5\n");
            CheckResult r = new FpmSocketCheck(Fixtures.accounts(dir)).run(TestCheckContext.builder()
                    .config(Target.CONFIG_PHP_FPM, conf)
                    .fact(Facts.WEB_SERVERS, Fixtures.nginx("www-data", Fixtures.route(UpstreamProtocol.FASTCGI,
                            Address.tcp("127.0.0.1", port), 60, 12))).build());
            Finding f = CheckResults.only(r);
            assertEquals(CauseCode.PHPFPM_CLIENT_NOT_ALLOWED, f.cause());
            assertTrue(f.summary().contains("connects from 127.0.0.1"),
                    f.summary());
        }
    }

    @Test
    void reportsPhpFpmDownWhenNothingListensOnTheTcpPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = 127.0.0.1:" + port + "\npm = static\npm.max_children = 5\n");
        CheckTester.of(new FpmSocketCheck()).withConfig(Target.CONFIG_PHP_FPM, conf).run()
                .assertFound(CauseCode.PHPFPM_DOWN, Severity.CRITICAL);
    }
}
