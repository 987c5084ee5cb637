package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.FpmPool;
import org.gatewaydoctor.facts.FpmPools;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FpmConfigCheckTest {

    @TempDir
    Path dir;

    @Test
    void describesItselfProperly() {
        CheckTester.of(new FpmConfigCheck()).assertDescribesItselfProperly();
    }

    @Test
    void isNotApplicableWithoutAConfiguration() {
        CheckTester.of(new FpmConfigCheck()).run().assertNotApplicable();
    }

    @Test
    void publishesThePoolsWithTheirListenAndLimits() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\n"
                + "listen.allowed_clients = 127.0.0.1\npm = static\npm.max_children = 12\n"
                + "request_terminate_timeout = 50s\nphp_admin_value[max_execution_time] = 40\n");
        TestCheckContext ctx = TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, conf).build();
        CheckResult r = new FpmConfigCheck().run(ctx);
        assertInstanceOf(CheckResult.Passed.class, r);
        FpmPools pools = ctx.published(Facts.FPM_POOLS).orElseThrow();
        FpmPool www = pools.pools().get(0);
        assertEquals(Address.unix(Path.of("/run/php/php8.2-fpm.sock")), www.listen());
        assertEquals("www-data", www.owner());
        assertEquals("0660", www.mode());
        assertEquals(List.of("127.0.0.1"), www.allowedClients());
        assertEquals(12, www.maxChildren());
        assertEquals(Duration.ofSeconds(50), www.requestTerminateTimeout());
        assertEquals(Duration.ofSeconds(40), www.maxExecutionTime());
        assertEquals(conf.toString(), www.file());
        assertEquals(4, www.line());
    }

    @Test
    void reportsAStartFailureWhenPhpFpmWouldRefuseTheConfiguration() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = /run/php/x.sock\npm = static\n");
        Finding f = CheckResults.find(CheckTester.of(new FpmConfigCheck()).withConfig(Target.CONFIG_PHP_FPM, conf)
                .run().assertFound(CauseCode.PHPFPM_START_FAILURE, Severity.CRITICAL).result().orElseThrow(),
                CauseCode.PHPFPM_START_FAILURE);
        assertTrue(f.summary().contains("max_children"), f.summary());
    }

    @Test
    void flagsATinyPoolAndAShortBacklogAsRisksThatNameNoCause() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = /run/php/x.sock\nlisten.backlog = 8\npm = static\n"
                + "pm.max_children = 1\n");
        CheckResult r = new FpmConfigCheck().run(TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, conf).build());
        List<Finding> risks = r.findingList();
        assertEquals(2, risks.size(), risks.toString());
        for (Finding f : risks) {
            assertTrue(f.isSymptom(), "a configuration risk is no evidence of a cause: " + f);
            assertEquals(Severity.WARNING, f.severity());
            assertTrue(f.summary().startsWith(FpmConfigCheck.RISK), f.summary());
        }
        assertTrue(risks.stream().anyMatch(f -> f.summary().contains("pm.max_children = 1") && f.evidence().contains(
                new Evidence.ConfigLine(conf.toString(), 9, "pm.max_children", "1"))), risks.toString());
        assertTrue(risks.stream().anyMatch(f -> f.summary().contains("listen.backlog = 8") && f.evidence().contains(
                new Evidence.ConfigLine(conf.toString(), 7, "listen.backlog", "8"))), risks.toString());
    }

    @Test
    void warnsOfTheRiskWhenScriptsRunForeverWhileTheProxyWaitsLong() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 20\n");
        CheckResult r = new FpmConfigCheck().run(TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, conf)
                .fact(Facts.WEB_SERVERS, Fixtures.nginx("www-data",
                        Fixtures.route(UpstreamProtocol.FASTCGI, Address.tcp("127.0.0.1", 9000), 300, 17))).build());
        Finding f = CheckResults.only(r);
        assertTrue(f.isSymptom(), f.toString());
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().startsWith(FpmConfigCheck.RISK), f.summary());
        assertTrue(f.summary().contains("request_terminate_timeout = 0"), f.summary());
        assertTrue(f.evidence().contains(new Evidence.ConfigLine("/etc/nginx/sites-enabled/example.conf", 17,
                "read timeout", "300s")), f.evidence().toString());
    }

    @Test
    void passesADefaultSizedPoolWhoseProxyWaitsTheDefault() throws Exception {
        Path conf = Fixtures.fpmConf(dir, "[www]\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 20\n");
        CheckResult r = new FpmConfigCheck().run(TestCheckContext.builder().config(Target.CONFIG_PHP_FPM, conf)
                .fact(Facts.WEB_SERVERS, Fixtures.nginx("www-data",
                        Fixtures.route(UpstreamProtocol.FASTCGI, Address.tcp("localhost", 9000), 60, 17))).build());
        assertInstanceOf(CheckResult.Passed.class, r, r.toString());
    }
}
