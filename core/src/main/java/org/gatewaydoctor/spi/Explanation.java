package org.gatewaydoctor.spi;

import java.util.Objects;
import org.gatewaydoctor.model.CauseCode;

/**
 * One pair of the explanation relation: cause {@code cause}, when it happens, produces the evidence
 * by which checks report cause {@code explained} (PHP-FPM down makes nginx log refused connections;
 * the database down makes WordPress die with a fatal error).
 *
 * <p>When both are in a diagnosis, their evidence lies close in time (or either is undated) and the
 * explained cause was <em>observed</em>, the ranking puts {@code cause} above {@code explained}
 * whatever their scores, lists the explained code under
 * {@link org.gatewaydoctor.model.RankedCause#explains()}, and counts it as observed evidence of
 * {@code cause}'s effect (so a configuration risk that explains an observed failure is borne out).
 * The relation must stay acyclic: a pair that would close a cycle is ignored and reported as a
 * discovery issue.
 *
 * <pre>{@code
 * new Explanation(CauseCode.of("acme.cache_down"), CauseCode.PROXY_UPSTREAM_REFUSED,
 *         "the cache daemon is what nginx connects to: while it is down, nginx's connects are refused")
 * }</pre>
 *
 * @param cause the deeper cause
 * @param explained the cause whose evidence it produces
 * @param how one sentence: how {@code cause} produces {@code explained}'s evidence
 */
public record Explanation(CauseCode cause, CauseCode explained, String how) {

    public Explanation {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(explained, "explained");
        Objects.requireNonNull(how, "how");
        if (cause.equals(explained)) {
            throw new IllegalArgumentException("a cause cannot explain itself: " + cause);
        }
        if (how.isBlank()) {
            throw new IllegalArgumentException("say how " + cause + " produces " + explained + "'s evidence");
        }
    }
}
