package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every form {@code --since}, {@code --until} and {@code --around} accept, against a fixed clock:
 * Saturday 21 November 2026, 10:30:00 in Berlin (09:30:00 UTC).
 */
class TimeWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-11-21T09:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, BERLIN);

    private static Instant moment(String text) {
        return TimeWindow.moment(text, BERLIN, CLOCK);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        // ISO instants and offset date-times
        "2026-11-21T09:00:00Z           | 2026-11-21T09:00:00Z",
        "2026-11-21T09:00Z              | 2026-11-21T09:00:00Z",
        "2026-11-21t09:00:00.250z       | 2026-11-21T09:00:00.250Z",
        "2026-11-21T10:00:00+01:00      | 2026-11-21T09:00:00Z",
        "2026-11-21 10:00:00+01:00      | 2026-11-21T09:00:00Z",
        "2026-11-21T04:00-05:00         | 2026-11-21T09:00:00Z",
        "2026-11-21T10:00+01:00[Europe/Berlin] | 2026-11-21T09:00:00Z",
        // local date-times, read in the zone (Berlin is UTC+1 in November)
        "2026-11-21T09:00               | 2026-11-21T08:00:00Z",
        "2026-11-21T09:00:30            | 2026-11-21T08:00:30Z",
        "2026-11-21 09:00               | 2026-11-21T08:00:00Z",
        "2026-11-21 09:00:00            | 2026-11-21T08:00:00Z",
        "'  2026-11-21   09:00:00  '    | 2026-11-21T08:00:00Z",
        "2026-11-21 09:00:00.5          | 2026-11-21T08:00:00.500Z",
        // copied from an nginx error log and from a PHP-FPM log
        "2026/11/21 09:14:03            | 2026-11-21T08:14:03Z",
        "21-Nov-2026 09:14:01           | 2026-11-21T08:14:01Z",
        "21-nov-2026 09:14              | 2026-11-21T08:14:00Z",
        // a date alone: its midnight
        "2026-11-21                     | 2026-11-20T23:00:00Z",
        // times of today (in the zone)
        "09:00                          | 2026-11-21T08:00:00Z",
        "9:00                           | 2026-11-21T08:00:00Z",
        "09:00:30                       | 2026-11-21T08:00:30Z",
        "00:00                          | 2026-11-20T23:00:00Z",
        // durations before now
        "30m                            | 2026-11-21T09:00:00Z",
        "2h                             | 2026-11-21T07:30:00Z",
        "1h30m                          | 2026-11-21T08:00:00Z",
        "90s                            | 2026-11-21T09:28:30Z",
        "1.5h                           | 2026-11-21T08:00:00Z",
        "2d                             | 2026-11-19T09:30:00Z",
        "1d12h                          | 2026-11-19T21:30:00Z",
        "PT2H                           | 2026-11-21T07:30:00Z",
        "-30m                           | 2026-11-21T09:00:00Z",
        "30m ago                        | 2026-11-21T09:00:00Z",
        "2H                             | 2026-11-21T07:30:00Z",
        "now                            | 2026-11-21T09:30:00Z",
        "NOW                            | 2026-11-21T09:30:00Z"})
    void parsesEveryAcceptedForm(String text, String expected) {
        assertEquals(Instant.parse(expected), moment(text));
    }

    @Test
    void readsWallClockTimesInTheGivenZone() {
        assertEquals(Instant.parse("2026-11-21T09:00:00Z"),
                TimeWindow.moment("2026-11-21 09:00", ZoneId.of("UTC"), CLOCK));
        assertEquals(Instant.parse("2026-11-21T14:00:00Z"),
                TimeWindow.moment("09:00", ZoneId.of("America/New_York"), CLOCK));
        // the instant forms ignore the zone
        assertEquals(Instant.parse("2026-11-21T09:00:00Z"),
                TimeWindow.moment("2026-11-21T09:00:00Z", ZoneId.of("Asia/Tokyo"), CLOCK));
    }

    @Test
    void todayIsTheClocksDateInTheLogZone() {
        // 23:30 UTC on the 21st is already the 22nd in Berlin
        Clock lateEvening = Clock.fixed(Instant.parse("2026-11-21T23:30:00Z"), ZoneId.of("UTC"));

        assertEquals(Instant.parse("2026-11-21T23:10:00Z"), TimeWindow.moment("00:10", BERLIN, lateEvening));
        assertEquals(Instant.parse("2026-11-21T00:10:00Z"),
                TimeWindow.moment("00:10", ZoneId.of("UTC"), lateEvening));
    }

    @Test
    void aWallClockTimeInTheDaylightSavingGapMovesForward() {
        // 29 March 2026, 02:30 does not exist in Berlin: clocks jump from 02:00 to 03:00
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), moment("2026-03-29 02:30"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "yesterday", "30", "2026", "30 minutes", "1w", "25:00", "2026-13-01",
        "2026-11-31 09:00", "09:00 tomorrow", "P", "m30", "2h1d", "--30m", "30m later"})
    void rejectsWhatIsNoTime(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> moment(text));
        assertTrue(e.getMessage().contains("'" + text.strip() + "'") || text.isBlank(), e.getMessage());
    }

    @Test
    void aPlainNumberAsksForAUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> moment("30"));

        assertEquals("'30': a number alone is ambiguous; give a unit (30m, 2h, 1d) or " + TimeWindow.FORMS,
                e.getMessage());
    }

    @Test
    void sinceAndUntilMakeAWindow() {
        TimeWindow w = TimeWindow.of("09:00", "2026-11-21T10:00", null, null, BERLIN, CLOCK);

        assertEquals(new TimeWindow(Instant.parse("2026-11-21T08:00:00Z"), Instant.parse("2026-11-21T09:00:00Z")), w);
    }

    @Test
    void eitherEndMayBeOpen() {
        assertEquals(new TimeWindow(Instant.parse("2026-11-21T07:30:00Z"), null),
                TimeWindow.of("2h", null, null, null, BERLIN, CLOCK));
        assertEquals(new TimeWindow(null, Instant.parse("2026-11-21T09:00:00Z")),
                TimeWindow.of(null, "30m", null, null, BERLIN, CLOCK));
        assertTrue(TimeWindow.of(null, null, null, null, BERLIN, CLOCK).isAll());
    }

    @Test
    void untilMayLieInTheFuture() {
        assertEquals(Instant.parse("2026-11-21T22:00:00Z"),
                TimeWindow.of(null, "23:00", null, null, BERLIN, CLOCK).until());
    }

    @Test
    void aroundIsTheMomentPlusAndMinusTheWindow() {
        assertEquals(new TimeWindow(Instant.parse("2026-11-21T08:04:03Z"), Instant.parse("2026-11-21T08:24:03Z")),
                TimeWindow.of(null, null, "2026/11/21 09:14:03", Duration.ofMinutes(10), BERLIN, CLOCK));
    }

    @Test
    void aroundDefaultsToFifteenMinutesEachWay() {
        TimeWindow w = TimeWindow.of(null, null, "09:14", null, BERLIN, CLOCK);

        assertEquals(Instant.parse("2026-11-21T07:59:00Z"), w.since());
        assertEquals(Instant.parse("2026-11-21T08:29:00Z"), w.until());
        assertEquals(Duration.ofMinutes(15), TimeWindow.DEFAULT_AROUND);
    }

    @Test
    void sinceAfterUntilIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeWindow.of("09:00", "08:00", null, null, BERLIN, CLOCK));

        assertEquals("--since 09:00 (2026-11-21 09:00:00 Europe/Berlin) is after --until 08:00 "
                + "(2026-11-21 08:00:00 Europe/Berlin)", e.getMessage());
    }

    @Test
    void aSinceInTheFutureIsAnErrorThatSuggestsYesterday() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeWindow.of("23:50", null, null, null, BERLIN, CLOCK));

        assertEquals("--since 23:50 is in the future (2026-11-21 23:50:00 Europe/Berlin), so no log line could "
                + "match; a time of day means today: for yesterday give the date, e.g. 2026-11-20 23:50",
                e.getMessage());
    }

    @Test
    void aroundExcludesSinceAndUntilAndWindowNeedsAround() {
        assertThrows(IllegalArgumentException.class, () -> TimeWindow.of("1h", null, "09:00", null, BERLIN, CLOCK));
        assertThrows(IllegalArgumentException.class, () -> TimeWindow.of(null, "1h", "09:00", null, BERLIN, CLOCK));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeWindow.of("1h", null, null, Duration.ofMinutes(5), BERLIN, CLOCK));
        assertTrue(e.getMessage().startsWith("--window is the half-width of --around TIME"), e.getMessage());
    }

    @Test
    void errorsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeWindow.of(null, "soon", null, null, BERLIN, CLOCK));

        assertEquals("--until 'soon' is not a time; give " + TimeWindow.FORMS, e.getMessage());
    }

    @Test
    void anOpenWindowHasNoBounds() {
        assertNull(TimeWindow.ALL.since());
        assertNull(TimeWindow.ALL.until());
    }
}
