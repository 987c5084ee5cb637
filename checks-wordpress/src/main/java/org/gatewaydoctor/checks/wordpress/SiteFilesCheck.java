package org.gatewaydoctor.checks.wordpress;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.checks.wordpress.internal.SiteFiles;
import org.gatewaydoctor.checks.wordpress.internal.WpSite;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * Looks at the site's code without running it: the plugins (name and version from their header, which are active
 * when {@code wordpress.database} could read {@code active_plugins}), must-use plugins, themes and drop-ins
 * ({@code object-cache.php}, {@code advanced-cache.php}, {@code db.php}...), what changed in the last
 * {@link #RECENT} (dated, so it lands on the incident timeline), and PHP files that print before the headers: a
 * UTF-8 byte order mark, whitespace before {@code <?php} or after a final {@code ?>} in plugins, must-use plugins,
 * drop-ins, a theme's {@code functions.php} and {@code wp-config.php}. Such a file is a risk (a warning) until a
 * "headers already sent" in the logs shows it happening ({@code wordpress.php-log}). The walk is bounded in entries
 * and time and says when it stopped early.
 */
public final class SiteFilesCheck extends WordPressCheck {

    /** This check's id. */
    public static final String ID = "wordpress.files";
    /** Changes this recent are listed with their time. */
    public static final Duration RECENT = Duration.ofHours(24);

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public SiteFilesCheck() {
        super(ID, Layer.APPLICATION, "WordPress plugins, themes and drop-ins: recent changes, output before headers",
                Duration.ofSeconds(15), WpConfigCheck.ID, DatabaseCheck.ID);
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        Optional<WpSite> site = ctx.fact(WpSite.FACT);
        Optional<Path> content = site.flatMap(WpSite::contentDir);
        if (content.isEmpty() || !java.nio.file.Files.isDirectory(content.get())) {
            return CheckResult.notApplicable("no WordPress folder known (--wordpress DIR, or --wp-config FILE next to "
                    + "wp-content)");
        }
        Redactor r = ctx.redactor();
        ZoneId zone = ctx.target().zone();
        long deadline = System.nanoTime() + Math.max(0, ctx.remaining().minusMillis(500).toNanos());
        SiteFiles.Report report = SiteFiles.scan(content.get(), site.get().configFile(), deadline);
        List<String> active = ctx.fact(DatabaseCheck.ACTIVE_PLUGINS).map(DatabaseCheck.ActivePlugins::files).orElse(null);
        List<Evidence> facts = new ArrayList<>();
        long plugins = report.components().stream().filter(c -> c.kind().equals("plugin")).count();
        long themes = report.components().stream().filter(c -> c.kind().equals("theme")).count();
        long mu = report.components().stream().filter(c -> c.kind().equals("must-use plugin")).count();
        List<String> dropIns = report.components().stream().filter(c -> c.kind().equals("drop-in"))
                .map(SiteFiles.Component::slug).toList();
        facts.add(new Evidence.Observation(r.redact(content.get() + ": " + plugins + " plugins"
                + (active == null ? "" : " (" + active.size() + " active)") + ", " + mu + " must-use plugins, " + themes
                + " themes" + (dropIns.isEmpty() ? "" : ", drop-ins " + String.join(", ", dropIns))
                + "; looked at " + report.entries() + " files and folders"
                + (report.complete() ? "" : ", then stopped at the limit of " + SiteFiles.MAX_ENTRIES
                + " or the deadline: the list is incomplete")), null));
        for (SiteFiles.Component c : report.components()) {
            if (!c.kind().equals("plugin")) {
                continue;
            }
            boolean on = active != null && active.stream().anyMatch(a -> a.startsWith(c.slug() + "/") || a.equals(c.slug()));
            facts.add(new Evidence.Observation(r.redact("plugin " + c.slug() + " (" + c.name()
                    + (c.version().isEmpty() ? "" : " " + c.version()) + ")" + (active == null ? "" : on ? ", active"
                    : ", inactive")), null));
            if (facts.size() > 60) {
                break;
            }
        }
        Instant now = ctx.clock().instant();
        report.components().stream().filter(c -> c.changed() != null && c.changed().isAfter(now.minus(RECENT)))
                .sorted(Comparator.comparing(SiteFiles.Component::changed).reversed()).limit(20)
                .forEach(c -> facts.add(new Evidence.Observation(r.redact(c.kind() + " " + c.slug() + " changed at "
                        + HUMAN.format(c.changed().atZone(zone)) + " (" + c.newestFile() + ")"), c.changed())));
        for (String p : report.problems().stream().limit(10).toList()) {
            facts.add(new Evidence.Observation(r.redact(p), null));
        }
        if (report.output().isEmpty()) {
            return CheckResult.passed(facts);
        }
        List<Evidence> ev = new ArrayList<>();
        for (SiteFiles.Output o : report.output().stream().limit(20).toList()) {
            String owner = SiteFiles.owner(content.get(), o.file()).orElse(o.file().getFileName().toString());
            ev.add(new Evidence.Observation(r.redact(o.file() + " " + o.what() + " (" + owner + ")"), null));
        }
        SiteFiles.Output first = report.output().get(0);
        String owner = SiteFiles.owner(content.get(), first.file()).orElse(first.file().getFileName().toString());
        ev.addAll(facts);
        return CheckResult.findings(Finding.cause(CauseCode.APP_OUTPUT_BEFORE_HEADERS, Layer.APPLICATION, Severity.WARNING,
                        0.35, r.redact(report.output().size() + " PHP file" + (report.output().size() == 1 ? "" : "s")
                                + " print before the headers, first " + owner + ": " + first.what()
                                + "; a risk until PHP logs 'headers already sent'"))
                .evidence(ev)
                .remediation("Save the file as UTF-8 without a byte order mark, remove whitespace before <?php and drop "
                                + "the closing ?> at the end of pure-PHP files.",
                        "Updating the plugin or theme from its source usually restores a clean file.")
                .confirmWith("PHP's error log or debug.log shows 'Cannot modify header information - headers already sent "
                        + "by (output started at <that file>:1)'")
                .build());
    }
}
