package org.gatewaydoctor.checks.http.internal.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an nginx configuration as nginx does ({@code ngx_conf_parse}, {@code ngx_conf_include}), into
 * {@link Directive}s, never throwing on what it reads: every error becomes a {@link ConfigProblem} with
 * {@code file:line}, worded as nginx words it where nginx has words for it.
 *
 * <ul>
 *   <li>Tokens are nginx's own ({@link NginxTokenizer}).</li>
 *   <li>{@code include} is resolved while reading, like nginx: a relative path is relative to the
 *       directory of the main file (nginx's {@code conf_prefix}), a path with {@code * ? [} is a
 *       {@code glob(3)} whose matches are read in sorted order (none is fine for nginx; here it is a
 *       {@link ConfigProblem.Severity#NOTE}), each included file must balance its own braces.</li>
 *   <li>Bounded by {@link ConfigLimits}: an include cycle is cut where it closes (nginx would recurse
 *       until it runs out of file descriptors), deeper includes or nesting, bigger or more files, more
 *       directives are skipped with a problem.</li>
 *   <li>A few directives whose shape this package relies on are checked the way nginx checks them
 *       ({@code server;} has no opening <code>{</code>, {@code listen 80 {} is not terminated by
 *       {@code ;}); other directives are taken as written, since which exist depends on nginx's modules.</li>
 * </ul>
 */
public final class NginxParser {

    /** Directives that must have a block (nginx's {@code NGX_CONF_BLOCK}), among those this package reads. */
    static final Set<String> BLOCKS = Set.of("http", "events", "server", "location", "upstream", "if", "types",
            "map", "geo", "limit_except", "stream", "mail", "split_clients");
    /** Directives that must not have one, among those this package reads. */
    static final Set<String> LEAVES = Set.of("include", "listen", "server_name", "root", "user", "worker_processes",
            "worker_connections", "error_log", "access_log", "log_format", "resolver", "resolver_timeout",
            "fastcgi_pass", "proxy_pass", "uwsgi_pass", "grpc_pass", "scgi_pass");

    private final NginxOptions options;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final ConfigFiles files;
    private final Deque<Path> including = new ArrayDeque<>();
    private final Deque<String> includingNames = new ArrayDeque<>();
    private String confPrefix;
    private int directives;
    private boolean directivesReported;

    private NginxParser(NginxOptions options) {
        this.options = options;
        this.files = new ConfigFiles(options.root(), options.limits(), problems);
    }

    /**
     * Parses the configuration whose main file is {@code mainFile}, a configuration path (absolute; under
     * {@link NginxOptions#root()} when one is set).
     */
    public static NginxConfig parse(String mainFile, NginxOptions options) {
        NginxParser p = new NginxParser(options);
        String main = mainFile;
        if (!main.startsWith("/") && options.root() == null) {
            main = Path.of(mainFile).toAbsolutePath().toString();
        } else if (!main.startsWith("/")) {
            main = "/" + main;
        }
        p.confPrefix = ConfigFiles.dirOf(main);
        List<Directive> top = p.parseFile(main, main, 0, 0);
        if (top.isEmpty() && p.problems.isEmpty()) {
            // an empty main file (or only comments): nginx -t says exactly this and refuses it
            p.problems.add(ConfigProblem.error(main, 0, "no \"events\" section in configuration"));
        }
        return new NginxConfig(main, top, p.files.filesRead(), p.problems);
    }

    /** Parses {@code mainFile} on this machine with the Debian package's defaults. */
    public static NginxConfig parse(Path mainFile) {
        return parse(mainFile.toAbsolutePath().toString(), NginxOptions.debian());
    }

    /** One file being read: its tokenizer, and whether it gave up. */
    private static final class Source {
        final String file;
        final NginxTokenizer tokens;
        final int depth;
        boolean fatal;

        Source(String file, NginxTokenizer tokens, int depth) {
            this.file = file;
            this.tokens = tokens;
            this.depth = depth;
        }
    }

    private List<Directive> parseFile(String path, String fromFile, int fromLine, int depth) {
        Path id = files.identity(path);
        if (including.contains(id)) {
            List<String> chain = new ArrayList<>(includingNames);
            java.util.Collections.reverse(chain);
            chain.add(path);
            problems.add(ConfigProblem.error(fromFile, fromLine, "include cycle: " + String.join(" -> ", chain)
                    + "; not read again"));
            return List.of();
        }
        if (depth > options.limits().maxIncludeDepth()) {
            problems.add(ConfigProblem.unread(fromFile, fromLine, "\"" + path + "\" not read: includes nested deeper than "
                    + options.limits().maxIncludeDepth()));
            return List.of();
        }
        byte[] data = files.read(path, fromFile, fromLine, e -> {
            String errno = ConfigFiles.errno(e);
            // nginx opens a directory fine and fails reading it
            String call = errno.startsWith("21:") ? "pread()" : "open()";
            problems.add(ConfigProblem.error(fromFile, fromLine, call + " \"" + path + "\" failed (" + errno + ")"));
        });
        if (data == null) {
            return List.of();
        }
        including.push(id);
        includingNames.push(path);
        try {
            Source src = new Source(path, new NginxTokenizer(data, path, problems), depth);
            return parseBlock(src, null, 0);
        } finally {
            including.pop();
            includingNames.pop();
        }
    }

    /** The directives up to the end of the block ({@code parent} non-null) or of the file. */
    private List<Directive> parseBlock(Source src, String parent, int nesting) {
        List<Directive> out = new ArrayList<>();
        NginxTokenizer t = src.tokens;
        for (;;) {
            NginxTokenizer.Result r = t.next();
            switch (r) {
                case FATAL -> {
                    src.fatal = true;
                    return out;
                }
                case FILE_DONE -> {
                    if (parent != null) {
                        problems.add(ConfigProblem.error(src.file, t.line(), "unexpected end of file, expecting \"}\""));
                    }
                    return out;
                }
                case BLOCK_DONE -> {
                    if (parent == null) {
                        problems.add(ConfigProblem.error(src.file, t.line(), "unexpected \"}\""));
                        continue;
                    }
                    return out;
                }
                case OK -> leaf(src, parent, out);
                case BLOCK_START -> {
                    List<String> args = new ArrayList<>(t.args);
                    int line = t.directiveLine;
                    if (nesting + 1 > options.limits().maxNesting()) {
                        problems.add(ConfigProblem.unread(src.file, line, "blocks nested deeper than "
                                + options.limits().maxNesting() + "; the rest of the file is not read"));
                        src.fatal = true;
                        return out;
                    }
                    String name = args.isEmpty() ? null : args.get(0);
                    List<Directive> children = parseBlock(src, name == null ? "" : name, nesting + 1);
                    if (name != null && LEAVES.contains(name)) {
                        problems.add(ConfigProblem.error(src.file, line, "directive \"" + name
                                + "\" is not terminated by \";\""));
                    } else if (name != null && count(src.file, line)) {
                        out.add(new Directive(name, trim(args.subList(1, args.size()), src.file, line), src.file, line,
                                true, children));
                    }
                    if (src.fatal) {
                        return out;
                    }
                }
                default -> throw new IllegalStateException(r.toString());
            }
            if (src.fatal) {
                return out;
            }
        }
    }

    private void leaf(Source src, String parent, List<Directive> out) {
        NginxTokenizer t = src.tokens;
        String name = t.args.get(0);
        int line = t.directiveLine;
        List<String> args = trim(new ArrayList<>(t.args.subList(1, t.args.size())), src.file, line);
        if (BLOCKS.contains(name) && !("server".equals(name) && "upstream".equals(parent))) {
            problems.add(ConfigProblem.error(src.file, line, "directive \"" + name + "\" has no opening \"{\""));
            return;
        }
        if (name.equals("include")) {
            if (args.size() != 1) {
                problems.add(ConfigProblem.error(src.file, line, "invalid number of arguments in \"include\" directive"));
                return;
            }
            include(args.get(0), src, line, out);
            return;
        }
        if (count(src.file, line)) {
            out.add(Directive.simple(name, args, src.file, line));
        }
    }

    private boolean count(String file, int line) {
        if (++directives <= options.limits().maxDirectives()) {
            return true;
        }
        if (!directivesReported) {
            directivesReported = true;
            problems.add(ConfigProblem.unread(file, line, "this and later directives not kept: more than "
                    + options.limits().maxDirectives() + " directives"));
        }
        return false;
    }

    private List<String> trim(List<String> args, String file, int line) {
        int max = options.limits().maxArgs();
        if (args.size() <= max) {
            return args;
        }
        problems.add(ConfigProblem.unread(file, line, args.size() + " arguments, only the first " + max + " kept"));
        return args.subList(0, max);
    }

    private void include(String name, Source src, int line, List<Directive> out) {
        String pattern = ConfigFiles.join(confPrefix, name);
        if (!Glob.hasWildcard(pattern)) {
            out.addAll(parseFile(pattern, src.file, line, src.depth + 1));
            return;
        }
        List<String> matches = glob(pattern);
        if (matches.isEmpty()) {
            problems.add(ConfigProblem.note(src.file, line, "include \"" + pattern
                    + "\" matched no files (nginx accepts that)"));
        }
        for (String m : matches) {
            out.addAll(parseFile(m, src.file, line, src.depth + 1));
        }
    }

    /** {@code glob(3)} with no flags, as {@code ngx_open_glob}: sorted, unreadable directories skipped. */
    private List<String> glob(String pattern) {
        String[] parts = pattern.split("/");
        List<String> current = List.of("");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            boolean last = i == parts.length - 1;
            List<String> next = new ArrayList<>();
            for (String dir : current) {
                if (!Glob.hasWildcard(part)) {
                    if (!last || files.exists(dir + "/" + part)) {
                        next.add(dir + "/" + part);
                    }
                    continue;
                }
                String d = dir.isEmpty() ? "/" : dir;
                if (!files.isDirectory(d)) {
                    continue;
                }
                List<String> names;
                try {
                    names = files.list(d);
                } catch (IOException | RuntimeException e) {
                    continue;
                }
                for (String n : names) {
                    String p = dir + "/" + n;
                    if (Glob.matches(part, n) && (last || files.isDirectory(p))) {
                        next.add(p);
                    }
                }
            }
            current = next;
        }
        // a name listed from a directory is a match even if it is a dangling link: nginx then fails to open it
        return current.stream().filter(p -> !p.isEmpty()).sorted().distinct().collect(Collectors.toList());
    }
}
