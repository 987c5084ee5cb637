package org.gatewaydoctor.checks.wordpress.internal.db;

import java.util.List;
import java.util.Map;

/**
 * What a read-only session with the site's credentials found.
 *
 * @param version the server's version
 * @param variables server variables and status counters read ({@code max_connections}, {@code Threads_connected},
 *     {@code Max_used_connections}, {@code Connection_errors_max_connections}, {@code slow_query_log},
 *     {@code slow_query_log_file}, {@code long_query_time}), as text
 * @param longQueries statements running for at least {@link DbInspector#LONG_QUERY_SECONDS} seconds (only this
 *     user's own unless it has the PROCESS privilege)
 * @param autoloadCount autoloaded options, -1 when unknown
 * @param autoloadBytes their total size in bytes, -1 when unknown
 * @param largestAutoload the largest autoloaded options, name to bytes
 * @param activePlugins the {@code active_plugins} option, in order; empty when unknown
 * @param rowCounts approximate row counts of the options and postmeta tables (information_schema)
 * @param problems what could not be read, in sentences
 * @param lockWaits InnoDB lock waits: who waits for whom (needs the PROCESS privilege), longest wait first; a
 *     wait whose holder InnoDB did not name has {@code holderId} -1
 * @param lockHolders when some wait's holder is not named: the transactions that hold row locks without waiting
 *     (from {@code SHOW ENGINE INNODB STATUS}), oldest first: the candidates, not a verdict
 */
public record DbInspection(String version, Map<String, String> variables, List<Query> longQueries,
                           long autoloadCount, long autoloadBytes, Map<String, Long> largestAutoload,
                           List<String> activePlugins, Map<String, Long> rowCounts, List<String> problems,
                           List<LockWait> lockWaits, List<LockHolder> lockHolders) {

    public DbInspection {
        lockWaits = List.copyOf(lockWaits);
        lockHolders = List.copyOf(lockHolders);
        variables = Map.copyOf(variables);
        longQueries = List.copyOf(longQueries);
        largestAutoload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(largestAutoload));
        activePlugins = List.copyOf(activePlugins);
        rowCounts = Map.copyOf(rowCounts);
        problems = List.copyOf(problems);
    }

    /** An inspection without lock waits. */
    public DbInspection(String version, Map<String, String> variables, List<Query> longQueries,
                        long autoloadCount, long autoloadBytes, Map<String, Long> largestAutoload,
                        List<String> activePlugins, Map<String, Long> rowCounts, List<String> problems) {
        this(version, variables, longQueries, autoloadCount, autoloadBytes, largestAutoload, activePlugins, rowCounts,
                problems, List.of(), List.of());
    }

    /** An inspection whose lock waits all name their holder. */
    public DbInspection(String version, Map<String, String> variables, List<Query> longQueries,
                        long autoloadCount, long autoloadBytes, Map<String, Long> largestAutoload,
                        List<String> activePlugins, Map<String, Long> rowCounts, List<String> problems,
                        List<LockWait> lockWaits) {
        this(version, variables, longQueries, autoloadCount, autoloadBytes, largestAutoload, activePlugins, rowCounts,
                problems, lockWaits, List.of());
    }

    /** A variable as a number, or -1. */
    public long number(String name) {
        try {
            return Long.parseLong(variables.getOrDefault(name, "-1").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * One long-running statement.
     *
     * @param id the connection id
     * @param user the user
     * @param seconds how long it runs
     * @param state the thread state
     * @param info the statement, first 200 characters
     */
    public record Query(long id, String user, long seconds, String state, String info) {
    }

    /**
     * One InnoDB lock wait: a transaction that waits for a lock another transaction holds.
     *
     * @param waiterId the waiting connection's id
     * @param waiterUser its user, {@code null} when unknown
     * @param waitSeconds how long it has waited
     * @param waiterStatement the statement that waits, first 200 characters, string literals masked
     * @param table the locked table ({@code `db`.`table`}), {@code null} when unknown
     * @param lockMode the requested lock's mode (X, S...), {@code null} when unknown
     * @param holderId the connection whose transaction holds the lock, -1 when InnoDB did not say (the wait was seen
     *     only in {@code SHOW ENGINE INNODB STATUS}, which does not name the holder)
     * @param holderUser its user, {@code null} when unknown
     * @param holderTrxSeconds how long the holder's transaction has been open, -1 when unknown
     * @param holderStatement the holder's current statement (literals masked), {@code null} when it runs none
     * @param holderCommand the holder's process-list command ({@code Sleep} when idle), {@code null} when unknown
     * @param holderIdleSeconds the holder's process-list time (how long idle when it runs nothing), -1 when unknown
     */
    public record LockWait(long waiterId, String waiterUser, long waitSeconds, String waiterStatement, String table,
                           String lockMode, long holderId, String holderUser, long holderTrxSeconds,
                           String holderStatement, String holderCommand, long holderIdleSeconds) {

        /** The holder runs no statement: an open transaction left idle while it holds locks. */
        public boolean holderIdle() {
            return holderStatement == null || holderStatement.isBlank() || "Sleep".equalsIgnoreCase(holderCommand);
        }
    }

    /**
     * A transaction holding row locks while not waiting itself: when InnoDB did not name a wait's holder, one of these
     * holds it (or the lock is held by a transaction that is not listed, which the finding says).
     *
     * @param id its connection id
     * @param user its user, {@code null} when unknown
     * @param trxSeconds how long its transaction has been open
     * @param rowLocks how many row locks it holds
     * @param undoEntries how many row changes it has not committed
     * @param statement its current statement (literals masked), {@code null} when it runs none
     * @param command its process-list command ({@code Sleep} when idle), {@code null} when unknown
     * @param idleSeconds its process-list time, -1 when unknown
     */
    public record LockHolder(long id, String user, long trxSeconds, long rowLocks, long undoEntries, String statement,
                             String command, long idleSeconds) {

        /** The process list shows it running no statement: an open transaction left idle (unknown: not idle). */
        public boolean idle() {
            return "Sleep".equalsIgnoreCase(command) || command != null && (statement == null || statement.isBlank());
        }
    }
}
