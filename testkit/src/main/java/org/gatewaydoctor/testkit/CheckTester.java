package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.FactKey;

/**
 * Runs one {@link Check} through the real engine and returns a {@link CheckRun} to assert on.
 *
 * <p>The check is registered with {@code GatewayDoctor.builder().discover(false)}, so nothing else on
 * the class path runs, and everything else is what users get: the check runs on the engine's
 * thread with the engine's deadline and interruption, its log access is the real bounded reader,
 * {@code logScan()} uses every signature on the class path,
 * and its result is redacted, ranked and assembled into a {@link Diagnosis}.
 *
 * <p>A tester is immutable: every {@code with...} method returns a new tester, so a test can prepare
 * one and derive variants from it.
 *
 * <pre>{@code
 * CheckTester tester = CheckTester.of(new NginxErrorLogCheck())
 *     .withLogs(dir.resolve("error.log"))
 *     .withTimeout(Duration.ofSeconds(2));
 * tester.assertDescribesItselfProperly();
 * tester.run()
 *     .assertFound(CauseCode.PHPFPM_DOWN)
 *     .assertNoSecretsLeak("hunter2-canary")
 *     .assertValidAgainstSchema();
 * }</pre>
 */
public final class CheckTester {

    private final Check check;
    private final Target target;
    private final Duration timeout;
    private final List<String> secrets;
    private final Clock clock;
    private final List<Check> companions;
    private final Map<String, Map<FactKey<?>, Object>> facts;

    private CheckTester(Check check, Target target, Duration timeout, List<String> secrets, Clock clock,
                        List<Check> companions, Map<String, Map<FactKey<?>, Object>> facts) {
        this.check = check;
        this.target = target;
        this.timeout = timeout;
        this.secrets = List.copyOf(secrets);
        this.clock = clock;
        this.companions = List.copyOf(companions);
        this.facts = facts;
    }

    /** A tester for {@code check} with an empty target, the check's own timeout and the system clock. */
    public static CheckTester of(Check check) {
        return new CheckTester(Objects.requireNonNull(check, "check"), Target.builder().build(), null, List.of(),
                Clock.systemUTC(), List.of(), Map.of());
    }

    /** The check under test. */
    public Check check() {
        return check;
    }

    /** The target the check will be run against. */
    public Target target() {
        return target;
    }

    /** With {@code target} replacing everything set so far by {@code withUrl}, {@code withLogs} and the like. */
    public CheckTester withTarget(Target target) {
        return new CheckTester(check, Objects.requireNonNull(target, "target"), timeout, secrets, clock, companions,
                facts);
    }

    /** With the site's URL ({@code http://} or {@code https://}). */
    public CheckTester withUrl(String url) {
        return withTarget(target.toBuilder().url(url).build());
    }

    /** With these log files or directories added to the target. */
    public CheckTester withLogs(Path... paths) {
        return withTarget(target.toBuilder().logs(paths).build());
    }

    /** With a configuration file of {@code kind} (see {@code Target.CONFIG_*}). */
    public CheckTester withConfig(String kind, Path file) {
        return withTarget(target.toBuilder().config(kind, file).build());
    }

    /** With a free-form option for checks, e.g. {@code example.disk-space.warn-percent}. */
    public CheckTester withOption(String name, String value) {
        return withTarget(target.toBuilder().option(name, value).build());
    }

    /** With the time zone of log lines that carry none. */
    public CheckTester withZone(ZoneId zone) {
        return withTarget(target.toBuilder().zone(zone).build());
    }

    /**
     * With a limit on the whole run, as {@code GatewayDoctor.Builder.timeout} sets it: the check gets the
     * shorter of this and its own {@link Check#timeout()}. Use a short one (a few hundred milliseconds)
     * with {@link CheckRun#assertRespectsDeadline()}.
     */
    public CheckTester withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new CheckTester(check, target, timeout, secrets, clock, companions, facts);
    }

    /**
     * With secret values the user declared (as with {@code GatewayDoctor.Builder.secrets}, the CLI's
     * {@code --secret}): the engine masks them in every text it redacts.
     * {@link CheckRun#assertNoSecretsLeak(String...)} also looks for them, in the fields the engine
     * does not redact. To prove that the <em>check</em> redacts a secret it reads, plant it in the input
     * as a canary instead and do not declare it here.
     */
    public CheckTester withSecret(String... values) {
        List<String> all = new ArrayList<>(secrets);
        for (String v : values) {
            all.add(Objects.requireNonNull(v, "secret"));
        }
        return new CheckTester(check, target, timeout, all, clock, companions, facts);
    }

    /** With the clock the engine stamps the diagnosis with and hands to the check. */
    public CheckTester withClock(Clock clock) {
        return new CheckTester(check, target, timeout, secrets, Objects.requireNonNull(clock, "clock"), companions,
                facts);
    }

    /** With other checks registered too, e.g. the real checks the one under test {@linkplain Check#dependsOn() depends on}. */
    public CheckTester withCompanions(Check... checks) {
        List<Check> all = new ArrayList<>(companions);
        for (Check c : checks) {
            all.add(Objects.requireNonNull(c, "check"));
        }
        return new CheckTester(check, target, timeout, secrets, clock, all, facts);
    }

    /**
     * With a stand-in for the check {@code producerId} that publishes {@code value} under {@code key}
     * and passes. The check under test sees the fact if it {@linkplain Check#dependsOn() depends on}
     * {@code producerId} or {@linkplain Check#runsAfter() runs after} it, as it must in production.
     *
     * <pre>{@code
     * CheckTester.of(new FpmSocketCheck())
     *     .withFact("phpfpm.config", FpmConfigCheck.POOLS, new FpmPools(List.of(pool)))
     *     .run();
     * }</pre>
     */
    public <T> CheckTester withFact(String producerId, FactKey<T> key, T value) {
        Objects.requireNonNull(producerId, "producerId");
        Objects.requireNonNull(key, "key");
        if (!key.type().isInstance(value)) {
            throw new IllegalArgumentException("fact '" + key.name() + "' must be a " + key.type().getName());
        }
        Map<String, Map<FactKey<?>, Object>> all = new LinkedHashMap<>();
        facts.forEach((id, m) -> all.put(id, new LinkedHashMap<>(m)));
        all.computeIfAbsent(producerId, id -> new LinkedHashMap<>()).put(key, value);
        return new CheckTester(check, target, timeout, secrets, clock, companions, all);
    }

    /**
     * Asserts that the check describes itself as the engine, the CLI and users need: an id of
     * lower-case words separated by dots or hyphens that starts with a module prefix
     * ({@code example.disk-space}), a layer, a one-line title, a positive timeout no longer than a
     * whole diagnosis ({@link GatewayDoctor#DEFAULT_TIMEOUT}), valid dependencies, the same answers
     * when asked twice, and that it is discoverable: {@link java.util.ServiceLoader} finds its class
     * through {@code META-INF/services/org.gatewaydoctor.spi.Check} on the class path (of the thread's
     * context class loader, as {@code GatewayDoctor.builder()} uses) and {@code GatewayDoctor} lists it
     * without a discovery issue.
     *
     * @return this tester
     */
    public CheckTester assertDescribesItselfProperly() {
        List<String> problems = Descriptions.problems(check);
        if (!problems.isEmpty()) {
            fail(check.getClass().getName() + " does not describe itself properly:\n  - "
                    + String.join("\n  - ", problems));
        }
        return this;
    }

    /**
     * Runs the check through the real engine.
     *
     * @throws org.opentest4j.AssertionFailedError if the engine would not run the check at all (an
     *     invalid id, layer, title or timeout), with the engine's explanation
     */
    public CheckRun run() {
        Observed observed = new Observed(check);
        GatewayDoctor.Builder builder = GatewayDoctor.builder()
                .discover(false)
                .register(observed)
                .clock(clock)
                .secrets(secrets.toArray(String[]::new));
        companions.forEach(builder::register);
        facts.forEach((id, values) -> builder.register(new FactProducer(id, check, values)));
        if (timeout != null) {
            builder.timeout(timeout);
        }
        GatewayDoctor doctor = builder.build();
        String id = observed.describedId;
        if (doctor.checks().stream().noneMatch(c -> c.id().equals(id))) {
            fail("The engine would not run " + check.getClass().getName() + ": "
                    + doctor.discoveryIssues().stream().map(DiscoveryIssue::message).collect(Collectors.joining(" ")));
        }
        long start = System.nanoTime();
        Diagnosis diagnosis = doctor.diagnose(target);
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return new CheckRun(check, id, diagnosis, wall, observed, List.copyOf(secrets));
    }

    /**
     * Shorthand for {@code withTimeout(timeout).run().assertRespectsDeadline()}: give the tester an
     * input that hangs or is huge first.
     */
    public CheckRun assertRespectsDeadline(Duration timeout) {
        return withTimeout(timeout).run().assertRespectsDeadline();
    }

    /** Wraps the check under test to learn when (and whether) its {@code run} returned. */
    static final class Observed implements Check {
        final Check delegate;
        final String describedId;
        final CountDownLatch returned = new CountDownLatch(1);
        volatile long startNanos;
        volatile long returnNanos;
        volatile Throwable thrown;

        Observed(Check delegate) {
            this.delegate = delegate;
            String id;
            try {
                id = delegate.id();
            } catch (RuntimeException e) {
                id = null;
            }
            this.describedId = id;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public Layer layer() {
            return delegate.layer();
        }

        @Override
        public String title() {
            return delegate.title();
        }

        @Override
        public Set<String> dependsOn() {
            return delegate.dependsOn();
        }

        @Override
        public Set<String> runsAfter() {
            return delegate.runsAfter();
        }

        @Override
        public Duration timeout() {
            return delegate.timeout();
        }

        @Override
        public CheckResult run(CheckContext context) throws Exception {
            startNanos = System.nanoTime();
            try {
                return delegate.run(context);
            } catch (Exception | Error e) {
                thrown = e;
                throw e;
            } finally {
                returnNanos = System.nanoTime();
                returned.countDown();
            }
        }
    }

    /** Stands in for a check the one under test depends on, publishing the facts it would. */
    private static final class FactProducer implements Check {
        private final String id;
        private final Layer layer;
        private final Map<FactKey<?>, Object> values;

        FactProducer(String id, Check consumer, Map<FactKey<?>, Object> values) {
            this.id = id;
            Layer l;
            try {
                l = consumer.layer();
            } catch (RuntimeException e) {
                l = null;
            }
            this.layer = l == null ? Layer.HOST : l;
            this.values = Map.copyOf(values);
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
            return "testkit stand-in publishing facts of " + id;
        }

        @Override
        public CheckResult run(CheckContext context) {
            values.forEach((key, value) -> publish(context, key, value));
            return CheckResult.passed();
        }

        private static <T> void publish(CheckContext context, FactKey<T> key, Object value) {
            context.publish(key, key.type().cast(value));
        }
    }
}
