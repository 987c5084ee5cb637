package org.gatewaydoctor.json;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Compares JSON with the golden files in {@code core/src/test/resources/golden}, byte for byte.
 *
 * <p>To accept an intended change of the JSON, rewrite the files and review the difference:
 * <pre>
 * mvn -B -o test -pl core -Dtest='org/gatewaydoctor/json/**' -Dgolden.update=true
 * git diff core/src/test/resources/golden
 * </pre>
 * An incompatible change (a renamed, removed or retyped property) also needs
 * {@code Diagnosis.SCHEMA_VERSION} raised and the schema updated.
 */
final class GoldenFiles {

    /** System property that makes {@link #assertMatches} rewrite the golden files instead of comparing. */
    static final String UPDATE_PROPERTY = "golden.update";

    private GoldenFiles() {
    }

    /** The source folder of the golden files (Surefire runs with the module as working directory). */
    static Path dir() {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(base, "src", "test", "resources", "golden");
    }

    static String read(String name) {
        try {
            return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path golden = dir().resolve(name);
        byte[] actualBytes = actual.getBytes(StandardCharsets.UTF_8);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(golden.getParent());
            Files.write(golden, actualBytes);
            System.err.println("golden file rewritten: " + golden + " (review it with git diff)");
            return;
        }
        if (!Files.exists(golden)) {
            fail("golden file " + golden + " does not exist; create it with -D" + UPDATE_PROPERTY + "=true");
        }
        byte[] expectedBytes = Files.readAllBytes(golden);
        if (Arrays.equals(expectedBytes, actualBytes)) {
            return;
        }
        Path actualCopy = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target",
                "golden-actual", name);
        Files.createDirectories(actualCopy.getParent());
        Files.write(actualCopy, actualBytes);
        fail("JSON differs from golden file " + golden + ": " + firstDifference(
                new String(expectedBytes, StandardCharsets.UTF_8), actual)
                + "\nActual output written to " + actualCopy + " (diff " + golden + " " + actualCopy + ")."
                + "\nIf the change is intended, rerun with -D" + UPDATE_PROPERTY + "=true, review git diff and commit;"
                + " an incompatible change also needs Diagnosis.SCHEMA_VERSION and diagnosis.schema.json raised.");
    }

    /** Where two texts first differ, by line, with both lines shown. */
    static String firstDifference(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String el = i < e.size() ? e.get(i) : "<end of file>";
            String al = i < a.size() ? a.get(i) : "<end of file>";
            if (!el.equals(al)) {
                return "first difference at line " + (i + 1) + "\n  expected: " + el + "\n  actual:   " + al;
            }
        }
        return "the texts differ only in line endings or a final line break"
                + " (expected " + expected.length() + " chars, actual " + actual.length() + ")";
    }
}
