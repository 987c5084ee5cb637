package org.gatewaydoctor.checks.phpfpm.internal;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.model.CauseCode;

/**
 * Recognises the PHP-FPM master-log messages that matter for a 502.
 *
 * <p>Each signature is the literal text of a {@code zlog(...)} format string in php-src
 * (github.com/php/php-src, sapi/fpm/fpm/); the file is named next to it. Messages that do not matter
 * here ({@code failed to ptrace}, {@code about to trace}, {@code child N started}, ...) yield nothing.
 */
public final class FpmEvents {

    /** What a line reports. */
    public enum Kind {
        /** {@code server reached pm.max_children setting}: the pool is full. */
        MAX_CHILDREN,
        /** {@code seems busy}: spawning cannot keep up with the demand for idle workers. */
        SEEMS_BUSY,
        /** A worker died on a signal that FPM did not send (SIGSEGV, SIGBUS, SIGKILL...). */
        WORKER_CRASH,
        /** {@code execution timed out ... terminating}: request_terminate_timeout killed a script. */
        REQUEST_TIMEOUT,
        /** {@code executing too slow ... logging}: a request outlasted request_slowlog_timeout. */
        SLOW_REQUEST,
        /** PHP-FPM could not start (bind failure, initialization failure). */
        START_FAILURE,
        /** A PHP fatal error a worker wrote to stderr or PHP-FPM's log. */
        APP_FATAL,
        /** {@code ready to handle connections}: the master started. */
        STARTED,
        /** {@code exiting, bye-bye!}: the master stopped. */
        STOPPED
    }

    /**
     * One recognised message.
     *
     * @param kind what it reports
     * @param cause the cause code for {@link Kind#APP_FATAL}, otherwise {@code null}
     * @param pool the pool name, empty if the message names none
     * @param subject what it is about: a plugin, a script, a signal, an address
     * @param detail a short description (a number of seconds, pm.max_children's value, PHP's message)
     * @param signal for {@link Kind#WORKER_CRASH}, the signal name
     */
    public record Event(Kind kind, CauseCode cause, String pool, String subject, String detail, String signal) {
    }

    // fpm_process_ctl.c: "[pool %s] server reached pm.max_children setting (%d), consider raising it"
    //   (pm = dynamic) and "[pool %s] server reached max_children setting (%d), consider raising it" (pm = ondemand)
    private static final Pattern MAX_CHILDREN = Pattern.compile(
            "^\\[pool ([^\\]]{1,128})\\] server reached (?:pm\\.)?max_children setting \\((\\d{1,9})\\), consider raising it");
    // fpm_process_ctl.c: "[pool %s] seems busy (you may need to increase pm.start_servers, or
    //   pm.min/max_spare_servers), spawning %d children, there are %d idle, and %d total children"
    private static final Pattern SEEMS_BUSY = Pattern.compile(
            "^\\[pool ([^\\]]{1,128})\\] seems busy \\(you may need to increase pm\\.start_servers, or "
                    + "pm\\.min/max_spare_servers\\), spawning (\\d{1,9}) children, there are (\\d{1,9}) idle, and "
                    + "(\\d{1,9}) total children");
    // fpm_children.c: "[pool %s] child %d exited %s after %ld.%06d seconds from start" with %s =
    //   "on signal %d (%s%s)" (signal name from fpm_signals.c, optional " - core dumped")
    private static final Pattern EXITED_ON_SIGNAL = Pattern.compile(
            "^\\[pool ([^\\]]{1,128})\\] child (\\d{1,10}) exited on signal (\\d{1,3}) \\(([A-Z0-9]{0,12})( - core dumped)?\\)"
                    + " after ([0-9.]{1,20}) seconds from start");
    // fpm_request.c: "[pool %s] child %d, script '%s' (request: \"%s %s%s%s\") execution timed out (%d.%06d sec), terminating"
    static final String TIMED_OUT_TAIL = " execution timed out (";
    static final String TIMED_OUT_END = " sec), terminating";
    // fpm_request.c: "[pool %s] child %d, script '%s' (request: \"%s %s%s%s\") executing too slow (%d.%06d sec), logging"
    static final String SLOW_TAIL = " executing too slow (";
    static final String SLOW_END = " sec), logging";
    // fpm_sockets.c: "unable to bind listening socket for address '%s'" (ZLOG_SYSERROR appends ": %s (%d)")
    static final String BIND = "unable to bind listening socket for address '";
    // fpm_sockets.c: "An another FPM instance seems to already listen on %s"
    static final String ANOTHER = "An another FPM instance seems to already listen on ";
    // fpm.c: "FPM initialization failed"
    static final String INIT_FAILED = "FPM initialization failed";
    // fpm_stdio.h: STREAM_SET_MSG_PREFIX_FMT "[pool %s] child %d said into %s: " (catch_workers_output = yes)
    private static final Pattern SAID = Pattern.compile("^\\[pool ([^\\]]{1,128})\\] child \\d{1,10} said into std(?:err|out): ");
    // fpm_main.c (sapi_cgi_log_message): "PHP message: %s"
    static final String PHP_MESSAGE = "PHP message: ";
    // fpm_events.c: "ready to handle connections"; fpm_process_ctl.c: "exiting, bye-bye!"
    static final String READY = "ready to handle connections";
    static final String BYE = "exiting, bye-bye!";

    /** Signals FPM sends itself (graceful stop, reload, request_terminate_timeout's SIGTERM): not crashes. */
    private static final Set<String> OWN_SIGNALS = Set.of("SIGTERM", "SIGQUIT", "SIGINT", "SIGHUP", "SIGUSR1", "SIGUSR2");

    private FpmEvents() {
    }

    /** The event {@code line} reports, if it is one that matters. */
    public static Optional<Event> classify(FpmLogLine line) {
        String m = line.message();
        if (m.startsWith("[pool ")) {
            return poolMessage(m);
        }
        if (m.startsWith(BIND)) {
            int end = m.indexOf('\'', BIND.length());
            String address = end > 0 ? m.substring(BIND.length(), end) : "?";
            String reason = end > 0 && m.length() > end + 3 ? m.substring(end + 1).replaceFirst("^:\\s*", "") : "";
            return Optional.of(new Event(Kind.START_FAILURE, null, "", bounded(address),
                    "cannot bind " + bounded(address) + (reason.isEmpty() ? "" : " (" + bounded(reason) + ")"), ""));
        }
        if (m.startsWith(ANOTHER)) {
            String address = m.substring(ANOTHER.length()).trim();
            return Optional.of(new Event(Kind.START_FAILURE, null, "", bounded(address),
                    "another PHP-FPM already listens on " + bounded(address), ""));
        }
        if (m.startsWith(INIT_FAILED)) {
            return Optional.of(new Event(Kind.START_FAILURE, null, "", "", "FPM initialization failed", ""));
        }
        if (m.startsWith(PHP_MESSAGE)) {
            return fatal("", m);
        }
        if (m.startsWith(READY)) {
            return Optional.of(new Event(Kind.STARTED, null, "", "", "ready to handle connections", ""));
        }
        if (m.startsWith(BYE)) {
            return Optional.of(new Event(Kind.STOPPED, null, "", "", "exiting, bye-bye!", ""));
        }
        return Optional.empty();
    }

    private static Optional<Event> poolMessage(String m) {
        String head = m.length() > 2048 ? m.substring(0, 2048) : m;
        Matcher x = MAX_CHILDREN.matcher(head);
        if (x.lookingAt()) {
            return Optional.of(new Event(Kind.MAX_CHILDREN, null, x.group(1), x.group(1),
                    "pm.max_children = " + x.group(2), ""));
        }
        x = SEEMS_BUSY.matcher(head);
        if (x.lookingAt()) {
            return Optional.of(new Event(Kind.SEEMS_BUSY, null, x.group(1), x.group(1),
                    x.group(3) + " idle of " + x.group(4) + " children", ""));
        }
        x = EXITED_ON_SIGNAL.matcher(head);
        if (x.lookingAt()) {
            String signal = x.group(4).isEmpty() ? "signal " + x.group(3) : x.group(4);
            if (OWN_SIGNALS.contains(signal)) {
                return Optional.empty();
            }
            return Optional.of(new Event(Kind.WORKER_CRASH, null, x.group(1), signal,
                    signal + (x.group(5) != null ? ", core dumped" : ""), signal));
        }
        x = SAID.matcher(head);
        if (x.lookingAt()) {
            return fatal(x.group(1), m.substring(x.end()));
        }
        Optional<ScriptLine> timedOut = ScriptLine.parse(m, TIMED_OUT_TAIL, TIMED_OUT_END);
        if (timedOut.isPresent()) {
            ScriptLine s = timedOut.get();
            return Optional.of(new Event(Kind.REQUEST_TIMEOUT, null, s.pool(), s.attribution(),
                    s.seconds() + " s: " + s.requestWithoutQuery(), ""));
        }
        Optional<ScriptLine> slow = ScriptLine.parse(m, SLOW_TAIL, SLOW_END);
        if (slow.isPresent()) {
            ScriptLine s = slow.get();
            return Optional.of(new Event(Kind.SLOW_REQUEST, null, s.pool(), s.attribution(),
                    s.seconds() + " s: " + s.requestWithoutQuery(), ""));
        }
        return Optional.empty();
    }

    private static Optional<Event> fatal(String pool, String text) {
        return PhpMessages.fatal(text).map(f -> new Event(Kind.APP_FATAL, f.cause(), pool,
                f.file().flatMap(WpAttribution::of).map(WpAttribution::describe)
                        .orElse(f.file().map(FpmEvents::bounded).orElse("unknown file")),
                f.detail(), ""));
    }

    static String bounded(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 200 ? sb + "..." : sb.toString();
    }

    /**
     * The parts of fpm_request.c's {@code "[pool %s] child %d, script '%s' (request: \"%s %s%s%s\") <what> (%d.%06d sec), <action>"},
     * parsed by position rather than by a backtracking pattern, so a hostile line costs linear time.
     */
    record ScriptLine(String pool, String script, String request, String seconds) {

        static Optional<ScriptLine> parse(String m, String tail, String end) {
            int t = m.lastIndexOf(tail);
            if (t < 2) {
                return Optional.empty();
            }
            int open = t + tail.length();
            int close = m.indexOf(')', open);
            if (close < open + 4 || !m.startsWith(end, close - 4)) {
                return Optional.empty();
            }
            int poolEnd = m.indexOf("] child ");
            int script = m.indexOf(", script '");
            int request = m.indexOf("' (request: \"", script + 1);
            if (poolEnd < 0 || script < 0 || request < 0 || request > t || !m.startsWith("\")", t - 2)) {
                return Optional.empty();
            }
            String seconds = m.substring(open, close - " sec".length());
            return Optional.of(new ScriptLine(m.substring("[pool ".length(), poolEnd),
                    m.substring(script + ", script '".length(), request),
                    m.substring(request + "' (request: \"".length(), t - 2), seconds));
        }

        /** The plugin, theme, REST namespace or AJAX action a request belongs to, else its script. */
        String attribution() {
            Optional<WpAttribution> byScript = WpAttribution.of(script);
            if (byScript.isPresent()) {
                return byScript.get().describe();
            }
            String uri = request.indexOf(' ') > 0 ? request.substring(request.indexOf(' ') + 1) : request;
            int q = uri.indexOf('?');
            String path = q >= 0 ? uri.substring(0, q) : uri;
            Optional<WpAttribution> byPath = WpAttribution.of(path);
            if (byPath.isPresent()) {
                return byPath.get().describe();
            }
            Matcher rest = Pattern.compile("/wp-json/([A-Za-z0-9._-]{1,80})/").matcher(path);
            if (rest.find()) {
                return "REST namespace " + rest.group(1);
            }
            if (path.endsWith("/admin-ajax.php") && q >= 0) {
                Matcher action = Pattern.compile("(?:^|&)action=([A-Za-z0-9_-]{1,80})").matcher(uri.substring(q + 1));
                if (action.find()) {
                    return "AJAX action " + action.group(1);
                }
            }
            return "script " + bounded(script);
        }

        /** The request line without its query string, which may carry secrets and adds nothing here. */
        String requestWithoutQuery() {
            int q = request.indexOf('?');
            return bounded(q >= 0 ? request.substring(0, q) : request);
        }
    }
}
