package org.gatewaydoctor.checks.wordpress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.checks.wordpress.internal.WpSite;
import org.gatewaydoctor.checks.wordpress.internal.php.PhpValue;
import org.gatewaydoctor.checks.wordpress.internal.php.WpConfig;
import org.gatewaydoctor.facts.DocumentRoot;
import org.gatewaydoctor.facts.DocumentRoots;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * Reads the site's {@code wp-config.php} ({@code --wp-config FILE}, or found in {@code --wordpress DIR}) with a PHP
 * tokenizer, never running it; registers {@code DB_PASSWORD}, the keys and salts and every other secret-named
 * constant with the redactor before anything else is reported; and publishes the site for the database, log and
 * file checks. It reports what the file sets (database host, name and user, debug settings, memory limit, cache
 * and cron switches, the table prefix), which values are not static ({@code getenv()}), constants defined twice
 * (PHP keeps the first), and what could not be read.
 *
 * <pre>{@code
 * Target t = Target.builder().config(Target.CONFIG_WORDPRESS, Path.of("/var/www/html/wp-config.php")).build();
 * }</pre>
 */
public final class WpConfigCheck extends WordPressCheck {

    /** This check's id. */
    public static final String ID = "wordpress.config";

    private static final List<String> SHOWN = List.of("DB_HOST", "DB_NAME", "DB_USER", "WP_DEBUG", "WP_DEBUG_LOG",
            "WP_DEBUG_DISPLAY", "WP_MEMORY_LIMIT", "WP_MAX_MEMORY_LIMIT", "WP_CACHE", "DISABLE_WP_CRON",
            "WP_CONTENT_DIR");

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public WpConfigCheck() {
        super(ID, Layer.APPLICATION, "WordPress wp-config.php (read, never run; secrets redacted)",
                Duration.ofSeconds(10), Facts.WEB_SERVERS_CHECK);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        List<DocumentRoot> roots = ctx.fact(Facts.DOCUMENT_ROOTS).map(DocumentRoots::roots).orElse(List.of());
        Optional<WpSite> found = WpSite.locate(ctx.target(), roots);
        if (found.isEmpty()) {
            return CheckResult.notApplicable(roots.isEmpty()
                    ? "no WordPress given (--wordpress DIR or --wp-config FILE) and no web server configuration to find it in"
                    : "no WordPress given (--wordpress DIR or --wp-config FILE) and none (wp-settings.php) in the document "
                    + "root" + (roots.size() == 1 ? " " : "s ") + roots.stream().map(DocumentRoot::root).distinct()
                    .limit(10).toList());
        }
        WpSite site = found.get();
        Redactor redactor = ctx.redactor();
        site.registerSecrets(redactor);
        ctx.publish(WpSite.FACT, site);
        if (site.config() == null) {
            return CheckResult.notApplicable("no wp-config.php in " + site.dir() + " or the folder above it");
        }
        WpConfig c = site.config();
        List<Evidence> out = new ArrayList<>();
        for (String name : SHOWN) {
            c.constant(name).ifPresent(v -> out.add(line(site, name, v, redactor)));
        }
        if (c.tablePrefix() != null) {
            out.add(new Evidence.ConfigLine(site.configFile().toString(), c.tablePrefix().line(), "$table_prefix",
                    redactor.redact(c.tablePrefix().isStatic() ? c.tablePrefix().value()
                            : "(not static: " + c.tablePrefix().source() + ")")));
        }
        c.redefined().forEach((name, lines) -> out.add(new Evidence.Observation(redactor.redact(name
                + " is defined again on line" + (lines.size() == 1 ? " " : "s ") + lines
                .toString().replaceAll("[\\[\\]]", "") + "; PHP keeps the first definition (line "
                + c.constant(name).map(PhpValue::line).orElse(0) + ") and warns 'Constant " + name
                + " already defined'"), null)));
        site.debugLog().ifPresent(p -> out.add(new Evidence.Observation(redactor.redact("WordPress writes PHP errors to "
                + p + " (WP_DEBUG and WP_DEBUG_LOG); it joins the log scan"), null)));
        for (String p : c.problems()) {
            out.add(new Evidence.Observation(redactor.redact(site.configFile() + ": " + p), null));
        }
        long secrets = c.constants().keySet().stream().filter(WpConfig::isSecret).count();
        out.add(0, new Evidence.Observation(redactor.redact("read " + site.configFile() + ": " + c.constants().size()
                + " constants, " + secrets + " of them secret (redacted from every output)"
                + (site.dir() == null ? "" : "; WordPress in " + site.dir())
                + (site.foundBy().isEmpty() ? "" : ", " + site.foundBy()
                + (site.urlPath().equals("/") ? "" : ", served under " + site.urlPath()))), null));
        return CheckResult.passed(out);
    }

    private static Evidence line(WpSite site, String name, PhpValue v, Redactor redactor) {
        String shown = v.isStatic() ? v.value() : "(not static: " + v.source() + "; its value is known only when PHP runs)";
        return new Evidence.ConfigLine(site.configFile().toString(), v.line(), name, redactor.redact(shown));
    }
}
