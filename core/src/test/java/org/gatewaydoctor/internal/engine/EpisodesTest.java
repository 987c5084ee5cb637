package org.gatewaydoctor.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EpisodesTest {

    private static final Instant T = Instant.parse("2026-12-07T05:00:00Z");

    private static TreeMap<Instant, Long> minutes(long... offsetsAndCounts) {
        TreeMap<Instant, Long> m = new TreeMap<>();
        for (int i = 0; i < offsetsAndCounts.length; i += 2) {
            m.merge(T.plus(Duration.ofMinutes(offsetsAndCounts[i])), offsetsAndCounts[i + 1], Long::sum);
        }
        return m;
    }

    @Test
    void aQuietHalfHourSeparatesEpisodes() {
        List<Episodes.Episode> e = Episodes.of(minutes(-1440, 5, -1430, 7, 0, 2, 3, 1, 34, 4), Episodes.QUIET);
        assertEquals(List.of(
                new Episodes.Episode(T.minus(Duration.ofMinutes(1440)), T.minus(Duration.ofMinutes(1430)), 12),
                new Episodes.Episode(T, T.plus(Duration.ofMinutes(3)), 3),
                new Episodes.Episode(T.plus(Duration.ofMinutes(34)), T.plus(Duration.ofMinutes(34)), 4)), e);
    }

    @Test
    void linesUpToHalfAnHourApartAreOneEpisode() {
        assertEquals(1, Episodes.of(minutes(0, 1, 30, 1, 60, 1), Episodes.QUIET).size());
        assertEquals(2, Episodes.of(minutes(0, 1, 31, 1), Episodes.QUIET).size());
        assertEquals(List.of(), Episodes.of(new TreeMap<>(), Episodes.QUIET));
    }

    /**
     * Property: adding any amount of older failures (ending more than the quiet time before it) never moves the
     * current episode, and every line belongs to exactly one episode.
     */
    @Test
    void olderFailuresNeverMoveTheCurrentEpisode() {
        Random r = new Random(7);
        for (int round = 0; round < 500; round++) {
            TreeMap<Instant, Long> today = new TreeMap<>();
            long t = 0;
            for (int i = 0, n = 1 + r.nextInt(20); i < n; i++) {
                today.merge(T.plus(Duration.ofMinutes(t)), 1L + r.nextInt(50), Long::sum);
                t += r.nextInt(30) + 1;
            }
            List<Episodes.Episode> alone = Episodes.of(today, Episodes.QUIET);
            TreeMap<Instant, Long> noisy = new TreeMap<>(today);
            Instant oldestToday = today.firstKey();
            long before = 31 + r.nextInt(3000);
            for (int i = 0, n = r.nextInt(200); i < n; i++) {
                noisy.merge(oldestToday.minus(Duration.ofMinutes(before + r.nextInt(5000))), 1L + r.nextInt(9),
                        Long::sum);
            }
            List<Episodes.Episode> withHistory = Episodes.of(noisy, Episodes.QUIET);
            assertEquals(alone.get(alone.size() - 1), withHistory.get(withHistory.size() - 1), "round " + round);
            assertEquals(noisy.values().stream().mapToLong(Long::longValue).sum(),
                    withHistory.stream().mapToLong(Episodes.Episode::lines).sum());
        }
    }

    @Test
    void theHistoryNoteNamesTheCurrentAndTheOlderEpisodes() {
        String note = Episodes.historyNote(Episodes.of(minutes(-1440, 5, -1430, 7, 0, 2, 3, 1), Episodes.QUIET),
                ZoneOffset.UTC);
        assertEquals("The logs hold 2 episodes of errors; the diagnosis ranks the current one, 2026-12-07 05:00 to "
                + "05:03 UTC (3 failing lines). Older episodes, set aside as history: 2026-12-06 05:00 to 05:10 UTC "
                + "(12 failing lines). Give --since and --until to diagnose another one.", note);
        assertTrue(note.contains("history"));
    }
}
