package org.gatewaydoctor;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.gatewaydoctor.model.Layer;

/**
 * A registered check as the engine knows it: what it says about itself and where it came from.
 *
 * @param id the check's id
 * @param layer the hop it looks at
 * @param title its human title
 * @param dependsOn ids it depends on, sorted
 * @param runsAfter ids it runs after when they are present, sorted
 * @param timeout how long it may run
 * @param className the implementing class
 * @param module the jar (or class folder) it was loaded from, by file name
 * @param version the jar's {@code Implementation-Version}, or {@code unknown}
 */
@JsonPropertyOrder({"id", "layer", "title", "dependsOn", "runsAfter", "timeoutMillis", "className", "module", "version"})
public record CheckInfo(String id, Layer layer, String title, List<String> dependsOn,
                        List<String> runsAfter, @JsonProperty("timeoutMillis") Duration timeout, String className, String module,
                        String version) {
    public CheckInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(title, "title");
        dependsOn = List.copyOf(dependsOn == null ? List.of() : dependsOn);
        runsAfter = List.copyOf(runsAfter == null ? List.of() : runsAfter);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
    }
}
