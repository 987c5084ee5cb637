package org.gatewaydoctor.checks.http.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

    @Test
    void readsAddressesPortsAndSchemes() {
        List<Origins.Origin> o = Origins.parse("203.0.113.7, 203.0.113.8:8080 https://[2001:db8::7]:8443 2001:db8::9");
        assertEquals(4, o.size());
        assertEquals("203.0.113.7", o.get(0).address().getHostAddress());
        assertEquals(0, o.get(0).port());
        assertNull(o.get(0).https());
        assertEquals(8080, o.get(1).port());
        assertEquals(true, o.get(2).https());
        assertEquals(8443, o.get(2).port());
        assertEquals(0, o.get(3).port());
    }

    @Test
    void thePortFollowsTheUrlUnlessTheOriginSaysOtherwise() {
        URI https = URI.create("https://example.org/");
        assertEquals(443, Origins.parseOne("203.0.113.7").port(https));
        assertEquals(80, Origins.parseOne("http://203.0.113.7").port(https), "another scheme, its default port");
        assertEquals(8080, Origins.parseOne("http://203.0.113.7:8080").port(https));
        assertEquals(8443, Origins.parseOne("203.0.113.7").port(URI.create("https://example.org:8443/")));
        assertTrue(Origins.parseOne("203.0.113.7").https(https));
        assertEquals(false, Origins.parseOne("http://203.0.113.7").https(https));
    }

    @ParameterizedTest
    @ValueSource(strings = {"origin.example.org", "203.0.113.7:0", "203.0.113.7:99999", "203.0.113.7:http",
        "[2001:db8::7", "999.1.1.1", "ftp://203.0.113.7"})
    void refusesWhatIsNotAnIpAndPortWithAClearMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Origins.parseOne(text));
        assertTrue(e.getMessage().startsWith("invalid origin '" + text + "'"), e.getMessage());
    }

    @Test
    void nothingGivenIsNoOrigin() {
        assertEquals(List.of(), Origins.parse(null));
        assertEquals(List.of(), Origins.parse("  "));
    }
}
