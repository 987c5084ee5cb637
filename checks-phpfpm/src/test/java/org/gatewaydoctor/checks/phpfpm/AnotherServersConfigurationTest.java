package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.checks.phpfpm.internal.FpmLogLocator;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PHP-FPM configuration copied from another server (a customer's, read on a support engineer's laptop:
 * {@link Target#OPTION_LOCAL} {@code false}, as the command line sets it without {@code --local} for a file outside
 * {@code /etc}): the checks that look at this machine (processes, sockets, ports, status pages, the logs the
 * configuration names) do not, so nothing here is reported as the server's; what the files alone tell (pool
 * settings, {@code listen.allowed_clients} against the web server's routes, the timeout ladder, routes against the
 * pools' {@code listen}) still is. On the server diagnosed ({@code local} {@code true}, or unset as an embedding
 * application gives it) the same configuration is looked at live.
 */
class AnotherServersConfigurationTest {

    @TempDir
    Path dir;

    Path conf;
    Path socket;
    Path proc;

    @BeforeEach
    void aConfigurationWhoseSocketDoesNotExistHere() throws Exception {
        socket = dir.resolve("run/php/php8.2-fpm.sock"); // the customer's server has it; this machine does not
        conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + socket + "\npm = static\npm.max_children = 5\n"
                + "pm.status_path = /status\nping.path = /ping\nslowlog = " + dir + "/www-slow.log\n");
        proc = Files.createDirectories(dir.resolve("proc")); // a process table without any PHP-FPM master
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 4000000 kB\nMemAvailable: 2000000 kB\n");
        Files.writeString(dir.resolve("php-fpm.log"), "[21-Nov-2026 21:37:50] WARNING: [pool www] server reached "
                + "pm.max_children setting (5), consider raising it\n");
    }

    private CheckResult run(Check check, String local, WebServers web) throws Exception {
        TestCheckContext.Builder b = TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, conf);
        if (local != null) {
            b.option(Target.OPTION_LOCAL, local);
        }
        if (web != null) {
            b.fact(Facts.WEB_SERVERS, web);
        }
        return check.run(b.build());
    }

    private static WebServers nginxTo(Address target) {
        return Fixtures.nginx("www-data", Fixtures.route(UpstreamProtocol.FASTCGI, target, 60, 23));
    }

    @Test
    void aSocketThatDoesNotExistHereIsNoEvidenceThatTheServersPhpFpmIsDown() throws Exception {
        for (Check check : List.of(new FpmSocketCheck(), new FpmStatusCheck(), new FpmProcessCheck(proc))) {
            CheckResult r = run(check, "false", null);
            String reason = assertInstanceOf(CheckResult.NotApplicable.class, r, check.id() + ": " + r).reason();
            assertTrue(reason.endsWith(" on this machine were not looked at: the configuration given is read as "
                    + "files only, as another server's (--local says this machine is the server diagnosed)"), reason);
        }
        // nor do the wiring check's live probes run: a route to the pool's socket reaches it, read from the files
        CheckResult wiring = run(new FpmWiringCheck(proc), "false", nginxTo(Address.unix(socket)));
        assertInstanceOf(CheckResult.Passed.class, wiring, wiring.toString());
        assertTrue(wiring.toString().contains("reaches pool www at unix:" + socket + " (read from the configurations)"),
                wiring.toString());
        // the logs the configuration names are that server's: the files at those paths here are not read
        assertEquals(List.of(), new FpmLogLocator().locate(Target.builder().config(Target.CONFIG_PHP_FPM, conf)
                .option(Target.OPTION_LOCAL, "false").build()));
    }

    @Test
    void onTheServerDiagnosedTheSameSocketIsPhpFpmDown() throws Exception {
        for (String local : new String[] {"true", null}) {
            for (Check check : List.of(new FpmSocketCheck(), new FpmStatusCheck(), new FpmProcessCheck(proc))) {
                CheckResult r = run(check, local, null);
                CheckResults.find(r, CauseCode.PHPFPM_DOWN); // throws when not found
            }
            assertFalse(new FpmLogLocator().locate(local == null
                    ? Target.builder().config(Target.CONFIG_PHP_FPM, conf).build()
                    : Target.builder().config(Target.CONFIG_PHP_FPM, conf).option(Target.OPTION_LOCAL, local).build())
                    .isEmpty());
        }
    }

    @Test
    void whatTheFilesAloneTellIsStillReported() throws Exception {
        // pool settings: a tiny pm.max_children
        conf = Fixtures.fpmConf(dir, "[www]\nlisten = " + socket + "\npm = static\npm.max_children = 1\n"
                + "request_terminate_timeout = 120s\n");
        CheckResult config = run(new FpmConfigCheck(), "false", null);
        assertTrue(config.toString().contains("pm.max_children"), config.toString());
        // the timeout ladder: nginx gives up after 60 s, PHP-FPM lets a script run 120 s
        CheckResult ladder = run(new FpmWiringCheck(proc), "false", nginxTo(Address.unix(socket)));
        assertEquals(504, CheckResults.find(ladder, CauseCode.PROXY_UPSTREAM_TIMEOUT).httpStatus());
        // a route to where no pool listens: a socket mismatch read from the two configurations (a risk), not down
        CheckResult mismatch = run(new FpmWiringCheck(proc), "false", nginxTo(Address.unix(dir.resolve("old.sock"))));
        Finding f = CheckResults.find(mismatch, CauseCode.PHPFPM_SOCKET_MISMATCH);
        assertTrue(f.isRisk(), f.toString());
        assertFalse(mismatch.toString().contains(CauseCode.PHPFPM_DOWN.value()), mismatch.toString());
    }

    @Test
    void allowedClientsThatLeaveOutTheWebServerAreReadFromTheFiles() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort(); // closed: nothing listens here, and that must not matter
        }
        conf = Fixtures.fpmConf(dir, "[www]\nlisten = 127.0.0.1:" + port + "\nlisten.allowed_clients = 10.1.2.3\n"
                + "pm = static\npm.max_children = 5\n");
        CheckResult r = run(new FpmSocketCheck(Fixtures.accounts(dir)), "false",
                nginxTo(Address.tcp("127.0.0.1", port)));
        Finding f = CheckResults.only(r);
        assertEquals(CauseCode.PHPFPM_CLIENT_NOT_ALLOWED, f.cause());
        assertTrue(f.summary().contains("connects from 127.0.0.1"), f.summary());
    }
}
