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
 * and the reader stops at the check's deadline.
 */
public interface LogAccess {

    /** The log files, in a stable order (by path). Unreadable ones are included and reported when read. */
    List<Path> files();

    /** The longest line, in bytes, delivered whole. */
    int maxLineLength();

    /**
     * Reads every line of every file, in file order then line order.
     *
     * @throws InterruptedException when the check's deadline passed or its thread was interrupted
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
