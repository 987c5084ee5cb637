package org.gatewaydoctor.checks.phpfpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A risky PHP-FPM setting ({@code pm.max_children = 2}, as in the whole-stack tests) is no evidence that the pool
 * is exhausted: it must never become, let alone outrank, a cause; an observed exhaustion cites it instead.
 */
class ConfigRisksTest {

    /** PHP-FPM 8.2's line when a pool of 2 workers is full (fpm_process_ctl.c). */
    static final String MAX_2 = "[21-Nov-2026 09:14:01] WARNING: [pool www] server reached pm.max_children setting (2), "
            + "consider raising it";

    @TempDir
    Path dir;

    Path tinyPool() throws Exception {
        return Fixtures.fpmConf(dir, "[www]\nlisten = " + dir + "/www.sock\npm = static\npm.max_children = 2\n");
    }

    @Test
    void aTinyPoolDoesNotOutrankAWeakerObservedCause() throws Exception {
        // what checks-http reported for Apache's ProxyTimeout 1 (a 504), with less confidence than the old warning
        Check observed = new Observed(Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.PROXY, Severity.WARNING,
                0.3, "mod_proxy_fcgi gave up polling PHP-FPM after ProxyTimeout").httpStatus(504).build());
        Diagnosis d = diagnose(Target.builder().config(Target.CONFIG_PHP_FPM, tinyPool()).build(),
                new FpmConfigCheck(), observed);
        assertEquals(CauseCode.PROXY_UPSTREAM_TIMEOUT, d.topCause().map(RankedCause::code).orElse(null),
                d.causes().toString());
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT), d.causes().stream().map(RankedCause::code).toList());
        assertTrue(configFindings(d).stream().anyMatch(f -> f.isSymptom()
                && f.summary().startsWith(FpmConfigCheck.RISK) && f.summary().contains("pm.max_children = 2")),
                "the risk is still reported, as a symptom: " + configFindings(d));
    }

    @Test
    void aTinyPoolAloneNamesNoCauseButDegradesTheVerdict() throws Exception {
        Diagnosis d = diagnose(Target.builder().config(Target.CONFIG_PHP_FPM, tinyPool()).build(), new FpmConfigCheck());
        assertEquals(List.of(), d.causes());
        assertEquals(Verdict.DEGRADED, d.verdict());
        assertTrue(d.headline().contains(FpmConfigCheck.RISK), d.headline());
    }

    @Test
    void theLoggedMaxChildrenCitesTheConfiguredLimitAsEvidence() throws Exception {
        Path conf = tinyPool();
        Path log = Files.writeString(dir.resolve("php8.2-fpm.log"), MAX_2 + "\n");
        Finding f = CheckResults.only(new PhpFpmLogCheck().run(TestCheckContext.builder()
                .config(Target.CONFIG_PHP_FPM, conf).logs(log).build()));
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, f.cause());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(MAX_2, ((Evidence.LogLine) f.evidence().get(0)).text());
        assertTrue(f.evidence().contains(new Evidence.ConfigLine(conf.toString(), 8, "pm.max_children", "2")),
                f.evidence().toString());

        Diagnosis d = diagnose(Target.builder().config(Target.CONFIG_PHP_FPM, conf).logs(log).build(),
                new FpmConfigCheck(), new PhpFpmLogCheck());
        RankedCause top = d.topCause().orElseThrow();
        assertEquals(CauseCode.PHPFPM_POOL_EXHAUSTED, top.code());
        assertEquals(List.of(PhpFpmLogCheck.ID), top.reportedBy());
        assertTrue(top.evidence().contains(new Evidence.ConfigLine(conf.toString(), 8, "pm.max_children", "2")),
                top.evidence().toString());
    }

    @Test
    void aLoggedLimitOtherThanTheConfiguredOneSaysTheyDisagree() throws Exception {
        Path conf = tinyPool();
        Path log = Files.writeString(dir.resolve("php8.2-fpm.log"), MAX_2.replace("(2)", "(5)") + "\n");
        Finding f = CheckResults.only(new PhpFpmLogCheck().run(TestCheckContext.builder()
                .config(Target.CONFIG_PHP_FPM, conf).logs(log).build()));
        assertTrue(f.evidence().stream().noneMatch(Evidence.ConfigLine.class::isInstance), f.evidence().toString());
        assertTrue(f.evidence().stream().anyMatch(e -> e.describe().contains("sets pm.max_children = 2 for pool www ("
                + conf + ":8), but the log reports 5")), f.evidence().toString());
    }

    private static Diagnosis diagnose(Target target, Check... checks) {
        return GatewayDoctor.builder().discover(false).register(checks).timeout(Duration.ofSeconds(20)).build()
                .diagnose(target);
    }

    private static List<Finding> configFindings(Diagnosis d) {
        return d.checks().stream().filter(r -> r.checkId().equals(FpmConfigCheck.ID))
                .filter(CheckReport.Completed.class::isInstance).map(CheckReport.Completed.class::cast)
                .flatMap(c -> c.result().findingList().stream()).toList();
    }

    /** A stand-in for another module's check that observed a cause. */
    private record Observed(Finding finding) implements Check {
        @Override
        public String id() {
            return "test.observed";
        }

        @Override
        public Layer layer() {
            return Layer.PROXY;
        }

        @Override
        public String title() {
            return "an observed cause";
        }

        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.findings(finding);
        }
    }
}
