package org.gatewaydoctor.checks.wordpress.internal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.gatewaydoctor.checks.wordpress.internal.signatures.PhpErrorSignatureProvider;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.FactKey;

/**
 * The shared log scan plus WordPress's debug log when the site was found only while the checks ran (from the web
 * server's document root, {@code --local}): the engine's log locators run before any check, so a {@code WP_DEBUG_LOG}
 * named by a wp-config.php found that way is not in the shared scan. It is scanned here, bounded by the caller's
 * deadline and redacted by the engine's redactor, with this module's PHP signatures, and merged in. The first check
 * that asks publishes the merged scan as {@link #FACT}; later checks reuse it.
 */
public final class SiteLogs {

    /** The merged scan, once a check made it. */
    public static final FactKey<Merged> FACT = FactKey.of("wordpress.site-log-scan", Merged.class);

    /**
     * The value of {@link #FACT}.
     *
     * @param scan the shared scan with the late debug log merged in
     * @param added the debug log that was added, {@code null} when none was
     */
    public record Merged(LogScan scan, Path added) {
    }

    private SiteLogs() {
    }

    /** The debug log of the site that the shared scan lacks, if any. */
    public static Optional<Path> missing(CheckContext ctx) {
        Optional<WpSite> site = ctx.fact(WpSite.FACT);
        if (site.isEmpty() || site.get().debugLog().isEmpty()) {
            return Optional.empty();
        }
        Path log = site.get().debugLog().get().toAbsolutePath().normalize();
        if (!Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        for (Path p : ctx.logs().files()) {
            if (p.toAbsolutePath().normalize().equals(log)) {
                return Optional.empty();
            }
        }
        return Optional.of(log);
    }

    /** Whether there is anything to read: the shared logs or a late debug log. */
    public static boolean any(CheckContext ctx) {
        return !ctx.logs().files().isEmpty() || ctx.fact(FACT).isPresent() || missing(ctx).isPresent();
    }

    /** The shared scan with the site's late debug log merged in (scanned at most once per diagnosis). */
    public static LogScan scan(CheckContext ctx, long deadlineNanos) throws InterruptedException {
        Optional<Merged> done = ctx.fact(FACT);
        if (done.isPresent()) {
            return done.get().scan();
        }
        LogScan shared = ctx.logs().files().isEmpty() ? LogScan.empty() : ctx.logScan();
        Optional<Path> late = missing(ctx);
        if (late.isEmpty()) {
            return shared;
        }
        LogScan extra = LogScanner.builder()
                .catalog(SignatureCatalog.of(new PhpErrorSignatureProvider().signatures()))
                .zone(ctx.target().zone())
                .redactor(ctx.redactor()::redact)
                .parallelism(1)
                .deadlineNanos(deadlineNanos)
                .resultDeadlineNanos(deadlineNanos)
                .build()
                .scanPaths(List.of(late.get()));
        LogScan merged = merge(shared, extra);
        ctx.publish(FACT, new Merged(merged, late.get()));
        return merged;
    }

    /** {@code a} and {@code b} as one scan: hits of the same signature added up, timelines merged by time. */
    static LogScan merge(LogScan a, LogScan b) {
        Map<String, SignatureHits> byId = new LinkedHashMap<>();
        for (SignatureHits h : a.signatures()) {
            byId.put(h.id(), h);
        }
        for (SignatureHits h : b.signatures()) {
            byId.merge(h.id(), h, SiteLogs::add);
        }
        List<SignatureHits> signatures = new ArrayList<>(byId.values());
        // written out: Comparator.comparing chains are serializable lambdas, which the class-data archive cannot hold
        signatures.sort((x, y) -> Long.compare(y.count(), x.count()));
        List<LogEvent> timeline = new ArrayList<>(a.timeline());
        timeline.addAll(b.timeline());
        timeline.sort((x, y) -> x.at() == null ? (y.at() == null ? 0 : -1)
                : y.at() == null ? 1 : x.at().compareTo(y.at()));
        if (timeline.size() > LogScanner.MAX_TIMELINE) {
            timeline = timeline.subList(timeline.size() - LogScanner.MAX_TIMELINE, timeline.size());
        }
        List<org.gatewaydoctor.logs.ScannedFile> files = new ArrayList<>(a.files());
        files.addAll(b.files());
        List<String> problems = new ArrayList<>(a.problems());
        problems.addAll(b.problems());
        return new LogScan(a.bytesScanned() + b.bytesScanned(), a.linesScanned() + b.linesScanned(),
                a.elapsed().plus(b.elapsed()), files, signatures, timeline, problems, a.sites());
    }

    private static SignatureHits add(SignatureHits x, SignatureHits y) {
        List<Evidence.LogLine> samples = new ArrayList<>(x.samples());
        samples.addAll(y.samples());
        if (samples.size() > 2 * LogScanner.MAX_SAMPLES) {
            samples = samples.subList(samples.size() - 2 * LogScanner.MAX_SAMPLES, samples.size());
        }
        NavigableMap<java.time.Instant, Long> perMinute = new TreeMap<>(x.perMinute());
        y.perMinute().forEach((k, v) -> perMinute.merge(k, v, Long::sum));
        Map<String, Map<String, Long>> fields = new HashMap<>();
        for (SignatureHits h : List.of(x, y)) {
            h.fields().forEach((f, values) -> {
                Map<String, Long> m = fields.computeIfAbsent(f, k -> new HashMap<>());
                values.forEach((v, n) -> m.merge(v, n, Long::sum));
            });
        }
        return new SignatureHits(x.signature(), x.count() + y.count(), min(x.firstSeen(), y.firstSeen()),
                max(x.lastSeen(), y.lastSeen()), samples, perMinute, fields);
    }

    private static java.time.Instant min(java.time.Instant a, java.time.Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static java.time.Instant max(java.time.Instant a, java.time.Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
