/**
 * gateway-doctor's engine, model, SPI and JSON contract.
 *
 * <p>Exported: the API ({@code org.gatewaydoctor}), the model, the SPI, the facts checks share, log
 * intelligence and the JSON contract. Everything under {@code org.gatewaydoctor.internal} stays inside.
 * Jackson reads and writes the model by reflection, so the packages it serializes are opened to
 * {@code com.fasterxml.jackson.databind} only. Check modules are found with {@link java.util.ServiceLoader}
 * ({@code uses}), on the module path through their {@code provides} clauses, on the class path through
 * {@code META-INF/services}.
 */
module org.gatewaydoctor {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.slf4j;

    exports org.gatewaydoctor;
    exports org.gatewaydoctor.facts;
    exports org.gatewaydoctor.json;
    exports org.gatewaydoctor.logs;
    exports org.gatewaydoctor.model;
    exports org.gatewaydoctor.spi;

    opens org.gatewaydoctor to com.fasterxml.jackson.databind;
    opens org.gatewaydoctor.model to com.fasterxml.jackson.databind;
    opens org.gatewaydoctor.spi to com.fasterxml.jackson.databind;
    opens org.gatewaydoctor.internal.json to com.fasterxml.jackson.databind;

    uses org.gatewaydoctor.spi.Check;
    uses org.gatewaydoctor.spi.LogLocator;
    uses org.gatewaydoctor.logs.SignatureProvider;
    uses org.gatewaydoctor.spi.ExplanationProvider;
}
