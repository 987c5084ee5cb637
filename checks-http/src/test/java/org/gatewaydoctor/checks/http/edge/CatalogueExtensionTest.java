package org.gatewaydoctor.checks.http.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.model.ErrorSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Third parties extend the catalogue with data files and providers; broken ones are named, never fatal. */
class CatalogueExtensionTest {

    static final String ACME_JSON = "{ \"fingerprints\": [ {\n"
            + "  \"id\": \"acme.502\", \"kind\": \"page\", \"vendor\": \"acme-cdn\", \"hop\": \"edge\", \"statuses\": [502],\n"
            + "  \"headers\": [ { \"header\": \"x-acme-pop\" } ],\n"
            + "  \"body\": [ { \"text\": \"Acme CDN could not reach your server\" } ],\n"
            + "  \"cause\": \"edge.origin_unreachable\", \"title\": \"Acme CDN 502\",\n"
            + "  \"next\": [\"Allow Acme's ranges.\"], \"source\": \"https://docs.acme.example/errors#502\" } ] }";

    /** A provider found through ServiceLoader. */
    public static final class AcmeProvider implements FingerprintProvider {
        @Override
        public List<Fingerprint> fingerprints() {
            return List.of(new Fingerprint("acme.503", Fingerprint.Kind.PAGE, "acme-cdn", ErrorSource.Hop.EDGE,
                    List.of(503), List.of(), List.of(), List.of(Fingerprint.Marker.text("Acme CDN is overloaded")), 0,
                    null, 0.9, null, "Acme CDN 503", "Acme is busy.", List.of("Wait."), "https://docs.acme.example/503"));
        }
    }

    /** A provider that throws. */
    public static final class BrokenProvider implements FingerprintProvider {
        @Override
        public List<Fingerprint> fingerprints() {
            throw new IllegalStateException("no catalogue today");
        }
    }

    private static URLClassLoader loader(Path root) throws IOException {
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, CatalogueExtensionTest.class.getClassLoader());
    }

    @Test
    void aJsonFileInAnyJarAddsPagesWithoutCode(@TempDir Path root) throws IOException {
        Path file = root.resolve(ErrorPageClassifier.RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ACME_JSON);
        try (URLClassLoader loader = loader(root)) {
            ErrorPageClassifier c = ErrorPageClassifier.discover(loader);

            assertEquals(List.of(), c.problems());
            Attribution a = c.classify(CapturedResponse.parse("HTTP/1.1 502 Bad Gateway\r\nX-Acme-Pop: ams1\r\n\r\n"
                    + "<p>Acme CDN could not reach your server.</p>"));
            assertEquals("acme-cdn", a.source().vendor());
            assertEquals("edge.origin_unreachable", a.cause().value());
            assertTrue(c.entries().stream().anyMatch(f -> f.id().equals("cloudflare.522")), "built-in entries stay");
        }
    }

    @Test
    void providersAreFoundWithServiceLoaderAndABrokenOneIsNamed(@TempDir Path root) throws IOException {
        Path services = root.resolve("META-INF/services/" + FingerprintProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, BrokenProvider.class.getName() + "\n" + AcmeProvider.class.getName() + "\n"
                + "com.example.Missing\n");
        try (URLClassLoader loader = loader(root)) {
            ErrorPageClassifier c = ErrorPageClassifier.discover(loader);

            assertEquals("acme-cdn", c.classify(CapturedResponse.parse("Acme CDN is overloaded")).source().vendor());
            assertTrue(c.problems().stream().anyMatch(p -> p.contains(BrokenProvider.class.getName())
                    && p.contains("no catalogue today")), c.problems().toString());
            assertTrue(c.problems().stream().anyMatch(p -> p.contains("com.example.Missing")), c.problems().toString());
        }
    }

    @Test
    void anInvalidFileIsLeftOutAndNamedWithTheEntryAndField(@TempDir Path root) throws IOException {
        Path file = root.resolve(ErrorPageClassifier.RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ACME_JSON.replace("\"text\"", "\"txet\""));
        try (URLClassLoader loader = loader(root)) {
            ErrorPageClassifier c = ErrorPageClassifier.discover(loader);

            assertEquals(1, c.problems().size(), c.problems().toString());
            assertTrue(c.problems().get(0).contains("entry 0 (acme.502): unknown field 'txet'"), c.problems().get(0));
            assertTrue(c.entries().size() > 50, "the built-in catalogue is unaffected");
        }
    }

    @Test
    void aDuplicateIdKeepsTheFirstAndSaysSo(@TempDir Path root) throws IOException {
        Path file = root.resolve(ErrorPageClassifier.RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ACME_JSON.replace("acme.502", "cloudflare.522"));
        try (URLClassLoader loader = loader(root)) {
            ErrorPageClassifier c = ErrorPageClassifier.discover(loader);

            assertTrue(c.problems().stream().anyMatch(p -> p.contains("cloudflare.522") && p.contains("defined twice")),
                    c.problems().toString());
            assertEquals("cloudflare", c.entries().stream().filter(f -> f.id().equals("cloudflare.522")).findFirst()
                    .orElseThrow().vendor());
        }
    }

    @Test
    void entriesMustCiteASourceAndUseValidMarkers() {
        String noSource = ACME_JSON.replace(", \"source\": \"https://docs.acme.example/errors#502\"", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ErrorPageClassifier.readJson(
                new ByteArrayInputStream(noSource.getBytes(StandardCharsets.UTF_8)), "acme.json"));
        assertTrue(e.getMessage().contains("acme.502") && e.getMessage().contains("source"), e.getMessage());

        String badRegex = ACME_JSON.replace("{ \"text\": \"Acme CDN could not reach your server\" }", "{ \"regex\": \"(\" }");
        e = assertThrows(IllegalArgumentException.class, () -> ErrorPageClassifier.readJson(
                new ByteArrayInputStream(badRegex.getBytes(StandardCharsets.UTF_8)), "acme.json"));
        assertTrue(e.getMessage().contains("invalid regular expression"), e.getMessage());
    }
}
