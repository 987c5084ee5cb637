package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gatewaydoctor.checks.phpfpm.internal.FpmLogLocator;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FpmLogLocatorTest {

    @TempDir
    Path dir;

    @Test
    void findsTheErrorLogAndEachSlowlogWithRotatedSiblingsResolvedAgainstThePrefix() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("log"));
        Files.writeString(logs.resolve("php-fpm.log"), "");
        Files.writeString(logs.resolve("php-fpm.log.1"), "");
        Files.writeString(logs.resolve("php-fpm.log.2.gz"), "");
        Files.writeString(logs.resolve("php-fpm.log.bak"), "");
        Path conf = dir.resolve("php-fpm.conf");
        Files.writeString(conf, "[global]\nerror_log = " + logs + "/php-fpm.log\n[www]\nuser = www-data\n"
                + "prefix = " + dir + "\nlisten = /run/php/x.sock\npm = static\npm.max_children = 5\n"
                + "slowlog = log/$pool-slow.log\n");
        List<Path> found = new FpmLogLocator().locate(Target.builder().config(Target.CONFIG_PHP_FPM, conf).build());
        Set<Path> expected = new TreeSet<>(List.of(logs.resolve("php-fpm.log"), logs.resolve("php-fpm.log.1"),
                logs.resolve("php-fpm.log.2.gz"), logs.resolve("www-slow.log")));
        assertEquals(expected, new TreeSet<>(found));
    }

    @Test
    void findsNothingWithoutAConfiguration() {
        assertEquals(List.of(), new FpmLogLocator().locate(Target.builder().build()));
    }
}
