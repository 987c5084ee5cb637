package org.gatewaydoctor.checks.wordpress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded look at a WordPress site's code: plugins (with their header), must-use plugins, themes and drop-ins,
 * when each last changed, and PHP files that print before the headers (a UTF-8 byte order mark, whitespace before
 * {@code <?php}, whitespace after a final {@code ?>}). Only the first and last bytes of each file are read; the
 * walk stops after {@link #MAX_ENTRIES} entries or at the deadline, follows no symbolic link and says when it
 * stopped early.
 */
public final class SiteFiles {

    /** Most files and folders looked at in one site. */
    public static final int MAX_ENTRIES = 20_000;
    /** Bytes read at each end of a PHP file. */
    static final int EDGE = 256;
    /** Bytes of a plugin's main file searched for its header (WordPress reads 8 KiB: get_file_data()). */
    static final int HEADER_BYTES = 8192;
    private static final Pattern HEADER = Pattern.compile("^[ \\t/*#@]*(Plugin Name|Version):(.{0,200})$",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    /** The drop-ins WordPress loads from wp-content when present ({@code _get_dropins()}, the common ones). */
    public static final List<String> DROP_INS = List.of("advanced-cache.php", "object-cache.php", "db.php",
            "db-error.php", "maintenance.php", "sunrise.php", "fatal-error-handler.php", "php-error.php");

    private SiteFiles() {
    }

    /** A plugin, must-use plugin, theme or drop-in, with when its folder (or file) last changed. */
    public record Component(String kind, String slug, String name, String version, Instant changed, Path newestFile) {
    }

    /** One file that prints before the headers. */
    public record Output(Path file, String what) {
    }

    /**
     * What the walk found.
     *
     * @param components plugins, must-use plugins, themes and drop-ins
     * @param output PHP files with output before the headers
     * @param entries files and folders looked at
     * @param complete whether the walk saw everything (not stopped by the limits or the deadline)
     * @param problems what could not be read
     */
    public record Report(List<Component> components, List<Output> output, int entries, boolean complete,
                         List<String> problems) {
    }

    /** Walks {@code content} (wp-content) and checks {@code wpConfig}, until {@code deadlineNanos}. */
    public static Report scan(Path content, Path wpConfig, long deadlineNanos) {
        Walk w = new Walk(deadlineNanos);
        if (wpConfig != null) {
            w.check(wpConfig, true, true);
        }
        w.folder(content.resolve("plugins"), "plugin");
        w.folder(content.resolve("mu-plugins"), "must-use plugin");
        w.folder(content.resolve("themes"), "theme");
        for (String d : DROP_INS) {
            Path p = content.resolve(d);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                w.components.add(new Component("drop-in", d, d, "", modified(p), p));
                w.check(p, true, true);
            }
        }
        return new Report(w.components, w.output, w.entries, w.complete, w.problems);
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static final class Walk {
        final long deadline;
        final List<Component> components = new ArrayList<>();
        final List<Output> output = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int entries;
        boolean complete = true;

        Walk(long deadline) {
            this.deadline = deadline;
        }

        boolean exhausted() {
            if (entries >= MAX_ENTRIES || System.nanoTime() > deadline) {
                complete = false;
                return true;
            }
            return false;
        }

        void folder(Path dir, String kind) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    if (++entries > MAX_ENTRIES) {
                        complete = false;
                        break;
                    }
                    children.add(p);
                }
            } catch (IOException e) {
                problems.add("cannot list " + dir + ": " + e.getMessage());
                complete = false;
                return;
            }
            children.sort(null);
            for (Path child : children) {
                if (exhausted()) {
                    return;
                }
                String name = child.getFileName().toString();
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    component(child, kind, name);
                } else if (name.toLowerCase(Locale.ROOT).endsWith(".php") && !kind.equals("theme")) {
                    // single-file plugins (hello.php) and must-use plugins
                    String[] header = header(child);
                    if (kind.equals("must-use plugin") || header[0] != null) {
                        components.add(new Component(kind, name, header[0] == null ? name : header[0],
                                header[1] == null ? "" : header[1], modified(child), child));
                        check(child, true, true);
                    }
                }
            }
        }

        /** A plugin or theme folder: its header, its newest file, and its PHP files' edges. */
        void component(Path dir, String kind, String slug) {
            String[] header = {null, null};
            Instant[] newest = {modified(dir)};
            Path[] newestFile = {dir};
            try {
                Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), 12, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                        if (exhausted()) {
                            return FileVisitResult.TERMINATE;
                        }
                        entries++;
                        Instant m = a.lastModifiedTime().toInstant();
                        if (newest[0] == null || m.isAfter(newest[0])) {
                            newest[0] = m;
                            newestFile[0] = f;
                        }
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        if (!a.isRegularFile() || !n.endsWith(".php")) {
                            return FileVisitResult.CONTINUE;
                        }
                        boolean top = f.getParent().equals(dir);
                        if (kind.equals("plugin") && top && header[0] == null) {
                            String[] h = header(f);
                            if (h[0] != null) {
                                header[0] = h[0];
                                header[1] = h[1];
                            }
                        }
                        if (kind.equals("theme")) {
                            // only code loaded before the page: functions.php (templates print on purpose)
                            if (top && n.equals("functions.php")) {
                                check(f, true, true);
                            }
                        } else {
                            check(f, top, top);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                        if (exhausted()) {
                            return FileVisitResult.TERMINATE;
                        }
                        entries++;
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path f, IOException e) {
                        problems.add("cannot read " + f + ": " + e.getMessage());
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                problems.add("cannot walk " + dir + ": " + e.getMessage());
            }
            if (kind.equals("theme") && header[0] == null) {
                header[0] = slug;
            }
            if (kind.equals("plugin") && header[0] == null) {
                return; // not a plugin WordPress would list
            }
            components.add(new Component(kind, slug, header[0], header[1] == null ? "" : header[1], newest[0],
                    newestFile[0]));
        }

        /** Reads the edges of a PHP file; {@code leading}/{@code trailing}: check whitespace before and after. */
        void check(Path f, boolean leading, boolean trailing) {
            try (SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size == 0) {
                    return;
                }
                ByteBuffer head = ByteBuffer.allocate((int) Math.min(EDGE, size));
                while (head.hasRemaining() && ch.read(head) > 0) {
                    // fill
                }
                byte[] h = head.array();
                if (h.length >= 3 && (h[0] & 0xff) == 0xEF && (h[1] & 0xff) == 0xBB && (h[2] & 0xff) == 0xBF) {
                    output.add(new Output(f, "starts with a UTF-8 byte order mark (EF BB BF)"));
                    return;
                }
                if (leading) {
                    int ws = 0;
                    while (ws < h.length && (h[ws] == ' ' || h[ws] == '\t' || h[ws] == '\n' || h[ws] == '\r')) {
                        ws++;
                    }
                    if (ws > 0 && ws + 2 <= h.length && h[ws] == '<' && h[ws + 1] == '?') {
                        output.add(new Output(f, ws + " whitespace byte" + (ws == 1 ? "" : "s") + " before <?php"));
                        return;
                    }
                }
                if (trailing && size > 2) {
                    int n = (int) Math.min(EDGE, size);
                    ByteBuffer tail = ByteBuffer.allocate(n);
                    ch.position(size - n);
                    while (tail.hasRemaining() && ch.read(tail) > 0) {
                        // fill
                    }
                    String t = new String(tail.array(), StandardCharsets.ISO_8859_1);
                    int close = t.lastIndexOf("?>");
                    if (close >= 0) {
                        String after = t.substring(close + 2);
                        // PHP eats one newline right after ?>; anything else is output
                        String rest = after.startsWith("\r\n") ? after.substring(2)
                                : after.startsWith("\n") ? after.substring(1) : after;
                        if (!rest.isEmpty() && rest.isBlank()) {
                            output.add(new Output(f, rest.length() + " whitespace byte" + (rest.length() == 1 ? "" : "s")
                                    + " after the closing ?>"));
                        }
                    }
                }
            } catch (IOException e) {
                problems.add("cannot read " + f + ": " + e.getMessage());
            }
        }
    }

    /** {@code [Plugin Name, Version]} from the first 8 KiB, as WordPress's get_file_data() reads them. */
    static String[] header(Path f) {
        String[] out = {null, null};
        try (InputStream in = Files.newInputStream(f)) {
            String head = new String(in.readNBytes(HEADER_BYTES), StandardCharsets.UTF_8).replace("\r", "\n");
            Matcher m = HEADER.matcher(head);
            while (m.find()) {
                String v = m.group(2).replaceAll("\\s*(?:\\*/|\\?>).*$", "").strip();
                if (m.group(1).equalsIgnoreCase("Plugin Name") && out[0] == null && !v.isEmpty()) {
                    out[0] = v;
                } else if (m.group(1).equalsIgnoreCase("Version") && out[1] == null) {
                    out[1] = v;
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The component a path belongs to, when it is inside {@code content}. */
    public static Optional<String> owner(Path content, Path file) {
        Path rel;
        try {
            rel = content.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (rel.getNameCount() < 2 || rel.startsWith("..")) {
            return Optional.empty();
        }
        String kind = switch (rel.getName(0).toString()) {
            case "plugins" -> "plugin ";
            case "mu-plugins" -> "must-use plugin ";
            case "themes" -> "theme ";
            default -> null;
        };
        return kind == null ? Optional.empty() : Optional.of(kind + rel.getName(1));
    }
}
