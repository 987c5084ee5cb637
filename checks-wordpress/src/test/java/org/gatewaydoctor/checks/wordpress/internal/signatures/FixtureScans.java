package org.gatewaydoctor.checks.wordpress.internal.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;

/** Scans fixture files and single lines with one provider's signatures, the way {@code gateway-doctor scan} does. */
final class FixtureScans {

    private FixtureScans() {
    }

    static LogScanner scanner(List<Signature> signatures) {
        return LogScanner.builder().catalog(SignatureCatalog.of(signatures)).zone(ZoneOffset.UTC).parallelism(1)
                .build();
    }

    /** A fixture file or directory under {@code src/test/resources/fixtures/}. */
    static Path fixture(String name) {
        URL url = FixtureScans.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new AssertionError("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static LogScan scan(List<Signature> signatures, String... fixtures) throws InterruptedException {
        LogScan scan = scanner(signatures).scanPaths(java.util.Arrays.stream(fixtures).map(FixtureScans::fixture).toList());
        assertTrue(scan.problems().isEmpty(), () -> "problems: " + scan.problems());
        return scan;
    }

    static LogScan scanText(List<Signature> signatures, String text) throws InterruptedException {
        return scanner(signatures).scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test");
    }

    static long count(LogScan scan, String id) {
        return scan.hits(id).map(SignatureHits::count).orElse(0L);
    }

    /** The fields a single matching line yielded: every field must have had exactly one value. */
    static Map<String, String> fields(SignatureHits hits) {
        Map<String, String> out = new TreeMap<>();
        hits.fields().forEach((name, values) -> {
            assertEquals(1, values.size(), () -> name + " has several values: " + values);
            out.put(name, values.keySet().iterator().next());
        });
        return out;
    }

    /** Exactly one signature matched {@code line}, and it is {@code id}; its fields. */
    static Map<String, String> only(List<Signature> signatures, String id, String line) throws InterruptedException {
        LogScan scan = scanText(signatures, line + "\n");
        assertEquals(List.of(id), scan.signatures().stream().map(SignatureHits::id).toList(), () -> "for " + line);
        assertEquals(1, scan.signatures().get(0).count());
        return fields(scan.signatures().get(0));
    }

    /** The distinct values of {@code field} among the hits of {@code id}. */
    static java.util.Set<String> values(LogScan scan, String id, String field) {
        return scan.hits(id).map(h -> h.fields().getOrDefault(field, Map.of()).keySet())
                .map(java.util.TreeSet::new).map(s -> (java.util.Set<String>) s).orElse(java.util.Set.of());
    }
}
