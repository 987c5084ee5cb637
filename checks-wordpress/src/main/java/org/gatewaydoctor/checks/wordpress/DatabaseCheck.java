package org.gatewaydoctor.checks.wordpress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.wordpress.internal.WpSite;
import org.gatewaydoctor.checks.wordpress.internal.db.DbHost;
import org.gatewaydoctor.checks.wordpress.internal.db.DbInspection;
import org.gatewaydoctor.checks.wordpress.internal.db.DbInspector;
import org.gatewaydoctor.checks.wordpress.internal.db.Greeting;
import org.gatewaydoctor.checks.wordpress.internal.php.WpConfig;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.FactKey;
import org.gatewaydoctor.spi.Redactor;

/**
 * Connects where {@code wp-config.php}'s {@code DB_HOST} points, as WordPress would, and says whether the database
 * lets the site in: first without credentials (the server's greeting: down, refused, socket missing, accepts and
 * never greets, 1040 too many connections, 1129 host blocked), then, read-only and with the site's own credentials
 * through MariaDB Connector/J, access denied (1045), unknown database (1049), connection headroom
 * ({@code max_connections} against {@code Threads_connected}, {@code Max_used_connections} and refusals counted
 * since start), long-running statements, InnoDB lock waits with the transaction holding the lock (needs the PROCESS
 * privilege; the holder is the lead, {@code KILL} left to the user), and autoload bloat (WordPress's Site Health warns above 800,000 bytes,
 * {@code wp doctor} above 900 KB). Everything is bounded by this check's deadline; nothing is ever written.
 */
public final class DatabaseCheck extends WordPressCheck {

    /** This check's id. */
    public static final String ID = "wordpress.database";
    /** Site Health's threshold for autoloaded options ({@code WP_Site_Health::get_test_autoloaded_options}). */
    public static final long AUTOLOAD_WARN_BYTES = 800_000;
    /** The active plugins this check read from {@code active_plugins}, in order. */
    public static final FactKey<ActivePlugins> ACTIVE_PLUGINS = FactKey.of("wordpress.active-plugins", ActivePlugins.class);

    /** The database server's slow query log, as its variables name it (relative names resolved against the datadir). */
    public static final FactKey<SlowLogFile> SLOW_LOG = FactKey.of("wordpress.slow-query-log", SlowLogFile.class);

    /** What this check found when it connected as WordPress does: the page check ties WordPress's own pages to it. */
    public static final FactKey<DatabaseState> STATE = FactKey.of("wordpress.database-state", DatabaseState.class);

    /**
     * What the site's database did when this check connected where {@code DB_HOST} points.
     *
     * @param where the address tried ({@code localhost:/run/mysqld/mysqld.sock}, {@code 127.0.0.1:3306})
     * @param acceptsLogin whether the server let {@code DB_USER} in with the password of wp-config.php and has room
     * @param outcome one sentence (redacted): what it did
     */
    public record DatabaseState(String where, boolean acceptsLogin, String outcome) {
        public DatabaseState {
            java.util.Objects.requireNonNull(where, "where");
            java.util.Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * Where the server writes slow queries.
     *
     * @param file {@code slow_query_log_file}
     * @param on {@code slow_query_log}
     * @param longQueryTime {@code long_query_time} as the server prints it
     */
    public record SlowLogFile(Path file, boolean on, String longQueryTime) {
        public SlowLogFile {
            java.util.Objects.requireNonNull(file, "file");
            java.util.Objects.requireNonNull(longQueryTime, "longQueryTime");
        }
    }

    /**
     * The {@code active_plugins} option.
     *
     * @param files plugin files relative to the plugins folder ({@code akismet/akismet.php})
     */
    public record ActivePlugins(List<String> files) {
        public ActivePlugins {
            files = List.copyOf(files);
        }
    }

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public DatabaseCheck() {
        super(ID, Layer.DATABASE, "WordPress's database: reachable, accepts the site, has headroom",
                Duration.ofSeconds(15), WpConfigCheck.ID);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        CheckResult result = connect(ctx);
        for (Finding f : result.findingList()) {
            if (f.severity() == Severity.CRITICAL && f.layer() == Layer.DATABASE && ctx.fact(WpSite.FACT).isPresent()) {
                String where = ctx.fact(STATE).map(DatabaseState::where).orElse(
                        ctx.fact(WpSite.FACT).get().config() == null ? "" : ctx.fact(WpSite.FACT).get().config()
                                .value("DB_HOST").orElse(""));
                ctx.publish(STATE, new DatabaseState(where, false, f.summary()));
                break;
            }
        }
        return result;
    }

    private CheckResult connect(CheckContext ctx) throws Exception {
        Optional<WpSite> site = ctx.fact(WpSite.FACT);
        if (site.isEmpty() || site.get().config() == null) {
            return CheckResult.notApplicable("no wp-config.php was read (--wordpress DIR or --wp-config FILE)");
        }
        WpConfig c = site.get().config();
        Redactor r = ctx.redactor();
        site.get().registerSecrets(r);
        Optional<String> hostText = c.value("DB_HOST");
        if (hostText.isEmpty()) {
            return CheckResult.notApplicable(c.constant("DB_HOST").map(v -> "DB_HOST is not static (" + v.source()
                    + "): where WordPress connects is known only when PHP runs").orElse("wp-config.php sets no DB_HOST"));
        }
        Path defaultSocket = ctx.target().option(WordPressOptions.DB_SOCKET).map(Path::of).orElse(DbHost.DEFAULT_SOCKET);
        Optional<DbHost> parsed = DbHost.parse(hostText.get(), defaultSocket);
        if (parsed.isEmpty()) {
            return CheckResult.findings(Finding.cause(CauseCode.DATABASE_DOWN, Layer.DATABASE, Severity.CRITICAL, 0.6,
                            r.redact("WordPress cannot parse DB_HOST '" + hostText.get() + "', so it cannot connect"))
                    .evidence(config(site.get(), "DB_HOST", r)).httpStatus(500)
                    .remediation("Set DB_HOST to host, host:port, localhost:/path/to/socket or [ipv6]:port.").build());
        }
        DbHost host = parsed.get();
        Duration greetBudget = min(ctx.remaining().minusSeconds(1).dividedBy(3), Duration.ofSeconds(5));
        Greeting g = Greeting.read(host, greetBudget.isNegative() || greetBudget.isZero() ? Duration.ofMillis(200) : greetBudget);
        Evidence.Probe probe = new Evidence.Probe(host.describe(), "mysql", null, g.elapsed(),
                r.redact(g.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + (g.version() != null ? " (server " + g.version() + ")" : "")
                        + (g.errorCode() != 0 ? " " + g.errorCode() + ": " + g.message()
                        : g.message().isEmpty() ? "" : ": " + g.message())), ctx.clock().instant());
        Evidence hostLine = config(site.get(), "DB_HOST", r);
        switch (g.outcome()) {
            case HANDSHAKE -> {
                // connect with the credentials below
            }
            case PERMISSION -> {
                return CheckResult.notApplicable(r.redact("this process may not open " + host.socket()
                        + " (the web server's PHP may): run the diagnosis as root or as the web server's user"));
            }
            case ERROR_PACKET -> {
                if (g.errorCode() == 1040) {
                    return CheckResult.findings(tooMany(host, r, probe, hostLine, "now, before any login"));
                }
                return CheckResult.findings(Finding.cause(CauseCode.DATABASE_DOWN, Layer.DATABASE, Severity.CRITICAL,
                                g.errorCode() == 1129 ? 0.9 : 0.6,
                                r.redact("the database at " + host.describe() + " turns connections away before any login: "
                                        + g.errorCode() + " " + g.message()))
                        .evidence(probe, hostLine).httpStatus(500)
                        .remediation(g.errorCode() == 1129
                                ? new String[] {"Unblock the host: mariadb-admin flush-hosts (or FLUSH HOSTS;), then find the "
                                        + "client whose failed connections blocked it and raise max_connect_errors."}
                                : new String[] {"Read the database server's error log for why it refuses connections."})
                        .build());
            }
            default -> {
                return CheckResult.findings(down(host, g, r, probe, hostLine));
            }
        }
        Optional<String> user = c.value("DB_USER");
        Optional<String> name = c.value("DB_NAME");
        if (user.isEmpty() || name.isEmpty()) {
            return CheckResult.passed(probe, new Evidence.Observation(r.redact("the database greets; DB_USER or DB_NAME is "
                    + "not static, so the site's login was not tried"), null));
        }
        String password = c.value("DB_PASSWORD").orElse("");
        String prefix = c.safeTablePrefix().orElse(null);
        Duration budget = ctx.remaining().minusMillis(500);
        DbInspection in;
        try {
            in = DbInspector.inspect(host, name.get(), user.get(), password, prefix,
                    budget.isNegative() ? Duration.ofMillis(500) : budget);
        } catch (DbInspector.Refused e) {
            return CheckResult.findings(refused(site.get(), host, e, r, probe, hostLine));
        }
        ctx.publish(STATE, new DatabaseState(host.describe(), true, r.redact("the database at " + host.describe()
                + " accepts " + user.get() + " with the password of wp-config.php (server " + in.version() + ")")));
        if (!in.activePlugins().isEmpty() || prefix != null) {
            ctx.publish(ACTIVE_PLUGINS, new ActivePlugins(in.activePlugins()));
        }
        String slowFile = in.variables().get("slow_query_log_file");
        if (slowFile != null && !slowFile.isBlank()) {
            Path slow = Path.of(slowFile);
            String datadir = in.variables().get("datadir");
            if (!slow.isAbsolute() && datadir != null) {
                slow = Path.of(datadir).resolve(slow);
            }
            ctx.publish(SLOW_LOG, new SlowLogFile(slow, "1".equals(in.variables().get("slow_query_log")),
                    in.variables().getOrDefault("long_query_time", "")));
        }
        return assess(in, host, r, probe, site.get());
    }

    private static CheckResult assess(DbInspection in, DbHost host, Redactor r, Evidence.Probe probe, WpSite site) {
        List<Finding> out = new ArrayList<>();
        List<Evidence> facts = new ArrayList<>();
        facts.add(probe);
        long max = in.number("max_connections");
        long threads = in.number("Threads_connected");
        long maxUsed = in.number("Max_used_connections");
        long refusedCount = in.number("Connection_errors_max_connections");
        if (max > 0 && threads >= 0) {
            facts.add(new Evidence.Measurement("Threads_connected of max_connections " + max, threads, "connections"));
        }
        if (maxUsed >= 0) {
            facts.add(new Evidence.Measurement("Max_used_connections since the server started", maxUsed, "connections"));
        }
        if (max > 0 && threads >= max - 1) {
            out.add(tooMany(host, r, probe, new Evidence.Measurement("Threads_connected (max_connections " + max + ")",
                    threads, "connections"), "now: " + threads + " of " + max + " connections are in use"));
        } else if (refusedCount > 0 && max > 0 && maxUsed >= max) {
            out.add(Finding.cause(CauseCode.DATABASE_TOO_MANY_CONNECTIONS, Layer.DATABASE, Severity.WARNING, 0.5,
                            r.redact("the database refused " + refusedCount + " connection" + (refusedCount == 1 ? "" : "s")
                                    + " for max_connections (" + max + ") since it started; it has room now"))
                    .evidence(new Evidence.Measurement("Connection_errors_max_connections", refusedCount, "connections"),
                            new Evidence.Measurement("Max_used_connections", maxUsed, "connections"), probe)
                    .httpStatus(500)
                    .remediation(tooManyFix())
                    .confirmWith("WordPress or PHP logs 'Too many connections' (1040) at the times visitors saw errors")
                    .build());
        }
        out.addAll(statements(in, site.config().value("DB_NAME").orElse(null), r));
        if (in.autoloadBytes() >= 0) {
            facts.add(new Evidence.Measurement("autoloaded options (" + in.autoloadCount() + " rows)", in.autoloadBytes(),
                    "bytes"));
            if (in.autoloadBytes() > AUTOLOAD_WARN_BYTES) {
                List<Evidence> ev = new ArrayList<>();
                ev.add(new Evidence.Measurement("autoloaded options, read on every request", in.autoloadBytes(), "bytes"));
                in.largestAutoload().forEach((n, b) -> ev.add(new Evidence.Measurement("autoloaded option " + n, b, "bytes")));
                String top = in.largestAutoload().keySet().stream().findFirst().orElse("");
                out.add(Finding.cause(CauseCode.DATABASE_SLOW, Layer.DATABASE, Severity.WARNING, 0.4,
                                r.redact("autoloaded options take " + in.autoloadBytes() + " bytes (Site Health warns above "
                                        + AUTOLOAD_WARN_BYTES + "): every request loads them"
                                        + (top.isEmpty() ? "" : "; the largest is " + top)))
                        .evidence(ev)
                        .remediation("Find the plugin that owns the largest autoloaded options (their name prefix) and "
                                        + "stop autoloading them: UPDATE wp_options SET autoload = 'off' WHERE option_name = "
                                        + "'<name>' (WordPress 6.6+; 'no' before), after a backup.",
                                "Delete expired transients (wp transient delete --expired) and options of removed plugins.",
                                "A persistent object cache (Redis, Memcached) hides but does not remove the cost.")
                        .confirmWith("slow responses under load (time to first byte) or the slow query log naming the "
                                + "options query")
                        .build());
            }
        }
        in.rowCounts().forEach((t, n) -> facts.add(new Evidence.Measurement("rows in " + t + " (estimate)", n, "rows")));
        if (!in.activePlugins().isEmpty()) {
            facts.add(new Evidence.Observation(r.redact(in.activePlugins().size() + " active plugins: "
                    + String.join(", ", in.activePlugins().stream().limit(50).toList())), null));
        }
        String slowLog = in.variables().get("slow_query_log");
        if (slowLog != null) {
            facts.add(new Evidence.Observation(r.redact("slow query log " + ("1".equals(slowLog) ? "on, in "
                    + in.variables().get("slow_query_log_file") + ", long_query_time " + in.variables().get("long_query_time")
                    + " s" : "off")), null));
        }
        for (String p : in.problems()) {
            facts.add(new Evidence.Observation(r.redact(p), null));
        }
        if (out.isEmpty()) {
            facts.add(0, new Evidence.Observation(r.redact("the database at " + host.describe() + " accepts "
                    + site.config().value("DB_USER").orElse("the site's user") + " (server " + in.version() + ")"), null));
            return CheckResult.passed(facts);
        }
        List<Finding> withFacts = new ArrayList<>();
        for (Finding f : out) {
            withFacts.add(new Finding(f.cause(), f.layer(), f.severity(), f.confidence(), f.summary(),
                    concat(f.evidence(), facts), f.remediation(), f.confirmWith(), f.httpStatus()));
        }
        return CheckResult.findings(withFacts);
    }

    /**
     * The findings about statements: InnoDB lock waits (lead: the holder) and, apart from them, statements running
     * for {@link DbInspector#LONG_QUERY_SECONDS} s or more. A statement waiting for a row lock is told once, in the
     * lock-wait finding.
     */
    static List<Finding> statements(DbInspection in, String db, Redactor r) {
        List<Finding> out = new ArrayList<>();
        Optional<Finding> lockFinding = lockWaits(in.lockWaits(), in.lockHolders(), db, r);
        lockFinding.ifPresent(out::add);
        // a statement waiting for a row lock (or holding one) is told once, in the lock-wait finding, not again as a
        // long query
        Set<Long> waiting = new java.util.HashSet<>();
        if (lockFinding.isPresent()) {
            thisSite(in.lockWaits(), db).forEach(w -> {
                waiting.add(w.waiterId());
                waiting.add(w.holderId());
            });
        }
        List<DbInspection.Query> longQueries = in.longQueries().stream().filter(x -> !waiting.contains(x.id())).toList();
        if (!longQueries.isEmpty()) {
            DbInspection.Query q = longQueries.get(0);
            List<Evidence> ev = new ArrayList<>();
            for (DbInspection.Query x : longQueries) {
                ev.add(new Evidence.Observation(r.redact("connection " + x.id() + " (" + x.user() + ") has run "
                        + x.seconds() + " s, " + x.state() + ": " + x.info()), null));
            }
            boolean locks = longQueries.stream().anyMatch(x -> x.state().toLowerCase(java.util.Locale.ROOT).contains("lock"));
            out.add(Finding.cause(CauseCode.DATABASE_SLOW, Layer.DATABASE, Severity.WARNING, 0.6,
                            r.redact(longQueries.size() + " statement" + (longQueries.size() == 1 ? " has" : "s have")
                                    + " been running for " + DbInspector.LONG_QUERY_SECONDS + " s or more (longest "
                                    + q.seconds() + " s)" + (locks ? ", some waiting for locks" : "")
                                    + (waiting.isEmpty() ? "" : ", apart from the row-lock waits")))
                    .evidence(ev)
                    .remediation("Find the plugin or job issuing the statement (SHOW FULL PROCESSLIST); stop it if it is stuck "
                                    + "(KILL QUERY <id>), then index or rewrite the query.",
                            "If statements wait for locks, find the one holding them (a long transaction, a backup, an ALTER).")
                    .build());
        }
        return out;
    }

    /** {@link #lockWaits(List, List, String, Redactor)} when every wait names its holder. */
    static Optional<Finding> lockWaits(List<DbInspection.LockWait> all, String database, Redactor r) {
        return lockWaits(all, List.of(), database, r);
    }

    /** The waits on this site's database (and on no known table): the server-wide tables show every site's. */
    static List<DbInspection.LockWait> thisSite(List<DbInspection.LockWait> all, String database) {
        return database == null ? all : all.stream().filter(w -> w.table() == null
                || w.table().startsWith("`" + database.replace("`", "``") + "`.")).toList();
    }

    /**
     * The InnoDB lock waits as one finding whose lead is the holder: the connection that blocks the most waiters
     * without waiting itself (the head of the chain), with how long its transaction has been open and what it runs,
     * or that it is idle in transaction. When InnoDB named no holder (the wait was seen only in {@code SHOW ENGINE
     * INNODB STATUS}), the finding says so and lists {@code holders}, the transactions holding row locks without
     * waiting, as candidates, never as the verdict. Statements pass through {@code r}.
     */
    static Optional<Finding> lockWaits(List<DbInspection.LockWait> all, List<DbInspection.LockHolder> holders,
                                       String database, Redactor r) {
        List<DbInspection.LockWait> waits = thisSite(all, database);
        if (waits.isEmpty()) {
            return Optional.empty();
        }
        List<DbInspection.LockWait> named = waits.stream().filter(w -> w.holderId() >= 0).toList();
        long waiters = waits.stream().map(DbInspection.LockWait::waiterId).distinct().count();
        List<Evidence> ev = new ArrayList<>();
        for (DbInspection.LockWait w : waits) {
            ev.add(new Evidence.Observation(r.redact("connection " + w.waiterId() + who(w.waiterUser()) + " waits "
                    + w.waitSeconds() + " s for a " + lock(w) + (w.holderId() >= 0 ? " held by connection " + w.holderId()
                    : " (InnoDB does not name the holder)") + ": " + w.waiterStatement()), null));
        }
        if (named.isEmpty()) {
            return Optional.of(unnamedHolder(waits, holders, waiters, ev, r));
        }
        java.util.Set<Long> waiting = new java.util.HashSet<>();
        waits.forEach(w -> waiting.add(w.waiterId()));
        Map<Long, Integer> blocked = new java.util.LinkedHashMap<>();
        Map<Long, DbInspection.LockWait> byHolder = new java.util.LinkedHashMap<>();
        for (DbInspection.LockWait w : named) {
            blocked.merge(w.holderId(), 1, Integer::sum);
            byHolder.merge(w.holderId(), w, (a, b) -> a.holderTrxSeconds() >= b.holderTrxSeconds() ? a : b);
        }
        DbInspection.LockWait lead = byHolder.values().stream()
                .sorted(java.util.Comparator.comparing((DbInspection.LockWait w) -> waiting.contains(w.holderId()))
                        .thenComparing(w -> -blocked.get(w.holderId()))
                        .thenComparing(w -> -w.holderTrxSeconds()))
                .findFirst().orElseThrow();
        DbInspection.LockWait longest = named.stream().filter(w -> w.holderId() == lead.holderId())
                .max(java.util.Comparator.comparingLong(DbInspection.LockWait::waitSeconds)).orElse(lead);
        String holder = holderText(lead);
        String summary = "connection " + longest.waiterId() + who(longest.waiterUser()) + " has waited "
                + longest.waitSeconds() + " s for a " + lock(longest) + ", held by " + holder
                + (waiters > 1 ? "; " + waiters + " connections wait for locks" : "");
        ev.add(new Evidence.Observation(r.redact("holder: " + holder), null));
        return Optional.of(Finding.cause(CauseCode.DATABASE_SLOW, Layer.DATABASE, Severity.WARNING, 0.7, r.redact(summary))
                .evidence(ev)
                .remediation(r.redact("Connection " + lead.holderId() + " holds the lock" + (lead.holderIdle()
                                ? ": its transaction is open and idle, so it will not end by itself. " : ". ")
                                + "Ending it is your decision: KILL " + lead.holderId() + "; rolls back its uncommitted "
                                + "changes and frees the waiters (gateway-doctor never kills anything)."),
                        "Find who opened that transaction (SELECT * FROM information_schema.PROCESSLIST WHERE ID = "
                                + lead.holderId() + ": user, host, db) and make it commit: a plugin, cron job or "
                                + "console session that began a transaction and never committed, or a long batch job.",
                        LOCK_TIMEOUT_FIX)
                .confirmWith("the waiting statements end once connection " + lead.holderId() + "'s transaction ends "
                        + "(SELECT * FROM information_schema.INNODB_LOCK_WAITS is empty again)")
                .build());
    }

    private static final String LOCK_TIMEOUT_FIX = "Keep lock waits short so PHP does not hang with them: "
            + "innodb_lock_wait_timeout (default 50 s) below PHP's and the proxy's timeouts.";

    /** Waits InnoDB showed without their holder: what is seen, and the transactions that could hold the lock. */
    private static Finding unnamedHolder(List<DbInspection.LockWait> waits, List<DbInspection.LockHolder> holders,
                                         long waiters, List<Evidence> ev, Redactor r) {
        DbInspection.LockWait longest = waits.stream()
                .max(java.util.Comparator.comparingLong(DbInspection.LockWait::waitSeconds)).orElseThrow();
        ev.add(new Evidence.Observation("information_schema's lock tables (a snapshot InnoDB refreshes only after 0.1 s "
                + "without readers) did not list this wait, also after a pause; SHOW ENGINE INNODB STATUS shows it live "
                + "but does not say which transaction holds the lock", null));
        List<String> candidates = holders.stream().map(h -> candidateText(h)).toList();
        candidates.forEach(c -> ev.add(new Evidence.Observation(r.redact("holds row locks without waiting: " + c), null)));
        String summary = "connection " + longest.waiterId() + who(longest.waiterUser()) + " has waited "
                + longest.waitSeconds() + " s for a " + lock(longest) + "; InnoDB does not name the holder"
                + (candidates.size() == 1 ? ": the only transaction holding row locks without waiting is "
                + candidates.get(0) : candidates.isEmpty() ? "" : "; " + candidates.size()
                + " transactions hold row locks without waiting, the oldest " + candidates.get(0))
                + (waiters > 1 ? "; " + waiters + " connections wait for locks" : "");
        List<String> fix = new ArrayList<>();
        if (!holders.isEmpty()) {
            DbInspection.LockHolder h = holders.get(0);
            fix.add(r.redact("Confirm the holder first: SELECT waiting_pid, blocking_pid FROM sys.innodb_lock_waits (read "
                    + "it once, not in a loop). If it is connection " + h.id() + (h.idle() ? ", idle in transaction" : "")
                    + ", ending it is your decision: KILL " + h.id() + "; rolls back its uncommitted changes and frees "
                    + "the waiters (gateway-doctor never kills anything)."));
        } else {
            fix.add("Find the holder: SELECT waiting_pid, blocking_pid FROM sys.innodb_lock_waits (read it once, not in "
                    + "a loop), then end that transaction or make it commit (your decision: KILL <id>;).");
        }
        fix.add("Find what keeps reading information_schema.INNODB_TRX/INNODB_LOCK_WAITS more often than every 0.1 s (a "
                + "monitoring agent polling in a loop keeps InnoDB's snapshot from being refreshed).");
        fix.add(LOCK_TIMEOUT_FIX);
        return Finding.cause(CauseCode.DATABASE_SLOW, Layer.DATABASE, Severity.WARNING, 0.65, r.redact(summary))
                .evidence(ev)
                .remediation(fix.toArray(String[]::new))
                .confirmWith("SHOW ENGINE INNODB STATUS still shows connection " + longest.waiterId()
                        + " in LOCK WAIT, and sys.innodb_lock_waits names its blocking_pid")
                .build();
    }

    private static String candidateText(DbInspection.LockHolder h) {
        String changes = h.rowLocks() + " row lock" + (h.rowLocks() == 1 ? "" : "s")
                + (h.undoEntries() > 0 ? ", " + h.undoEntries() + " uncommitted row change" + (h.undoEntries() == 1 ? "" : "s")
                : "");
        String open = ", its transaction open " + h.trxSeconds() + " s (" + changes + ")";
        if (h.idle()) {
            return "connection " + h.id() + who(h.user()) + ", idle in transaction"
                    + (h.idleSeconds() >= 0 ? " (no statement for " + h.idleSeconds() + " s)" : "") + open;
        }
        return "connection " + h.id() + who(h.user()) + open + ", running: " + h.statement();
    }

    private static String holderText(DbInspection.LockWait w) {
        String open = w.holderTrxSeconds() >= 0 ? ", its transaction open " + w.holderTrxSeconds() + " s" : "";
        if (w.holderIdle()) {
            return "connection " + w.holderId() + who(w.holderUser()) + ", idle in transaction"
                    + (w.holderIdleSeconds() >= 0 ? " (no statement for " + w.holderIdleSeconds() + " s)" : "") + open;
        }
        return "connection " + w.holderId() + who(w.holderUser()) + open + ", running: " + w.holderStatement();
    }

    private static String lock(DbInspection.LockWait w) {
        return "row lock" + (w.lockMode() == null ? "" : " (" + w.lockMode() + ")") + " on "
                + (w.table() == null ? "a table" : w.table());
    }

    private static String who(String user) {
        return user == null || user.isBlank() ? "" : " (" + user + ")";
    }

    private static List<Evidence> concat(List<Evidence> a, List<Evidence> b) {
        List<Evidence> all = new ArrayList<>(a);
        for (Evidence e : b) {
            if (!all.contains(e)) {
                all.add(e);
            }
        }
        return all;
    }

    private static Finding down(DbHost host, Greeting g, Redactor r, Evidence.Probe probe, Evidence hostLine) {
        String what = switch (g.outcome()) {
            case NO_SOCKET -> "the socket " + host.socket() + " does not exist: the database server is not running (or "
                    + "uses another socket)";
            case REFUSED -> host.isSocket() ? "nothing accepts connections on " + host.socket()
                    + ": the database server is not running (a stale socket file)"
                    : "the database at " + host.describe() + " refuses connections: not running, or not listening there";
            case TIMEOUT -> "the database at " + host.describe() + " does not answer: " + g.message();
            case CLOSED -> "the database at " + host.describe() + " closes connections at once: " + g.message();
            case NOT_MYSQL -> "whatever listens at " + host.describe() + " is not MariaDB/MySQL: " + g.message();
            default -> "the database at " + host.describe() + " cannot be reached: " + g.message();
        };
        double confidence = switch (g.outcome()) {
            case NO_SOCKET, REFUSED -> 0.9;
            case TIMEOUT, CLOSED -> 0.8;
            default -> 0.6;
        };
        Finding.Builder b = Finding.cause(CauseCode.DATABASE_DOWN, Layer.DATABASE, Severity.CRITICAL, confidence,
                        r.redact(what))
                .evidence(probe, hostLine)
                .httpStatus(500)
                .remediation("Start the database server (systemctl start mariadb) and read its error log for why it "
                                + "stopped: a crash, the disk full (df -h), the kernel's OOM killer (journalctl -k).",
                        host.isSocket() ? "Check that DB_HOST's socket is the one the server creates (SHOW VARIABLES LIKE "
                                + "'socket'; Debian: /run/mysqld/mysqld.sock)."
                                : "Check that the server listens on " + host.describe() + " (bind-address, port) and that "
                                + "no firewall drops the connection.",
                        "Visitors get WordPress's 500 'Error establishing a database connection': not a gateway error.");
        if (g.outcome() == Greeting.Outcome.TIMEOUT) {
            b.confirmWith("mariadb-admin ping from the web server hangs as well");
        }
        return b.build();
    }

    private static Finding tooMany(DbHost host, Redactor r, Evidence probe, Evidence more, String when) {
        return Finding.cause(CauseCode.DATABASE_TOO_MANY_CONNECTIONS, Layer.DATABASE, Severity.CRITICAL, 0.9,
                        r.redact("the database at " + host.describe() + " refuses new connections with 1040 'Too many "
                                + "connections' (" + when + "): every WordPress request fails to connect"))
                .evidence(probe, more)
                .httpStatus(500)
                .remediation(tooManyFix())
                .build();
    }

    private static String[] tooManyFix() {
        return new String[] {
            "See what holds the connections: SHOW FULL PROCESSLIST (as an administrator): long queries point at "
                    + "database.slow, many 'Sleep' ones at persistent or leaked connections (lower wait_timeout).",
            "Size max_connections to at least the sum of pm.max_children of every PHP-FPM pool using this database, plus "
                    + "cron and CLI, within the memory each connection costs.",
            "Give other applications their own database user with MAX_USER_CONNECTIONS."};
    }

    private static Finding refused(WpSite site, DbHost host, DbInspector.Refused e, Redactor r, Evidence probe,
                                   Evidence hostLine) {
        int code = e.code();
        String msg = String.valueOf(e.getMessage());
        if (code == 1040 || msg.contains("Too many connections")) {
            return tooMany(host, r, probe, new Evidence.Observation(r.redact(msg), null), "at login");
        }
        if (code == 1045 || code == 1698 || code == 1044 || code == 1049) {
            String what = code == 1049 ? "the database '" + site.config().value("DB_NAME").orElse("") + "' does not exist"
                    : code == 1044 ? "the user may not use the database '" + site.config().value("DB_NAME").orElse("") + "'"
                    : "the database rejects the user and password in wp-config.php";
            return Finding.cause(CauseCode.DATABASE_ACCESS_DENIED, Layer.DATABASE, Severity.CRITICAL, 0.95,
                            r.redact(what + " (" + code + "): the server is up, but WordPress cannot log in"))
                    .evidence(new Evidence.Observation(r.redact(msg), null), probe, hostLine,
                            config(site, code == 1049 || code == 1044 ? "DB_NAME" : "DB_USER", r))
                    .httpStatus(500)
                    .remediation(code == 1049
                                    ? new String[] {"Set DB_NAME in wp-config.php to the site's database (SHOW DATABASES; as "
                                            + "an administrator), or restore the database."}
                                    : new String[] {"Compare DB_USER, DB_PASSWORD and DB_HOST in wp-config.php with the "
                                            + "database account: an account is user@host, so 'localhost' (socket) and "
                                            + "'127.0.0.1' (TCP) are different accounts.",
                                            "Reset the password or the grant as an administrator: ALTER USER ... IDENTIFIED "
                                                    + "BY ...; GRANT ALL ON db.* TO ...; — never paste it into a ticket.",
                                            "A password changed at the host (control panel, rotation) must be changed in "
                                                    + "wp-config.php too."})
                    .build();
        }
        return Finding.cause(CauseCode.DATABASE_DOWN, Layer.DATABASE, Severity.CRITICAL, 0.5,
                        r.redact("the database greets, but the site's connection fails: " + msg))
                .evidence(probe, hostLine).httpStatus(500)
                .remediation("Read the database server's error log at the same time.").build();
    }

    private static Evidence config(WpSite site, String name, Redactor r) {
        return site.config().constant(name).<Evidence>map(v -> new Evidence.ConfigLine(site.configFile().toString(),
                        v.line(), name, r.redact(v.isStatic() ? v.value() : "(not static: " + v.source() + ")")))
                .orElse(new Evidence.Observation(name + " is not set", null));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
