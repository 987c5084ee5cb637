package org.gatewaydoctor.spi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;

/**
 * What a {@link Check} returns: it passed (with the evidence that shows it), it found something, or it
 * does not apply to this target. Errors, timeouts and skips are not results: the engine alone
 * reports those, so a check simply throws or overruns and is still isolated from the others.
 *
 * <pre>{@code
 * return sockets.isEmpty()
 *     ? CheckResult.notApplicable("no PHP-FPM pool configuration found")
 *     : CheckResult.passed(new Evidence.Observation("pool www answers ping with pong"));
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "outcome")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CheckResult.Passed.class, name = "passed"),
    @JsonSubTypes.Type(value = CheckResult.Findings.class, name = "findings"),
    @JsonSubTypes.Type(value = CheckResult.NotApplicable.class, name = "not_applicable")
})
public sealed interface CheckResult {

    /** A copy whose free text went through {@code redactor}. */
    CheckResult redacted(UnaryOperator<String> redactor);

    /** All findings of this result; empty unless it is {@link Findings}. */
    @JsonIgnore
    default List<Finding> findingList() {
        return this instanceof Findings f ? f.findings() : List.of();
    }

    /** The check ran and everything it looked at is fine. */
    static Passed passed(Evidence... evidence) {
        return new Passed(List.of(evidence));
    }

    /** The check ran and everything it looked at is fine. */
    static Passed passed(List<? extends Evidence> evidence) {
        return new Passed(List.copyOf(evidence));
    }

    /** The check ran and found problems (at least one). */
    static Findings findings(Finding... findings) {
        return new Findings(List.of(findings));
    }

    /** The check ran and found problems (at least one). */
    static Findings findings(List<Finding> findings) {
        return new Findings(findings);
    }

    /** The check has nothing to look at for this target; {@code reason} says why. */
    static NotApplicable notApplicable(String reason) {
        return new NotApplicable(reason);
    }

    /** @param evidence what shows that all is well (may be empty) */
    @JsonPropertyOrder({"outcome", "evidence"})
    record Passed(List<Evidence> evidence) implements CheckResult {
        public Passed {
            evidence = List.copyOf(evidence == null ? List.of() : evidence);
        }

        @Override
        public Passed redacted(UnaryOperator<String> redactor) {
            return new Passed(evidence.stream().map(e -> e.redacted(redactor)).toList());
        }
    }

    /** @param findings what is wrong, at least one */
    @JsonPropertyOrder({"outcome", "findings"})
    record Findings(List<Finding> findings) implements CheckResult {
        public Findings {
            findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
            if (findings.isEmpty()) {
                throw new IllegalArgumentException("a Findings result needs at least one finding; use passed()");
            }
        }

        @Override
        public Findings redacted(UnaryOperator<String> redactor) {
            return new Findings(findings.stream().map(f -> f.redacted(redactor)).toList());
        }
    }

    /** @param reason why the check does not apply, e.g. {@code no --url given} */
    @JsonPropertyOrder({"outcome", "reason"})
    record NotApplicable(String reason) implements CheckResult {
        public NotApplicable {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public NotApplicable redacted(UnaryOperator<String> redactor) {
            return new NotApplicable(redactor.apply(reason));
        }
    }
}
