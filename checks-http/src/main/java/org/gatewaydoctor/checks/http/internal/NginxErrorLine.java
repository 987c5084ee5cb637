package org.gatewaydoctor.checks.http.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of an nginx error log, split into its parts.
 *
 * <p>nginx writes every entry as (src/core/ngx_log.c, {@code ngx_log_error_core}; time format from
 * src/core/ngx_times.c, {@code "%4d/%02d/%02d %02d:%02d:%02d"}):
 * <pre>
 * 2026/11/21 09:14:03 [error] 812#812: *4711 connect() to unix:/run/php/php8.2-fpm.sock failed
 *     (11: Resource temporarily unavailable) while connecting to upstream, client: 203.0.113.7,
 *     server: example.org, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:",
 *     host: "example.org"
 * </pre>
 * (one physical line). The errno part {@code " (%d: %s)"} comes from {@code ngx_log_errno}, the
 * {@code " while <action>"} and the {@code ", client: ..."} context from {@code ngx_http_log_error}
 * and {@code ngx_http_log_error_handler} in src/http/ngx_http_request.c.
 *
 * @param time the local time the line carries (nginx logs local time, without a zone)
 * @param level {@code debug}, {@code info}, {@code notice}, {@code warn}, {@code error}, {@code crit},
 *     {@code alert} or {@code emerg}
 * @param message the text after {@code pid#tid: *cid }, context included
 */
public record NginxErrorLine(LocalDateTime time, String level, String message) {

    // "%4d/%02d/%02d %02d:%02d:%02d" + " [%V] " + "%P#" NGX_TID_T_FMT ": " + optional "*%uA "
    private static final Pattern PREFIX = Pattern.compile(
            "^(\\d{4})/(\\d{2})/(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) "
                    + "\\[(debug|info|notice|warn|error|crit|alert|emerg)\\] \\d{1,10}#\\d{1,20}: (?:\\*\\d{1,20} )?");
    private static final Pattern UPSTREAM = Pattern.compile(", upstream: \"([^\"]{0,2048})\"");
    private static final Pattern ERRNO = Pattern.compile(" \\((\\d{1,5}): ([^)]{0,200})\\)");
    private static final String CLIENT = ", client: ";
    private static final String WHILE = " while ";

    /** Parses {@code text} if it is an nginx error-log line. */
    public static Optional<NginxErrorLine> parse(String text) {
        if (text == null || text.length() < 30 || !Character.isDigit(text.charAt(0))) {
            return Optional.empty();
        }
        // Match the prefix on a bounded head so a huge line costs nothing more than a short one.
        Matcher m = PREFIX.matcher(text.length() > 200 ? text.substring(0, 200) : text);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new NginxErrorLine(time, m.group(7), text.substring(m.end())));
    }

    /** The message without the request context ({@code , client: ...}) and without the {@code while} action. */
    public String text() {
        String head = head();
        int w = actionStart(head);
        return w < 0 ? head : head.substring(0, w);
    }

    /** What nginx was doing, e.g. {@code reading response header from upstream}; empty if the line has no action. */
    public String action() {
        String head = head();
        int w = actionStart(head);
        return w < 0 ? "" : head.substring(w + WHILE.length());
    }

    /** The {@code upstream: "..."} of the context, e.g. {@code fastcgi://unix:/run/php/php8.2-fpm.sock:}. */
    public Optional<String> upstream() {
        int c = message.lastIndexOf(CLIENT);
        if (c < 0) {
            return Optional.empty();
        }
        Matcher m = UPSTREAM.matcher(message);
        m.region(c, message.length());
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return Optional.ofNullable(found);
    }

    /** The first {@code (errno: text)} of the message, e.g. {@code 111} and {@code Connection refused}. */
    public Optional<Errno> errno() {
        Matcher m = ERRNO.matcher(text());
        if (m.find()) {
            try {
                return Optional.of(new Errno(Integer.parseInt(m.group(1)), m.group(2)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** An operating-system error number and nginx's text for it. */
    public record Errno(int code, String text) {
    }

    private String head() {
        int c = message.lastIndexOf(CLIENT);
        return c < 0 ? message : message.substring(0, c);
    }

    private static int actionStart(String head) {
        int w = head.lastIndexOf(WHILE);
        if (w < 0) {
            return -1;
        }
        String action = head.substring(w + WHILE.length());
        // An action is nginx's own short phrase; a quote means the " while " was inside quoted text.
        return action.indexOf('"') >= 0 || action.length() > 80 ? -1 : w;
    }
}
