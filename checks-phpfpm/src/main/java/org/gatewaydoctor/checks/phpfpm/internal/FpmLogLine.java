package org.gatewaydoctor.checks.phpfpm.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a PHP-FPM master log (the pool-independent {@code error_log} of php-fpm.conf).
 *
 * <p>PHP-FPM writes (sapi/fpm/fpm/zlog.c): {@code zlog_print_time} gives {@code "[%d-%b-%Y %H:%M:%S"},
 * plus {@code ".%06d"} microseconds when {@code log_level = debug}, then {@code "] "}; then
 * {@code zlog_buf_prefix} adds the level {@code "%s: "} (at debug level {@code "%s: pid %d, %s(), line %d: "}).
 * Levels are {@code DEBUG}, {@code NOTICE}, {@code WARNING}, {@code ERROR}, {@code ALERT}:
 * <pre>
 * [21-Nov-2026 09:14:01] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it
 * </pre>
 * When PHP-FPM logs to syslog the prefix is only {@code "[%s] "} and syslog supplies the date:
 * <pre>
 * Nov 21 09:14:01 web1 php-fpm8.2[812]: [WARNING] [pool www] server reached pm.max_children setting (5), consider raising it
 * </pre>
 * Such lines carry no year; the caller supplies it. Worker processes log without a time at all
 * ({@code zlog_buf_prefix} prints it only when {@code !fpm_globals.is_child}), e.g. a PHP error a worker
 * logs through {@code sapi_cgi_log_message}:
 * <pre>
 * NOTICE: PHP message: PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted ...
 * </pre>
 * For those {@link #time()} is {@code null}; the caller dates them by the line before.
 *
 * @param time the local time of the line, {@code null} for a worker's undated line
 * @param level the zlog level name
 * @param message what follows the level
 */
public record FpmLogLine(LocalDateTime time, String level, String message) {

    private static final String DATE = "\\[(\\d{2})-([A-Z][a-z]{2})-(\\d{4}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?\\]";
    private static final Pattern FILE_FORM = Pattern.compile(
            "^" + DATE + " (DEBUG|NOTICE|WARNING|ERROR|ALERT): (?:pid \\d{1,10}, [A-Za-z0-9_]{1,80}\\(\\), line \\d{1,6}: )?");
    private static final Pattern CHILD_FORM = Pattern.compile("^(DEBUG|NOTICE|WARNING|ERROR|ALERT): ");
    private static final Pattern SYSLOG_FORM = Pattern.compile(
            "^([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) \\S{1,255} [^\\s:\\[]{0,64}php[^\\s:\\[]{0,64}"
                    + "(?:\\[\\d{1,10}\\])?: \\[(DEBUG|NOTICE|WARNING|ERROR|ALERT)\\] ");
    // sapi/fpm/fpm/fpm_php_trace.c: fprintf(slowlog, "\n%s [pool %s] pid %d\n", <zlog_print_time>, pool, pid)
    private static final Pattern SLOWLOG_HEADER = Pattern.compile(
            "^" + DATE + " {1,2}\\[pool ([^\\]]{1,128})\\] pid (\\d{1,10})\\s*$");
    // sapi/fpm/fpm/fpm_php_trace.c: "[0x%" PTR_FMT "lx] " then "%s()" (or "???") then " %s:%u"
    private static final Pattern SLOWLOG_FRAME = Pattern.compile(
            "^\\[0x[0-9a-fA-F]{1,16}\\] (?:[^\\s()]{0,200}\\(\\)|\\?\\?\\?) (.{1,2048}):\\d{1,9}$");

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("Jan", 1), Map.entry("Feb", 2), Map.entry("Mar", 3), Map.entry("Apr", 4), Map.entry("May", 5),
            Map.entry("Jun", 6), Map.entry("Jul", 7), Map.entry("Aug", 8), Map.entry("Sep", 9), Map.entry("Oct", 10),
            Map.entry("Nov", 11), Map.entry("Dec", 12));

    /** Parses a PHP-FPM log line; {@code syslogYear} is used for syslog lines, which carry no year. */
    public static Optional<FpmLogLine> parse(String text, int syslogYear) {
        if (text == null || text.length() < 20) {
            return Optional.empty();
        }
        String head = text.length() > 300 ? text.substring(0, 300) : text;
        if (head.charAt(0) == '[') {
            Matcher m = FILE_FORM.matcher(head);
            if (!m.lookingAt()) {
                return Optional.empty();
            }
            return date(m.group(3), m.group(2), m.group(1), m.group(4), m.group(5), m.group(6))
                    .map(t -> new FpmLogLine(t, m.group(8), text.substring(m.end())));
        }
        Matcher child = CHILD_FORM.matcher(head);
        if (child.lookingAt()) {
            return Optional.of(new FpmLogLine(null, child.group(1), text.substring(child.end())));
        }
        Matcher m = SYSLOG_FORM.matcher(head);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        return date(Integer.toString(syslogYear), m.group(1), m.group(2), m.group(3), m.group(4), m.group(5))
                .map(t -> new FpmLogLine(t, m.group(6), text.substring(m.end())));
    }

    /** A slowlog record header: when, which pool, which worker. */
    public record SlowlogHeader(LocalDateTime time, String pool, String pid) {
    }

    /** Parses the header line of a slowlog record, e.g. {@code [21-Nov-2026 09:14:01]  [pool www] pid 4242}. */
    public static Optional<SlowlogHeader> slowlogHeader(String text) {
        if (text == null || text.length() > 400 || text.isEmpty() || text.charAt(0) != '[') {
            return Optional.empty();
        }
        Matcher m = SLOWLOG_HEADER.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return date(m.group(3), m.group(2), m.group(1), m.group(4), m.group(5), m.group(6))
                .map(t -> new SlowlogHeader(t, m.group(8), m.group(9)));
    }

    /** The file of a slowlog stack frame, e.g. {@code [0x00007f...] curl_exec() /var/www/x.php:88}. */
    public static Optional<String> slowlogFrameFile(String text) {
        if (text == null || text.length() > 2400 || !text.startsWith("[0x")) {
            return Optional.empty();
        }
        Matcher m = SLOWLOG_FRAME.matcher(text);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<LocalDateTime> date(String year, String month, String day, String h, String min, String s) {
        Integer mon = MONTHS.get(month);
        if (mon == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(Integer.parseInt(year), mon, Integer.parseInt(day), Integer.parseInt(h),
                    Integer.parseInt(min), Integer.parseInt(s)));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
