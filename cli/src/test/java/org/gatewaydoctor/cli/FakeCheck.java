package org.gatewaydoctor.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/** Programmatic checks for driving the command line to each verdict. Registered only in tests. */
final class FakeCheck implements Check {

    interface Behaviour {
        CheckResult run(CheckContext context) throws Exception;
    }

    /** A secret planted in evidence; it must never reach any output. */
    static final String CANARY = "canary-Zq8xv31";

    private final String id;
    private final Layer layer;
    private final Behaviour behaviour;

    FakeCheck(String id, Layer layer, Behaviour behaviour) {
        this.id = id;
        this.layer = layer;
        this.behaviour = behaviour;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Layer layer() {
        return layer;
    }

    @Override
    public String title() {
        return "fake check " + id;
    }

    @Override
    public CheckResult run(CheckContext context) throws Exception {
        return behaviour.run(context);
    }

    static FakeCheck passing(String id) {
        return new FakeCheck(id, Layer.PROXY, ctx -> CheckResult.passed(new Evidence.Observation("all good")));
    }

    static FakeCheck notApplicable(String id) {
        return new FakeCheck(id, Layer.PROXY, ctx -> CheckResult.notApplicable("no --fake given"));
    }

    static FakeCheck throwing(String id) {
        return new FakeCheck(id, Layer.PROXY, ctx -> {
            throw new java.io.IOException("cannot read /var/log/fake.log");
        });
    }

    static FakeCheck recording(String id, AtomicReference<Target> seen) {
        return new FakeCheck(id, Layer.PROXY, ctx -> {
            seen.set(ctx.target());
            return CheckResult.passed();
        });
    }

    static FakeCheck slow(String id, Duration duration) {
        return new FakeCheck(id, Layer.PROXY, ctx -> {
            Thread.sleep(duration.toMillis());
            return CheckResult.passed();
        });
    }

    /** A warning: slow requests, visitors sometimes affected. */
    static FakeCheck degraded(String id) {
        return new FakeCheck(id, Layer.APPLICATION, ctx -> CheckResult.findings(
                Finding.cause(CauseCode.APP_SLOW_REQUESTS, Layer.APPLICATION, Severity.WARNING, 0.7,
                                "3 scripts took longer than 5 s (plugin slow-plugin)")
                        .evidence(new Evidence.Measurement("slow requests", 3, "requests"))
                        .remediation("Profile the slow-plugin's hooks.")
                        .build()));
    }

    /** The incident of the bundled example: a full PHP-FPM pool, with 7 log lines of evidence. */
    static FakeCheck failing(String id) {
        return new FakeCheck(id, Layer.PHP_FPM, ctx -> {
            List<Evidence> lines = new ArrayList<>();
            Instant t = Instant.parse("2024-03-09T09:14:01Z");
            for (int i = 0; i < 7; i++) {
                lines.add(new Evidence.LogLine("/var/log/php8.2-fpm.log", 17 + i, t.plusSeconds(i),
                        "[09-Mar-2024 09:14:0" + (1 + i) + "] WARNING: [pool www] server reached pm.max_children "
                                + "setting (5), consider raising it"));
            }
            lines.add(new Evidence.Observation("connect failed password=" + CANARY));
            return CheckResult.findings(
                    Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.92,
                                    "pool www reached pm.max_children (5) 37 times")
                            .evidence(lines)
                            .remediation("Raise pm.max_children in the www pool after checking memory.",
                                    "Reload PHP-FPM: systemctl reload php8.2-fpm")
                            .confirmWith("pm.status_path shows 'max children reached' growing")
                            .httpStatus(502)
                            .build(),
                    Finding.cause(CauseCode.HOST_OVERLOADED, Layer.HOST, Severity.WARNING, 0.3,
                                    "load average 9.1 on 2 CPUs")
                            .evidence(new Evidence.Measurement("load average", 9.1, ""))
                            .build());
        });
    }
}
