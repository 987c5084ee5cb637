package org.gatewaydoctor.checks.wordpress;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.wordpress.internal.Bisection;
import org.gatewaydoctor.checks.wordpress.internal.Changes;
import org.gatewaydoctor.checks.wordpress.internal.SiteLogs;
import org.gatewaydoctor.checks.wordpress.internal.WpSite;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Gap;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * Names what PHP's error log and WordPress's {@code debug.log} show: fatal errors, memory and time limits, output
 * before headers, and the database failures PHP reports ({@code mysqli_real_connect(): (HY000/2002)}, 1040, 1045,
 * uncaught {@code mysqli_sql_exception}), also as nginx ({@code FastCGI sent in stderr}) and Apache ({@code AH01071})
 * relay them from PHP-FPM. Each application error is attributed to the plugin, theme or file that
 * raised it, with the suspects ranked by count and last seen; a database failure is never blamed on the core file
 * that reported it. When the WordPress folder is known, a change to the top suspect shortly before its first error
 * is named as a lead ("plugin acme-cache changed at 09:10, errors began at 09:12").
 *
 * <p>It reads no line itself: it interprets the shared {@linkplain CheckContext#logScan() log scan}, where this
 * module's {@code php.*} and {@code wordpress.*} signatures match (the debug.log that wp-config.php names joins the
 * scan through this module's log locator).
 */
public final class PhpErrorLogCheck extends WordPressCheck {

    /** This check's id. */
    public static final String ID = "wordpress.php-log";
    /** How long before the first error a change still counts as a lead. */
    public static final Duration LEAD_WINDOW = Duration.ofHours(1);

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    /** Signature ids by the cause they prove. */
    private static final Map<CauseCode, List<String>> GROUPS = groups();

    private static Map<CauseCode, List<String>> groups() {
        Map<CauseCode, List<String>> m = new LinkedHashMap<>();
        m.put(CauseCode.DATABASE_DOWN, List.of("php.db-unreachable", "php.db-exception-unreachable",
                "wordpress.db-server-gone"));
        m.put(CauseCode.DATABASE_TOO_MANY_CONNECTIONS, List.of("php.db-too-many-connections",
                "php.db-exception-too-many-connections"));
        m.put(CauseCode.DATABASE_ACCESS_DENIED, List.of("php.db-access-denied", "php.db-exception-access-denied"));
        m.put(CauseCode.DATABASE_SLOW, List.of("wordpress.db-query-timeout"));
        // PHP's own log and debug.log, then the same errors as the web server relays them from PHP-FPM's stderr
        // (nginx "FastCGI sent in stderr", Apache mod_proxy_fcgi AH01071; their signatures live in checks-http)
        m.put(CauseCode.APP_MEMORY_EXHAUSTED, List.of("php.memory-exhausted", "php.out-of-memory",
                "nginx.fastcgi-stderr-memory", "apache.php-memory-exhausted"));
        m.put(CauseCode.APP_EXECUTION_TIMEOUT, List.of("php.execution-timeout", "nginx.fastcgi-stderr-timeout",
                "apache.php-execution-timeout"));
        m.put(CauseCode.APP_FATAL_ERROR, List.of("php.fatal-error", "php.parse-error", "nginx.fastcgi-stderr-fatal",
                "nginx.fastcgi-stderr-parse", "apache.php-fatal-error"));
        m.put(CauseCode.APP_OUTPUT_BEFORE_HEADERS, List.of("php.headers-sent", "apache.php-headers-sent"));
        return m;
    }

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public PhpErrorLogCheck() {
        // it waits on the shared log scan, which the diagnosis deadline bounds
        super(ID, Layer.APPLICATION, "PHP error log and WordPress debug.log: fatal errors, limits, database failures",
                UNTIL_DIAGNOSIS_DEADLINE, WpConfigCheck.ID, DatabaseCheck.ID);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        if (!SiteLogs.any(ctx)) {
            return CheckResult.notApplicable("no log files were given or found");
        }
        // the shared scan, plus debug.log when wp-config.php was found only from the document root
        LogScan scan = SiteLogs.scan(ctx, System.nanoTime() + Math.max(0, ctx.remaining().toNanos() / 3));
        Redactor r = ctx.redactor();
        ctx.fact(WpSite.FACT).ifPresent(s -> s.registerSecrets(r));
        ZoneId zone = ctx.target().zone();
        List<Finding> out = new ArrayList<>();
        Optional<WpSite> site = ctx.fact(WpSite.FACT);
        long deadline = System.nanoTime() + Math.max(0, ctx.remaining().toNanos() / 2);
        for (Map.Entry<CauseCode, List<String>> g : GROUPS.entrySet()) {
            List<SignatureHits> hits = g.getValue().stream().map(scan::hits).flatMap(Optional::stream)
                    .filter(h -> h.count() > 0).toList();
            if (hits.isEmpty()) {
                continue;
            }
            out.add(finding(g.getKey(), hits, scan, r, zone, site, deadline,
                    ctx.fact(DatabaseCheck.ACTIVE_PLUGINS).map(DatabaseCheck.ActivePlugins::files).orElse(List.of())));
        }
        // WordPress's own page for a connection failure, when nothing more precise was logged.
        Optional<SignatureHits> page = scan.hits("wordpress.db-connection-error");
        if (page.isPresent() && out.stream().noneMatch(f -> f.layer() == Layer.DATABASE)) {
            SignatureHits h = page.get();
            out.add(Finding.cause(CauseCode.DATABASE_DOWN, Layer.DATABASE, Severity.CRITICAL, 0.5,
                            r.redact("WordPress could not connect to its database " + times(h, zone)
                                    + " ('Error establishing a database connection'); its log does not say whether the "
                                    + "server was down, full or refused the password"))
                    .evidence(h.samples()).httpStatus(500)
                    .remediation("Run this diagnosis with --wordpress DIR (or --wp-config FILE): it then connects as "
                            + "WordPress does and tells down, too many connections and access denied apart.")
                    .confirmWith("mariadb-admin ping; the database server's error log").build());
        }
        // a log the scan could not read whole may hold the PHP errors: said, never a silent pass
        List<Gap> gaps = scan.gaps(f -> f.formats().keySet().stream().anyMatch(x -> x.name().equals("PHP_ERROR")));
        if (out.isEmpty() && !gaps.isEmpty()) {
            return CheckResult.passed(new Evidence.Observation("no PHP fatal error, limit, output before headers or "
                    + "database failure in what was read; " + gaps.size() + " log(s) not read whole", null))
                    .withGaps(gaps);
        }
        if (out.isEmpty()) {
            long php = scan.signatures().stream().filter(h -> h.id().startsWith("php.") || h.id().startsWith("wordpress."))
                    .mapToLong(SignatureHits::count).sum();
            return php == 0 && scan.files().stream().noneMatch(f -> f.formats().keySet().stream()
                    .anyMatch(x -> x.name().equals("PHP_ERROR")))
                    ? CheckResult.notApplicable("none of the logs holds PHP error-log or WordPress debug.log lines")
                    : CheckResult.passed(new Evidence.Observation("PHP's error log holds no fatal error, limit, output "
                    + "before headers or database failure (" + php + " other PHP lines matched)", null));
        }
        out.sort((a, b) -> {
            // most severe, then most confident; written out: Comparator.comparing chains are serializable lambdas,
            // which the class-data archive cannot hold
            int c = b.severity().compareTo(a.severity());
            return c != 0 ? c : Double.compare(b.confidence(), a.confidence());
        });
        return CheckResult.findings(out).withGaps(gaps);
    }

    private static Finding finding(CauseCode cause, List<SignatureHits> hits, LogScan scan, Redactor r, ZoneId zone,
                                   Optional<WpSite> site, long deadline, List<String> activePlugins) {
        long count = hits.stream().mapToLong(SignatureHits::count).sum();
        Instant first = hits.stream().map(SignatureHits::firstSeen).filter(x -> x != null).min(Instant::compareTo).orElse(null);
        Instant last = hits.stream().map(SignatureHits::lastSeen).filter(x -> x != null).max(Instant::compareTo).orElse(null);
        Set<String> ids = new java.util.HashSet<>();
        hits.forEach(h -> ids.add(h.id()));
        boolean database = cause.layer().orElse(Layer.APPLICATION) == Layer.DATABASE;
        List<Suspect> suspects = database ? List.of() : suspects(hits, scan, ids);
        String who = suspects.isEmpty() ? "" : suspects.get(0).name;
        String what = switch (cause.value()) {
            case "database.down" -> "PHP could not reach the database";
            case "database.too_many_connections" -> "the database refused PHP's connections with 'Too many connections' (1040)";
            case "database.access_denied" -> "the database rejected WordPress's credentials or database name";
            case "database.slow" -> "queries waited for locks or hit their time limit";
            case "app.memory_exhausted" -> "scripts hit PHP's memory_limit";
            case "app.execution_timeout" -> "scripts hit max_execution_time";
            case "app.output_before_headers" -> "output was sent before the headers ('headers already sent')";
            default -> "PHP fatal errors ended requests";
        };
        long n = count;
        String summary = what + " " + (n == 1 ? "once" : n + " times") + span(first, last, zone)
                + (who.isEmpty() ? "" : ", mostly in " + who)
                + (database ? "; the file that reported it (e.g. wp-includes/class-wpdb.php) is not the cause" : "");
        double confidence = Math.min(0.95, (database ? 0.75 : 0.65) + 0.05 * Math.min(4, Math.log10(n + 1) * 2));
        List<Evidence> ev = new ArrayList<>();
        hits.forEach(h -> ev.addAll(h.samples()));
        if (suspects.size() > 1 || !suspects.isEmpty() && suspects.get(0).last != null) {
            for (Suspect s : suspects.subList(0, Math.min(5, suspects.size()))) {
                // undated: the log lines themselves are on the timeline already
                ev.add(new Evidence.Observation(r.redact(s.name + ": " + s.count + (s.count == 1 ? " error" : " errors")
                        + (s.last == null ? "" : ", last at " + HUMAN.format(s.last.atZone(zone)))), null));
            }
        }
        // What changed just before: the top suspect's newest file.
        if (!suspects.isEmpty() && site.isPresent() && first != null) {
            lead(suspects.get(0), site.get(), first, zone, r, deadline).ifPresent(ev::add);
        }
        boolean hasLead = ev.stream().anyMatch(e -> e instanceof Evidence.Observation o && o.text().contains(" changed at "));
        // A 'headers already sent' is a warning PHP logs while the page is still served (broken redirects and
        // cookies, a 200): it only fails requests when a proxy rejects the mangled header block.
        boolean headers = cause.equals(CauseCode.APP_OUTPUT_BEFORE_HEADERS);
        Finding.Builder b = Finding.cause(cause, cause.layer().orElse(Layer.APPLICATION),
                        headers ? Severity.WARNING : Severity.CRITICAL,
                        Math.min(0.97, confidence + (hasLead ? 0.05 : 0)), r.redact(summary))
                .evidence(ev)
                .remediation(fix(cause, who).stream().map(r::redact).toArray(String[]::new));
        boolean named = who.startsWith("plugin ") || who.startsWith("must-use plugin ") || who.startsWith("theme ");
        if (!database && !named) {
            // The errors point at WordPress itself or an unknown file: often a plugin calling into core.
            b.remediation(Bisection.plan(activePlugins).stream().map(r::redact).toArray(String[]::new));
        }
        if (!headers) {
            b.httpStatus(500);
        }
        if (headers) {
            b.confirmWith("the named file starts with a byte order mark or whitespace before <?php, or has text after "
                    + "its closing ?>");
        }
        return b.build();
    }

    private static Optional<Evidence> lead(Suspect s, WpSite site, Instant first, ZoneId zone, Redactor r, long deadline) {
        Optional<Path> content = site.contentDir();
        if (content.isEmpty() || s.kind == null) {
            return Optional.empty();
        }
        Path p = switch (s.kind) {
            case "plugin" -> {
                Path regular = content.get().resolve("plugins").resolve(s.slug);
                yield java.nio.file.Files.exists(regular) ? regular : content.get().resolve("mu-plugins").resolve(s.slug);
            }
            case "theme" -> content.get().resolve("themes").resolve(s.slug);
            default -> null;
        };
        if (p == null || !p.normalize().startsWith(content.get().normalize())) {
            return Optional.empty();
        }
        return Changes.newest(p, deadline).filter(n -> !n.at().isAfter(first.plus(Duration.ofMinutes(1)))
                        && !n.at().isBefore(first.minus(LEAD_WINDOW)))
                .map(n -> new Evidence.Observation(r.redact(s.name + " changed at " + CLOCK.format(n.at().atZone(zone))
                        + " (" + n.file() + "), the errors began at " + CLOCK.format(first.atZone(zone))
                        + ": the change is the first lead"), n.at()));
    }

    /** One component the errors point at. */
    private record Suspect(String name, String kind, String slug, long count, Instant last) {
    }

    /** Components by count (then most recent), from the dated events of the timeline, else the hit fields. */
    private static List<Suspect> suspects(List<SignatureHits> hits, LogScan scan, Set<String> ids) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Instant> lastSeen = new LinkedHashMap<>();
        Map<String, String[]> kinds = new LinkedHashMap<>();
        for (LogEvent e : scan.timeline()) {
            if (!ids.contains(e.signatureId())) {
                continue;
            }
            String[] k = component(e.fields());
            counts.computeIfAbsent(k[0], x -> new long[1])[0]++;
            kinds.putIfAbsent(k[0], k);
            lastSeen.merge(k[0], e.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
        if (counts.isEmpty()) {
            for (SignatureHits h : hits) {
                for (String field : List.of("plugin", "theme")) {
                    Map<String, Long> v = h.fields().get(field);
                    if (v != null) {
                        v.forEach((slug, c) -> {
                            String name = field + " " + slug;
                            counts.computeIfAbsent(name, x -> new long[1])[0] += c;
                            kinds.putIfAbsent(name, new String[] {name, field, slug});
                        });
                    }
                }
                Map<String, Long> files = h.fields().get("file");
                if (files != null && h.fields().get("plugin") == null && h.fields().get("theme") == null) {
                    files.forEach((f, c) -> {
                        String[] k = component(Map.of("file", f));
                        counts.computeIfAbsent(k[0], x -> new long[1])[0] += c;
                        kinds.putIfAbsent(k[0], k);
                    });
                }
            }
        }
        List<Suspect> out = new ArrayList<>();
        counts.forEach((name, c) -> out.add(new Suspect(name, kinds.get(name)[1], kinds.get(name)[2], c[0],
                lastSeen.get(name))));
        // most lines, then most recent (undated last), then by name; written out like the findings' order
        out.sort((a, b) -> {
            int c = Long.compare(b.count(), a.count());
            if (c == 0) {
                c = (b.last == null ? Instant.MIN : b.last).compareTo(a.last == null ? Instant.MIN : a.last);
            }
            return c != 0 ? c : a.name().compareTo(b.name());
        });
        return out;
    }

    /** {@code [name, kind, slug]} of the component behind an event's fields. */
    private static String[] component(Map<String, String> fields) {
        String file = fields.getOrDefault("file", "");
        if (fields.containsKey("plugin")) {
            String slug = fields.get("plugin");
            return new String[] {(file.contains("/mu-plugins/") ? "must-use plugin " : "plugin ") + slug, "plugin", slug};
        }
        if (fields.containsKey("theme")) {
            return new String[] {"theme " + fields.get("theme"), "theme", fields.get("theme")};
        }
        if (file.contains("/wp-includes/") || file.contains("/wp-admin/")) {
            return new String[] {"WordPress core (" + file.substring(Math.max(0, file.lastIndexOf("/wp-") + 1)) + ")", null, null};
        }
        if (file.endsWith("/wp-config.php")) {
            return new String[] {"wp-config.php", null, null};
        }
        return new String[] {file.isEmpty() ? "an unknown file" : file, null, null};
    }

    private static List<String> fix(CauseCode cause, String who) {
        String subject = who.isEmpty() ? "the file the log names" : who;
        boolean plugin = who.startsWith("plugin ") || who.startsWith("must-use plugin ");
        return switch (cause.value()) {
            case "database.down" -> List.of("Start the database server and read its error log for why it stopped (crash, "
                    + "disk full, OOM killer); check DB_HOST's host, port or socket.");
            case "database.too_many_connections" -> List.of("Find what holds the database's connections (SHOW FULL "
                    + "PROCESSLIST): slow queries or idle persistent connections; size max_connections to the PHP workers "
                    + "of every pool plus cron and CLI.");
            case "database.access_denied" -> List.of("Make DB_USER, DB_PASSWORD, DB_HOST and DB_NAME in wp-config.php match "
                    + "the database account and grant (user@host: 'localhost' and '127.0.0.1' are different accounts).");
            case "database.slow" -> List.of("Find the transaction holding the locks (SHOW ENGINE INNODB STATUS, the process "
                    + "list) and the plugin issuing it.");
            case "app.memory_exhausted" -> List.of("Find why " + subject + " needs that much memory (a huge query result, "
                            + "an image resize, an endless loop) and fix or replace it.",
                    "Only then, if the need is real, raise the limit: WP_MEMORY_LIMIT in wp-config.php (front end) within "
                            + "PHP's memory_limit, and mind pm.max_children x memory_limit against the host's memory.");
            case "app.execution_timeout" -> List.of("Find what " + subject + " waits for (a remote API, a slow query, a "
                    + "loop); an external call needs a short timeout.", "Move long work to WP-Cron or a CLI job instead of "
                    + "raising max_execution_time.");
            case "app.output_before_headers" -> List.of("Remove the output at the file and line the log names: a byte order "
                    + "mark or whitespace before <?php, text after a closing ?> (omit the closing tag), or an echo/notice.");
            default -> plugin
                    ? List.of("Disable " + who + " (rename its folder under wp-content/plugins, or wp plugin deactivate "
                            + who.substring(who.lastIndexOf(' ') + 1) + " --skip-plugins) and check the site answers again.",
                    "Update or roll back the plugin, then read its changelog or report the error (with the log line) to "
                            + "its authors.")
                    : List.of("Fix or roll back " + subject + " (the log gives file and line); a theme can be switched "
                    + "with wp theme activate <other> --skip-themes.");
        };
    }

    private static String times(SignatureHits h, ZoneId zone) {
        return (h.count() == 1 ? "once" : h.count() + " times") + span(h.firstSeen(), h.lastSeen(), zone);
    }

    private static String span(Instant first, Instant last, ZoneId zone) {
        if (first == null) {
            return "";
        }
        if (last == null || first.equals(last)) {
            return " (at " + HUMAN.format(first.atZone(zone)) + ")";
        }
        return " (" + HUMAN.format(first.atZone(zone)) + " to " + HUMAN.format(last.atZone(zone)) + ")";
    }
}
