package org.gatewaydoctor.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Standard input saved to a private temporary file for as long as {@code diagnose --logs -} needs
 * it (the diagnosis engine reads files). The copy is bounded: more than the limit is refused rather
 * than filling the disk, and reading ends at a deadline even if the pipe stays open.
 *
 * <pre>{@code
 * try (StdinCopy copy = StdinCopy.save(System.in, StdinCopy.MAX_BYTES, deadline)) {
 *     target = Target.builder().logs(copy.file()).build();
 *     ...
 * } // the file is deleted here
 * }</pre>
 */
final class StdinCopy implements AutoCloseable {

    /** The most standard input {@code diagnose} saves: 2 GiB. */
    static final long MAX_BYTES = 2L << 30;
    /** The name of the copy, also what the text report shows for its lines. */
    static final String NAME = "stdin";

    private final Path directory;
    private final Path file;
    private final long bytes;
    private final boolean stoppedAtDeadline;
    private final Thread cleanup;

    private StdinCopy(Path directory, Path file, long bytes, boolean stoppedAtDeadline, Thread cleanup) {
        this.directory = directory;
        this.file = file;
        this.bytes = bytes;
        this.stoppedAtDeadline = stoppedAtDeadline;
        this.cleanup = cleanup;
    }

    /** Thrown when standard input is larger than the limit; the partial copy is already deleted. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Copies {@code in} to a new temporary file.
     *
     * @param maxBytes the most to accept
     * @param deadlineNanos the {@link System#nanoTime()} at which to stop waiting for more input
     * @throws TooLargeException when {@code in} holds more than {@code maxBytes}
     */
    static StdinCopy save(InputStream in, long maxBytes, long deadlineNanos) throws IOException {
        return save(in, maxBytes, deadlineNanos, "save it to a file and give that to --logs, or search it with "
                + "'gateway-doctor scan --logs -', which reads it as it comes");
    }

    /**
     * Copies {@code in} to a new temporary file.
     *
     * @param advice what to do instead when {@code in} is too large, for the error message
     */
    static StdinCopy save(InputStream in, long maxBytes, long deadlineNanos, String advice) throws IOException {
        return save(in, maxBytes, deadlineNanos, advice, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #save(InputStream, long, long, String)}, in a new directory below {@code parent}. */
    static StdinCopy save(InputStream in, long maxBytes, long deadlineNanos, String advice, Path parent)
            throws IOException {
        // Private from the first byte: a 0700 directory, a 0600 file (the copy holds unredacted log lines).
        Path dir = Files.createTempDirectory(parent, "gateway-doctor-stdin-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        // The cleanup is registered before the first byte is copied: a SIGTERM during the copy deletes it too.
        Thread cleanup = new Thread(() -> delete(dir), "gateway-doctor-stdin-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Path file = dir.resolve(NAME);
        try (DeadlineInputStream src = new DeadlineInputStream(in, deadlineNanos);
             OutputStream out = Files.newOutputStream(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                     PosixFilePermissions.fromString("rw-------"))))) {
            byte[] buf = new byte[64 << 10];
            long total = 0;
            int n;
            while ((n = src.read(buf)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLargeException("standard input is larger than " + human(maxBytes) + "; " + advice);
                }
                out.write(buf, 0, n);
            }
            return new StdinCopy(dir, file, total, src.stoppedAtDeadline(), cleanup);
        } catch (IOException | RuntimeException e) {
            delete(dir);
            removeHook(cleanup);
            throw e;
        }
    }

    /** The temporary file. */
    Path file() {
        return file;
    }

    /** The directory holding it (and nothing else). */
    Path directory() {
        return directory;
    }

    /** Bytes copied. */
    long bytes() {
        return bytes;
    }

    /** Whether copying stopped at the deadline while the pipe was still open. */
    boolean stoppedAtDeadline() {
        return stoppedAtDeadline;
    }

    /** Deletes the copy. */
    @Override
    public void close() {
        delete(directory);
        removeHook(cleanup);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; deleting twice is harmless
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes + " bytes";
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
            dir.toFile().deleteOnExit();
        }
    }
}
