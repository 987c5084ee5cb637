/** Lets check authors test their checks: deadline respected, no secrets leaked, output valid against the schema. */
module org.gatewaydoctor.testkit {
    requires transitive org.gatewaydoctor;
    requires transitive org.junit.jupiter.api;
    requires com.networknt.schema;

    exports org.gatewaydoctor.testkit;

    // Descriptions lists the checks a module registers, as ServiceLoader sees them
    uses org.gatewaydoctor.spi.Check;
}
