/**
 * The {@code gateway-doctor} command. Run it from the module path with
 * {@code java --module-path DIR -m org.gatewaydoctor.cli/org.gatewaydoctor.cli.Main}: the check modules in DIR are
 * bound as providers of {@code org.gatewaydoctor.spi.Check} (core {@code uses} it), so none is named here unless
 * the command's own code needs it. picocli builds the commands and Jackson writes the listings by reflection:
 * the internal package is opened to those two only.
 */
module org.gatewaydoctor.cli {
    requires org.gatewaydoctor;
    requires org.gatewaydoctor.checks.dns;
    requires org.gatewaydoctor.checks.http;
    requires org.gatewaydoctor.checks.wordpress;
    requires info.picocli;
    requires org.slf4j;

    exports org.gatewaydoctor.cli;

    opens org.gatewaydoctor.cli.internal to info.picocli, com.fasterxml.jackson.databind;
}
