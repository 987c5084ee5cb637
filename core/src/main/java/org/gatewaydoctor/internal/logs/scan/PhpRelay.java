package org.gatewaydoctor.internal.logs.scan;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PHP errors nginx relays ({@code FastCGI sent in stderr: "PHP message: PHP Fatal error:  ... in
 * /var/www/.../wp-content/plugins/x/y.php on line 3"}), read by hand instead of by the lazy expressions the
 * PHP signatures are written with. Two parts are read here:
 *
 * <ul>
 *   <li>{@link #FILE}, the PHP file a relayed error names, with its plugin or theme, that the PHP signatures
 *       of nginx and PHP-FPM end with: {@code java.util.regex} tries {@code " in "} at every character after
 *       the message and, at every {@code " in /"}, the plugin and theme alternatives at every character of
 *       the path. {@link #readFile} finds the same match with {@link String#indexOf(String, int)} and takes
 *       the same groups;
 *   <li>{@link #STDERR}, nginx's {@code FastCGI sent in stderr: "} followed by a lazy {@code [^\n]{0,65536}?}
 *       before the error's own expression (the <em>middle</em>, such as {@code PHP Fatal error:  (?!...)}):
 *       {@link Stderr} looks for the middle only where its leading literal occurs, and runs the middle's
 *       expression there ({@link Matcher#lookingAt()}), in the order the lazy quantifier would.
 * </ul>
 *
 * Each step follows the expression's quantifiers and its backtracking order, so the match ends at the same
 * character and the groups hold the same text; checks-http's and checks-phpfpm's tests compare both ways on
 * real and random lines and both copies of the expressions. Lengths are counted in characters: a line with
 * a surrogate (where {@code java.util.regex} counts code points) is left to the expression whole
 * ({@link #countable}). A pattern of any other shape runs whole, so a change to either copy of the
 * expressions costs speed, never results.
 */
public final class PhpRelay {

    /** The PHP-file expression the PHP signatures end with (checks-http's and checks-phpfpm's {@code PHP_FILE}). */
    public static final String FILE = "(?:[^\\n]{0,8192}? in (?<file>(?=/)(?:[^\\s\"'():]{0,1024}?/wp-content/(?:mu-)?"
            + "plugins/(?<plugin>[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}?)(?=/|\\.php)|[^\\s\"'():]{0,1024}?/wp-content/themes/"
            + "(?<theme>[A-Za-z0-9._-]{1,100}?)(?=/))?[^\\s\"'():]{0,1024}\\.php))?";
    /** The start of nginx's relayed-stderr expressions (checks-http's {@code STDERR}). */
    public static final String STDERR = "FastCGI sent in stderr: \"[^\\n]{0,65536}?";
    /** The names of {@link #FILE}'s groups, in order. */
    static final List<String> FILE_NAMES = List.of("file", "plugin", "theme");

    private static final String STDERR_TEXT = "FastCGI sent in stderr: \"";
    private static final String IN = " in ";
    private static final String WP_CONTENT = "/wp-content/";
    private static final String PHP = ".php";

    private PhpRelay() {
    }

    /**
     * Whether {@code text}'s lengths count the same in characters as in code points: it holds no
     * surrogate. Only such text is read by hand.
     */
    static boolean countable(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads {@link #FILE} at {@code from} (where the message's expression ended) as {@code java.util.regex}
     * would, puts the groups it matches into {@code fields} and returns where the match ends ({@code from}
     * when the optional part does not match). {@code text} must be {@link #countable}.
     */
    static int readFile(String t, int from, Map<String, String> fields) {
        return readFile(t, from, fields, false);
    }

    /** As {@link #readFile(String, int, Map)}; {@code oneLine}: {@code t} is known to hold no line break. */
    static int readFile(String t, int from, Map<String, String> fields, boolean oneLine) {
        int nl = oneLine ? -1 : t.indexOf('\n', from);
        int limit = nl < 0 ? t.length() : nl;
        // [^\n]{0,8192}? then " in ": each " in " in order, at most 8192 characters on and before a line break
        for (int p = t.indexOf(IN, from); p >= 0 && p - from <= 8192 && p <= limit; p = t.indexOf(IN, p + 1)) {
            int end = file(t, p + IN.length(), fields);
            if (end >= 0) {
                return end;
            }
        }
        return from;
    }

    private static final byte[] IN_BYTES = IN.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WP_CONTENT_BYTES = WP_CONTENT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLUGINS_BYTES = "plugins/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MU_PLUGINS_BYTES = "mu-plugins/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] THEMES_BYTES = "themes/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PHP_BYTES = PHP.getBytes(StandardCharsets.US_ASCII);

    /**
     * {@link #readFile(String, int, Map, boolean)} with {@code oneLine} of the text {@code b[off, off + len)} decodes
     * to, for bytes that are all ASCII and none NUL (the text is then those bytes, one character each, and holds no
     * line break when they are one line's): the same steps on the bytes, the literals looked for eight bytes at a
     * time ({@link Bytes#indexOf(byte[], int, int, byte[], int)}) and only where a match can lie, no text decoded but
     * the groups. {@code from} and the result are indexes into the text, as there.
     */
    static int readFile(byte[] b, int off, int len, int from, Map<String, String> fields) {
        int n = off + len;
        int start = off + from;
        // " in " at most 8192 characters on: the searches stop where such an occurrence would have to start
        int to = (int) Math.min(n, (long) start + 8192 + IN_BYTES.length);
        for (int p = Bytes.indexOf(b, start, to, IN_BYTES, 1); p >= 0; p = Bytes.indexOf(b, p + 1, to, IN_BYTES, 1)) {
            int end = file(b, p + IN_BYTES.length, n, fields);
            if (end >= 0) {
                return end - off;
            }
        }
        return from;
    }

    /** {@link #file(String, int, Map)} on ASCII bytes, the line ending at {@code n}: its end, or -1. */
    private static int file(byte[] b, int q, int n, Map<String, String> fields) {
        if (q >= n || b[q] != '/') {
            return -1;
        }
        int runEnd = q;
        while (runEnd < n && pathChar((char) b[runEnd])) {
            runEnd++;
        }
        int prefixMax = Math.min(1024, runEnd - q);
        // "/wp-content/" is all path characters: an occurrence the prefix can reach lies inside the run, starting at
        // most prefixMax on
        int wpTo = Math.min(runEnd, q + prefixMax + WP_CONTENT_BYTES.length);
        for (int y = Bytes.indexOf(b, q, wpTo, WP_CONTENT_BYTES, 3); y >= 0;
                y = Bytes.indexOf(b, y + 1, wpTo, WP_CONTENT_BYTES, 3)) {
            int z = y + WP_CONTENT_BYTES.length;
            int w = startsWith(b, z, n, MU_PLUGINS_BYTES) ? z + MU_PLUGINS_BYTES.length
                    : startsWith(b, z, n, PLUGINS_BYTES) ? z + PLUGINS_BYTES.length : -1;
            if (w < 0 || w >= n || !nameStart((char) b[w])) {
                continue;
            }
            for (int e = w + 1; ; e++) {
                if ((e < n && b[e] == '/') || startsWith(b, e, n, PHP_BYTES)) {
                    int end = php(b, e, runEnd, n);
                    if (end >= 0) {
                        fields.put("file", ascii(b, q, end));
                        fields.put("plugin", ascii(b, w, e));
                        return end;
                    }
                }
                if (e - (w + 1) >= 99 || e >= n || !nameChar((char) b[e])) {
                    break;
                }
            }
        }
        for (int y = Bytes.indexOf(b, q, wpTo, WP_CONTENT_BYTES, 3); y >= 0;
                y = Bytes.indexOf(b, y + 1, wpTo, WP_CONTENT_BYTES, 3)) {
            int w = y + WP_CONTENT_BYTES.length;
            if (!startsWith(b, w, n, THEMES_BYTES)) {
                continue;
            }
            w += THEMES_BYTES.length;
            for (int e = w + 1; e <= n && e - w <= 100 && nameChar((char) b[e - 1]); e++) {
                if (e < n && b[e] == '/') {
                    int end = php(b, e, runEnd, n);
                    if (end >= 0) {
                        fields.put("file", ascii(b, q, end));
                        fields.put("theme", ascii(b, w, e));
                        return end;
                    }
                }
            }
        }
        int end = php(b, q, runEnd, n);
        if (end >= 0) {
            fields.put("file", ascii(b, q, end));
        }
        return end;
    }

    /** {@link #php(String, int, int)} on ASCII bytes, the line ending at {@code n}. */
    private static int php(byte[] b, int e, int runEnd, int n) {
        // the last ".php" starting at most min(1024, runEnd - e) on from e (String#lastIndexOf's fromIndex)
        int last = e + Math.min(1024, runEnd - e);
        int k = Bytes.lastIndexOf(b, e, Math.min(n, last + PHP_BYTES.length), PHP_BYTES, 0);
        return k >= e ? k + PHP_BYTES.length : -1;
    }

    private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
        return at >= 0 && end - at >= prefix.length && Bytes.equalsAt(b, at, prefix);
    }

    /** The text of ASCII bytes {@code b[from, to)}. */
    static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** {@code (?<file>(?=/)(?:PLUGIN|THEME)?[^\s"'():]{0,1024}\.php)} at {@code q}: its end, or -1. */
    private static int file(String t, int q, Map<String, String> fields) {
        int n = t.length();
        if (q >= n || t.charAt(q) != '/') {
            return -1;
        }
        // every character the file group can consume is of [^\s"'():]: they all lie in the run from q
        int runEnd = q;
        while (runEnd < n && pathChar(t.charAt(runEnd))) {
            runEnd++;
        }
        int prefixMax = Math.min(1024, runEnd - q);
        // [^\s"'():]{0,1024}?/wp-content/(?:mu-)?plugins/(?<plugin>[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}?)(?=/|\.php)
        for (int y = t.indexOf(WP_CONTENT, q); y >= 0 && y - q <= prefixMax; y = t.indexOf(WP_CONTENT, y + 1)) {
            int z = y + WP_CONTENT.length();
            int w = t.startsWith("mu-plugins/", z) ? z + 11 : t.startsWith("plugins/", z) ? z + 8 : -1;
            if (w < 0 || w >= n || !nameStart(t.charAt(w))) {
                continue;
            }
            for (int e = w + 1; ; e++) {
                if ((e < n && t.charAt(e) == '/') || t.startsWith(PHP, e)) {
                    int end = php(t, e, runEnd);
                    if (end >= 0) {
                        fields.put("file", t.substring(q, end));
                        fields.put("plugin", t.substring(w, e));
                        return end;
                    }
                }
                if (e - (w + 1) >= 99 || e >= n || !nameChar(t.charAt(e))) {
                    break;
                }
            }
        }
        // [^\s"'():]{0,1024}?/wp-content/themes/(?<theme>[A-Za-z0-9._-]{1,100}?)(?=/)
        for (int y = t.indexOf(WP_CONTENT, q); y >= 0 && y - q <= prefixMax; y = t.indexOf(WP_CONTENT, y + 1)) {
            int w = y + WP_CONTENT.length();
            if (!t.startsWith("themes/", w)) {
                continue;
            }
            w += 7;
            for (int e = w + 1; e <= n && e - w <= 100 && nameChar(t.charAt(e - 1)); e++) {
                if (e < n && t.charAt(e) == '/') {
                    int end = php(t, e, runEnd);
                    if (end >= 0) {
                        fields.put("file", t.substring(q, end));
                        fields.put("theme", t.substring(w, e));
                        return end;
                    }
                }
            }
        }
        int end = php(t, q, runEnd);
        if (end >= 0) {
            fields.put("file", t.substring(q, end));
        }
        return end;
    }

    /**
     * {@code [^\s"'():]{0,1024}\.php} at {@code e}, inside the run of such characters that ends at
     * {@code runEnd}: greedy, so the last {@code .php} that starts at most 1024 characters on; its end, or -1.
     */
    private static int php(String t, int e, int runEnd) {
        int k = t.lastIndexOf(PHP, e + Math.min(1024, runEnd - e));
        return k >= e ? k + PHP.length() : -1;
    }

    /** {@code [^\s"'():]}: {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS is {@code [ \t\n\x0B\f\r]}. */
    private static boolean pathChar(char c) {
        return !(c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == '"' || c == '\''
                || c == '(' || c == ')' || c == ':');
    }

    /** {@code [A-Za-z0-9_-]}. */
    private static boolean nameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** {@code [A-Za-z0-9._-]}. */
    private static boolean nameChar(char c) {
        return nameStart(c) || c == '.';
    }

    /**
     * An expression {@code STDERR + middle}, where the middle starts with a literal of at least four characters
     * and uses no anchors or look-behind (so that it gives the same result run from where its literal occurs).
     *
     * @param middle the middle's expression, run with {@link Matcher#lookingAt()} at each occurrence of
     *     {@code literal}
     * @param names the middle's group names, in order
     */
    record Stderr(String literal, Pattern middle, List<String> names) {

        /** The stderr reading of {@code message}'s source, or null when it is not of that shape. */
        static Stderr of(String message) {
            if (!message.startsWith(STDERR) || message.length() == STDERR.length()) {
                return null;
            }
            String middle = message.substring(STDERR.length());
            if (middle.contains("^") || middle.contains("$") || middle.contains("\\b") || middle.contains("\\B")
                    || middle.contains("\\G") || middle.contains("\\A") || middle.contains("\\z")
                    || middle.contains("\\Z") || middle.contains("(?<=") || middle.contains("(?<!")) {
                return null;
            }
            int i = 0;
            while (i < middle.length() && "\\[](){}.*+?^$|".indexOf(middle.charAt(i)) < 0) {
                i++;
            }
            if (i < middle.length() && "?*{+".indexOf(middle.charAt(i)) >= 0) {
                i--; // the last character is quantified: not part of every match
            }
            if (i < 4) {
                return null;
            }
            try {
                Pattern p = Pattern.compile(middle);
                return new Stderr(middle.substring(0, i), p, ScanEngine.groupNames(p));
            } catch (RuntimeException e) {
                return null;
            }
        }

        /**
         * Finds {@code STDERR + middle} in {@code t} as {@link Matcher#find()} would: the first
         * {@code FastCGI sent in stderr: "}, then the first place its middle matches within 65536 characters
         * and before a line break; then the next occurrence. Returns the middle's matcher positioned on its
         * match, or null. {@code t} must be {@link #countable}.
         */
        Matcher find(String t, Matcher reuse) {
            return find(t, reuse, false);
        }

        /** As {@link #find(String, Matcher)}; {@code oneLine}: {@code t} is known to hold no line break. */
        Matcher find(String t, Matcher reuse, boolean oneLine) {
            int n = t.length();
            Matcher m = reuse == null ? middle.matcher(t) : reuse.reset(t);
            m.useTransparentBounds(true).useAnchoringBounds(false);
            for (int s = t.indexOf(STDERR_TEXT); s >= 0; s = t.indexOf(STDERR_TEXT, s + 1)) {
                int base = s + STDERR_TEXT.length();
                int nl = oneLine ? -1 : t.indexOf('\n', base);
                int limit = nl < 0 ? n : nl;
                for (int p = t.indexOf(literal, base); p >= 0 && p - base <= 65536 && p <= limit;
                        p = t.indexOf(literal, p + 1)) {
                    if (m.region(p, n).lookingAt()) {
                        return m;
                    }
                }
            }
            return null;
        }
    }
}
