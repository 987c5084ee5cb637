package org.gatewaydoctor.cli.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.Evidence;

/**
 * Combines two scans of different sources (the files and standard input) into one, as if they had
 * been one scan: one {@link SignatureHits} per signature, one timeline. Keeps the scanner's bounds:
 * {@link LogScanner#MAX_SAMPLES} samples (the first and the most recent), {@link LogScanner#MAX_FIELD_VALUES}
 * values per field and the most recent {@link LogScanner#MAX_TIMELINE} events.
 */
final class ScanMerge {

    private static final String OTHER = "(other)";
    private static final int HEAD_SAMPLES = 2;

    // Written out rather than built with Comparator.comparing/thenComparing/reversed, which make serializable
    // lambdas the class-data archive cannot hold (as ScanEngine's orders). Same keys, directions and ties.

    /** Signatures by count, most first, then by id. */
    static final Comparator<SignatureHits> HITS_ORDER = (x, y) -> {
        int c = Long.compare(y.count(), x.count());
        return c != 0 ? c : x.id().compareTo(y.id());
    };

    /** The timeline by time, then file, then line. */
    static final Comparator<LogEvent> TIMELINE_ORDER = (x, y) -> {
        int c = x.at().compareTo(y.at());
        if (c == 0) {
            c = x.line().file().compareTo(y.line().file());
        }
        return c != 0 ? c : Long.compare(x.line().line(), y.line().line());
    };

    private ScanMerge() {
    }

    static LogScan combine(LogScan a, LogScan b) {
        List<ScannedFile> files = new ArrayList<>(a.files());
        files.addAll(b.files());
        Map<String, SignatureHits> byId = new LinkedHashMap<>();
        for (SignatureHits h : a.signatures()) {
            byId.put(h.id(), h);
        }
        for (SignatureHits h : b.signatures()) {
            byId.merge(h.id(), h, ScanMerge::merge);
        }
        List<SignatureHits> hits = new ArrayList<>(byId.values());
        hits.sort(HITS_ORDER);
        List<LogEvent> timeline = new ArrayList<>(a.timeline());
        timeline.addAll(b.timeline());
        timeline.sort(TIMELINE_ORDER);
        if (timeline.size() > LogScanner.MAX_TIMELINE) {
            timeline = timeline.subList(timeline.size() - LogScanner.MAX_TIMELINE, timeline.size());
        }
        LinkedHashSet<String> problems = new LinkedHashSet<>(a.problems());
        problems.addAll(b.problems());
        return new LogScan(a.bytesScanned() + b.bytesScanned(), a.linesScanned() + b.linesScanned(),
                a.elapsed().plus(b.elapsed()), files, hits, timeline, new ArrayList<>(problems));
    }

    static SignatureHits merge(SignatureHits a, SignatureHits b) {
        Instant first = earliest(a.firstSeen(), b.firstSeen());
        Instant last = latest(a.lastSeen(), b.lastSeen());
        List<Evidence.LogLine> samples = new ArrayList<>(a.samples());
        samples.addAll(b.samples());
        if (samples.size() > LogScanner.MAX_SAMPLES) {
            List<Evidence.LogLine> kept = new ArrayList<>(samples.subList(0, HEAD_SAMPLES));
            kept.addAll(samples.subList(samples.size() - (LogScanner.MAX_SAMPLES - HEAD_SAMPLES), samples.size()));
            samples = kept;
        }
        TreeMap<Instant, Long> perMinute = new TreeMap<>(a.perMinute());
        b.perMinute().forEach((minute, n) -> perMinute.merge(minute, n, Long::sum));
        Map<String, Map<String, Long>> fields = new LinkedHashMap<>();
        a.fields().forEach((field, values) -> fields.put(field, new HashMap<>(values)));
        b.fields().forEach((field, values) -> {
            Map<String, Long> mine = fields.computeIfAbsent(field, k -> new HashMap<>());
            values.forEach((value, n) -> {
                boolean room = mine.containsKey(value) || mine.keySet().stream().filter(k -> !k.equals(OTHER)).count()
                        < LogScanner.MAX_FIELD_VALUES;
                mine.merge(room ? value : OTHER, n, Long::sum);
            });
        });
        return new SignatureHits(a.signature(), a.count() + b.count(), first, last, samples, perMinute, fields);
    }

    private static Instant earliest(Instant x, Instant y) {
        return x == null ? y : y == null ? x : x.isBefore(y) ? x : y;
    }

    private static Instant latest(Instant x, Instant y) {
        return x == null ? y : y == null ? x : x.isAfter(y) ? x : y;
    }
}
