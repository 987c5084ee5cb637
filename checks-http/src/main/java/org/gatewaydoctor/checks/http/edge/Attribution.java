package org.gatewaydoctor.checks.http.edge;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;

/**
 * The answer of {@link ErrorPageClassifier}: who wrote an error response, what that vendor's status
 * means, the next steps, and the cause code it maps to.
 *
 * <pre>{@code
 * Attribution a = ErrorPageClassifier.standard().classify(522, headers, body);
 * a.source().vendor();   // "cloudflare"
 * a.cause();             // Optional[edge.origin_unreachable]
 * Finding f = a.finding(probeTime);   // carries the ErrorSource as error_page evidence
 * }</pre>
 *
 * @param source who wrote the page (vendor {@code unknown} when nothing identified it)
 * @param page the catalogue entry whose page matched, {@code null} when the attribution rests on headers
 *     alone or on nothing
 * @param cause the cause the page means, {@code null} when it names none (nginx's plain 502 says only
 *     that its upstream failed; the logs say why)
 * @param summary one line for a site owner
 * @param meaning what the vendor's status means, in our words
 * @param nextSteps what to do, in order
 */
public record Attribution(ErrorSource source, Fingerprint page, CauseCode cause, String summary, String meaning,
                          List<String> nextSteps) {

    public Attribution {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(summary, "summary");
        meaning = meaning == null ? "" : meaning;
        nextSteps = List.copyOf(nextSteps == null ? List.of() : nextSteps);
    }

    /** The cause code, if the page names one. */
    public Optional<CauseCode> causeCode() {
        return Optional.ofNullable(cause);
    }

    /** The matched catalogue entry, if a page matched. */
    public Optional<Fingerprint> matchedPage() {
        return Optional.ofNullable(page);
    }

    /** Whether the response is an error (status 400 and above, or a known error page without a status). */
    public boolean isError() {
        Integer s = source.status();
        return s == null ? page != null : s >= 400;
    }

    /** The attribution as evidence, for a finding of one's own ({@code at}: when it was received, or null). */
    public Evidence.ErrorPage evidence(Instant at) {
        return new Evidence.ErrorPage(source, at);
    }

    /**
     * A finding that contributes this attribution to a diagnosis: its evidence carries the
     * {@link ErrorSource}, which the diagnosis reports as {@code errorSource}. A cause finding when the
     * page names a cause, else a symptom at the hop that wrote it; critical for a 5xx, a warning for other
     * errors, informational for a non-error.
     *
     * @param at when the response was received; {@code null} for a saved response
     */
    public Finding finding(Instant at) {
        Integer status = source.status();
        Severity severity = status == null || status >= 500 ? Severity.CRITICAL
                : status >= 400 ? Severity.WARNING : Severity.INFO;
        Layer layer = cause != null ? cause.layer().orElse(source.hop().layer()) : source.hop().layer();
        Finding.Builder b = cause != null
                ? Finding.cause(cause, layer, severity, Math.min(source.confidence(), 0.95), summary)
                : Finding.symptom(layer, severity, summary);
        b.evidence(evidence(at));
        if (!meaning.isEmpty()) {
            b.evidence(new Evidence.Observation(meaning));
        }
        b.remediation(nextSteps.toArray(String[]::new));
        if (status != null) {
            b.httpStatus(status);
        }
        return b.build();
    }
}
