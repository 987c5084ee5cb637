package org.gatewaydoctor.checks.http.edge.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gatewaydoctor.checks.http.edge.Fingerprint;
import org.gatewaydoctor.model.ErrorSource;

/**
 * Reads catalogue entries from JSON: {@code {"fingerprints": [ {...}, ... ]}}, each entry with the
 * fields of {@link Fingerprint} ({@code kind} {@code page} or {@code headers}; markers as objects with
 * one of {@code header} (+ {@code matches}), {@code text}, {@code html}, {@code regex}). Unknown fields
 * are an error, so a typo does not silently disable a marker.
 */
public final class CatalogueJson {

    /** Largest catalogue file read. */
    static final int MAX_BYTES = 4 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    private static final Set<String> ENTRY_FIELDS = Set.of("id", "kind", "vendor", "hop", "statuses", "headers",
            "writer", "body", "minBody", "reference", "confidence", "cause", "title", "meaning", "next", "source");
    private static final Set<String> MARKER_FIELDS = Set.of("header", "matches", "text", "html", "regex");

    private CatalogueJson() {
    }

    /**
     * Reads the entries of one file.
     *
     * @throws IllegalArgumentException naming the entry and field that is wrong
     */
    public static List<Fingerprint> read(InputStream in, String sourceName) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(sourceName + " is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        JsonNode root = MAPPER.readTree(bytes);
        if (root == null || !root.isObject() || !root.path("fingerprints").isArray()) {
            throw new IllegalArgumentException(sourceName + ": expected an object with a \"fingerprints\" array");
        }
        List<Fingerprint> out = new ArrayList<>();
        int index = 0;
        for (JsonNode e : root.get("fingerprints")) {
            String where = "entry " + index + (e.hasNonNull("id") ? " (" + e.get("id").asText() + ")" : "");
            try {
                out.add(entry(e));
            } catch (IllegalArgumentException | NullPointerException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
            }
            index++;
        }
        return out;
    }

    private static Fingerprint entry(JsonNode e) {
        if (!e.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        unknownFields(e, ENTRY_FIELDS);
        String kind = text(e, "kind", "page");
        return new Fingerprint(
                text(e, "id", null),
                switch (kind.toLowerCase(Locale.ROOT)) {
                    case "page" -> Fingerprint.Kind.PAGE;
                    case "headers" -> Fingerprint.Kind.HEADERS;
                    default -> throw new IllegalArgumentException("kind must be page or headers: " + kind);
                },
                text(e, "vendor", null),
                ErrorSource.Hop.of(text(e, "hop", "")),
                ints(e.path("statuses")),
                markers(e.path("headers")),
                markers(e.path("writer")),
                markers(e.path("body")),
                e.path("minBody").asInt(0),
                e.hasNonNull("reference") ? marker(e.get("reference")) : null,
                e.path("confidence").asDouble(0.9),
                text(e, "cause", null),
                text(e, "title", null),
                text(e, "meaning", null),
                strings(e.path("next")),
                text(e, "source", null));
    }

    private static void unknownFields(JsonNode node, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "'");
            }
        }
    }

    private static List<Fingerprint.Marker> markers(JsonNode array) {
        List<Fingerprint.Marker> out = new ArrayList<>();
        if (array.isMissingNode() || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("markers must be an array");
        }
        array.forEach(m -> out.add(marker(m)));
        return out;
    }

    private static Fingerprint.Marker marker(JsonNode m) {
        if (!m.isObject()) {
            throw new IllegalArgumentException("a marker must be an object");
        }
        unknownFields(m, MARKER_FIELDS);
        return new Fingerprint.Marker(text(m, "header", null), text(m, "matches", null), text(m, "text", null),
                text(m, "html", null), text(m, "regex", null));
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> {
                if (!n.canConvertToInt()) {
                    throw new IllegalArgumentException("statuses must be integers");
                }
                out.add(n.asInt());
            });
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }
}
