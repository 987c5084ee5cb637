package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * One dated piece of evidence on the incident timeline, e.g. "09:14:01 FPM max_children reached",
 * then "09:14:03 nginx connect() EAGAIN".
 *
 * @param at when it happened
 * @param layer the hop it belongs to
 * @param checkId the check that produced it
 * @param cause the cause code of the finding it supports, {@code null} for a symptom or a passed check
 * @param evidence the evidence itself
 */
@JsonPropertyOrder({"at", "layer", "checkId", "cause", "evidence"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(Instant at, Layer layer, String checkId, CauseCode cause, Evidence evidence) {
    public TimelineEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(evidence, "evidence");
    }
}
