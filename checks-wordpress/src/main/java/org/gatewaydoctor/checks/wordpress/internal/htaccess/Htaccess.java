package org.gatewaydoctor.checks.wordpress.internal.htaccess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@code .htaccess} read the way Apache 2.4 reads it ({@code server/util.c} {@code ap_cfg_getline},
 * {@code server/config.c} {@code ap_build_config}): one directive a line, a trailing backslash joins the next
 * line, {@code #} starts a comment only at the start of a line, sections open with {@code <Name args>} and close
 * with {@code </Name>} (names compared without case). It never runs anything and reads at most
 * {@link #MAX_BYTES}.
 *
 * <p>What Apache does with unbalanced sections, observed with Apache 2.4 on Debian 12: a closer without its opener
 * is an error ({@code </IfModule> without matching <IfModule> section}, 500); an {@code <IfModule>} never closed
 * is an error only when its module is <em>not</em> loaded (Apache then skips to the closer and finds none:
 * {@code Expected </IfModule> before end of configuration}); when the module is loaded the file is accepted.
 *
 * @param file the file
 * @param directives every directive, sections included (openers and closers as their own entries)
 * @param problems what does not balance, in file order
 * @param wordpressBlock the {@code # BEGIN WordPress} ... {@code # END WordPress} markers, empty lines when absent
 * @param truncated whether the file was longer than {@link #MAX_BYTES} and only its start was read
 */
public record Htaccess(Path file, List<Directive> directives, List<Problem> problems, Block wordpressBlock,
                       boolean truncated) {

    /** Sections deeper than this are not named in {@link Directive#sections()}. */
    public static final int MAX_RECORDED_DEPTH = 32;

    /** At most this many bytes are read. */
    public static final int MAX_BYTES = 512 * 1024;

    public Htaccess {
        Objects.requireNonNull(file, "file");
        directives = List.copyOf(directives);
        problems = List.copyOf(problems);
        Objects.requireNonNull(wordpressBlock, "wordpressBlock");
    }

    /**
     * One directive.
     *
     * @param name its name as written ({@code RewriteRule}, {@code <IfModule}, {@code </IfModule>} are given as
     *     {@code RewriteRule}, {@code <IfModule}, {@code </IfModule})
     * @param args its arguments, split as Apache does (double or single quotes group, backslash escapes)
     * @param line the line it starts on
     * @param sections the sections around it, outermost first, as {@code <IfModule mod_rewrite.c>}
     */
    public record Directive(String name, List<String> args, int line, List<String> sections) {
        public Directive {
            Objects.requireNonNull(name, "name");
            args = List.copyOf(args);
            sections = List.copyOf(sections);
        }

        /** Whether it is {@code name}, without regard to case. */
        public boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }

        /** The argument at {@code i}, or {@code ""}. */
        public String arg(int i) {
            return i < args.size() ? args.get(i) : "";
        }
    }

    /** What kind of imbalance. */
    public enum ProblemKind {
        /** A closer without an opener: Apache answers 500 whatever modules it loads. */
        STRAY_CLOSER,
        /** An opener never closed: 500 when the section's module is not loaded, accepted otherwise. */
        UNCLOSED,
        /** The WordPress markers are out of order, doubled or one is missing. */
        MARKERS
    }

    /**
     * Something that does not balance.
     *
     * @param kind what
     * @param line where
     * @param section the section concerned ({@code IfModule}), {@code ""} for markers
     * @param argument the opener's argument ({@code mod_rewrite.c}), {@code ""} when none
     * @param text what Apache says, or our description
     */
    public record Problem(ProblemKind kind, int line, String section, String argument, String text) {
    }

    /**
     * The WordPress block, as {@code insert_with_markers()} (wp-admin/includes/misc.php) writes it.
     *
     * @param begin line of {@code # BEGIN WordPress}, 0 when absent
     * @param end line of {@code # END WordPress}, 0 when absent
     */
    public record Block(int begin, int end) {
        /** Whether both markers are there, in order. */
        public boolean present() {
            return begin > 0 && end > begin;
        }
    }

    /** Reads {@code file}; symbolic links are followed as Apache does, devices and FIFOs are refused. */
    public static Htaccess read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file");
        }
        byte[] bytes;
        boolean truncated;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        truncated = bytes.length > MAX_BYTES;
        String text = new String(bytes, 0, Math.min(bytes.length, MAX_BYTES), StandardCharsets.UTF_8);
        return parse(file, text, truncated);
    }

    /** Whether a {@code .htaccess} exists in {@code dir} (not following a link to it). */
    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(".htaccess"), LinkOption.NOFOLLOW_LINKS);
    }

    /** Parses {@code text} as the content of {@code file}. */
    public static Htaccess parse(Path file, String text, boolean truncated) {
        List<Directive> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Deque<Directive> open = new ArrayDeque<>();
        List<String> current = List.of();
        int begin = 0;
        int end = 0;
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            StringBuilder logical = new StringBuilder(lines[i]);
            // a trailing backslash continues the directive on the next line (ap_cfg_getline)
            while (endsWithContinuation(logical) && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(' ').append(lines[++i]);
            }
            String s = logical.toString().strip();
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("#")) {
                String marker = s.substring(1).strip();
                if (marker.equals("BEGIN WordPress")) {
                    if (begin > 0) {
                        problems.add(new Problem(ProblemKind.MARKERS, lineNo, "", "",
                                "a second '# BEGIN WordPress' (the first is on line " + begin + ")"));
                    } else {
                        begin = lineNo;
                    }
                } else if (marker.equals("END WordPress")) {
                    if (begin == 0) {
                        problems.add(new Problem(ProblemKind.MARKERS, lineNo, "", "",
                                "'# END WordPress' without '# BEGIN WordPress' before it"));
                    } else if (end > 0) {
                        problems.add(new Problem(ProblemKind.MARKERS, lineNo, "", "",
                                "a second '# END WordPress' (the first is on line " + end + ")"));
                    } else {
                        end = lineNo;
                    }
                }
                continue;
            }
            List<String> words = words(s);
            if (words.isEmpty()) {
                continue;
            }
            String first = words.get(0);
            List<String> sections = current;
            if (first.startsWith("</")) {
                String name = first.substring(2).replaceAll(">$", "");
                Directive d = new Directive("</" + name, List.of(), lineNo, sections);
                out.add(d);
                if (open.isEmpty() || !open.peek().name().substring(1).equalsIgnoreCase(name)) {
                    problems.add(new Problem(ProblemKind.STRAY_CLOSER, lineNo, name, "", "</" + name
                            + "> without matching <" + name + "> section"
                            + (open.isEmpty() ? "" : " (the open section is " + open.peek().name() + "> of line "
                            + open.peek().line() + ")")));
                    // Apache stops reading here: the request fails whatever follows
                    open.clear();
                    break;
                }
                open.pop();
                current = sections(open);
                continue;
            }
            List<String> args = new ArrayList<>(words.subList(1, words.size()));
            if (first.startsWith("<")) {
                String name = first.endsWith(">") ? first.substring(0, first.length() - 1) : first;
                if (!args.isEmpty()) {
                    String last = args.get(args.size() - 1);
                    if (last.endsWith(">")) {
                        args.set(args.size() - 1, last.substring(0, last.length() - 1));
                        if (args.get(args.size() - 1).isEmpty()) {
                            args.remove(args.size() - 1);
                        }
                    }
                }
                Directive d = new Directive(name, args, lineNo, sections);
                out.add(d);
                open.push(d);
                current = sections(open);
                continue;
            }
            out.add(new Directive(first, args, lineNo, sections));
        }
        if (begin > 0 && end == 0) {
            problems.add(new Problem(ProblemKind.MARKERS, begin, "", "",
                    "'# BEGIN WordPress' without '# END WordPress': WordPress cannot rewrite its block and adds a new one"));
        }
        while (!open.isEmpty()) {
            Directive d = open.removeLast();
            String name = d.name().substring(1);
            problems.add(new Problem(ProblemKind.UNCLOSED, d.line(), name, d.arg(0), "<" + name
                    + (d.args().isEmpty() ? "" : " " + String.join(" ", d.args())) + "> is never closed"));
        }
        problems.sort(java.util.Comparator.comparingInt(Problem::line));
        return new Htaccess(file, out, problems, new Block(begin, end), truncated);
    }

    /** The open sections, outermost first; at most {@link #MAX_RECORDED_DEPTH} (deeper ones are not named). */
    private static List<String> sections(Deque<Directive> open) {
        List<String> out = new ArrayList<>();
        java.util.Iterator<Directive> it = open.descendingIterator();
        while (it.hasNext() && out.size() < MAX_RECORDED_DEPTH) {
            Directive d = it.next();
            out.add(d.name().substring(1) + (d.args().isEmpty() ? "" : " " + String.join(" ", d.args())));
        }
        return List.copyOf(out);
    }

    private static boolean endsWithContinuation(CharSequence s) {
        int n = s.length();
        return n > 0 && s.charAt(n - 1) == '\\' && (n < 2 || s.charAt(n - 2) != '\\');
    }

    /** Splits a directive line into words as {@code ap_getword_conf} does: quotes group, backslash escapes. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            char c = line.charAt(i);
            StringBuilder w = new StringBuilder();
            if (c == '"' || c == '\'') {
                i++;
                while (i < n && line.charAt(i) != c) {
                    if (line.charAt(i) == '\\' && i + 1 < n && line.charAt(i + 1) == c) {
                        i++;
                    }
                    w.append(line.charAt(i++));
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    w.append(line.charAt(i++));
                }
            }
            out.add(w.toString());
        }
        return out;
    }

    /** The directives inside the WordPress block. */
    public List<Directive> inWordPressBlock() {
        if (!wordpressBlock.present()) {
            return List.of();
        }
        return directives.stream().filter(d -> d.line() > wordpressBlock.begin() && d.line() < wordpressBlock.end())
                .toList();
    }

    /** The module an {@code <IfModule>} argument names, normalised ({@code mod_rewrite.c} and {@code rewrite_module} → {@code rewrite}). */
    public static String moduleOf(String ifModuleArg) {
        String a = ifModuleArg.startsWith("!") ? ifModuleArg.substring(1) : ifModuleArg;
        a = a.toLowerCase(Locale.ROOT);
        if (a.startsWith("mod_")) {
            a = a.substring(4);
        }
        if (a.endsWith(".c")) {
            a = a.substring(0, a.length() - 2);
        }
        if (a.endsWith("_module")) {
            a = a.substring(0, a.length() - 7);
        }
        return a;
    }
}
