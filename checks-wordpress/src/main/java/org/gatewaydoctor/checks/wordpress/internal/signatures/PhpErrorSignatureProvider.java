package org.gatewaydoctor.checks.wordpress.internal.signatures;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * The PHP error log and WordPress {@code debug.log} signatures of the catalogue: fatal errors,
 * memory and time limits, output before headers, and the database failures PHP and WordPress report.
 *
 * <p>A PHP error-log entry is {@code [21-Nov-2026 20:43:20 UTC] PHP Fatal error:  <message> in <file>
 * on line <n>} (php-src main/main.c, {@code php_error_cb}: {@code "PHP %s:  %s in %s on line %d"}, two
 * spaces after the colon; {@code php_log_err_with_severity} adds the date). An uncaught exception's
 * message ends {@code in <file>:<n>} and continues on further lines ({@code Stack trace:}, {@code #0 ...},
 * {@code   thrown in ...}), which are not signatures. The texts: {@code Allowed memory size of %zu bytes
 * exhausted (tried to allocate %zu bytes)} and {@code Out of memory (allocated %zu) (tried to allocate
 * %zu bytes)} (Zend/zend_alloc.c), {@code Maximum execution time of %d second%s exceeded}
 * (Zend/zend_execute_API.c), {@code Cannot modify header information - headers already sent by (output
 * started at %s:%d)} (main/SAPI.c), {@code mysqli_real_connect(): (%s/%d): %s} (ext/mysqli, mysqlnd).
 * WordPress writes with {@code error_log()}: {@code WordPress database error %1$s for query %2$s made by
 * %3$s} (wp-includes/class-wpdb.php, {@code wpdb::print_error}); it shows {@code Error establishing a
 * database connection} to visitors and in WP-CLI output but does not log it. Lines in this module's
 * fixtures were written by PHP 8.2.36 (PHP-FPM and CLI) and WordPress 6.1.9 (Debian 12).
 *
 * <p>Fields: {@code message}, {@code file} and {@code line} (for {@code headers already sent}: where
 * the output started; the call that failed is {@code caller}/{@code callerLine}), {@code limit} and
 * {@code size} for memory, {@code seconds} for time limits, {@code sqlstate}, {@code errno} for
 * database connections, {@code query} (its first 160 characters) and {@code caller} for WordPress
 * database errors. The scanner adds {@code plugin} or {@code theme} from a {@code wp-content} path in
 * the line.
 *
 * <p>A MariaDB refusing a connection for {@code max_connections} answers error 1040 before the
 * handshake completes, so PHP reports SQLSTATE {@code HY000}, not the {@code 08004} the command-line
 * client shows: {@code mysqli_real_connect(): (HY000/1040): Too many connections}.
 */
public final class PhpErrorSignatureProvider implements SignatureProvider {

    /** Id prefix of PHP's own errors. */
    public static final String PHP = "php.";
    /** Id prefix of what WordPress reports. */
    public static final String WORDPRESS = "wordpress.";

    private static final Set<LogFormat> PHP_ERROR = Set.of(LogFormat.PHP_ERROR);

    /**
     * Opens an atomic group that finds the first occurrence of the literal that follows it and
     * commits to it (close it after the literal): a line with the literal many times is then tried
     * once, not once per occurrence, each try scanning up to thousands of characters (which made
     * these patterns quadratic on a 64 KiB line made of the literal).
     */
    private static final String FIRST = "^(?>[^\\n]*?";

    /** {@code in /x.php on line 3} or {@code in /x.php:3}; PHP's names for no file ({@code in Unknown on line 0}) yield none. */
    private static final String FILE = "(?: in (?<file>/[^\\s'\":]{1,1024}+)(?::| on line )(?<line>[0-9]{1,9})"
            + "| in (?:Unknown|Command line code|Standard input code|php shell code)(?::| on line )[0-9]{1,9}|$)";
    /** Connection failures that mean the server is not there (mysqlnd and libmysql texts). */
    private static final String DB_GONE = "No such file or directory|Connection refused|MySQL server has gone away"
            + "|Lost connection to (?:MySQL |MariaDB )?server|Can't connect to|Connection timed out|Server shutdown in progress"
            + "|php_network_getaddresses|Connection reset by peer|Network is unreachable|No route to host";
    /** The server refuses for lack of connection slots (1040, 1203). */
    private static final String DB_FULL = "Too many connections|User \\S{1,160} already has more than "
            + "'max_user_connections' active connections";
    /** The server rejects the credentials or the database name (1044, 1045, 1698). */
    private static final String DB_DENIED = "Access denied for user |Unknown database ";
    private static final String WP_DB = FIRST + "WordPress database error )(?<message>%s) for query "
            + "(?<query>(?:(?! made by )[^\\n]){0,160})(?:(?:(?! made by )[^\\n]){0,65536} made by (?<caller>[^\\n]{1,4096}))?";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public PhpErrorSignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        return List.of(
                php("fatal-error", "PHP Fatal error:  ",
                        FIRST + "PHP Fatal error:  )(?!Allowed memory size of|Maximum execution time of|Out of memory \\(allocated"
                                + "|Uncaught mysqli_sql_exception: (?:" + DB_GONE + "|" + DB_FULL + "|" + DB_DENIED + "))"
                                + "(?<message>[^\\n]{1,8192}?)" + FILE,
                        500, "a PHP fatal error ended the script", CauseCode.APP_FATAL_ERROR),
                php("parse-error", "PHP Parse error:  ",
                        FIRST + "PHP Parse error:  )(?<message>[^\\n]{1,8192}?)" + FILE,
                        500, "a PHP file does not parse (often a broken or half-uploaded update)",
                        CauseCode.APP_FATAL_ERROR),
                php("memory-exhausted", "Allowed memory size of ",
                        "PHP Fatal error:  Allowed memory size of (?<limit>[0-9]{1,20}) bytes exhausted[^(\\n]{0,1100}"
                                + "\\(tried to allocate (?<size>[0-9]{1,20}) bytes\\)" + FILE,
                        500, "a script hit PHP's memory_limit", CauseCode.APP_MEMORY_EXHAUSTED),
                php("out-of-memory", "PHP Fatal error:  Out of memory (allocated ",
                        "PHP Fatal error:  Out of memory \\(allocated (?<allocated>[0-9]{1,20})\\)[^(\\n]{0,1100}"
                                + "\\(tried to allocate (?<size>[0-9]{1,20}) bytes\\)" + FILE,
                        500, "the operating system refused PHP more memory (host or cgroup memory exhausted)",
                        CauseCode.HOST_OUT_OF_MEMORY, CauseCode.APP_MEMORY_EXHAUSTED),
                php("execution-timeout", "Maximum execution time of ",
                        "PHP Fatal error:  Maximum execution time of (?<seconds>[0-9]{1,9})(?:\\+[0-9]{1,9})? seconds? "
                                + "exceeded" + FILE,
                        500, "a script hit max_execution_time", CauseCode.APP_EXECUTION_TIMEOUT),
                php("headers-sent", "headers already sent by (output started at ",
                        "Cannot modify header information - headers already sent by \\(output started at "
                                + "(?<file>[^\\s'\":]{1,1024}):(?<line>[0-9]{1,9})\\)"
                                + "(?: in (?<caller>/[^\\s'\":]{1,1024}) on line (?<callerLine>[0-9]{1,9}))?",
                        null, "a file printed output (a BOM, whitespace, a notice) before the headers were sent; the"
                                + " file and line say where", CauseCode.APP_OUTPUT_BEFORE_HEADERS),
                php("db-unreachable", "mysqli_real_connect(): (",
                        "mysqli_real_connect\\(\\): \\((?<sqlstate>[0-9A-Z]{5})/(?<errno>2002|2003|2005|2006|2013|2055)\\): "
                                + "(?<message>[^\\n]{1,1024}?)" + FILE,
                        500, "PHP cannot reach the database server (stopped, wrong socket or host)",
                        CauseCode.DATABASE_DOWN),
                php("db-too-many-connections", "mysqli_real_connect(): (",
                        "mysqli_real_connect\\(\\): \\((?<sqlstate>[0-9A-Z]{5})/(?<errno>1040|1203)\\): "
                                + "(?<message>[^\\n]{1,1024}?)" + FILE,
                        500, "the database refused the connection: max_connections (or max_user_connections) reached",
                        CauseCode.DATABASE_TOO_MANY_CONNECTIONS),
                php("db-access-denied", "mysqli_real_connect(): (",
                        "mysqli_real_connect\\(\\): \\((?<sqlstate>[0-9A-Z]{5})/(?<errno>1044|1045|1698)\\): "
                                + "(?<message>[^\\n]{1,1024}?)" + FILE,
                        500, "the database rejected the credentials or the database name (wp-config.php): the same"
                                + " error page as an outage, but not one", CauseCode.DATABASE_ACCESS_DENIED),
                php("db-exception-unreachable", "Uncaught mysqli_sql_exception: ",
                        "PHP Fatal error:  Uncaught mysqli_sql_exception: (?<message>(?:" + DB_GONE + ")[^\\n]{0,1024}?)"
                                + FILE,
                        500, "PHP cannot reach the database server (uncaught mysqli exception)", CauseCode.DATABASE_DOWN,
                        CauseCode.APP_FATAL_ERROR),
                php("db-exception-access-denied", "Uncaught mysqli_sql_exception: ",
                        "PHP Fatal error:  Uncaught mysqli_sql_exception: (?<message>(?:" + DB_DENIED + ")[^\\n]{0,1024}?)"
                                + FILE,
                        500, "the database rejected the credentials or the database name (uncaught mysqli exception)",
                        CauseCode.DATABASE_ACCESS_DENIED, CauseCode.APP_FATAL_ERROR),
                php("db-exception-too-many-connections", "Uncaught mysqli_sql_exception: ",
                        "PHP Fatal error:  Uncaught mysqli_sql_exception: (?<message>(?:" + DB_FULL + ")[^\\n]{0,1024}?)"
                                + FILE,
                        500, "the database refused the connection: max_connections reached (uncaught mysqli"
                                + " exception)", CauseCode.DATABASE_TOO_MANY_CONNECTIONS, CauseCode.APP_FATAL_ERROR),
                wp("db-server-gone", "(?:MySQL server has gone away|Lost connection to (?:MySQL |MariaDB )?server"
                                + "|Server shutdown in progress|Connection was killed)[^\\n]{0,512}?",
                        "the database connection broke during a query (server restarted or crashed, timeouts)",
                        CauseCode.DATABASE_DOWN),
                wp("db-query-timeout", "(?:Lock wait timeout exceeded|Deadlock found when trying to get lock"
                                + "|Query execution was interrupted)[^\\n]{0,512}?",
                        "a query waited too long for a lock or hit max_statement_time", CauseCode.DATABASE_SLOW),
                wp("db-disk-full", "(?:The table '[^'\\n]{1,512}' is full|Got error 28 |Disk full|[^\\n]{0,256}?"
                                + "No space left on device)[^\\n]{0,512}?",
                        "the database server is out of disk space", CauseCode.HOST_OVERLOADED),
                wp("db-query-error", "(?!MySQL server has gone away|Lost connection to (?:MySQL |MariaDB )?server"
                                + "|Server shutdown in progress|Connection was killed|Lock wait timeout exceeded"
                                + "|Deadlock found when trying to get lock|Query execution was interrupted"
                                + "|The table '[^'\\n]{1,512}' is full|Got error 28 |Disk full|[^\\n]{0,256}?No space left"
                                + " on device)[^\\n]{1,2048}?",
                        "a database query failed (context: a missing table, a bad query from a plugin)"),
                new Signature(WORDPRESS + "db-connection-error", Layer.APPLICATION, Set.of(),
                        "Error establishing a database connection", null, 500,
                        List.of(CauseCode.DATABASE_DOWN, CauseCode.DATABASE_TOO_MANY_CONNECTIONS),
                        "WordPress could not connect to its database (its error page, WP-CLI output; any log format)"));
    }

    private static Signature php(String id, String literal, String regex, Integer status, String title,
                                 CauseCode... causes) {
        return new Signature(PHP + id, Layer.APPLICATION, PHP_ERROR, literal, Pattern.compile(regex), status,
                List.of(causes), title);
    }

    private static Signature wp(String id, String message, String title, CauseCode... causes) {
        return new Signature(WORDPRESS + id, Layer.APPLICATION, PHP_ERROR, "WordPress database error ",
                Pattern.compile(String.format(WP_DB, message)), null, List.of(causes), title);
    }
}
