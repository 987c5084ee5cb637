package org.gatewaydoctor.logs;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.gatewaydoctor.model.Evidence;

/**
 * One dated match on the incident timeline.
 *
 * @param at when the line says it happened
 * @param signatureId the signature that matched
 * @param line the line, redacted, with file and line number
 * @param fields the fields the signature extracted
 */
public record LogEvent(Instant at, String signatureId, Evidence.LogLine line, Map<String, String> fields) {
    public LogEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(signatureId, "signatureId");
        Objects.requireNonNull(line, "line");
        fields = Map.copyOf(fields);
    }
}
