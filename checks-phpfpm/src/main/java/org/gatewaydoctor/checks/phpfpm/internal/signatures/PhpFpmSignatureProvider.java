package org.gatewaydoctor.checks.phpfpm.internal.signatures;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * The PHP-FPM signatures of the catalogue: its master log and its slowlog.
 *
 * <p>Every literal is the text of a {@code zlog(...)} or {@code fprintf(slowlog, ...)} format string in
 * php-src (github.com/php/php-src, sapi/fpm/fpm/), named next to each signature. The master log prefixes
 * each message with {@code [21-Nov-2026 09:14:01] WARNING: } (zlog.c; with microseconds and
 * {@code pid N, function(), line N: } at {@code log_level = debug}, or {@code [WARNING] } inside a
 * syslog envelope); a worker's own lines carry no time ({@code NOTICE: PHP message: ...}), so the
 * signatures for PHP errors also apply to lines whose format is unknown, anchored on that level prefix.
 * A slowlog record is a header {@code [21-Nov-2026 09:14:09]  [pool www] pid 4247}, a line
 * {@code script_filename = /var/www/html/index.php} and a stack trace, innermost call first
 * ({@code [0x00007f3b5c814000] fetch_related() /var/www/html/wp-content/plugins/x/api.php:88});
 * the header's literal ({@code ]  [pool }) is too short to search for, so records are counted by their
 * {@code script_filename} line and attributed by their stack lines inside {@code wp-content}.
 *
 * <p>Fields: {@code pool}, {@code pid}, {@code maxChildren}, {@code idle}, {@code total},
 * {@code signo}, {@code signal}, {@code script}, {@code request} (method and path, never the query
 * string), {@code action} (of an {@code admin-ajax.php} request), {@code seconds}, {@code address},
 * {@code reason}, {@code function}, {@code file}; {@code plugin} and {@code theme} of the file or
 * request.
 *
 * <pre>{@code
 * SignatureCatalog catalog = SignatureCatalog.of(new PhpFpmSignatureProvider().signatures());
 * }</pre>
 */
public final class PhpFpmSignatureProvider implements SignatureProvider {

    /** Id prefix of these signatures. */
    public static final String PREFIX = "phpfpm.";

    private static final Set<LogFormat> MASTER = Set.of(LogFormat.PHP_FPM);
    /** A worker's undated line is of no known format: its signatures are anchored on the level prefix instead. */
    private static final Set<LogFormat> WORKER = Set.of(LogFormat.PHP_FPM, LogFormat.UNKNOWN);
    private static final Set<LogFormat> SLOWLOG = Set.of(LogFormat.PHP_FPM_SLOWLOG);

    private static final String POOL = "\\[pool (?<pool>[^\\]]{1,128})\\] ";
    private static final String LEVEL = "(?:DEBUG|NOTICE|WARNING|ERROR|ALERT): ";
    /**
     * How a PHP error reaches the master log: {@code [pool www] child 42 said into stderr: "NOTICE: PHP message: ...}
     * (fpm_stdio.h, catch_workers_output), or a {@code PHP message: } line of a worker's (fpm_main.c,
     * sapi_cgi_log_message), dated by the master or not.
     */
    private static final String RELAY = "(?:" + POOL + "child (?<pid>\\d{1,10}) said into std(?:err|out): \"(?:" + LEVEL
            + ")?(?:PHP message: )?|^" + LEVEL + "PHP message: |\\] " + LEVEL + "PHP message: )";
    /** fpm_request.c: {@code "[pool %s] child %d, script '%s' (request: \"%s %s%s%s\") "}; the query string is skipped. */
    private static final String SCRIPT_REQUEST = POOL + "child (?<pid>\\d{1,10}), script '(?<script>[^']{0,1024})' "
            + "\\(request: \"(?<request>[A-Z]{1,16} [^\"?]{0,4096})"
            + "(?:(?<=/admin-ajax\\.php)\\?(?:[^\"]{0,8192}?&)?action=(?<action>[A-Za-z0-9_-]{1,80}))?"
            + "[^\"]{0,8192}\"\\) ";
    /** The PHP file an error names ({@code in /x.php on line 3}, {@code in /x.php:3}), with its plugin or theme. */
    static final String PHP_FILE = "(?:[^\\n]{0,8192}? in (?<file>(?=/)(?:[^\\s\"'():]{0,1024}?/wp-content/(?:mu-)?"
            + "plugins/(?<plugin>[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}?)(?=/|\\.php)|[^\\s\"'():]{0,1024}?/wp-content/themes/"
            + "(?<theme>[A-Za-z0-9._-]{1,100}?)(?=/))?[^\\s\"'():]{0,1024}\\.php))?";
    /** fpm_php_trace.c: {@code "[0x%" PTR_FMT "lx] "}, then {@code "%s()"} or {@code "???"}, then {@code " %s:%u"}. */
    private static final String FRAME = "^\\[0x[0-9a-fA-F]{1,16}\\] (?<function>[^\\s()]{0,200}\\(\\)|\\?\\?\\?) "
            + "(?<file>/[^\\n]{1,2048}):(?<lineno>\\d{1,9})$";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public PhpFpmSignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        return List.of(
                // fpm_process_ctl.c: "[pool %s] server reached pm.max_children setting (%d), consider raising it"
                // (pm = dynamic) and "[pool %s] server reached max_children setting (%d), consider raising it" (ondemand)
                master("phpfpm.max-children", "max_children setting (",
                        "(?:" + POOL + ")?server reached (?:pm\\.)?max_children setting \\((?<maxChildren>\\d{1,9})\\)", null,
                        "every worker of the pool is busy: pm.max_children reached", CauseCode.PHPFPM_POOL_EXHAUSTED),
                // fpm_process_ctl.c: "[pool %s] seems busy (you may need to increase pm.start_servers, or
                // pm.min/max_spare_servers), spawning %d children, there are %d idle, and %d total children"
                master("phpfpm.seems-busy", "seems busy (you may need to increase pm.start_servers",
                        POOL + "seems busy \\(you may need to increase pm\\.start_servers, or pm\\.min/max_spare_servers\\), "
                                + "spawning (?<spawning>\\d{1,9}) children, there are (?<idle>\\d{1,9}) idle, and "
                                + "(?<total>\\d{1,9}) total children", null,
                        "spawning cannot keep up with the demand for idle workers", CauseCode.PHPFPM_POOL_EXHAUSTED),
                // fpm_children.c: "[pool %s] child %d exited %s after %ld.%06d seconds from start", %s = "on signal %d
                // (%s%s)" with the name from fpm_signals.c and " - core dumped". The signals FPM sends itself (graceful
                // stop, reload, request_terminate_timeout's SIGTERM) are left out: they are no crash.
                master("phpfpm.child-exited-on-signal", "exited on signal ",
                        POOL + "child (?<pid>\\d{1,10}) exited on signal (?<signo>\\d{1,3}) "
                                + "\\((?!SIGTERM|SIGQUIT|SIGINT|SIGHUP|SIGUSR1|SIGUSR2)(?<signal>[A-Z0-9]{0,12})"
                                + "(?<core> - core dumped)?\\) after (?<uptime>[0-9.]{1,20}) seconds from start", 502,
                        "a worker died on a signal FPM did not send, dropping its request", CauseCode.PHPFPM_WORKER_CRASH,
                        CauseCode.HOST_OUT_OF_MEMORY),
                // fpm_request.c: "[pool %s] child %d, script '%s' (request: \"%s %s%s%s\") execution timed out
                // (%d.%06d sec), terminating"
                master("phpfpm.request-terminated", "execution timed out (",
                        SCRIPT_REQUEST + "execution timed out \\((?<seconds>[0-9.]{1,20}) sec\\), terminating", 502,
                        "request_terminate_timeout killed a running script", CauseCode.PHPFPM_REQUEST_TIMEOUT),
                // main/fastcgi.c, fcgi_accept_request(): fcgi_log(FCGI_ERROR, "Connection disallowed: IP address '%s'
                // has been dropped.") from the worker; it reaches the master log only with catch_workers_output, as
                // [pool www] child N said into stderr: "ERROR: ..." or, with decorate_workers_output = no, bare
                new Signature("phpfpm.connection-disallowed", Layer.PHP_FPM, WORKER, "Connection disallowed: IP address '",
                        Pattern.compile("Connection disallowed: IP address '(?<address>[^']{1,64})' has been dropped\\."),
                        502, List.of(CauseCode.PHPFPM_CLIENT_NOT_ALLOWED),
                        "listen.allowed_clients dropped a connection from the web server"),
                // fpm_request.c: "[pool %s] child %d, script '%s' (request: \"%s %s%s%s\") executing too slow
                // (%d.%06d sec), logging"
                master("phpfpm.slow-request", "executing too slow (",
                        SCRIPT_REQUEST + "executing too slow \\((?<seconds>[0-9.]{1,20}) sec\\), logging", null,
                        "a request outlasted request_slowlog_timeout", CauseCode.APP_SLOW_REQUESTS),
                // fpm_sockets.c: "unable to bind listening socket for address '%s'" (ZLOG_SYSERROR appends ": %s (%d)")
                master("phpfpm.bind-failed", "unable to bind listening socket for address '",
                        "unable to bind listening socket for address '(?<address>[^']{1,512})'(?:: (?<reason>[^\\n]{1,200}))?",
                        502, "PHP-FPM cannot listen on its address", CauseCode.PHPFPM_START_FAILURE),
                // fpm_sockets.c: "Another FPM instance seems to already listen on %s" (PHP 8.2, captured), "An another
                // FPM instance ..." in older releases
                master("phpfpm.already-listening", "FPM instance seems to already listen on ",
                        "(?:An a|A)nother FPM instance seems to already listen on (?<address>\\S{1,512})", 502,
                        "another PHP-FPM already holds the address", CauseCode.PHPFPM_START_FAILURE),
                // fpm.c: "FPM initialization failed"
                master("phpfpm.init-failed", "FPM initialization failed", null, 502, "PHP-FPM could not start",
                        CauseCode.PHPFPM_START_FAILURE),
                // fpm_events.c: "ready to handle connections"; fpm_process_ctl.c: "exiting, bye-bye!"
                master("phpfpm.ready", "ready to handle connections", null, null, "the PHP-FPM master started"),
                master("phpfpm.exiting", "exiting, bye-bye!", null, null, "the PHP-FPM master stopped",
                        CauseCode.PHPFPM_DOWN),

                // PHP's own errors (main/main.c, php_error_cb: "PHP %s:  %s in %s on line %d"), relayed by the workers
                worker("phpfpm.php-fatal", "PHP Fatal error:  ",
                        RELAY + "PHP Fatal error:  (?!Allowed memory size of |Maximum execution time of )" + PHP_FILE,
                        "a PHP fatal error a worker logged", CauseCode.APP_FATAL_ERROR),
                worker("phpfpm.php-parse-error", "PHP Parse error:  ", RELAY + "PHP Parse error:  " + PHP_FILE,
                        "a PHP parse error a worker logged", CauseCode.APP_FATAL_ERROR),
                // Zend/zend_alloc.c: "Allowed memory size of %zu bytes exhausted (tried to allocate %zu bytes)"
                worker("phpfpm.php-memory-exhausted", "bytes exhausted (tried to allocate ",
                        RELAY + "PHP Fatal error:  Allowed memory size of (?<limit>\\d{1,20}) bytes exhausted "
                                + "\\(tried to allocate (?<tried>\\d{1,20}) bytes\\)" + PHP_FILE,
                        "a PHP script hit memory_limit", CauseCode.APP_MEMORY_EXHAUSTED),
                // Zend/zend_execute_API.c: "Maximum execution time of " ZEND_LONG_FMT " second%s exceeded"
                worker("phpfpm.php-execution-timeout", "Maximum execution time of ",
                        RELAY + "PHP Fatal error:  Maximum execution time of (?<seconds>\\d{1,9}) seconds? exceeded" + PHP_FILE,
                        "a PHP script hit max_execution_time", CauseCode.APP_EXECUTION_TIMEOUT),

                // fpm_php_trace.c: fprintf(slowlog, "script_filename = %s\n", ...) once per record
                new Signature("phpfpm.slowlog-record", Layer.PHP_FPM, SLOWLOG, "script_filename = ",
                        Pattern.compile("^script_filename = (?<script>[^\\n]{1,2048})$"), null,
                        List.of(CauseCode.APP_SLOW_REQUESTS), "a slowlog record: a request that outlasted "
                                + "request_slowlog_timeout, with its stack trace"),
                frame("phpfpm.slowlog-plugin-frame", "/wp-content/plugins/", "a plugin"),
                frame("phpfpm.slowlog-mu-plugin-frame", "/wp-content/mu-plugins/", "a must-use plugin"),
                frame("phpfpm.slowlog-theme-frame", "/wp-content/themes/", "a theme"));
    }

    private static Signature master(String id, String literal, String pattern, Integer status, String title,
                                    CauseCode... causes) {
        return new Signature(id, Layer.PHP_FPM, MASTER, literal, pattern == null ? null : Pattern.compile(pattern),
                status, List.of(causes), title);
    }

    private static Signature worker(String id, String literal, String pattern, String title, CauseCode cause) {
        return new Signature(id, Layer.APPLICATION, WORKER, literal, Pattern.compile(pattern), 500, List.of(cause),
                title);
    }

    private static Signature frame(String id, String literal, String what) {
        return new Signature(id, Layer.PHP_FPM, SLOWLOG, literal, Pattern.compile(FRAME), null,
                List.of(CauseCode.APP_SLOW_REQUESTS), "a slowlog stack line in " + what + "'s code");
    }
}
