package org.gatewaydoctor.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.gatewaydoctor.json.DiagnosisJson;

/** Validates JSON against the diagnosis schema shipped in core's jar. */
final class SchemaValidation {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SchemaValidation() {
    }

    private static final class Holder {
        static final JsonSchema SCHEMA = load();

        private static JsonSchema load() {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            try (InputStream in = DiagnosisJson.schema()) {
                if (in == null) {
                    throw new IllegalStateException(DiagnosisJson.SCHEMA_RESOURCE
                            + " is missing from the class path; is gateway-doctor-core complete?");
                }
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What is wrong with {@code json}, one line per problem with its JSON pointer; empty when valid. */
    static List<String> problems(String json) {
        try {
            return Holder.SCHEMA.validate(MAPPER.readTree(json)).stream()
                    .map(ValidationMessage::getMessage)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }
}
