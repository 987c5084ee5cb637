package org.gatewaydoctor.logs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.gatewaydoctor.model.Gap;

/**
 * The result of scanning logs with the signature catalogue.
 *
 * @param bytesScanned bytes read, after decompression
 * @param linesScanned lines read
 * @param elapsed wall time of the scan
 * @param files what was read of each source
 * @param signatures per signature that matched at least once, by descending count
 * @param timeline dated matches of all sources merged by time (the most recent
 *     {@link LogScanner#MAX_TIMELINE} when there are more)
 * @param problems problems with the input, in full sentences (also listed per file)
 * @param sites the web sites that failing lines name, busiest first (see {@link SiteHits}); those set aside
 *     when the scan was limited to one site are included, marked
 */
public record LogScan(long bytesScanned, long linesScanned, Duration elapsed, List<ScannedFile> files,
                      List<SignatureHits> signatures, List<LogEvent> timeline, List<String> problems,
                      List<SiteHits> sites) {
    public LogScan {
        Objects.requireNonNull(elapsed, "elapsed");
        files = List.copyOf(files);
        signatures = List.copyOf(signatures);
        timeline = List.copyOf(timeline);
        problems = List.copyOf(problems);
        sites = List.copyOf(sites == null ? List.of() : sites);
    }

    /** A scan that names no site. */
    public LogScan(long bytesScanned, long linesScanned, Duration elapsed, List<ScannedFile> files,
                   List<SignatureHits> signatures, List<LogEvent> timeline, List<String> problems) {
        this(bytesScanned, linesScanned, elapsed, files, signatures, timeline, problems, List.of());
    }

    /** The hits of signature {@code id}, if it matched. */
    public Optional<SignatureHits> hits(String id) {
        return signatures.stream().filter(h -> h.id().equals(id)).findFirst();
    }

    /** Whether every source was read whole (no deadline cut, no corrupt data, no file left out). */
    public boolean complete() {
        return files.stream().allMatch(ScannedFile::complete);
    }

    /**
     * The sources this scan could not read whole that concern a check: those {@code relevant} accepts
     * (files of its formats, say), and those of which no line of a known format was read (they may hold
     * anything: a directory cut to its newest files, a file the deadline left unread). A check returns
     * them with its result ({@link org.gatewaydoctor.spi.CheckResult.Passed#withGaps}) so that the
     * diagnosis is never healthy on evidence it did not see.
     */
    public List<Gap> gaps(Predicate<ScannedFile> relevant) {
        return files.stream().filter(f -> !f.complete())
                .filter(f -> relevant.test(f) || f.formats().keySet().stream().allMatch(k -> k == LogFormat.UNKNOWN))
                .map(f -> new Gap(f.path(), reason(f), f.lines() > 0 || f.bytes() > 0)).toList();
    }

    private static String reason(ScannedFile f) {
        String p = f.problems().stream().filter(x -> !x.contains(" lines dated before the time window"))
                .findFirst().orElse(null);
        if (p == null) {
            return "not read whole";
        }
        return p.startsWith(f.path() + ": ") ? p.substring(f.path().length() + 2) : p;
    }

    /** An empty scan: nothing was read. */
    public static LogScan empty() {
        return new LogScan(0, 0, Duration.ZERO, List.of(), List.of(), List.of(), List.of());
    }
}
