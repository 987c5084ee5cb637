package org.gatewaydoctor.checks.http.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of one configuration, seen as the server sees them, read within {@link ConfigLimits}.
 *
 * <p>Paths here are <em>configuration paths</em>: absolute paths as the server would open them
 * ({@code /etc/nginx/sites-enabled/default}), which problems and directives quote. They are read under a
 * root directory: the real {@code /}, or another tree ({@code root=/srv/container-rootfs}) in which case
 * symbolic links are followed inside that tree (an absolute link target starts again at the root), never
 * out of it.
 */
final class ConfigFiles {

    /** Most symbolic links followed resolving one path, as Linux's {@code ELOOP} limit. */
    private static final int MAX_LINKS = 40;

    private final Path root;
    private final ConfigLimits limits;
    private final List<ConfigProblem> problems;
    private final Map<Path, byte[]> cache = new HashMap<>();
    private final List<String> read = new ArrayList<>();
    private long totalBytes;
    private int reads;
    private boolean readLimitReported;

    /**
     * @param root the tree the configuration paths are in, {@code null} for the real file system
     * @param limits the bounds
     * @param problems where problems go
     */
    ConfigFiles(Path root, ConfigLimits limits, List<ConfigProblem> problems) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.limits = limits;
        this.problems = problems;
    }

    ConfigLimits limits() {
        return limits;
    }

    /** Every configuration path read, in order, each once. */
    List<String> filesRead() {
        return List.copyOf(read);
    }

    /** {@code name} if absolute, else {@code dir/name} (no normalisation: the servers do none either). */
    static String join(String dir, String name) {
        if (name.startsWith("/")) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /** The directory part of a configuration path, with its trailing slash ({@code /etc/nginx/}). */
    static String dirOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "/" : path.substring(0, slash + 1);
    }

    /** Where configuration path {@code path} is on this machine. */
    Path host(String path) {
        if (root == null) {
            return Path.of(path);
        }
        Deque<String> todo = new ArrayDeque<>(components(path));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(c);
            Path p = resolve(done);
            if (Files.isSymbolicLink(p) && links++ < MAX_LINKS) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    continue;
                }
                done.remove(done.size() - 1);
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> more = components(target);
                for (int i = more.size() - 1; i >= 0; i--) {
                    todo.addFirst(more.get(i));
                }
            }
        }
        return resolve(done);
    }

    private Path resolve(List<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty() && !s.equals(".")) {
                out.add(s);
            }
        }
        return out;
    }

    boolean exists(String path) {
        return Files.exists(host(path));
    }

    boolean isDirectory(String path) {
        return Files.isDirectory(host(path));
    }

    /** The names in directory {@code dir} ({@code .} and {@code ..} excluded), sorted as {@code strcmp} sorts. */
    List<String> list(String dir) throws IOException {
        try (Stream<Path> s = Files.list(host(dir))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A key that is the same for two configuration paths naming the same file. */
    Path identity(String path) {
        Path h = host(path);
        try {
            return h.toRealPath();
        } catch (IOException | SecurityException e) {
            return h.toAbsolutePath().normalize();
        }
    }

    /** The errno-like words for an I/O failure ({@code 2: No such file or directory}). */
    static String errno(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "2: No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "13: Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "20: Not a directory";
        }
        if (e instanceof FileSystemLoopException) {
            return "40: Too many levels of symbolic links";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** The text after the {@code NN: } of {@link #errno}. */
    static String strerror(IOException e) {
        String s = errno(e);
        int colon = s.indexOf(": ");
        return colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit) ? s.substring(colon + 2) : s;
    }

    /** What a failed read says, for the parser to word. */
    interface OnFailure {
        void failed(IOException e);
    }

    /**
     * The bytes of configuration file {@code path}, or {@code null} when it cannot or may not be read:
     * an open failure goes to {@code onFailure} (each server words it its own way), a limit or a binary
     * file becomes a problem here, quoted at {@code fromFile:fromLine} (the include that asked for it).
     */
    byte[] read(String path, String fromFile, int fromLine, OnFailure onFailure) {
        if (++reads > limits.maxFiles()) {
            if (!readLimitReported) {
                readLimitReported = true;
                problems.add(ConfigProblem.unread(fromFile, fromLine, "\"" + path + "\" and later files not read: "
                        + "more than " + limits.maxFiles() + " file reads"));
            }
            return null;
        }
        Path h = host(path);
        Path key = identity(path);
        byte[] data = cache.get(key);
        if (data == null) {
            try {
                if (Files.isDirectory(h)) {
                    throw new IOException("21: Is a directory");
                }
                if (Files.exists(h) && !Files.isRegularFile(h)) {
                    // a device, FIFO or socket: /dev/null reads as empty, a FIFO would block; never opened
                    problems.add(ConfigProblem.unread(path, 0, "not read: not a regular file (a device, FIFO or "
                            + "socket)"));
                    return null;
                }
                long size = Files.size(h);
                if (size > limits.maxFileBytes()) {
                    problems.add(ConfigProblem.unread(path, 0, "not read: " + size + " bytes, over the limit of "
                            + limits.maxFileBytes() + " bytes a file"));
                    return null;
                }
                if (totalBytes + size > limits.maxTotalBytes()) {
                    problems.add(ConfigProblem.unread(path, 0, "not read: the configuration's files exceed "
                            + limits.maxTotalBytes() + " bytes in all"));
                    return null;
                }
                try (InputStream in = Files.newInputStream(h)) {
                    data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
                }
                if (data.length > limits.maxFileBytes()) {
                    problems.add(ConfigProblem.unread(path, 0, "not read: over the limit of " + limits.maxFileBytes()
                            + " bytes a file"));
                    return null;
                }
            } catch (IOException e) {
                onFailure.failed(e);
                return null;
            }
            totalBytes += data.length;
            cache.put(key, data);
            if (!read.contains(path)) {
                read.add(path);
            }
        }
        int nul = indexOf(data, (byte) 0);
        if (nul >= 0) {
            // nginx stops at "unknown directive", httpd at a section "was not closed", HAProxy at "Stray NUL
            // character": none of them starts with it.
            int line = lineAt(data, nul);
            problems.add(ConfigProblem.error(path, line, "binary data (a NUL byte): not a configuration file, the "
                    + "server refuses it"));
            problems.add(ConfigProblem.unread(path, line, "not parsed: binary data"));
            return null;
        }
        return data;
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lineAt(byte[] data, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (data[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
