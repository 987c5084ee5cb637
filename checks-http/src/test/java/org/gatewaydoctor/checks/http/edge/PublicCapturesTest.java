package org.gatewaydoctor.checks.http.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gatewaydoctor.model.ErrorSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Error pages people posted publicly (fixtures/edge/captures, sources in fixtures/edge/PROVENANCE.md),
 * each with the vendor, hop, status, relaying hop and cause it must be attributed to
 * (captures/expected.tsv). Prints accuracy by input shape at the end.
 */
class PublicCapturesTest {

    private static final String DIR = "/fixtures/edge/captures/";
    private static final ErrorPageClassifier CLASSIFIER = ErrorPageClassifier.standard();
    private static final Map<String, int[]> BY_SHAPE = new TreeMap<>();

    record Case(String file, String shape, String vendor, String hop, String status, String relayedBy, String cause) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : read("expected.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Case(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void attributesThePageToTheVendorThatWroteIt(Case c) throws IOException {
        Attribution a = CLASSIFIER.classify(CapturedResponse.parse(read(c.file())));
        ErrorSource s = a.source();
        boolean right = s.vendor().equals(c.vendor()) && s.hop().id().equals(c.hop())
                && (c.relayedBy().equals("*") || c.relayedBy().equals("-") ? s.relayedBy() == null
                        || c.relayedBy().equals("*") : c.relayedBy().equals(s.relayedBy()));
        BY_SHAPE.computeIfAbsent(c.shape(), k -> new int[2])[right ? 0 : 1]++;
        assertEquals(c.vendor(), s.vendor(), () -> "markers " + s.markers());
        assertEquals(c.hop(), s.hop().id());
        if (!c.status().equals("*")) {
            assertEquals(Integer.valueOf(c.status()), s.status());
        }
        if (c.relayedBy().equals("-")) {
            assertNull(s.relayedBy());
        } else if (!c.relayedBy().equals("*")) {
            assertEquals(c.relayedBy(), s.relayedBy());
        }
        if (c.cause().equals("-")) {
            assertTrue(a.causeCode().isEmpty(), () -> "unexpected cause " + a.cause());
        } else if (!c.cause().equals("*")) {
            assertEquals(c.cause(), a.causeCode().map(Object::toString).orElse("-"));
        }
        assertTrue(s.confidence() >= 0.5, () -> "confidence " + s.confidence());
        assertTrue(s.markers().size() >= 1);
    }

    @AfterAll
    static void printAccuracy() {
        int right = 0;
        int total = 0;
        StringBuilder b = new StringBuilder("public captures classified correctly, by input shape:");
        for (Map.Entry<String, int[]> e : BY_SHAPE.entrySet()) {
            int[] n = e.getValue();
            b.append(' ').append(e.getKey()).append(' ').append(n[0]).append('/').append(n[0] + n[1]).append(';');
            right += n[0];
            total += n[0] + n[1];
        }
        System.out.println(b.append(" total ").append(right).append('/').append(total));
    }

    static String read(String name) throws IOException {
        try (InputStream in = PublicCapturesTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
