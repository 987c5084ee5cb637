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
 * The MariaDB/MySQL server error-log signatures of the catalogue: the server stopping, crashing or
 * failing to start, running out of memory or disk, and (as context) connections it dropped or refused.
 *
 * <p>MariaDB writes {@code 2026-11-21 20:46:13 0 [ERROR] <message>} (sql/log.cc,
 * {@code print_buffer_to_file}), MySQL 8 {@code 2026-11-21T20:46:13.123456Z 0 [ERROR] [MY-010262]
 * [Server] <message>}; a crash report starts with the old short clock, {@code 261121 20:46:14 [ERROR]
 * mariadbd got signal 11 ;} (sql/signal_handler.cc). The texts: {@code Can't start server: Bind on
 * TCP/IP port. Got error: %d} and {@code Can't start server : Bind on unix socket} (sql/mysqld.cc),
 * {@code %s: Shutdown complete} ({@code ER_SHUTDOWN_COMPLETE}, sql/share/errmsg-utf8.txt),
 * {@code Aborted connection %u to db: '%s' user: '%s' host: '%s' (%s)} (sql/sql_connect.cc),
 * {@code Access denied for user '%s'@'%s' (using password: %s)} ({@code ER_ACCESS_DENIED_ERROR}),
 * {@code Out of memory (Needed %u bytes)} and {@code Disk is full writing '%s' (Errcode: %M). Waiting
 * for someone to free space...} (mysys/errors.c), InnoDB's {@code Cannot allocate memory for the buffer
 * pool} (before MariaDB 10.11.x/11.x; {@code cannot} in MySQL 5.5) and {@code Cannot map
 * innodb_buffer_pool_size_max=%zum} (MariaDB 10.11.19). The fixture lines were written by MariaDB
 * 10.11.19 (Debian 12).
 *
 * <p>Not here: {@code Too many connections} (1040) — MariaDB 10.11 sends it to the client and writes
 * nothing to its error log (observed with the default {@code log_warnings=2}); the PHP and WordPress
 * side reports it ({@link PhpErrorSignatureProvider}). The slow query log ({@code # Query_time: ...})
 * is a format of its own ({@link LogFormat#MYSQL_SLOW}): its signature is in {@link SlowQuerySignatureProvider}.
 *
 * <p>Fields: {@code process}, {@code signal}, {@code what}, {@code errno}, {@code errtext},
 * {@code connection}, {@code db}, {@code user}, {@code host}, {@code reason}, {@code bytes},
 * {@code size}, {@code file}, {@code usingPassword}.
 */
public final class MysqlSignatureProvider implements SignatureProvider {

    /** Id prefix of these signatures. */
    public static final String PREFIX = "mysql.";

    private static final Set<LogFormat> MYSQL = Set.of(LogFormat.MYSQL_ERROR);

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public MysqlSignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        return List.of(
                sig("crashed", " got signal ",
                        "(?<process>[A-Za-z0-9_./-]{0,256}(?:mysqld|mariadbd)) got signal (?<signal>[0-9]{1,3}) ;",
                        500, "the database server crashed (a bug, an InnoDB assertion, corruption) and restarts"
                                + " if supervised", CauseCode.DATABASE_DOWN),
                sig("shutdown-complete", ": Shutdown complete",
                        "(?<process>\\S{1,256}): Shutdown complete",
                        500, "the database server stopped; it is down until it starts again", CauseCode.DATABASE_DOWN),
                sig("bind-failed", "Can't start server",
                        "Can't start server ?: Bind on (?<what>TCP/IP port|unix socket)(?:\\. Got error: "
                                + "(?<errno>[0-9]{1,6}))?(?:: (?<errtext>[^\\n]{1,256}))?",
                        500, "the database server cannot start: its port or socket is taken (another instance"
                                + " running?)", CauseCode.DATABASE_DOWN),
                sig("out-of-memory", ": Out of memory (Needed ",
                        "(?<process>\\S{1,256}): Out of memory \\(Needed (?<bytes>[0-9]{1,20}) bytes\\)",
                        null, "the database server could not allocate memory", CauseCode.HOST_OUT_OF_MEMORY,
                        CauseCode.DATABASE_DOWN),
                // "annot": MariaDB/MySQL's "Cannot" and MySQL 5.5's "Fatal error: cannot"
                sig("buffer-pool-alloc-failed", "annot allocate memory for the buffer pool",
                        "InnoDB: (?:Fatal error: )?[Cc]annot allocate memory for the buffer pool",
                        500, "InnoDB cannot allocate its buffer pool: the server does not start",
                        CauseCode.HOST_OUT_OF_MEMORY, CauseCode.DATABASE_DOWN),
                sig("buffer-pool-map-failed", "InnoDB: Cannot map innodb_buffer_pool_size",
                        "InnoDB: Cannot map innodb_buffer_pool_size(?:_max)?=(?<size>[0-9]{1,20}[kKmMgGtT]?)",
                        500, "InnoDB cannot reserve memory for its buffer pool: the server does not start",
                        CauseCode.HOST_OUT_OF_MEMORY, CauseCode.DATABASE_DOWN),
                sig("disk-full", "Waiting for someone to free space",
                        "Disk (?:is |got )?full writing '(?<file>[^'\\n]{0,1024})'(?: \\(Errcode: (?<errno>[0-9]{1,6})"
                                + "[^)\\n]{0,128}\\))?\\.? Waiting for someone to free space",
                        null, "the disk is full: the database server waits, and queries hang",
                        CauseCode.HOST_OVERLOADED, CauseCode.DATABASE_SLOW),
                sig("aborted-connection", "Aborted connection ",
                        "Aborted connection (?<connection>[0-9]{1,20}) to db: '(?<db>[^'\\n]{0,256})' user: "
                                + "'(?<user>[^'\\n]{0,256})' host: '(?<host>[^'\\n]{0,256})' \\((?<reason>[^)\\n]{0,256})\\)",
                        null, "the server dropped a client connection (context: idle timeouts, killed clients,"
                                + " oversized packets)"),
                sig("access-denied", "Access denied for user ",
                        "Access denied for user '(?<user>[^'\\n]{0,256})'@'(?<host>[^'\\n]{0,256})'"
                                + "(?: \\(using password: (?<usingPassword>YES|NO)\\))?",
                        null, "a client's credentials were rejected (context: a wrong wp-config.php password gives"
                                + " the same WordPress page as an outage)"));
    }

    private static Signature sig(String id, String literal, String regex, Integer status, String title,
                                 CauseCode... causes) {
        return new Signature(PREFIX + id, Layer.DATABASE, MYSQL, literal, Pattern.compile(regex), status,
                List.of(causes), title);
    }
}
