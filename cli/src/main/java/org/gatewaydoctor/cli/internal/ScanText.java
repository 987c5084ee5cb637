package org.gatewaydoctor.cli.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;

/**
 * The text form of {@code gateway-doctor scan}, for the engineer on call: what matched and how
 * bad it is on the first line; then per signature its count, meaning, when, a histogram line,
 * which sockets/plugins/clients it was about, and sample lines with file and line number; then the
 * end of the merged timeline and what was read. Times are shown in the log zone.
 */
final class ScanText {

    static final int DEFAULT_TIMELINE = 20;
    private static final int MAX_FIELDS = 6;
    private static final int TIMELINE_FIELDS = 3;
    private static final String OTHER = "(other)";
    /** Fields that say where a failure is, shown first in this order. */
    private static final List<String> PRIMARY_FIELDS = List.of("upstream", "socket", "backend", "address", "pool",
            "plugin", "theme", "script", "signal", "ah", "sqlstate");
    /** Per-request details and what a signature's literal already says, shown last in this order. */
    private static final List<String> LATE_FIELDS = List.of("request", "uri", "client", "server", "host", "pid",
            "seconds", "file", "line", "message", "errno", "errtext", "status", "bytes", "size", "scheme", "version");
    private static final int MAX_VALUES = 3;
    private static final int MAX_SAMPLE_TEXT = 200;
    private static final int MAX_VALUE_TEXT = 80;
    private static final int MAX_TIMELINE_TEXT = 220;
    private static final int MAX_FILES = 10;
    /** Columns of a histogram line at most. */
    static final int MAX_COLUMNS = 60;
    private static final long[] BUCKET_MINUTES = {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080};
    private static final String UNICODE_LEVELS = "▁▂▃▄▅▆▇█";
    private static final String ASCII_LEVELS = "_.-=+*#@";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_MINUTE = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Style style;
    private final boolean unicode;
    private final String dash;
    private final String ellipsis;
    private final String times;
    private final ZoneId zone;
    private final int timelineLines;

    /**
     * @param style colours, or none
     * @param unicode whether to use typographic characters and block-element histograms
     * @param zone the zone to show times in (the log zone)
     * @param timelineLines how many of the most recent timeline events to show
     */
    ScanText(Style style, boolean unicode, ZoneId zone, int timelineLines) {
        this.style = style;
        this.unicode = unicode;
        this.dash = unicode ? "—" : "-";
        this.ellipsis = unicode ? "…" : "...";
        this.times = unicode ? "×" : "x";
        this.zone = zone;
        this.timelineLines = timelineLines;
    }

    /** The whole report, ending with a line break. */
    String render(LogScan scan, TimeWindow window, int searched, boolean complete) {
        Out out = new Out();
        out.line(headline(scan, searched));
        out.line(style.dim(readSummary(scan, window)));
        if (!complete) {
            out.line(style.warn("Incomplete: not every source was read to its end (see the notes on stderr); "
                    + "counts are lower bounds."));
        }
        for (SignatureHits h : scan.signatures()) {
            out.blank();
            signature(out, h);
        }
        timeline(out, scan);
        files(out, scan);
        return out.toString();
    }

    private String headline(LogScan scan, int searched) {
        if (scan.signatures().isEmpty()) {
            return style.verdict(org.gatewaydoctor.model.Verdict.HEALTHY, "Nothing found") + " " + dash
                    + " none of " + count(searched) + " known failure signatures occurs in the logs read.";
        }
        long matches = scan.signatures().stream().mapToLong(SignatureHits::count).sum();
        Map<Integer, Long> byStatus = new TreeMap<>();
        for (SignatureHits h : scan.signatures()) {
            Integer status = h.signature().httpStatus();
            if (status != null) {
                byStatus.merge(status, h.count(), Long::sum);
            }
        }
        int n = scan.signatures().size();
        String found = "Found " + n + (n == 1 ? " known failure signature" : " known failure signatures");
        boolean serverError = byStatus.keySet().stream().anyMatch(s -> s >= 500);
        String head = serverError ? style.verdict(org.gatewaydoctor.model.Verdict.FAILING, found)
                : style.verdict(org.gatewaydoctor.model.Verdict.DEGRADED, found);
        StringBuilder sb = new StringBuilder(head).append(" ").append(dash).append(" ").append(count(matches))
                .append(matches == 1 ? " match" : " matches");
        if (!byStatus.isEmpty()) {
            List<String> parts = new ArrayList<>();
            byStatus.forEach((status, c) -> parts.add(status + " " + times + count(c)));
            sb.append("; visitors got ").append(String.join(", ", parts));
        }
        return sb.append('.').toString();
    }

    private String readSummary(LogScan scan, TimeWindow window) {
        int files = scan.files().size();
        StringBuilder sb = new StringBuilder("Read ").append(files).append(files == 1 ? " source" : " sources")
                .append(", ").append(bytes(scan.bytesScanned())).append(", ").append(count(scan.linesScanned()))
                .append(scan.linesScanned() == 1 ? " line" : " lines").append(" in ")
                .append(scan.elapsed().toMillis()).append(" ms; times in ").append(zone.getId());
        if (!window.isAll()) {
            sb.append("; window ").append(window.since() == null ? "start" : dateTime(window.since())).append(" to ")
                    .append(window.until() == null ? "now" : dateTime(window.until()));
        }
        return sb.append('.').toString();
    }

    private void signature(Out out, SignatureHits h) {
        Signature s = h.signature();
        boolean serverError = s.httpStatus() != null && s.httpStatus() >= 500;
        StringBuilder head = new StringBuilder(serverError ? style.bad(s.id()) : style.heading(s.id()))
                .append("  ").append(times)
                .append(count(h.count())).append(style.dim("  (" + s.layer().label()
                        + (s.httpStatus() == null ? "" : ", visitors get " + s.httpStatus()) + ")"));
        out.line(head.toString());
        List<String> causes = s.causes().stream().map(CauseCode::value).toList();
        out.line("  " + s.title() + (causes.isEmpty() ? "" : style.dim("  " + (unicode ? "→ " : "-> ")
                + String.join(", ", causes))));
        out.line("  " + seen(h));
        String histogram = histogram(h.perMinute());
        if (histogram != null) {
            out.line("  " + histogram);
        }
        fieldLines(out, h);
        for (Evidence.LogLine l : h.samples()) {
            out.line("  " + style.code(l.file() + ":" + l.line()) + "  " + shorten(l.text(), MAX_SAMPLE_TEXT));
        }
    }

    private String seen(SignatureHits h) {
        if (h.firstSeen() == null) {
            return style.dim("no readable time on these lines");
        }
        if (h.firstSeen().equals(h.lastSeen())) {
            return "at " + dateTime(h.firstSeen());
        }
        LocalDate first = h.firstSeen().atZone(zone).toLocalDate();
        LocalDate last = h.lastSeen().atZone(zone).toLocalDate();
        String end = first.equals(last) ? h.lastSeen().atZone(zone).format(TIME) : dateTime(h.lastSeen());
        return "first " + dateTime(h.firstSeen()) + ", last " + end;
    }

    /**
     * A one-line histogram of matches over time: {@code per 5 min  09:10 ▁▂▇█▅ 09:30  (peak 12/min at 09:20)}.
     * The span from the first to the last dated match is cut into at most {@link #MAX_COLUMNS} columns
     * of a round size; an empty column is a space. {@code null} when no match was dated.
     */
    String histogram(NavigableMap<Instant, Long> perMinute) {
        if (perMinute.isEmpty()) {
            return null;
        }
        Map.Entry<Instant, Long> peak = perMinute.entrySet().stream()
                .max(Map.Entry.<Instant, Long>comparingByValue().thenComparing(Map.Entry::getKey,
                        Comparator.reverseOrder()))
                .orElseThrow();
        if (perMinute.size() == 1) {
            return "all within the minute " + minute(peak.getKey(), false);
        }
        ZoneOffset offset = zone.getRules().getOffset(perMinute.firstKey());
        long shift = offset.getTotalSeconds() / 60;
        long first = perMinute.firstKey().getEpochSecond() / 60 + shift;
        long last = perMinute.lastKey().getEpochSecond() / 60 + shift;
        long bucket = 0;
        for (long b : BUCKET_MINUTES) {
            if (Math.floorDiv(last, b) - Math.floorDiv(first, b) + 1 <= MAX_COLUMNS) {
                bucket = b;
                break;
            }
        }
        if (bucket == 0) {
            bucket = Math.max(1, (last - first) / (MAX_COLUMNS - 1) + 1);
        }
        long firstColumn = Math.floorDiv(first, bucket);
        int columns = (int) (Math.floorDiv(last, bucket) - firstColumn + 1);
        long[] sums = new long[columns];
        for (Map.Entry<Instant, Long> e : perMinute.entrySet()) {
            long m = e.getKey().getEpochSecond() / 60 + shift;
            sums[(int) (Math.floorDiv(m, bucket) - firstColumn)] += e.getValue();
        }
        long max = 0;
        for (long v : sums) {
            max = Math.max(max, v);
        }
        String levels = unicode ? UNICODE_LEVELS : ASCII_LEVELS;
        StringBuilder bars = new StringBuilder();
        for (long v : sums) {
            if (v == 0) {
                bars.append(' ');
            } else {
                int level = (int) Math.ceil(v * (double) levels.length() / max) - 1;
                bars.append(levels.charAt(Math.max(0, Math.min(levels.length() - 1, level))));
            }
        }
        boolean days = !perMinute.firstKey().atZone(zone).toLocalDate()
                .equals(perMinute.lastKey().atZone(zone).toLocalDate());
        Instant start = Instant.ofEpochSecond((firstColumn * bucket - shift) * 60);
        Instant end = Instant.ofEpochSecond(((firstColumn + columns - 1) * bucket - shift) * 60);
        return bucketLabel(bucket) + "  " + minute(start, days) + " " + bars + " " + minute(end, days)
                + style.dim("  (peak " + count(peak.getValue()) + "/min at " + minute(peak.getKey(), days) + ")");
    }

    static String bucketLabel(long minutes) {
        if (minutes == 1) {
            return "per minute";
        }
        if (minutes % 1440 == 0) {
            return minutes == 1440 ? "per day" : "per " + minutes / 1440 + " days";
        }
        if (minutes % 60 == 0) {
            return minutes == 60 ? "per hour" : "per " + minutes / 60 + " h";
        }
        return "per " + minutes + " min";
    }

    private void fieldLines(Out out, SignatureHits h) {
        List<String> names = fieldOrder(h.fields().keySet(), name -> h.fields().get(name).size());
        for (String name : names.subList(0, Math.min(MAX_FIELDS, names.size()))) {
            Map<String, Long> values = h.fields().get(name);
            List<Map.Entry<String, Long>> sorted = new ArrayList<>(values.entrySet());
            sorted.removeIf(e -> e.getKey().equals(OTHER));
            sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(MAX_VALUES, sorted.size()))) {
                parts.add(shorten(e.getKey(), MAX_VALUE_TEXT) + " " + times + count(e.getValue()));
            }
            int hidden = sorted.size() - parts.size();
            String rest = values.containsKey(OTHER) ? style.dim(" (more than " + sorted.size() + " distinct)")
                    : hidden > 0 ? style.dim(" (+" + hidden + " more)") : "";
            out.line("  " + name + ": " + String.join(", ", parts) + rest);
        }
        if (names.size() > MAX_FIELDS) {
            out.line(style.dim("  " + String.join(", ", names.subList(MAX_FIELDS, names.size()))
                    + ": in --format json"));
        }
    }

    /**
     * The order in which to show extracted fields: first what tells where the failure is (upstream,
     * socket, pool, plugin...), then the rest with the fewest distinct values first, then the
     * per-request details and what the signature itself already says (errno, status).
     *
     * @param names the fields' names
     * @param distinct the number of distinct values of a field
     */
    static List<String> fieldOrder(java.util.Collection<String> names, java.util.function.ToIntFunction<String> distinct) {
        Comparator<String> order = Comparator.<String>comparingInt(n -> rank(n, PRIMARY_FIELDS))
                .thenComparingInt(LATE_FIELDS::indexOf)
                .thenComparingInt(distinct)
                .thenComparing(Comparator.naturalOrder());
        List<String> out = new ArrayList<>(names);
        out.sort(order);
        return out;
    }

    /** The position of {@code name} in {@code list}, or the list's size when it is not in it. */
    private static int rank(String name, List<String> list) {
        int i = list.indexOf(name);
        return i < 0 ? list.size() : i;
    }

    private void timeline(Out out, LogScan scan) {
        List<LogEvent> all = scan.timeline();
        if (all.isEmpty() || timelineLines <= 0) {
            return;
        }
        long total = scan.signatures().stream()
                .mapToLong(h -> h.perMinute().values().stream().mapToLong(Long::longValue).sum()).sum();
        total = Math.max(total, all.size());
        List<LogEvent> shown = all.subList(Math.max(0, all.size() - timelineLines), all.size());
        LocalDate first = shown.get(0).at().atZone(zone).toLocalDate();
        LocalDate last = shown.get(shown.size() - 1).at().atZone(zone).toLocalDate();
        boolean oneDay = first.equals(last);
        DateTimeFormatter format = oneDay ? TIME : DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");
        int idWidth = shown.stream().mapToInt(e -> e.signatureId().length()).max().orElse(0);
        out.blank();
        String scope = shown.size() == total ? "" : "last " + shown.size() + " of " + count(total) + ", ";
        out.line(style.heading("Timeline") + style.dim(" (" + scope + (oneDay ? first + ", " : "") + zone.getId()
                + "):"));
        for (LogEvent e : shown) {
            List<String> fields = new ArrayList<>();
            for (String name : fieldOrder(e.fields().keySet(), n -> 1)) {
                if (fields.size() < TIMELINE_FIELDS && (!LATE_FIELDS.contains(name) || name.equals("request"))) {
                    fields.add(name + "=" + e.fields().get(name));
                }
            }
            String text = e.line().file() + ":" + e.line().line() + (fields.isEmpty() ? "" : "  "
                    + String.join(" ", fields));
            out.line("  " + e.at().atZone(zone).format(format) + "  " + Out.pad(e.signatureId(), idWidth) + "  "
                    + shorten(text, MAX_TIMELINE_TEXT));
        }
    }

    private void files(Out out, LogScan scan) {
        if (scan.files().isEmpty()) {
            return;
        }
        out.blank();
        out.line(style.heading("Read:"));
        List<ScannedFile> files = scan.files();
        int pathWidth = Math.min(60, files.stream().limit(MAX_FILES).mapToInt(f -> f.path().length()).max()
                .orElse(0));
        for (ScannedFile f : files.subList(0, Math.min(MAX_FILES, files.size()))) {
            String line = "  " + Out.pad(f.path(), pathWidth) + "  " + Out.pad(format(f), 14) + "  "
                    + Out.pad(bytes(f.bytes()), 10) + "  " + count(f.lines()) + (f.lines() == 1 ? " line" : " lines");
            out.line(f.complete() ? line : line + style.warn("  (incomplete)"));
        }
        if (files.size() > MAX_FILES) {
            out.line(style.dim("  and " + (files.size() - MAX_FILES) + " more (all in --format json)"));
        }
    }

    /** The format most of a file's sampled lines had, for people: {@code nginx error}. */
    static String format(ScannedFile f) {
        if (f.formats().isEmpty()) {
            return f.bytes() == 0 ? "empty" : "-";
        }
        LogFormat top = f.formats().entrySet().stream()
                .max(Map.Entry.<LogFormat, Long>comparingByValue().thenComparing(Map.Entry::getKey,
                        Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElseThrow();
        if (top == LogFormat.UNKNOWN) {
            LogFormat known = f.formats().entrySet().stream().filter(e -> e.getKey() != LogFormat.UNKNOWN)
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            return known == null ? "unrecognised" : label(known) + " (mixed)";
        }
        return label(top);
    }

    private static String label(LogFormat format) {
        return switch (format) {
            case NGINX_ERROR -> "nginx error";
            case HTTP_ACCESS -> "access log";
            case APACHE_ERROR -> "apache error";
            case HAPROXY -> "haproxy";
            case PHP_FPM -> "php-fpm";
            case PHP_FPM_SLOWLOG -> "fpm slowlog";
            case PHP_ERROR -> "php error";
            case MYSQL_ERROR -> "mysql error";
            case MYSQL_SLOW -> "mysql slow log";
            case KERNEL -> "kernel";
            case UNKNOWN -> "unrecognised";
        };
    }

    private String dateTime(Instant t) {
        return t.atZone(zone).format(DATE_TIME);
    }

    private String minute(Instant t, boolean withDay) {
        return t.atZone(zone).format(withDay ? DAY_MINUTE : MINUTE);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Bytes for people, in binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 12.3 MiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private String shorten(String text, int max) {
        String oneLine = text.replace('\t', ' ').replaceAll("[\\r\\n]+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + ellipsis;
    }
}
