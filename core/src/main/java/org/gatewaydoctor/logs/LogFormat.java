package org.gatewaydoctor.logs;

/**
 * The kinds of log line gateway-doctor recognises, by content (never by file name). One file may
 * mix several; each line is classified on its own.
 */
public enum LogFormat {
    /** nginx error log: {@code 2026/11/21 09:14:03 [error] 812#812: *4711 message, client: ...} (local time). */
    NGINX_ERROR,
    /**
     * Access log in the common/combined format written by nginx and Apache
     * ({@code 203.0.113.9 - - [21/Nov/2026:09:14:03 +0100] "GET / HTTP/1.1" 502 157 ...}), with
     * nginx {@code $upstream_*} and {@code $request_time} fields when present.
     */
    HTTP_ACCESS,
    /**
     * Apache 2.4 error log: {@code [Sat Nov 21 09:14:03.123456 2026] [proxy_fcgi:error] [pid 1:tid 2] AH01079: ...},
     * with or without microseconds (local time).
     */
    APACHE_ERROR,
    /** HAProxy log line (usually via syslog), with its termination state such as {@code SH--}. */
    HAPROXY,
    /** PHP-FPM master log: {@code [21-Nov-2026 09:14:01] WARNING: [pool www] ...} (local time). */
    PHP_FPM,
    /** PHP-FPM slowlog: a {@code [pool www] pid N} header, {@code script_filename = ...}, then a stack trace. */
    PHP_FPM_SLOWLOG,
    /** PHP error log and WordPress {@code debug.log}: {@code [21-Nov-2026 09:14:01 UTC] PHP Fatal error: ...}. */
    PHP_ERROR,
    /** MariaDB/MySQL server error log ({@code 2026-11-21  9:14:01 0 [Warning] ...} or MySQL 8's ISO form). */
    MYSQL_ERROR,
    /**
     * MariaDB/MySQL slow query log: {@code # Time: ...}, {@code # User@Host: ...}, {@code # Query_time: 2.000381
     * Lock_time: ...}, {@code SET timestamp=...;} and the statement; the scanner joins an entry into one record at its
     * {@code # Query_time:} line, the statement's quoted literals masked.
     */
    MYSQL_SLOW,
    /** Kernel messages via syslog/journal/dmesg, e.g. the OOM killer's {@code Out of memory: Killed process}. */
    KERNEL,
    /** A line of none of the known formats. */
    UNKNOWN
}
