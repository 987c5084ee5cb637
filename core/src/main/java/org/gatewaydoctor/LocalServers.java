package org.gatewaydoctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydoctor.model.Target;

/**
 * Finds the web servers, load balancers and PHP-FPM masters running on this Linux host from
 * {@code /proc}, and the configuration file each was started with, so an operator only types the URL:
 *
 * <pre>{@code
 * Target.Builder target = Target.builder().url("https://example.org/");
 * LocalServers.scan().forEach(s -> s.config().ifPresent(c -> target.config(s.kind().configKind(), c)));
 * }</pre>
 *
 * <p>It only reads {@code /proc/PID/cmdline}, {@code status} and {@code environ} (the latter is
 * readable for other users' processes only as root); processes it may not read are passed over.
 * Where a command line names no file, the Debian defaults apply ({@code /etc/nginx/nginx.conf},
 * {@code $APACHE_CONFDIR/apache2.conf}). Only master processes are reported, one per configuration.
 */
public final class LocalServers {

    /** At most this many bytes of a command line or environment are read. */
    private static final int MAX_READ = 64 * 1024;

    private LocalServers() {
    }

    /**
     * A running server.
     *
     * @param kind the software
     * @param pid its master process
     * @param config the configuration file it was started with, when known
     * @param commandLine its command line as {@code /proc} shows it (nginx and PHP-FPM rewrite theirs)
     */
    public record LocalServer(Kind kind, long pid, Optional<Path> config, String commandLine) {
        public LocalServer {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(commandLine, "commandLine");
        }
    }

    /** The software, with the {@link Target} configuration kind its file goes under. */
    public enum Kind {
        NGINX(Target.CONFIG_NGINX), APACHE(Target.CONFIG_APACHE), HAPROXY(Target.CONFIG_HAPROXY),
        PHP_FPM(Target.CONFIG_PHP_FPM);

        private final String configKind;

        Kind(String configKind) {
            this.configKind = configKind;
        }

        /** The key for {@link Target.Builder#config(String, Path)}. */
        public String configKind() {
            return configKind;
        }
    }

    /** The servers running on this host, by PID. Empty where there is no {@code /proc}. */
    public static List<LocalServer> scan() {
        return scan(Path.of("/proc"));
    }

    /** As {@link #scan()}, reading a {@code /proc}-like tree (for tests). */
    public static List<LocalServer> scan(Path procRoot) {
        List<LocalServer> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                try {
                    identify(dir).ifPresent(out::add);
                } catch (IOException | RuntimeException e) {
                    // The process ended while being read, or may not be read: pass over it.
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(Comparator.comparingLong(LocalServer::pid));
        // One per configuration: a reload can leave an old master for a moment.
        List<LocalServer> unique = new ArrayList<>();
        for (LocalServer s : out) {
            if (unique.stream().noneMatch(u -> u.kind() == s.kind() && u.config().equals(s.config()))) {
                unique.add(s);
            }
        }
        return List.copyOf(unique);
    }

    /**
     * Adds the configuration files of {@code servers} to {@code target}, for each kind the target does not
     * name yet (the first server of a kind wins).
     *
     * @return the servers whose configuration was added
     */
    public static List<LocalServer> applyTo(Target.Builder target, Target current, List<LocalServer> servers) {
        List<LocalServer> used = new ArrayList<>();
        for (LocalServer s : servers) {
            String kind = s.kind().configKind();
            if (s.config().isPresent() && current.config(kind).isEmpty()
                    && used.stream().noneMatch(u -> u.kind() == s.kind())) {
                target.config(kind, s.config().get());
                used.add(s);
            }
        }
        return used;
    }

    private static boolean isPid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static Optional<LocalServer> identify(Path dir) throws IOException {
        long pid = Long.parseLong(dir.getFileName().toString());
        List<String> args = split(read(dir.resolve("cmdline")));
        if (args.isEmpty()) {
            return Optional.empty(); // kernel thread or zombie
        }
        String first = args.get(0);
        String line = String.join(" ", args);
        if (first.startsWith("nginx: master process")) {
            // nginx overwrites argv: "nginx: master process /usr/sbin/nginx -c /etc/nginx/nginx.conf -g ..."
            List<String> words = List.of(line.substring("nginx: master process".length()).trim().split("\\s+"));
            return Optional.of(new LocalServer(Kind.NGINX, pid, Optional.of(nginxConfig(words, dir)), line));
        }
        if (first.startsWith("php-fpm: master process")) {
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            // The path as given to -y: relative ones are relative to the master's working folder.
            Optional<Path> conf = open > 0 && close > open
                    ? Optional.of(cwd(dir).resolve(line.substring(open + 1, close)).normalize()) : Optional.empty();
            return Optional.of(new LocalServer(Kind.PHP_FPM, pid, conf, line));
        }
        String exe = Path.of(first).getFileName() == null ? first : Path.of(first).getFileName().toString();
        if (exe.equals("apache2") || exe.equals("httpd")) {
            if (parentIsSame(dir, exe)) {
                return Optional.empty(); // a child of the master
            }
            return Optional.of(new LocalServer(Kind.APACHE, pid, Optional.of(apacheConfig(args, dir, exe)), line));
        }
        if (exe.equals("haproxy")) {
            if (parentIsSame(dir, exe)) {
                return Optional.empty(); // the worker of a master-worker HAProxy
            }
            return Optional.of(new LocalServer(Kind.HAPROXY, pid, option(args, "-f").map(Path::of), line));
        }
        return Optional.empty();
    }

    private static Path nginxConfig(List<String> words, Path dir) {
        Optional<String> conf = option(words, "-c");
        Optional<String> prefix = option(words, "-p");
        if (conf.isEmpty()) {
            return Path.of("/etc/nginx/nginx.conf");
        }
        Path c = Path.of(conf.get());
        if (c.isAbsolute()) {
            return c;
        }
        return prefix.map(Path::of).orElseGet(() -> cwd(dir)).resolve(c).normalize();
    }

    private static Path apacheConfig(List<String> args, Path dir, String exe) {
        Optional<String> file = option(args, "-f");
        Map<String, String> env = environ(dir);
        String root = option(args, "-d").orElse(env.getOrDefault("APACHE_CONFDIR",
                exe.equals("httpd") ? "/etc/httpd" : "/etc/apache2"));
        if (file.isPresent()) {
            Path f = Path.of(file.get());
            return f.isAbsolute() ? f : Path.of(root).resolve(f).normalize();
        }
        return Path.of(root).resolve(exe.equals("httpd") ? "conf/httpd.conf" : "apache2.conf");
    }

    /** The value after {@code flag} ({@code -c FILE}) or glued to it ({@code -cFILE}). */
    private static Optional<String> option(List<String> args, String flag) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(flag) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (a.startsWith(flag) && a.length() > flag.length() && !a.startsWith("--")) {
                return Optional.of(a.substring(flag.length()));
            }
        }
        return Optional.empty();
    }

    private static boolean parentIsSame(Path dir, String exe) throws IOException {
        String ppid = null;
        for (String l : read(dir.resolve("status")).split("\n")) {
            if (l.startsWith("PPid:")) {
                ppid = l.substring(5).trim();
            }
        }
        if (ppid == null || ppid.equals("0") || ppid.equals("1")) {
            return false;
        }
        Path parent = dir.resolveSibling(ppid);
        try {
            List<String> pargs = split(read(parent.resolve("cmdline")));
            return !pargs.isEmpty() && Path.of(pargs.get(0)).getFileName() != null
                    && Path.of(pargs.get(0)).getFileName().toString().equals(exe);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path cwd(Path dir) {
        try {
            return Files.readSymbolicLink(dir.resolve("cwd"));
        } catch (IOException | RuntimeException e) {
            return Path.of("/");
        }
    }

    private static Map<String, String> environ(Path dir) {
        try {
            Map<String, String> env = new java.util.HashMap<>();
            for (String kv : split(read(dir.resolve("environ")))) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            return env;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_READ), StandardCharsets.UTF_8);
        }
    }

    private static List<String> split(String nulSeparated) {
        return Arrays.stream(nulSeparated.split("\0")).filter(s -> !s.isEmpty()).toList();
    }
}
