package org.gatewaydoctor.checks.http.internal.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.gatewaydoctor.internal.logs.scan.MessageReader;
import org.gatewaydoctor.internal.logs.scan.PhpRelay;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.testkit.FieldEquivalence;
import org.junit.jupiter.api.Test;

/**
 * The scanner reads the PHP errors nginx relays by hand ({@link PhpRelay}: the {@code FastCGI sent in
 * stderr: "} search and the PHP file with its plugin or theme) instead of by the lazy expressions the PHP
 * signatures are written with. On real lines (captured from nginx, the real-logs corpus) and on random lines
 * built from their pieces (for the four relayed-error signatures), every nginx signature gives the same match
 * and fields either way
 * ({@link MessageReader} against the whole expression), and both copies of the expressions are the same text.
 */
class PhpRelayEquivalenceTest {

    private static final List<Signature> NGINX = new NginxSignatureProvider().signatures().stream()
            .filter(s -> s.id().startsWith(NginxSignatureProvider.ERROR_LOG) && s.pattern() != null).toList();
    private static final List<Signature> RELAYED = NGINX.stream()
            .filter(s -> s.pattern().pattern().contains("FastCGI sent in stderr")).toList();
    private static final BiFunction<Signature, String, Map<String, String>> READ = FieldEquivalence.byHand(NGINX,
            s -> MessageReader.of(s.pattern())::read);
    /** The scanner's reading of a text known to hold no line break (what it decodes from one line's bytes). */
    private static final BiFunction<Signature, String, Map<String, String>> READ_ONE_LINE = FieldEquivalence.byHand(
            NGINX, s -> {
                MessageReader r = MessageReader.of(s.pattern());
                return line -> line.indexOf('\n') < 0 ? r.readOneLine(line) : r.read(line);
            });

    @Test
    void bothCopiesOfTheExpressionsAreTheSameAndEveryRelayedPhpErrorIsReadByHand() {
        assertEquals(NginxSignatureProvider.PHP_FILE, PhpRelay.FILE);
        assertEquals(NginxSignatureProvider.STDERR, PhpRelay.STDERR);
        assertEquals(4, RELAYED.size(), RELAYED.toString());
        for (Signature s : RELAYED) {
            MessageReader r = MessageReader.of(s.pattern());
            assertTrue(r.stderrByHand(), s.id());
            assertTrue(r.phpFileByHand(), s.id());
        }
    }

    @Test
    void realLinesGiveTheSameFieldsEitherWay() throws IOException {
        List<String> lines = realLines();
        int compared = FieldEquivalence.agreeing(lines, NGINX, MessageReader::names, READ);
        // the same lines read as the scanner reads one log line's text (no line-break searches)
        assertEquals(compared, FieldEquivalence.agreeing(lines, NGINX, MessageReader::names, READ_ONE_LINE));
        assertTrue(compared > 30, "lines some signature matched: " + compared);
    }

    @Test
    void aRelayedFatalErrorGivesItsFileAndPluginAndTheLastOfSeveralMessagesIsFound() {
        String line = "2026/11/21 20:55:57 [error] 4590#4590: *54 FastCGI sent in stderr: \"PHP message: PHP Warning:  "
                + "Undefined array key 1 in /var/www/a/wp-content/themes/north/x.php on line 3; PHP message: PHP Fatal "
                + "error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes) in "
                + "/var/www/a/wp-content/mu-plugins/cache.php on line 9\" while reading response header from upstream, "
                + "client: 192.0.2.1, server: a.example, request: \"GET / HTTP/2.0\", host: \"a.example\"";
        Signature memory = NGINX.stream().filter(s -> s.id().equals("nginx.fastcgi-stderr-memory")).findFirst()
                .orElseThrow();
        Map<String, String> fields = MessageReader.of(memory.pattern()).read(line);
        assertNotNull(fields);
        assertEquals("268435456", fields.get("limit"));
        assertEquals("/var/www/a/wp-content/mu-plugins/cache.php", fields.get("file"));
        assertEquals("cache", fields.get("plugin"));
        assertEquals("a.example", fields.get("server"));
        assertEquals(fields, whole(memory, line));
    }

    @Test
    void randomLinesBuiltFromRealPiecesGiveTheSameFieldsEitherWay() throws IOException {
        List<String> real = realLines().stream().filter(l -> l.contains("FastCGI") || l.contains("PHP ")).toList();
        assertTrue(real.size() >= 4, "real relayed lines: " + real.size());
        List<String> pieces = FieldEquivalence.pieces(FieldEquivalence.PHP_PIECES,
                "Allowed memory size of 12 bytes exhausted (tried to allocate 34 bytes)", "Maximum execution time of ",
                "Maximum execution time of 30 seconds exceeded", " second exceeded", "FastCGI sent in stderr: \"",
                "FastCGI sent in stderr: \"PHP message: ", "; PHP message: ", "\"", "'", "(", ")", ":", " ", "\t",
                "\r", "\n", "-", "_", ".", "a.b-c_d", "é", "\uD83D\uDE00", "\uD800", "x".repeat(1100),
                "/" + "a".repeat(99), "/" + "b".repeat(100), "/" + "c".repeat(101), "y".repeat(8200),
                ", client: 1.2.3.4, server: a.example", " on line 12", ":3");
        int compared = FieldEquivalence.agreeing(FieldEquivalence.mutations(real, pieces, 1402, 8_000), RELAYED,
                MessageReader::names, READ);
        // the same lines read as the scanner reads one log line's text (no line-break searches)
        assertEquals(compared, FieldEquivalence.agreeing(FieldEquivalence.mutations(real, pieces, 1402, 8_000),
                RELAYED, MessageReader::names, READ_ONE_LINE));
        assertTrue(compared > 500, "mutated lines some signature matched: " + compared);
    }

    /** The fields of the whole expression, or null when it does not match. */
    private static Map<String, String> whole(Signature s, String line) {
        return FieldEquivalence.wholeMatch(s.pattern(), MessageReader.names(s.pattern()), line);
    }

    private static List<String> realLines() throws IOException {
        List<String> lines = new ArrayList<>(resourceLines("/fixtures/nginx/error.log"));
        lines.addAll(resourceLines("/fixtures/nginx/worker-connections.log"));
        // the real-logs corpus: excerpts people posted (cli's RealLogsCorpusTest), read in the source tree
        Path corpus = Path.of("../cli/src/test/resources/reallogs/corpus.txt");
        assertTrue(Files.isRegularFile(corpus), corpus.toAbsolutePath().toString());
        for (String l : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
            if (!l.startsWith("#") && !l.startsWith("===") && !l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = PhpRelayEquivalenceTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }
}
