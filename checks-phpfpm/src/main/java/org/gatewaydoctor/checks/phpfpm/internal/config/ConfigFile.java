package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A file the parser read.
 *
 * @param path the file as opened
 * @param includedFrom the {@code include} line that pulled it in; empty for the main file
 * @param lines how many lines it has
 */
public record ConfigFile(String path, Optional<Origin> includedFrom, int lines) {

    public ConfigFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(includedFrom, "includedFrom");
    }
}
