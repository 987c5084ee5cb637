package org.gatewaydoctor.checks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.checks.dns.internal.NameServer;
import org.gatewaydoctor.checks.dns.internal.Resolution;
import org.gatewaydoctor.facts.SiteAddresses;
import org.gatewaydoctor.spi.NameResolver;
import org.junit.jupiter.api.Test;

/** Which resolver's answer the probes use when several were asked: the one a stub resolver would take. */
class SiteAddressesChoiceTest {

    private static Resolution answer(String server, NameResolver.Status status, String... addresses) throws Exception {
        NameServer ns = NameServer.parse(server, "/etc/resolv.conf");
        List<InetAddress> a = new java.util.ArrayList<>();
        for (String s : addresses) {
            a.add(InetAddress.getByName(s));
        }
        return new Resolution("shop.example", ns, "resolver " + ns, status, List.of(), a, null, status.name(),
                List.of(), Duration.ZERO);
    }

    @Test
    void aServfailingFirstResolverIsPassedOverForTheNextDefiniteAnswer() throws Exception {
        SiteAddresses s = NameResolutionCheck.siteAddresses(List.of(answer("127.0.0.1", NameResolver.Status.SERVFAIL),
                answer("127.0.0.2", NameResolver.Status.RESOLVED, "127.0.0.7")));
        assertEquals(List.of(InetAddress.getByName("127.0.0.7")), s.addresses());
        assertEquals("resolver 127.0.0.2:53 (/etc/resolv.conf)", s.resolver());
    }

    @Test
    void nxdomainFromTheFirstResolverStandsEvenWhenAnotherHasAddresses() throws Exception {
        SiteAddresses s = NameResolutionCheck.siteAddresses(List.of(answer("127.0.0.1", NameResolver.Status.NXDOMAIN),
                answer("127.0.0.2", NameResolver.Status.RESOLVED, "127.0.0.7")));
        assertEquals(List.of(), s.addresses());
        assertEquals("NXDOMAIN", s.answer());
    }

    @Test
    void whenEveryResolverFailsTheFirstFailureIsTheAnswer() throws Exception {
        SiteAddresses s = NameResolutionCheck.siteAddresses(List.of(answer("127.0.0.1", NameResolver.Status.TIMEOUT),
                answer("127.0.0.2", NameResolver.Status.SERVFAIL)));
        assertEquals("TIMEOUT", s.answer());
        assertEquals("resolver 127.0.0.1:53 (/etc/resolv.conf)", s.resolver());
    }
}
