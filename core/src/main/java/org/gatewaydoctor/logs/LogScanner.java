package org.gatewaydoctor.logs;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.internal.logs.scan.ScanEngine;

/**
 * Scans logs for every signature of a catalogue at once and aggregates what matched.
 *
 * <p>The hot path never runs a regular expression on a line that cannot match: a multi-literal
 * search over raw bytes finds candidate lines, and only those are decoded, classified by format
 * and tested with their signatures' patterns. Files are scanned in parallel; large files are split at
 * line boundaries. Memory stays bounded whatever the input size.
 *
 * <pre>{@code
 * LogScan scan = LogScanner.builder()
 *     .catalog(SignatureCatalog.discover(getClass().getClassLoader()))
 *     .zone(ZoneId.of("Europe/Berlin"))
 *     .since(Instant.now().minus(Duration.ofHours(1)))
 *     .build()
 *     .scan(List.of(Path.of("/var/log/nginx")));
 * scan.hits("nginx.upstream-timed-out").ifPresent(h -> System.out.println(h.count()));
 * }</pre>
 */
public final class LogScanner {

    /** Sample lines kept per signature. */
    public static final int MAX_SAMPLES = 5;
    /** Distinct values kept per extracted field. */
    public static final int MAX_FIELD_VALUES = 20;
    /** Events kept on the timeline (the most recent). */
    public static final int MAX_TIMELINE = 2000;

    private final ScanEngine engine;

    private LogScanner(Builder b) {
        this.engine = new ScanEngine(b.catalog.signatures(), b.zone, b.since, b.until, b.parallelism, b.redactor,
                b.deadlineNanos, b.resultDeadlineNanos, b.site, b.siteFiles);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scans files, directories (every regular file inside, rotated and {@code .gz} ones included) and
     * glob patterns ({@code /var/log/nginx/*.log}). Unreadable sources are reported in the result,
     * never thrown.
     *
     * @throws InterruptedException if the calling thread is interrupted
     */
    public LogScan scan(List<String> sources) throws InterruptedException {
        return engine.scanSources(sources, System.in);
    }

    /**
     * Like {@link #scan(List)}, with {@code stdin} standing for the source {@code -}. Matches of the
     * same signature in files and in the stream are merged into one {@link SignatureHits}.
     */
    public LogScan scan(List<String> sources, InputStream stdin) throws InterruptedException {
        return engine.scanSources(sources, stdin);
    }

    /** Scans already resolved paths (files or directories). */
    public LogScan scanPaths(List<Path> paths) throws InterruptedException {
        return engine.scanPaths(paths);
    }

    /** Scans a stream (standard input, say), named {@code name} in the result. Gzip is recognised. */
    public LogScan scan(InputStream in, String name) throws InterruptedException {
        return engine.scanStream(in, name);
    }

    /** Configures a {@link LogScanner}. */
    public static final class Builder {
        private SignatureCatalog catalog = SignatureCatalog.of(List.of());
        private ZoneId zone = ZoneId.systemDefault();
        private Instant since;
        private Instant until;
        private int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
        private UnaryOperator<String> redactor = UnaryOperator.identity();
        private long deadlineNanos = Long.MAX_VALUE;
        private long resultDeadlineNanos = Long.MAX_VALUE;
        private java.util.Set<String> site = java.util.Set.of();
        private java.util.Map<Path, java.util.List<String>> siteFiles = java.util.Map.of();

        private Builder() {
        }

        /**
         * Reads only the lines of one web site: lines that name another site (nginx's {@code server:} and
         * {@code host:}, Apache's {@code vhost_combined} host) are set aside and only counted, per site, in
         * {@link LogScan#sites()}. Lines that name no site are read. {@code names} are the site's host names
         * (its URL's host, its {@code server_name}s); values that cannot name a site (IP addresses, names
         * without a dot) are ignored, and with none left every line is read.
         */
        public Builder site(java.util.Collection<String> names) {
            java.util.Set<String> out = new java.util.TreeSet<>();
            for (String n : names) {
                String s = org.gatewaydoctor.internal.logs.scan.Sites.siteName(Objects.requireNonNull(n, "name"));
                if (s != null) {
                    out.add(s);
                }
            }
            this.site = java.util.Set.copyOf(out);
            return this;
        }

        /**
         * Files that belong to one site each (a {@code server {}}'s own {@code error_log}, a virtual host's own
         * {@code ErrorLog}), with the site's host names. With {@link #site} set, a line of such a file that names
         * no site is about the file's site: kept when that is the site read, else set aside and counted as the
         * file's site's. Without {@link #site}, lines are read as always.
         */
        public Builder siteFiles(java.util.Map<Path, ? extends java.util.Collection<String>> files) {
            java.util.Map<Path, java.util.List<String>> out = new java.util.HashMap<>();
            files.forEach((path, names) -> {
                java.util.List<String> valid = names.stream()
                        .map(n -> org.gatewaydoctor.internal.logs.scan.Sites.siteName(Objects.requireNonNull(n, "name")))
                        .filter(Objects::nonNull).distinct().toList();
                if (!valid.isEmpty()) {
                    out.put(path.toAbsolutePath().normalize(), valid);
                }
            });
            this.siteFiles = java.util.Map.copyOf(out);
            return this;
        }

        public Builder catalog(SignatureCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The zone of log lines that carry none (nginx, Apache and PHP-FPM write local time). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Ignore lines dated before {@code since} (undated lines are kept). */
        public Builder since(Instant since) {
            this.since = since;
            return this;
        }

        /** Ignore lines dated after {@code until} (undated lines are kept). */
        public Builder until(Instant until) {
            this.until = until;
            return this;
        }

        /** Threads to scan with (default: the number of cores). */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Applied to every line and field value kept as evidence, when the result is built; with a parallelism
         * above one it may be called from several threads at once (as {@link org.gatewaydoctor.spi.Redactor}
         * allows).
         */
        public Builder redactor(UnaryOperator<String> redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /** Stop reading at this {@link System#nanoTime()} and return what was read, marked incomplete. */
        public Builder deadlineNanos(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
            return this;
        }

        /**
         * Stop building the result at this {@link System#nanoTime()}: the evidence lines and field values
         * not yet redacted then are dropped (never kept unredacted; counts stay), and every source is
         * marked incomplete. Set it a little after {@link #deadlineNanos(long)} so that a scan ends on time
         * whatever it read.
         */
        public Builder resultDeadlineNanos(long resultDeadlineNanos) {
            this.resultDeadlineNanos = resultDeadlineNanos;
            return this;
        }

        public LogScanner build() {
            return new LogScanner(this);
        }
    }
}
