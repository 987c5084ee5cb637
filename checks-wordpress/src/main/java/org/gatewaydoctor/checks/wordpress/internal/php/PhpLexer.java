package org.gatewaydoctor.checks.wordpress.internal.php;

import java.util.ArrayList;
import java.util.List;

/**
 * A small, bounded PHP lexer: enough of PHP's scanner ({@code Zend/zend_language_scanner.l}) to read
 * configuration files such as {@code wp-config.php} without executing them. It knows open and close tags
 * (text outside them is dropped), the three comment forms (but {@code #[} starts an attribute, as in PHP 8),
 * single- and double-quoted strings with their escapes, heredoc and nowdoc, variables, names, numbers and
 * punctuation. It never fails: malformed input ends the token list (with {@link #problem()} set) instead of
 * throwing, and at most {@link #MAX_TOKENS} tokens are produced.
 */
public final class PhpLexer {

    /** Most tokens produced; a longer file is cut (with a problem). */
    public static final int MAX_TOKENS = 200_000;

    private final String src;
    private final List<PhpToken> out = new ArrayList<>();
    private int pos;
    private int line = 1;
    private String problem;

    private PhpLexer(String src) {
        this.src = src;
    }

    /** The tokens of {@code source}. */
    public static PhpLexer lex(String source) {
        PhpLexer l = new PhpLexer(source);
        l.run();
        return l;
    }

    public List<PhpToken> tokens() {
        return out;
    }

    /** What stopped the lexer early (unterminated string or comment, too many tokens), or {@code null}. */
    public String problem() {
        return problem;
    }

    private void run() {
        while (pos < src.length()) {
            if (!inlineHtml()) {
                return;
            }
            if (!php()) {
                return;
            }
        }
    }

    /** Skips text up to and including an open tag; false at the end of the input. */
    private boolean inlineHtml() {
        while (pos < src.length()) {
            if (src.startsWith("<?php", pos) && (pos + 5 >= src.length() || Character.isWhitespace(src.charAt(pos + 5)))) {
                advance(5);
                return true;
            }
            if (src.startsWith("<?=", pos)) {
                advance(3);
                return true;
            }
            advance(1);
        }
        return false;
    }

    /** Lexes PHP code until a close tag or the end; false when lexing must stop. */
    private boolean php() {
        while (pos < src.length()) {
            if (out.size() >= MAX_TOKENS) {
                problem = "more than " + MAX_TOKENS + " tokens: the rest of the file was not read";
                return false;
            }
            char c = src.charAt(pos);
            if (c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
                advance(1);
            } else if (src.startsWith("?>", pos)) {
                out.add(new PhpToken(PhpToken.Kind.CLOSE_TAG, "?>", line, false));
                advance(2);
                // PHP eats one newline directly after the close tag.
                if (src.startsWith("\r\n", pos)) {
                    advance(2);
                } else if (pos < src.length() && src.charAt(pos) == '\n') {
                    advance(1);
                }
                return true;
            } else if (c == '#' && !src.startsWith("#[", pos) || src.startsWith("//", pos)) {
                // A line comment ends at the line's end or before a close tag.
                while (pos < src.length() && src.charAt(pos) != '\n' && !src.startsWith("?>", pos)) {
                    advance(1);
                }
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    problem = "a comment opened on line " + line + " is never closed";
                    return false;
                }
                advance(end + 2 - pos);
            } else if (c == '\'') {
                if (!singleQuoted()) {
                    return false;
                }
            } else if (c == '"') {
                if (!doubleQuoted()) {
                    return false;
                }
            } else if (src.startsWith("<<<", pos)) {
                if (!heredoc()) {
                    return false;
                }
            } else if (c == '$' && pos + 1 < src.length() && isNameStart(src.charAt(pos + 1))) {
                int start = pos;
                advance(1);
                while (pos < src.length() && isNamePart(src.charAt(pos))) {
                    advance(1);
                }
                out.add(new PhpToken(PhpToken.Kind.VARIABLE, src.substring(start, pos), line, false));
            } else if (isNameStart(c) || c == '\\') {
                int start = pos;
                int startLine = line;
                while (pos < src.length() && (isNamePart(src.charAt(pos)) || src.charAt(pos) == '\\')) {
                    advance(1);
                }
                out.add(new PhpToken(PhpToken.Kind.IDENT, src.substring(start, pos), startLine, false));
            } else if (c >= '0' && c <= '9' || c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                        || src.charAt(pos) == '_')) {
                    advance(1);
                }
                out.add(new PhpToken(PhpToken.Kind.NUMBER, src.substring(start, pos), line, false));
            } else {
                String p = punct();
                out.add(new PhpToken(PhpToken.Kind.PUNCT, p, line, false));
                advance(p.length());
            }
        }
        return true;
    }

    private String punct() {
        for (String two : new String[] {"?->", "::", "->", "??", "=>", "==", "!=", "&&", "||", ".=", "#["}) {
            if (src.startsWith(two, pos)) {
                return two;
            }
        }
        return String.valueOf(src.charAt(pos));
    }

    private boolean singleQuoted() {
        int startLine = line;
        StringBuilder b = new StringBuilder();
        advance(1);
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < src.length() && (src.charAt(pos + 1) == '\'' || src.charAt(pos + 1) == '\\')) {
                b.append(src.charAt(pos + 1));
                advance(2);
            } else if (c == '\'') {
                advance(1);
                out.add(new PhpToken(PhpToken.Kind.STRING, b.toString(), startLine, false));
                return true;
            } else {
                b.append(c);
                advance(1);
            }
        }
        problem = "a string opened on line " + startLine + " is never closed";
        return false;
    }

    private boolean doubleQuoted() {
        int startLine = line;
        advance(1);
        int start = pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < src.length()) {
                advance(2);
            } else if (c == '"') {
                String raw = src.substring(start, pos);
                advance(1);
                out.add(new PhpToken(PhpToken.Kind.STRING, unescape(raw), startLine, interpolates(raw)));
                return true;
            } else {
                advance(1);
            }
        }
        problem = "a string opened on line " + startLine + " is never closed";
        return false;
    }

    private boolean heredoc() {
        int startLine = line;
        int p = pos + 3;
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) {
            p++;
        }
        boolean nowdoc = p < src.length() && src.charAt(p) == '\'';
        boolean quoted = nowdoc || p < src.length() && src.charAt(p) == '"';
        if (quoted) {
            p++;
        }
        int nameStart = p;
        while (p < src.length() && isNamePart(src.charAt(p))) {
            p++;
        }
        String label = src.substring(nameStart, p);
        if (label.isEmpty() || label.length() > 256) {
            out.add(new PhpToken(PhpToken.Kind.PUNCT, "<", line, false));
            advance(1);
            return true;
        }
        if (quoted) {
            p++;
        }
        int nl = src.indexOf('\n', p);
        if (nl < 0) {
            problem = "a heredoc opened on line " + startLine + " is never closed";
            return false;
        }
        int bodyStart = nl + 1;
        // PHP 7.3+: the closing label may be indented and followed by any non-name character.
        int cursor = bodyStart;
        while (cursor <= src.length()) {
            int lineEnd = src.indexOf('\n', cursor);
            String l = src.substring(cursor, lineEnd < 0 ? src.length() : lineEnd);
            String trimmed = l.stripLeading();
            if (trimmed.startsWith(label) && (trimmed.length() == label.length()
                    || !isNamePart(trimmed.charAt(label.length())))) {
                int indent = l.length() - trimmed.length();
                String body = cursor > bodyStart ? src.substring(bodyStart, cursor - 1) : "";
                if (indent > 0) {
                    StringBuilder b = new StringBuilder();
                    for (String bl : body.split("\n", -1)) {
                        b.append(bl, Math.min(indent, leadingBlanks(bl)), bl.length()).append('\n');
                    }
                    body = b.length() > 0 ? b.substring(0, b.length() - 1) : "";
                }
                advance(cursor + indent + label.length() - pos);
                out.add(new PhpToken(PhpToken.Kind.STRING, nowdoc ? body : unescape(body), startLine,
                        !nowdoc && interpolates(body)));
                return true;
            }
            if (lineEnd < 0) {
                break;
            }
            cursor = lineEnd + 1;
        }
        problem = "a heredoc opened on line " + startLine + " is never closed";
        return false;
    }

    private static int leadingBlanks(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Whether a double-quoted body holds an unescaped {@code $name} or <code>{$</code>. */
    static boolean interpolates(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '$' && i + 1 < raw.length() && (isNameStart(raw.charAt(i + 1)) || raw.charAt(i + 1) == '{')) {
                return true;
            } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '$') {
                return true;
            }
        }
        return false;
    }

    /** PHP's double-quote escapes; unknown ones stay as written. */
    static String unescape(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                b.append(c);
                continue;
            }
            char n = raw.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'v' -> b.append('\u000b');
                case 'e' -> b.append('\u001b');
                case 'f' -> b.append('\f');
                case '\\' -> b.append('\\');
                case '$' -> b.append('$');
                case '"' -> b.append('"');
                case 'x' -> {
                    int end = i + 1;
                    while (end < raw.length() && end < i + 3 && Character.digit(raw.charAt(end), 16) >= 0) {
                        end++;
                    }
                    if (end == i + 1) {
                        b.append("\\x");
                    } else {
                        b.append((char) Integer.parseInt(raw.substring(i + 1, end), 16));
                        i = end - 1;
                    }
                }
                default -> {
                    if (n >= '0' && n <= '7') {
                        int end = i;
                        while (end < raw.length() && end < i + 3 && raw.charAt(end) >= '0' && raw.charAt(end) <= '7') {
                            end++;
                        }
                        b.append((char) (Integer.parseInt(raw.substring(i, end), 8) & 0xff));
                        i = end - 1;
                    } else {
                        b.append('\\').append(n);
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean isNameStart(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80;
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || c >= '0' && c <= '9';
    }

    private void advance(int n) {
        for (int i = 0; i < n && pos < src.length(); i++) {
            if (src.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }
    }
}
