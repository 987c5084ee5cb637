package com.example.gatewaydoctor.disk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * Free disk space on the file systems that hold the site's log files and {@code /tmp}.
 *
 * <p>A full disk is a classic hidden cause of 502s: nginx cannot buffer request bodies and FastCGI
 * responses ({@code client_body_temp}, {@code fastcgi_temp}), PHP cannot write sessions or uploads,
 * MySQL cannot create temporary tables, and the logs that would explain it stop growing. The check
 * reads each file system's size and usable space with {@link FileStore} and reports
 * {@link CauseCode#HOST_OVERLOADED} as a {@link Severity#WARNING} below 10&nbsp;% free and as
 * {@link Severity#CRITICAL} below 2&nbsp;%. A file system that does not even answer in time (a hung
 * NFS mount) is reported too, because the web server blocks on it the same way.
 *
 * <p>Options ({@link Target#options()}):
 * <ul>
 *   <li>{@value #WARN_PERCENT}: warn below this percentage of free space (default 10);</li>
 *   <li>{@value #CRITICAL_PERCENT}: critical below this percentage (default 2, never above the warning
 *       threshold unless set explicitly);</li>
 *   <li>{@value #PATHS}: more paths to check, separated by commas (e.g. the MySQL data directory).</li>
 * </ul>
 * It applies only to a local diagnosis (log files, configuration files or extra paths given): with a
 * URL alone, this machine's disks say nothing about the origin's.
 *
 * <pre>{@code
 * Target target = Target.builder()
 *     .logs(Path.of("/var/log/nginx"))
 *     .option(DiskSpaceCheck.WARN_PERCENT, "15")
 *     .build();
 * Diagnosis d = GatewayDoctor.builder().build().diagnose(target);   // found through META-INF/services
 * }</pre>
 */
public final class DiskSpaceCheck implements Check {

    /** The check's id. */
    public static final String ID = "example.disk-space";
    /** Option: warn below this percentage of free space. */
    public static final String WARN_PERCENT = "example.disk-space.warn-percent";
    /** Option: critical below this percentage of free space. */
    public static final String CRITICAL_PERCENT = "example.disk-space.critical-percent";
    /** Option: more paths to check, comma-separated. */
    public static final String PATHS = "example.disk-space.paths";
    /** Default warning threshold, in percent free. */
    public static final double DEFAULT_WARN_PERCENT = 10.0;
    /** Default critical threshold, in percent free. */
    public static final double DEFAULT_CRITICAL_PERCENT = 2.0;

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_NAMED_PATHS = 3;

    private final SpaceProbe probe;
    private final Path tmp;

    /** The check as {@link java.util.ServiceLoader} creates it: real file systems, {@code /tmp}. */
    public DiskSpaceCheck() {
        this(SpaceProbe.FILE_STORES, null);
    }

    /**
     * For tests: measures with {@code probe}, and checks {@code tmp} instead of {@code /tmp} (or the
     * JVM's temporary directory where there is no {@code /tmp}).
     */
    DiskSpaceCheck(SpaceProbe probe, Path tmp) {
        this.probe = probe;
        this.tmp = tmp;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.HOST;
    }

    @Override
    public String title() {
        return "Free disk space where the logs and /tmp live";
    }

    @Override
    public Duration timeout() {
        return TIMEOUT;
    }

    @Override
    public CheckResult run(CheckContext ctx) throws InterruptedException {
        Target target = ctx.target();
        double warn = percent(target, WARN_PERCENT).orElse(DEFAULT_WARN_PERCENT);
        Optional<Double> explicitCritical = percent(target, CRITICAL_PERCENT);
        double critical = explicitCritical.orElse(Math.min(DEFAULT_CRITICAL_PERCENT, warn));
        if (critical > warn) {
            throw new IllegalArgumentException("option " + CRITICAL_PERCENT + " (" + critical
                    + ") must not be above " + WARN_PERCENT + " (" + warn + ")");
        }
        List<Path> extra = extraPaths(target);
        if (target.logs().isEmpty() && target.configs().isEmpty() && extra.isEmpty()) {
            return CheckResult.notApplicable("no local log or configuration files were given, so this machine's disks "
                    + "may not be the origin's; give the site's logs to check them");
        }

        Set<Path> paths = new LinkedHashSet<>();
        target.logs().forEach(p -> paths.add(p.toAbsolutePath().normalize()));
        extra.forEach(p -> paths.add(p.toAbsolutePath().normalize()));
        paths.add(tmp != null ? tmp : defaultTmp());

        Measured measured = measure(ctx, new ArrayList<>(paths));
        Redactor r = ctx.redactor();

        List<Finding> findings = new ArrayList<>();
        List<Evidence> fine = new ArrayList<>();
        for (Map.Entry<Object, StoreUse> e : measured.stores().entrySet()) {
            StoreUse use = e.getValue();
            Space space = use.space();
            if (space.totalBytes() <= 0) {
                continue; // a pseudo file system (proc, sysfs) has no size to run out of
            }
            double free = 100.0 * space.usableBytes() / space.totalBytes();
            String name = r.redact(space.name());
            String holds = r.redact(list(use.paths()));
            List<Evidence> evidence = List.of(
                    new Evidence.Measurement("free space on " + name, round(free), "%"),
                    new Evidence.Measurement("usable space on " + name, space.usableBytes(), "bytes"),
                    new Evidence.Measurement("size of " + name, space.totalBytes(), "bytes"),
                    new Evidence.Observation(name + " holds " + holds));
            if (free < warn) {
                Severity severity = free < critical ? Severity.CRITICAL : Severity.WARNING;
                String first = r.redact(use.paths().get(0).toString());
                findings.add(Finding.cause(CauseCode.HOST_OVERLOADED, Layer.HOST, severity,
                                severity == Severity.CRITICAL ? 0.7 : 0.3,
                                String.format(Locale.ROOT, "Only %.1f%% (%s of %s) is free on %s, which holds %s",
                                        free, bytes(space.usableBytes()), bytes(space.totalBytes()), name, holds))
                        .evidence(evidence)
                        .remediation(
                                "See what fills it: du -xh --max-depth=2 \"$(df --output=target " + first
                                        + " | tail -1)\" | sort -h | tail -20",
                                "Check log rotation (logrotate -d /etc/logrotate.conf): old rotated logs and a runaway "
                                        + "wp-content/debug.log are the usual culprits.",
                                "Free space before restarting anything: nginx needs it for client_body_temp and "
                                        + "fastcgi_temp, PHP for sessions and uploads, MySQL for temporary tables.")
                        .confirmWith("df -h " + first + " and df -i " + first
                                + " (inodes can run out while bytes remain)")
                        .build());
            } else {
                fine.addAll(evidence);
            }
        }
        if (!measured.hung().isEmpty()) {
            List<Evidence> evidence = new ArrayList<>();
            for (Path p : measured.hung()) {
                evidence.add(new Evidence.Observation("the file system holding " + r.redact(p.toString())
                        + " did not report its free space within " + measured.waited().toMillis() + " ms"));
            }
            findings.add(Finding.cause(CauseCode.HOST_OVERLOADED, Layer.HOST, Severity.WARNING, 0.4,
                            "The file system holding " + r.redact(list(measured.hung()))
                                    + " does not answer (a hung network mount?)")
                    .evidence(evidence)
                    .remediation("Look for network mounts that stopped answering: mount | grep -E 'nfs|cifs|fuse' "
                                    + "and dmesg | grep -i 'not responding'.",
                            "Processes that write there (nginx logging, PHP sessions) block too; remount or fix the "
                                    + "server behind it.")
                    .confirmWith("timeout 5 stat -f " + r.redact(measured.hung().get(0).toString()) + " hangs")
                    .build());
        }
        for (String problem : measured.problems()) {
            fine.add(new Evidence.Observation(r.redact(problem)));
        }
        return findings.isEmpty() ? new CheckResult.Passed(fine) : CheckResult.findings(findings);
    }

    /** What one file system holds of the paths we were asked about. */
    private record StoreUse(Space space, List<Path> paths) {
    }

    private record Measured(Map<Object, StoreUse> stores, List<Path> hung, List<String> problems, Duration waited) {
    }

    /**
     * Measures every path on its own daemon thread and waits until shortly before the deadline: a
     * {@code stat} on a hung network mount blocks in the kernel and ignores interruption, so waiting
     * on it directly would overrun the deadline.
     */
    private Measured measure(CheckContext ctx, List<Path> paths) throws InterruptedException {
        Duration left = ctx.remaining();
        Duration margin = Duration.ofMillis(Math.max(50, Math.min(250, left.toMillis() / 5)));
        Duration wait = left.minus(margin);
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        ExecutorService pool = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "example.disk-space-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Callable<Space>> tasks = new ArrayList<>();
            for (Path p : paths) {
                tasks.add(() -> probe.measure(existingAncestor(p)));
            }
            List<Future<Space>> futures = pool.invokeAll(tasks, wait.toNanos(), TimeUnit.NANOSECONDS);
            Map<Object, StoreUse> stores = new LinkedHashMap<>();
            List<Path> hung = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                Path path = paths.get(i);
                try {
                    Space space = futures.get(i).get();
                    stores.computeIfAbsent(space.store(), k -> new StoreUse(space, new ArrayList<>())).paths().add(path);
                } catch (CancellationException e) {
                    hung.add(path);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    problems.add("cannot measure the free space for " + path + ": " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                }
            }
            return new Measured(stores, hung, problems, wait);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The path itself, or its nearest existing parent (a log that was rotated away still names its directory). */
    static Path existingAncestor(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null ? p : path;
    }

    private static Path defaultTmp() {
        Path tmp = Path.of("/tmp");
        return Files.isDirectory(tmp) ? tmp : Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }

    private static Optional<Double> percent(Target target, String option) {
        Optional<String> text = target.option(option);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String v = text.get().strip();
        if (v.endsWith("%")) {
            v = v.substring(0, v.length() - 1).strip();
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d >= 0 && d <= 100)) {
            throw new IllegalArgumentException("option " + option + " must be a percentage from 0 to 100, e.g. 10; got '"
                    + text.get() + "'");
        }
        return Optional.of(d);
    }

    private static List<Path> extraPaths(Target target) {
        List<Path> out = new ArrayList<>();
        target.option(PATHS).ifPresent(v -> {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(Path.of(part.strip()));
                }
            }
        });
        return out;
    }

    private static String list(List<Path> paths) {
        List<String> names = paths.stream().limit(MAX_NAMED_PATHS).map(Path::toString).toList();
        String text = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return paths.size() > MAX_NAMED_PATHS ? text + " (and " + (paths.size() - MAX_NAMED_PATHS) + " more)" : text;
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /** Bytes for people: {@code 512 MiB}, {@code 37.2 GiB}. */
    static String bytes(long n) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " bytes" : String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** Reads the size and usable space of the file system holding a path. */
    interface SpaceProbe {
        /** The real thing: {@link Files#getFileStore(Path)}. */
        SpaceProbe FILE_STORES = path -> {
            FileStore store = Files.getFileStore(path);
            return new Space(store, store.toString(), store.getTotalSpace(), store.getUsableSpace());
        };

        Space measure(Path path) throws IOException;
    }

    /**
     * One file system's space.
     *
     * @param store identifies the file system (paths on the same one are reported together)
     * @param name how to call it, e.g. {@code / (/dev/sda1)}
     * @param totalBytes its size
     * @param usableBytes what this user may still write
     */
    record Space(Object store, String name, long totalBytes, long usableBytes) {
    }
}
