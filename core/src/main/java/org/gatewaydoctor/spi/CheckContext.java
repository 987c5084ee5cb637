package org.gatewaydoctor.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.model.Target;

/**
 * Everything a {@link Check} may use while it runs. Provided by the engine, one per check run.
 */
public interface CheckContext {

    /** What is being diagnosed. */
    Target target();

    /** The absolute moment this check must have returned by. */
    Instant deadline();

    /** Time left until {@link #deadline()}, never negative. Use it to bound connects and reads. */
    default Duration remaining() {
        Duration left = Duration.between(clock().instant(), deadline());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** A fact published by an earlier check, if it published one. */
    <T> Optional<T> fact(FactKey<T> key);

    /** Publishes a fact for checks that run after this one. Ignored once this check has timed out. */
    <T> void publish(FactKey<T> key, T value);

    /** Bounded read access to the target's logs, line by line. */
    LogAccess logs();

    /**
     * The scan of the target's logs with every signature of the catalogue (all
     * {@link org.gatewaydoctor.logs.SignatureProvider}s and signature files on the class path). It is
     * computed once per diagnosis, on first use, and shared by all checks; prefer it to reading lines
     * yourself. Returns an empty scan when the target has no logs.
     *
     * @throws InterruptedException when the scan cannot finish before this check's deadline
     */
    LogScan logScan() throws InterruptedException;

    /**
     * {@code resolver} with its answers shared by the checks of this diagnosis: each host is asked once per
     * diagnosis (per resolver and target), not once per check that connects to it, and every check gets the same
     * answer. Each call still returns by the caller's own {@code deadline}: a check that asks while another's lookup
     * runs waits for it until then. A {@link NameResolver.Status#TIMEOUT} is handed only to checks with no more
     * time than it was asked with, a lookup that throws keeps nothing, and nothing is kept beyond the diagnosis.
     * The default (a context outside the engine) asks {@code resolver} every time.
     *
     * <pre>{@code
     * NameResolver.Answer a = ctx.perDiagnosis(resolver).resolve(host, ctx.target(), deadline);
     * }</pre>
     */
    default NameResolver perDiagnosis(NameResolver resolver) {
        return resolver;
    }

    /** The redactor of this diagnosis. */
    Redactor redactor();

    /** The clock to read the time from (tests substitute a fixed one). */
    Clock clock();
}
