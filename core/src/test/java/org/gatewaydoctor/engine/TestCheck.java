package org.gatewaydoctor.engine;

import java.time.Duration;
import java.util.Set;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/** A configurable check for engine tests. */
public class TestCheck implements Check {

    /** The body of a test check. */
    @FunctionalInterface
    public interface Body {
        CheckResult run(CheckContext ctx) throws Exception;
    }

    private final String id;
    private final Layer layer;
    private final Set<String> deps;
    private final Duration timeout;
    private final Body body;

    public TestCheck(String id, Layer layer, Set<String> deps, Duration timeout, Body body) {
        this.id = id;
        this.layer = layer;
        this.deps = deps;
        this.timeout = timeout;
        this.body = body;
    }

    public static TestCheck of(String id, Body body) {
        return new TestCheck(id, Layer.PROXY, Set.of(), Duration.ofSeconds(5), body);
    }

    public static TestCheck passing(String id, String... deps) {
        return new TestCheck(id, Layer.PROXY, Set.of(deps), Duration.ofSeconds(5), ctx -> CheckResult.passed());
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
        return "test check " + id;
    }

    @Override
    public Set<String> dependsOn() {
        return deps;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public CheckResult run(CheckContext context) throws Exception {
        return body.run(context);
    }
}
