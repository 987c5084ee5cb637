/** DNS checks: the site's name through the system resolver and at its authoritative servers. */
module org.gatewaydoctor.checks.dns {
    requires transitive org.gatewaydoctor;
    requires org.dnsjava;

    exports org.gatewaydoctor.checks.dns;

    provides org.gatewaydoctor.spi.Check with
            org.gatewaydoctor.checks.dns.NameResolutionCheck,
            org.gatewaydoctor.checks.dns.AuthoritativeCheck;
}
