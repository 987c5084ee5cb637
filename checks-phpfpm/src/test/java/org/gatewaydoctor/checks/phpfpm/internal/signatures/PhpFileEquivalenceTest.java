package org.gatewaydoctor.checks.phpfpm.internal.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.gatewaydoctor.internal.logs.scan.MessageReader;
import org.gatewaydoctor.internal.logs.scan.PhpRelay;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.testkit.FieldEquivalence;
import org.junit.jupiter.api.Test;

/**
 * The scanner reads the PHP file a worker's relayed PHP error names (with its plugin or theme) by hand
 * ({@link PhpRelay#readFile}) instead of by the lazy expression the PHP-FPM worker signatures end with: on the
 * lines PHP-FPM 8.2 wrote (captured fixture) and on random lines built from their pieces, every signature gives
 * the same match and fields either way, and both copies of the expression are the same text.
 */
class PhpFileEquivalenceTest {

    private static final List<Signature> SIGNATURES = new PhpFpmSignatureProvider().signatures().stream()
            .filter(s -> s.pattern() != null).toList();
    private static final List<Signature> WITH_FILE = SIGNATURES.stream()
            .filter(s -> s.pattern().pattern().endsWith(PhpRelay.FILE)).toList();
    private static final BiFunction<Signature, String, Map<String, String>> READ = FieldEquivalence.byHand(SIGNATURES,
            s -> MessageReader.of(s.pattern())::read);
    /** The scanner's reading of a text known to hold no line break (what it decodes from one line's bytes). */
    private static final BiFunction<Signature, String, Map<String, String>> READ_ONE_LINE = FieldEquivalence.byHand(
            SIGNATURES, s -> {
                MessageReader r = MessageReader.of(s.pattern());
                return line -> line.indexOf('\n') < 0 ? r.readOneLine(line) : r.read(line);
            });

    @Test
    void bothCopiesOfTheExpressionAreTheSameAndTheWorkersPhpErrorsReadTheFileByHand() {
        assertEquals(PhpFpmSignatureProvider.PHP_FILE, PhpRelay.FILE);
        assertEquals(4, WITH_FILE.size(), WITH_FILE.toString());
        for (Signature s : WITH_FILE) {
            MessageReader r = MessageReader.of(s.pattern());
            assertTrue(r.phpFileByHand(), s.id());
            assertFalse(r.stderrByHand(), s.id());
        }
    }

    @Test
    void capturedLinesGiveTheSameFieldsEitherWay() throws IOException {
        int compared = FieldEquivalence.agreeing(fixtureLines(), SIGNATURES, MessageReader::names, READ);
        // the same lines read as the scanner reads one log line's text (no line-break searches)
        assertEquals(compared,
                FieldEquivalence.agreeing(fixtureLines(), SIGNATURES, MessageReader::names, READ_ONE_LINE));
        assertTrue(compared >= 10, "lines some signature matched: " + compared);
    }

    @Test
    void randomLinesBuiltFromRealPiecesGiveTheSameFieldsEitherWay() throws IOException {
        List<String> real = fixtureLines().stream().filter(l -> l.contains("PHP ")).toList();
        assertTrue(real.size() >= 3, "captured PHP error lines: " + real.size());
        List<String> pieces = FieldEquivalence.pieces(FieldEquivalence.PHP_PIECES,
                "Maximum execution time of 30 seconds exceeded", "\"", "'", "(", ")", ":", " ", "\t", "\r", "\n", "-",
                ".", "a.b-c_d", "é", "\uD83D\uDE00", "x".repeat(1100), "/" + "a".repeat(99), "/" + "b".repeat(101),
                "y".repeat(8200), " on line 12", ":3", "NOTICE: PHP message: ", "] WARNING: PHP message: ");
        int compared = FieldEquivalence.agreeing(FieldEquivalence.mutations(real, pieces, 1403, 6_000), WITH_FILE,
                MessageReader::names, READ);
        // the same lines read as the scanner reads one log line's text (no line-break searches)
        assertEquals(compared, FieldEquivalence.agreeing(FieldEquivalence.mutations(real, pieces, 1403, 6_000),
                WITH_FILE, MessageReader::names, READ_ONE_LINE));
        assertTrue(compared > 500, "mutated lines some signature matched: " + compared);
    }

    private static List<String> fixtureLines() throws IOException {
        try (InputStream in = PhpFileEquivalenceTest.class.getResourceAsStream("/fixtures/php-fpm/php8.2-fpm.log")) {
            assertNotNull(in);
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }
}
