package org.gatewaydoctor.internal.redact;

import java.util.Set;
import org.gatewaydoctor.spi.Redactor;

/**
 * The word-driven detectors: one left-to-right pass over the names in a text. A name that holds a
 * secret ({@link SecretNames}) has its value masked in whatever syntax follows it; the name itself,
 * quotes and separators stay, so the line stays readable:
 * <ul>
 *   <li>{@code k=v}, {@code k: v}, {@code k => v}, {@code "k":"v"}, {@code \"k\":\"v\"} (JSON inside a
 *       log line), {@code 'k' => 'v'} (PHP arrays), {@code define('K', 'v' . 'w')} (every concatenated
 *       literal), {@code --k=v}, {@code K="v"} (shell), {@code ?k=v&}, {@code k%77=v} (encoded names);</li>
 *   <li>{@code Authorization}/{@code Proxy-Authorization} (scheme kept), {@code Cookie} (every value),
 *       {@code Set-Cookie} (the value, not the attributes), {@code X-Api-Key: v} and
 *       {@code X-Api-Key v};</li>
 *   <li>a bare {@code Bearer <token>} or {@code Basic <credentials>} (HAProxy's captured headers,
 *       {@code {Bearer ...|Mozilla/5.0}});</li>
 *   <li>SQL {@code IDENTIFIED BY '...'}, {@code IDENTIFIED ... USING PASSWORD('...')},
 *       {@code PASSWORD('...')}, {@code SET PASSWORD [FOR user] = '...'};</li>
 *   <li>a MySQL/MariaDB client's {@code -pSECRET} ({@code mysql -u wp -pSECRET}, {@code mysqldump});</li>
 *   <li>PHP {@code var_dump} output, whose value stands on the line after the key
 *       ({@code ["password"]=>} / {@code string(6) "..."});</li>
 *   <li>credential arguments of functions in PHP stack traces ({@link Traces});</li>
 *   <li>tokens recognisable on their own: JSON Web Tokens, GitHub, GitLab, Slack and Stripe keys, PHP
 *       session file names.</li>
 * </ul>
 *
 * <p>Every step moves forward: a name is read once, a lookahead is bounded by a constant, a value
 * is read once and scanning continues after it; so the work is linear in the length of the text.
 */
final class Words {

    private static final String MASK = Redactor.MASK;
    private static final int MAX_BLANKS = 16;

    private static final Set<String> KEEP = Set.of("yes", "no", "true", "false", "null", "none", "nil", "empty",
            "on", "off", "-", "undefined", "required", "optional");

    private static final Set<String> SCHEMES = Set.of("bearer", "basic", "digest", "negotiate", "ntlm", "token",
            "hoba", "mutual", "oauth", "hmac", "apikey", "sharedkey", "aws4-hmac-sha256", "aws", "dpop", "gsskrb5",
            "privatetoken", "sso");

    private static final String[] TOKEN_PREFIXES = {"github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
        "glpat-", "xoxb-", "xoxp-", "xoxa-", "xoxs-", "xapp-", "sk_live_", "rk_live_", "sk_test_", "sk-proj-",
        "sess_"};

    private final CharSequence t;
    private final int n;
    private final Spans spans;
    private int traceEnd = -1;

    private Words(CharSequence text, Spans spans) {
        this.t = text;
        this.n = text.length();
        this.spans = spans;
    }

    static void scan(CharSequence text, Spans spans) {
        new Words(text, spans).run();
    }

    private void run() {
        int i = 0;
        while (i < n) {
            if (!Chars.isNameChar(t.charAt(i))) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && Chars.isNameChar(t.charAt(j))) {
                j++;
            }
            i = Math.max(j, word(i, j));
        }
    }

    /** Handles the name {@code t[i, j)}; returns where scanning goes on (at least {@code j}). */
    private int word(int i, int j) {
        if (j < n && t.charAt(j) == '(') {
            return call(i, j);
        }
        if (bareToken(i, j)) {
            return j;
        }
        int len = j - i;
        if (len == 10 && Chars.regionMatches(t, i, "identified")) {
            return identifiedBy(j);
        }
        if (len >= 2 && t.charAt(i) == '-' && t.charAt(i + 1) == 'p' && (i == 0 || Chars.isBlank(t.charAt(i - 1)))
                && mysqlClientBefore(i)) {
            return clientPassword(i + 2);
        }
        if (len == 8 && Chars.regionMatches(t, i, "password") && previousWordIs(i, "set")) {
            return setPassword(j);
        }
        if (len == 6 && Chars.regionMatches(t, i, "bearer") || len == 5 && Chars.regionMatches(t, i, "basic")) {
            return schemeToken(j);
        }
        boolean quotedName = i > 0 && Chars.isQuote(t.charAt(i - 1));
        // most words of a line are prose: look for a separator before building the name
        int separatorEnd = separator(j, quotedName);
        boolean headerLike = len > 2 && (t.charAt(i) == 'x' || t.charAt(i) == 'X')
                && (t.charAt(i + 1) == '-' || t.charAt(i + 1) == '_');
        if (separatorEnd < 0 && !(headerLike && separatorBlank)) {
            return j;
        }
        String name = SecretNames.normalize(t, i, j);
        if (name == null) {
            return j;
        }
        SecretNames.Kind kind = SecretNames.classify(name);
        if (kind == SecretNames.Kind.NONE) {
            return j;
        }
        if (kind == SecretNames.Kind.QUERY_ONLY && (i == 0 || "?&;".indexOf(t.charAt(i - 1)) < 0)) {
            return j;
        }
        if (separatorEnd < 0) {
            return kind == SecretNames.Kind.HEADER_VALUE ? bareCredential(separatorAt, j) : j;
        }
        int v = Chars.skipBlanks(t, separatorEnd, MAX_BLANKS);
        return switch (kind) {
            case AUTHORIZATION -> headerValue(v, true);
            case COOKIE -> cookies(v, false);
            case SET_COOKIE -> cookies(v, true);
            case HEADER_VALUE -> separatorColon ? headerValue(v, false) : value(v);
            default -> value(v);
        };
    }

    /** {@code name(}: a credential function of a stack trace, or SQL's {@code PASSWORD('...')}. */
    private int call(int i, int j) {
        int[] positions = Traces.credentialPositions(t, i, j);
        if (positions != null && i >= traceEnd) {
            traceEnd = Traces.maskArguments(t, j + 1, positions, spans);
            return j + 1;
        }
        if (j - i == 8 && Chars.regionMatches(t, i, "password")) {
            Quoted q = openQuote(j + 1);
            if (q != null && q.backslashes == 0) {
                return maskQuoted(q);
            }
        }
        return j;
    }

    /** Set by {@link #separator}: whether blanks came before it, whether it is a colon, where it (or the value) starts. */
    private boolean separatorBlank;
    private boolean separatorColon;
    private int separatorAt;

    /**
     * The end of the separator between a name ending at {@code j} and its value ({@code =},
     * {@code :}, {@code =>}, {@code :=}, {@code ,} after a quoted name), after closing quotes and
     * blanks; -1 if there is none.
     */
    private int separator(int j, boolean quotedName) {
        int p = skipClosers(j);
        int afterClosers = p;
        p = Chars.skipBlanks(t, p, MAX_BLANKS);
        separatorBlank = p > afterClosers;
        separatorColon = false;
        separatorAt = p;
        if (p >= n) {
            return -1;
        }
        char c = t.charAt(p);
        if (c == '=') {
            char next = p + 1 < n ? t.charAt(p + 1) : 0;
            if (next == '=' && (separatorBlank || p + 2 >= n || Chars.isBlank(t.charAt(p + 2))
                    || t.charAt(p + 2) == '=')) {
                return -1; // a comparison: token == null; but VAR==x assigns "=x"
            }
            return next == '>' ? p + 2 : p + 1;
        }
        if (c == ':') {
            char next = p + 1 < n ? t.charAt(p + 1) : 0;
            if (next == ':') {
                return -1; // Class::member
            }
            separatorColon = true;
            return next == '=' ? p + 2 : p + 1;
        }
        if (c == ',' && quotedName) {
            return p + 1; // define('DB_PASSWORD', '...'), setOption('password', '...')
        }
        return -1;
    }

    /** Skips the closing quotes and brackets of a quoted or bracketed name: {@code "}, {@code \"}, {@code ']}. */
    private int skipClosers(int from) {
        int p = from;
        for (int k = 0; k < 4 && p < n; k++) {
            char c = t.charAt(p);
            if (Chars.isQuote(c) || c == ']') {
                p++;
            } else if (c == '\\') {
                int r = backslashes(p);
                if (p + r < n && Chars.isQuote(t.charAt(p + r))) {
                    p += r + 1;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        return p;
    }

    /** A value after a separator: quoted (with PHP concatenation) or bare. */
    private int value(int v) {
        if (v >= n) {
            return v;
        }
        if (startsWithMask(v)) {
            return v + MASK.length();
        }
        Quoted q = openQuote(v);
        if (q != null) {
            int after = maskQuoted(q);
            // PHP concatenation: 'abc' . 'def' . "ghi"
            while (true) {
                int p = Chars.skipBlanks(t, after, 8);
                if (p >= n || t.charAt(p) != '.' || p + 1 < n && t.charAt(p + 1) == '.') {
                    return after;
                }
                p = Chars.skipBlanks(t, p + 1, 8);
                Quoted next = openQuote(p);
                if (next == null) {
                    return after;
                }
                after = maskQuoted(next);
            }
        }
        char c = t.charAt(v);
        if (Chars.isLineEnd(c)) {
            return varDumpString(v);
        }
        if (c == '{' || c == '[' || c == '(' || c == '$' || c == ',' || c == ';' || c == '&') {
            return v;
        }
        int call = v;
        while (call < n && call - v <= SecretNames.MAX_NAME && (Chars.isLetter(t.charAt(call))
                || Chars.isDigit(t.charAt(call)) || t.charAt(call) == '_')) {
            call++;
        }
        if (call > v && call < n && t.charAt(call) == '(') {
            return v; // a function call: PASSWORD('x'), getenv('DB_PASSWORD'); its arguments are read as usual
        }
        int e = v;
        while (e < n && !isValueEnd(e)) {
            e++;
        }
        if (!keep(v, e)) {
            spans.add(v, e);
        }
        return e;
    }

    /**
     * PHP's {@code var_dump} puts a key's value on the next line: {@code ["password"]=>} then
     * {@code   string(6) "secret"}. From the line end at {@code v}, masks such a string and returns the
     * index after it; otherwise returns {@code v}.
     */
    private int varDumpString(int v) {
        int p = v;
        if (p < n && t.charAt(p) == '\r') {
            p++;
        }
        if (p >= n || t.charAt(p) != '\n') {
            return v;
        }
        p = Chars.skipBlanks(t, p + 1, MAX_BLANKS);
        if (!Chars.regionMatches(t, p, "string(")) {
            return v;
        }
        p += 7;
        int digits = p;
        while (p < n && p - digits < 10 && Chars.isDigit(t.charAt(p))) {
            p++;
        }
        if (p == digits || p + 2 >= n || t.charAt(p) != ')' || t.charAt(p + 1) != ' ' || t.charAt(p + 2) != '"') {
            return v;
        }
        return maskQuoted(new Quoted(0, '"', p + 3));
    }

    private boolean isValueEnd(int k) {
        char c = t.charAt(k);
        switch (c) {
            case ' ', '\t', '\n', '\r', '&', ';', ',', '"', '\'', '`', ')', ']', '}', '|', '<', '>' -> {
                return true;
            }
            case '\\' -> {
                if (k + 1 >= n) {
                    return true;
                }
                char d = t.charAt(k + 1);
                return d == '"' || d == '\'' || d == 'n' || d == 'r' || d == 't' || d == '\\';
            }
            default -> {
                return false;
            }
        }
    }

    private boolean keep(int from, int to) {
        if (to - from > 16) {
            return false;
        }
        String v = t.subSequence(from, to).toString();
        if (KEEP.contains(v.toLowerCase(java.util.Locale.ROOT))) {
            return true;
        }
        for (int k = 0; k < v.length(); k++) {
            if (v.charAt(k) != '*') {
                return false;
            }
        }
        return true; // already masked by the application: ********
    }

    /** An {@code Authorization}-like header value up to the end of the line, quote or capture field. */
    private int headerValue(int v, boolean keepScheme) {
        if (v >= n) {
            return v;
        }
        int[] region = region(v);
        int s = region[0];
        int e = region[1];
        if (keepScheme) {
            int w = Chars.skipBlanks(t, s, 8);
            int we = w;
            while (we < e && we - w < 24 && (Chars.isLetter(t.charAt(we)) || Chars.isDigit(t.charAt(we))
                    || t.charAt(we) == '-')) {
                we++;
            }
            if (we > w && we < e && Chars.isBlank(t.charAt(we))
                    && SCHEMES.contains(t.subSequence(w, we).toString().toLowerCase(java.util.Locale.ROOT))) {
                s = Chars.skipBlanks(t, we, 8);
            }
        }
        while (e > s && Chars.isBlank(t.charAt(e - 1))) {
            e--;
        }
        // one mask is what a first pass left; a mask with more (a registered secret, then the rest of the
        // credentials: [REDACTED]rest) is masked whole
        if (!(e - s == MASK.length() && startsWithMask(s))) {
            spans.add(s, e);
        }
        return region[2];
    }

    /** {@code Cookie: a=1; b=2} masks 1 and 2; {@code Set-Cookie: a=1; path=/} masks 1. */
    private int cookies(int v, boolean setCookie) {
        if (v >= n) {
            return v;
        }
        int[] region = region(v);
        int k = region[0];
        int e = region[1];
        while (k < e) {
            int segmentEnd = k;
            while (segmentEnd < e && t.charAt(segmentEnd) != ';') {
                segmentEnd++;
            }
            int a = k;
            while (a < segmentEnd && Chars.isBlank(t.charAt(a))) {
                a++;
            }
            int eq = a;
            while (eq < segmentEnd && t.charAt(eq) != '=') {
                eq++;
            }
            // a cookie's name is a token (RFC 6265); anything else before the '=' is no name but part of what
            // the header carries, masked with its value: other detectors may mask across such a "name"
            // (user:pass@host), and a second pass, no longer seeing the '=', must find the same mask
            boolean named = eq < segmentEnd && isToken(a, eq);
            int valueStart = named ? eq + 1 : a;
            int valueEnd = segmentEnd;
            while (valueEnd > valueStart && Chars.isBlank(t.charAt(valueEnd - 1))) {
                valueEnd--;
            }
            // a value that is one mask is what a first pass left (a value, or a whole segment); a mask with more
            // (a registered secret and the rest of the cookie: [REDACTED]rest) is masked whole again
            if (!(valueEnd - valueStart == MASK.length() && startsWithMask(valueStart))) {
                spans.add(valueStart, valueEnd);
            }
            if (setCookie) {
                break;
            }
            k = segmentEnd + 1;
        }
        return region[2];
    }

    /**
     * Whether {@code t[from, to)} is a {@code token} as cookie names (RFC 6265) and auth-param names (RFC 7235)
     * are: only RFC 7230's {@code tchar}s (ASCII letters, digits and {@code !#$%&'*+-.^_`|~}), or empty (a
     * nameless cookie, {@code =value}).
     */
    private boolean isToken(int from, int to) {
        for (int k = from; k < to; k++) {
            char c = t.charAt(k);
            if (!(Chars.isLetter(c) || Chars.isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The extent of a header value starting at {@code v}: {start, end, continue-at}. Quoted: up to
     * the closing quote; otherwise up to the end of the line, a double quote or a HAProxy capture
     * separator ({@code |}, <code>}</code>).
     */
    private int[] region(int v) {
        Quoted q = openQuote(v);
        if (q != null) {
            int close = closeQuote(q);
            return new int[] {q.contentStart, close, closed(q, close)};
        }
        int e = v;
        while (e < n) {
            char c = t.charAt(e);
            if (Chars.isLineEnd(c) || c == '"' || c == '|' || c == '}'
                    || c == '\\' && e + 1 < n && (t.charAt(e + 1) == '"' || t.charAt(e + 1) == 'n')) {
                break;
            }
            e++;
        }
        return new int[] {v, e, e};
    }

    /** {@code X-Api-Key <value>}. */
    private int bareCredential(int p, int j) {
        if (startsWithMask(p)) {
            return p + MASK.length();
        }
        int e = tokenEnd(p);
        if (e > p) {
            spans.add(p, e);
            return e;
        }
        return j;
    }

    /** {@code Bearer <token>} and {@code Basic <credentials>} outside a header (HAProxy captures, prose). */
    private int schemeToken(int j) {
        if (j >= n || !Chars.isBlank(t.charAt(j))) {
            return j;
        }
        int p = Chars.skipBlanks(t, j, 4);
        if (startsWithMask(p)) {
            return p + MASK.length();
        }
        int e = tokenEnd(p);
        if (credentialLike(p, e)) {
            spans.add(p, e);
            return e;
        }
        return j;
    }

    private int tokenEnd(int p) {
        int e = p;
        while (e < n) {
            char c = t.charAt(e);
            if (c <= ' ' || c == '"' || c == '\'' || c == '`' || c == '|' || c == '}' || c == ',' || c == ';'
                    || c == ')' || c == '<' || c == '>' || c == '\\') {
                break;
            }
            e++;
        }
        return e;
    }

    /**
     * Looks like a token rather than a word of prose: 4+ characters, not a lower-case or capitalised
     * word ("bearer of bad news", "Basic Authentication"), not an auth-param ({@code realm="..."}).
     */
    private boolean credentialLike(int p, int e) {
        if (e - p < 4) {
            return false;
        }
        int lastNonEquals = e;
        while (lastNonEquals > p && t.charAt(lastNonEquals - 1) == '=') {
            lastNonEquals--;
        }
        boolean word = true;
        for (int k = p; k < lastNonEquals; k++) {
            char c = t.charAt(k);
            if (c == '=') {
                // an auth-param (realm="...", charset=...) names itself with a token; an '=' after anything else
                // is part of a credential: other detectors may mask across it (u:a=b@host), and a second pass,
                // no longer seeing it, must find the same mask
                return !isToken(p, k);
            }
            word &= c >= 'a' && c <= 'z' || k == p && c >= 'A' && c <= 'Z';
        }
        return !word;
    }

    /** JSON Web Tokens and API keys with a recognisable prefix. */
    private boolean bareToken(int i, int j) {
        int len = j - i;
        if (len >= 24 && t.charAt(i) == 'e' && Chars.regionMatches(t, i, "eyJ") && t.charAt(i + 2) == 'J') {
            int dots = 0;
            for (int k = i; k < j; k++) {
                dots += t.charAt(k) == '.' ? 1 : 0;
            }
            if (dots >= 2) {
                spans.add(i, j);
                return true;
            }
        }
        for (String prefix : TOKEN_PREFIXES) {
            if (len >= prefix.length() + 8 && t.charAt(i) == prefix.charAt(0) && startsWith(i, prefix)) {
                spans.add(i + prefix.length(), j);
                return true;
            }
        }
        return false;
    }

    private static final String[] MYSQL_CLIENTS = {"mysql", "mysqldump", "mysqladmin", "mysqlcheck", "mysqlimport",
        "mysqlshow", "mysqlpump", "mysqlbinlog", "mariadb", "mariadb-dump", "mariadb-admin", "mariadb-check",
        "mariadb-import", "mariadb-show", "mariadb-binlog"};

    /**
     * Whether a MySQL/MariaDB client's name stands as a word within the 160 characters before {@code i}
     * on the same line ({@code mysql -u wp -pSECRET}, {@code /usr/bin/mysqldump --opt -pSECRET db}).
     */
    private boolean mysqlClientBefore(int i) {
        int from = Math.max(0, i - 160);
        for (int k = i - 1; k >= from; k--) {
            if (Chars.isLineEnd(t.charAt(k))) {
                from = k + 1;
                break;
            }
        }
        int p = from;
        while (p < i) {
            if (!Chars.isNameChar(t.charAt(p))) {
                p++;
                continue;
            }
            int e = p;
            while (e < i && Chars.isNameChar(t.charAt(e))) {
                e++;
            }
            for (String client : MYSQL_CLIENTS) {
                if (e - p == client.length() && Chars.regionMatches(t, p, client)) {
                    return true;
                }
            }
            p = e;
        }
        return false;
    }

    /**
     * The client's {@code -pSECRET} (no blank: the only form that carries the password itself):
     * quoted or up to the next blank. A lone {@code -p} asks for the password and has none.
     */
    private int clientPassword(int v) {
        if (v >= n || Chars.isBlank(t.charAt(v)) || Chars.isLineEnd(t.charAt(v))) {
            return v;
        }
        if (startsWithMask(v)) {
            return v + MASK.length();
        }
        Quoted q = openQuote(v);
        if (q != null) {
            return maskQuoted(q);
        }
        int e = v;
        while (e < n && !Chars.isBlank(t.charAt(e)) && !Chars.isLineEnd(t.charAt(e))) {
            e++;
        }
        spans.add(v, e);
        return e;
    }

    /** Whether the word before {@code i} (blanks between) is {@code word}, in any case. */
    private boolean previousWordIs(int i, String word) {
        int k = i - 1;
        int blanks = 0;
        while (k >= 0 && Chars.isBlank(t.charAt(k)) && blanks < MAX_BLANKS) {
            k--;
            blanks++;
        }
        if (blanks == 0) {
            return false;
        }
        int start = k - word.length() + 1;
        return start >= 0 && Chars.regionMatches(t, start, word) && (start == 0 || !Chars.isNameChar(t.charAt(start - 1)));
    }

    /**
     * SQL {@code SET PASSWORD [FOR user] = 'x'} (MySQL 5.7+/MariaDB take the plain text; the
     * {@code PASSWORD('x')} form is handled as a call): masks the quoted value after the {@code =}.
     */
    private int setPassword(int j) {
        int limit = Math.min(n, j + 200);
        int p = j;
        while (p < limit) {
            char c = t.charAt(p);
            if (Chars.isLineEnd(c) || c == ';') {
                return j;
            }
            if (c == '\'' || c == '"' || c == '`') {
                // the account: 'wp'@'localhost'
                int close = p + 1;
                while (close < limit && t.charAt(close) != c && !Chars.isLineEnd(t.charAt(close))) {
                    close++;
                }
                p = close + 1;
                continue;
            }
            if (c == '=') {
                int v = Chars.skipBlanks(t, p + 1, MAX_BLANKS);
                Quoted q = openQuote(v);
                return q != null ? maskQuoted(q) : p + 1;
            }
            p++;
        }
        return j;
    }

    /** SQL: {@code IDENTIFIED BY 'x'}, {@code IDENTIFIED WITH plugin BY 'x'}, {@code IDENTIFIED VIA ... USING PASSWORD('x')}. */
    private int identifiedBy(int j) {
        int limit = Math.min(n, j + 120);
        boolean by = false;
        int p = j;
        while (p < limit) {
            char c = t.charAt(p);
            if ((c == '\'' || c == '"') && by) {
                return maskQuoted(new Quoted(0, c, p + 1));
            }
            if (Chars.isLineEnd(c) || c == ';' || c == '\'' || c == '"') {
                return j;
            }
            if (Chars.isLetter(c)) {
                int we = p;
                while (we < limit && Chars.isNameChar(t.charAt(we))) {
                    we++;
                }
                by |= we - p == 2 && Chars.regionMatches(t, p, "by") || we - p == 5 && Chars.regionMatches(t, p, "using");
                p = we;
                continue;
            }
            p++;
        }
        return j;
    }

    /** A quote opened at {@code at}, possibly escaped ({@code \"} inside a JSON string), or {@code null}. */
    private Quoted openQuote(int at) {
        if (at >= n) {
            return null;
        }
        int b = backslashes(at);
        if (b > 8 || at + b >= n) {
            return null;
        }
        char q = t.charAt(at + b);
        return Chars.isQuote(q) ? new Quoted(b, q, at + b + 1) : null;
    }

    /** Masks the content of a quoted value (unless already masked) and returns the index after its closing quote. */
    private int maskQuoted(Quoted q) {
        int close = closeQuote(q);
        if (!(close - q.contentStart == MASK.length() && startsWithMask(q.contentStart))) {
            spans.add(q.contentStart, close);
        }
        return closed(q, close);
    }

    private int closed(Quoted q, int close) {
        if (close >= n || Chars.isLineEnd(t.charAt(close))) {
            return close;
        }
        return close + q.backslashes + 1;
    }

    /**
     * Where the content of {@code q} ends: at the start of the closing sequence (as many backslashes
     * as opened it, then the quote), or at the end of the line when it never closes.
     */
    private int closeQuote(Quoted q) {
        int k = q.contentStart;
        while (k < n) {
            char c = t.charAt(k);
            if (Chars.isLineEnd(c)) {
                return k;
            }
            if (q.backslashes == 0) {
                if (c == '\\') {
                    k += 2;
                    continue;
                }
                if (c == q.quote) {
                    if (c == '\'' && k + 1 < n && t.charAt(k + 1) == '\'') {
                        k += 2; // SQL's doubled quote
                        continue;
                    }
                    return k;
                }
            } else if (c == q.quote) {
                int r = 0;
                while (k - r - 1 >= q.contentStart && t.charAt(k - r - 1) == '\\') {
                    r++;
                }
                if (r == q.backslashes) {
                    return k - r;
                }
            }
            k++;
        }
        return n;
    }

    private int backslashes(int at) {
        int r = 0;
        while (at + r < n && r < 9 && t.charAt(at + r) == '\\') {
            r++;
        }
        return r;
    }

    private boolean startsWithMask(int at) {
        return startsWith(at, MASK);
    }

    private boolean startsWith(int at, String literal) {
        if (at < 0 || at + literal.length() > n) {
            return false;
        }
        for (int k = 0; k < literal.length(); k++) {
            if (t.charAt(at + k) != literal.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A quoted value: how many backslashes escape its quotes, the quote, where its content starts. */
    private record Quoted(int backslashes, char quote, int contentStart) {
    }
}
