package org.gatewaydoctor.checks.wordpress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A WordPress-shaped folder for the checks' unit tests: {@code <parent>/wp} with a wp-content folder and a wp-config.php. */
final class WpFolder {

    private WpFolder() {
    }

    /** Creates {@code parent/wp}, its {@code content} folder (below wp, e.g. {@code wp-content/plugins/x}) and wp-config.php. */
    static Path create(Path parent, String content, String wpConfig) throws IOException {
        Path wp = Files.createDirectories(parent.resolve("wp"));
        Files.createDirectories(wp.resolve(content));
        Files.writeString(wp.resolve("wp-config.php"), wpConfig);
        return wp;
    }
}
