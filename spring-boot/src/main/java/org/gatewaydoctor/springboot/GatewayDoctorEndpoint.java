package org.gatewaydoctor.springboot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.Diagnosis;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/gatewaydoctor}: the last diagnosis of every site, by site name, each exactly the JSON contract
 * ({@link DiagnosisJson}, schema {@code diagnosis.schema.json}); {@code /actuator/gatewaydoctor/{site}}: one site's.
 * A site whose first diagnosis is still running is absent (its page answers 404).
 *
 * <p>The diagnosis holds redacted evidence (log lines, configuration values): expose the endpoint
 * ({@code management.endpoints.web.exposure.include}) only where the application's actuator is protected.
 */
@Endpoint(id = "gatewaydoctor")
public class GatewayDoctorEndpoint {

    private static final ObjectMapper READER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> TREE = new TypeReference<>() {
    };

    private final SiteMonitor monitor;

    public GatewayDoctorEndpoint(SiteMonitor monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** Every site's last diagnosis, by site name in configuration order. */
    @ReadOperation
    public Map<String, Object> diagnoses() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (MonitoredSite s : monitor.sites()) {
            monitor.status(s.name()).flatMap(SiteStatus::diagnosis).ifPresent(d -> all.put(s.name(), tree(d)));
        }
        return all;
    }

    /** One site's last diagnosis; {@code null} (404) for an unknown site or one not yet diagnosed. */
    @ReadOperation
    public Map<String, Object> diagnosis(@Selector String site) {
        return monitor.status(site).flatMap(SiteStatus::diagnosis).map(GatewayDoctorEndpoint::tree).orElse(null);
    }

    /**
     * The diagnosis as the contract writes it, as plain maps and lists: whichever JSON library the application's
     * actuator uses (Boot 4 uses Jackson 3) then writes the same properties in the same order.
     */
    static Map<String, Object> tree(Diagnosis d) {
        try {
            return READER.readValue(DiagnosisJson.write(d), TREE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
