package org.gatewaydoctor.internal.logs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.internal.json.Json;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/** Reads signatures shipped as JSON data (see {@link org.gatewaydoctor.logs.SignatureCatalog}). */
public final class SignatureJson {

    private static final int MAX_BYTES = 4 << 20;

    private SignatureJson() {
    }

    public static List<Signature> read(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        JsonNode root = Json.mapper().readTree(bytes);
        JsonNode list = root == null ? null : root.get("signatures");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("expected an object with a \"signatures\" array");
        }
        List<Signature> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : list) {
            String where = source + " signatures[" + i++ + "]";
            try {
                out.add(one(n));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Signature one(JsonNode n) {
        Set<LogFormat> formats = new LinkedHashSet<>();
        for (JsonNode f : n.path("formats")) {
            formats.add(LogFormat.valueOf(f.asText()));
        }
        List<CauseCode> causes = new ArrayList<>();
        for (JsonNode c : n.path("causes")) {
            causes.add(CauseCode.of(c.asText()));
        }
        String pattern = n.hasNonNull("pattern") ? n.get("pattern").asText() : null;
        return new Signature(required(n, "id"), Layer.valueOf(required(n, "layer")), formats, required(n, "literal"),
                pattern == null ? null : Pattern.compile(pattern),
                n.hasNonNull("httpStatus") ? n.get("httpStatus").asInt() : null, causes, required(n, "title"));
    }

    private static String required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
        }
        return v.asText();
    }
}
