package org.gatewaydoctor.checks.wordpress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gatewaydoctor.checks.wordpress.internal.WpSite;
import org.gatewaydoctor.checks.wordpress.internal.htaccess.Htaccess;
import org.gatewaydoctor.checks.wordpress.internal.htaccess.RewriteReplay;
import org.gatewaydoctor.checks.wordpress.internal.signatures.HtaccessSignatureProvider;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.WebServer;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * The site's {@code .htaccess}, read as Apache reads it and never changed: sections that do not balance (a closer
 * without its opener, a section never closed), the WordPress block ({@code # BEGIN WordPress} ...
 * {@code # END WordPress}) missing, doubled or without its front-controller rule, and rewrite rules that send a
 * request back into themselves (replayed on sample paths: an internal loop is Apache's 500 with {@code AH00124}, an
 * {@code [R]} loop a browser's "too many redirects", a forced-HTTPS rule that loops when TLS ends in front of
 * Apache). Apache's error log confirms it: {@code .htaccess: Expected </IfModule> before end of configuration},
 * {@code ... without matching ... section}, {@code Invalid command ...}, {@code AH00124}. When the site is served by
 * nginx alone, the file is ignored, and this check says so instead.
 *
 * <p>What it reads in a file alone is a warning; the log lines make it the cause.
 */
public final class HtaccessCheck extends WordPressCheck {

    /** This check's id. */
    public static final String ID = "wordpress.htaccess";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public HtaccessCheck() {
        super(ID, Layer.APPLICATION, "WordPress .htaccess: sections, the WordPress block, rewrite loops",
                UNTIL_DIAGNOSIS_DEADLINE, WpConfigCheck.ID, Facts.WEB_SERVERS_CHECK);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        Redactor r = ctx.redactor();
        Optional<Path> dir = ctx.fact(WpSite.FACT).map(WpSite::dir);
        Optional<WebServers> servers = ctx.fact(Facts.WEB_SERVERS);
        boolean nginxOnly = servers.map(s -> !s.servers().isEmpty()
                && s.servers().stream().anyMatch(w -> w.kind() == WebServer.Kind.NGINX)
                && s.servers().stream().noneMatch(w -> w.kind() == WebServer.Kind.APACHE)).orElse(false);
        List<SignatureHits> hits = new ArrayList<>();
        if (!ctx.logs().files().isEmpty() && !nginxOnly) {
            LogScan scan = ctx.logScan();
            scan.hits(HtaccessSignatureProvider.UNREADABLE).ifPresent(hits::add);
            scan.hits(HtaccessSignatureProvider.LOOP).ifPresent(hits::add);
        }
        Path file = dir.map(d -> d.resolve(".htaccess")).filter(f -> Htaccess.exists(f.getParent())).orElse(null);
        if (file == null && hits.isEmpty()) {
            if (dir.isEmpty()) {
                return CheckResult.notApplicable("no WordPress folder known and no .htaccess error in the logs");
            }
            return CheckResult.passed(new Evidence.Observation(r.redact("no .htaccess in " + dir.get()
                    + (nginxOnly ? " (nginx does not read one anyway)" : ": with Apache, WordPress's pretty permalinks"
                    + " need its block (Settings > Permalinks > Save writes it)")), null));
        }
        Htaccess h = file == null ? null : Htaccess.read(file);
        List<Evidence> notes = new ArrayList<>();
        if (h != null && nginxOnly) {
            notes.add(new Evidence.Observation(r.redact(file + " is ignored: this site is served by nginx, which never "
                    + "reads .htaccess files (" + h.directives().size() + " directives"
                    + (h.wordpressBlock().present() ? ", the WordPress block included" : "") + " have no effect). The "
                    + "front controller is nginx's 'try_files $uri $uri/ /index.php?$args;'; rules from the file must be "
                    + "rewritten in nginx's configuration"), null));
            return CheckResult.passed(notes);
        }
        List<Finding> out = new ArrayList<>();
        String where = file == null ? "a .htaccess" : file.toString();
        if (h != null) {
            notes.addAll(block(h, r));
            if (h.truncated()) {
                notes.add(new Evidence.Observation(r.redact(file + " is larger than " + Htaccess.MAX_BYTES
                        + " bytes: only its start was read"), null));
            }
        }
        // what Apache logged
        for (SignatureHits s : hits) {
            boolean loop = s.id().equals(HtaccessSignatureProvider.LOOP);
            String logged = s.topValue("file").orElse(where);
            List<Evidence> ev = new ArrayList<>(s.samples());
            if (h != null) {
                h.problems().stream().filter(p -> p.kind() != Htaccess.ProblemKind.MARKERS)
                        .forEach(p -> ev.add(new Evidence.ConfigLine(file.toString(), p.line(), p.section(), r.redact(p.text()))));
                if (loop) {
                    replay(h, ctx).stream().filter(l -> l.kind() == RewriteReplay.Kind.INTERNAL)
                            .forEach(l -> ev.add(loopLine(file, l, r)));
                }
            }
            ev.addAll(notes);
            String msg = s.topValue("message").orElse("");
            out.add(Finding.cause(CauseCode.APP_HTACCESS_INVALID, Layer.APPLICATION, Severity.CRITICAL, loop ? 0.85 : 0.92,
                            r.redact(loop ? "Apache gave up on " + s.count() + " request" + (s.count() == 1 ? "" : "s")
                                    + " after " + s.topValue("limit").orElse("10") + " internal redirects: rewrite rules "
                                    + "send the request back into themselves (AH00124), and Apache answers 500"
                                    : "Apache cannot read " + logged + " (" + msg + ") and answered 500 to " + s.count()
                                    + " request" + (s.count() == 1 ? "" : "s") + " under its folder; PHP never ran"))
                    .evidence(ev)
                    .httpStatus(500)
                    .remediation(loop ? new String[] {
                            "Give the rule that rewrites onto itself a way out: WordPress's own block has "
                                    + "'RewriteRule ^index\\.php$ - [L]' and 'RewriteCond %{REQUEST_FILENAME} !-f' / '!-d' "
                                    + "before 'RewriteRule . /index.php [L]'; the [END] flag stops the rules for good.",
                            "Restore WordPress's block with Settings > Permalinks > Save."}
                            : new String[] {
                            "Open " + logged + " and fix the line: every <IfModule ...> needs its </IfModule>, a closer "
                                    + "needs its opener, and directives of modules Apache does not load must go (or sit "
                                    + "inside <IfModule mod_x.c>).",
                            "Until then, renaming the file to .htaccess.broken brings the site back (without pretty "
                                    + "permalinks); Settings > Permalinks > Save writes WordPress's block again."})
                    .confirmWith("the same line in Apache's error log on the next request: " + (loop
                            ? "'AH00124: Request exceeded the limit of 10 internal redirects'"
                            : "'" + logged + ": ...'"))
                    .build());
        }
        if (h != null && out.isEmpty()) {
            out.addAll(staticFindings(h, file, notes, r));
            for (RewriteReplay.Loop l : replay(h, ctx)) {
                out.add(loopFinding(file, l, notes, r));
            }
        }
        if (out.isEmpty()) {
            List<Evidence> ev = new ArrayList<>();
            ev.add(new Evidence.Observation(r.redact(file + ": " + h.directives().size() + " directives, sections "
                    + "balanced, no rewrite loop found on sample paths"), null));
            ev.addAll(notes);
            return CheckResult.passed(ev);
        }
        return CheckResult.findings(out);
    }

    private static List<RewriteReplay.Loop> replay(Htaccess h, CheckContext ctx) {
        String host = ctx.target().urlOption().map(u -> u.getHost()).orElse(null);
        String prefix = ctx.fact(WpSite.FACT).map(WpSite::urlPath).orElse("/");
        return RewriteReplay.of(h, prefix, host).loops();
    }

    private static List<Finding> staticFindings(Htaccess h, Path file, List<Evidence> notes, Redactor r) {
        List<Finding> out = new ArrayList<>();
        for (Htaccess.Problem p : h.problems()) {
            if (p.kind() == Htaccess.ProblemKind.MARKERS) {
                continue;
            }
            boolean ifModule = p.section().equalsIgnoreCase("IfModule");
            String says;
            double confidence;
            if (p.kind() == Htaccess.ProblemKind.STRAY_CLOSER) {
                says = "Apache answers 500 to every request under this folder and logs '" + file + ": " + p.text() + "'";
                confidence = 0.55;
            } else if (ifModule) {
                String module = Htaccess.moduleOf(p.argument());
                says = "Apache accepts it while mod_" + module + " is loaded, and answers 500 ('" + file
                        + ": Expected </IfModule> before end of configuration') where it is not";
                confidence = 0.35;
            } else {
                says = "Apache answers 500 to every request under this folder and logs '" + file + ": " + file + ":"
                        + p.line() + ": <" + p.section() + "> was not closed.'";
                confidence = 0.55;
            }
            List<Evidence> ev = new ArrayList<>();
            ev.add(new Evidence.ConfigLine(file.toString(), p.line(), p.section(), r.redact(p.text())));
            ev.addAll(notes);
            out.add(Finding.cause(CauseCode.APP_HTACCESS_INVALID, Layer.APPLICATION, Severity.WARNING, confidence,
                            r.redact(file + " line " + p.line() + ": " + p.text() + "; " + says
                                    + " (a risk until Apache's log shows it)"))
                    .evidence(ev)
                    .remediation(p.kind() == Htaccess.ProblemKind.STRAY_CLOSER
                                    ? "Remove the stray </" + p.section() + "> on line " + p.line() + " or add the opener it belongs to."
                                    : "Add </" + p.section() + "> where the section opened on line " + p.line() + " should end.")
                    .confirmWith("Apache's error log names " + file + " with 'Expected </" + p.section()
                            + "> before end of configuration', 'without matching' or 'was not closed'")
                    .build());
        }
        return out;
    }

    private static Finding loopFinding(Path file, RewriteReplay.Loop l, List<Evidence> notes, Redactor r) {
        List<Evidence> ev = new ArrayList<>();
        ev.add(loopLine(file, l, r));
        ev.addAll(notes);
        return switch (l.kind()) {
            case INTERNAL -> Finding.cause(CauseCode.APP_HTACCESS_INVALID, Layer.APPLICATION, Severity.WARNING, 0.5,
                            r.redact(file + ": the rewrite rule" + lines(l) + " rewrites " + l.start()
                                    + " back into itself on every pass; Apache stops after 10 internal redirects with 500 "
                                    + "(AH00124) (a risk until Apache's log shows it)"))
                    .evidence(ev)
                    .remediation("Stop the rule from matching its own result: add 'RewriteRule ^index\\.php$ - [L]' before "
                            + "it, or 'RewriteCond %{REQUEST_FILENAME} !-f', or use the [END] flag.")
                    .confirmWith("'AH00124: Request exceeded the limit of 10 internal redirects' in Apache's error log")
                    .build();
            case REDIRECT -> Finding.cause(CauseCode.APP_REDIRECT_LOOP, Layer.APPLICATION, Severity.WARNING, 0.5,
                            r.redact(file + ": the redirect rule" + lines(l) + " sends " + l.start()
                                    + " back to a URL already visited (" + String.join(" -> ", l.chain())
                                    + "); browsers give up with 'too many redirects' (a risk until a probe follows it)"))
                    .evidence(ev)
                    .remediation("Make the rule's pattern or a RewriteCond exclude its own target (e.g. "
                            + "'RewriteCond %{REQUEST_URI} !^/target/$'), then check with curl -sIL --max-redirs 20 <url>.")
                    .confirmWith("http.probe reports the redirect chain coming back to itself")
                    .build();
            case REDIRECT_BEHIND_TLS -> Finding.cause(CauseCode.APP_REDIRECT_LOOP, Layer.APPLICATION, Severity.WARNING,
                            0.3, r.redact(file + ": the forced-HTTPS rule" + lines(l) + " redirects every request that "
                                    + "reaches Apache as plain HTTP to https://; where TLS ends in front of Apache (a CDN "
                                    + "or load balancer connecting over HTTP), every request comes back as HTTP and loops"))
                    .evidence(ev)
                    .remediation("Behind a TLS-terminating proxy, test the forwarded scheme instead: "
                            + "'RewriteCond %{HTTP:X-Forwarded-Proto} !https', or make the edge connect over HTTPS "
                            + "(Cloudflare SSL 'Full (strict)').")
                    .confirmWith("http.probe reports https:// -> https:// (or http -> https -> http) coming back to itself")
                    .build();
        };
    }

    private static String lines(RewriteReplay.Loop l) {
        List<Integer> ls = l.lines();
        return (ls.size() == 1 ? " on line " : "s on lines ") + ls.toString().replaceAll("[\\[\\]]", "");
    }

    private static Evidence loopLine(Path file, RewriteReplay.Loop l, Redactor r) {
        int first = l.lines().isEmpty() ? 0 : l.lines().get(0);
        return new Evidence.ConfigLine(file.toString(), first, "RewriteRule", r.redact(
                l.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " loop, replayed: "
                        + String.join(" -> ", l.chain())));
    }

    /** What the WordPress block looks like: observations, no cause (a missing block gives 404s, not 5xx). */
    private static List<Evidence> block(Htaccess h, Redactor r) {
        List<Evidence> out = new ArrayList<>();
        Path file = h.file();
        for (Htaccess.Problem p : h.problems()) {
            if (p.kind() == Htaccess.ProblemKind.MARKERS) {
                out.add(new Evidence.ConfigLine(file.toString(), p.line(), "# WordPress", r.redact(p.text())));
            }
        }
        if (!h.wordpressBlock().present()) {
            if (h.wordpressBlock().begin() == 0 && h.wordpressBlock().end() == 0) {
                out.add(new Evidence.Observation(r.redact(file + " has no WordPress block (# BEGIN WordPress ... "
                        + "# END WordPress): with Apache, pretty permalinks answer 404 unless another rule sends them "
                        + "to index.php"), null));
            }
            return out;
        }
        List<Htaccess.Directive> in = h.inWordPressBlock();
        boolean engine = in.stream().anyMatch(d -> d.is("RewriteEngine") && d.arg(0).equalsIgnoreCase("on"));
        boolean front = in.stream().anyMatch(d -> d.is("RewriteRule") && d.arg(1).endsWith("index.php"));
        boolean guarded = in.stream().anyMatch(d -> d.is("RewriteCond") && d.arg(1).equals("!-f"));
        List<String> missing = new ArrayList<>();
        if (!engine) {
            missing.add("'RewriteEngine On'");
        }
        if (!front) {
            missing.add("the front-controller rule 'RewriteRule . /index.php [L]'");
        }
        if (front && !guarded) {
            missing.add("the 'RewriteCond %{REQUEST_FILENAME} !-f' guard (without it every file, images included, "
                    + "goes through WordPress)");
        }
        out.add(new Evidence.Observation(r.redact(file + ": WordPress block on lines " + h.wordpressBlock().begin() + "-"
                + h.wordpressBlock().end() + (missing.isEmpty() ? ", as WordPress writes it"
                : ", without " + String.join(", ", missing))), null));
        return out;
    }
}
