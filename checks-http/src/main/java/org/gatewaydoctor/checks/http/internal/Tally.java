package org.gatewaydoctor.checks.http.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.model.Evidence;

/**
 * Counts the occurrences of one cause in logs and keeps a few sample lines: the earliest and the
 * {@value #LATEST} latest by timestamp. Memory stays bounded whatever the size of the logs.
 */
public final class Tally {

    /** How many of the most recent lines are kept as samples (plus the earliest one). */
    public static final int LATEST = 4;
    /** Longest sample text kept, in characters. */
    public static final int MAX_TEXT = 2000;
    /** Distinct subjects remembered (further ones are only counted under "other"). */
    private static final int MAX_SUBJECTS = 50;

    private record Sample(String file, long line, Instant at, String text) {
    }

    private long count;
    private Instant first;
    private Instant last;
    private Sample earliest;
    private final List<Sample> latest = new ArrayList<>();
    private final Map<String, Long> subjects = new LinkedHashMap<>();
    private final Map<String, Long> details = new LinkedHashMap<>();
    private int httpStatus;

    /** Records one occurrence. */
    public void add(Path file, long lineNumber, Instant at, String text, String subject, String detail, int status) {
        count++;
        if (first == null || at.isBefore(first)) {
            first = at;
        }
        if (last == null || at.isAfter(last)) {
            last = at;
        }
        if (status > 0 && httpStatus == 0) {
            httpStatus = status;
        }
        bump(subjects, subject);
        bump(details, detail);
        Sample s = new Sample(file.toString(), lineNumber, at, keep(text));
        if (earliest == null || at.isBefore(earliest.at())) {
            Sample previous = earliest;
            earliest = s;
            if (previous == null) {
                return;
            }
            s = previous;
        }
        latest.add(s);
        latest.sort(Comparator.comparing(Sample::at));
        if (latest.size() > LATEST) {
            latest.remove(0);
        }
    }

    private static void bump(Map<String, Long> map, String key) {
        if (key == null || key.isEmpty()) {
            return;
        }
        if (map.containsKey(key) || map.size() < MAX_SUBJECTS) {
            map.merge(key, 1L, Long::sum);
        } else {
            map.merge("other", 1L, Long::sum);
        }
    }

    public long count() {
        return count;
    }

    public Instant first() {
        return first;
    }

    public Instant last() {
        return last;
    }

    /** The first HTTP status recorded, 0 if none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Subjects by number of occurrences, most frequent first. */
    public List<Map.Entry<String, Long>> subjects() {
        return sorted(subjects);
    }

    /** Details by number of occurrences, most frequent first. */
    public List<Map.Entry<String, Long>> details() {
        return sorted(details);
    }

    private static List<Map.Entry<String, Long>> sorted(Map<String, Long> map) {
        List<Map.Entry<String, Long>> out = new ArrayList<>(map.entrySet());
        out.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return out;
    }

    /** The most frequent subject, or {@code fallback}. */
    public String topSubject(String fallback) {
        List<Map.Entry<String, Long>> s = subjects();
        return s.isEmpty() ? fallback : s.get(0).getKey();
    }

    /** The sample lines, oldest first, their text passed through {@code redactor}. */
    public List<Evidence.LogLine> samples(UnaryOperator<String> redactor) {
        List<Evidence.LogLine> out = new ArrayList<>();
        if (earliest != null) {
            out.add(logLine(earliest, redactor));
        }
        for (Sample s : latest) {
            out.add(logLine(s, redactor));
        }
        return out;
    }

    private static Evidence.LogLine logLine(Sample s, UnaryOperator<String> redactor) {
        // Redact first, then cut: cutting first could split a secret so that no pattern recognises it.
        String text = redactor.apply(s.text());
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + " [... line cut at " + MAX_TEXT + " characters]";
        }
        return new Evidence.LogLine(s.file(), s.line(), s.at(), text);
    }

    /** Whether the last occurrence lies within {@code window} of {@code newest}. */
    public boolean recent(Instant newest, Duration window) {
        return last != null && newest != null && !last.isBefore(newest.minus(window));
    }

    /**
     * How sure one can be when a signature worth {@code base} on its own was seen {@code count}
     * times: it grows towards {@code max} as occurrences add up.
     */
    public static double confidence(double base, double max, long count) {
        if (count <= 1) {
            return base;
        }
        double grown = base + (max - base) * (1.0 - Math.exp(-(count - 1) / 4.0));
        return Math.min(max, Math.round(grown * 1000.0) / 1000.0);
    }

    /** Keeps a bounded, printable copy of a log line: control characters replaced, long lines cut. */
    static String keep(String text) {
        // A margin beyond MAX_TEXT so a secret straddling the cut is still whole when redacted.
        int limit = Math.min(text.length(), MAX_TEXT + 512);
        StringBuilder sb = new StringBuilder(limit + 16);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 && c != '\t' || c == 0x7f ? '\uFFFD' : c);
        }
        return sb.toString();
    }
}
