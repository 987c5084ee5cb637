package org.gatewaydoctor.checks.wordpress.internal.db;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gatewaydoctor.checks.wordpress.internal.php.PhpUnserialize;
import org.gatewaydoctor.logs.SqlText;

/**
 * A read-only look inside the site's database with its own credentials, through MariaDB Connector/J: the
 * session is set read-only, every statement is a {@code SELECT} or {@code SHOW}, and connecting and every read
 * are bounded by one timeout ({@code connectTimeout}, {@code socketTimeout}, per-statement query timeouts).
 */
public final class DbInspector {

    /** Statements running at least this long are reported. */
    public static final int LONG_QUERY_SECONDS = 5;
    /** The largest {@code active_plugins} value read. */
    static final int MAX_OPTION_BYTES = 1 << 20;
    /** The most lock waits read. */
    static final int MAX_LOCK_WAITS = 10;
    /** The longest the lock-wait read may take, in seconds. */
    static final int LOCK_READ_SECONDS = 5;
    /** Longer than InnoDB's 0.1 s {@code CACHE_MIN_IDLE_TIME_NS}: a snapshot unread that long is refreshed. */
    static final long SNAPSHOT_IDLE_MILLIS = 150;
    /** The most process-list rows read to cross-check the lock tables. */
    static final int MAX_SESSIONS = 500;
    /** The most candidate holders kept when InnoDB does not name the holder. */
    static final int MAX_HOLDER_CANDIDATES = 5;
    static final String MARIADB_LOCK_WAITS = "SELECT r.trx_mysql_thread_id, pw.USER, "
            + "TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()), LEFT(r.trx_query, 200), l.lock_table, l.lock_mode, "
            + "b.trx_mysql_thread_id, pb.USER, TIMESTAMPDIFF(SECOND, b.trx_started, NOW()), LEFT(b.trx_query, 200), "
            + "pb.COMMAND, pb.TIME FROM information_schema.INNODB_LOCK_WAITS w "
            + "JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id "
            + "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id "
            + "LEFT JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id "
            + "LEFT JOIN information_schema.PROCESSLIST pw ON pw.ID = r.trx_mysql_thread_id "
            + "LEFT JOIN information_schema.PROCESSLIST pb ON pb.ID = b.trx_mysql_thread_id "
            + "ORDER BY r.trx_wait_started LIMIT " + MAX_LOCK_WAITS;
    static final String MYSQL8_LOCK_WAITS = "SELECT w.waiting_pid, pw.USER, w.wait_age_secs, LEFT(w.waiting_query, 200), "
            + "w.locked_table, w.waiting_lock_mode, w.blocking_pid, pb.USER, "
            + "TIMESTAMPDIFF(SECOND, w.blocking_trx_started, NOW()), LEFT(w.blocking_query, 200), pb.COMMAND, pb.TIME "
            + "FROM sys.innodb_lock_waits w "
            + "LEFT JOIN information_schema.PROCESSLIST pw ON pw.ID = w.waiting_pid "
            + "LEFT JOIN information_schema.PROCESSLIST pb ON pb.ID = w.blocking_pid "
            + "ORDER BY w.wait_age_secs DESC LIMIT " + MAX_LOCK_WAITS;
    private static final String AUTOLOAD = "autoload IN ('yes','on','auto-on','auto')";

    private DbInspector() {
    }

    /** The connection failed: the server's error code and message (never holding the password). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;
        private final String sqlState;

        Refused(SQLException e) {
            super(e.getMessage(), null, false, false);
            this.code = e.getErrorCode();
            this.sqlState = e.getSQLState();
        }

        /** The server's (or driver's) error code, e.g. 1045. */
        public int code() {
            return code;
        }

        public String sqlState() {
            return sqlState;
        }
    }

    /**
     * Connects as {@code user} to database {@code name} and reads what it can within {@code timeout}.
     *
     * @param prefix the table prefix (letters, digits, underscores only) or {@code null} to skip WordPress's tables
     * @throws Refused when the connection or login fails
     */
    public static DbInspection inspect(DbHost host, String name, String user, String password, String prefix,
                                       Duration timeout) throws Refused {
        if (prefix != null && !prefix.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("invalid table prefix");
        }
        long ms = Math.max(500, timeout.toMillis());
        int seconds = (int) Math.max(1, ms / 1000);
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password == null ? "" : password);
        p.setProperty("connectTimeout", Long.toString(Math.min(ms, 10_000)));
        p.setProperty("socketTimeout", Long.toString(ms));
        p.setProperty("allowMultiQueries", "false");
        p.setProperty("allowLocalInfile", "false");
        p.setProperty("useServerPrepStmts", "false");
        p.setProperty("permitRedirect", "false");
        p.setProperty("connectionAttributes", "program_name:gateway-doctor");
        if (host.isSocket()) {
            p.setProperty("localSocket", host.socket().toString());
        }
        String url = "jdbc:mariadb://" + (host.isSocket() ? "localhost" : host.host().contains(":")
                ? "[" + host.host() + "]" : host.host()) + ":" + host.port() + "/" + encode(name);
        List<String> problems = new ArrayList<>();
        Map<String, String> vars = new LinkedHashMap<>();
        List<DbInspection.Query> longQueries = new ArrayList<>();
        Map<String, Long> largest = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        List<String> active = new ArrayList<>();
        List<DbInspection.LockWait> waits = new ArrayList<>();
        List<DbInspection.LockHolder> holders = new ArrayList<>();
        long[] autoload = {-1, -1};
        String version;
        Connection c;
        try {
            c = DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw new Refused(e);
        }
        try (c) {
            c.setReadOnly(true);
            version = c.getMetaData().getDatabaseProductVersion();
            read(c, seconds, problems, "server variables", "SELECT @@max_connections, @@slow_query_log, "
                    + "@@slow_query_log_file, @@long_query_time, @@datadir", rs -> {
                        vars.put("max_connections", rs.getString(1));
                        vars.put("slow_query_log", rs.getString(2));
                        vars.put("slow_query_log_file", rs.getString(3));
                        vars.put("long_query_time", rs.getString(4));
                        vars.put("datadir", rs.getString(5));
                    });
            read(c, seconds, problems, "status counters", "SHOW GLOBAL STATUS WHERE Variable_name IN "
                    + "('Threads_connected','Max_used_connections','Connection_errors_max_connections')",
                    rs -> vars.put(rs.getString(1), rs.getString(2)));
            read(c, seconds, problems, "the process list", "SELECT ID, USER, TIME, STATE, LEFT(INFO, 200) FROM "
                    + "information_schema.PROCESSLIST WHERE COMMAND NOT IN ('Sleep','Daemon','Binlog Dump') AND TIME >= "
                    + LONG_QUERY_SECONDS + " AND ID <> CONNECTION_ID() ORDER BY TIME DESC LIMIT 10",
                    rs -> longQueries.add(new DbInspection.Query(rs.getLong(1), rs.getString(2), rs.getLong(3),
                            String.valueOf(rs.getString(4)), String.valueOf(masked(rs.getString(5))))));
            lockWaits(c, Math.min(seconds, LOCK_READ_SECONDS), problems, waits, holders);
            if (prefix != null) {
                String options = "`" + prefix + "options`";
                read(c, seconds, problems, "the autoloaded options", "SELECT COUNT(*), COALESCE(SUM(LENGTH(option_value)), 0) "
                        + "FROM " + options + " WHERE " + AUTOLOAD, rs -> {
                            autoload[0] = rs.getLong(1);
                            autoload[1] = rs.getLong(2);
                        });
                read(c, seconds, problems, "the largest autoloaded options", "SELECT option_name, LENGTH(option_value) AS l FROM "
                        + options + " WHERE " + AUTOLOAD + " ORDER BY l DESC LIMIT 5",
                        rs -> largest.put(rs.getString(1), rs.getLong(2)));
                read(c, seconds, problems, "active_plugins", "SELECT LENGTH(option_value), LEFT(option_value, "
                        + MAX_OPTION_BYTES + ") FROM " + options + " WHERE option_name = 'active_plugins'", rs -> {
                            if (rs.getLong(1) > MAX_OPTION_BYTES) {
                                problems.add("active_plugins is larger than " + (MAX_OPTION_BYTES >> 10) + " KiB: not read");
                                return;
                            }
                            byte[] raw = rs.getBytes(2);
                            try {
                                active.addAll(PhpUnserialize.stringList(new String(raw, StandardCharsets.UTF_8)));
                            } catch (PhpUnserialize.Malformed e) {
                                problems.add("active_plugins is not a valid serialized array (" + e.getMessage() + ")");
                            }
                        });
                try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
                        + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?, ?)")) {
                    ps.setQueryTimeout(seconds);
                    ps.setString(1, prefix + "options");
                    ps.setString(2, prefix + "postmeta");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                } catch (SQLException e) {
                    problems.add("could not read the table sizes: " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            problems.add("the session ended early: " + e.getMessage());
            version = null;
        }
        return new DbInspection(version, vars, longQueries, autoload[0], autoload[1], largest, active, rows, problems, waits,
                holders);
    }

    /**
     * Reads InnoDB lock waits, waiter and holder: MariaDB and MySQL 5.7 from {@code information_schema}
     * ({@code INNODB_LOCK_WAITS}, {@code INNODB_TRX}, {@code INNODB_LOCKS}), MySQL 8 (which dropped those) from
     * {@code sys.innodb_lock_waits}. A missing table is not an error; a missing PROCESS privilege is said.
     *
     * <p>Those tables are served from a snapshot InnoDB refreshes only when nobody read it for 0.1 s
     * ({@code trx0i_s.cc}), so a client polling them keeps everyone on an old one. The live process list is the
     * cross-check: a statement running for a second or more that the snapshot names neither as waiter nor as holder
     * makes the read wait {@link #SNAPSHOT_IDLE_MILLIS} and read again; if it is still missing, {@code SHOW ENGINE
     * INNODB STATUS} (printed live) says whether that connection waits for a lock, for how long and on which table,
     * but not who holds it: then the transactions holding row locks without waiting are listed as candidates.
     */
    static void lockWaits(Connection c, int seconds, List<String> problems, List<DbInspection.LockWait> waits,
                          List<DbInspection.LockHolder> holders) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<DbInspection.LockWait> found = readLockWaits(c, seconds, problems);
        if (found == null) {
            return;
        }
        Map<Long, Session> sessions = sessions(c, left(end));
        found = stillWaiting(found, sessions);
        java.util.Set<Long> unexplained = unexplained(found, sessions);
        if (!unexplained.isEmpty() && left(end) > 1) {
            try {
                Thread.sleep(SNAPSHOT_IDLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                waits.addAll(found);
                return;
            }
            List<DbInspection.LockWait> again = readLockWaits(c, left(end), new ArrayList<>());
            if (again != null) {
                found = stillWaiting(again, sessions);
                unexplained = unexplained(found, sessions);
            }
        }
        waits.addAll(found);
        if (unexplained.isEmpty() || left(end) <= 1) {
            return;
        }
        String status = null;
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(left(end));
            try (ResultSet rs = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
                if (rs.next()) {
                    status = rs.getString(3);
                }
            }
        } catch (SQLException e) {
            problems.add("could not read SHOW ENGINE INNODB STATUS: " + e.getMessage());
            return;
        }
        fromStatus(InnodbStatus.transactions(status), sessions, unexplained, waits, holders);
    }

    /**
     * The waits {@code SHOW ENGINE INNODB STATUS} shows for connections the lock tables did not list (each still
     * running a statement in the live process list), without a holder, and then the transactions holding row locks
     * without waiting, oldest first, as candidates.
     */
    static void fromStatus(List<InnodbStatus.Trx> transactions, Map<Long, Session> sessions, java.util.Set<Long> unexplained,
                           List<DbInspection.LockWait> waits, List<DbInspection.LockHolder> holders) {
        boolean added = false;
        for (InnodbStatus.Trx t : transactions) {
            Session s = sessions.get(t.threadId());
            if (t.lockWait() && s != null && unexplained.contains(t.threadId()) && waits.size() < MAX_LOCK_WAITS) {
                waits.add(new DbInspection.LockWait(t.threadId(), s.user(), t.waitSeconds() >= 0 ? t.waitSeconds() : s.time(),
                        s.info(), t.table(), t.lockMode(), -1, null, -1, null, null, -1));
                added = true;
            }
        }
        if (!added) {
            return;
        }
        transactions.stream().filter(t -> !t.lockWait() && t.rowLocks() > 0 && t.threadId() >= 0)
                .sorted(java.util.Comparator.comparingLong(InnodbStatus.Trx::activeSeconds).reversed())
                .limit(MAX_HOLDER_CANDIDATES)
                .forEach(t -> {
                    Session s = sessions.get(t.threadId());
                    holders.add(new DbInspection.LockHolder(t.threadId(), s == null ? null : s.user(), t.activeSeconds(),
                            t.rowLocks(), t.undoEntries(), s == null ? null : s.info(), s == null ? null : s.command(),
                            s == null ? -1 : s.time()));
                });
    }

    /** Whole seconds left until {@code end} ({@link System#nanoTime()}), at least 1 (a query timeout of 0 means none). */
    private static int left(long end) {
        return (int) Math.max(1, (end - System.nanoTime() + 999_999_999L) / 1_000_000_000L);
    }

    /** One row of the live process list; {@code info} has its literals masked. */
    record Session(long id, String user, String command, long time, String state, String info) {
    }

    private static Map<Long, Session> sessions(Connection c, int seconds) {
        Map<Long, Session> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(seconds);
            s.setMaxRows(MAX_SESSIONS);
            try (ResultSet rs = s.executeQuery("SELECT ID, USER, COMMAND, TIME, STATE, LEFT(INFO, 200) FROM "
                    + "information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() ORDER BY TIME DESC LIMIT " + MAX_SESSIONS)) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Session(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), masked(rs.getString(6))));
                }
            }
        } catch (SQLException e) {
            // without the process list there is nothing to cross-check: the lock tables' rows stand as read
        }
        return out;
    }

    /**
     * The rows whose waiter still runs a statement in the live process list: an old snapshot can name a wait that has
     * ended. Without a process list (not readable) the rows stand.
     */
    static List<DbInspection.LockWait> stillWaiting(List<DbInspection.LockWait> found, Map<Long, Session> sessions) {
        if (sessions.isEmpty() || sessions.size() >= MAX_SESSIONS) {
            return found;
        }
        return found.stream().filter(w -> sessions.containsKey(w.waiterId()) && running(sessions.get(w.waiterId())))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    private static boolean running(Session s) {
        return "Query".equals(s.command()) || "Execute".equals(s.command());
    }

    /** Connections running a statement for a second or more that {@code found} names neither as waiter nor holder. */
    static java.util.Set<Long> unexplained(List<DbInspection.LockWait> found, Map<Long, Session> sessions) {
        java.util.Set<Long> out = new java.util.LinkedHashSet<>();
        for (Session s : sessions.values()) {
            if (running(s) && s.time() >= 1
                    && !"User sleep".equalsIgnoreCase(s.state())
                    && found.stream().noneMatch(w -> w.waiterId() == s.id() || w.holderId() == s.id())) {
                out.add(s.id());
            }
        }
        return out;
    }

    /** The lock-wait rows, or {@code null} when they cannot be read (said in {@code problems}). */
    private static List<DbInspection.LockWait> readLockWaits(Connection c, int seconds, List<String> problems) {
        SQLException first = null;
        for (String sql : new String[] {MARIADB_LOCK_WAITS, MYSQL8_LOCK_WAITS}) {
            List<DbInspection.LockWait> found = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(seconds);
                s.setMaxRows(MAX_LOCK_WAITS);
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        found.add(new DbInspection.LockWait(rs.getLong(1), rs.getString(2), rs.getLong(3),
                                masked(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getLong(7),
                                rs.getString(8), number(rs, 9), masked(rs.getString(10)), rs.getString(11),
                                number(rs, 12)));
                    }
                }
                return found;
            } catch (SQLException e) {
                if (!missingTable(e)) {
                    first = first == null ? e : first;
                    if (e.getErrorCode() == 1227 || e.getErrorCode() == 1142) {
                        break;
                    }
                }
            }
        }
        if (first != null) {
            problems.add("could not read InnoDB lock waits" + (first.getErrorCode() == 1227 || first.getErrorCode() == 1142
                    ? " (they need the PROCESS privilege, which this user lacks)" : "") + ": " + first.getMessage());
            return null;
        }
        return new ArrayList<>();
    }

    /** A statement the server reports, its literals masked (core's {@link SqlText}); {@code null} stays. */
    static String masked(String statement) {
        return statement == null ? null : SqlText.maskLiterals(statement);
    }

    private static long number(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? -1 : v;
    }

    private static boolean missingTable(SQLException e) {
        // 1146 no such table, 1109 unknown information_schema table, 1049 unknown database (no sys schema)
        return e.getErrorCode() == 1146 || e.getErrorCode() == 1109 || e.getErrorCode() == 1049
                || "42S02".equals(e.getSQLState());
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void read(Connection c, int seconds, List<String> problems, String what, String sql, Row row) {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(seconds);
            s.setMaxRows(100);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } catch (SQLException e) {
            problems.add("could not read " + what + ": " + e.getMessage());
        }
    }

    private static String encode(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
