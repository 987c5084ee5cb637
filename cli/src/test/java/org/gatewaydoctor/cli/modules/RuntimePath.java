package org.gatewaydoctor.cli.modules;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The CLI's runtime path as the build resolved it ({@code target/runtime-classpath.txt}, written by the
 * dependency plugin before the tests): the same entries serve as a class path and as a module path.
 */
final class RuntimePath {

    static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));

    private RuntimePath() {
    }

    /** The CLI's own classes, then every runtime dependency. */
    static List<Path> entries() {
        Path file = BASEDIR.resolve("target/runtime-classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run the tests through Maven (generate-test-resources writes it)");
        }
        try {
            List<Path> entries = new ArrayList<>();
            entries.add(BASEDIR.resolve("target/classes"));
            Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).strip().split(File.pathSeparator))
                    .filter(s -> !s.isBlank()).map(Path::of).forEach(entries::add);
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String joined(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    /** Where a class was loaded from (a jar or a classes folder). */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The module declared at {@code entry} by a module-info.class (not an automatic one). */
    static Optional<ModuleReference> declaredModule(Path entry) {
        return ModuleFinder.of(entry).findAll().stream()
                .filter(r -> !r.descriptor().isAutomatic())
                .findFirst();
    }

    static boolean ours(ModuleDescriptor d) {
        return d.name().equals("org.gatewaydoctor") || d.name().startsWith("org.gatewaydoctor.");
    }
}
