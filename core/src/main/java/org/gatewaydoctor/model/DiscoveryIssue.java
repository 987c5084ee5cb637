package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * A problem met while finding and ordering checks. Discovery never throws: a broken provider, a
 * duplicate id or a dependency cycle becomes one of these, and every other check still runs.
 *
 * @param kind what went wrong
 * @param subject the check id or provider class concerned
 * @param message a full sentence naming the classes and jars involved
 */
@JsonPropertyOrder({"kind", "subject", "message"})
public record DiscoveryIssue(Kind kind, String subject, String message) {

    /** The kinds of discovery problems. */
    public enum Kind {
        /** A provider could not be loaded or instantiated, or threw while describing itself. */
        PROVIDER_FAILED,
        /** Two checks share one id; the first registered is kept. */
        DUPLICATE_ID,
        /** A check's id, layer or timeout is invalid. */
        INVALID_CHECK,
        /** A check depends on an id that no registered check has. */
        MISSING_DEPENDENCY,
        /** Checks depend on each other in a cycle; none of them runs. */
        DEPENDENCY_CYCLE,
        /** No check is left to run (none found, or all filtered out). */
        NO_CHECKS
    }

    public DiscoveryIssue {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }
}
