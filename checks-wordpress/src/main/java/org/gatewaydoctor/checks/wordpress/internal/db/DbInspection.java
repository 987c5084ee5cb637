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
 */
public record DbInspection(String version, Map<String, String> variables, List<Query> longQueries,
                           long autoloadCount, long autoloadBytes, Map<String, Long> largestAutoload,
                           List<String> activePlugins, Map<String, Long> rowCounts, List<String> problems) {

    public DbInspection {
        variables = Map.copyOf(variables);
        longQueries = List.copyOf(longQueries);
        largestAutoload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(largestAutoload));
        activePlugins = List.copyOf(activePlugins);
        rowCounts = Map.copyOf(rowCounts);
        problems = List.copyOf(problems);
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
}
