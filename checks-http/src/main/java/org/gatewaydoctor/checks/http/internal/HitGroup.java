package org.gatewaydoctor.checks.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.Evidence;

/**
 * What several signatures (or parts of one) found for one cause: the count, the first and last time,
 * a few sample lines, the per-minute histogram, and what the lines were about (subjects) and said
 * (details), each with how often.
 *
 * <p>A part of a signature's hits (the lines about a unix socket among all {@code EAGAIN} lines) is
 * counted exactly from the extracted fields, but its times and samples come from the signature's
 * samples that belong to the part, and it has no histogram: the scan aggregates per signature.
 */
public final class HitGroup {

    /**
     * Most frequent first, then alphabetical. Written out: {@code Comparator.comparing} chains build serializable
     * lambdas, which the class-data archive cannot hold, and the first of them costs a small {@code diagnose}
     * 15-50 ms.
     */
    static final Comparator<Map.Entry<String, Long>> BY_COUNT = (a, b) -> {
        int c = b.getValue().compareTo(a.getValue());
        return c != 0 ? c : a.getKey().compareTo(b.getKey());
    };

    /** Oldest first (undated last), then file, then line. Written out like {@link #BY_COUNT}. */
    static final Comparator<Evidence.LogLine> BY_TIME = (a, b) -> {
        Instant x = a.timestamp();
        Instant y = b.timestamp();
        int c = x == null ? (y == null ? 0 : 1) : y == null ? -1 : x.compareTo(y);
        if (c == 0) {
            c = a.file().compareTo(b.file());
        }
        return c != 0 ? c : Long.compare(a.line(), b.line());
    };

    /** Sample lines kept: the earliest and the {@value} - 1 latest. */
    public static final int SAMPLES = 5;
    /** Longest sample text kept as evidence, in characters. */
    public static final int MAX_TEXT = 2000;

    private long count;
    private Instant first;
    private Instant last;
    private final List<Evidence.LogLine> samples = new ArrayList<>();
    private final List<Evidence.LogLine> supporting = new ArrayList<>();
    private final TreeMap<Instant, Long> perMinute = new TreeMap<>();
    private boolean partial;
    private final Map<String, Long> subjects = new HashMap<>();
    private final Map<String, Long> details = new HashMap<>();
    private int httpStatus;
    private double base;
    private double max;

    /**
     * Adds {@code n} lines of {@code hits}: all of them when {@code n} is its count, else the part whose
     * samples {@code inPart} accepts.
     */
    public HitGroup add(SignatureHits hits, long n, Predicate<String> inPart, Map<String, Long> subjectCounts,
                        String detail, double baseConfidence, double maxConfidence) {
        if (n <= 0) {
            return this;
        }
        boolean whole = n == hits.count();
        List<Evidence.LogLine> mine = hits.samples().stream().filter(l -> whole || inPart.test(l.text())).toList();
        count += n;
        if (whole) {
            widen(hits.firstSeen());
            widen(hits.lastSeen());
            hits.perMinute().forEach((minute, k) -> perMinute.merge(minute, k, Long::sum));
        } else {
            partial = true;
            mine.forEach(l -> widen(l.timestamp()));
        }
        samples.addAll(mine);
        subjectCounts.forEach((s, k) -> subjects.merge(s, k, Long::sum));
        if (detail != null) {
            details.merge(detail, n, Long::sum);
        }
        if (httpStatus == 0 && hits.signature().httpStatus() != null) {
            httpStatus = hits.signature().httpStatus();
        }
        base = Math.max(base, baseConfidence);
        max = Math.max(max, maxConfidence);
        return this;
    }

    /**
     * Keeps the earliest and the latest line of {@code hits} as supporting evidence, without counting
     * them: lines that accompany this group's lines (Apache's per-request summary after the line that
     * says why, HAProxy's health-check alerts before the requests they doomed).
     */
    public HitGroup support(SignatureHits hits) {
        List<Evidence.LogLine> lines = sortedByTime(hits.samples());
        if (!lines.isEmpty()) {
            supporting.add(lines.get(0));
            if (lines.size() > 1) {
                supporting.add(lines.get(lines.size() - 1));
            }
        }
        return this;
    }

    /** The supporting lines of {@link #support}, oldest first, each cut to {@link #MAX_TEXT} characters. */
    public List<Evidence.LogLine> supporting() {
        return sortedByTime(supporting).stream().map(HitGroup::cut).toList();
    }

    /** Records that {@code n} of the lines said {@code detail}. */
    public void detail(String detail, long n) {
        details.merge(detail, n, Long::sum);
    }

    private void widen(Instant at) {
        if (at != null) {
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
        }
    }

    public long count() {
        return count;
    }

    /** The earliest dated line, or null. */
    public Instant first() {
        return first;
    }

    /** The latest dated line, or null. */
    public Instant last() {
        return last;
    }

    /** Matches per minute, empty when only part of a signature's lines belong to this group. */
    public NavigableMap<Instant, Long> perMinute() {
        return partial ? new TreeMap<>() : perMinute;
    }

    /** The status the lines imply, 0 if none. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * How sure one can be: the strongest signature's confidence for one line, growing towards its
     * maximum as lines add up.
     */
    public double confidence() {
        if (count <= 1) {
            return base;
        }
        double grown = base + (max - base) * (1.0 - Math.exp(-(count - 1) / 4.0));
        return Math.min(max, Math.round(grown * 1000.0) / 1000.0);
    }

    /** Subjects, most frequent first (alphabetical among equals). */
    public List<Map.Entry<String, Long>> subjects() {
        return sorted(subjects);
    }

    /** Details, most frequent first (alphabetical among equals). */
    public List<Map.Entry<String, Long>> details() {
        return sorted(details);
    }

    /** The most frequent subject, or {@code fallback}. */
    public String topSubject(String fallback) {
        return subjects.isEmpty() ? fallback : subjects().get(0).getKey();
    }

    private static List<Map.Entry<String, Long>> sorted(Map<String, Long> map) {
        List<Map.Entry<String, Long>> out = new ArrayList<>(map.entrySet());
        out.sort(BY_COUNT);
        return out;
    }

    /** Whether the last line lies within {@code window} of {@code newest}; true when either is unknown. */
    public boolean recent(Instant newest, Duration window) {
        return last == null || newest == null || !last.isBefore(newest.minus(window));
    }

    /**
     * The sample lines: the earliest and the latest, oldest first, each cut to {@link #MAX_TEXT}
     * characters (the scanner redacted them before cutting).
     */
    public List<Evidence.LogLine> samples() {
        List<Evidence.LogLine> all = sortedByTime(samples);
        List<Evidence.LogLine> kept = all.size() <= SAMPLES ? all : new ArrayList<>(all.subList(0, 1));
        if (all.size() > SAMPLES) {
            kept.addAll(all.subList(all.size() - (SAMPLES - 1), all.size()));
        }
        return kept.stream().map(HitGroup::cut).toList();
    }

    private static List<Evidence.LogLine> sortedByTime(List<Evidence.LogLine> lines) {
        List<Evidence.LogLine> all = new ArrayList<>(lines);
        all.sort(BY_TIME);
        return all;
    }

    private static Evidence.LogLine cut(Evidence.LogLine l) {
        return l.text().length() <= MAX_TEXT ? l
                : l.withText(l.text().substring(0, MAX_TEXT) + " [... line cut at " + MAX_TEXT + " characters]");
    }
}
