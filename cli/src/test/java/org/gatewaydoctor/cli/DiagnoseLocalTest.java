package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose --local}: the configuration files of the servers running here join the target. */
class DiagnoseLocalTest {

    @TempDir
    Path dir;

    /** Records the target it was run on. */
    static final class TargetRecorder implements Check {
        final AtomicReference<Target> seen = new AtomicReference<>();

        @Override
        public String id() {
            return "test.recorder";
        }

        @Override
        public Layer layer() {
            return Layer.PROXY;
        }

        @Override
        public String title() {
            return "records the target";
        }

        @Override
        public CheckResult run(CheckContext context) {
            seen.set(context.target());
            return CheckResult.passed();
        }
    }

    private Path proc() throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Path nginx = Files.createDirectories(proc.resolve("100"));
        Files.writeString(nginx.resolve("cmdline"), "nginx: master process /usr/sbin/nginx -c /srv/nginx.conf\0");
        Files.writeString(nginx.resolve("status"), "PPid:\t1\n");
        Path fpm = Files.createDirectories(proc.resolve("200"));
        Files.writeString(fpm.resolve("cmdline"), "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)\0");
        Files.writeString(fpm.resolve("status"), "PPid:\t1\n");
        return proc;
    }

    @Test
    void readsTheConfigurationOfRunningServersAndSaysWhichItUsed() throws IOException {
        Path given = Files.writeString(dir.resolve("fpm.conf"), "[global]\n");
        TargetRecorder recorder = new TargetRecorder();
        CliRunner.Result r = CliRunner.run(CliRunner.checks(recorder), "diagnose", "--local", "--proc-root",
                proc().toString(), "--fpm-config", given.toString(), "--url", "http://127.0.0.1:8080/");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(Map.of(Target.CONFIG_NGINX, Path.of("/srv/nginx.conf"), Target.CONFIG_PHP_FPM, given),
                recorder.seen.get().configs());
        assertTrue(r.err().contains("gateway-doctor: found nginx (pid 100), reading /srv/nginx.conf\n"), r.err());
        assertTrue(r.err().contains("gateway-doctor: found php-fpm (pid 200), not used: "
                + "/etc/php/8.2/fpm/php-fpm.conf (given explicitly)\n"), r.err());
        assertTrue(recorder.seen.get().local(), "checks may look at this machine's processes");
    }

    @Test
    void aPhpFpmConfigurationCopiedFromAnotherServerGivesNoPhpFpmDownWithoutLocal() throws IOException {
        // a customer's configuration on a support engineer's laptop: the socket it names does not exist here
        Path socket = dir.resolve("customer/run/php/php8.2-fpm.sock");
        Path conf = Files.writeString(dir.resolve("php-fpm.conf"), "[global]\nerror_log = " + dir + "/php-fpm.log\n"
                + "[www]\nuser = www-data\nlisten = " + socket + "\npm = static\npm.max_children = 5\n");
        Path emptyProc = Files.createDirectories(dir.resolve("empty-proc"));
        Check[] checks = CliRunner.checks(new org.gatewaydoctor.checks.phpfpm.FpmConfigCheck(),
                new org.gatewaydoctor.checks.phpfpm.FpmSocketCheck());
        CliRunner.Result copied = CliRunner.run(checks, "diagnose", "--fpm-config", conf.toString(), "--format", "json");
        assertFalse(copied.out().contains("phpfpm.down"), copied.out());
        assertTrue(copied.out().contains("the pools' sockets and ports on this machine were not looked at"),
                copied.out());
        // on the server diagnosed the same file is this machine's: its socket is missing, PHP-FPM is down
        CliRunner.Result here = CliRunner.run(checks, "diagnose", "--local", "--proc-root", emptyProc.toString(),
                "--fpm-config", conf.toString(), "--format", "json");
        assertTrue(here.out().contains("\"phpfpm.down\""), here.out());
        assertTrue(here.out().contains("socket " + socket + " does not exist"), here.out());
    }

    @Test
    void aConfigurationOutsideEtcIsReadAsAnotherServersUnlessLocal() throws IOException {
        Path given = Files.writeString(dir.resolve("fpm.conf"), "[global]\n");
        TargetRecorder recorder = new TargetRecorder();
        CliRunner.Result r = CliRunner.run(CliRunner.checks(recorder), "diagnose", "--fpm-config", given.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(java.util.Optional.of("false"), recorder.seen.get().option(Target.OPTION_LOCAL));
    }

    @Test
    void logsAloneAreNotAboutThisMachine() throws IOException {
        Path log = Files.writeString(dir.resolve("error.log"), "2026/11/17 09:12:33 [error] 1022#1022: *41631 "
                + "connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable)\n");
        TargetRecorder recorder = new TargetRecorder();
        CliRunner.Result r = CliRunner.run(CliRunner.checks(recorder), "diagnose", "--logs", log.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(recorder.seen.get().local(), recorder.seen.get().options().toString());
    }

    @Test
    void saysWhenNothingRunsHere() {
        TargetRecorder recorder = new TargetRecorder();
        CliRunner.Result r = CliRunner.run(CliRunner.checks(recorder), "diagnose", "--local", "--proc-root",
                dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("--local found no running nginx, Apache, HAProxy or PHP-FPM"), r.err());
        assertEquals(Map.of(), recorder.seen.get().configs());
    }
}
