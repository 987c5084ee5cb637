package org.gatewaydoctor.internal.redact;

/**
 * Credentials in the user info of URLs and addresses: {@code https://user:secret@host/},
 * {@code mysql://wp:secret@127.0.0.1/wp}, a password containing {@code /}, {@code @} or {@code :}
 * ({@code https://u:pa/ss@host}), and user info without a scheme as nginx prints an upstream it
 * cannot parse ({@code invalid port in upstream "user:secret@127.0.0.1:9000"}). A user name alone
 * is kept unless it is itself a token ({@code https://ghp_...@github.com}).
 *
 * <p>The text is cut once into tokens at blanks, quotes and angle brackets; each token is examined
 * with a bounded number of passes, so the work is linear.
 */
final class Userinfo {

    private Userinfo() {
    }

    static void scan(CharSequence t, Spans spans) {
        int n = t.length();
        String mask = org.gatewaydoctor.spi.Redactor.MASK;
        int i = 0;
        while (i < n) {
            if (isDelimiter(t.charAt(i))) {
                i++;
                continue;
            }
            if (t.charAt(i) == '[' && Chars.regionMatches(t, i, mask)) {
                // a mask ends a token: what a first pass masked (and the blanks it swallowed) must not join the
                // text around it into a "user:password@host" the first pass did not see
                i += mask.length();
                continue;
            }
            int e = i;
            boolean at = false;
            while (e < n && !isDelimiter(t.charAt(e)) && !(t.charAt(e) == '[' && Chars.regionMatches(t, e, mask))) {
                at |= t.charAt(e) == '@';
                e++;
            }
            if (at) {
                token(t, i, e, spans);
            }
            i = e;
        }
    }

    private static boolean isDelimiter(char c) {
        return c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}'
                || c == '|';
    }

    private static void token(CharSequence t, int start, int end, Spans spans) {
        int scheme = Chars.indexOf(t, "://", start, end);
        int authority;
        if (scheme >= 0) {
            authority = scheme + 3;
        } else {
            authority = start;
            // without a scheme: only "user:password@host" as a whole token (nginx's upstream address)
            while (authority < end && (t.charAt(authority) == '(' || t.charAt(authority) == '[')) {
                authority++;
            }
        }
        // with a scheme the password may hold '@', so the last one ends it; without one, the last '@'
        // with a host after it (so that "u:x@h:y@" reads the same before and after "y" is masked)
        int lastAt = -1;
        for (int k = end - 1; k >= authority; k--) {
            if (t.charAt(k) == '@' && (scheme >= 0 || lastAt < 0 || hostFollows(t, k + 1, end))) {
                lastAt = k;
                if (scheme >= 0 || hostFollows(t, k + 1, end)) {
                    break;
                }
            }
        }
        if (lastAt < 0) {
            return;
        }
        int colon = -1;
        for (int k = authority; k < lastAt; k++) {
            char c = t.charAt(k);
            if (c == ':') {
                colon = k;
                break;
            }
            if (c == '/' || c == '?' || c == '#' || c == '@') {
                break;
            }
        }
        if (colon < 0) {
            userOnly(t, authority, lastAt, scheme >= 0, spans);
            return;
        }
        if (colon == authority) {
            return;
        }
        if (isPort(t, colon + 1, lastAt)) {
            return; // host:8443/path/@handle
        }
        if (scheme < 0 && !plainUser(t, authority, colon)) {
            return;
        }
        if (scheme < 0 && !hostFollows(t, lastAt + 1, end)) {
            return;
        }
        if (!(lastAt - colon - 1 == org.gatewaydoctor.spi.Redactor.MASK.length()
                && Chars.regionMatches(t, colon + 1, org.gatewaydoctor.spi.Redactor.MASK))) {
            spans.add(colon + 1, lastAt);
        }
    }

    /** {@code https://token@host}: the user name is masked only when it is a token. */
    private static void userOnly(CharSequence t, int from, int at, boolean url, Spans spans) {
        if (!url || at - from < 20) {
            return;
        }
        boolean digit = false;
        boolean letter = false;
        for (int k = from; k < at; k++) {
            char c = t.charAt(k);
            if (c == '/' || c == '?' || c == '#') {
                return;
            }
            digit |= Chars.isDigit(c);
            letter |= Chars.isLetter(c);
        }
        if (digit && letter) {
            spans.add(from, at);
        }
    }

    /**
     * Whether {@code host:8443/path/@handle}: digits up to a {@code /}, {@code ?} or {@code #} and the
     * {@code @} starting a path segment. Anything else between the colon and the {@code @} is a
     * password, digits only ({@code user:12345@host}) or starting with digits ({@code user:2/x@host}) too.
     */
    private static boolean isPort(CharSequence t, int from, int at) {
        int k = from;
        while (k < at && Chars.isDigit(t.charAt(k))) {
            k++;
        }
        if (k == from || k == at) {
            return false;
        }
        char c = t.charAt(k);
        return (c == '/' || c == '?' || c == '#') && t.charAt(at - 1) == '/';
    }

    private static boolean plainUser(CharSequence t, int from, int to) {
        if (Chars.regionMatches(t, from, "mailto:") && to - from == 6) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = t.charAt(k);
            if (!(Chars.isNameChar(c) || c == '~' || c == '!' || c == '$' || c == '+' || c == '*')) {
                return false;
            }
        }
        return true;
    }

    /** A host name, IPv4 or bracketed IPv6 address right after the {@code @}. */
    private static boolean hostFollows(CharSequence t, int from, int to) {
        if (from >= to) {
            return false;
        }
        char c = t.charAt(from);
        if (c == '[') {
            // a bracketed IPv6 address starts with a hex digit or a colon; "[REDACTED]" (a mask) is no host
            return from + 1 < to && (Chars.isDigit(t.charAt(from + 1)) || t.charAt(from + 1) == ':'
                    || "abcdefABCDEF".indexOf(t.charAt(from + 1)) >= 0);
        }
        return Chars.isLetter(c) || Chars.isDigit(c) || c == '_';
    }
}
