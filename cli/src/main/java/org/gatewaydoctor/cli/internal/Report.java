package org.gatewaydoctor.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.cli.internal.html.Provenance;
import picocli.CommandLine.Model.CommandSpec;

/** Where a report goes with {@code --output FILE}, and what the HTML report's footer says produced it. */
final class Report {

    private Report() {
    }

    /**
     * Fails with a message (for a usage error) when {@code file} cannot be a report: a directory, or in a
     * folder that does not exist. Checked before the diagnosis, so that its work is never lost.
     */
    static void checkWritable(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--output " + file + ": is a directory; give a file name, e.g. "
                    + file.resolve("report.html"));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--output " + file + ": the folder " + parent + " does not exist");
        }
        if (!Files.isWritable(parent)) {
            throw new IllegalArgumentException("--output " + file + ": the folder " + parent + " is not writable");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--output " + file + ": not a regular file");
        }
    }

    /**
     * Writes {@code text} to {@code file} through a temporary file beside it, moved into place: a reader
     * never sees half a report, and a failed write leaves an earlier report as it was.
     */
    static void write(Path file, String text) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                // a report is for sharing: the usual mode of a new file, not the temporary file's 0600
                Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default mode stays
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --output " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the report itself was written or the error above says why not
                }
            }
        }
    }

    /** The command as typed (arguments with spaces quoted), redacted, with the versions that ran it. */
    static Provenance provenance(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        words.add("gateway-doctor");
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        if (args.isEmpty() || !args.contains(spec.name())) {
            words.add(spec.name());
        }
        for (String a : args) {
            words.add(a.isEmpty() || a.chars().anyMatch(c -> c <= ' ' || "'\"\\$`;&|<>()*?!#~".indexOf(c) >= 0)
                    ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return new Provenance(Cli.redact(String.join(" ", words)), VersionProvider.version(), Provenance.runtime());
    }
}
