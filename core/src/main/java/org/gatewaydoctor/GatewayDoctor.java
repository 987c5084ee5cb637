package org.gatewaydoctor;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.gatewaydoctor.internal.engine.Discovery;
import org.gatewaydoctor.internal.engine.Engine;
import org.gatewaydoctor.internal.engine.Plan;
import org.gatewaydoctor.internal.ranking.Ranker;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.Explanation;
import org.gatewaydoctor.spi.ExplanationProvider;
import org.gatewaydoctor.spi.LogLocator;

/**
 * The entry point: finds checks, runs them against a {@link Target} and returns a {@link Diagnosis}.
 *
 * <p>Building never throws because of a broken check module: problems become
 * {@linkplain #discoveryIssues() discovery issues}. One instance may run any number of diagnoses,
 * also concurrently.
 *
 * <pre>{@code
 * GatewayDoctor doctor = GatewayDoctor.builder()
 *     .exclude("dns.*")
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * Diagnosis diagnosis = doctor.diagnose(Target.builder()
 *     .url("https://example.org/")
 *     .logs(Path.of("/var/log/nginx"))
 *     .build());
 * System.out.println(diagnosis.verdict() + " " + diagnosis.headline());
 * }</pre>
 */
public final class GatewayDoctor {

    /** Default limit on a whole diagnosis. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Plan plan;
    private final Supplier<SignatureCatalog> catalog;
    private final Engine engine;

    private GatewayDoctor(Builder b) {
        Discovery.Result found = Discovery.discover(b.discover ? b.classLoader : null, b.checks, b.explanations);
        this.plan = Plan.of(found, b.include, b.exclude);
        // found when first needed (a diagnosis's log scan, signatureCatalog()): listing the checks and a
        // diagnosis without logs never load the providers or compile their patterns. Never throws (problems are
        // part of the catalogue), so when does not change what.
        boolean discoverSignatures = b.discoverSignatures;
        ClassLoader loader = b.classLoader;
        List<Signature> added = Collections.unmodifiableList(new ArrayList<>(b.signatures));
        this.catalog = new Once<>(() -> (discoverSignatures ? SignatureCatalog.discover(loader)
                : SignatureCatalog.of(List.of())).with(added));
        List<LogLocator> locators = new ArrayList<>(b.locators);
        locators.addAll(found.locators());
        this.engine = new Engine(plan, b.timeout, b.parallelism, b.listener, b.clock, b.secrets, catalog, locators,
                new Ranker(found.explanations()));
    }

    /** {@code compute}'s value, computed by the first caller; the others wait for it. */
    private static final class Once<T> implements Supplier<T> {
        private Supplier<T> compute;
        private T value;

        Once(Supplier<T> compute) {
            this.compute = compute;
        }

        @Override
        public synchronized T get() {
            if (compute != null) {
                value = compute.get();
                compute = null;
            }
            return value;
        }
    }

    /** A builder that discovers checks on the thread's context class loader. */
    public static Builder builder() {
        return new Builder();
    }

    /** The checks this instance will run (after include/exclude), in planning order. */
    public List<CheckInfo> checks() {
        return plan.checkInfos();
    }

    /** The log signatures every diagnosis scans for (see {@link org.gatewaydoctor.spi.CheckContext#logScan()}). */
    public SignatureCatalog signatureCatalog() {
        return catalog.get();
    }

    /** Problems met while discovering and ordering checks; they are also part of every diagnosis. */
    public List<DiscoveryIssue> discoveryIssues() {
        return plan.issues();
    }

    /**
     * Runs every check against {@code target} and ranks what they found. Returns within the
     * configured timeout even if checks hang: checks, and the shared log scan, get the timeout less a
     * reserve (a tenth, at most 1.5 s) in which the result is assembled and rendered; a check still
     * running then is reported timed out, a scan cut by it keeps what it read (marked incomplete).
     */
    public Diagnosis diagnose(Target target) {
        return engine.run(Objects.requireNonNull(target, "target"));
    }

    /** Configures a {@link GatewayDoctor}. */
    public static final class Builder {
        private boolean discover = true;
        private boolean discoverSignatures = true;
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private final List<Check> checks = new ArrayList<>();
        private final List<LogLocator> locators = new ArrayList<>();
        private final List<String> include = new ArrayList<>();
        private final List<String> exclude = new ArrayList<>();
        private final List<String> secrets = new ArrayList<>();
        private final List<Signature> signatures = new ArrayList<>();
        private final List<Explanation> explanations = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int parallelism = 8;
        private DiagnosisListener listener = DiagnosisListener.NONE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Whether to find checks with {@link java.util.ServiceLoader} (default: yes). */
        public Builder discover(boolean discover) {
            this.discover = discover;
            return this;
        }

        /**
         * Whether to find log signatures (providers and {@code signatures.json} files) on the class path
         * (default: yes, also when checks are not discovered, so a check tested alone sees the catalogue).
         */
        public Builder discoverSignatures(boolean discoverSignatures) {
            this.discoverSignatures = discoverSignatures;
            return this;
        }

        /** The class loader to discover checks and signatures with. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** Adds checks programmatically; they come before discovered ones. */
        public Builder register(Check... checks) {
            for (Check c : checks) {
                this.checks.add(Objects.requireNonNull(c, "check"));
            }
            return this;
        }

        /**
         * Runs only checks whose id matches one of the patterns. A pattern is a glob ({@code *} any
         * characters, {@code ?} one); a pattern without wildcards also matches every id below it
         * ({@code phpfpm} matches {@code phpfpm.log}).
         */
        public Builder include(String... patterns) {
            include.addAll(List.of(patterns));
            return this;
        }

        /** Leaves out checks whose id matches one of the patterns (same syntax as {@link #include}). */
        public Builder exclude(String... patterns) {
            exclude.addAll(List.of(patterns));
            return this;
        }

        /** The limit on a whole diagnosis (default 60 s). Each check also has its own. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** How many checks may run at once (default 8). */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** Receives progress events. */
        public Builder listener(DiagnosisListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock for timestamps (default UTC system clock). Deadlines are enforced on the monotonic clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds log locators, which find the logs a target's configuration names; with
         * {@linkplain #discover(boolean) discovery} on, those on the class path are added too.
         */
        public Builder logLocators(LogLocator... locators) {
            for (LogLocator l : locators) {
                this.locators.add(Objects.requireNonNull(l, "locator"));
            }
            return this;
        }

        /** Adds log signatures to those discovered on the class path. */
        public Builder signatures(List<Signature> signatures) {
            this.signatures.addAll(signatures);
            return this;
        }

        /**
         * Adds pairs to the explanation relation the ranking uses, after the built-in ones (with
         * {@linkplain #discover(boolean) discovery} on, those of {@link ExplanationProvider}s on the class path
         * follow). A pair that would close a cycle is ignored and reported as a discovery issue.
         */
        public Builder explanations(Explanation... pairs) {
            for (Explanation e : pairs) {
                explanations.add(Objects.requireNonNull(e, "explanation"));
            }
            return this;
        }

        /** Secret values to mask in every diagnosis, in addition to the built-in patterns. */
        public Builder secrets(String... values) {
            secrets.addAll(List.of(values));
            return this;
        }

        public GatewayDoctor build() {
            return new GatewayDoctor(this);
        }
    }
}
