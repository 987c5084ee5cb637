package org.gatewaydoctor.json;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.gatewaydoctor.internal.json.Json;
import org.gatewaydoctor.model.Diagnosis;

/**
 * The JSON form of a {@link Diagnosis}: the contract that monitoring tools and control panels parse.
 *
 * <p>Top-level properties come in a fixed order, starting with {@code schemaVersion}; {@code causes}
 * is ordered best first and each cause has a {@code code}. Durations are whole milliseconds
 * ({@code elapsedMillis}), instants ISO-8601 in UTC. The shape is pinned by the JSON Schema at
 * {@link #SCHEMA_RESOURCE} inside the jar.
 *
 * <pre>{@code
 * String json = DiagnosisJson.write(diagnosis);
 * Diagnosis back = DiagnosisJson.read(json);
 * }</pre>
 */
public final class DiagnosisJson {

    /** Class-path location of the JSON Schema (draft 2020-12) of a diagnosis. */
    public static final String SCHEMA_RESOURCE = "/org/gatewaydoctor/json/diagnosis.schema.json";

    private DiagnosisJson() {
    }

    /** The diagnosis as indented JSON. */
    public static String write(Diagnosis diagnosis) {
        try {
            return Json.mapper().writeValueAsString(Objects.requireNonNull(diagnosis, "diagnosis"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the diagnosis as indented JSON to {@code out}, which stays open. */
    public static void write(Diagnosis diagnosis, OutputStream out) throws IOException {
        Json.mapper().writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, diagnosis);
    }

    /** Reads a diagnosis written by {@link #write(Diagnosis)}. */
    public static Diagnosis read(String json) throws IOException {
        return Json.mapper().readValue(json, Diagnosis.class);
    }

    /** Any value of this library's model (a list of checks, a cause) as indented JSON. */
    public static String writeValue(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON Schema of a diagnosis. */
    public static InputStream schema() {
        return DiagnosisJson.class.getResourceAsStream(SCHEMA_RESOURCE);
    }

    /**
     * A Jackson module with the serializers gateway-doctor's JSON needs (durations as milliseconds,
     * paths as strings), for embedders who serialize the model with their own mapper. Also register
     * {@code JavaTimeModule} and disable {@code WRITE_DATES_AS_TIMESTAMPS} there.
     */
    public static Module module() {
        return Json.module();
    }

    /** A copy of the mapper this library uses, to configure further without affecting the library. */
    public static ObjectMapper mapperCopy() {
        return Json.mapper().copy();
    }
}
