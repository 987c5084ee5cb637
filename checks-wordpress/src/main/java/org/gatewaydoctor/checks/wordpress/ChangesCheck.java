package org.gatewaydoctor.checks.wordpress;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.wordpress.internal.SiteLogs;
import org.gatewaydoctor.checks.wordpress.internal.WpSite;
import org.gatewaydoctor.checks.wordpress.internal.signatures.ChangeSignatureProvider;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * What changed just before the errors began: when {@code wp-config.php}, {@code .htaccess} and the web server's and
 * PHP-FPM's configuration files were last modified, and the reloads and restarts their logs show (Apache
 * {@code AH00493}/{@code AH00494}/{@code AH00489}, nginx {@code reconfiguring} at {@code notice} level, PHP-FPM
 * {@code Reloading in progress}), each dated so it lands on the incident timeline. The newest change within
 * {@link #LEAD_WINDOW} before the first error of the logs (a line whose signature carries a 5xx) is named as a lead:
 * "wp-config.php changed at 09:10, the 502s began at 09:12". A lead is not a cause: it says where to look first.
 * Plugins and themes are dated by {@code wordpress.files} and {@code wordpress.php-log}.
 */
public final class ChangesCheck extends WordPressCheck {

    /** This check's id. */
    public static final String ID = "wordpress.changes";
    /** A change this long before the first error is a lead. */
    public static final Duration LEAD_WINDOW = Duration.ofMinutes(60);
    /** Changes this recent are listed even when the logs show no error. */
    public static final Duration RECENT = Duration.ofHours(24);
    /** Most configuration files looked at. */
    static final int MAX_FILES = 64;

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public ChangesCheck() {
        super(ID, Layer.APPLICATION, "What changed just before: configuration files and reloads on the timeline",
                UNTIL_DIAGNOSIS_DEADLINE, WpConfigCheck.ID, Facts.WEB_SERVERS_CHECK, Facts.FPM_POOLS_CHECK,
                PhpErrorLogCheck.ID);
    }

    /** The files PHP or Apache read on every request: an edit takes effect without a reload. */
    private static final Set<String> PER_REQUEST = Set.of("wp-config.php", ".htaccess", "WordPress's .maintenance file");

    /** One dated change. */
    record Change(Instant at, String what, boolean file, boolean perRequest, Evidence evidence) {
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        Redactor r = ctx.redactor();
        ZoneId zone = ctx.target().zone();
        Map<Path, String> files = files(ctx);
        LogScan scan = SiteLogs.any(ctx) ? SiteLogs.scan(ctx, System.nanoTime() + Math.max(0, ctx.remaining().toNanos() / 3))
                : LogScan.empty();
        if (files.isEmpty() && scan.signatures().isEmpty()) {
            return CheckResult.notApplicable("no configuration file, WordPress folder or log to date changes from");
        }
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<Path, String> f : files.entrySet()) {
            try {
                Instant m = Files.getLastModifiedTime(f.getKey(), LinkOption.NOFOLLOW_LINKS).toInstant();
                String text = f.getValue() + " " + f.getKey() + " changed at " + HUMAN.format(m.atZone(zone));
                changes.add(new Change(m, f.getValue() + " " + f.getKey(), true, PER_REQUEST.contains(f.getValue()),
                        new Evidence.Observation(r.redact(text), m)));
            } catch (java.io.IOException e) {
                // a file that cannot be read is passed over: the configuration checks report it
            }
        }
        for (LogEvent e : scan.timeline()) {
            String meaning = ChangeSignatureProvider.EVENTS.get(e.signatureId());
            if (meaning != null && e.at() != null) {
                changes.add(new Change(e.at(), meaning, false, false, e.line()));
            }
        }
        Optional<SignatureHits> firstError = scan.signatures().stream()
                .filter(h -> h.firstSeen() != null && h.signature().httpStatus() != null
                        && h.signature().httpStatus() >= 500)
                .min((a, b) -> a.firstSeen().compareTo(b.firstSeen()));
        Instant now = ctx.clock().instant();
        Instant since = firstError.map(h -> h.firstSeen().minus(LEAD_WINDOW)).orElse(now.minus(RECENT));
        Instant from = since.isBefore(now.minus(RECENT)) ? since : now.minus(RECENT);
        List<Change> shown = changes.stream().filter(c -> !c.at().isBefore(from))
                .sorted((a, b) -> b.at().compareTo(a.at())).limit(30).toList();
        List<Evidence> ev = new ArrayList<>(shown.stream().map(Change::evidence).toList());
        if (firstError.isPresent()) {
            SignatureHits h = firstError.get();
            Instant first = h.firstSeen();
            Optional<Change> lead = changes.stream()
                    .filter(c -> !c.at().isBefore(first.minus(LEAD_WINDOW)) && !c.at().isAfter(first.plusSeconds(60)))
                    .max((a, b) -> a.at().compareTo(b.at()));
            if (lead.isPresent()) {
                Change newest = lead.get();
                // a reload or restart puts an edited file into effect: name the file edited before it
                Optional<Change> editedBefore = newest.file() ? Optional.empty() : changes.stream()
                        .filter(x -> x.file() && !x.at().isAfter(newest.at().plusSeconds(1))
                                && !x.at().isBefore(newest.at().minus(LEAD_WINDOW)))
                        .max((a, b) -> a.at().compareTo(b.at()));
                // ... but a file read on every request (wp-config.php, .htaccess) needs none: its edit is the lead,
                // and a reload or start logged between the edit and the errors is only context
                Optional<Change> restartSince = editedBefore.filter(Change::perRequest).map(x -> newest);
                Change c = restartSince.isPresent() ? editedBefore.get() : newest;
                Optional<Change> edited = restartSince.isPresent() ? Optional.empty() : editedBefore;
                long minutes = Duration.between(c.at(), first).toMinutes();
                String summary = c.what() + (c.file() ? " changed at " : " at ") + HUMAN.format(c.at().atZone(zone))
                        .substring(11) + edited.map(x -> ", after " + x.what() + " changed at "
                        + HUMAN.format(x.at().atZone(zone)).substring(11)).orElse("") + "; the " + h.signature().httpStatus() + "s began at "
                        + HUMAN.format(first.atZone(zone)).substring(11) + " ("
                        + (minutes <= 0 ? "the same minute" : minutes + " minute" + (minutes == 1 ? "" : "s") + " later")
                        + ", first '" + h.signature().title() + "'): the change is the first lead"
                        + restartSince.map(x -> " (" + x.what() + " at " + HUMAN.format(x.at().atZone(zone)).substring(11)
                                + " came in between; the file takes effect without it)").orElse("");
                List<Evidence> leadEv = new ArrayList<>();
                leadEv.add(c.evidence());
                edited.ifPresent(x -> leadEv.add(x.evidence()));
                restartSince.ifPresent(x -> leadEv.add(x.evidence()));
                leadEv.addAll(h.samples().stream().limit(1).toList());
                leadEv.addAll(ev.stream().filter(e -> !leadEv.contains(e)).toList());
                return CheckResult.findings(Finding.symptom(Layer.APPLICATION, Severity.WARNING, r.redact(summary))
                        .evidence(leadEv)
                        .remediation("Compare the file with its last known good copy (backup, version control, the "
                                + "package's original) or undo the change, then reload and watch whether the errors stop.")
                        .confirmWith("the errors stop when the change is undone")
                        .build());
            }
            ev.add(0, new Evidence.Observation(r.redact("nothing among " + files.size() + " configuration files and the "
                    + "logged reloads changed within " + LEAD_WINDOW.toMinutes() + " minutes before the first error ("
                    + HUMAN.format(first.atZone(zone)) + ")"), null));
        } else {
            ev.add(0, new Evidence.Observation(r.redact("looked at " + files.size() + " configuration files and the "
                    + "logged reloads; no 5xx error in the logs to date them against"), null));
        }
        return CheckResult.passed(ev);
    }

    /** The files whose modification time matters, with what each is; at most {@link #MAX_FILES}. */
    private static Map<Path, String> files(CheckContext ctx) {
        Map<Path, String> out = new LinkedHashMap<>();
        ctx.fact(WpSite.FACT).ifPresent(s -> {
            if (s.configFile() != null) {
                out.put(s.configFile(), "wp-config.php");
            }
            if (s.dir() != null && Files.isRegularFile(s.dir().resolve(".htaccess"))) {
                out.put(s.dir().resolve(".htaccess"), ".htaccess");
            }
            if (s.dir() != null && Files.isRegularFile(s.dir().resolve(".maintenance"))) {
                out.put(s.dir().resolve(".maintenance"), "WordPress's .maintenance file");
            }
        });
        Target t = ctx.target();
        t.config(Target.CONFIG_NGINX).ifPresent(p -> out.putIfAbsent(p, "nginx configuration"));
        t.config(Target.CONFIG_APACHE).ifPresent(p -> out.putIfAbsent(p, "Apache configuration"));
        t.config(Target.CONFIG_HAPROXY).ifPresent(p -> out.putIfAbsent(p, "HAProxy configuration"));
        t.config(Target.CONFIG_PHP_FPM).ifPresent(p -> out.putIfAbsent(p, "PHP-FPM configuration"));
        ctx.fact(Facts.WEB_SERVERS).ifPresent(ws -> ws.servers().forEach(s -> {
            String what = switch (s.kind()) {
                case NGINX -> "nginx configuration";
                case APACHE -> "Apache configuration";
                case HAPROXY -> "HAProxy configuration";
            };
            out.putIfAbsent(s.config(), what);
            s.routes().forEach(route -> out.putIfAbsent(Path.of(route.file()), what));
        }));
        ctx.fact(Facts.DOCUMENT_ROOTS).ifPresent(d -> d.roots().stream().filter(x -> !x.file().isEmpty())
                .forEach(x -> out.putIfAbsent(Path.of(x.file()), x.kind() == org.gatewaydoctor.facts.WebServer.Kind.NGINX
                        ? "nginx configuration" : "Apache configuration")));
        ctx.fact(Facts.FPM_POOLS).ifPresent(p -> p.pools().forEach(pool ->
                out.putIfAbsent(Path.of(pool.file()), "PHP-FPM pool configuration")));
        Map<Path, String> bounded = new LinkedHashMap<>();
        out.entrySet().stream().filter(e -> Files.isRegularFile(e.getKey())).limit(MAX_FILES)
                .forEach(e -> bounded.put(e.getKey(), e.getValue()));
        return bounded;
    }
}
