package org.gatewaydoctor.checks.wordpress.internal;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;

/**
 * When a plugin, theme or file last changed: the newest modification time in its folder, read with a bounded walk
 * (at most {@link #MAX_FILES} entries, {@link #MAX_DEPTH} levels, no symbolic links followed, stops at a deadline).
 */
public final class Changes {

    /** Most entries looked at per folder. */
    public static final int MAX_FILES = 20_000;
    /** Deepest level walked. */
    public static final int MAX_DEPTH = 12;

    private Changes() {
    }

    /**
     * The newest modification time under {@code path} (a file or folder) and its file.
     *
     * @param complete whether every entry was looked at
     */
    public record Newest(Instant at, Path file, boolean complete) {
    }

    /** The newest change under {@code path}, empty when it does not exist. */
    public static Optional<Newest> newest(Path path, long deadlineNanos) {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        Instant[] at = {Instant.MIN};
        Path[] file = {path};
        int[] seen = {0};
        boolean[] complete = {true};
        try {
            Files.walkFileTree(path, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return visit(dir, attrs);
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    return visit(f, attrs);
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    complete[0] = false;
                    return FileVisitResult.CONTINUE;
                }

                private FileVisitResult visit(Path f, BasicFileAttributes attrs) {
                    if (++seen[0] > MAX_FILES || System.nanoTime() > deadlineNanos) {
                        complete[0] = false;
                        return FileVisitResult.TERMINATE;
                    }
                    Instant m = attrs.lastModifiedTime().toInstant();
                    if (m.isAfter(at[0])) {
                        at[0] = m;
                        file[0] = f;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            complete[0] = false;
        }
        return at[0].equals(Instant.MIN) ? Optional.empty() : Optional.of(new Newest(at[0], file[0], complete[0]));
    }
}
