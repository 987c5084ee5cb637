package org.gatewaydoctor.checks.http.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.ErrorSource;
import org.junit.jupiter.api.Test;

/** The built-in catalogue: loads cleanly, covers every vendor of the contract, cites every entry. */
class CatalogueTest {

    private final ErrorPageClassifier classifier = ErrorPageClassifier.standard();

    @Test
    void builtInCatalogueLoadsWithoutProblems() {
        assertEquals(List.of(), classifier.problems());
        assertTrue(classifier.entries().size() > 50, "entries: " + classifier.entries().size());
    }

    @Test
    void everyContractVendorExceptUnknownHasAtLeastOnePage() {
        Set<String> withPages = new TreeSet<>();
        classifier.entries().stream().filter(f -> f.kind() == Fingerprint.Kind.PAGE).forEach(f -> withPages.add(f.vendor()));
        Set<String> expected = new TreeSet<>(ErrorSource.VENDORS);
        expected.remove(ErrorSource.UNKNOWN);
        assertEquals(expected, withPages);
    }

    @Test
    void everyEntryUsesAContractVendorIdAndCitesASource() {
        for (Fingerprint f : classifier.entries()) {
            assertTrue(ErrorSource.VENDORS.contains(f.vendor()), f.id());
            assertFalse(f.source().isBlank(), f.id());
        }
    }

    @Test
    void everyCauseNamedByTheCatalogueIsADocumentedCode() {
        for (Fingerprint f : classifier.entries()) {
            if (f.cause() != null) {
                assertTrue(CauseCode.of(f.cause()).isKnown(), f.id() + " names " + f.cause());
            }
        }
    }

    @Test
    void cloudflareHasOneEntryPerStatusFrom520To527() {
        for (int code = 520; code <= 527; code++) {
            int c = code;
            assertTrue(classifier.entries().stream().anyMatch(f -> f.id().equals("cloudflare." + c)
                    && f.statuses().equals(List.of(c)) && f.cause() != null), "cloudflare." + c);
        }
    }

    @Test
    void docsCausesMdListsEveryPageOfTheCatalogue() throws java.io.IOException {
        java.nio.file.Path docs = java.nio.file.Path.of("..", "docs", "causes.md");
        String text = java.nio.file.Files.readString(docs);
        for (Fingerprint f : classifier.entries()) {
            if (f.kind() == Fingerprint.Kind.PAGE) {
                assertTrue(text.contains("(`" + f.id() + "`)"), "docs/causes.md does not list " + f.id());
            }
        }
    }
}
