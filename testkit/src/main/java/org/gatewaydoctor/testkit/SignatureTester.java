package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;

/**
 * Tests log signatures the way {@code gateway-doctor scan} runs them: through the real scanner, its
 * format detection and its field extraction. Fixtures are files under {@code fixtures/} on the test
 * class path (lines starting with {@code #} are ordinary lines to the scanner: keep provenance notes
 * in a README beside them or in lines no signature matches). Times are read as UTC.
 *
 * <pre>{@code
 * List<Signature> mine = new AcmeSignatureProvider().signatures();
 * Map<String, String> fields = SignatureTester.only(mine, "acme.backend-down",
 *         "2026/11/21 09:14:03 [error] 812#812: *1 acme backend 10.0.0.5:8080 unreachable");
 * assertEquals("10.0.0.5:8080", fields.get("upstream"));
 * assertEquals(3, SignatureTester.count(SignatureTester.scan(mine, "acme/error.log"), "acme.backend-down"));
 * }</pre>
 */
public final class SignatureTester {

    private SignatureTester() {
    }

    /** A single-threaded scanner of exactly {@code signatures}, reading zone-less times as UTC. */
    public static LogScanner scanner(List<Signature> signatures) {
        return LogScanner.builder().catalog(SignatureCatalog.of(signatures)).zone(ZoneOffset.UTC).parallelism(1)
                .build();
    }

    /** A fixture file or directory, {@code fixtures/<name>} on the test class path. */
    public static Path fixture(String name) {
        URL url = Thread.currentThread().getContextClassLoader().getResource("fixtures/" + name);
        if (url == null) {
            throw new AssertionError("no fixture fixtures/" + name + " on the class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Scans fixtures; fails if the scan reports any problem. */
    public static LogScan scan(List<Signature> signatures, String... fixtures) throws InterruptedException {
        LogScan scan = scanner(signatures).scanPaths(Arrays.stream(fixtures).map(SignatureTester::fixture).toList());
        assertTrue(scan.problems().isEmpty(), () -> "problems: " + scan.problems());
        return scan;
    }

    /** Scans {@code text} as if it were a log file. */
    public static LogScan scanText(List<Signature> signatures, String text) throws InterruptedException {
        return scanner(signatures).scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test");
    }

    /** How often signature {@code id} matched; 0 when it did not. */
    public static long count(LogScan scan, String id) {
        return scan.hits(id).map(SignatureHits::count).orElse(0L);
    }

    /** The fields a single matching line yielded; fails if a field had several values. */
    public static Map<String, String> fields(SignatureHits hits) {
        Map<String, String> out = new TreeMap<>();
        hits.fields().forEach((name, values) -> {
            assertEquals(1, values.size(), () -> name + " has several values: " + values);
            out.put(name, values.keySet().iterator().next());
        });
        return out;
    }

    /** Asserts that exactly signature {@code id} matched {@code line}, once; returns its fields. */
    public static Map<String, String> only(List<Signature> signatures, String id, String line)
            throws InterruptedException {
        LogScan scan = scanText(signatures, line + "\n");
        assertEquals(List.of(id), scan.signatures().stream().map(SignatureHits::id).toList(), () -> "for " + line);
        assertEquals(1, scan.signatures().get(0).count());
        return fields(scan.signatures().get(0));
    }

    /** The distinct values of {@code field} among the hits of {@code id}. */
    public static Set<String> values(LogScan scan, String id, String field) {
        return scan.hits(id).map(h -> (Set<String>) new TreeSet<>(h.fields().getOrDefault(field, Map.of()).keySet()))
                .orElse(Set.of());
    }
}
