package org.gatewaydoctor.checks.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6125 6.4.3: a wildcard stands for exactly one whole leftmost label. */
class TlsNamesTest {

    @ParameterizedTest
    @CsvSource({
        "example.org, example.org, true",
        "*.example.org, www.example.org, true",
        "*.example.org, example.org, false",
        "*.example.org, a.b.example.org, false",
        "*.org, example.org, false",
        "www.example.org, example.org, false"})
    void matchesNamesLikeABrowser(String pattern, String host, boolean expected) {
        assertEquals(expected, TlsInspector.matches(pattern, host));
    }
}
