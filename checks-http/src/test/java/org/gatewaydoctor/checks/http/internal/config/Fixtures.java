package org.gatewaydoctor.checks.http.internal.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Configuration trees for the tests: the fixtures under {@code config/} laid over one another, and files written on the fly. */
final class Fixtures {

    private Fixtures() {
    }

    /** A resource directory on the class path. */
    static Path resource(String name) {
        URL url = Fixtures.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the resource trees {@code layers} into {@code root}, later ones over earlier ones; returns {@code root}. */
    static Path tree(Path root, String... layers) {
        for (String layer : layers) {
            Path from = resource(layer);
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : all.toList()) {
                    Path to = root.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** Writes {@code text} (UTF-8) at {@code path} under {@code root}, creating directories. */
    static Path write(Path root, String path, String text) {
        return write(root, path, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path root, String path, byte[] data) {
        Path p = root.resolve(path.startsWith("/") ? path.substring(1) : path);
        try {
            Files.createDirectories(p.getParent());
            Files.write(p, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The problems, each as {@code file:line: message}. */
    static List<String> problems(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).toList();
    }
}
