package org.gatewaydoctor.internal.logs;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.gatewaydoctor.spi.LogAccess;

/**
 * Reads log files with bounded memory: lines are split on raw bytes, cut at {@link #MAX_LINE} bytes,
 * decoded as UTF-8 with malformed input replaced; gzip is recognised by its magic bytes; only
 * regular files are read. Reading stops at its deadline (a margin before the check's own) and the
 * check keeps what was read; an interrupt ends it with {@link InterruptedException}.
 */
public final class FileLogAccess implements LogAccess {

    /** Longest line delivered whole, in bytes. */
    public static final int MAX_LINE = 64 * 1024;
    private static final int MAX_DEPTH = 4;
    /** The most files read of one directory given as a log source. */
    public static final int MAX_FILES = 10_000;
    /** The most directory entries looked at while expanding one directory. */
    private static final int MAX_WALK = 100_000;
    /** Reading stops this share of a check's budget before its deadline, so the check can still answer. */
    private static final double MARGIN_SHARE = 0.2;
    private static final long MAX_MARGIN_NANOS = 500_000_000L;

    /**
     * The expanded list of files of a diagnosis, problems met finding or reading them, and the sources
     * that were not read whole for a limit (a directory with more than {@value #MAX_FILES} files).
     */
    public record LogFiles(List<Path> files, Set<String> problems, List<Unread> unread) {
        public LogFiles {
            files = List.copyOf(files);
            unread = List.copyOf(unread);
        }

        public LogFiles(List<Path> files, Set<String> problems) {
            this(files, problems, List.of());
        }

        public void problem(String message) {
            problems.add(message);
        }

        /** Problems in a stable order. */
        public List<String> problemList() {
            return new ArrayList<>(new TreeSet<>(problems));
        }
    }

    /** A source that was left out, in part or whole, and why. */
    public record Unread(Path source, String reason) {
    }

    private final LogFiles files;
    private final long deadlineNanos;

    /**
     * @param files the files to read
     * @param deadlineNanos the {@link System#nanoTime()} by which reading must stop; pass the check's
     *     deadline through {@link #readingDeadline(long, long)} to leave it time to answer
     */
    public FileLogAccess(LogFiles files, long deadlineNanos) {
        this.files = files;
        this.deadlineNanos = deadlineNanos;
    }

    /** A reading deadline somewhat before the check's own, so that a check has time to return what it read. */
    public static long readingDeadline(long startNanos, long checkDeadlineNanos) {
        long budget = Math.max(0, checkDeadlineNanos - startNanos);
        long margin = Math.min(MAX_MARGIN_NANOS, (long) (budget * MARGIN_SHARE));
        return checkDeadlineNanos - margin;
    }

    /**
     * Expands files and directories (recursively, a few levels deep) into a sorted list of files. A
     * directory with more than {@value #MAX_FILES} files gives its {@value #MAX_FILES} most recently
     * modified (the incident is at the end) and is recorded as {@linkplain LogFiles#unread() unread} in
     * part, never silently cut.
     */
    public static LogFiles expand(List<Path> paths) {
        Set<String> problems = ConcurrentHashMap.newKeySet();
        TreeSet<Path> out = new TreeSet<>();
        List<Unread> unread = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> found = new ArrayList<>();
                boolean walkCut;
                try (Stream<Path> walk = Files.walk(p, MAX_DEPTH)) {
                    // bounded: a directory of millions of entries is not listed to its end
                    long[] entries = new long[1];
                    walk.limit(MAX_WALK).peek(e -> entries[0]++).filter(Files::isRegularFile).forEach(found::add);
                    walkCut = entries[0] >= MAX_WALK;
                } catch (IOException | RuntimeException e) {
                    problems.add(p + ": cannot list the directory (" + e.getMessage() + ")");
                    unread.add(new Unread(p, "cannot list the directory (" + e.getMessage() + ")"));
                    continue;
                }
                if (found.size() > MAX_FILES || walkCut) {
                    // each file's time read once: a comparator that asked the file system would stat every file
                    // about 2·log2(n) times (seconds for 10,000 files) and could see a growing log's time change
                    // during the sort, which breaks the sort's contract
                    Map<Path, java.nio.file.attribute.FileTime> times = new HashMap<>();
                    found.forEach(f -> times.put(f, modified(f)));
                    found.sort(java.util.Comparator.comparing((Path f) -> times.get(f)).reversed());
                    int total = found.size();
                    int kept = Math.min(MAX_FILES, total);
                    String reason = walkCut
                            ? "holds more than " + MAX_WALK + " entries; listing stopped there, and of the " + total
                              + " files listed the " + kept + " most recently modified were read"
                            : "holds " + total + " files; only the " + kept + " most recently modified were read, "
                              + (total - kept) + " older ones were not";
                    found = found.subList(0, kept);
                    problems.add(p + ": " + reason);
                    unread.add(new Unread(p, reason));
                }
                found.forEach(f -> out.add(f.toAbsolutePath().normalize()));
            } else if (Files.isRegularFile(p)) {
                out.add(p.toAbsolutePath().normalize());
            } else if (Files.exists(p)) {
                problems.add(p + ": not a regular file (a device, FIFO or socket is never read)");
            } else {
                problems.add(p + ": " + missing(p));
            }
        }
        return new LogFiles(List.copyOf(out), problems, unread);
    }

    /**
     * Why a path that does not lead to anything is missing, in words: a symbolic link loop, a dangling
     * link, or no such file.
     */
    public static String missing(Path p) {
        if (Files.isSymbolicLink(p)) {
            try {
                p.toRealPath();
            } catch (java.nio.file.FileSystemException e) {
                String reason = e.getReason();
                if (reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("levels of symbolic links")) {
                    return "a symbolic link loop (40: Too many levels of symbolic links)";
                }
                try {
                    return "a symbolic link to " + Files.readSymbolicLink(p) + ", which does not exist";
                } catch (IOException ignored) {
                    return "a symbolic link that leads nowhere";
                }
            } catch (IOException e) {
                return "a symbolic link that leads nowhere (" + e.getMessage() + ")";
            }
        }
        return "no such file or directory";
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException | RuntimeException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    @Override
    public List<Path> files() {
        return files.files();
    }

    @Override
    public int maxLineLength() {
        return MAX_LINE;
    }

    @Override
    public void forEachLine(LogLineVisitor visitor) throws IOException, InterruptedException {
        List<Path> all = files.files();
        for (int i = 0; i < all.size(); i++) {
            if (!readFile(all.get(i), visitor)) {
                Path file = all.get(i);
                String message = "reading stopped at the check's deadline" + (i + 1 < all.size()
                        ? "; " + (all.size() - i - 1) + " more file(s) were not read" : "");
                report(file, visitor, message);
                return;
            }
        }
    }

    /** Reads one file; false when the reading deadline passed before its end. */
    private boolean readFile(Path file, LogLineVisitor visitor) throws InterruptedException {
        long lineNumber = 0;
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (IOException | RuntimeException e) {
            report(file, visitor, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return true;
        }
        try (raw) {
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            boolean gzip = b1 == 0x1f && b2 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            LineSplitter splitter = new LineSplitter(MAX_LINE);
            byte[] buf = new byte[1 << 16];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    // Checked per buffer, not per line: a file without line breaks is bounded too.
                    if (pastDeadline()) {
                        return false;
                    }
                    for (LineSplitter.Line line : splitter.feed(buf, n)) {
                        lineNumber++;
                        visitor.line(file, lineNumber, decode(line.bytes()), line.truncated());
                    }
                }
                LineSplitter.Line last = splitter.finish();
                if (last != null) {
                    lineNumber++;
                    visitor.line(file, lineNumber, decode(last.bytes()), last.truncated());
                }
            } catch (EOFException | ZipException e) {
                LineSplitter.Line last = splitter.finish();
                if (last != null) {
                    lineNumber++;
                    visitor.line(file, lineNumber, decode(last.bytes()), last.truncated());
                }
                report(file, visitor, "the compressed data ends early or is corrupt (" + e.getMessage()
                        + "); read " + lineNumber + " lines before that");
            }
        } catch (IOException e) {
            // Only I/O failures are the file's fault; an exception thrown by the visitor propagates.
            report(file, visitor, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ")" + (lineNumber > 0 ? " after line " + lineNumber : ""));
        }
        return true;
    }

    private boolean pastDeadline() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("log reading was interrupted");
        }
        return System.nanoTime() > deadlineNanos;
    }

    private void report(Path file, LogLineVisitor visitor, String message) {
        files.problem(file + ": " + message);
        visitor.problem(file, message);
    }

    static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString().replace('\0', '\uFFFD');
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
