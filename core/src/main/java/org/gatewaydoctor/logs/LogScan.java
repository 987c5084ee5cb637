package org.gatewaydoctor.logs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 */
public record LogScan(long bytesScanned, long linesScanned, Duration elapsed, List<ScannedFile> files,
                      List<SignatureHits> signatures, List<LogEvent> timeline, List<String> problems) {
    public LogScan {
        Objects.requireNonNull(elapsed, "elapsed");
        files = List.copyOf(files);
        signatures = List.copyOf(signatures);
        timeline = List.copyOf(timeline);
        problems = List.copyOf(problems);
    }

    /** The hits of signature {@code id}, if it matched. */
    public Optional<SignatureHits> hits(String id) {
        return signatures.stream().filter(h -> h.id().equals(id)).findFirst();
    }

    /** An empty scan: nothing was read. */
    public static LogScan empty() {
        return new LogScan(0, 0, Duration.ZERO, List.of(), List.of(), List.of(), List.of());
    }
}
