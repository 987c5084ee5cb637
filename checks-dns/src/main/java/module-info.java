/**
 * DNS checks: the site's name through the system resolver and at its authoritative servers; and the
 * {@link org.gatewaydoctor.spi.NameResolver} the probes of other modules resolve the site's name with.
 */
module org.gatewaydoctor.checks.dns {
    requires transitive org.gatewaydoctor;
    requires org.dnsjava;

    exports org.gatewaydoctor.checks.dns;

    provides org.gatewaydoctor.spi.Check with
            org.gatewaydoctor.checks.dns.NameResolutionCheck,
            org.gatewaydoctor.checks.dns.AuthoritativeCheck;
    provides org.gatewaydoctor.spi.ExplanationProvider with
            org.gatewaydoctor.checks.dns.internal.DnsExplanations;
    provides org.gatewaydoctor.spi.NameResolver with
            org.gatewaydoctor.checks.dns.internal.DnsNameResolver;
}
