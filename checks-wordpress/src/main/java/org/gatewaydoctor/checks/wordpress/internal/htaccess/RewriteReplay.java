package org.gatewaydoctor.checks.wordpress.internal.htaccess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Replays a {@code .htaccess}'s mod_rewrite rules on sample paths, the way mod_rewrite runs them in a per-directory
 * context, to find rules that send a request back into themselves:
 * <ul>
 *   <li>an <b>internal loop</b>: in a {@code .htaccess} every rewrite to a URL path starts the rules again for the
 *       new path (an internal redirect; observed with Apache 2.4: {@code RewriteRule ^(.*)$ /index.php [L]} alone
 *       loops, because {@code index.php} matches {@code ^(.*)$} again). When ten passes in a row rewrite, Apache gives
 *       up with 500 and {@code AH00124: Request exceeded the limit of 10 internal redirects};</li>
 *   <li>a <b>redirect loop</b>: an {@code [R]} rule whose target, requested again, is redirected to a URL already
 *       visited (a browser's "too many redirects");</li>
 *   <li>a <b>redirect loop behind TLS</b>: a forced-HTTPS rule conditioned on {@code %{HTTPS} off} (or
 *       {@code SERVER_PORT 80}, {@code REQUEST_SCHEME http}) loops when TLS ends in front of Apache (a CDN or load
 *       balancer that connects over plain HTTP), because Apache sees plain HTTP on every request.</li>
 * </ul>
 * Conditions are evaluated where their value is known ({@code %{REQUEST_FILENAME} -f/-d} against the real folder,
 * {@code %{REQUEST_URI}}, {@code %{HTTPS}}, {@code %{SERVER_PORT}}, {@code %{HTTP_HOST}} when the site's host is
 * known); a sample that meets any other condition is given up (no conclusion rather than a guess). Regular
 * expressions run on short samples with a step budget, so a catastrophic pattern cannot hang the check.
 */
public final class RewriteReplay {

    /** Apache's default {@code LimitInternalRecursion}. */
    public static final int RECURSION_LIMIT = 10;
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_RULES = 500;

    /** What a loop looks like. */
    public enum Kind {
        /** Rewrites that restart without end: Apache answers 500 (AH00124). */
        INTERNAL,
        /** Redirects that come back to a URL already visited. */
        REDIRECT,
        /** A forced-HTTPS redirect that loops only when TLS ends in front of Apache. */
        REDIRECT_BEHIND_TLS
    }

    /**
     * A loop found.
     *
     * @param kind which kind
     * @param start the URL path the replay started from
     * @param chain the paths or URLs visited, in order
     * @param lines the lines of the rules that applied, in order, without repeats
     */
    public record Loop(Kind kind, String start, List<String> chain, List<Integer> lines) {
        public Loop {
            Objects.requireNonNull(kind, "kind");
            chain = List.copyOf(chain);
            lines = List.copyOf(lines);
        }
    }

    record Cond(String test, String pattern, boolean nc, boolean or, int line) {
    }

    record Rule(String pattern, String substitution, Set<String> flags, List<Cond> conds, int line) {
        boolean flag(String f) {
            return flags.stream().anyMatch(x -> x.equals(f) || x.startsWith(f + "="));
        }
    }

    private final List<Rule> rules;
    private final String base;
    private final Path dir;
    private final String host;
    private final List<String> problems = new ArrayList<>();

    private RewriteReplay(List<Rule> rules, String base, Path dir, String host) {
        this.rules = rules;
        this.base = base;
        this.dir = dir;
        this.host = host;
    }

    /**
     * Prepares the replay of {@code file}'s rules.
     *
     * @param file the parsed .htaccess
     * @param urlPrefix the URL path of its folder ({@code /} for the document root, {@code /blog/} below it);
     *     {@code RewriteBase} wins where the file sets one
     * @param host the site's host name, {@code null} when unknown
     */
    public static RewriteReplay of(Htaccess file, String urlPrefix, String host) {
        List<Rule> rules = new ArrayList<>();
        List<Cond> pending = new ArrayList<>();
        boolean on = false;
        String base = urlPrefix.endsWith("/") ? urlPrefix : urlPrefix + "/";
        for (Htaccess.Directive d : file.directives()) {
            if (!applies(d)) {
                continue;
            }
            if (d.is("RewriteEngine")) {
                on = d.arg(0).equalsIgnoreCase("on");
            } else if (d.is("RewriteBase") && d.args().size() >= 1) {
                base = d.arg(0).endsWith("/") ? d.arg(0) : d.arg(0) + "/";
            } else if (d.is("RewriteCond") && d.args().size() >= 2) {
                Set<String> flags = flags(d.arg(2));
                pending.add(new Cond(d.arg(0), d.arg(1), flags.contains("NC") || flags.contains("NOCASE"),
                        flags.contains("OR") || flags.contains("ORNEXT"), d.line()));
            } else if (d.is("RewriteRule") && d.args().size() >= 2) {
                if (on && rules.size() < MAX_RULES) {
                    rules.add(new Rule(d.arg(0), d.arg(1), flags(d.arg(2)), List.copyOf(pending), d.line()));
                }
                pending.clear();
            }
        }
        return new RewriteReplay(rules, base, file.file().getParent(), host);
    }

    /** Only what Apache would run with mod_rewrite loaded: top level or inside {@code <IfModule>} (not negated). */
    private static boolean applies(Htaccess.Directive d) {
        for (String s : d.sections()) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("ifmodule ") || lower.startsWith("ifmodule !")) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> flags(String arg) {
        Set<String> out = new LinkedHashSet<>();
        String a = arg.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            for (String f : a.substring(1, a.length() - 1).split(",")) {
                String t = f.strip();
                int eq = t.indexOf('=');
                String name = (eq < 0 ? t : t.substring(0, eq)).toUpperCase(Locale.ROOT);
                out.add(eq < 0 ? name : name + t.substring(eq));
            }
        }
        return out;
    }

    /** The rules' count (those that run: {@code RewriteEngine On}, outside other sections). */
    public int rules() {
        return rules.size();
    }

    /** What the replay could not read (patterns Java's regex engine refuses). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Replays every sample path and returns the loops found, one per kind and rule set, the first sample first. */
    public List<Loop> loops() {
        List<Loop> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String sample : samples()) {
            Loop l = replay(sample);
            if (l != null && seen.add(l.kind() + " " + l.lines())) {
                out.add(l);
            }
        }
        return out;
    }

    /** Sample URL paths: the folder, a pretty permalink, WordPress's entry points and the literal paths the patterns name. */
    List<String> samples() {
        Set<String> out = new LinkedHashSet<>();
        for (String s : List.of("", "sample-page/", "index.php", "wp-login.php", "wp-admin/")) {
            out.add(base + s);
        }
        for (Rule r : rules) {
            String lit = r.pattern().replaceAll("^!?\\^?", "").replaceAll("\\$$", "");
            lit = lit.replace("\\.", ".").replace("/?", "/");
            if (lit.matches("[A-Za-z0-9._~/-]{1,100}")) {
                String p = lit.startsWith("/") ? lit.substring(1) : lit;
                out.add(base + p);
                if (!p.endsWith("/")) {
                    out.add(base + p + "/");
                }
            }
        }
        return List.copyOf(out);
    }

    private sealed interface Step permits Unchanged, Internal, Redirect, Unknown {
    }

    private record Unchanged() implements Step {
    }

    private record Internal(String path, List<Integer> lines, boolean end) implements Step {
    }

    private record Redirect(String url, List<Integer> lines, boolean tlsOnly) implements Step {
    }

    private record Unknown() implements Step {
    }

    /** Replays one request for {@code urlPath}; a loop, or {@code null}. */
    Loop replay(String urlPath) {
        List<String> chain = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String path = urlPath;
        chain.add(path);
        int redirects = 0;
        Set<String> visited = new LinkedHashSet<>();
        visited.add(path);
        while (true) {
            int passes = 0;
            Step step;
            while (true) {
                step = pass(path);
                if (step instanceof Internal in) {
                    addAll(lines, in.lines());
                    passes++;
                    chain.add(in.path());
                    if (in.end() || !in.path().startsWith(base)) {
                        return null;
                    }
                    if (passes >= RECURSION_LIMIT) {
                        return new Loop(Kind.INTERNAL, urlPath, trim(chain), lines);
                    }
                    path = in.path();
                    continue;
                }
                break;
            }
            if (!(step instanceof Redirect r)) {
                return null;
            }
            addAll(lines, r.lines());
            String next = sameSitePath(r.url());
            if (next == null) {
                return null;
            }
            chain.add(r.url());
            if (r.tlsOnly()) {
                // behind a TLS front the next request arrives as plain HTTP again: the same rule answers it
                return next.equals(path) ? new Loop(Kind.REDIRECT_BEHIND_TLS, urlPath, trim(chain), lines) : null;
            }
            if (!visited.add(next) || ++redirects >= MAX_REDIRECTS) {
                return new Loop(Kind.REDIRECT, urlPath, trim(chain), lines);
            }
            path = next;
        }
    }

    private static List<String> trim(List<String> chain) {
        return chain.size() <= 12 ? chain : chain.subList(0, 12);
    }

    private static void addAll(List<Integer> to, List<Integer> from) {
        for (Integer i : from) {
            if (!to.contains(i)) {
                to.add(i);
            }
        }
    }

    /** The path of a redirect target on this site, or {@code null} when it leaves the site or is unknown. */
    private String sameSitePath(String url) {
        String u = url;
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        if (u.startsWith("/")) {
            return u;
        }
        Matcher m = Pattern.compile("(?i)https?://([^/]*)(/.*)?").matcher(u);
        if (!m.matches()) {
            return null;
        }
        String h = m.group(1);
        if (!h.equals("%{HTTP_HOST}") && !h.equals("%{SERVER_NAME}") && (host == null || !h.equalsIgnoreCase(host))) {
            return null;
        }
        return m.group(2) == null ? "/" : m.group(2);
    }

    /** One pass of the rules over {@code urlPath}, as mod_rewrite's per-directory hook runs them. */
    private Step pass(String urlPath) {
        if (!urlPath.startsWith(base)) {
            return new Unchanged();
        }
        String p = urlPath.substring(base.length());
        List<Integer> lines = new ArrayList<>();
        boolean rewritten = false;
        boolean tlsOnly = false;
        for (Rule r : rules) {
            boolean negate = r.pattern().startsWith("!");
            String pat = negate ? r.pattern().substring(1) : r.pattern();
            Matcher m;
            try {
                m = Pattern.compile(pat, r.flag("NC") ? Pattern.CASE_INSENSITIVE : 0).matcher(new Budget(p));
            } catch (PatternSyntaxException e) {
                problems.add("line " + r.line() + ": the pattern " + pat + " could not be read (" + e.getDescription() + ")");
                return new Unknown();
            }
            boolean found;
            try {
                found = m.find();
            } catch (Budget.Exceeded e) {
                problems.add("line " + r.line() + ": the pattern " + pat + " backtracks without end on " + p
                        + " (stopped after " + Budget.MAX_STEPS + " steps)");
                return new Unknown();
            }
            if (found == negate) {
                continue;
            }
            List<String> groups = new ArrayList<>();
            if (!negate) {
                for (int g = 0; g <= m.groupCount(); g++) {
                    groups.add(m.group(g) == null ? "" : m.group(g));
                }
            }
            Boolean conds = conds(r, urlPath, p, groups);
            if (conds == null) {
                return new Unknown();
            }
            if (!conds) {
                continue;
            }
            tlsOnly |= r.conds().stream().anyMatch(RewriteReplay::plainHttpTest);
            lines.add(r.line());
            boolean stop = r.flag("L") || r.flag("END") || r.flag("R");
            if (r.substitution().equals("-")) {
                if (r.flag("R")) {
                    return new Unchanged();
                }
                if (stop) {
                    break;
                }
                continue;
            }
            String target = expand(r.substitution(), groups, urlPath);
            if (target == null) {
                return new Unknown();
            }
            boolean absolute = target.matches("(?i)https?://.*");
            if (r.flag("R") || absolute) {
                if (!absolute && !target.startsWith("/")) {
                    target = base + target;
                }
                return new Redirect(target, lines, tlsOnly && target.toLowerCase(Locale.ROOT).startsWith("https://"));
            }
            if (!target.startsWith("/")) {
                target = base + target;
            }
            int q = target.indexOf('?');
            String newPath = q >= 0 ? target.substring(0, q) : target;
            rewritten = true;
            if (r.flag("END")) {
                return new Internal(newPath, lines, true);
            }
            if (r.flag("L")) {
                return new Internal(newPath, lines, false);
            }
            urlPath = newPath;
            p = newPath.startsWith(base) ? newPath.substring(base.length()) : newPath;
        }
        return rewritten ? new Internal(urlPath, lines, false) : new Unchanged();
    }

    private static boolean plainHttpTest(Cond c) {
        String t = c.test().toUpperCase(Locale.ROOT);
        return t.equals("%{HTTPS}") || t.equals("%{SERVER_PORT}") || t.equals("%{REQUEST_SCHEME}");
    }

    /** {@code true}/{@code false}, or {@code null} when a condition's value is not known. */
    private Boolean conds(Rule r, String urlPath, String p, List<String> groups) {
        Boolean result = null;
        boolean orChain = false;
        for (int i = 0; i < r.conds().size(); i++) {
            Cond c = r.conds().get(i);
            if (orChain && Boolean.TRUE.equals(result)) {
                orChain = c.or();
                continue;
            }
            Boolean v = cond(c, urlPath, p, groups);
            if (v == null) {
                return null;
            }
            result = orChain ? Boolean.valueOf(result || v) : v;
            orChain = c.or();
            if (!orChain && !result) {
                return false;
            }
        }
        return result == null || result;
    }

    private Boolean cond(Cond c, String urlPath, String p, List<String> groups) {
        String value = expand(c.test(), groups, urlPath);
        if (value == null) {
            return null;
        }
        String pat = c.pattern();
        boolean negate = pat.startsWith("!");
        if (negate) {
            pat = pat.substring(1);
        }
        Boolean v;
        switch (pat) {
            case "-f", "-F" -> v = Files.isRegularFile(Path.of(value));
            case "-d" -> v = Files.isDirectory(Path.of(value));
            case "-s" -> v = Files.isRegularFile(Path.of(value)) && Path.of(value).toFile().length() > 0;
            case "-l", "-L" -> v = Files.isSymbolicLink(Path.of(value));
            default -> {
                if (pat.startsWith("=")) {
                    v = c.nc() ? value.equalsIgnoreCase(pat.substring(1)) : value.equals(pat.substring(1));
                } else if (pat.startsWith("-") || pat.startsWith("<") || pat.startsWith(">")) {
                    return null;
                } else {
                    try {
                        v = Pattern.compile(pat, c.nc() ? Pattern.CASE_INSENSITIVE : 0).matcher(new Budget(value)).find();
                    } catch (PatternSyntaxException | Budget.Exceeded e) {
                        return null;
                    }
                }
            }
        }
        return negate != v;
    }

    /** Expands {@code $N} and the server variables whose value is known; {@code null} when one is not. */
    private String expand(String s, List<String> groups, String urlPath) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                out.append(s.charAt(++i));
            } else if (c == '$' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                int g = s.charAt(++i) - '0';
                out.append(g < groups.size() ? groups.get(g) : "");
            } else if (c == '%' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                int close = s.indexOf('}', i);
                if (close < 0) {
                    return null;
                }
                String var = s.substring(i + 2, close).toUpperCase(Locale.ROOT);
                String v = switch (var) {
                    case "REQUEST_URI" -> urlPath;
                    case "REQUEST_FILENAME", "SCRIPT_FILENAME" -> dir.resolve(urlPath.startsWith(base)
                            ? urlPath.substring(base.length()) : urlPath.substring(1)).toString();
                    case "HTTPS" -> "off";
                    case "SERVER_PORT" -> "80";
                    case "REQUEST_SCHEME" -> "http";
                    case "QUERY_STRING" -> "";
                    case "HTTP_HOST", "SERVER_NAME" -> host == null ? (out.toString().matches("(?i)https?://")
                            ? "%{" + var + "}" : null) : host;
                    default -> null;
                };
                if (v == null) {
                    return null;
                }
                out.append(v);
                i = close;
            } else if (c == '%' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                return null;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A character sequence that stops a regular expression after too many steps (catastrophic backtracking). */
    static final class Budget implements CharSequence {
        static final class Exceeded extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Exceeded() {
                super("regular expression step budget exceeded", null, false, false);
            }
        }

        static final long MAX_STEPS = 200_000;

        private final String s;
        private final long[] steps;

        Budget(String s) {
            this(s, new long[] {0});
        }

        private Budget(String s, long[] steps) {
            this.s = s;
            this.steps = steps;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (++steps[0] > MAX_STEPS) {
                throw new Exceeded();
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budget(s.substring(start, end), steps);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
