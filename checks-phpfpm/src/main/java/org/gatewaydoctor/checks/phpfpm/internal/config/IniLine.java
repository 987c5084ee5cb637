package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One line of an INI file as the Zend INI scanner reads it in "normal" mode, which is how PHP-FPM reads its
 * configuration: {@code fpm_conf_load_ini_file} hands every line to {@code zend_parse_ini_string} on its own,
 * so nothing spans lines.
 *
 * <p>What is reproduced (each checked against {@code php-fpm8.2 -tt}): {@code ;} comments (a {@code #} is an
 * ordinary character since PHP 7); sections whose name is kept as written, spaces included; keys trimmed;
 * {@code key[offset]} arrays; values trimmed, with {@code "..."} (escapes {@code \"}, {@code \\}, {@code \'};
 * other backslashes kept) and {@code '...'} (raw) strings concatenated with unquoted text; {@code ${VAR}} from
 * the environment; the words {@code yes/on/true} read as {@code "1"} and {@code no/off/false/none/null} as
 * {@code ""}; a bare key without {@code =}; a stray {@code =} in a value is a syntax error.
 *
 * <p>Not reproduced: constants and the bitwise expressions PHP evaluates ({@code E_ALL & ~E_NOTICE}): such a
 * value is kept as written and {@link Entry#expression()} says so (PHP-FPM's own settings never need them).
 * Their grammar is checked, though: {@code /p!ng} is a syntax error to PHP, and so here.
 */
public sealed interface IniLine {

    /** An empty or comment-only line. */
    record Blank() implements IniLine {
    }

    /** {@code [name]}. */
    record Section(String name) implements IniLine {
        public Section {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * {@code key = value} or {@code key[offset] = value}.
     *
     * @param key the key, trimmed
     * @param offset the array offset, or {@code null} for a plain key
     * @param value the value as PHP reads it
     * @param raw the value as written (comment removed, trimmed)
     * @param expression whether the value uses operators PHP would evaluate (then {@code value} is {@code raw})
     * @param unresolved environment variables ({@code ${NAME}}) the given environment did not have; PHP reads
     *     them as empty, and so does {@code value}
     */
    record Entry(String key, String offset, String value, String raw, boolean expression, List<String> unresolved)
            implements IniLine {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(raw, "raw");
            unresolved = List.copyOf(unresolved);
        }

        /** Whether this is {@code key[offset] = value}. */
        public boolean isArray() {
            return offset != null;
        }
    }

    /** A key with no {@code =}: PHP-FPM rejects it ("value is NULL for a ZEND_INI_PARSER_ENTRY"). */
    record BareKey(String key) implements IniLine {
        public BareKey {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A line the INI scanner rejects; PHP-FPM then refuses the whole configuration. */
    record SyntaxError(String message) implements IniLine {
        public SyntaxError {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Reads one line (without its line break).
     *
     * @param line the line; a trailing {@code \r} is ignored and a NUL ends it, as in PHP-FPM's C strings
     * @param env the environment {@code ${NAME}} is read from
     */
    static IniLine parse(String line, Map<String, String> env) {
        return new Scanner(line, env).line();
    }

    /** The scanner; one per line. */
    final class Scanner {
        private static final String LABEL_STOP = "=\t;&|^$~(){}!\"[]";
        private static final String OPERATORS = "&|^~!()";

        private final String s;
        private final Map<String, String> env;
        private int i;
        private final List<String> unresolved = new ArrayList<>();

        Scanner(String line, Map<String, String> env) {
            int nul = line.indexOf('\0');
            String t = nul >= 0 ? line.substring(0, nul) : line;
            while (t.endsWith("\r") || t.endsWith("\n")) {
                t = t.substring(0, t.length() - 1);
            }
            this.s = t;
            this.env = env;
        }

        IniLine line() {
            skipBlanks();
            if (i >= s.length() || s.charAt(i) == ';') {
                return new Blank();
            }
            if (s.charAt(i) == '[') {
                return section();
            }
            int start = i;
            while (i < s.length() && LABEL_STOP.indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String key = s.substring(start, i).strip();
            if (i >= s.length() || s.charAt(i) == ';') {
                return key.isEmpty() ? new Blank() : new BareKey(key);
            }
            char c = s.charAt(i);
            if (c == '\t') {
                skipBlanks();
                if (i >= s.length() || s.charAt(i) == ';') {
                    return new BareKey(key);
                }
                c = s.charAt(i);
            }
            if (key.isEmpty()) {
                return new SyntaxError("syntax error, unexpected '" + c + "'");
            }
            String offset = null;
            if (c == '[') {
                int close = s.indexOf(']', i + 1);
                if (close < 0) {
                    return new SyntaxError("syntax error, unexpected end of line, expecting ']'");
                }
                offset = unquote(s.substring(i + 1, close).strip());
                i = close + 1;
                skipBlanks();
                if (i >= s.length() || s.charAt(i) != '=') {
                    return new SyntaxError("syntax error, expecting '=' after " + key + "[" + offset + "]");
                }
                c = '=';
            }
            if (c != '=') {
                return new SyntaxError("syntax error, unexpected '" + c + "'");
            }
            i++;
            return value(key, offset);
        }

        private IniLine section() {
            int close = s.indexOf(']', i + 1);
            if (close < 0) {
                return new SyntaxError("syntax error, unexpected end of line, expecting ']'");
            }
            String name = unquote(s.substring(i + 1, close));
            i = close + 1;
            skipBlanks();
            if (i < s.length() && s.charAt(i) != ';') {
                return new SyntaxError("unexpected text after section [" + name + "]: " + s.substring(i).strip());
            }
            return new Section(name);
        }

        private static String unquote(String t) {
            if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
                return t.substring(1, t.length() - 1);
            }
            return t;
        }

        private IniLine value(String key, String offset) {
            skipBlanks();
            StringBuilder value = new StringBuilder();
            int rawStart = i;
            int rawEnd = i;
            boolean quoted = false;
            boolean expression = false;
            int unquotedTail = -1; // where the trailing unquoted run starts in value, to trim it at the end
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ';') {
                    break;
                }
                if (c == '"') {
                    quoted = true;
                    unquotedTail = -1;
                    int end = doubleQuoted(value);
                    if (end < 0) {
                        return new SyntaxError("syntax error, unexpected end of line in a double-quoted string");
                    }
                    i = end;
                    rawEnd = i;
                    continue;
                }
                if (c == '\'') {
                    int close = s.indexOf('\'', i + 1);
                    if (close < 0) {
                        return new SyntaxError("syntax error, unexpected end of line in a single-quoted string");
                    }
                    quoted = true;
                    unquotedTail = -1;
                    value.append(s, i + 1, close);
                    i = close + 1;
                    rawEnd = i;
                    continue;
                }
                if (c == '=') {
                    return new SyntaxError("syntax error, unexpected '='");
                }
                if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                    int close = s.indexOf('}', i + 2);
                    if (close < 0) {
                        return new SyntaxError("syntax error, unexpected end of line, expecting '}'");
                    }
                    if (unquotedTail < 0) {
                        unquotedTail = value.length();
                    }
                    value.append(variable(s.substring(i + 2, close)));
                    i = close + 1;
                    rawEnd = i;
                    continue;
                }
                if (OPERATORS.indexOf(c) >= 0) {
                    expression = true;
                }
                if (unquotedTail < 0) {
                    unquotedTail = value.length();
                }
                value.append(c);
                i++;
                if (c != ' ' && c != '\t') {
                    rawEnd = i;
                }
            }
            String raw = s.substring(rawStart, rawEnd).strip();
            if (unquotedTail >= 0) {
                int end = value.length();
                while (end > unquotedTail && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
                    end--;
                }
                value.setLength(end);
            }
            String v = value.toString();
            if (expression) {
                String bad = Expression.check(raw);
                if (bad != null) {
                    return new SyntaxError("syntax error, unexpected '" + bad + "'");
                }
                return new Entry(key, offset, raw, raw, true, unresolved);
            }
            if (!quoted && unresolved.isEmpty() && raw.equals(v)) {
                switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "on", "yes" -> v = "1";
                    case "false", "off", "no", "none", "null" -> v = "";
                    default -> {
                        // an ordinary string
                    }
                }
            }
            return new Entry(key, offset, v, raw, false, unresolved);
        }

        /** Reads a double-quoted string starting at {@code i}; returns the index after it, or -1. */
        private int doubleQuoted(StringBuilder out) {
            int j = i + 1;
            while (j < s.length()) {
                char c = s.charAt(j);
                if (c == '"') {
                    return j + 1;
                }
                if (c == '\\' && j + 1 < s.length()) {
                    char n = s.charAt(j + 1);
                    if (n == '"' || n == '\\' || n == '\'') {
                        out.append(n);
                    } else {
                        out.append(c).append(n);
                    }
                    j += 2;
                    continue;
                }
                if (c == '$' && j + 1 < s.length() && s.charAt(j + 1) == '{') {
                    int close = s.indexOf('}', j + 2);
                    if (close < 0) {
                        return -1;
                    }
                    out.append(variable(s.substring(j + 2, close)));
                    j = close + 1;
                    continue;
                }
                out.append(c);
                j++;
            }
            return -1;
        }

        private String variable(String name) {
            String v = env.get(name);
            if (v == null) {
                unresolved.add(name);
                return "";
            }
            return v;
        }

        private void skipBlanks() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
    }

    /**
     * The grammar of INI expressions: {@code expr := unary (('|' | '&' | '^') unary)*},
     * {@code unary := ('~' | '!') unary | '(' expr ')' | operand}, operands being strings.
     */
    final class Expression {
        private final List<String> tokens;
        private int k;

        private Expression(List<String> tokens) {
            this.tokens = tokens;
        }

        /** The first token PHP would reject, or {@code null} when the expression parses. */
        static String check(String raw) {
            List<String> t = new ArrayList<>();
            StringBuilder operand = new StringBuilder();
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"' || c == '\'') {
                    int close = raw.indexOf(c, i + 1);
                    i = close < 0 ? raw.length() : close;
                    operand.append('s');
                } else if ("|&^~!()".indexOf(c) >= 0) {
                    if (!operand.toString().isBlank()) {
                        t.add("s");
                    }
                    operand.setLength(0);
                    t.add(String.valueOf(c));
                } else {
                    operand.append(c);
                }
            }
            if (!operand.toString().isBlank()) {
                t.add("s");
            }
            Expression e = new Expression(t);
            String bad = e.expr();
            if (bad == null && e.k < t.size()) {
                bad = t.get(e.k);
            }
            return bad == null ? null : bad.equals("s") ? "string" : bad;
        }

        private String expr() {
            String bad = unary();
            while (bad == null && k < tokens.size() && "|&^".contains(tokens.get(k))) {
                k++;
                bad = unary();
            }
            return bad;
        }

        private String unary() {
            if (k >= tokens.size()) {
                return "end of line";
            }
            String t = tokens.get(k++);
            switch (t) {
                case "~", "!" -> {
                    return unary();
                }
                case "(" -> {
                    String bad = expr();
                    if (bad != null) {
                        return bad;
                    }
                    if (k >= tokens.size() || !tokens.get(k).equals(")")) {
                        return k >= tokens.size() ? "end of line" : tokens.get(k);
                    }
                    k++;
                    return null;
                }
                case "s" -> {
                    return null;
                }
                default -> {
                    return t;
                }
            }
        }
    }
}
