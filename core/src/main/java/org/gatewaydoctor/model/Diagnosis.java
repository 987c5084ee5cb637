package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "why does this site answer 502, and what should its owner do?".
 *
 * <pre>{@code
 * Diagnosis d = doctor.diagnose(target);
 * System.out.println(d.verdict() + ": " + d.headline());
 * d.topCause().ifPresent(c -> c.remediation().forEach(System.out::println));
 * }</pre>
 *
 * @param schemaVersion version of the JSON shape, {@link #SCHEMA_VERSION}
 * @param target what was diagnosed (URL redacted)
 * @param startedAt when the diagnosis started
 * @param elapsed how long it took
 * @param verdict the overall answer
 * @param failingLayer the hop that fails, {@code null} when nothing fails
 * @param headline one line a tired operator reads first
 * @param errorSource who wrote the error response visitors get (a probe's or a saved response's page),
 *     {@code null} when no error response was seen
 * @param hops the request path hop by hop, in path order, each marked failing, suspect, ok or not
 *     examined
 * @param causes root causes, most likely first
 * @param checks how each check went, in planning order (dependencies first, then registration order)
 * @param discoveryIssues problems met while finding and ordering checks
 * @param notes problems with the input that did not stop the diagnosis (a missing log file, a
 *     truncated gzip), each a full sentence
 * @param timeline every dated piece of evidence, oldest first
 */
@JsonPropertyOrder({"schemaVersion", "target", "startedAt", "elapsedMillis", "verdict", "failingLayer", "headline",
    "errorSource", "hops", "causes", "checks", "discoveryIssues", "notes", "timeline"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Diagnosis(
        int schemaVersion,
        Target target,
        Instant startedAt,
        @JsonProperty("elapsedMillis") Duration elapsed,
        Verdict verdict,
        Layer failingLayer,
        String headline,
        ErrorSource errorSource,
        List<PathHop> hops,
        List<RankedCause> causes,
        List<CheckReport> checks,
        List<DiscoveryIssue> discoveryIssues,
        List<String> notes,
        List<TimelineEntry> timeline) {

    /** The JSON shape version this library writes. Raised on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    /** A diagnosis without a {@linkplain #hops() hop map}. */
    public Diagnosis(int schemaVersion, Target target, Instant startedAt, Duration elapsed, Verdict verdict,
                     Layer failingLayer, String headline, ErrorSource errorSource, List<RankedCause> causes,
                     List<CheckReport> checks, List<DiscoveryIssue> discoveryIssues, List<String> notes,
                     List<TimelineEntry> timeline) {
        this(schemaVersion, target, startedAt, elapsed, verdict, failingLayer, headline, errorSource, List.of(), causes,
                checks, discoveryIssues, notes, timeline);
    }

    /** A diagnosis without an {@linkplain #errorSource() error source} and without a hop map. */
    public Diagnosis(int schemaVersion, Target target, Instant startedAt, Duration elapsed, Verdict verdict,
                     Layer failingLayer, String headline, List<RankedCause> causes, List<CheckReport> checks,
                     List<DiscoveryIssue> discoveryIssues, List<String> notes, List<TimelineEntry> timeline) {
        this(schemaVersion, target, startedAt, elapsed, verdict, failingLayer, headline, null, List.of(), causes,
                checks, discoveryIssues, notes, timeline);
    }

    public Diagnosis {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(headline, "headline");
        hops = List.copyOf(hops == null ? List.of() : hops);
        causes = List.copyOf(causes == null ? List.of() : causes);
        checks = List.copyOf(checks == null ? List.of() : checks);
        discoveryIssues = List.copyOf(discoveryIssues == null ? List.of() : discoveryIssues);
        notes = List.copyOf(notes == null ? List.of() : notes);
        timeline = List.copyOf(timeline == null ? List.of() : timeline);
        for (int i = 0; i < causes.size(); i++) {
            if (causes.get(i).rank() != i + 1) {
                throw new IllegalArgumentException("causes must be ordered by rank starting at 1");
            }
        }
    }

    /** The most likely root cause, if any was found. */
    @JsonIgnore
    public Optional<RankedCause> topCause() {
        return causes.isEmpty() ? Optional.empty() : Optional.of(causes.get(0));
    }

    /** The failing hop, if any. */
    @JsonIgnore
    public Optional<Layer> failingHop() {
        return Optional.ofNullable(failingLayer);
    }

    /** Who wrote the error response visitors get, if one was seen. */
    @JsonIgnore
    public Optional<ErrorSource> attribution() {
        return Optional.ofNullable(errorSource);
    }

    /** The hop map entry of {@code layer}, if the diagnosis has a hop map. */
    public Optional<PathHop> hop(Layer layer) {
        return hops.stream().filter(h -> h.layer() == layer).findFirst();
    }

    /** The report of check {@code checkId}, if it was planned. */
    public Optional<CheckReport> report(String checkId) {
        return checks.stream().filter(r -> r.checkId().equals(checkId)).findFirst();
    }
}
