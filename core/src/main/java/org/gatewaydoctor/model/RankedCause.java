package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * A root cause as the diagnosis ranks it: the findings of every check that named the same code,
 * merged, scored and explained.
 *
 * @param rank 1 for the most likely cause
 * @param code the cause code
 * @param layer the hop where the cause lives
 * @param confidence how likely this is the cause, 0..1, after ranking rules
 * @param severity the worst severity among the merged findings
 * @param summary one line for the owner
 * @param httpStatus the status visitors see because of it, when known
 * @param statusNote why visitors see that status (e.g. why a 504 and not a 502), empty if nothing to say
 * @param evidence the evidence of all merged findings, most telling first
 * @param remediation ordered steps, without duplicates
 * @param confirmWith what would confirm it when the evidence is indirect
 * @param reportedBy ids of the checks that reported it
 * @param explains codes of symptoms or lesser causes this cause accounts for
 * @param basis {@link Basis#OBSERVED} when some merged finding was seen happening, {@link Basis#RISK}
 *     when all are configuration risks (a risk ranks below every observed cause and counts as a
 *     warning unless an observed cause it {@code explains} shows its effect); {@code null} means observed
 */
@JsonPropertyOrder({"rank", "code", "layer", "confidence", "severity", "basis", "summary", "httpStatus", "statusNote",
    "evidence", "remediation", "confirmWith", "reportedBy", "explains"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RankedCause(
        int rank,
        CauseCode code,
        Layer layer,
        double confidence,
        Severity severity,
        String summary,
        Integer httpStatus,
        String statusNote,
        List<Evidence> evidence,
        List<String> remediation,
        List<String> confirmWith,
        List<String> reportedBy,
        List<CauseCode> explains,
        Basis basis) {

    /** An observed cause (the shape before {@link Basis} existed). */
    public RankedCause(int rank, CauseCode code, Layer layer, double confidence, Severity severity, String summary,
                       Integer httpStatus, String statusNote, List<Evidence> evidence, List<String> remediation,
                       List<String> confirmWith, List<String> reportedBy, List<CauseCode> explains) {
        this(rank, code, layer, confidence, severity, summary, httpStatus, statusNote, evidence, remediation,
                confirmWith, reportedBy, explains, Basis.OBSERVED);
    }

    public RankedCause {
        if (rank < 1) {
            throw new IllegalArgumentException("rank starts at 1: " + rank);
        }
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within 0..1: " + confidence);
        }
        statusNote = statusNote == null ? "" : statusNote;
        evidence = List.copyOf(evidence == null ? List.of() : evidence);
        remediation = List.copyOf(remediation == null ? List.of() : remediation);
        confirmWith = List.copyOf(confirmWith == null ? List.of() : confirmWith);
        reportedBy = List.copyOf(reportedBy == null ? List.of() : reportedBy);
        explains = List.copyOf(explains == null ? List.of() : explains);
        basis = basis == null ? Basis.OBSERVED : basis;
    }
}
