package org.gatewaydoctor.checks.wordpress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gatewaydoctor.checks.wordpress.internal.db.SlowLog;
import org.gatewaydoctor.checks.wordpress.internal.signatures.SlowQuerySignatureProvider;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * The database's slow query log. A slow log among the target's logs is read by the shared log scan (format
 * {@link LogFormat#MYSQL_SLOW}, signature {@code mysql.slow-query}): its entries of a second or more are on the
 * diagnosis's timeline and make an episode like any failing line, and this check reports them from the scan. The file
 * the server names ({@code slow_query_log_file}, from {@code wordpress.database}) or the one given with the target
 * option {@link #FILE_OPTION}, when not among the logs, is read here: only its last {@link #MAX_BYTES}, until the
 * check's deadline. The slowest statements are shown with file and line, each statement
 * redacted (every quoted literal becomes {@code '?'}: MariaDB writes passwords of {@code CREATE USER} and the values
 * of every {@code INSERT} in clear text), and grouped by shape with their count and total time. A statement of
 * {@link #SLOW_SECONDS} or more is {@code database.slow}.
 */
public final class SlowQueryCheck extends WordPressCheck {

    /** This check's id. */
    public static final String ID = "wordpress.slow-queries";
    /** Target option: a slow query log to read. */
    public static final String FILE_OPTION = "wordpress.slow-log";
    /** At most this much of a file's end is read. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;
    /** A statement this slow (seconds) makes the finding. */
    public static final double SLOW_SECONDS = 1.0;

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public SlowQueryCheck() {
        super(ID, Layer.DATABASE, "Database slow query log: the slowest statements (redacted)",
                Duration.ofSeconds(15), DatabaseCheck.ID);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        Redactor r = ctx.redactor();
        long deadline = System.nanoTime() + Math.max(0, ctx.remaining().minusMillis(300).toNanos());
        List<Evidence> notes = new ArrayList<>();
        List<SlowLog.Report> reports = new ArrayList<>();
        // the slow logs among the target's logs: read by the shared scan (a format of its own), on its timeline
        long slowInScan = ctx.logs().files().isEmpty() ? 0 : fromScan(ctx.logScan(), reports, notes, r);
        Set<Path> scanned = new java.util.HashSet<>();
        for (Path p : ctx.logs().files()) {
            scanned.add(p.toAbsolutePath().normalize());
        }
        Map<Path, String> files = new LinkedHashMap<>();
        ctx.target().option(FILE_OPTION).map(Path::of).ifPresent(p -> files.put(p, "given with " + FILE_OPTION));
        ctx.fact(DatabaseCheck.SLOW_LOG).ifPresent(s -> files.putIfAbsent(s.file(), "slow_query_log_file of the server"
                + (s.on() ? "" : " (slow_query_log is off now)")));
        files.keySet().removeIf(p -> scanned.contains(p.toAbsolutePath().normalize()));
        if (files.isEmpty() && reports.isEmpty()) {
            return CheckResult.notApplicable("no slow query log known (the server's slow_query_log_file, --option "
                    + FILE_OPTION + "=FILE, or a slow log among the logs)");
        }
        for (Map.Entry<Path, String> f : files.entrySet()) {
            if (!Files.isReadable(f.getKey())) {
                notes.add(new Evidence.Observation(r.redact("the slow query log " + f.getKey() + " (" + f.getValue()
                        + ") cannot be read by this process"), null));
                continue;
            }
            SlowLog.Report rep = SlowLog.read(f.getKey(), MAX_BYTES, deadline);
            reports.add(rep);
            notes.add(new Evidence.Observation(r.redact("slow query log " + f.getKey() + " (" + f.getValue() + "): "
                    + rep.entries().size() + " statements in " + (rep.fromStart() ? "the whole file" : "its last "
                    + rep.bytesRead() + " bytes") + (rep.complete() ? "" : ", stopped at the deadline")
                    + (rep.lineNumbersKnown() ? "" : "; line numbers count from the part read")), null));
        }
        ZoneId zone = ctx.target().zone();
        List<SlowLog.Entry> worst = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        for (SlowLog.Report rep : reports) {
            for (SlowLog.Entry e : rep.worst(5)) {
                worst.add(e);
                ev.add(new Evidence.LogLine(rep.file().toString(), e.line(), e.at(), r.redact(describe(e, zone))));
            }
            for (SlowLog.Shape s : rep.shapes(3)) {
                ev.add(new Evidence.Observation(r.redact(s.count() + " × " + String.format(Locale.ROOT, "%.2f", s.total())
                        + " s in total (worst " + String.format(Locale.ROOT, "%.2f", s.worst()) + " s): " + s.shape()),
                        null));
            }
        }
        ev.addAll(notes);
        double max = worst.stream().mapToDouble(SlowLog.Entry::queryTime).max().orElse(0);
        if (max < SLOW_SECONDS) {
            return CheckResult.passed(ev);
        }
        SlowLog.Entry top = worst.stream().max(java.util.Comparator.comparingDouble(SlowLog.Entry::queryTime)).get();
        long slow = slowInScan + reports.stream().filter(x -> !x.fromScan()).flatMap(x -> x.entries().stream())
                .filter(e -> e.queryTime() >= SLOW_SECONDS).count();
        return CheckResult.findings(Finding.cause(CauseCode.DATABASE_SLOW, Layer.DATABASE,
                        max >= 5 ? Severity.CRITICAL : Severity.WARNING, max >= 5 ? 0.6 : 0.4,
                        r.redact(slow + " statement" + (slow == 1 ? "" : "s") + " took " + SLOW_SECONDS + " s or more; the "
                                + "slowest, " + String.format(Locale.ROOT, "%.2f", max) + " s"
                                + (top.at() == null ? "" : " at " + HUMAN.format(top.at().atZone(zone))) + ": "
                                + top.statement()))
                .evidence(ev)
                .remediation("Run EXPLAIN on the slowest statement: a full scan of wp_postmeta or wp_options (meta_value "
                                + "LIKE '%…%', unindexed meta_key) needs an index or a plugin that stops doing it.",
                        "Find the plugin from the statement (its table prefix, option or meta key names) and update, "
                                + "replace or configure it; a persistent object cache takes repeated reads off the database.")
                .confirmWith("the same statement in SHOW FULL PROCESSLIST while pages are slow, or in PHP-FPM's slowlog "
                        + "under mysqli_query / wpdb::query")
                .build());
    }

    /**
     * The slow query logs the shared scan read: their entries of {@link SlowQuerySignatureProvider#THRESHOLD_SECONDS} s
     * or more from its timeline (dated, within the time window and episode the scan read), one report per file.
     * Returns how many such entries the scan counted (the timeline holds the most recent ones).
     */
    private static long fromScan(LogScan scan, List<SlowLog.Report> reports, List<Evidence> notes, Redactor r) {
        Map<String, List<SlowLog.Entry>> byFile = new LinkedHashMap<>();
        for (LogEvent e : scan.timeline()) {
            if (e.signatureId().equals(SlowQuerySignatureProvider.ID)) {
                byFile.computeIfAbsent(e.line().file(), k -> new ArrayList<>()).add(entry(e));
            }
        }
        long count = scan.hits(SlowQuerySignatureProvider.ID).map(SignatureHits::count).orElse(0L);
        for (ScannedFile f : scan.files()) {
            if (!f.formats().containsKey(LogFormat.MYSQL_SLOW) && !byFile.containsKey(f.path())) {
                continue;
            }
            List<SlowLog.Entry> entries = byFile.getOrDefault(f.path(), List.of());
            reports.add(new SlowLog.Report(Path.of(f.path()), entries, f.bytes(), true, f.complete(), true, true));
            notes.add(new Evidence.Observation(r.redact("slow query log " + f.path() + " (among the logs, read by the "
                    + "log scan): " + entries.size() + " statement" + (entries.size() == 1 ? "" : "s") + " of "
                    + SlowQuerySignatureProvider.THRESHOLD_SECONDS + " s or more in the time read"
                    + (f.complete() ? "" : ", not read whole")), null));
        }
        return count;
    }

    private static SlowLog.Entry entry(LogEvent e) {
        Map<String, String> f = e.fields();
        return new SlowLog.Entry(e.line().line(), e.at(), "", number(f.get("seconds")), number(f.get("lockSeconds")),
                (long) number(f.get("rowsSent")), (long) number(f.get("rowsExamined")),
                f.getOrDefault("statement", "(the statement is not in the part of the file read with it)"));
    }

    private static double number(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String describe(SlowLog.Entry e, ZoneId zone) {
        return String.format(Locale.ROOT, "Query_time %.2f s, Lock_time %.2f s, Rows_examined %d, Rows_sent %d", e.queryTime(),
                e.lockTime(), e.rowsExamined(), e.rowsSent())
                + (e.userHost().isEmpty() ? "" : ", " + e.userHost())
                + (e.at() == null ? "" : ", at " + HUMAN.format(e.at().atZone(zone))) + ": " + e.statement();
    }
}
