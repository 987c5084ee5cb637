package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One hop of the request path (visitor → DNS → edge → TLS → load balancer → web server → PHP-FPM →
 * application → database, then the host beside them) as the diagnosis sees it.
 *
 * @param layer the hop
 * @param state failing, suspect, ok or not examined
 * @param wroteVisitorError whether this hop wrote the error response visitors get
 *     ({@link Diagnosis#errorSource()}, or the hop whose failure produced it)
 * @param reason one line: why the hop has this state (the evidence in brief, or why nothing looked)
 * @param causes codes of the ranked causes that live at this hop, most likely first
 * @param checks ids of the checks that looked at this hop
 */
@JsonPropertyOrder({"layer", "state", "wroteVisitorError", "reason", "causes", "checks"})
public record PathHop(
        Layer layer,
        HopState state,
        boolean wroteVisitorError,
        String reason,
        List<CauseCode> causes,
        List<String> checks) {

    public PathHop {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        causes = List.copyOf(causes == null ? List.of() : causes);
        checks = List.copyOf(checks == null ? List.of() : checks);
    }
}
