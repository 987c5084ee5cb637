package org.gatewaydoctor.checks.dns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which server block serves a site, and which of this machine's addresses face the Internet. */
class SiteAddressRulesTest {

    @Test
    void serverNamesCoverTheHostAsNginxMatchesThem() {
        assertTrue(NameResolutionCheck.serves("example.org www.example.org", "WWW.example.org"));
        assertTrue(NameResolutionCheck.serves("*.example.org", "shop.example.org"));
        assertTrue(NameResolutionCheck.serves(".example.org", "example.org"));
        assertTrue(NameResolutionCheck.serves(".example.org", "a.b.example.org"));
        assertFalse(NameResolutionCheck.serves("example.org", "www.example.org"));
        assertFalse(NameResolutionCheck.serves("_", "www.example.org"), "the catch-all name serves no site by name");
        assertFalse(NameResolutionCheck.serves("*.example.org", "example.org"));
    }

    @Test
    void privateLoopbackAndCarrierGradeNatAddressesAreNotPublic() throws Exception {
        for (String a : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "100.64.0.1",
            "169.254.1.1", "::1", "fd00::1", "fe80::1"}) {
            assertFalse(NameResolutionCheck.isPublic(InetAddress.getByName(a)), a);
        }
        for (String a : new String[] {"203.0.113.5", "100.128.0.1", "2001:db8::5"}) {
            assertTrue(NameResolutionCheck.isPublic(InetAddress.getByName(a)), a);
        }
    }
}
