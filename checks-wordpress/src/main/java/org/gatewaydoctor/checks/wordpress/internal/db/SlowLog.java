package org.gatewaydoctor.checks.wordpress.internal.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.SqlText;

/**
 * A MariaDB/MySQL slow query log, read from its end: at most {@code maxBytes} of its tail, until a deadline.
 *
 * <p>The format (MariaDB 10.11 {@code sql/log.cc} {@code MYSQL_QUERY_LOG::write}, as written for this module's
 * fixture): a header ({@code mariadbd, Version: ... started with:}, {@code Tcp port: ...}, {@code Time Id Command
 * Argument}), then per statement {@code # Time: 261207  9:38:04} (only when the second changed), {@code # User@Host:
 * wp[wp] @ localhost []}, {@code # Thread_id: 7  Schema: wordpress  QC_hit: No}, {@code # Query_time: 2.500820
 * Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0}, more {@code #} lines with {@code log_slow_verbosity},
 * optionally {@code use db;}, {@code SET timestamp=1796636284;} and the statement (one or more lines). MySQL 8 writes
 * {@code # Time: 2026-12-07T09:38:04.123456Z} and the same {@code Query_time} line.
 *
 * <p>Statements are shown only {@link #redact(String) redacted}: every quoted literal becomes {@code '?'} (MariaDB
 * writes {@code CREATE USER ... IDENTIFIED BY '<password>'} and the values of every {@code INSERT} in clear text).
 */
public final class SlowLog {

    private static final Pattern QUERY_TIME = Pattern.compile(
            "^# Query_time: ([0-9.]{1,20})\\s+Lock_time: ([0-9.]{1,20})\\s+Rows_sent: ([0-9]{1,20})\\s+Rows_examined: ([0-9]{1,20})");
    private static final Pattern USER_HOST = Pattern.compile("^# User@Host: (\\S{0,200}) @ (\\S{0,255})");
    private static final Pattern TIMESTAMP = Pattern.compile("^SET timestamp=([0-9]{1,12});$");
    private static final int MAX_STATEMENT = 400;
    private static final int MAX_LINE = 64 * 1024;

    private SlowLog() {
    }

    /**
     * One logged statement.
     *
     * @param line the line of its {@code # User@Host:} (or {@code # Query_time:}) header, 1-based; 0 when the line
     *     count of the skipped start of the file could not be made in time
     * @param at when it ran ({@code SET timestamp}), {@code null} when not written
     * @param userHost {@code wp[wp] @ localhost}
     * @param queryTime seconds
     * @param lockTime seconds
     * @param rowsSent rows sent
     * @param rowsExamined rows examined
     * @param statement the statement, {@linkplain #redact(String) redacted} and cut at 400 characters
     */
    public record Entry(long line, Instant at, String userHost, double queryTime, double lockTime, long rowsSent,
                        long rowsExamined, String statement) {
        public Entry {
            Objects.requireNonNull(userHost, "userHost");
            Objects.requireNonNull(statement, "statement");
        }

        /** The statement with numbers as {@code N}: entries with the same shape group together. */
        public String shape() {
            return statement.replaceAll("\\b[0-9]+(?:\\.[0-9]+)?\\b", "N").replaceAll("\\s+", " ");
        }
    }

    /**
     * What was read.
     *
     * @param file the file
     * @param entries every complete entry read, in file order
     * @param bytesRead bytes read
     * @param fromStart whether reading began at the file's start (otherwise only its tail was read)
     * @param complete whether the end of the file was reached before the deadline
     * @param lineNumbersKnown whether line numbers are absolute
     * @param fromScan whether the entries come from the shared log scan (only those of a second or more)
     */
    public record Report(Path file, List<Entry> entries, long bytesRead, boolean fromStart, boolean complete,
                         boolean lineNumbersKnown, boolean fromScan) {
        public Report {
            entries = List.copyOf(entries);
        }

        /** A report of this class's own reading. */
        public Report(Path file, List<Entry> entries, long bytesRead, boolean fromStart, boolean complete,
                      boolean lineNumbersKnown) {
            this(file, entries, bytesRead, fromStart, complete, lineNumbersKnown, false);
        }

        /** The {@code n} slowest entries, slowest first. */
        public List<Entry> worst(int n) {
            return entries.stream().sorted(Comparator.comparingDouble(Entry::queryTime).reversed()).limit(n).toList();
        }

        /** Per statement shape: count, total and worst time, by descending total; at most {@code n}. */
        public List<Shape> shapes(int n) {
            Map<String, double[]> by = new LinkedHashMap<>();
            Map<String, Entry> example = new LinkedHashMap<>();
            for (Entry e : entries) {
                double[] a = by.computeIfAbsent(e.shape(), k -> new double[3]);
                a[0]++;
                a[1] += e.queryTime();
                a[2] = Math.max(a[2], e.queryTime());
                example.merge(e.shape(), e, (x, y) -> y.queryTime() > x.queryTime() ? y : x);
            }
            return by.entrySet().stream().map(x -> new Shape(x.getKey(), (long) x.getValue()[0], x.getValue()[1],
                            x.getValue()[2], example.get(x.getKey())))
                    .sorted(Comparator.comparingDouble(Shape::total).reversed()).limit(n).toList();
        }
    }

    /**
     * Statements of one shape.
     *
     * @param shape the statement with literals and numbers replaced
     * @param count how many
     * @param total seconds, summed
     * @param worst the longest, seconds
     * @param example the slowest entry of the shape
     */
    public record Shape(String shape, long count, double total, double worst, Entry example) {
    }

    /** Whether {@code head} (a file's first bytes) looks like a slow query log. */
    public static boolean looksLikeSlowLog(String head) {
        return head.contains("# Query_time: ") || (head.contains(", Version: ") && head.contains("started with:")
                && head.contains("Time") && head.contains("Command"));
    }

    /** The first bytes of {@code file}, decoded (for {@link #looksLikeSlowLog}). */
    public static String head(Path file, int bytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(bytes), StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads the last {@code maxBytes} of {@code file} (all of it when smaller) until {@code deadlineNanos}
     * ({@link System#nanoTime()}).
     */
    public static Report read(Path file, long maxBytes, long deadlineNanos) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long start = Math.max(0, size - maxBytes);
            long lineBase = 0;
            boolean known = true;
            if (start > 0) {
                long[] counted = countLines(ch, start, deadlineNanos);
                lineBase = counted[0];
                known = counted[1] == 1;
            }
            ch.position(start);
            InputStream in = java.nio.channels.Channels.newInputStream(ch);
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, size - start));
            return parse(file, data, start, lineBase, known, deadlineNanos);
        }
    }

    /** Newlines before {@code end}: {count, 1 when finished before the deadline}. */
    private static long[] countLines(FileChannel ch, long end, long deadlineNanos) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long pos = 0;
        long lines = 0;
        while (pos < end) {
            if (System.nanoTime() > deadlineNanos) {
                return new long[] {0, 0};
            }
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    lines++;
                }
            }
            pos += n;
        }
        return new long[] {lines, 1};
    }

    static Report parse(Path file, byte[] data, long start, long lineBase, boolean known, long deadlineNanos) {
        String text = new String(data, StandardCharsets.UTF_8);
        int pos = 0;
        long lineNo = lineBase;
        if (start > 0) {
            // the first line is probably cut: skip to the next one
            int nl = text.indexOf('\n');
            pos = nl < 0 ? text.length() : nl + 1;
            lineNo++;
        }
        List<Entry> entries = new ArrayList<>();
        Pending p = null;
        boolean complete = true;
        int count = 0;
        while (pos < text.length()) {
            if ((++count & 1023) == 0 && System.nanoTime() > deadlineNanos) {
                complete = false;
                break;
            }
            int nl = text.indexOf('\n', pos);
            int endOfLine = nl < 0 ? text.length() : nl;
            String line = text.substring(pos, Math.min(endOfLine, pos + MAX_LINE));
            pos = nl < 0 ? text.length() : nl + 1;
            lineNo++;
            if (line.startsWith("# ")) {
                if (p != null && p.statement.length() > 0) {
                    entries.add(p.entry());
                    p = null;
                }
                if (p == null && (line.startsWith("# User@Host: ") || line.startsWith("# Query_time: "))) {
                    p = new Pending(lineNo);
                }
                if (p != null) {
                    Matcher m = USER_HOST.matcher(line);
                    if (m.find()) {
                        p.userHost = m.group(1) + " @ " + m.group(2);
                    }
                    m = QUERY_TIME.matcher(line);
                    if (m.find()) {
                        p.queryTime = parse(m.group(1));
                        p.lockTime = parse(m.group(2));
                        p.rowsSent = Long.parseLong(m.group(3));
                        p.rowsExamined = Long.parseLong(m.group(4));
                        p.timed = true;
                    }
                }
                continue;
            }
            if (p == null || !p.timed) {
                continue;
            }
            Matcher ts = TIMESTAMP.matcher(line);
            if (ts.matches() && p.statement.length() == 0) {
                p.at = Instant.ofEpochSecond(Long.parseLong(ts.group(1)));
                continue;
            }
            if (p.statement.length() == 0 && line.startsWith("use ") && line.endsWith(";")) {
                continue;
            }
            if (p.statement.length() < MAX_STATEMENT * 4) {
                if (p.statement.length() > 0) {
                    p.statement.append(' ');
                }
                p.statement.append(line, 0, Math.min(line.length(), MAX_STATEMENT * 4));
            }
        }
        if (p != null && p.timed && p.statement.length() > 0 && complete) {
            entries.add(p.entry());
        }
        if (!known) {
            entries.replaceAll(e -> new Entry(0, e.at(), e.userHost(), e.queryTime(), e.lockTime(), e.rowsSent(),
                    e.rowsExamined(), e.statement()));
        }
        return new Report(file, entries, data.length, start == 0, complete, known);
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final class Pending {
        final long line;
        String userHost = "";
        double queryTime;
        double lockTime;
        long rowsSent;
        long rowsExamined;
        boolean timed;
        Instant at;
        final StringBuilder statement = new StringBuilder();

        Pending(long line) {
            this.line = line;
        }

        Entry entry() {
            String s = redact(statement.toString().strip());
            if (s.length() > MAX_STATEMENT) {
                s = s.substring(0, MAX_STATEMENT) + "…";
            }
            return new Entry(line, at, userHost, queryTime, lockTime, rowsSent, rowsExamined, s);
        }
    }

    /** {@code statement} with every quoted literal replaced by {@code '?'} ({@link SqlText#maskLiterals}). */
    public static String redact(String statement) {
        return SqlText.maskLiterals(statement);
    }
}
