package org.gatewaydoctor.internal.ranking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    double summaryConfidence = -1;
    Integer httpStatus;
    final List<Evidence> evidence = new ArrayList<>();
    final Set<String> remediation = new LinkedHashSet<>();
    final Set<String> confirmWith = new LinkedHashSet<>();
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
        if (f.confidence() > summaryConfidence) {
            summary = f.summary();
            summaryConfidence = f.confidence();
            if (f.httpStatus() != null) {
                httpStatus = f.httpStatus();
            }
        }
        if (httpStatus == null && f.httpStatus() != null) {
            httpStatus = f.httpStatus();
        }
        for (Evidence e : f.evidence()) {
            if (!evidence.contains(e)) {
                evidence.add(e);
            }
        }
        remediation.addAll(f.remediation());
        confirmWith.addAll(f.confirmWith());
        reportedBy.add(checkId);
    }

    /** The score the ranking sorts by. */
    double score() {
        return confidence * weight * severityWeight(severity);
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
