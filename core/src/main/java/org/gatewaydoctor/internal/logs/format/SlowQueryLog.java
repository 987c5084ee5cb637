package org.gatewaydoctor.internal.logs.format;

import java.time.Instant;
import java.time.ZoneId;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.SqlText;

/**
 * The MySQL/MariaDB slow query log ({@link LogFormat#MYSQL_SLOW}): one entry per statement, over several lines.
 *
 * <pre>
 * # Time: 261207  9:38:04                            (MariaDB, MySQL 5.6: yymmdd, local time; only when the second changed)
 * # Time: 2024-05-10T17:44:36.400424Z                (MySQL 5.7, 8.0, 8.4: every entry, UTC by default)
 * # User@Host: wp[wp] @ localhost []                 (MySQL adds "  Id:    12")
 * # Thread_id: 5  Schema: wordpress  QC_hit: No      (MariaDB)
 * # Query_time: 2.000381  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0
 * # Rows_affected: 0  Bytes_sent: 65                 (MariaDB; more "# " lines with log_slow_verbosity)
 * use wordpress;                                     (when the schema changed)
 * SET timestamp=1796636284;                          (when the statement began, seconds since the epoch)
 * SELECT SLEEP(2);                                   (one or more lines)
 * </pre>
 *
 * Sources: MariaDB 10.11 {@code sql/log.cc} {@code MYSQL_QUERY_LOG::write} as captured from the real server in
 * checks-wordpress's fixture {@code fixtures/mysql/mariadb-slow.log}; MySQL 8.0.36 / 8.4.0 and MariaDB 11.3.2 entries
 * as posted by J-F Gagné (github.com/jfg956/mysql-server, {@code jfg_brain_dump.md}, "Slow Query Log File
 * Examples"), see core's test resource {@code formats/mysql-slow/README.md}.
 *
 * <p>The scanner joins an entry into one record at its {@code # Query_time:} line ({@link #record}): that line, then
 * {@code SET timestamp=N;} and the statement with every quoted literal masked. The record is dated by its
 * {@code SET timestamp} (UTC, whatever zone the log's local {@code # Time:} is in); a line {@code # Time:} and a line
 * {@code SET timestamp=N;} are dated too, so that a {@code # Query_time:} line whose statement could not be joined
 * takes the time of its entry from the lines above it.
 */
public final class SlowQueryLog {

    /** The line of an entry the scanner joins the rest of the entry to. */
    public static final String QUERY_TIME = "# Query_time: ";
    /** Most lines of an entry read after its {@code # Query_time:} line. */
    static final int MAX_LINES = 64;
    /** Most characters of a statement kept in a record. */
    static final int MAX_STATEMENT = 2000;
    /** Between the parts of a joined record. */
    public static final String SEPARATOR = " | ";

    private static final String TIME = "# Time: ";
    private static final String USER_HOST = "# User@Host: ";
    private static final String SET_TIMESTAMP = "SET timestamp=";
    /** MySQL's statement line for a command that is no statement ({@code # administrator command: Init DB;}). */
    private static final String ADMIN = "# administrator command: ";
    /** The {@code # Name: } lines of an entry's header (MariaDB's and Percona's verbosity lines included). */
    private static final String[] HEADERS = {TIME, USER_HOST, QUERY_TIME, "# Thread_id: ", "# Schema: ",
        "# Rows_affected: ", "# Full_scan: ", "# Filesort: ", "# Tmp_tables: ", "# Bytes_sent: ", "# Pages_accessed: ",
        "# InnoDB_trx_id: ", "# explain: "};

    private SlowQueryLog() {
    }

    /** Whether the line {@code s} (from {@code from}) is one of a slow query log's own lines (header or timestamp). */
    static boolean isLine(String s, int from) {
        char first = s.charAt(from);
        if (first == '#') {
            for (String h : HEADERS) {
                if (s.startsWith(h, from)) {
                    return !s.startsWith(TIME, from) || clock(new Cursor(s, from + TIME.length()));
                }
            }
            return false;
        }
        return first == 'S' && epochSeconds(s, from) >= 0;
    }

    /**
     * The time of a slow-log line or joined record: a record's or a line's {@code SET timestamp=N;} (UTC), a
     * {@code # Time:} line's clock ({@code zone} for MariaDB's local time); null for the other lines.
     */
    static Instant timestamp(String line, ZoneId zone) {
        if (line.startsWith(TIME)) {
            Cursor c = new Cursor(line, TIME.length());
            return clock(c) ? Clock.instant(c, zone) : null;
        }
        long epoch = line.startsWith(SET_TIMESTAMP) ? epochSeconds(line, 0) : -1;
        if (epoch < 0 && line.startsWith(QUERY_TIME)) {
            int at = line.indexOf(SEPARATOR + SET_TIMESTAMP);
            epoch = at < 0 ? -1 : epochSeconds(line, at + SEPARATOR.length());
        }
        return epoch < 0 ? null : Instant.ofEpochSecond(epoch);
    }

    /** {@code 261207  9:38:04} or {@code 2024-05-10T17:44:36.400424Z}, read into {@code c}. */
    private static boolean clock(Cursor c) {
        int from = c.pos;
        if (c.peek(4) == '-') {
            return c.isoClock() != 0;
        }
        c.at(from);
        return c.yymmddClock();
    }

    /** The {@code N} of {@code SET timestamp=N;} at {@code from}, or -1. */
    private static long epochSeconds(String s, int from) {
        if (!s.startsWith(SET_TIMESTAMP, from)) {
            return -1;
        }
        int i = from + SET_TIMESTAMP.length();
        long n = 0;
        int digits = 0;
        while (i < s.length() && Cursor.isDigit(s.charAt(i)) && digits < 12) {
            n = n * 10 + (s.charAt(i) - '0');
            i++;
            digits++;
        }
        return digits > 0 && i < s.length() && s.charAt(i) == ';' ? n : -1;
    }

    /** Receives the lines after an entry's {@code # Query_time:} line, one at a time. */
    public interface Lines {
        /** The next line without its line break, or null at the end of what can be read. */
        String next();
    }

    /**
     * The record of the entry whose {@code # Query_time:} line is {@code queryTimeLine}: that line, then
     * {@code  | SET timestamp=N;} and {@code  | } with the statement (its lines joined by a space, every quoted
     * literal replaced by {@code '?'}, cut at {@value #MAX_STATEMENT} characters) when {@code following} holds them.
     * Reading stops at the next entry, at a server's restart banner, after {@value #MAX_LINES} lines, or where
     * {@code following} ends. Any other line is returned as it is.
     */
    public static String record(String queryTimeLine, Lines following) {
        if (!queryTimeLine.startsWith(QUERY_TIME)) {
            return queryTimeLine;
        }
        long started = -1;
        StringBuilder statement = new StringBuilder();
        for (int n = 0; n < MAX_LINES; n++) {
            String line = following.next();
            if (line == null) {
                break;
            }
            if (line.startsWith(TIME) || line.startsWith(USER_HOST) || line.startsWith(QUERY_TIME)
                    || (statement.length() > 0 && line.startsWith("# ")) || banner(line)) {
                break; // the next entry, or the server started again
            }
            long t = started < 0 ? epochSeconds(line, 0) : -1;
            if (t >= 0) {
                started = t;
                if (statement.indexOf("use ") == 0) {
                    statement.setLength(0); // a schema whose name holds a line break: "use test" / "jfg;"
                }
                continue;
            }
            if (statement.length() == 0) {
                if (started >= 0 && line.startsWith(ADMIN)) {
                    statement.append(line, 2, Math.min(line.length(), MAX_STATEMENT));
                    continue;
                }
                if (line.startsWith("# ")) {
                    continue; // log_slow_verbosity / log_slow_extra lines of this entry
                }
                if (line.startsWith("use ") && line.endsWith(";") && started < 0) {
                    continue;
                }
            }
            if (statement.length() < MAX_STATEMENT) {
                if (statement.length() > 0) {
                    statement.append(' ');
                }
                statement.append(line, 0, Math.min(line.length(), MAX_STATEMENT + 1 - statement.length()));
            }
        }
        StringBuilder b = new StringBuilder(queryTimeLine);
        if (started >= 0) {
            b.append(SEPARATOR).append(SET_TIMESTAMP).append(started).append(';');
        }
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            String masked = SqlText.maskLiterals(s);
            b.append(SEPARATOR).append(masked.length() > MAX_STATEMENT ? masked.substring(0, MAX_STATEMENT) + "…"
                    : masked);
        }
        return b.toString();
    }

    /** {@code /usr/sbin/mariadbd, Version: 10.11.19-MariaDB-0+deb12u1-log (Debian 12). started with:} */
    private static boolean banner(String line) {
        return line.endsWith("started with:") && line.contains(", Version: ");
    }
}
