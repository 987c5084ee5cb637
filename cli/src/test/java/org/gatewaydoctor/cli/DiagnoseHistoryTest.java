package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.cli.internal.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An nginx error log with an older episode of read timeouts the day before and today's refusals: the text
 * report ranks today's and lists the older episode under "History", apart from the timeline. Lines in nginx's
 * format (ngx_http_log_error_handler's context, as in core's {@code formats/nginx-error.log}).
 */
class DiagnoseHistoryTest {

    @TempDir
    Path dir;

    private static String line(String at, String what) {
        return at + " [error] 31342#31342: *3 " + what + ", client: 127.0.0.1, server: _, "
                + "request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:18099/\", host: \"127.0.0.1:8080\"\n";
    }

    @Test
    void olderEpisodesAreListedUnderHistoryAndNotRanked() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            log.append(line("2026/12/06 05:1" + (i % 10) + ":0" + (i % 6), "upstream timed out (110: Connection timed "
                    + "out) while reading response header from upstream"));
        }
        log.append(line("2026/12/07 05:02:00", "connect() failed (111: Connection refused) while connecting to upstream"));
        Path file = Files.writeString(dir.resolve("error.log"), log);
        CliRunner.Result r = CliRunner.run(Terminal.plain(), b -> { }, "diagnose", "--logs", file.toString(),
                "--zone", "UTC");
        List<String> lines = r.out().lines().toList();
        assertTrue(r.firstLine().contains("proxy.upstream_refused"), r.out());
        int history = lines.indexOf("History (older episodes in the logs, not ranked; UTC):");
        assertTrue(history > 0, r.out());
        assertTrue(lines.get(history + 1).startsWith("  2026-12-06 05:10:00  2026-12-06 05:10 to 05:19 UTC, 12 failing "
                + "lines, mostly "), lines.get(history + 1));
        // the timeline holds today's event only
        int timeline = lines.stream().filter(l -> l.startsWith("Timeline")).findFirst().map(lines::indexOf).orElse(-1);
        assertTrue(timeline > history, r.out());
        assertEquals("Timeline (2026-12-07, UTC):", lines.get(timeline), r.out());
        // the log's events
        List<String> events = lines.subList(timeline + 1, lines.size()).stream()
                .filter(l -> l.startsWith("  ") && l.contains("http.nginx-error-log")).toList();
        assertTrue(!events.isEmpty() && events.stream().allMatch(l -> l.matches("  05:02:00  proxy +http\\.nginx-error-log .*")),
                r.out());
        assertTrue(events.stream().noneMatch(l -> l.contains("upstream timed out")), r.out());
    }
}
