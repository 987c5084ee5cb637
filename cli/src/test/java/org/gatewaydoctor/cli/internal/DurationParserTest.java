package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "30s, 30000",
        "2m, 120000",
        "500ms, 500",
        "1m30s, 90000",
        "1h, 3600000",
        "1h2m3s4ms, 3723004",
        "1.5s, 1500",
        "45, 45000",
        "0.25, 250",
        "PT30S, 30000",
        "pt1m, 60000",
        "' 10S ', 10000"})
    void parsesWhatPeopleType(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationParser.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "10x", "s", "1s2m", "5s5s", "1 m", "-5s", "PT-5S", "P", "0", "0ms", "PT0S",
        "99999999999999999h"})
    void rejectsAnythingElse(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationParser.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }
}
