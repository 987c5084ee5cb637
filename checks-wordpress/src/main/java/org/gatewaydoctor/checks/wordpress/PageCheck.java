package org.gatewaydoctor.checks.wordpress;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.wordpress.internal.Maintenance;
import org.gatewaydoctor.checks.wordpress.internal.SiteLogs;
import org.gatewaydoctor.checks.wordpress.internal.WpSite;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.ProbedPage;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * Ties WordPress's own pages, as the live probe got them, to what the other WordPress checks found, and reads
 * {@code .maintenance}. These pages are written by PHP: the gateways in front worked.
 * <ul>
 *   <li>"Error establishing a database connection" while {@code wordpress.database} logs in with wp-config.php's
 *       credentials: WordPress (PHP) connects somewhere else than where this diagnosis did (a {@code DB_HOST} of
 *       {@code localhost} makes PHP use its own default socket), or the outage comes and goes; PHP's own failure
 *       from the log is quoted. When the database check failed too, the page is its symptom.</li>
 *   <li>"There has been a critical error on this website": the newest fatal error of PHP's log (or debug.log) before
 *       the page, with the plugin or theme it names; none in the logs read means WordPress logs nowhere this
 *       diagnosis looked.</li>
 *   <li>The 503 maintenance page, and a {@code .maintenance} file: when the update began ({@code $upgrading}), when
 *       WordPress stops honouring the file (10 minutes later), a file that computes {@code $upgrading}
 *       ({@code time()}) and so never expires, a stale file WordPress already ignores.</li>
 * </ul>
 */
public final class PageCheck extends WordPressCheck {

    /** This check's id. */
    public static final String ID = "wordpress.page";

    static final String DB_PAGE = "wordpress.database-connection";
    static final Set<String> CRITICAL_PAGES = Set.of("wordpress.critical-error", "wordpress.technical-difficulties");
    static final String MAINTENANCE_PAGE = "wordpress.maintenance";
    /** Fatal errors WordPress's shutdown handler turns into its critical-error page, with the cause each proves. */
    private static final Map<String, CauseCode> FATALS = Map.ofEntries(Map.entry("php.fatal-error", CauseCode.APP_FATAL_ERROR),
            Map.entry("php.parse-error", CauseCode.APP_FATAL_ERROR),
            Map.entry("php.memory-exhausted", CauseCode.APP_MEMORY_EXHAUSTED),
            Map.entry("php.execution-timeout", CauseCode.APP_EXECUTION_TIMEOUT),
            // relayed by the web server from PHP-FPM's stderr
            Map.entry("nginx.fastcgi-stderr-fatal", CauseCode.APP_FATAL_ERROR),
            Map.entry("nginx.fastcgi-stderr-parse", CauseCode.APP_FATAL_ERROR),
            Map.entry("nginx.fastcgi-stderr-memory", CauseCode.APP_MEMORY_EXHAUSTED),
            Map.entry("nginx.fastcgi-stderr-timeout", CauseCode.APP_EXECUTION_TIMEOUT),
            Map.entry("apache.php-fatal-error", CauseCode.APP_FATAL_ERROR),
            Map.entry("apache.php-memory-exhausted", CauseCode.APP_MEMORY_EXHAUSTED),
            Map.entry("apache.php-execution-timeout", CauseCode.APP_EXECUTION_TIMEOUT));
    private static final Set<String> PHP_DB = Set.of("php.db-unreachable", "php.db-too-many-connections",
            "php.db-access-denied", "php.db-exception-unreachable", "php.db-exception-access-denied",
            "php.db-exception-too-many-connections");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String NOT_GATEWAY = "; WordPress wrote this page itself, so every gateway in front worked";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public PageCheck() {
        super(ID, Layer.APPLICATION,
                "WordPress's own pages: tied to the database, the fatal error or the maintenance file behind them",
                UNTIL_DIAGNOSIS_DEADLINE, Facts.PROBE_CHECK, WpConfigCheck.ID, DatabaseCheck.ID, PhpErrorLogCheck.ID);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        Redactor r = ctx.redactor();
        Optional<WpSite> site = ctx.fact(WpSite.FACT);
        site.ifPresent(s -> s.registerSecrets(r));
        Optional<ProbedPage> page = ctx.fact(Facts.PROBED_PAGE)
                .filter(p -> p.page() != null && p.page().startsWith("wordpress."));
        Optional<Maintenance> maintenance = Optional.empty();
        if (site.isPresent()) {
            try {
                maintenance = Maintenance.read(site.get().dir());
            } catch (java.io.IOException e) {
                // unreadable: said below only when the page needs it
            }
        }
        if (page.isEmpty() && maintenance.isEmpty()) {
            if (site.isEmpty()) {
                return CheckResult.notApplicable("the probe got no WordPress page and no WordPress folder is known");
            }
            return ctx.target().url() == null
                    ? CheckResult.notApplicable("no URL was probed and " + site.get().dir() + " has no .maintenance file")
                    : CheckResult.passed(new Evidence.Observation(r.redact("the probe got no WordPress error page; "
                    + site.get().dir() + " has no .maintenance file"), null));
        }
        ZoneId zone = ctx.target().zone();
        Instant now = ctx.clock().instant();
        if (page.isPresent() && page.get().is(DB_PAGE)) {
            return CheckResult.findings(databasePage(ctx, page.get(), site, r, zone));
        }
        if (page.isPresent() && CRITICAL_PAGES.contains(page.get().page())) {
            return CheckResult.findings(criticalPage(ctx, page.get(), site, r, zone));
        }
        if (page.isPresent() && page.get().is(MAINTENANCE_PAGE)) {
            return CheckResult.findings(maintenancePage(page.get(), site, maintenance, r, zone, now));
        }
        if (maintenance.isPresent()) {
            return maintenanceFile(maintenance.get(), r, zone, now);
        }
        return CheckResult.passed(new Evidence.Observation(r.redact("the probe got WordPress's page "
                + page.get().page() + "; the error-page catalogue explains it"), null));
    }

    // ---- Error establishing a database connection -------------------------------------------------------------

    private static Finding databasePage(CheckContext ctx, ProbedPage page, Optional<WpSite> site, Redactor r,
                                        ZoneId zone) throws InterruptedException {
        Evidence shown = new Evidence.ErrorPage(page.source(), page.at());
        Optional<DatabaseCheck.DatabaseState> db = ctx.fact(DatabaseCheck.STATE);
        Optional<LogEvent> php = newest(ctx, PHP_DB::contains, page.at());
        if (db.isEmpty()) {
            return Finding.symptom(Layer.APPLICATION, Severity.CRITICAL, r.redact("visitors get WordPress's "
                            + page.status() + " 'Error establishing a database connection'" + NOT_GATEWAY
                            + (site.isEmpty() ? "; give --wordpress DIR (or --wp-config FILE) to connect as WordPress does"
                            : "; the database was not tried (" + reason(site.get()) + ")")))
                    .evidence(withLine(shown, php)).httpStatus(page.status()).build();
        }
        DatabaseCheck.DatabaseState state = db.get();
        if (!state.acceptsLogin()) {
            return Finding.symptom(Layer.DATABASE, Severity.CRITICAL, r.redact("visitors get WordPress's " + page.status()
                            + " 'Error establishing a database connection' because " + state.outcome() + NOT_GATEWAY))
                    .evidence(withLine(shown, php)).httpStatus(page.status()).build();
        }
        // The page, yet the database lets wp-config.php's user in: PHP connects elsewhere, or it comes and goes.
        WpSite s = site.orElseThrow();
        String dbHost = s.config().value("DB_HOST").orElse("");
        String phpSays = php.map(e -> e.fields().getOrDefault("message", "")).orElse("");
        boolean localhost = dbHost.equalsIgnoreCase("localhost") || dbHost.equalsIgnoreCase("localhost:");
        boolean intermittent = php.isPresent() && (php.get().signatureId().contains("too-many")
                || php.get().signatureId().contains("access-denied"));
        List<String> why = new ArrayList<>();
        List<String> fix = new ArrayList<>();
        if (localhost) {
            why.add("DB_HOST 'localhost' makes PHP connect through its own default socket (mysqli.default_socket in "
                    + "PHP's configuration, else the one built into PHP), not " + state.where());
            fix.add("Name the socket in wp-config.php: define('DB_HOST', 'localhost:" + socketOf(state.where())
                    + "'); or set mysqli.default_socket (and pdo_mysql.default_socket) in the PHP-FPM pool or php.ini "
                    + "to it, then reload PHP-FPM.");
        } else if (!phpSays.isEmpty() && !intermittent) {
            why.add("PHP connects somewhere this diagnosis did not: another wp-config.php, a DB_HOST set at run time, "
                    + "or a name that resolves differently for PHP-FPM");
        }
        if (intermittent) {
            why.add("the failure comes and goes: PHP was refused (" + phpSays + ") where a later login works");
        }
        if (why.isEmpty()) {
            why.add("either PHP connects elsewhere than DB_HOST says, or the outage is over (a restart, a full "
                    + "connection table)");
        }
        fix.add("Compare the page with what PHP itself logged at that moment (mysqli_real_connect lines in PHP's "
                + "error log or debug.log): 2002 means no server at the socket or host PHP used, 1040 a full server, "
                + "1045 a rejected password.");
        fix.add("If the page is gone on a second request, the outage is intermittent: read the database server's "
                + "error log for restarts, and its Max_used_connections against max_connections.");
        List<Evidence> ev = withLine(shown, php);
        ev.add(new Evidence.Observation(r.redact(state.outcome()), null));
        s.config().constant("DB_HOST").ifPresent(v -> ev.add(new Evidence.ConfigLine(s.configFile().toString(), v.line(),
                "DB_HOST", r.redact(v.isStatic() ? v.value() : "(not static: " + v.source() + ")"))));
        return Finding.cause(CauseCode.DATABASE_DOWN, Layer.DATABASE, Severity.CRITICAL, php.isPresent() ? 0.9 : 0.7,
                        r.redact("WordPress answers 'Error establishing a database connection', yet the database at "
                                + state.where() + " accepts wp-config.php's user: " + String.join("; ", why)
                                + (phpSays.isEmpty() ? "" : " (PHP: '" + phpSays + "')") + NOT_GATEWAY))
                .evidence(ev).httpStatus(page.status())
                .remediation(fix.stream().map(r::redact).toArray(String[]::new))
                .confirmWith("php -r \"var_dump(ini_get('mysqli.default_socket'));\" run as the pool's user prints "
                        + "a socket other than the database's")
                .build();
    }

    private static String socketOf(String where) {
        return where.startsWith("unix socket ") ? where.substring("unix socket ".length()) : "/run/mysqld/mysqld.sock";
    }

    private static String reason(WpSite site) {
        return site.config() == null ? "no wp-config.php was read" : "DB_HOST is not static or the check did not run";
    }

    // ---- There has been a critical error on this website ------------------------------------------------------

    private static Finding criticalPage(CheckContext ctx, ProbedPage page, Optional<WpSite> site, Redactor r,
                                        ZoneId zone) throws InterruptedException {
        Evidence shown = new Evidence.ErrorPage(page.source(), page.at());
        Optional<LogEvent> fatal = newest(ctx, FATALS::containsKey, page.at());
        if (fatal.isEmpty()) {
            String where = site.flatMap(WpSite::debugLog).map(p -> "WordPress logs to " + p + ", which holds no fatal "
                    + "error").orElse("WP_DEBUG_LOG is off, so WordPress keeps the error to itself");
            return Finding.symptom(Layer.APPLICATION, Severity.CRITICAL, r.redact("visitors get WordPress's "
                            + page.status() + " critical-error page, but no fatal error is in the logs read (" + where
                            + ")" + NOT_GATEWAY))
                    .evidence(shown).httpStatus(page.status())
                    .remediation("Turn on WordPress's log: define('WP_DEBUG', true); define('WP_DEBUG_LOG', true); "
                                    + "define('WP_DEBUG_DISPLAY', false); in wp-config.php, load the page once, and run "
                                    + "this diagnosis again with wp-content/debug.log (or give PHP-FPM's error log).",
                            "WordPress also mailed the site's admin address a recovery-mode link naming the plugin or "
                                    + "theme.")
                    .build();
        }
        LogEvent e = fatal.get();
        String who = component(e.fields());
        String file = e.fields().getOrDefault("file", "");
        String line = e.fields().getOrDefault("line", "");
        CauseCode cause = FATALS.get(e.signatureId());
        String kind = cause.equals(CauseCode.APP_MEMORY_EXHAUSTED) ? "PHP's memory limit was hit"
                : cause.equals(CauseCode.APP_EXECUTION_TIMEOUT) ? "max_execution_time was hit"
                : e.signatureId().endsWith("parse-error") || e.signatureId().endsWith("stderr-parse")
                ? "a PHP file does not parse" : "a PHP fatal error";
        return Finding.cause(cause, Layer.APPLICATION, Severity.CRITICAL, 0.9,
                        r.redact("visitors get WordPress's " + page.status() + " critical-error page: " + kind
                                + (who.isEmpty() ? "" : " in " + who) + (file.isEmpty() ? "" : " (" + file
                                + (line.isEmpty() ? "" : ":" + line) + ")") + ", last logged at "
                                + CLOCK.format(e.at().atZone(zone)) + NOT_GATEWAY))
                .evidence(shown, e.line()).httpStatus(page.status())
                .remediation(r.redact(who.startsWith("plugin ") || who.startsWith("must-use plugin ")
                        ? "Disable " + who + " (rename its folder, or wp plugin deactivate " + who.substring(who.lastIndexOf(' ') + 1)
                        + " --skip-plugins), check the page is back, then update, roll back or replace it."
                        : who.startsWith("theme ") ? "Switch away from " + who + " (wp theme activate <other> --skip-themes), "
                        + "then fix or roll it back."
                        : "Fix or roll back the file the log names (" + file + ")."))
                .build();
    }

    private static String component(Map<String, String> fields) {
        if (fields.containsKey("plugin")) {
            return (fields.getOrDefault("file", "").contains("/mu-plugins/") ? "must-use plugin " : "plugin ")
                    + fields.get("plugin");
        }
        if (fields.containsKey("theme")) {
            return "theme " + fields.get("theme");
        }
        String file = fields.getOrDefault("file", "");
        return file.contains("/wp-includes/") || file.contains("/wp-admin/") ? "WordPress core" : "";
    }

    // ---- maintenance ------------------------------------------------------------------------------------------

    private static Finding maintenancePage(ProbedPage page, Optional<WpSite> site, Optional<Maintenance> file,
                                           Redactor r, ZoneId zone, Instant now) {
        Evidence shown = new Evidence.ErrorPage(page.source(), page.at());
        if (file.isEmpty()) {
            return Finding.symptom(Layer.APPLICATION, Severity.CRITICAL, r.redact("visitors get WordPress's "
                            + page.status() + " maintenance page, but " + site.map(s -> s.dir() + " has no .maintenance "
                            + "file: another WordPress answers this address, or a plugin shows the page")
                            .orElse("no WordPress folder is known (give --wordpress DIR)") + NOT_GATEWAY))
                    .evidence(shown).httpStatus(page.status()).build();
        }
        Maintenance m = file.get();
        List<Evidence> ev = new ArrayList<>(List.of(shown, upgradingLine(m, r)));
        if (m.upgrading() == null) {
            return Finding.symptom(Layer.APPLICATION, Severity.CRITICAL, r.redact("visitors get WordPress's "
                            + page.status() + " maintenance page for as long as " + m.file() + " exists: it sets "
                            + "$upgrading to " + (m.source().isEmpty() ? "nothing" : m.source())
                            + ", which never gets 10 minutes old, so WordPress never leaves maintenance mode by itself"
                            + NOT_GATEWAY))
                    .evidence(ev).httpStatus(page.status())
                    .remediation(r.redact("Delete " + m.file() + " once no update is running (WordPress writes a fixed "
                            + "time there, '<?php $upgrading = 1765101234; ?>'; a computed one keeps the site down)."))
                    .build();
        }
        Instant began = Instant.ofEpochSecond(m.upgrading());
        Instant ends = m.endsAt().orElseThrow();
        long minutes = Math.max(0, Duration.between(began, now).toMinutes());
        return Finding.symptom(Layer.APPLICATION, Severity.CRITICAL, r.redact("visitors get WordPress's " + page.status()
                        + " maintenance page: an update began at " + CLOCK.format(began.atZone(zone)) + " (" + minutes
                        + (minutes == 1 ? " minute" : " minutes") + " ago, " + m.file() + "); WordPress ignores the file "
                        + "from " + CLOCK.format(ends.atZone(zone)) + ", 10 minutes after" + NOT_GATEWAY))
                .evidence(ev).httpStatus(page.status())
                .remediation("Let a running update finish; if none runs (the update was interrupted), delete "
                                + m.file() + " and run the update again.",
                        "The page ends by itself at " + CLOCK.format(ends.atZone(zone)) + " unless something rewrites "
                                + "the file.")
                .build();
    }

    private static CheckResult maintenanceFile(Maintenance m, Redactor r, ZoneId zone, Instant now) {
        Evidence line = upgradingLine(m, r);
        if (m.active(now)) {
            String until = m.endsAt().map(t -> "until " + CLOCK.format(t.atZone(zone)) + " (10 minutes after the "
                    + "update began at " + CLOCK.format(Instant.ofEpochSecond(m.upgrading()).atZone(zone)) + ")")
                    .orElse("for as long as the file exists ($upgrading = " + m.source() + " never gets old)");
            return CheckResult.findings(Finding.symptom(Layer.APPLICATION, Severity.WARNING, r.redact(m.file()
                            + " puts WordPress in maintenance mode " + until + ": visitors get its 503 page"))
                    .evidence(line).httpStatus(503)
                    .remediation(r.redact("If no update is running, delete " + m.file() + "."))
                    .build());
        }
        String what = m.upgrading() == null
                ? m.file() + " sets no usable $upgrading, so WordPress ignores it"
                : m.file() + " is left over from an update that began at "
                + CLOCK.format(Instant.ofEpochSecond(m.upgrading()).atZone(zone)) + "; WordPress ignores it since "
                + CLOCK.format(m.endsAt().orElseThrow().atZone(zone)) + " (10 minutes later): the update was probably "
                + "interrupted";
        return CheckResult.findings(Finding.symptom(Layer.APPLICATION, Severity.INFO, r.redact(what))
                .evidence(line)
                .remediation(r.redact("Check the update finished (Dashboard > Updates, or wp core version / wp plugin "
                        + "list), then delete " + m.file() + "."))
                .build());
    }

    private static Evidence upgradingLine(Maintenance m, Redactor r) {
        if (m.line() == 0) {
            return new Evidence.Observation(r.redact(m.file() + " exists (changed " + m.modified() + ") and sets no "
                    + "$upgrading"), m.modified());
        }
        return new Evidence.ConfigLine(m.file().toString(), m.line(), "$upgrading",
                r.redact(m.upgrading() != null ? String.valueOf(m.upgrading()) : m.source()));
    }

    // ---- the logs ---------------------------------------------------------------------------------------------

    /** The newest event of the shared log scan accepted by {@code ids} up to a minute after {@code before}. */
    private static Optional<LogEvent> newest(CheckContext ctx, java.util.function.Predicate<String> ids, Instant before)
            throws InterruptedException {
        if (!SiteLogs.any(ctx)) {
            return Optional.empty();
        }
        LogScan scan = SiteLogs.scan(ctx, System.nanoTime() + Math.max(0, ctx.remaining().toNanos() / 3));
        Instant limit = before.plus(Duration.ofMinutes(1));
        return scan.timeline().stream().filter(e -> ids.test(e.signatureId()) && e.at() != null && !e.at().isAfter(limit))
                .max((x, y) -> x.at().compareTo(y.at()));
    }

    private static List<Evidence> withLine(Evidence first, Optional<LogEvent> line) {
        List<Evidence> ev = new ArrayList<>();
        ev.add(first);
        line.ifPresent(e -> ev.add(e.line()));
        return ev;
    }
}
