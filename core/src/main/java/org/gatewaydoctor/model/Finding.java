package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a check found wrong: a root-cause candidate with its evidence and fix, or a bare symptom.
 *
 * <p>A finding with a {@linkplain #cause() cause code} becomes a ranked cause of the diagnosis. A
 * finding without one is a <em>symptom</em> ("the site answers 502 from nginx"): it moves the
 * verdict and the failing hop, but only a cause explains it.
 *
 * <p>A finding read from configuration that <em>could</em> cause a failure, with nothing showing it
 * happening, is a {@linkplain Basis#RISK risk}: build it with {@link Builder#risk()}. The ranking never
 * puts a risk above an observed cause, and treats it as a warning until observed evidence of its
 * effect exists.
 *
 * <pre>{@code
 * Finding f = Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.9,
 *         "pool www reached pm.max_children (5) 37 times")
 *     .evidence(logLine)
 *     .remediation("Raise pm.max_children after checking memory: ...")
 *     .confirmWith("pm.status_path shows 'max children reached' growing")
 *     .build();
 * }</pre>
 *
 * @param cause the root-cause code; {@code null} for a symptom
 * @param layer the hop the finding is about
 * @param severity how much it hurts visitors
 * @param confidence how sure the check is, 0..1
 * @param summary one line, in words a site owner understands
 * @param evidence what proves it, most telling first
 * @param remediation ordered steps that fix it
 * @param confirmWith what would confirm it when the evidence is indirect; empty when proven
 * @param httpStatus the status visitors see because of it, {@code null} when unknown or none
 * @param basis whether it was seen happening or is a configuration risk ({@link Basis}); a
 *     {@code null} means {@link Basis#OBSERVED}
 */
@JsonPropertyOrder({"cause", "layer", "severity", "confidence", "basis", "summary", "httpStatus",
    "evidence", "remediation", "confirmWith"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
        CauseCode cause,
        Layer layer,
        Severity severity,
        double confidence,
        String summary,
        List<Evidence> evidence,
        List<String> remediation,
        List<String> confirmWith,
        Integer httpStatus,
        Basis basis) {

    /** An observed finding (the shape before {@link Basis} existed). */
    public Finding(CauseCode cause, Layer layer, Severity severity, double confidence, String summary,
                   List<Evidence> evidence, List<String> remediation, List<String> confirmWith, Integer httpStatus) {
        this(cause, layer, severity, confidence, summary, evidence, remediation, confirmWith, httpStatus,
                Basis.OBSERVED);
    }

    public Finding {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within 0..1: " + confidence);
        }
        if (summary.isBlank()) {
            throw new IllegalArgumentException("summary must not be blank");
        }
        evidence = List.copyOf(evidence == null ? List.of() : evidence);
        remediation = List.copyOf(remediation == null ? List.of() : remediation);
        confirmWith = List.copyOf(confirmWith == null ? List.of() : confirmWith);
        if (httpStatus != null && (httpStatus < 100 || httpStatus > 999)) {
            throw new IllegalArgumentException("httpStatus out of range: " + httpStatus);
        }
        basis = basis == null ? Basis.OBSERVED : basis;
    }

    /** Whether this finding is a configuration risk rather than something seen happening. */
    @JsonIgnore
    public boolean isRisk() {
        return basis == Basis.RISK;
    }

    /** The cause code, empty for a symptom. */
    @JsonIgnore
    public Optional<CauseCode> causeCode() {
        return Optional.ofNullable(cause);
    }

    /** Whether this finding is a bare symptom without a cause code. */
    @JsonIgnore
    public boolean isSymptom() {
        return cause == null;
    }

    /** A copy whose free text went through {@code redactor}. */
    public Finding redacted(UnaryOperator<String> redactor) {
        return new Finding(cause, layer, severity, confidence, redactor.apply(summary),
                evidence.stream().map(e -> e.redacted(redactor)).toList(),
                remediation.stream().map(redactor).toList(),
                confirmWith.stream().map(redactor).toList(),
                httpStatus, basis);
    }

    /** Starts a finding that names a root cause. */
    public static Builder cause(CauseCode cause, Layer layer, Severity severity, double confidence, String summary) {
        return new Builder(Objects.requireNonNull(cause, "cause"), layer, severity, confidence, summary);
    }

    /** Starts a symptom: something visibly wrong whose cause this check cannot name. */
    public static Builder symptom(Layer layer, Severity severity, String summary) {
        return new Builder(null, layer, severity, 1.0, summary);
    }

    /** Builds a {@link Finding}. */
    public static final class Builder {
        private final CauseCode cause;
        private final Layer layer;
        private final Severity severity;
        private final double confidence;
        private final String summary;
        private final List<Evidence> evidence = new ArrayList<>();
        private final List<String> remediation = new ArrayList<>();
        private final List<String> confirmWith = new ArrayList<>();
        private Integer httpStatus;
        private Basis basis = Basis.OBSERVED;

        private Builder(CauseCode cause, Layer layer, Severity severity, double confidence, String summary) {
            this.cause = cause;
            this.layer = layer;
            this.severity = severity;
            this.confidence = confidence;
            this.summary = summary;
        }

        public Builder evidence(Evidence... items) {
            evidence.addAll(List.of(items));
            return this;
        }

        public Builder evidence(List<? extends Evidence> items) {
            evidence.addAll(items);
            return this;
        }

        public Builder remediation(String... steps) {
            remediation.addAll(List.of(steps));
            return this;
        }

        public Builder confirmWith(String... what) {
            confirmWith.addAll(List.of(what));
            return this;
        }

        public Builder httpStatus(int status) {
            this.httpStatus = status;
            return this;
        }

        /**
         * Marks the finding a configuration risk ({@link Basis#RISK}): it rests on configuration that could
         * cause the failure, not on anything seen happening.
         */
        public Builder risk() {
            this.basis = Basis.RISK;
            return this;
        }

        /** Sets the basis explicitly (default {@link Basis#OBSERVED}). */
        public Builder basis(Basis basis) {
            this.basis = Objects.requireNonNull(basis, "basis");
            return this;
        }

        public Finding build() {
            return new Finding(cause, layer, severity, confidence, summary, evidence, remediation, confirmWith,
                    httpStatus, basis);
        }
    }
}
