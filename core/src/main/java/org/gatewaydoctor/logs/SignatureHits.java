package org.gatewaydoctor.logs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydoctor.model.Evidence;

/**
 * Everything one signature matched in a scan.
 *
 * @param signature the signature
 * @param count how many lines matched
 * @param firstSeen the earliest dated match, {@code null} if no match carried a readable time
 * @param lastSeen the latest dated match, {@code null} likewise
 * @param samples a few matching lines (the first ones and the most recent ones) with file and line
 *     number, redacted
 * @param perMinute matches per minute (start of the minute, UTC), for bursts and peak-hour patterns;
 *     minutes without matches are absent
 * @param fields for each extracted field, its distinct values and how often each occurred (at most
 *     {@link LogScanner#MAX_FIELD_VALUES} values per field, the rest counted under {@code "(other)"})
 */
public record SignatureHits(Signature signature, long count, Instant firstSeen, Instant lastSeen,
                            List<Evidence.LogLine> samples, NavigableMap<Instant, Long> perMinute,
                            Map<String, Map<String, Long>> fields) {
    public SignatureHits {
        Objects.requireNonNull(signature, "signature");
        samples = List.copyOf(samples);
        perMinute = java.util.Collections.unmodifiableNavigableMap(new java.util.TreeMap<>(perMinute));
        fields = Map.copyOf(fields);
    }

    /** The most frequent value of {@code field}, if the field was extracted. */
    public Optional<String> topValue(String field) {
        Map<String, Long> values = fields.get(field);
        if (values == null) {
            return Optional.empty();
        }
        // most frequent; among equals the alphabetically first, so the answer is stable
        // written out: Map.Entry.comparingByValue() and its chains are serializable lambdas, which the class-data
        // archive cannot hold, so the first one costs a small diagnose 15-50 ms
        java.util.Comparator<Map.Entry<String, Long>> order = (a, b) -> {
            int c = a.getValue().compareTo(b.getValue());
            return c != 0 ? c : b.getKey().compareTo(a.getKey());
        };
        return values.entrySet().stream().filter(e -> !e.getKey().equals("(other)")).max(order)
                .map(Map.Entry::getKey);
    }

    /** The id of the signature. */
    public String id() {
        return signature.id();
    }
}
