package org.gatewaydoctor.checks.wordpress.internal.php;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code wp-config.php} with {@link PhpLexer}, never running it: every {@code define('NAME', expr)} call
 * (also inside {@code if} blocks, with any spacing or comments) and {@code $table_prefix = expr;}.
 *
 * <p>An expression is static when it is built from string and number literals, {@code true}/{@code false}/
 * {@code null}, {@code __DIR__}, {@code __FILE__}, {@code dirname(__FILE__)}, constants defined earlier in
 * the file, and the {@code .} operator; anything else ({@code getenv('X')}, {@code $_SERVER[...]}, a
 * ternary, a function call) is kept as its source text and reported as not static.
 *
 * <p>Bounded: at most {@link #MAX_BYTES} are read, at most {@link PhpLexer#MAX_TOKENS} tokens lexed and
 * expressions nested at most {@link #MAX_DEPTH} deep; text that does not parse yields what could be read
 * and a problem. No message ever holds a value: values may be secrets.
 */
public final class WpConfigParser {

    /** The most bytes read of a wp-config.php (real ones are a few KiB). */
    public static final int MAX_BYTES = 1 << 20;
    /** The deepest nesting of parentheses followed in one expression. */
    public static final int MAX_DEPTH = 64;
    private static final int MAX_SOURCE = 160;
    private static final int MAX_VALUE = 1 << 16;

    private final Path file;
    private final List<PhpToken> tokens;
    private final Map<String, PhpValue> constants = new LinkedHashMap<>();
    private final Map<String, List<Integer>> redefined = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private PhpValue tablePrefix;
    private int i;

    private WpConfigParser(Path file, List<PhpToken> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException when it cannot be opened (missing, a folder, not readable)
     */
    public static WpConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file");
        }
        byte[] bytes;
        boolean cut;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        cut = bytes.length > MAX_BYTES;
        String text = new String(bytes, 0, Math.min(bytes.length, MAX_BYTES), StandardCharsets.UTF_8);
        WpConfig c = parse(file, text);
        if (cut) {
            List<String> p = new ArrayList<>(c.problems());
            p.add(0, "the file is larger than " + (MAX_BYTES >> 10) + " KiB: only its beginning was read");
            return new WpConfig(c.file(), c.constants(), c.redefined(), c.tablePrefix(), p);
        }
        return c;
    }

    /** Parses {@code text} as the content of {@code file}. */
    public static WpConfig parse(Path file, String text) {
        PhpLexer lexer = PhpLexer.lex(text);
        WpConfigParser p = new WpConfigParser(file, lexer.tokens());
        if (lexer.problem() != null) {
            p.problems.add(lexer.problem());
        }
        p.run();
        return new WpConfig(file, p.constants, p.redefined, p.tablePrefix, p.problems);
    }

    private void run() {
        while (i < tokens.size()) {
            PhpToken t = tokens.get(i);
            if (t.isIdent("define") && peek(1) != null && peek(1).is("(") && !prevIsMember()) {
                i += 2;
                define(t.line());
            } else if (t.kind() == PhpToken.Kind.VARIABLE && t.text().equals("$table_prefix") && peek(1) != null
                    && peek(1).is("=")) {
                i += 2;
                PhpValue v = expression(t.line());
                if (v != null) {
                    tablePrefix = v;
                }
            } else {
                i++;
            }
        }
    }

    /** {@code ->define(} or {@code ::define(} is a method, not PHP's define. */
    private boolean prevIsMember() {
        if (i == 0) {
            return false;
        }
        PhpToken p = tokens.get(i - 1);
        return p.is("->") || p.is("::") || p.is("?->") || p.isIdent("function");
    }

    private void define(int line) {
        PhpValue name = expression(line);
        if (name == null || peek(0) == null || !peek(0).is(",")) {
            return;
        }
        i++;
        PhpValue value = expression(line);
        if (value == null) {
            return;
        }
        if (!name.isStatic()) {
            problems.add("line " + line + ": a define() whose name is not static (" + name.source() + ") was skipped");
            return;
        }
        String n = name.value();
        if (n.isEmpty() || n.length() > 256) {
            return;
        }
        if (constants.containsKey(n)) {
            redefined.computeIfAbsent(n, k -> new ArrayList<>()).add(line);
        } else {
            constants.put(n, value);
        }
    }

    /** Parses an expression up to (not including) a {@code ,}, {@code )} at depth 0, {@code ;} or close tag. */
    private PhpValue expression(int line) {
        int start = i;
        int depth = 0;
        boolean isStatic = true;
        StringBuilder value = new StringBuilder();
        List<String> literals = new ArrayList<>();
        boolean expectOperand = true;
        int lineOf = i < tokens.size() ? tokens.get(i).line() : line;
        while (i < tokens.size()) {
            PhpToken t = tokens.get(i);
            if (t.kind() == PhpToken.Kind.CLOSE_TAG || t.is(";")) {
                break;
            }
            if (depth == 0 && (t.is(",") || t.is(")"))) {
                break;
            }
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
                if (depth > MAX_DEPTH) {
                    problems.add("line " + t.line() + ": an expression nests deeper than " + MAX_DEPTH
                            + " levels; it was skipped");
                    skipStatement();
                    return null;
                }
                // Grouping parentheses keep an expression static; brackets and calls do not (handled below).
                if (!t.is("(") || i == 0 || !expectOperand) {
                    isStatic = false;
                }
                i++;
                continue;
            }
            if (t.is(")") || t.is("]") || t.is("}")) {
                depth--;
                i++;
                continue;
            }
            if (t.kind() == PhpToken.Kind.STRING) {
                literals.add(t.text());
                if (t.interpolated()) {
                    isStatic = false;
                }
                if (expectOperand && depth >= 0) {
                    append(value, t.text());
                }
                expectOperand = false;
            } else if (t.kind() == PhpToken.Kind.NUMBER) {
                append(value, t.text());
                expectOperand = false;
            } else if (t.is(".")) {
                expectOperand = true;
            } else if (t.kind() == PhpToken.Kind.IDENT) {
                String resolved = constantValue(t);
                if (resolved != null && expectOperand) {
                    append(value, resolved);
                    expectOperand = false;
                } else {
                    isStatic = false;
                }
            } else {
                isStatic = false;
            }
            i++;
        }
        String source = source(start, i);
        return new PhpValue(isStatic && value.length() <= MAX_VALUE ? value.toString() : null, source, lineOf, literals);
    }

    /**
     * The static value of a name in an expression: {@code true}, {@code false}, {@code null}, {@code __DIR__},
     * {@code __FILE__}, {@code dirname(__FILE__)} (consumed here), or a constant defined earlier.
     */
    private String constantValue(PhpToken t) {
        String n = t.text();
        if (n.equalsIgnoreCase("true") || n.equalsIgnoreCase("false")) {
            return n.toLowerCase(java.util.Locale.ROOT);
        }
        if (n.equalsIgnoreCase("null")) {
            return "";
        }
        Path dir = file.toAbsolutePath().getParent();
        if (n.equals("__DIR__")) {
            return dir == null ? "/" : dir.toString();
        }
        if (n.equals("__FILE__")) {
            return file.toAbsolutePath().toString();
        }
        if (n.equalsIgnoreCase("dirname") && peek(1) != null && peek(1).is("(") && peek(2) != null
                && peek(2).isIdent("__FILE__") && peek(3) != null && peek(3).is(")")) {
            i += 3;
            return dir == null ? "/" : dir.toString();
        }
        PhpValue known = constants.get(n);
        if (known != null && known.isStatic() && (peek(1) == null || !peek(1).is("("))) {
            return known.value();
        }
        return null;
    }

    private void append(StringBuilder b, String s) {
        if (b.length() <= MAX_VALUE) {
            b.append(s, 0, Math.min(s.length(), MAX_VALUE + 1 - b.length()));
        }
    }

    /** The expression's tokens as short source text (string literals quoted, shortened); for non-static values. */
    private String source(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int k = from; k < to && b.length() < MAX_SOURCE; k++) {
            PhpToken t = tokens.get(k);
            if (t.kind() == PhpToken.Kind.STRING) {
                b.append('\'').append(t.text().replace("\n", "\\n")).append('\'');
            } else {
                if (b.length() > 0 && (t.is(".") || t.is("??") || t.is("?") || t.is(":"))) {
                    b.append(' ').append(t.text()).append(' ');
                    continue;
                }
                b.append(t.text());
            }
        }
        return b.length() > MAX_SOURCE ? b.substring(0, MAX_SOURCE) + "…" : b.toString();
    }

    private void skipStatement() {
        while (i < tokens.size() && !tokens.get(i).is(";") && tokens.get(i).kind() != PhpToken.Kind.CLOSE_TAG) {
            i++;
        }
    }

    private PhpToken peek(int ahead) {
        int k = i + ahead;
        return k < tokens.size() ? tokens.get(k) : null;
    }
}
