package org.gatewaydoctor.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.FactKey;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.spi.LogAccess;
import org.gatewaydoctor.spi.Redactor;

/**
 * A {@link CheckContext} for calling {@link Check#run(CheckContext)} directly in a unit test, without
 * the engine: no thread, no timeout enforcement, no redaction of the result afterwards. Facts can be
 * given up front and what the check publishes can be read back.
 *
 * <p>Its {@link #logs()} and {@link #redactor()} are the engine's own implementations (obtained once,
 * at {@link Builder#build()}, by running a stand-in check through a real {@code GatewayDoctor}), so
 * directory expansion, gzip, line truncation and the built-in secret patterns behave exactly as in
 * production. As in the engine, log directories are listed once, when {@code build()} runs: write the
 * files first. Reading logs stops at the context's deadline (measured on the monotonic clock from
 * {@code build()}, and no sooner than 200 ms after it).
 *
 * <pre>{@code
 * TestCheckContext ctx = TestCheckContext.builder()
 *     .logs(dir.resolve("php8.2-fpm.log"))
 *     .fact(FpmConfigCheck.POOLS, pools)
 *     .timeout(Duration.ofSeconds(2))
 *     .build();
 * CheckResult result = new FpmLogCheck().run(ctx);
 * assertEquals(Optional.of(17), ctx.published(FpmLogCheck.MAX_CHILDREN_REACHED));
 * }</pre>
 *
 * <p>To exercise deadlines, isolation and the JSON, use {@link CheckTester} instead.
 */
public final class TestCheckContext implements CheckContext {

    private final Target target;
    private final Instant deadline;
    private final Clock clock;
    private final LogAccess logs;
    private final Redactor redactor;
    private final Map<FactKey<?>, Object> facts;
    private final Map<FactKey<?>, Object> published = Collections.synchronizedMap(new LinkedHashMap<>());
    private LogScan scan;

    private TestCheckContext(Target target, Instant deadline, Clock clock, LogAccess logs, Redactor redactor,
                             Map<FactKey<?>, Object> facts) {
        this.target = target;
        this.deadline = deadline;
        this.clock = clock;
        this.logs = logs;
        this.redactor = redactor;
        this.facts = new ConcurrentHashMap<>(facts);
    }

    /** A new builder: empty target, {@link Check#DEFAULT_TIMEOUT}, system UTC clock. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public <T> Optional<T> fact(FactKey<T> key) {
        Object value = facts.get(Objects.requireNonNull(key, "key"));
        return value == null ? Optional.empty() : Optional.of(key.type().cast(value));
    }

    /** Records the fact, and makes it visible to {@link #fact(FactKey)}, as the engine does. */
    @Override
    public <T> void publish(FactKey<T> key, T value) {
        Objects.requireNonNull(key, "key");
        if (!key.type().isInstance(value)) {
            throw new IllegalArgumentException("fact '" + key.name() + "' must be a " + key.type().getName());
        }
        facts.put(key, value);
        published.put(key, value);
    }

    @Override
    public LogAccess logs() {
        return logs;
    }

    /**
     * Scans the target's logs with every signature on the class path (providers and signature files),
     * as the engine does; computed once per context. Like the engine, it reads only the lines of the site the
     * target names (the {@code site} option's names and the URL's host), setting other sites' lines aside.
     */
    @Override
    public synchronized LogScan logScan() throws InterruptedException {
        if (scan == null) {
            SignatureCatalog catalog = SignatureCatalog.discover(Thread.currentThread().getContextClassLoader());
            java.util.List<String> site = new java.util.ArrayList<>();
            target.option(org.gatewaydoctor.model.Target.OPTION_SITE)
                    .ifPresent(v -> site.addAll(java.util.Arrays.asList(v.split(","))));
            if (target.url() != null && target.url().getHost() != null) {
                site.add(target.url().getHost());
            }
            scan = LogScanner.builder().catalog(catalog).zone(target.zone()).redactor(redactor::redact).site(site)
                    .build().scanPaths(target.logs());
        }
        return scan;
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** What the check published under {@code key}, if it did. */
    public <T> Optional<T> published(FactKey<T> key) {
        Object value = published.get(Objects.requireNonNull(key, "key"));
        return value == null ? Optional.empty() : Optional.of(key.type().cast(value));
    }

    /** Everything the check published, in publishing order. */
    public Map<FactKey<?>, Object> publishedFacts() {
        synchronized (published) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(published));
        }
    }

    /**
     * Builds a {@link TestCheckContext}.
     *
     * <pre>{@code
     * TestCheckContext ctx = TestCheckContext.builder().url("https://example.org/").build();
     * }</pre>
     */
    public static final class Builder {
        private static final Duration MIN_LOG_BUDGET = Duration.ofMillis(200);

        private Target.Builder target = Target.builder();
        private Duration timeout = Check.DEFAULT_TIMEOUT;
        private Instant deadline;
        private Clock clock = Clock.systemUTC();
        private LogAccess logs;
        private Redactor redactor;
        private final List<String> secrets = new ArrayList<>();
        private final Map<FactKey<?>, Object> facts = new LinkedHashMap<>();

        private Builder() {
        }

        /** Replaces the target and everything set so far with {@link #url}, {@link #logs(Path...)} and the like. */
        public Builder target(Target target) {
            this.target = target.toBuilder();
            return this;
        }

        /** The site's URL. */
        public Builder url(String url) {
            target.url(url);
            return this;
        }

        /** Adds log files or directories to the target. */
        public Builder logs(Path... paths) {
            target.logs(paths);
            return this;
        }

        /** Adds a configuration file of {@code kind} (see {@code Target.CONFIG_*}). */
        public Builder config(String kind, Path file) {
            target.config(kind, file);
            return this;
        }

        /** Sets an option for checks. */
        public Builder option(String name, String value) {
            target.option(name, value);
            return this;
        }

        /** The time zone of log lines that carry none. */
        public Builder zone(ZoneId zone) {
            target.zone(zone);
            return this;
        }

        /** The deadline is this long after {@link #build()} (default {@link Check#DEFAULT_TIMEOUT}). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            this.deadline = null;
            return this;
        }

        /** An absolute deadline, e.g. one already past to see how the check behaves then. */
        public Builder deadline(Instant deadline) {
            this.deadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        /**
         * The clock the check reads (default system UTC). With a fixed clock, {@code remaining()} does not
         * shrink; log reading still stops at the real deadline.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A fact as if an earlier check had published it. */
        public <T> Builder fact(FactKey<T> key, T value) {
            Objects.requireNonNull(key, "key");
            if (!key.type().isInstance(value)) {
                throw new IllegalArgumentException("fact '" + key.name() + "' must be a " + key.type().getName());
            }
            facts.put(key, value);
            return this;
        }

        /** Secret values the redactor masks from the start, as the CLI's {@code --secret}. */
        public Builder secrets(String... values) {
            secrets.addAll(List.of(values));
            return this;
        }

        /** Replaces the engine's log reader, e.g. by one that fails or blocks. */
        public Builder logAccess(LogAccess logs) {
            this.logs = Objects.requireNonNull(logs, "logs");
            return this;
        }

        /** Replaces the engine's redactor. */
        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        public TestCheckContext build() {
            Target t = target.build();
            Instant now = clock.instant();
            Instant end = deadline != null ? deadline : now.plus(timeout);
            Duration budget = Duration.between(now, end);
            if (budget.compareTo(MIN_LOG_BUDGET) < 0) {
                // The stand-in check that obtains the log reader must get to run.
                budget = MIN_LOG_BUDGET;
            }
            LogAccess l = logs;
            Redactor r = redactor;
            if (l == null || r == null) {
                EngineParts parts = EngineParts.capture(t, budget, secrets);
                l = l == null ? parts.logs() : l;
                r = r == null ? parts.redactor() : r;
            } else {
                secrets.forEach(r::addSecret);
            }
            return new TestCheckContext(t, end, clock, l, r, facts);
        }
    }

    /**
     * The engine's {@link LogAccess} and {@link Redactor} for a target, taken from the context of a
     * stand-in check run by a real {@link GatewayDoctor}. This keeps the test kit on core's public API
     * while giving unit tests the production implementations.
     */
    private record EngineParts(LogAccess logs, Redactor redactor) {

        static EngineParts capture(Target target, Duration budget, List<String> secrets) {
            AtomicReference<CheckContext> seen = new AtomicReference<>();
            Check capture = new Check() {
                @Override
                public String id() {
                    return "testkit.context";
                }

                @Override
                public Layer layer() {
                    return Layer.HOST;
                }

                @Override
                public String title() {
                    return "testkit: obtains the engine's log access and redactor";
                }

                @Override
                public Duration timeout() {
                    return budget;
                }

                @Override
                public CheckResult run(CheckContext context) {
                    seen.set(context);
                    return CheckResult.notApplicable("captures the context");
                }
            };
            GatewayDoctor.builder()
                    .discover(false)
                    .register(capture)
                    .secrets(secrets.toArray(String[]::new))
                    .timeout(budget.plusSeconds(1))
                    .build()
                    .diagnose(target);
            CheckContext context = seen.get();
            if (context == null) {
                throw new IllegalStateException("the engine did not run the test kit's stand-in check");
            }
            return new EngineParts(context.logs(), context.redactor());
        }
    }
}
