package org.gatewaydoctor.internal.redact;

/** Character classes and small bounded searches over a {@link CharSequence}, by {@code charAt} only. */
final class Chars {

    private Chars() {
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Characters of names: letters, digits, {@code _ - . %}. */
    static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                || c == '.' || c == '%';
    }

    static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isQuote(char c) {
        return c == '\'' || c == '"' || c == '`';
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isLineEnd(char c) {
        return c == '\n' || c == '\r';
    }

    /** Whether {@code text} holds {@code literal} at {@code at}, ignoring ASCII case. */
    static boolean regionMatches(CharSequence text, int at, String literal) {
        if (at < 0 || at + literal.length() > text.length()) {
            return false;
        }
        for (int k = 0; k < literal.length(); k++) {
            char a = text.charAt(at + k);
            char b = literal.charAt(k);
            if (a != b && lower(a) != lower(b)) {
                return false;
            }
        }
        return true;
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /**
     * The first index {@code >= from} and {@code < to} where {@code literal} (case-insensitive) starts,
     * or -1. Work is bounded by {@code (to - from) * literal.length()}; callers use short literals.
     */
    static int indexOf(CharSequence text, String literal, int from, int to) {
        int last = Math.min(to, text.length()) - literal.length();
        char first = lower(literal.charAt(0));
        for (int i = Math.max(0, from); i <= last; i++) {
            if (lower(text.charAt(i)) == first && regionMatches(text, i, literal)) {
                return i;
            }
        }
        return -1;
    }

    /** The index after a run of at most {@code max} blanks starting at {@code from}. */
    static int skipBlanks(CharSequence text, int from, int max) {
        int i = from;
        int n = text.length();
        while (i < n && i - from < max && isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
