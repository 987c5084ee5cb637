package org.gatewaydoctor.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * One test's stack: a fresh folder under the system temp dir (mode 0755, so web-server workers that
 * run as {@code www-data} can reach sockets and documents), the servers started in it, and their
 * logs in {@code logs/}. Closing stops every server by PID, newest first, and removes the folder
 * (kept when {@code -Dgd.keepStacks=true}, for debugging).
 *
 * <pre>{@code
 * try (Stack stack = Stack.create("fpm-down")) {
 *     Server fpm = PhpFpm.start(stack, PhpFpm.pool("www").build());
 *     ...
 * }
 * }</pre>
 */
public final class Stack implements AutoCloseable {

    private final Path dir;
    private final List<Server> servers = new ArrayList<>();

    private Stack(Path dir) {
        this.dir = dir;
    }

    public static Stack create(String name) {
        try {
            Path dir = Files.createTempDirectory("gd-it-" + name + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Stack s = new Stack(dir);
            s.mkdirs("logs");
            s.mkdirs("www");
            s.mkdirs("run");
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The folder every server of the stack logs into. */
    public Path logs() {
        return dir.resolve("logs");
    }

    public Path path(String relative) {
        return dir.resolve(relative);
    }

    /** Creates folders (mode 0755). */
    public Path mkdirs(String relative) {
        try {
            Path p = Files.createDirectories(dir.resolve(relative));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file (mode 0644), creating its folders. */
    public Path write(String relative, String content) {
        try {
            Path p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server in the stack folder; it is stopped when the stack closes. */
    public Server start(String name, List<String> command) {
        Server s = Server.start(name, dir, command);
        servers.add(s);
        return s;
    }

    /** What every server printed, for assertion messages. */
    public String outputs() {
        StringBuilder b = new StringBuilder();
        for (Server s : servers) {
            b.append("--- ").append(s).append('\n').append(s.output()).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
        if (!Boolean.getBoolean("gd.keepStacks")) {
            delete(dir);
        }
    }

    private static void delete(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A leftover temp folder is harmless; the test result matters more.
        }
    }
}
