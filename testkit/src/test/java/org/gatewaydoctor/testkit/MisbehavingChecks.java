package org.gatewaydoctor.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.FactKey;

/** Checks that get one thing wrong each, for the test kit's own tests. */
final class MisbehavingChecks {

    private MisbehavingChecks() {
    }

    /** A base with a valid description. */
    abstract static class Base implements Check {
        private final String id;

        Base(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Layer layer() {
            return Layer.APPLICATION;
        }

        @Override
        public String title() {
            return "misbehaving check " + id;
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(5);
        }
    }

    /** Reports the database password it reads from the configuration as is. */
    static final class Leaking extends Base {
        Leaking() {
            super("testkit.leaking");
        }

        @Override
        public CheckResult run(CheckContext ctx) throws Exception {
            Path config = ctx.target().config(WellBehavedCheck.CONFIG_APP).orElseThrow();
            List<String> lines = Files.readAllLines(config, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String[] kv = lines.get(i).split("=", 2);
                if (kv.length == 2 && kv[0].strip().equals("db.pass")) {
                    return CheckResult.passed(new Evidence.ConfigLine(config.toString(), i + 1, "db.pass",
                            kv[1].strip()));
                }
            }
            return CheckResult.notApplicable("no db.pass");
        }
    }

    /** Sleeps until released and swallows every interrupt. */
    static final class IgnoresInterrupts extends Base {
        final CountDownLatch release = new CountDownLatch(1);

        IgnoresInterrupts() {
            super("testkit.ignores-interrupts");
        }

        @Override
        public CheckResult run(CheckContext ctx) {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // "keep going": the bug under test
                }
            }
            return CheckResult.passed();
        }
    }

    /** Waits much longer than its deadline, but stops when interrupted. */
    static final class Oversleeps extends Base {
        Oversleeps() {
            super("testkit.oversleeps");
        }

        @Override
        public CheckResult run(CheckContext ctx) throws InterruptedException {
            Thread.sleep(60_000);
            return CheckResult.passed();
        }
    }

    /** Gives up in time, but by throwing instead of reporting what did not answer. */
    static final class ThrowsAtDeadline extends Base {
        ThrowsAtDeadline() {
            super("testkit.throws-at-deadline");
        }

        @Override
        public CheckResult run(CheckContext ctx) throws Exception {
            Thread.sleep(Math.max(0, ctx.remaining().toMillis() - 150));
            throw new java.net.SocketTimeoutException("Read timed out");
        }
    }

    /** Writes a negative line number, which the model accepts but the schema does not. */
    static final class NegativeLine extends Base {
        NegativeLine() {
            super("testkit.negative-line");
        }

        @Override
        public CheckResult run(CheckContext ctx) {
            // The model accepts any instant; the schema pins four-digit years, as every real log clock has.
            return CheckResult.passed(new Evidence.LogLine("/var/log/app.log", 1,
                    java.time.Instant.parse("+12026-01-01T00:00:00Z"), "a line from the far future"));
        }
    }

    /** An id with capitals and underscores, and a multi-line title. */
    static final class BadDescription extends Base {
        BadDescription() {
            super("Testkit_Bad");
        }

        @Override
        public String title() {
            return "first line\nsecond line";
        }

        @Override
        public CheckResult run(CheckContext ctx) {
            return CheckResult.passed();
        }
    }

    /** Valid, but not listed in META-INF/services. */
    public static final class Unlisted extends Base {
        public Unlisted() {
            super("testkit.unlisted");
        }

        @Override
        public CheckResult run(CheckContext ctx) {
            return CheckResult.passed();
        }
    }

    /** Asks for more time than a whole diagnosis has, and cannot be instantiated by ServiceLoader. */
    static final class Greedy extends Base {
        private Greedy(String id) {
            super(id);
        }

        static Greedy create() {
            return new Greedy("testkit.greedy");
        }

        @Override
        public Duration timeout() {
            return Duration.ofMinutes(5);
        }

        @Override
        public CheckResult run(CheckContext ctx) {
            return CheckResult.passed();
        }
    }

    static final FactKey<String> POOL = FactKey.of("testkit.pool", String.class);

    /** Reads a fact published by {@code testkit.producer}. */
    static final class Consumer extends Base {
        Consumer() {
            super("testkit.consumer");
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of("testkit.producer");
        }

        @Override
        public CheckResult run(CheckContext ctx) {
            return ctx.fact(POOL)
                    .<CheckResult>map(p -> CheckResult.passed(new Evidence.Observation("pool " + p)))
                    .orElse(CheckResult.notApplicable("no pool"));
        }
    }

    /** Reads the same fact, ordered only by {@code runsAfter}. */
    static final class SoftConsumer extends Base {
        SoftConsumer() {
            super("testkit.soft-consumer");
        }

        @Override
        public Set<String> runsAfter() {
            return Set.of("testkit.producer");
        }

        @Override
        public CheckResult run(CheckContext ctx) {
            return ctx.fact(POOL)
                    .<CheckResult>map(p -> CheckResult.passed(new Evidence.Observation("pool " + p)))
                    .orElse(CheckResult.notApplicable("no pool"));
        }
    }
}
