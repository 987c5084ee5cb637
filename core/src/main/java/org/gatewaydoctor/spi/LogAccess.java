package org.gatewaydoctor.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Bounded, read-only access to the log files of the target.
 *
 * <p>Directories given by the user are expanded to every regular file inside (rotated {@code .1}
 * and gzipped {@code .gz} files included). Reading is bounded: lines longer than
 * {@link #maxLineLength()} bytes are truncated and flagged, invalid UTF-8 is replaced, a truncated
 * gzip yields what could be read plus a {@linkplain LogLineVisitor#problem(Path, String) problem},
 * and reading stops a little before the check's deadline (with a problem saying so) so that the check
 * still has time to return what it read. Devices, FIFOs and sockets are never opened. An exception
 * thrown by the visitor stops reading and propagates to the caller: use one to stop early.
 */
public interface LogAccess {

    /** The log files, in a stable order (by path). Unreadable ones are included and reported when read. */
    List<Path> files();

    /** The longest line, in bytes, delivered whole. */
    int maxLineLength();

    /**
     * Reads every line of every file, in file order then line order, until the end or the reading
     * deadline. Unreadable files are reported to {@link LogLineVisitor#problem} and skipped.
     *
     * @throws InterruptedException when the check's thread was interrupted (the engine gave up on it)
     */
    void forEachLine(LogLineVisitor visitor) throws IOException, InterruptedException;

    /** Receives lines and problems while reading. */
    interface LogLineVisitor {
        /**
         * One line.
         *
         * @param file the file it came from
         * @param lineNumber 1-based
         * @param text the decoded line (malformed bytes replaced), without its line break
         * @param truncated whether the line was longer than {@link #maxLineLength()} and was cut
         */
        void line(Path file, long lineNumber, String text, boolean truncated);

        /** A file that could not be read completely, with a clear message. */
        default void problem(Path file, String message) {
        }
    }
}
