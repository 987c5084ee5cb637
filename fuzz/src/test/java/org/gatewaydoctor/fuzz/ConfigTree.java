package org.gatewaydoctor.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gatewaydoctor.checks.http.internal.config.Directive;

/**
 * A configuration tree for one fuzz input: a temporary directory standing for {@code /} (the parsers' root
 * option), emptied before each input, holding the input split at its first NUL byte into a main file and a
 * second file the main one may include. One per JVM; Jazzer runs inputs one at a time.
 */
public final class ConfigTree {

    private final Path root;

    public ConfigTree(String name) {
        try {
            root = Files.createTempDirectory("gd-fuzz-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        root.toFile().deleteOnExit();
    }

    public Path root() {
        return root;
    }

    /**
     * Writes the input: the bytes before the first NUL to {@code mainFile}, those after it (if any) to
     * {@code secondFile}, both paths as the server sees them (absolute, under the root). Files of the
     * previous input are removed first.
     */
    public void write(byte[] data, String mainFile, String secondFile) {
        try {
            clear(root);
            int nul = indexOf(data, (byte) 0);
            byte[] main = nul < 0 ? data : Arrays.copyOfRange(data, 0, nul);
            put(mainFile, main);
            if (nul >= 0) {
                put(secondFile, Arrays.copyOfRange(data, nul + 1, data.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(String file, byte[] bytes) throws IOException {
        Path p = root.resolve(file.substring(1));
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    private static void clear(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    clear(p);
                }
                Files.delete(p);
            }
        }
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The deepest block nesting of {@code directives} (a top-level directive is depth 1). */
    public static int depth(List<Directive> directives) {
        int max = 0;
        for (Directive d : directives) {
            max = Math.max(max, 1 + depth(d.children()));
        }
        return max;
    }

    /** All directives, nested ones included. */
    public static int count(List<Directive> directives) {
        int n = 0;
        for (Directive d : directives) {
            n += 1 + count(d.children());
        }
        return n;
    }

    /** The most arguments of one directive. */
    public static int maxArgs(List<Directive> directives) {
        int max = 0;
        for (Directive d : directives) {
            max = Math.max(max, Math.max(d.args().size(), maxArgs(d.children())));
        }
        return max;
    }
}
