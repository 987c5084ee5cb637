package org.gatewaydoctor.cli.internal.html;

import java.util.Objects;

/**
 * What produced a report, for its footer: the command as it was typed (already redacted) and the versions.
 *
 * @param command the command line, e.g. {@code gateway-doctor diagnose --url https://example.org/ --format html}
 * @param version gateway-doctor's version
 * @param java the Java runtime, e.g. {@code 17.0.13 (Debian)}
 */
public record Provenance(String command, String version, String java) {
    public Provenance {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(java, "java");
    }

    /** This JVM's runtime, as {@code 17.0.13 (Debian)}. */
    public static String runtime() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }
}
