package org.gatewaydoctor.checks.wordpress.internal.php;

/**
 * One token of PHP source as {@link PhpLexer} sees it.
 *
 * @param kind what it is
 * @param text for {@link Kind#STRING}: the decoded value (escapes applied); otherwise the source text
 * @param line 1-based line where it starts
 * @param interpolated for a double-quoted or heredoc string: whether it interpolates variables, so its value is
 *     not static
 */
public record PhpToken(Kind kind, String text, int line, boolean interpolated) {

    /** Token kinds; comments, whitespace and inline HTML are dropped by the lexer. */
    public enum Kind {
        /** A name: {@code define}, {@code true}, {@code __DIR__}, {@code getenv}. */
        IDENT,
        /** {@code $name}. */
        VARIABLE,
        /** A string literal (value in {@code text}). */
        STRING,
        /** An integer or float literal. */
        NUMBER,
        /** One operator or punctuation character, or {@code ::}, {@code ->}, {@code ??}, {@code ?->}, {@code =>}. */
        PUNCT,
        /** {@code ?>}: PHP mode ends (an implicit {@code ;}). */
        CLOSE_TAG
    }

    public boolean is(String punct) {
        return (kind == Kind.PUNCT || kind == Kind.CLOSE_TAG) && text.equals(punct);
    }

    public boolean isIdent(String name) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(name);
    }
}
