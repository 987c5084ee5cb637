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
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * The database's slow query log, read by this module itself (the shared log scan does not know the format): the
 * file the server names ({@code slow_query_log_file}, from {@code wordpress.database}), the one given with the target
 * option {@link #FILE_OPTION}, or any log of the target that starts like one. Only the last {@link #MAX_BYTES} of a
 * file are read, until the check's deadline. The slowest statements are shown with file and line, each statement
 * redacted (every quoted literal becomes {@code '?'}: MariaDB writes passwords of {@code CREATE USER} and the values
 * of every {@code INSERT} in clear text), and grouped by shape with their count and total time. A statement of
 * {@link #SLOW_SECONDS} or more is {@code database.slow}.
 */
public final class SlowQueryCheck implements Check {

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
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.DATABASE;
    }

    @Override
    public String title() {
        return "Database slow query log: the slowest statements (redacted)";
    }

    @Override
    public Set<String> runsAfter() {
        return Set.of(DatabaseCheck.ID);
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(15);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        Redactor r = ctx.redactor();
        Map<Path, String> files = new LinkedHashMap<>();
        ctx.target().option(FILE_OPTION).map(Path::of).ifPresent(p -> files.put(p, "given with " + FILE_OPTION));
        ctx.fact(DatabaseCheck.SLOW_LOG).ifPresent(s -> files.putIfAbsent(s.file(), "slow_query_log_file of the server"
                + (s.on() ? "" : " (slow_query_log is off now)")));
        for (Path p : ctx.logs().files()) {
            if (files.size() >= 8) {
                break;
            }
            try {
                if (Files.isRegularFile(p) && !files.containsKey(p) && SlowLog.looksLikeSlowLog(SlowLog.head(p, 4096))) {
                    files.put(p, "among the logs");
                }
            } catch (java.io.IOException e) {
                // unreadable logs are reported by the log scan
            }
        }
        if (files.isEmpty()) {
            return CheckResult.notApplicable("no slow query log known (the server's slow_query_log_file, --option "
                    + FILE_OPTION + "=FILE, or a slow log among the logs)");
        }
        long deadline = System.nanoTime() + Math.max(0, ctx.remaining().minusMillis(300).toNanos());
        ZoneId zone = ctx.target().zone();
        List<Evidence> notes = new ArrayList<>();
        List<SlowLog.Report> reports = new ArrayList<>();
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
        long slow = reports.stream().flatMap(x -> x.entries().stream()).filter(e -> e.queryTime() >= SLOW_SECONDS).count();
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

    private static String describe(SlowLog.Entry e, ZoneId zone) {
        return String.format(Locale.ROOT, "Query_time %.2f s, Lock_time %.2f s, Rows_examined %d, Rows_sent %d", e.queryTime(),
                e.lockTime(), e.rowsExamined(), e.rowsSent())
                + (e.userHost().isEmpty() ? "" : ", " + e.userHost())
                + (e.at() == null ? "" : ", at " + HUMAN.format(e.at().atZone(zone))) + ": " + e.statement();
    }
}
