package org.gatewaydoctor.internal.logs.format;

import java.time.Instant;
import java.time.ZoneId;
import org.gatewaydoctor.logs.LogFormat;

/**
 * Classifies log lines by content and reads their clocks. Both methods look at the first few dozen
 * characters with {@code charAt} checks (no regular expressions, at most one short scan for the
 * {@code [} of an access-log date) and never throw, whatever the input.
 *
 * <h2>Detection rules, in the order they are tried</h2>
 *
 * <ol>
 *   <li>Starts with {@code [}:
 *       <ul>
 *         <li>{@code [21-Nov-2026 09:14:01} (PHP's {@code d-M-Y H:i:s}) then
 *             <ul>
 *               <li>{@code .123456]} → {@link LogFormat#PHP_FPM} (FPM at {@code log_level = debug});
 *               <li>{@code  ZONE]}, a zone name or offset before the bracket → {@link LogFormat#PHP_ERROR}
 *                   (PHP's error log and WordPress's {@code debug.log} always name the zone);
 *               <li>{@code ]} then spaces and {@code [pool } → {@link LogFormat#PHP_FPM_SLOWLOG} header;
 *               <li>{@code ] LEVEL: } (an upper-case word and a colon) → {@link LogFormat#PHP_FPM};
 *               <li>{@code ]} then anything else → {@link LogFormat#PHP_ERROR} (PHP before 5.1 wrote no zone);
 *             </ul>
 *         <li>{@code [0x} and 8 to 16 hex digits {@code ] } → {@link LogFormat#PHP_FPM_SLOWLOG} stack line;
 *         <li>{@code [Sat Nov 21 09:14:03[.123456] 2026]} then {@code  [} → {@link LogFormat#APACHE_ERROR};
 *             then anything else → {@link LogFormat#KERNEL} ({@code dmesg -T});
 *         <li>{@code [2026-11-21 09:14:03[.123456]] [} → {@link LogFormat#APACHE_ERROR} ({@code %{cu}t});
 *         <li>{@code [ 12345.678901]} (dmesg's {@code %5lu.%06lu}) → {@link LogFormat#KERNEL}.
 *       </ul>
 *   <li>Starts with a digit:
 *       <ul>
 *         <li>{@code 2026/11/21 09:14:03 [} → {@link LogFormat#NGINX_ERROR};
 *         <li>{@code 2026-11-21T09:14:01.123456Z 0 [} (any offset) → {@link LogFormat#MYSQL_ERROR} (MySQL 5.7/8);
 *         <li>{@code 2026-11-21  9:14:01 0 [} or {@code 2026-11-21 09:14:01 0 [} → {@link LogFormat#MYSQL_ERROR}
 *             (MariaDB, MySQL 5.6);
 *         <li>{@code 161121  9:14:01 [}, {@code ... mysqld_safe } or {@code ...  InnoDB:} →
 *             {@link LogFormat#MYSQL_ERROR} (MySQL 5.5 and MariaDB's crash report header).
 *       </ul>
 *   <li>A syslog or journal envelope (see {@link Syslog}): the message inside is classified by these
 *       same rules (a leading {@code tag: } inside it is skipped if that helps); the tag {@code kernel}
 *       means {@link LogFormat#KERNEL} whatever the message. A message that matches nothing is
 *       classified by its tag: {@code haproxy*} → HAPROXY, {@code php-fpm*} / {@code php*-fpm} →
 *       PHP_FPM (its syslog lines are {@code [LEVEL] msg}, no clock), {@code php} → PHP_ERROR,
 *       {@code mariadbd}, {@code mysqld}, {@code mariadb}, {@code mysql} → MYSQL_ERROR, {@code nginx}
 *       → NGINX_ERROR, {@code apache2} / {@code httpd} → APACHE_ERROR.
 *   <li>{@code # Time: }, {@code # User@Host: }, {@code # Query_time: } (and the other {@code # Name: } lines of an
 *       entry's header) or {@code SET timestamp=N;} → {@link LogFormat#MYSQL_SLOW} (see {@link SlowQueryLog}).
 *   <li>{@code script_filename = } or {@code +++ dump failed} → {@link LogFormat#PHP_FPM_SLOWLOG}.
 *   <li>The first {@code [} in the first 1024 characters, after a space, opening
 *       {@code 21/Nov/2026:09:14:03}:
 *       <ul>
 *         <li>with {@code  +0100]}, at least three words before it (client, ident, user; Apache's
 *             {@code vhost_combined} puts {@code host:port} in front) and {@code  "} after it →
 *             {@link LogFormat#HTTP_ACCESS};
 *         <li>with exactly one word before it that ends in {@code :digits} (HAProxy's client
 *             {@code ip:port}) → {@link LogFormat#HAPROXY}.
 *       </ul>
 *   <li>Anything else → {@link LogFormat#UNKNOWN}.
 * </ol>
 *
 * <h2>Clocks</h2>
 *
 * An offset or zone written in the line wins (access logs, PHP error log, MySQL 8, ISO syslog).
 * Local times without one (nginx, Apache, FPM, HAProxy's accept date, MariaDB, BSD syslog) are read
 * in {@code zone}; in the hour that occurs twice when clocks go back, the earlier one is taken. BSD
 * syslog has no year: {@code defaultYear} is used, as given. When the message inside an envelope
 * has no clock of its own (FPM via syslog, HAProxy's own notices, kernel messages) the envelope's
 * clock is used. dmesg's seconds since boot and slowlog stack lines have no wall clock: null.
 */
public final class LineFormats {

    /** How far the access-log / HAProxy rule looks for the {@code [} of the date. */
    private static final int BRACKET_SEARCH = 1024;
    /** Envelopes inside envelopes (relayed syslog) are followed this deep. */
    private static final int MAX_DEPTH = 2;

    private LineFormats() {
    }

    /** The format of one line, judged by its content alone; {@link LogFormat#UNKNOWN} for null or empty. */
    public static LogFormat detect(String line) {
        if (line == null || line.isEmpty()) {
            return LogFormat.UNKNOWN;
        }
        return detectAt(line, 0, 0);
    }

    /**
     * The moment a line of {@code format} says it was written, or {@code null} when its clock cannot
     * be read.
     *
     * @param zone the zone of formats that write local time without a zone; if null, such lines
     *     have no time (lines that carry an offset or a zone name still do)
     * @param defaultYear the year for formats that omit it (syslog)
     */
    public static Instant timestamp(LogFormat format, String line, ZoneId zone, int defaultYear) {
        if (format == null || line == null || line.isEmpty() || format == LogFormat.UNKNOWN) {
            return null;
        }
        if (format == LogFormat.MYSQL_SLOW) {
            return SlowQueryLog.timestamp(line, zone);
        }
        Cursor c = new Cursor(line, 0);
        Syslog.Envelope e = Syslog.parse(line, 0);
        if (e == null) {
            return clockAt(format, c, 0) ? Clock.instant(c, zone) : null;
        }
        // the program's own clock inside the envelope first, then a relayed envelope's, then the outer one
        Instant t = messageClock(format, c, e.body, zone);
        if (t != null) {
            return t;
        }
        Syslog.Envelope inner = Syslog.parse(line, e.body);
        if (inner != null) {
            t = messageClock(format, c, inner.body, zone);
            if (t == null) {
                t = inner.instant(line, zone, defaultYear);
            }
            if (t != null) {
                return t;
            }
        }
        return e.instant(line, zone, defaultYear);
    }

    private static Instant messageClock(LogFormat format, Cursor c, int body, ZoneId zone) {
        if (clockAt(format, c, body)) {
            Instant t = Clock.instant(c, zone);
            if (t != null) {
                return t;
            }
        }
        int afterTag = innerTag(c.s, body);
        return afterTag > 0 && clockAt(format, c, afterTag) ? Clock.instant(c, zone) : null;
    }

    // ---- detection ---------------------------------------------------------------------------

    private static LogFormat detectAt(String s, int from, int depth) {
        int end = s.length();
        if (from >= end) {
            return LogFormat.UNKNOWN;
        }
        char first = s.charAt(from);
        Cursor c = new Cursor(s, from);
        if (first == '[') {
            LogFormat f = bracketed(c);
            if (f != LogFormat.UNKNOWN) {
                return f;
            }
        } else if (Cursor.isDigit(first)) {
            LogFormat f = dated(c.at(from));
            if (f != LogFormat.UNKNOWN) {
                return f;
            }
        }
        if (depth < MAX_DEPTH && (first == '<' || Cursor.isLetter(first) || Cursor.isDigit(first))) {
            Syslog.Envelope e = Syslog.parse(s, from);
            if (e != null) {
                return enveloped(s, e, depth);
            }
        }
        if ((first == '#' || first == 'S') && SlowQueryLog.isLine(s, from)) {
            return LogFormat.MYSQL_SLOW;
        }
        if (first == 's' && s.startsWith("script_filename = ", from)) {
            return LogFormat.PHP_FPM_SLOWLOG;
        }
        if (first == '+' && s.startsWith("+++ dump failed", from)) {
            return LogFormat.PHP_FPM_SLOWLOG;
        }
        return accessOrHaproxy(c, from);
    }

    private static LogFormat enveloped(String s, Syslog.Envelope e, int depth) {
        if (e.tagIs(s, "kernel")) {
            return LogFormat.KERNEL;
        }
        LogFormat f = detectAt(s, e.body, depth + 1);
        if (f != LogFormat.UNKNOWN) {
            return f;
        }
        int afterTag = innerTag(s, e.body);
        if (afterTag > 0) {
            // RFC 5424 from a sender that put its own "tag: " in the message (nginx over a local socket)
            f = detectAt(s, afterTag, depth + 1);
            if (f != LogFormat.UNKNOWN) {
                return f;
            }
            f = byTag(s, e.body, nameEnd(s, e.body, Syslog.tagEnd(s, e.body)));
            if (f != LogFormat.UNKNOWN) {
                return f;
            }
        }
        return byTag(s, e.tagStart, e.tagEnd);
    }

    /** After a {@code tag: } or {@code tag[pid]: } that opens a message, or -1. */
    private static int innerTag(String s, int body) {
        int tagEnd = Syslog.tagEnd(s, body);
        return tagEnd > 0 ? Syslog.skipBlank(s, tagEnd + 1) : -1;
    }

    private static int nameEnd(String s, int from, int tagEnd) {
        int i = from;
        while (i < tagEnd && s.charAt(i) != '[') {
            i++;
        }
        return i;
    }

    private static LogFormat byTag(String s, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return LogFormat.UNKNOWN;
        }
        if (s.startsWith("haproxy", from)) {
            return LogFormat.HAPROXY;
        }
        if (s.startsWith("php", from)) {
            if (len == 3) {
                return LogFormat.PHP_ERROR;
            }
            // php-fpm, php-fpm8.2, php8.2-fpm
            for (int i = from + 3; i + 4 <= to; i++) {
                if (s.startsWith("-fpm", i)) {
                    return LogFormat.PHP_FPM;
                }
            }
            return LogFormat.UNKNOWN;
        }
        if (is(s, from, len, "mariadbd") || is(s, from, len, "mysqld") || is(s, from, len, "mariadb")
                || is(s, from, len, "mysql")) {
            return LogFormat.MYSQL_ERROR;
        }
        if (is(s, from, len, "nginx")) {
            return LogFormat.NGINX_ERROR;
        }
        if (is(s, from, len, "apache2") || is(s, from, len, "httpd")) {
            return LogFormat.APACHE_ERROR;
        }
        if (is(s, from, len, "kernel")) {
            return LogFormat.KERNEL;
        }
        return LogFormat.UNKNOWN;
    }

    private static boolean is(String s, int from, int len, String name) {
        return len == name.length() && s.startsWith(name, from);
    }

    /** Lines that start with {@code [}; the cursor is on it. */
    private static LogFormat bracketed(Cursor c) {
        int open = c.pos;
        char c1 = c.peek(1);
        if (c1 == '0' && c.peek(2) == 'x') {
            return slowlogStackLine(c) ? LogFormat.PHP_FPM_SLOWLOG : LogFormat.UNKNOWN;
        }
        if (Cursor.isDigit(c1)) {
            c.pos = open + 1;
            if (c.phpClock()) {
                return phpFamily(c);
            }
            c.at(open + 1);
            if (c.isoClock() == ' ' && c.eat(']') && c.eat(" [")) {
                return LogFormat.APACHE_ERROR;
            }
            return dmesg(c.at(open)) ? LogFormat.KERNEL : LogFormat.UNKNOWN;
        }
        if (c1 == ' ') {
            return dmesg(c) ? LogFormat.KERNEL : LogFormat.UNKNOWN;
        }
        if (Cursor.isUpper(c1)) {
            c.pos = open + 1;
            if (c.ctimeClock() && c.eat(']')) {
                if (c.eat(" [")) {
                    return LogFormat.APACHE_ERROR;
                }
                return c.eat(' ') ? LogFormat.KERNEL : LogFormat.UNKNOWN;
            }
        }
        return LogFormat.UNKNOWN;
    }

    /** After {@code [21-Nov-2026 09:14:01} (and FPM's optional fraction). */
    private static LogFormat phpFamily(Cursor c) {
        if (c.fraction) {
            return c.eat(']') ? LogFormat.PHP_FPM : LogFormat.UNKNOWN;
        }
        if (c.peek() == ' ') {
            c.pos++;
            return zoneThenBracket(c) ? LogFormat.PHP_ERROR : LogFormat.UNKNOWN;
        }
        if (!c.eat(']')) {
            return LogFormat.UNKNOWN;
        }
        int spaces = c.skipSpaces();
        if (spaces == 0 || !c.more()) {
            return LogFormat.UNKNOWN;
        }
        if (c.eat("[pool ")) {
            return LogFormat.PHP_FPM_SLOWLOG;
        }
        if (spaces == 1 && upperWordColon(c)) {
            return LogFormat.PHP_FPM;
        }
        return LogFormat.PHP_ERROR;
    }

    /** A zone name or offset (PHP's {@code e}) up to {@code ]}; records where it is. */
    private static boolean zoneThenBracket(Cursor c) {
        int start = c.pos;
        int limit = Math.min(c.end, start + 65);
        int i = start;
        while (i < limit && Clock.isZoneNameChar(c.s.charAt(i))) {
            i++;
        }
        if (i == start || i >= c.end || c.s.charAt(i) != ']') {
            return false;
        }
        c.zoneStart = start;
        c.zoneEnd = i;
        c.pos = i + 1;
        return true;
    }

    /** {@code WARNING: }, {@code NOTICE: }, ... */
    private static boolean upperWordColon(Cursor c) {
        int start = c.pos;
        int i = start;
        int limit = Math.min(c.end, start + 12);
        while (i < limit && Cursor.isUpper(c.s.charAt(i))) {
            i++;
        }
        return i - start >= 3 && i < c.end && c.s.charAt(i) == ':';
    }

    /** {@code [0x00007f3a...] } as fpm_php_trace.c prints a frame ({@code PTR_FMT} 08 or 016). */
    private static boolean slowlogStackLine(Cursor c) {
        int i = c.pos + 3;
        int start = i;
        int limit = Math.min(c.end, start + 16);
        while (i < limit && Cursor.isHex(c.s.charAt(i))) {
            i++;
        }
        int n = i - start;
        return n >= 8 && i + 1 < c.end && c.s.charAt(i) == ']' && c.s.charAt(i + 1) == ' ';
    }

    /** {@code [12345.678901]} or {@code [    0.000000]}, then a space or the end. */
    private static boolean dmesg(Cursor c) {
        if (!c.eat('[')) {
            return false;
        }
        c.skipSpaces();
        return c.skipDigits() && c.eat('.') && c.digits(6) >= 0 && c.eat(']') && (!c.more() || c.peek() == ' ');
    }

    /** Lines that start with a digit: nginx, MySQL/MariaDB. */
    private static LogFormat dated(Cursor c) {
        int from = c.pos;
        if (c.peek(4) == '/') {
            return c.nginxClock() && c.eat(" [") ? LogFormat.NGINX_ERROR : LogFormat.UNKNOWN;
        }
        if (c.peek(4) == '-') {
            char sep = c.isoClock();
            if (sep != 0 && c.eat(' ') && c.skipDigits() && c.eat(" [")) {
                return LogFormat.MYSQL_ERROR;
            }
            return LogFormat.UNKNOWN;
        }
        c.at(from);
        if (c.yymmddClock() && c.eat(' ')) {
            if (c.peek() == '[' || c.eat("mysqld_safe ") || c.eat(" InnoDB:")) {
                return LogFormat.MYSQL_ERROR;
            }
        }
        return LogFormat.UNKNOWN;
    }

    /** The access-log and HAProxy rules around the first {@code [}. */
    private static LogFormat accessOrHaproxy(Cursor c, int from) {
        String s = c.s;
        int open = indexOf(s, '[', from, Math.min(c.end, from + BRACKET_SEARCH));
        if (open <= from || s.charAt(open - 1) != ' ') {
            return LogFormat.UNKNOWN;
        }
        c.at(open + 1);
        if (!c.clfClock() || !c.eat(']')) {
            return LogFormat.UNKNOWN;
        }
        boolean hasOffset = c.offsetSeconds != Cursor.NO_OFFSET;
        int words = 0;
        int firstSpace = -1;
        for (int i = from; i < open; i++) {
            if (s.charAt(i) == ' ' && i > from && s.charAt(i - 1) != ' ') {
                words++;
                if (firstSpace < 0) {
                    firstSpace = i;
                }
            }
        }
        if (hasOffset && words >= 3 && c.eat(" \"")) {
            return LogFormat.HTTP_ACCESS;
        }
        if (words == 1 && firstSpace == open - 1 && endsWithPort(s, from, firstSpace)) {
            return LogFormat.HAPROXY;
        }
        return LogFormat.UNKNOWN;
    }

    private static int indexOf(String s, char ch, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (s.charAt(i) == ch) {
                return i;
            }
        }
        return -1;
    }

    private static boolean endsWithPort(String s, int from, int to) {
        int i = to - 1;
        while (i > from && Cursor.isDigit(s.charAt(i))) {
            i--;
        }
        return i < to - 1 && i > from && s.charAt(i) == ':';
    }

    // ---- clocks ------------------------------------------------------------------------------

    /** Reads the clock that a line of {@code format} carries at {@code at} into {@code c}. */
    private static boolean clockAt(LogFormat format, Cursor c, int at) {
        c.at(at);
        if (at >= c.end) {
            return false;
        }
        switch (format) {
            case NGINX_ERROR:
                return c.nginxClock();
            case APACHE_ERROR:
                if (!c.eat('[')) {
                    return false;
                }
                if (Cursor.isDigit(c.peek())) {
                    return c.isoClock() == ' ';
                }
                return c.ctimeClock();
            case PHP_FPM:
            case PHP_FPM_SLOWLOG:
                return c.eat('[') && c.phpClock() && c.peek() == ']';
            case PHP_ERROR:
                if (!c.eat('[') || !c.phpClock()) {
                    return false;
                }
                if (c.eat(' ')) {
                    return zoneThenBracket(c);
                }
                return c.peek() == ']';
            case MYSQL_ERROR:
                if (c.peek(4) == '-') {
                    return c.isoClock() != 0;
                }
                return c.yymmddClock();
            case HTTP_ACCESS:
            case HAPROXY: {
                int open = indexOf(c.s, '[', at, Math.min(c.end, at + BRACKET_SEARCH));
                if (open < 0) {
                    return false;
                }
                c.at(open + 1);
                return c.clfClock() && c.peek() == ']';
            }
            case KERNEL:
                // dmesg -T; plain dmesg counts seconds since boot, which is no wall clock
                return c.eat('[') && c.ctimeClock() && c.peek() == ']';
            default:
                return false;
        }
    }
}
