package org.gatewaydoctor.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/** Loads {@code diagnosis.schema.json} from the class path, as an embedder would, and validates JSON with it. */
final class SchemaSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private SchemaSupport() {
    }

    private static JsonSchema load() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = DiagnosisJson.schema()) {
            if (in == null) {
                throw new IllegalStateException(DiagnosisJson.SCHEMA_RESOURCE + " is not on the class path");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> validate(JsonNode json) {
        return SCHEMA.validate(json);
    }

    static Set<ValidationMessage> validate(String json) {
        return validate(tree(json));
    }

    static String describe(Set<ValidationMessage> messages) {
        return messages.stream().map(m -> "  " + m.getMessage()).sorted().collect(Collectors.joining("\n"));
    }
}
