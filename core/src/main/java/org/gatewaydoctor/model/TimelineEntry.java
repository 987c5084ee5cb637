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
 * <p>An entry marked {@link #history()} is an older episode of errors the logs hold (a burst of failing lines
 * that ended more than half an hour before the current one began): the diagnosis ranks only the current
 * episode, and shows each older one as one such entry, dated at its start, its text saying its span and what
 * failed most ({@code older episode, set aside as history: 2026-12-06 10:00 to 10:20 UTC, 120 failing lines,
 * mostly nginx timed out reading from the upstream}). Its {@code checkId} is {@value #LOG_SCAN}: the
 * diagnosis's shared log scan, not a check.
 *
 * @param at when it happened
 * @param layer the hop it belongs to
 * @param checkId the check that produced it ({@value #LOG_SCAN} for history)
 * @param cause the cause code of the finding it supports, {@code null} for a symptom or a passed check; for
 *     history, the cause the episode's most frequent failing lines point to, if any
 * @param evidence the evidence itself
 * @param history whether it is an older episode, set aside (not ranked); in JSON only when {@code true}
 */
@JsonPropertyOrder({"at", "layer", "checkId", "cause", "history", "evidence"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(Instant at, Layer layer, String checkId, CauseCode cause, Evidence evidence,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean history) {

    /** The {@link #checkId()} of history entries: the diagnosis's shared log scan. */
    public static final String LOG_SCAN = "log-scan";

    public TimelineEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** An entry of the current episode (not history). */
    public TimelineEntry(Instant at, Layer layer, String checkId, CauseCode cause, Evidence evidence) {
        this(at, layer, checkId, cause, evidence, false);
    }
}
