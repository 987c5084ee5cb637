package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArgumentsTest {

    @Test
    void acceptsHttpAndHttpsUrlsAndTakesABareHostAsHttps() {
        assertEquals(URI.create("http://example.org:8080/shop/"), Arguments.url("http://example.org:8080/shop/"));
        assertEquals("example.org", Arguments.url("HTTPS://example.org/").getHost());
        assertEquals(URI.create("https://example.org"), Arguments.url("example.org"));
        assertEquals(URI.create("https://example.org:8443/x"), Arguments.url(" example.org:8443/x "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://example.org/", "http://", "https://exa mple.org/", "file:///etc/passwd",
        "mailto:someone@example.org"})
    void rejectsWhatIsNotASiteUrl(String text) {
        assertThrows(IllegalArgumentException.class, () -> Arguments.url(text));
    }

    @Test
    void parsesZones() {
        assertEquals(ZoneId.of("UTC"), Arguments.zone("utc"));
        assertEquals(ZoneId.of("Europe/Berlin"), Arguments.zone("Europe/Berlin"));
        assertEquals(ZoneId.of("+02:00"), Arguments.zone("+02:00"));
        assertEquals(ZoneId.systemDefault(), Arguments.zone("local"));
        assertThrows(IllegalArgumentException.class, () -> Arguments.zone("Mars/Olympus"));
    }
}
