package org.gatewaydoctor.checks.http.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Apache httpd 2.4 configuration as httpd does ({@code ap_build_config},
 * {@code ap_cfg_getline}, {@code ap_getword_conf}, {@code ap_resolve_env}, {@code include_config} in
 * {@code server/}), into {@link Directive}s, never throwing on what it reads: every error becomes a
 * {@link ConfigProblem} with {@code file:line}, in httpd's words where httpd has words for it.
 *
 * <ul>
 *   <li>Lines: a line ending in {@code \} continues on the next (the backslash removed, nothing added);
 *       a line whose first non-blank is {@code #} is a comment (there are no end-of-line comments: httpd
 *       reads {@code Timeout 300 # five} as two arguments).</li>
 *   <li>{@code ${VAR}} is replaced in the whole line before it is split, from {@code Define}s, then the
 *       given environment, then Debian's {@code envvars}; an unknown one stays as written, with httpd's
 *       warning.</li>
 *   <li>Words: blanks separate them; a word starting with {@code "} or {@code '} runs to the matching
 *       quote ({@code \"} and {@code \\} escaped inside); {@code \\} is a backslash outside quotes.</li>
 *   <li>Sections ({@code <VirtualHost *:80>} ... {@code </VirtualHost>}) are blocks; each file closes
 *       its own. Conditional sections ({@code <IfModule>}, {@code <IfDefine>}, ...) are kept with their
 *       content whatever the condition (the {@link ApacheView} marks what is conditional).</li>
 *   <li>{@code Include} and {@code IncludeOptional} are resolved where they stand, relative to the
 *       {@code ServerRoot} in effect; a directory includes every file under it, in order; a wildcard may
 *       stand in any component (a leading dot must be matched explicitly); without matches
 *       {@code Include} is httpd's error and {@code IncludeOptional} a note. {@code ServerRoot},
 *       {@code Define} and {@code UnDefine} take effect while reading, as in httpd, unless inside a
 *       condition known false.</li>
 *   <li>Bounded by {@link ConfigLimits}: include cycles are cut where they close (httpd gives up after
 *       128 nested includes), deeper includes or nesting, bigger or more files, more directives are
 *       skipped with a problem.</li>
 * </ul>
 */
public final class ApacheParser {

    private final ApacheOptions options;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final ConfigFiles files;
    private final Deque<Path> including = new ArrayDeque<>();
    private final Deque<String> includingNames = new ArrayDeque<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> defined = new LinkedHashMap<>();
    private final ApacheConditions conditions;
    private String serverRoot;
    private int directives;
    private boolean directivesReported;

    private ApacheParser(ApacheOptions options) {
        this.options = options;
        this.files = new ConfigFiles(options.root(), options.limits(), problems);
        this.serverRoot = options.serverRoot();
        this.conditions = new ApacheConditions(options.compiledModules(), options.defines());
    }

    /**
     * Parses the configuration whose main file is {@code mainFile}, a configuration path (absolute, or
     * relative to the {@code ServerRoot} of the options as httpd's {@code -f}).
     */
    public static ApacheConfig parse(String mainFile, ApacheOptions options) {
        ApacheParser p = new ApacheParser(options);
        String main = ConfigFiles.join(options.serverRoot(), mainFile);
        if (options.readEnvvars()) {
            String envvars = ConfigFiles.dirOf(main) + "envvars";
            if (p.files.exists(envvars)) {
                byte[] data = p.files.read(envvars, envvars, 0, e -> p.problems.add(ConfigProblem.warning(envvars, 0,
                        "not read: " + ConfigFiles.strerror(e))));
                if (data != null) {
                    p.environment.putAll(Envvars.parse(data, Map.of()));
                }
            }
        }
        p.environment.putAll(options.environment());
        List<Directive> top = p.parseFile(main, main, 0, 0);
        Map<String, String> variables = new LinkedHashMap<>(p.environment);
        variables.putAll(p.defined);
        return new ApacheConfig(main, p.serverRoot, top, p.files.filesRead(), variables, p.problems);
    }

    /** Parses {@code mainFile} on this machine with the Debian package's defaults. */
    public static ApacheConfig parse(Path mainFile) {
        return parse(mainFile.toAbsolutePath().toString(), ApacheOptions.debian());
    }

    /** An open section. */
    private static final class Section {
        final String name;
        final List<String> args;
        final String file;
        final int line;
        final boolean knownFalse;
        final List<Directive> children = new ArrayList<>();

        Section(String name, List<String> args, String file, int line, boolean knownFalse) {
            this.name = name;
            this.args = args;
            this.file = file;
            this.line = line;
            this.knownFalse = knownFalse;
        }

        Directive close() {
            return new Directive(name, args, file, line, true, children);
        }
    }

    private List<Directive> parseFile(String path, String fromFile, int fromLine, int depth) {
        Path id = files.identity(path);
        if (including.contains(id)) {
            List<String> chain = new ArrayList<>(includingNames);
            Collections.reverse(chain);
            chain.add(path);
            problems.add(ConfigProblem.error(fromFile, fromLine, "Include cycle: " + String.join(" -> ", chain)
                    + "; not read again"));
            return List.of();
        }
        if (depth > options.limits().maxIncludeDepth()) {
            problems.add(ConfigProblem.unread(fromFile, fromLine, "\"" + path + "\" not read: includes nested deeper than "
                    + options.limits().maxIncludeDepth()));
            return List.of();
        }
        byte[] data = files.read(path, fromFile, fromLine, e -> problems.add(ConfigProblem.error(fromFile, fromLine,
                "Could not open configuration file " + path + ": " + ConfigFiles.strerror(e))));
        if (data == null) {
            return List.of();
        }
        including.push(id);
        includingNames.push(path);
        try {
            return parseLines(new String(data, StandardCharsets.UTF_8), path, depth);
        } finally {
            including.pop();
            includingNames.pop();
        }
    }

    private List<Directive> parseLines(String text, String file, int depth) {
        List<Directive> top = new ArrayList<>();
        Deque<Section> open = new ArrayDeque<>();
        int n = text.length();
        int pos = 0;
        int lineNo = 0;
        boolean stopped = false;
        while (pos < n) {
            int first = lineNo + 1;
            StringBuilder logical = new StringBuilder();
            for (;;) {
                int nl = text.indexOf('\n', pos);
                int end = nl < 0 ? n : nl;
                lineNo++;
                int e = end;
                if (e > pos && text.charAt(e - 1) == '\r') {
                    e--;
                }
                boolean continued = nl >= 0 && e > pos && text.charAt(e - 1) == '\\';
                logical.append(text, pos, continued ? e - 1 : e);
                pos = nl < 0 ? n : nl + 1;
                if (!continued || pos >= n) {
                    break;
                }
            }
            String line = logical.toString().strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line(line, file, first, depth, top, open)) {
                stopped = true;
                break;
            }
        }
        while (!open.isEmpty()) {
            Section s = open.pop();
            if (!stopped) {
                problems.add(ConfigProblem.error(s.file, s.line, "<" + s.name + "> was not closed."));
            }
            attach(s.close(), top, open);
        }
        return top;
    }

    private static void attach(Directive d, List<Directive> top, Deque<Section> open) {
        (open.isEmpty() ? top : open.peek().children).add(d);
    }

    private boolean knownFalse(Deque<Section> open) {
        for (Section s : open) {
            if (s.knownFalse) {
                return true;
            }
        }
        return false;
    }

    /** One logical line; false when the rest of the file is not to be read. */
    private boolean line(String raw, String file, int lineNo, int depth, List<Directive> top, Deque<Section> open) {
        String line = resolve(raw, file, lineNo);
        Words words = new Words(line);
        String cmd = words.next();
        if (cmd == null) {
            return true;
        }
        if (cmd.startsWith("</")) {
            String name = cmd.endsWith(">") ? cmd.substring(2, cmd.length() - 1) : cmd.substring(2);
            if (!cmd.endsWith(">")) {
                problems.add(ConfigProblem.error(file, lineNo, cmd + "> directive missing closing '>'"));
            }
            if (open.isEmpty()) {
                problems.add(ConfigProblem.error(file, lineNo, "</" + name + "> without matching <" + name + "> section"));
                return true;
            }
            if (!open.peek().name.equalsIgnoreCase(name)) {
                problems.add(ConfigProblem.error(file, lineNo, "Expected </" + open.peek().name + "> but saw </" + name
                        + ">"));
                if (open.stream().noneMatch(s -> s.name.equalsIgnoreCase(name))) {
                    return true;
                }
                while (!open.peek().name.equalsIgnoreCase(name)) {
                    Section s = open.pop();
                    attach(s.close(), top, open);
                }
            }
            Section s = open.pop();
            attach(s.close(), top, open);
            return true;
        }
        if (cmd.startsWith("<") && cmd.length() > 1) {
            String name = cmd.endsWith(">") ? cmd.substring(1, cmd.length() - 1) : cmd.substring(1);
            String rest = words.rest();
            if (!cmd.endsWith(">")) {
                int gt = rest.lastIndexOf('>');
                if (gt < 0) {
                    problems.add(ConfigProblem.error(file, lineNo, "<" + name + "> directive missing closing '>'"));
                } else {
                    rest = rest.substring(0, gt);
                }
            }
            if (open.size() + 1 > options.limits().maxNesting()) {
                problems.add(ConfigProblem.unread(file, lineNo, "sections nested deeper than "
                        + options.limits().maxNesting() + "; the rest of the file is not read"));
                return false;
            }
            List<String> args = args(new Words(rest), file, lineNo);
            boolean falseHere = ApacheConditions.isCondition(name)
                    && conditions.evaluate(name, args, files, serverRoot) == ApacheView.Likely.FALSE;
            open.push(new Section(name, args, file, lineNo, falseHere));
            return true;
        }
        List<String> args = args(words, file, lineNo);
        boolean active = !knownFalse(open);
        if (cmd.equalsIgnoreCase("Include") || cmd.equalsIgnoreCase("IncludeOptional")) {
            if (args.size() != 1) {
                problems.add(ConfigProblem.error(file, lineNo, cmd + " takes one argument, Name of a config file or "
                        + "directory to include"));
                return true;
            }
            List<Directive> sink = open.isEmpty() ? top : open.peek().children;
            include(args.get(0), cmd.equalsIgnoreCase("IncludeOptional"), file, lineNo, depth, sink);
            return true;
        }
        if (!count(file, lineNo)) {
            return false;
        }
        Directive d = Directive.simple(cmd, args, file, lineNo);
        if (active) {
            conditions.observe(d);
            if (cmd.equalsIgnoreCase("Define") && !args.isEmpty()) {
                defined.put(args.get(0), args.size() > 1 ? args.get(1) : "");
            } else if (cmd.equalsIgnoreCase("UnDefine") && !args.isEmpty()) {
                defined.remove(args.get(0));
            } else if (cmd.equalsIgnoreCase("ServerRoot") && args.size() == 1) {
                serverRoot = ConfigFiles.join(serverRoot, args.get(0));
                while (serverRoot.length() > 1 && serverRoot.endsWith("/")) {
                    serverRoot = serverRoot.substring(0, serverRoot.length() - 1);
                }
            }
        }
        attach(d, top, open);
        return true;
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

    private List<String> args(Words words, String file, int line) {
        List<String> out = new ArrayList<>();
        for (String w = words.next(); w != null; w = words.next()) {
            if (out.size() == options.limits().maxArgs()) {
                problems.add(ConfigProblem.unread(file, line, "more than " + options.limits().maxArgs()
                        + " arguments, only the first kept"));
                break;
            }
            out.add(w);
        }
        if (words.unterminated) {
            problems.add(ConfigProblem.warning(file, line, "unterminated quote: httpd takes the rest of the line as "
                    + "the argument"));
        }
        return out;
    }

    /** {@code ap_resolve_env}: {@code ${NAME}} from the {@code Define}s, then the environment. */
    private String resolve(String line, String file, int lineNo) {
        int s = line.indexOf("${");
        if (s < 0) {
            return line;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (s >= 0) {
            int e = line.indexOf('}', s + 2);
            if (e < 0) {
                break;
            }
            String name = line.substring(s + 2, e);
            String value = defined.containsKey(name) ? defined.get(name) : environment.get(name);
            out.append(line, from, s);
            if (value != null) {
                out.append(value);
            } else {
                if (name.indexOf(':') < 0) {
                    problems.add(ConfigProblem.warning(file, lineNo, "Config variable ${" + name + "} is not defined"));
                }
                out.append(line, s, e + 1);
            }
            from = e + 1;
            s = line.indexOf("${", from);
        }
        return out.append(line.substring(from)).toString();
    }

    // ---- Include, after ap_process_fnmatch_configs / ap_dir_fnmatch / ap_dir_nofnmatch

    private void include(String name, boolean optional, String file, int line, int depth, List<Directive> sink) {
        String path = ConfigFiles.join(serverRoot, name);
        if (!Glob.hasWildcard(path)) {
            includePath(path, optional, file, line, depth, sink, 0);
            return;
        }
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        includeGlob("/", parts.iterator(), optional, file, line, depth, sink);
    }

    /** A path without wildcards: a directory includes everything under it, in order. */
    private void includePath(String path, boolean optional, String file, int line, int depth, List<Directive> sink,
                             int dirDepth) {
        if (files.isDirectory(path)) {
            if (dirDepth > options.limits().maxIncludeDepth()) {
                problems.add(ConfigProblem.error(file, line, "Include/IncludeOptional: Directory '" + path
                        + "' exceeds the maximum include directory nesting level of "
                        + options.limits().maxIncludeDepth() + ". You have probably a recursion somewhere."));
                return;
            }
            List<String> names;
            try {
                names = files.list(path);
            } catch (IOException | RuntimeException e) {
                problems.add(ConfigProblem.error(file, line, "Include/IncludeOptional: Could not open directory "
                        + path + ": " + (e instanceof IOException io ? ConfigFiles.strerror(io) : e.toString())));
                return;
            }
            for (String n : names) {
                includePath(ConfigFiles.join(path, n), false, file, line, depth, sink, dirDepth + 1);
            }
            return;
        }
        if (optional && !files.exists(path)) {
            return;
        }
        sink.addAll(parseFile(path, file, line, depth + 1));
    }

    private void includeGlob(String dir, Iterator<String> parts, boolean optional, String file, int line, int depth,
                             List<Directive> sink) {
        String part = parts.next();
        boolean last = !parts.hasNext();
        List<String> rest = new ArrayList<>();
        parts.forEachRemaining(rest::add);
        if (!Glob.hasWildcard(part)) {
            String p = ConfigFiles.join(dir, part);
            if (last) {
                includePath(p, optional, file, line, depth, sink, 0);
            } else {
                includeGlob(p, rest.iterator(), optional, file, line, depth, sink);
            }
            return;
        }
        List<String> names;
        try {
            if (!files.isDirectory(dir)) {
                throw files.exists(dir) ? new IOException("20: Not a directory") : new NoSuchFileException(dir);
            }
            names = files.list(dir);
        } catch (IOException | RuntimeException e) {
            if (optional && e instanceof NoSuchFileException) {
                return;
            }
            problems.add(ConfigProblem.error(file, line, "Include/IncludeOptional: Could not open directory " + dir
                    + ": " + (e instanceof IOException io ? ConfigFiles.strerror(io) : e.toString())));
            return;
        }
        List<String> matches = new ArrayList<>();
        for (String n : names) {
            String p = ConfigFiles.join(dir, n);
            if (Glob.matches(part, n) && (last || files.isDirectory(p))) {
                matches.add(p);
            }
        }
        if (matches.isEmpty()) {
            String message = "Include/IncludeOptional: No matches for the wildcard '" + part + "' in '" + dir + "'";
            problems.add(optional ? ConfigProblem.note(file, line, message + " (optional)")
                    : ConfigProblem.error(file, line, message + ", failing"));
            return;
        }
        for (String p : matches) {
            if (last) {
                includePath(p, false, file, line, depth, sink, 0);
            } else {
                includeGlob(p, rest.iterator(), optional, file, line, depth, sink);
            }
        }
    }

    /** {@code ap_getword_conf} over a line. */
    static final class Words {
        private final String line;
        private int pos;
        boolean unterminated;

        Words(String line) {
            this.line = line;
        }

        private static boolean space(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
        }

        /** What is left, from the next non-blank. */
        String rest() {
            while (pos < line.length() && space(line.charAt(pos))) {
                pos++;
            }
            return line.substring(pos);
        }

        /** The next word, or {@code null} at the end. */
        String next() {
            int n = line.length();
            while (pos < n && space(line.charAt(pos))) {
                pos++;
            }
            if (pos >= n) {
                return null;
            }
            char quote = line.charAt(pos);
            StringBuilder out = new StringBuilder();
            if (quote == '"' || quote == '\'') {
                int i = pos + 1;
                while (i < n && line.charAt(i) != quote) {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n && (line.charAt(i + 1) == quote || line.charAt(i + 1) == '\\')) {
                        out.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        out.append(c);
                        i++;
                    }
                }
                if (i < n) {
                    i++;
                } else {
                    unterminated = true;
                }
                pos = i;
            } else {
                int i = pos;
                while (i < n && !space(line.charAt(i))) {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n && line.charAt(i + 1) == '\\') {
                        out.append('\\');
                        i += 2;
                    } else {
                        out.append(c);
                        i++;
                    }
                }
                pos = i;
            }
            return out.toString();
        }
    }
}
