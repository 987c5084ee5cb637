package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.NameResolver;
import org.junit.jupiter.api.Test;

/** {@code CheckContext.perDiagnosis}: the checks of one diagnosis that connect to a name ask DNS about it once. */
class PerDiagnosisNamesTest {

    private static final int CHECKS = 5;
    private static final InetAddress SITE = InetAddress.getLoopbackAddress();

    @Test
    void fiveChecksRunningTogetherAskTheResolverOnceAndGetOneAnswerAndTheNextDiagnosisAsksAgain() {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger asking = new AtomicInteger();
        NameResolver counting = (host, target, deadline) -> {
            int n = asked.incrementAndGet();
            // answer once every check is asking, so that they all wait for this one lookup (bounded by the deadline)
            while (asking.get() % CHECKS != 0 && java.time.Instant.now().isBefore(deadline)) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            // the first diagnosis's answer is a failure, the next one's an address
            return n > 1
                    ? new NameResolver.Answer(host, NameResolver.Status.RESOLVED,
                            List.of(SITE), "test", "127.0.0.1")
                    : new NameResolver.Answer(host, NameResolver.Status.NXDOMAIN, List.of(), "test", "NXDOMAIN");
        };
        List<TestCheck> checks = new ArrayList<>();
        for (int i = 0; i < CHECKS; i++) {
            checks.add(TestCheck.of("probe." + i, ctx -> {
                asking.incrementAndGet();
                NameResolver.Answer a = ctx.perDiagnosis(counting).resolve(ctx.target().url().getHost(), ctx.target(),
                        ctx.deadline());
                return CheckResult.notApplicable(a.describe());
            }));
        }
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).parallelism(CHECKS)
                .register(checks.toArray(TestCheck[]::new)).build();
        Target target = Target.builder().url("https://shop.example.test/").build();

        assertEquals(List.of("NXDOMAIN from test"), reasons(doctor.diagnose(target)));
        assertEquals(1, asked.get());
        // the failure does not outlive its diagnosis: the next one asks again
        assertEquals(List.of("127.0.0.1 from test"), reasons(doctor.diagnose(target)));
        assertEquals(2, asked.get());
    }

    /** The distinct reasons the checks returned (each says the answer it got). */
    private static List<String> reasons(Diagnosis d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < CHECKS; i++) {
            CheckReport r = d.report("probe." + i).orElseThrow();
            out.add(r instanceof CheckReport.Completed c && c.result() instanceof CheckResult.NotApplicable n
                    ? n.reason() : r.toString());
        }
        return out.stream().distinct().toList();
    }
}
