package org.gatewaydoctor.internal.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.FactKey;
import org.gatewaydoctor.spi.LogAccess;
import org.gatewaydoctor.spi.NameResolver;
import org.gatewaydoctor.spi.Redactor;

/** The {@link CheckContext} of one check run. Publishing stops once the run is closed. */
final class RunContext implements CheckContext {
    private final Target target;
    private final Instant deadline;
    private final Map<FactKey<?>, Object> facts;
    private final LogAccess logs;
    private final Redactor redactor;
    private final Clock clock;
    private final SharedScan scan;
    private final NameAnswers names;
    private final long startNanos;
    private final long deadlineNanos;
    private volatile boolean closed;

    RunContext(Target target, Instant deadline, Map<FactKey<?>, Object> facts, LogAccess logs, Redactor redactor,
               Clock clock, SharedScan scan, NameAnswers names, long startNanos, long deadlineNanos) {
        this.scan = scan;
        this.names = names;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.target = target;
        this.deadline = deadline;
        this.facts = facts;
        this.logs = logs;
        this.redactor = redactor;
        this.clock = clock;
    }

    void close() {
        closed = true;
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

    @Override
    public <T> void publish(FactKey<T> key, T value) {
        Objects.requireNonNull(key, "key");
        if (!key.type().isInstance(value)) {
            throw new IllegalArgumentException("fact '" + key.name() + "' must be a " + key.type().getName());
        }
        if (!closed) {
            facts.put(key, value);
        }
    }

    @Override
    public LogAccess logs() {
        return logs;
    }

    @Override
    public LogScan logScan() throws InterruptedException {
        return scan.get(deadlineNanos);
    }

    @Override
    public NameResolver perDiagnosis(NameResolver resolver) {
        return names.view(resolver);
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
