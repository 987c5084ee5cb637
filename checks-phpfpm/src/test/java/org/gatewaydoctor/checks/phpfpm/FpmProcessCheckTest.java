package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FpmProcessCheckTest {

    @TempDir
    Path dir;
    Path proc;

    @BeforeEach
    void meminfo() throws Exception {
        proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("meminfo"), "MemTotal:        4028440 kB\nMemFree:  100 kB\n"
                + "MemAvailable:     819200 kB\n");
    }

    void process(long pid, long ppid, String title, long rssKb) throws Exception {
        Path d = Files.createDirectories(proc.resolve(Long.toString(pid)));
        // php-fpm pads its title with NULs where the original argv was longer
        Files.write(d.resolve("cmdline"), (title + "\0\0\0\0").getBytes(StandardCharsets.UTF_8));
        Files.writeString(d.resolve("status"), "Name:\tphp-fpm8.2\nPPid:\t" + ppid + "\nVmRSS:\t   " + rssKb + " kB\n");
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new FpmProcessCheck()).assertDescribesItselfProperly();
    }

    @Test
    void reportsPhpFpmDownWhenNoMasterRunsForAGivenConfiguration() throws Exception {
        process(100, 1, "nginx: master process /usr/sbin/nginx", 5000);
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = /run/php/x.sock\npm = static\npm.max_children = 5\n");
        Finding f = CheckResults.only(new FpmProcessCheck(proc).run(TestCheckContext.builder()
                .config(Target.CONFIG_PHP_FPM, conf).build()));
        assertEquals(CauseCode.PHPFPM_DOWN, f.cause());
    }

    @Test
    void saysWhyWhenNoMasterRunsAndTheGivenConfigurationCannotBeRead() throws Exception {
        process(100, 1, "nginx: master process /usr/sbin/nginx", 5000);
        Path missing = dir.resolve("nowhere/php-fpm.conf");
        CheckResult r = new FpmProcessCheck(proc).run(TestCheckContext.builder()
                .config(Target.CONFIG_PHP_FPM, missing).build());
        assertEquals("no PHP-FPM master process runs, and the PHP-FPM configuration " + missing
                + " is not a readable file", assertInstanceOf(CheckResult.NotApplicable.class, r).reason());
    }

    @Test
    void sizesThePoolsFromWorkerMemoryAndMemAvailable() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = /run/php/x.sock\npm = static\npm.max_children = 40\n");
        process(200, 1, "php-fpm: master process (" + conf + ")", 20_000);
        process(201, 200, "php-fpm: pool www", 81_920);
        process(202, 200, "php-fpm: pool www", 81_920);
        Finding f = CheckResults.only(new FpmProcessCheck(proc).run(TestCheckContext.builder()
                .config(Target.CONFIG_PHP_FPM, conf).build()));
        assertEquals(CauseCode.HOST_OUT_OF_MEMORY, f.cause());
        // (800 MB available + 160 MB held) / 80 MB = 12 workers, against 40
        assertTrue(f.evidence().contains(new Evidence.Measurement("workers that fit in memory (MemAvailable + "
                + "workers' RSS) / average worker RSS", 12, "workers")), f.evidence().toString());
        assertTrue(f.evidence().contains(new Evidence.Measurement("pool www: workers running", 2, "workers")));
    }

    @Test
    void passesAPoolThatFitsInMemory() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = /run/php/x.sock\npm = static\npm.max_children = 5\n");
        process(200, 1, "php-fpm: master process (" + conf + ")", 20_000);
        process(201, 200, "php-fpm: pool www", 81_920);
        CheckResult r = new FpmProcessCheck(proc).run(TestCheckContext.builder()
                .config(Target.CONFIG_PHP_FPM, conf).build());
        assertInstanceOf(CheckResult.Passed.class, r, r.toString());
    }

    @Test
    void withLogsAloneThisMachinesPhpFpmIsNotReported() throws Exception {
        // a support engineer's laptop runs its own PHP-FPM; the customer's pasted log says nothing about it
        process(300, 1, "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)", 20_000);
        process(301, 300, "php-fpm: pool www", 40_000);
        CheckResult r = new FpmProcessCheck(proc).run(TestCheckContext.builder().logs(dir).build());
        assertEquals("no PHP-FPM configuration was given, and this machine's processes are looked at only when it "
                + "is the server diagnosed (--local)", assertInstanceOf(CheckResult.NotApplicable.class, r).reason());
    }

    @Test
    void onTheServerDiagnosedItReportsTheRunningMasterWithoutAConfiguration() throws Exception {
        process(300, 1, "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)", 20_000);
        process(301, 300, "php-fpm: pool www", 40_000);
        CheckResult r = new FpmProcessCheck(proc).run(TestCheckContext.builder()
                .option(Target.OPTION_LOCAL, "true").build());
        CheckResult.Passed passed = assertInstanceOf(CheckResult.Passed.class, r, r.toString());
        assertTrue(passed.evidence().contains(new Evidence.Observation(
                "pid 300: php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)")), passed.evidence().toString());
    }

    @Test
    void onTheServerDiagnosedWithoutMasterOrConfigurationThereIsNothingToReport() {
        CheckResult r = new FpmProcessCheck(proc).run(TestCheckContext.builder()
                .option(Target.OPTION_LOCAL, "true").build());
        assertEquals("no PHP-FPM master process runs, and no PHP-FPM configuration was given",
                assertInstanceOf(CheckResult.NotApplicable.class, r).reason());
    }
}
