package org.gatewaydoctor.checks.phpfpm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.checks.phpfpm.FpmConfigCheck;
import org.gatewaydoctor.checks.phpfpm.FpmSocketCheck;
import org.gatewaydoctor.checks.phpfpm.FpmStatusCheck;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfig;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfigParser;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FpmTargetTest {

    @TempDir
    Path dir;

    Path conf(String pools) throws Exception {
        return Files.writeString(dir.resolve("php-fpm.conf"), "[global]\nerror_log = " + dir + "/php-fpm.log\n" + pools);
    }

    @Test
    void usesTheConfigurationPhpFpmConfigParsedInsteadOfReadingItAgain() throws Exception {
        Path file = conf("[www]\nuser = www-data\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 5\n");
        FpmConfig shared = FpmConfigParser.standard().parse(file);
        Files.writeString(file, "[global]\n"); // what a second parse would see
        FpmTarget fpm = FpmTarget.of(TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, file)
                .fact(FpmConfigs.PARSED, shared).build());
        assertEquals(List.of("www"), fpm.pools().stream().map(FpmPool::name).toList());
        assertEquals(Optional.of(file), fpm.file());
    }

    @Test
    void findsThePoolAConnectionReaches() throws Exception {
        Path file = conf("[a]\nuser = www-data\nlisten = " + dir + "/a.sock\npm = static\npm.max_children = 5\n"
                + "[b]\nuser = www-data\nlisten = 9001\npm = static\npm.max_children = 5\n"
                + "[c]\nuser = www-data\npm = static\npm.max_children = 5\n");
        FpmTarget fpm = FpmTarget.of(TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, file).build());
        assertEquals(List.of("a", "b"), fpm.listening().stream().map(FpmPool::name).toList());
        assertEquals(Optional.of("b"), fpm.poolAt(Address.tcp("127.0.0.1", 9001)).map(FpmPool::name));
        assertEquals(Optional.of("a"), fpm.poolAt(Address.unix(dir.resolve("a.sock"))).map(FpmPool::name));
        assertEquals(Optional.empty(), fpm.poolAt(Address.tcp("127.0.0.1", 9000)));
    }

    @Test
    void everyCheckGivesTheSameReasonWhenTheConfigurationCannotBeRead() {
        Path missing = dir.resolve("nowhere/php-fpm.conf");
        String reason = "the PHP-FPM configuration " + missing + " is not a readable file";
        for (Check check : List.of(new FpmConfigCheck(), new FpmSocketCheck(), new FpmStatusCheck())) {
            CheckResult r = assertDoesNotThrowRun(check, missing);
            assertEquals(reason, assertInstanceOf(CheckResult.NotApplicable.class, r, check.id()).reason(), check.id());
        }
    }

    private static CheckResult assertDoesNotThrowRun(Check check, Path config) {
        try {
            return check.run(TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, config).build());
        } catch (Exception e) {
            throw new AssertionError(check.id() + " threw", e);
        }
    }
}
