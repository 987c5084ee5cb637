package org.gatewaydoctor.internal.logs.scan;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request context nginx appends to a line about a request ({@code ngx_http_log_error_handler}:
 * {@code , client: %V, server: %V, request: "%V", upstream: "%V", host: "%V"}), read by hand instead of by
 * the regular expression {@link #REGEX} that nginx's signatures end with. The expression starts with a
 * lazy {@code [^\n]{0,65536}?}: {@code java.util.regex} tries {@code , client: } at every character of the
 * rest of the line, and a dense log pays for it on every hit. This reader finds the same occurrence with
 * {@link String#indexOf(String, int)} and takes the same fields, character for character: each step below
 * follows the expression's quantifiers and its (here always fruitless) backtracking.
 *
 * <p>A signature is read this way only when its pattern is exactly a message expression followed by
 * {@link #REGEX} with no flags ({@link #split}); the message part still runs as a regular expression.
 * Any other pattern runs whole, so a change to either copy of the expression costs speed, never results
 * (checks-http's tests compare both copies and both ways of reading on real and random lines).
 */
public final class RequestContext {

    /** The expression nginx's error-log signatures end with (checks-http's {@code NginxSignatureProvider.CONTEXT}). */
    public static final String REGEX = "(?:[^\\n]{0,65536}?, client: (?<client>[^,]{1,128}), server: (?<server>[^,]{0,256})"
            + "(?:, request: \"(?<request>[A-Z]{1,16} [^\"?\\s]{0,4096})(?:\\?[^\"\\s]{0,8192})?(?: HTTP/[0-9.]{1,3})?\")?"
            + "(?:, upstream: \"(?<upstream>[a-z0-9+]{1,16}://(?:unix:[^:\"]{1,512}|[^/\"]{1,512}))[^\"]{0,8192}\")?"
            + "(?:, host: \"(?<host>[^\"]{0,256})\")?)?";

    private static final String CLIENT = ", client: ";
    private static final String SERVER = ", server: ";
    private static final String REQUEST = ", request: \"";
    private static final String UPSTREAM = ", upstream: \"";
    private static final String HOST = ", host: \"";

    private RequestContext() {
    }

    /**
     * The message part of {@code pattern} when it ends with {@link #REGEX} (same flags), or null when it
     * does not and must run whole.
     */
    public static Pattern split(Pattern pattern) {
        String src = pattern.pattern();
        if (pattern.flags() != 0 || !src.endsWith(REGEX) || src.length() == REGEX.length()) {
            return null;
        }
        try {
            return Pattern.compile(src.substring(0, src.length() - REGEX.length()));
        } catch (RuntimeException e) {
            return null; // not a message expression on its own (cannot happen for a well-formed split)
        }
    }

    /**
     * Reads the context from {@code from} (where the message part's match ends) as {@link #REGEX} would
     * and puts the groups it matches into {@code fields}.
     */
    public static void read(String t, int from, Map<String, String> fields) {
        read(t, from, fields, false);
    }

    /** As {@link #read(String, int, Map)}; {@code oneLine}: {@code t} is known to hold no line break. */
    static void read(String t, int from, Map<String, String> fields, boolean oneLine) {
        int n = t.length();
        int newline = oneLine ? -1 : t.indexOf('\n', from);
        int q = from;
        while (true) {
            q = t.indexOf(CLIENT, q);
            // [^\n]{0,65536}? before it: at most 65536 characters, none a line break
            if (q < 0 || q - from > 65536 || (newline >= 0 && newline < q)) {
                return;
            }
            int c0 = q + CLIENT.length();
            int c = run(t, c0, 128, ',');
            if (c > c0 && t.startsWith(SERVER, c)) {
                int s0 = c + SERVER.length();
                int s = run(t, s0, 256, ',');
                fields.put("client", t.substring(c0, c));
                fields.put("server", t.substring(s0, s));
                int p = request(t, s, fields);
                p = upstream(t, p, fields);
                host(t, p, fields);
                return;
            }
            q++;
            if (q >= n) {
                return;
            }
        }
    }

    private static final byte[] CLIENT_BYTES = CLIENT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_BYTES = SERVER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_BYTES = REQUEST.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPSTREAM_BYTES = UPSTREAM.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST_BYTES = HOST.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_BYTES = " HTTP/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCHEME_END_BYTES = "://".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNIX_BYTES = "unix:".getBytes(StandardCharsets.US_ASCII);

    /**
     * {@link #read(String, int, Map, boolean)} with {@code oneLine} of the text {@code b[off, off + len)} decodes to,
     * for bytes that are all ASCII and none NUL (the text is then those bytes, one character each, and holds no line
     * break when they are one line's): the same steps on the bytes, {@code , client: } looked for eight bytes at a
     * time and only where the lazy prefix can reach, no text decoded but the fields. {@code from} is an index into
     * the text, as there.
     */
    static void read(byte[] b, int off, int len, int from, Map<String, String> fields) {
        int n = off + len;
        int start = off + from;
        // [^\n]{0,65536}? before it: an occurrence starts at most 65536 characters on
        int to = (int) Math.min(n, (long) start + 65536 + CLIENT_BYTES.length);
        for (int q = Bytes.indexOf(b, start, to, CLIENT_BYTES, 0); q >= 0;
                q = Bytes.indexOf(b, q + 1, to, CLIENT_BYTES, 0)) {
            int c0 = q + CLIENT_BYTES.length;
            int c = run(b, c0, n, 128, (byte) ',');
            if (c > c0 && startsWith(b, c, n, SERVER_BYTES)) {
                int s0 = c + SERVER_BYTES.length;
                int s = run(b, s0, n, 256, (byte) ',');
                fields.put("client", PhpRelay.ascii(b, c0, c));
                fields.put("server", PhpRelay.ascii(b, s0, s));
                int p = request(b, s, n, fields);
                p = upstream(b, p, n, fields);
                host(b, p, n, fields);
                return;
            }
        }
    }

    /** {@link #request(String, int, Map)} on ASCII bytes, the line ending at {@code n}. */
    private static int request(byte[] t, int p, int n, Map<String, String> fields) {
        if (!startsWith(t, p, n, REQUEST_BYTES)) {
            return p;
        }
        int r0 = p + REQUEST_BYTES.length;
        int a = r0;
        while (a < n && a - r0 < 16 && t[a] >= 'A' && t[a] <= 'Z') {
            a++;
        }
        if (a == r0 || a >= n || t[a] != ' ') {
            return p;
        }
        int b = a + 1;
        while (b < n && b - (a + 1) < 4096) {
            byte ch = t[b];
            if (ch == '"' || ch == '?' || space((char) ch)) {
                break;
            }
            b++;
        }
        int pos = b;
        if (pos < n && t[pos] == '?') {
            int c = pos + 1;
            while (c < n && c - (pos + 1) < 8192 && t[c] != '"' && !space((char) t[c])) {
                c++;
            }
            pos = c;
        }
        if (startsWith(t, pos, n, HTTP_BYTES)) {
            int d0 = pos + HTTP_BYTES.length;
            int d = d0;
            while (d < n && d - d0 < 3 && (t[d] == '.' || (t[d] >= '0' && t[d] <= '9'))) {
                d++;
            }
            if (d > d0 && d < n && t[d] == '"') {
                pos = d;
            }
        }
        if (pos < n && t[pos] == '"') {
            fields.put("request", PhpRelay.ascii(t, r0, b));
            return pos + 1;
        }
        return p;
    }

    /** {@link #upstream(String, int, Map)} on ASCII bytes, the line ending at {@code n}. */
    private static int upstream(byte[] t, int p, int n, Map<String, String> fields) {
        if (!startsWith(t, p, n, UPSTREAM_BYTES)) {
            return p;
        }
        int u0 = p + UPSTREAM_BYTES.length;
        int x = u0;
        while (x < n && x - u0 < 16) {
            byte ch = t[x];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+')) {
                break;
            }
            x++;
        }
        if (x == u0 || !startsWith(t, x, n, SCHEME_END_BYTES)) {
            return p;
        }
        int y = x + SCHEME_END_BYTES.length;
        if (startsWith(t, y, n, UNIX_BYTES)) {
            int z = y + UNIX_BYTES.length;
            int w = z;
            while (w < n && w - z < 512 && t[w] != ':' && t[w] != '"') {
                w++;
            }
            if (w > z) {
                int end = quoteWithin(t, w, n);
                if (end >= 0) {
                    fields.put("upstream", PhpRelay.ascii(t, u0, w));
                    return end + 1;
                }
            }
        }
        int v = y;
        while (v < n && v - y < 512 && t[v] != '/' && t[v] != '"') {
            v++;
        }
        if (v > y) {
            int end = quoteWithin(t, v, n);
            if (end >= 0) {
                fields.put("upstream", PhpRelay.ascii(t, u0, v));
                return end + 1;
            }
        }
        return p;
    }

    /** {@link #host(String, int, Map)} on ASCII bytes, the line ending at {@code n}. */
    private static void host(byte[] t, int p, int n, Map<String, String> fields) {
        if (!startsWith(t, p, n, HOST_BYTES)) {
            return;
        }
        int h0 = p + HOST_BYTES.length;
        int h = run(t, h0, n, 256, (byte) '"');
        if (h < n && t[h] == '"') {
            fields.put("host", PhpRelay.ascii(t, h0, h));
        }
    }

    /** {@link #quoteWithin(String, int)} on bytes, the line ending at {@code n}. */
    private static int quoteWithin(byte[] t, int from, int n) {
        int q = Bytes.indexOf(t, from, (int) Math.min(n, (long) from + 8193), (byte) '"');
        return q;
    }

    /** {@link #run(String, int, int, char)} on bytes, the line ending at {@code n}. */
    private static int run(byte[] t, int from, int n, int max, byte stop) {
        int end = Math.min(n, from + max);
        int i = from;
        while (i < end && t[i] != stop) {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
        return at >= 0 && end - at >= prefix.length && Bytes.equalsAt(b, at, prefix);
    }

    /** {@code , request: "(?<request>[A-Z]{1,16} [^"?\s]{0,4096})(?:\?[^"\s]{0,8192})?(?: HTTP/[0-9.]{1,3})?"}. */
    private static int request(String t, int p, Map<String, String> fields) {
        if (!t.startsWith(REQUEST, p)) {
            return p;
        }
        int n = t.length();
        int r0 = p + REQUEST.length();
        int a = r0;
        while (a < n && a - r0 < 16 && t.charAt(a) >= 'A' && t.charAt(a) <= 'Z') {
            a++;
        }
        if (a == r0 || a >= n || t.charAt(a) != ' ') {
            return p;
        }
        int b = a + 1;
        while (b < n && b - (a + 1) < 4096) {
            char ch = t.charAt(b);
            if (ch == '"' || ch == '?' || space(ch)) {
                break;
            }
            b++;
        }
        int pos = b;
        if (pos < n && t.charAt(pos) == '?') {
            int c = pos + 1;
            while (c < n && c - (pos + 1) < 8192 && t.charAt(c) != '"' && !space(t.charAt(c))) {
                c++;
            }
            pos = c;
        }
        if (t.startsWith(" HTTP/", pos)) {
            int d0 = pos + 6;
            int d = d0;
            while (d < n && d - d0 < 3 && (t.charAt(d) == '.' || (t.charAt(d) >= '0' && t.charAt(d) <= '9'))) {
                d++;
            }
            if (d > d0 && d < n && t.charAt(d) == '"') {
                pos = d;
            }
        }
        if (pos < n && t.charAt(pos) == '"') {
            fields.put("request", t.substring(r0, b));
            return pos + 1;
        }
        return p;
    }

    /** {@code , upstream: "(?<upstream>[a-z0-9+]{1,16}://(?:unix:[^:"]{1,512}|[^/"]{1,512}))[^"]{0,8192}"}. */
    private static int upstream(String t, int p, Map<String, String> fields) {
        if (!t.startsWith(UPSTREAM, p)) {
            return p;
        }
        int n = t.length();
        int u0 = p + UPSTREAM.length();
        int x = u0;
        while (x < n && x - u0 < 16) {
            char ch = t.charAt(x);
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+')) {
                break;
            }
            x++;
        }
        if (x == u0 || !t.startsWith("://", x)) {
            return p;
        }
        int y = x + 3;
        if (t.startsWith("unix:", y)) {
            int z = y + 5;
            int w = z;
            while (w < n && w - z < 512 && t.charAt(w) != ':' && t.charAt(w) != '"') {
                w++;
            }
            if (w > z) {
                int end = quoteWithin(t, w);
                if (end >= 0) {
                    fields.put("upstream", t.substring(u0, w));
                    return end + 1;
                }
            }
        }
        int v = y;
        while (v < n && v - y < 512 && t.charAt(v) != '/' && t.charAt(v) != '"') {
            v++;
        }
        if (v > y) {
            int end = quoteWithin(t, v);
            if (end >= 0) {
                fields.put("upstream", t.substring(u0, v));
                return end + 1;
            }
        }
        return p;
    }

    /** {@code , host: "(?<host>[^"]{0,256})"}. */
    private static void host(String t, int p, Map<String, String> fields) {
        if (!t.startsWith(HOST, p)) {
            return;
        }
        int h0 = p + HOST.length();
        int h = run(t, h0, 256, '"');
        if (h < t.length() && t.charAt(h) == '"') {
            fields.put("host", t.substring(h0, h));
        }
    }

    /** {@code [^"]{0,8192}"} from {@code from}: the closing quote's index, or -1. */
    private static int quoteWithin(String t, int from) {
        int q = t.indexOf('"', from);
        return q >= 0 && q - from <= 8192 ? q : -1;
    }

    /** The end of the longest run of at most {@code max} characters other than {@code stop} from {@code from}. */
    private static int run(String t, int from, int max, char stop) {
        int end = Math.min(t.length(), from + max);
        int i = from;
        while (i < end && t.charAt(i) != stop) {
            i++;
        }
        return i;
    }

    /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS: {@code [ \t\n\x0B\f\r]}. */
    private static boolean space(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == 0x0B || ch == '\f' || ch == '\r';
    }
}
