package org.gatewaydoctor.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The example incident bundled in the jar, copied to a temporary directory for as long as it is
 * diagnosed. The files come from {@value #ROOT} as listed in {@value #INDEX}, which also gives the
 * zone of their timestamps ({@code zone=...}).
 *
 * <pre>{@code
 * try (ExampleIncident example = ExampleIncident.extract()) {
 *     Target target = Target.builder().logs(example.directory()).zone(example.zone()).build();
 *     ...
 * } // the directory is deleted here
 * }</pre>
 */
public final class ExampleIncident implements AutoCloseable {

    /** Class-path folder of the example's files. */
    public static final String ROOT = "/org/gatewaydoctor/cli/example/";
    /** Class-path location of the list of the example's files. */
    public static final String INDEX = "/org/gatewaydoctor/cli/example-index.txt";

    private final Path directory;
    private final ZoneId zone;
    private final List<String> files;
    private final List<String> missing;
    private final Thread cleanup;

    private ExampleIncident(Path directory, ZoneId zone, List<String> files, List<String> missing) {
        this.directory = directory;
        this.zone = zone;
        this.files = List.copyOf(files);
        this.missing = List.copyOf(missing);
        // Ctrl-C during a diagnosis should not leave the copy behind.
        this.cleanup = new Thread(() -> delete(directory), "gateway-doctor-example-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Copies the example's files to a new temporary directory. */
    public static ExampleIncident extract() throws IOException {
        Index index = readIndex();
        Path dir = Files.createTempDirectory("gateway-doctor-example-");
        List<String> copied = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try {
            for (String relative : index.files()) {
                try (InputStream in = ExampleIncident.class.getResourceAsStream(ROOT + relative)) {
                    if (in == null) {
                        missing.add(relative);
                        continue;
                    }
                    Path target = dir.resolve(relative).normalize();
                    if (!target.startsWith(dir)) {
                        throw new IOException("example index entry leaves the example folder: " + relative);
                    }
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    copied.add(relative);
                }
            }
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
        return new ExampleIncident(dir, index.zone(), copied, missing);
    }

    /** The temporary directory holding the copies. */
    public Path directory() {
        return directory;
    }

    /** The time zone of the example's log lines. */
    public ZoneId zone() {
        return zone;
    }

    /** The files copied, relative to {@link #directory()}. */
    public List<String> files() {
        return files;
    }

    /** Files the index lists but this build does not contain. */
    public List<String> missing() {
        return missing;
    }

    /** Deletes the temporary directory. */
    @Override
    public void close() {
        delete(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; deleting twice is harmless
        }
    }

    private record Index(ZoneId zone, List<String> files) {
    }

    private static Index readIndex() throws IOException {
        InputStream raw = ExampleIncident.class.getResourceAsStream(INDEX);
        if (raw == null) {
            throw new IOException("this build has no bundled example (" + INDEX + " is missing)");
        }
        ZoneId zone = ZoneId.of("UTC");
        List<String> files = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("zone=")) {
                    zone = Arguments.zone(line.substring("zone=".length()));
                } else if (line.startsWith("/") || line.contains("..") || line.contains("\\")) {
                    throw new IOException("invalid entry in " + INDEX + ": " + line);
                } else {
                    files.add(line);
                }
            }
        }
        return new Index(zone, files);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Best effort: the directory is in the temporary folder and holds only example logs.
            dir.toFile().deleteOnExit();
        }
    }
}
