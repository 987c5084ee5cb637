package org.gatewaydoctor.checks.phpfpm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PHP-FPM processes of a Linux host, read from {@code /proc} (or a copy of it, for tests): masters
 * ({@code php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)}) and workers ({@code php-fpm: pool www}),
 * with their resident memory, and the host's {@code MemAvailable}. Reads only, a bounded number of bytes per
 * file and of processes, and stops at a deadline.
 */
public final class ProcTable {

    /** The most process directories looked at. */
    static final int MAX_PROCESSES = 200_000;
    /** The most bytes read from one file. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private static final Pattern MASTER = Pattern.compile("^php-fpm[0-9.]*: master process \\((.*)\\)\\s*$");
    private static final Pattern WORKER = Pattern.compile("^php-fpm[0-9.]*: pool (\\S+)\\s*$");

    /** One PHP-FPM process. */
    public record FpmProc(long pid, long ppid, Role role, String detail, OptionalLong rssKb, String cmdline) {
        public FpmProc {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(rssKb, "rssKb");
            Objects.requireNonNull(cmdline, "cmdline");
        }
    }

    /** Master or worker. */
    public enum Role { MASTER, WORKER }

    /**
     * What a scan found.
     *
     * @param processes the PHP-FPM processes, by pid
     * @param scanned how many process directories were looked at
     * @param complete false when the scan stopped at the deadline or the limit
     * @param memAvailableKb {@code MemAvailable} from {@code meminfo}
     * @param memTotalKb {@code MemTotal}
     */
    public record Scan(List<FpmProc> processes, int scanned, boolean complete, OptionalLong memAvailableKb,
                       OptionalLong memTotalKb) {
        public Scan {
            processes = List.copyOf(processes);
            Objects.requireNonNull(memAvailableKb, "memAvailableKb");
            Objects.requireNonNull(memTotalKb, "memTotalKb");
        }

        public List<FpmProc> masters() {
            return processes.stream().filter(p -> p.role() == Role.MASTER).toList();
        }

        public List<FpmProc> workers() {
            return processes.stream().filter(p -> p.role() == Role.WORKER).toList();
        }

        /** The workers of a master. */
        public List<FpmProc> workersOf(long masterPid) {
            return processes.stream().filter(p -> p.role() == Role.WORKER && p.ppid() == masterPid).toList();
        }
    }

    private final Path root;

    /** @param root the proc file system, {@code /proc} on a live host */
    public ProcTable(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** Whether {@code root} looks like a proc file system (it has {@code meminfo} or {@code self}). */
    public boolean available() {
        return Files.isDirectory(root) && (Files.exists(root.resolve("meminfo")) || Files.exists(root.resolve("self")));
    }

    /** Scans until done or until {@code deadline}. */
    public Scan scan(Instant deadline, Clock clock) {
        List<FpmProc> found = new ArrayList<>();
        int scanned = 0;
        boolean complete = true;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (name.isEmpty() || !name.chars().allMatch(Character::isDigit) || name.length() > 10) {
                    continue;
                }
                if (scanned >= MAX_PROCESSES || (scanned % 64 == 0 && clock.instant().isAfter(deadline))
                        || Thread.currentThread().isInterrupted()) {
                    complete = false;
                    break;
                }
                scanned++;
                FpmProc p = read(Long.parseLong(name), d);
                if (p != null) {
                    found.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            complete = false;
        }
        found.sort((a, b) -> Long.compare(a.pid(), b.pid()));
        String meminfo = text(root.resolve("meminfo"));
        return new Scan(found, scanned, complete, kb(meminfo, "MemAvailable"), kb(meminfo, "MemTotal"));
    }

    private FpmProc read(long pid, Path dir) {
        String cmd = text(dir.resolve("cmdline"));
        if (cmd == null || !cmd.startsWith("php-fpm")) {
            return null;
        }
        // php-fpm overwrites its argv with its title; what follows is NUL or space padding
        String title = cmd.replace('\0', ' ').strip();
        Role role;
        String detail;
        Matcher m = MASTER.matcher(title);
        if (m.matches()) {
            role = Role.MASTER;
            detail = m.group(1);
        } else {
            Matcher w = WORKER.matcher(title);
            if (!w.matches()) {
                return null;
            }
            role = Role.WORKER;
            detail = w.group(1);
        }
        String status = text(dir.resolve("status"));
        long ppid = kb(status, "PPid").orElse(-1);
        return new FpmProc(pid, ppid, role, detail, kb(status, "VmRSS"), title);
    }

    /** The number after {@code key:} in a {@code status}/{@code meminfo} text ({@code kB} values in kB). */
    static OptionalLong kb(String text, String key) {
        if (text == null) {
            return OptionalLong.empty();
        }
        for (String line : text.split("\n")) {
            if (line.startsWith(key + ":")) {
                String v = line.substring(key.length() + 1).strip();
                int sp = v.indexOf(' ');
                if (sp > 0) {
                    v = v.substring(0, sp);
                }
                try {
                    return OptionalLong.of(Long.parseLong(v));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** A small file's text, bounded, or null when it cannot be read (the process ended, no permission). */
    static String text(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_FILE_BYTES);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
