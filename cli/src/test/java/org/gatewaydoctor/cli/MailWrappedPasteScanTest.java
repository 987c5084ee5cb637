package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A customer pastes nginx's relayed PHP fatal error from a mail, which wrapped it at its fill column (as
 * {@code fold -s -w WIDTH} does: at the last blank that fits, the blank kept at the line's end). The wrapped rest of
 * the message, read on its own, is a fragment that other software's signatures may take; joined back, the entry
 * matches nginx's own signature in full. The scanner's join guard must keep such a join (a join that loses a
 * fragment's match is kept when it makes the entry's own match), with the whole catalogue of the CLI.
 */
class MailWrappedPasteScanTest {

    /** nginx 1.22 + PHP-FPM 8.2, as captured in checks-http's fixtures/nginx/error.log. */
    private static final String ENTRY = "2026/11/21 20:55:57 [error] 4590#4590: *56 FastCGI sent in stderr: \"PHP message:"
            + " PHP Fatal error:  Allowed memory size of 4194304 bytes exhausted (tried to allocate 8392704 bytes) in"
            + " /tmp/cap/www/wp-content/plugins/big-export/export.php on line 3\" while reading response header from"
            + " upstream, client: 127.0.0.1, server: example.test, request: \"GET"
            + " /wp-content/plugins/big-export/export.php HTTP/1.1\", upstream:"
            + " \"fastcgi://unix:/tmp/cap/sock/php8.2-fpm.sock:\", host: \"example.test\"";

    private static final SignatureCatalog CATALOG = SignatureCatalog.discover(MailWrappedPasteScanTest.class
            .getClassLoader());

    // 100 and 120: the wrapped rest "Allowed memory size of ... bytes exhausted (tried to allocate ... bytes) in "
    // on a line of its own; the first guard refused that join (the fragment's match would be lost) and the entry
    // came out as nginx.fastcgi-stderr-fatal. At 76 and 80 (the commonest mail widths) nothing matched, at 40 and 60
    // php.fatal-error did, and a rest that starts with the script's path ("/tmp/...") was not joined (at 72, 100 and
    // 200 the entry matched without its file, plugin and request context): every width from 30 on now
    @ParameterizedTest
    @MethodSource("widths")
    void aFastCgiMemoryErrorAMailClientWrappedIsOneEntryMatchingNginxsOwnSignature(int width) throws Exception {
        List<String> rows = foldAtBlanks(ENTRY, width);
        assertTrue(rows.size() >= 2, "wrapped");
        String pasted = String.join("\n", rows) + "\n";
        LogScan scan = LogScanner.builder().catalog(CATALOG).zone(ZoneOffset.UTC).parallelism(1).build()
                .scan(new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8)), "-");
        Map<String, Long> counts = new TreeMap<>();
        for (SignatureHits h : scan.signatures()) {
            counts.put(h.id(), h.count());
        }
        assertEquals(Map.of("nginx.fastcgi-stderr-memory", 1L), counts, () -> String.join("\n", rows));
        SignatureHits h = scan.hits("nginx.fastcgi-stderr-memory").orElseThrow();
        assertEquals(Map.of("4194304", 1L), h.fields().get("limit"));
        assertEquals(Map.of("8392704", 1L), h.fields().get("tried"));
        assertEquals(Map.of("/tmp/cap/www/wp-content/plugins/big-export/export.php", 1L), h.fields().get("file"));
        assertEquals(Map.of("big-export", 1L), h.fields().get("plugin"));
        assertEquals(Map.of("GET /wp-content/plugins/big-export/export.php", 1L), h.fields().get("request"));
    }

    static IntStream widths() {
        return IntStream.rangeClosed(30, 200);
    }

    /** A terminal's (80, 132) or a web console's copy, cut inside words at its width ({@code fold -w WIDTH}). */
    @ParameterizedTest
    @ValueSource(ints = {40, 50, 60, 70, 80, 90, 100, 110, 120, 132, 140, 150, 160, 170, 180, 190, 200})
    void aFastCgiMemoryErrorATerminalCutIsOneEntryMatchingNginxsOwnSignature(int width) throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ENTRY.length(); i += width) {
            rows.add(ENTRY.substring(i, Math.min(ENTRY.length(), i + width)));
        }
        String pasted = "Here is the log:\n" + String.join("\n", rows) + "\n";
        LogScan scan = LogScanner.builder().catalog(CATALOG).zone(ZoneOffset.UTC).parallelism(1).build()
                .scan(new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8)), "-");
        Map<String, Long> counts = new TreeMap<>();
        for (SignatureHits h : scan.signatures()) {
            counts.put(h.id(), h.count());
        }
        assertEquals(Map.of("nginx.fastcgi-stderr-memory", 1L), counts, () -> String.join("\n", rows));
        SignatureHits h = scan.hits("nginx.fastcgi-stderr-memory").orElseThrow();
        assertEquals(Map.of("/tmp/cap/www/wp-content/plugins/big-export/export.php", 1L), h.fields().get("file"));
        assertEquals(Map.of("4194304", 1L), h.fields().get("limit"));
    }

    /** {@code text} wrapped as {@code fold -s -w width} wraps it. */
    static List<String> foldAtBlanks(String text, int width) {
        List<String> rows = new ArrayList<>();
        int start = 0;
        while (text.length() - start > width) {
            int cut = text.lastIndexOf(' ', start + width - 1);
            cut = cut < start ? start + width : cut + 1;
            rows.add(text.substring(start, cut));
            start = cut;
        }
        rows.add(text.substring(start));
        return rows;
    }
}
