package org.gatewaydoctor.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Gap;

/**
 * What a {@link Check} returns: it passed (with the evidence that shows it), it found something, or it
 * does not apply to this target. Errors, timeouts and skips are not results: the engine alone
 * reports those, so a check simply throws or overruns and is still isolated from the others.
 *
 * <p><b>Incomplete evidence.</b> A check that could not read one of its sources whole (a log scan cut at
 * the deadline, a configuration over a size limit, a directory with too many files) still returns what
 * it found in the rest, and names each source it missed as a {@link Gap}:
 * {@code passed(...).withGaps(gaps)} or {@code findings(...).withGaps(gaps)}. The engine then never calls
 * the diagnosis {@code HEALTHY}: findings still count (FAILING, DEGRADED), but "nothing found" becomes
 * {@code INCONCLUSIVE}. A check that gives up because its time is up throws {@link InterruptedException}
 * (or simply overruns): the engine reports it timed out, never "not applicable".
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

    /** The evidence sources this result could not read whole; empty when it read everything. */
    @JsonIgnore
    default List<Gap> gapList() {
        if (this instanceof Passed p) {
            return p.gaps();
        }
        return this instanceof Findings f ? f.gaps() : List.of();
    }

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

    /**
     * @param evidence what shows that all is well in what was read (may be empty)
     * @param gaps the sources that could not be read whole (empty: everything was read); with a gap, "all is
     *     well" only holds for what was read, and the diagnosis cannot be healthy
     */
    @JsonPropertyOrder({"outcome", "evidence", "gaps"})
    record Passed(List<Evidence> evidence, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Gap> gaps)
            implements CheckResult {
        @JsonCreator
        public Passed {
            evidence = List.copyOf(evidence == null ? List.of() : evidence);
            gaps = List.copyOf(gaps == null ? List.of() : gaps);
        }

        /** A result that read everything. */
        public Passed(List<Evidence> evidence) {
            this(evidence, List.of());
        }

        /** This result, with {@code more} sources it could not read whole. */
        public Passed withGaps(List<Gap> more) {
            List<Gap> all = new java.util.ArrayList<>(gaps);
            all.addAll(more);
            return new Passed(evidence, all);
        }

        @Override
        public Passed redacted(UnaryOperator<String> redactor) {
            return new Passed(evidence.stream().map(e -> e.redacted(redactor)).toList(),
                    gaps.stream().map(g -> g.redacted(redactor)).toList());
        }
    }

    /**
     * @param findings what is wrong, at least one
     * @param gaps the sources that could not be read whole (empty: everything was read); the findings still
     *     hold, but more may have been missed
     */
    @JsonPropertyOrder({"outcome", "findings", "gaps"})
    record Findings(List<Finding> findings, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Gap> gaps)
            implements CheckResult {
        @JsonCreator
        public Findings {
            findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
            gaps = List.copyOf(gaps == null ? List.of() : gaps);
            if (findings.isEmpty()) {
                throw new IllegalArgumentException("a Findings result needs at least one finding; use passed()");
            }
        }

        /** A result that read everything. */
        public Findings(List<Finding> findings) {
            this(findings, List.of());
        }

        /** This result, with {@code more} sources it could not read whole. */
        public Findings withGaps(List<Gap> more) {
            List<Gap> all = new java.util.ArrayList<>(gaps);
            all.addAll(more);
            return new Findings(findings, all);
        }

        @Override
        public Findings redacted(UnaryOperator<String> redactor) {
            return new Findings(findings.stream().map(f -> f.redacted(redactor)).toList(),
                    gaps.stream().map(g -> g.redacted(redactor)).toList());
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
