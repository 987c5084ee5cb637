package org.gatewaydoctor.internal.ranking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;

/** A cause being ranked: the merged findings of one code, with a mutable score. */
public final class Candidate {
    final CauseCode code;
    Layer layer;
    Severity severity;
    /** Combined confidence, 0..1. */
    double confidence;
    /** Multiplier applied by rules (recency, being explained by another cause). */
    double weight = 1.0;
    String summary;
    private double summaryConfidence = -1;
    private boolean summaryObserved;
    private Integer summaryStatus;
    /** Statuses the merged findings say visitors get because of this cause. */
    final Set<Integer> statuses = new java.util.TreeSet<>();
    /** Some merged finding was seen happening. */
    boolean observed;
    /** A risk whose effect is observed: it explains an observed cause. */
    boolean borneOut;
    /** Visitors got a status this cause's mechanism does not give. */
    boolean statusMismatch;
    String statusNote = "";
    final List<Evidence> evidence = new ArrayList<>();
    /** Fix steps of the observed findings, then of the risks, in report order. */
    final List<String> remediation = new ArrayList<>();
    private final List<String> riskRemediation = new ArrayList<>();
    final List<String> confirmWith = new ArrayList<>();
    final Set<String> reportedBy = new LinkedHashSet<>();
    final Set<CauseCode> explains = new LinkedHashSet<>();
    CauseCode explainedBy;

    Candidate(CauseCode code) {
        this.code = code;
    }

    void merge(String checkId, Finding f) {
        if (layer == null) {
            layer = f.layer();
        }
        severity = severity == null || f.severity().compareTo(severity) > 0 ? f.severity() : severity;
        // Independent findings of the same cause reinforce each other (noisy-OR).
        confidence = 1.0 - (1.0 - confidence) * (1.0 - f.confidence());
        boolean seen = f.basis() == Basis.OBSERVED;
        observed |= seen;
        // The summary (and status) of the most telling finding: observed before risk, then the most confident,
        // then the first in text order, so that the result does not depend on the order reports arrive in.
        if (summary == null || (seen && !summaryObserved)
                || (seen == summaryObserved && (f.confidence() > summaryConfidence
                || (f.confidence() == summaryConfidence && f.summary().compareTo(summary) < 0)))) {
            summary = f.summary();
            summaryConfidence = f.confidence();
            summaryObserved = seen;
            summaryStatus = f.httpStatus();
        }
        if (f.httpStatus() != null) {
            statuses.add(f.httpStatus());
        }
        for (Evidence e : f.evidence()) {
            if (!evidence.contains(e)) {
                evidence.add(e);
            }
        }
        (seen ? remediation : riskRemediation).addAll(f.remediation());
        confirmWith.addAll(f.confirmWith());
        reportedBy.add(checkId);
    }

    /** The status the most telling finding gives, else the lowest any finding gives; {@code null} if none. */
    Integer httpStatus() {
        return summaryStatus != null ? summaryStatus : statuses.stream().min(Integer::compare).orElse(null);
    }

    /** All fix steps, observed findings' first, as the checks wrote them (duplicates included). */
    List<String> allRemediation() {
        List<String> all = new ArrayList<>(remediation);
        all.addAll(riskRemediation);
        return all;
    }

    /** Observed, or a risk whose effect is observed. */
    boolean happening() {
        return observed || borneOut;
    }

    /** A risk never outranks what happens; within each, a cause that fits what visitors got comes first. */
    int tier() {
        return (happening() ? 0 : 2) + (statusMismatch ? 1 : 0);
    }

    /** The severity the diagnosis reports: a risk nothing shows happening is at most a warning. */
    Severity effectiveSeverity() {
        return !happening() && severity == Severity.CRITICAL ? Severity.WARNING : severity;
    }

    Basis basis() {
        return observed ? Basis.OBSERVED : Basis.RISK;
    }

    /** The score the ranking sorts by (within a tier). */
    double score() {
        return confidence * weight * severityWeight(effectiveSeverity());
    }

    static double severityWeight(Severity s) {
        return switch (s) {
            case CRITICAL -> 1.0;
            case WARNING -> 0.6;
            case INFO -> 0.2;
        };
    }

    Optional<Instant> latest() {
        return evidence.stream().map(Evidence::when).flatMap(Optional::stream).max(Instant::compareTo);
    }

    Optional<Instant> earliest() {
        return evidence.stream().map(Evidence::when).flatMap(Optional::stream).min(Instant::compareTo);
    }

    public CauseCode code() {
        return code;
    }
}
