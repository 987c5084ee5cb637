package org.gatewaydoctor.engine;

import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/** Check providers loaded through ServiceLoader in discovery tests. */
public final class ProviderChecks {
    private ProviderChecks() {
    }

    /** A well-behaved provider. */
    public static final class Good implements Check {
        @Override
        public String id() {
            return "test.good";
        }

        @Override
        public Layer layer() {
            return Layer.PHP_FPM;
        }

        @Override
        public String title() {
            return "a good check";
        }

        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.passed();
        }
    }

    /** Another provider with the same id as {@link Good}. */
    public static final class SameIdAsGood implements Check {
        @Override
        public String id() {
            return "test.good";
        }

        @Override
        public Layer layer() {
            return Layer.PROXY;
        }

        @Override
        public String title() {
            return "an impostor";
        }

        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.passed();
        }
    }

    /** A provider whose constructor throws. */
    public static final class ThrowingConstructor implements Check {
        public ThrowingConstructor() {
            throw new IllegalStateException("cannot start: missing native library");
        }

        @Override
        public String id() {
            return "test.throwing";
        }

        @Override
        public Layer layer() {
            return Layer.DNS;
        }

        @Override
        public String title() {
            return "never constructed";
        }

        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.passed();
        }
    }

    /** A provider whose id() throws. */
    public static final class ThrowingId extends TestCheck {
        public ThrowingId() {
            super("x", Layer.DNS, java.util.Set.of(), java.time.Duration.ofSeconds(1), ctx -> CheckResult.passed());
        }

        @Override
        public String id() {
            throw new UnsupportedOperationException("no id today");
        }
    }

    /** A log locator whose constructor throws. */
    public static final class ThrowingLocator implements org.gatewaydoctor.spi.LogLocator {
        public ThrowingLocator() {
            throw new IllegalStateException("locator boom");
        }

        @Override
        public java.util.List<java.nio.file.Path> locate(org.gatewaydoctor.model.Target target) {
            return java.util.List.of();
        }
    }
}
