package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.FactKey;
import org.junit.jupiter.api.Test;

/** {@code Check.runsAfter()}: ordering without dependency. */
class SoftOrderingTest {

    static final FactKey<String> FACT = FactKey.of("test.fact", String.class);

    /** A test check that also names checks to run after. */
    static TestCheck after(String id, Set<String> deps, Set<String> after, TestCheck.Body body) {
        return new TestCheck(id, Layer.PROXY, deps, Duration.ofSeconds(5), body) {
            @Override
            public Set<String> runsAfter() {
                return after;
            }
        };
    }

    private static Diagnosis run(TestCheck... checks) {
        return GatewayDoctor.builder().discover(false).parallelism(8).register(checks).build()
                .diagnose(Target.builder().url("http://127.0.0.1/").build());
    }

    @Test
    void readsTheFactOfACheckItRunsAfterEvenWhenThatCheckIsSlow() {
        AtomicReference<Optional<String>> seen = new AtomicReference<>();
        // Registered first, so without runsAfter it would start at once, beside the slow publisher.
        TestCheck reader = after("b.reader", Set.of(), Set.of("a.publisher"), ctx -> {
            seen.set(ctx.fact(FACT));
            return CheckResult.passed();
        });
        TestCheck publisher = TestCheck.of("a.publisher", ctx -> {
            Thread.sleep(300);
            ctx.publish(FACT, "published");
            return CheckResult.passed();
        });
        Diagnosis d = run(reader, publisher);
        assertEquals(Optional.of("published"), seen.get());
        assertTrue(d.discoveryIssues().isEmpty(), d.discoveryIssues().toString());
    }

    @Test
    void runsWhenTheCheckItRunsAfterIsAbsentOrFails() {
        TestCheck reader = after("b.reader", Set.of(), Set.of("not.there", "a.failing"),
                ctx -> CheckResult.passed());
        TestCheck failing = TestCheck.of("a.failing", ctx -> {
            throw new IllegalStateException("broken");
        });
        Diagnosis d = run(reader, failing);
        assertInstanceOf(CheckReport.Errored.class, d.report("a.failing").orElseThrow());
        assertInstanceOf(CheckReport.Completed.class, d.report("b.reader").orElseThrow());
        assertTrue(d.discoveryIssues().isEmpty(), "runsAfter on an absent check is not a discovery issue: "
                + d.discoveryIssues());
    }

    @Test
    void softCyclesAreBrokenInsteadOfSkippingChecks() {
        TestCheck a = after("a", Set.of(), Set.of("b"), ctx -> CheckResult.passed());
        TestCheck b = after("b", Set.of(), Set.of("a"), ctx -> CheckResult.passed());
        // c depends on d, and d wants to run after c: the hard edge wins.
        TestCheck c = after("c", Set.of("d"), Set.of(), ctx -> CheckResult.passed());
        TestCheck dd = after("d", Set.of(), Set.of("c"), ctx -> CheckResult.passed());
        Diagnosis d = run(a, b, c, dd);
        for (String id : List.of("a", "b", "c", "d")) {
            assertInstanceOf(CheckReport.Completed.class, d.report(id).orElseThrow(), id);
        }
        assertTrue(d.discoveryIssues().isEmpty(), d.discoveryIssues().toString());
    }

    @Test
    void checkInfoListsRunsAfterSortedWithoutItsOwnDependencies() {
        TestCheck c = after("c", Set.of("d"), Set.of("z", "d", "c", "a"), ctx -> CheckResult.passed());
        TestCheck dd = TestCheck.passing("d");
        var infos = GatewayDoctor.builder().discover(false).register(c, dd).build().checks();
        var info = infos.stream().filter(i -> i.id().equals("c")).findFirst().orElseThrow();
        assertEquals(List.of("a", "z"), info.runsAfter());
    }
}
