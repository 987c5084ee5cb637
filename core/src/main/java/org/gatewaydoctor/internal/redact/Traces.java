package org.gatewaydoctor.internal.redact;

import java.util.Map;

/**
 * Arguments of credential functions in PHP stack traces, masked by position.
 *
 * <p>PHP prints a frame as {@code #0 /path/file.php(12): name(arg, arg, ...)} where {@code name} is
 * {@code function}, {@code Class->method} or {@code Class::method}; a string argument is written
 * {@code 'value'} with backslash, newline and other control characters escaped but a single quote
 * not escaped, cut after {@code zend.exception_string_param_max_len} characters (15 by default) as
 * {@code 'hunter2-CANARY-...'}; objects are {@code Object(Class)}, arrays {@code Array}, null
 * {@code NULL}, arguments are separated by {@code ", "} (php-src {@code Zend/zend_exceptions.c},
 * {@code _build_trace_args}; shapes checked against PHP 8.2's own output). PHP 8.2 marks some
 * parameters {@code #[\SensitiveParameter]} ({@code Object(SensitiveParameterValue)}), older PHP
 * and user code such as WordPress's {@code wpdb->__construct} do not. The same frames reach other
 * logs relayed: nginx's {@code FastCGI sent in stderr: "PHP message: ..."} and PHP-FPM's
 * {@code child 12 said into stderr: "#0 ..."}; the frame text is the same.
 */
final class Traces {

    /** 1-based argument positions that hold a credential, by {@code class::method} or {@code function}, lower case. */
    private static final Map<String, int[]> CREDENTIAL_ARGUMENTS = Map.ofEntries(
            Map.entry("mysqli_real_connect", new int[] {4}),
            Map.entry("mysqli_connect", new int[] {3}),
            Map.entry("mysqli_change_user", new int[] {3}),
            Map.entry("mysql_connect", new int[] {3}),
            Map.entry("mysql_pconnect", new int[] {3}),
            Map.entry("mysqli::__construct", new int[] {3}),
            Map.entry("mysqli::real_connect", new int[] {3}),
            Map.entry("mysqli::connect", new int[] {3}),
            Map.entry("mysqli::change_user", new int[] {2}),
            Map.entry("pdo::__construct", new int[] {3}),
            Map.entry("pdo::connect", new int[] {3}),
            Map.entry("wpdb::__construct", new int[] {2}),
            Map.entry("createpdoconnection", new int[] {3}),
            Map.entry("ldap_bind", new int[] {3}),
            Map.entry("ldap_bind_ext", new int[] {3}),
            Map.entry("ldap_sasl_bind", new int[] {3}),
            Map.entry("ldap_exop_passwd", new int[] {3, 4}),
            Map.entry("ftp_login", new int[] {3}),
            Map.entry("ssh2_auth_password", new int[] {3}),
            Map.entry("imap_open", new int[] {3}),
            Map.entry("oci_connect", new int[] {2}),
            Map.entry("oci_pconnect", new int[] {2}),
            Map.entry("oci_new_connect", new int[] {2}),
            Map.entry("password_verify", new int[] {1, 2}),
            Map.entry("password_hash", new int[] {1}),
            Map.entry("wp_check_password", new int[] {1, 2}),
            Map.entry("wp_hash_password", new int[] {1}),
            Map.entry("wp_set_password", new int[] {1}),
            Map.entry("wp_authenticate", new int[] {2}),
            Map.entry("wp_authenticate_username_password", new int[] {3}),
            Map.entry("wp_authenticate_email_password", new int[] {3}),
            Map.entry("wp_signon", new int[] {1}),
            Map.entry("hash_hmac", new int[] {3}),
            Map.entry("openssl_encrypt", new int[] {3}),
            Map.entry("openssl_decrypt", new int[] {3}),
            Map.entry("openssl_pkey_get_private", new int[] {1, 2}),
            Map.entry("redis::auth", new int[] {1}),
            Map.entry("memcached::setsaslauthdata", new int[] {2}));

    /** Longest class or function name considered. */
    private static final int MAX_NAME = 128;

    private Traces() {
    }

    /**
     * The credential positions of the function named {@code text[start, end)} (followed by
     * {@code (}), looking at a {@code Class->} or {@code Class::} before it; {@code null} if none.
     */
    static int[] credentialPositions(CharSequence text, int start, int end) {
        if (end - start > MAX_NAME) {
            return null;
        }
        String function = lower(text, start, end);
        if (start >= 3 && (text.charAt(start - 1) == '>' && text.charAt(start - 2) == '-'
                || text.charAt(start - 1) == ':' && text.charAt(start - 2) == ':')) {
            int classEnd = start - 2;
            int c = classEnd;
            while (c > 0 && classEnd - c < MAX_NAME && isClassChar(text.charAt(c - 1))) {
                c--;
            }
            int simple = c;
            for (int k = c; k < classEnd; k++) {
                if (text.charAt(k) == '\\') {
                    simple = k + 1;
                }
            }
            int[] method = CREDENTIAL_ARGUMENTS.get(lower(text, simple, classEnd) + "::" + function);
            return method != null ? method : CREDENTIAL_ARGUMENTS.get(function);
        }
        return CREDENTIAL_ARGUMENTS.get(function);
    }

    /**
     * Masks the arguments at {@code positions} of the argument list starting at {@code from} (just
     * after the opening parenthesis) and returns where the list ends.
     */
    static int maskArguments(CharSequence t, int from, int[] positions, Spans spans) {
        int n = t.length();
        int p = from;
        for (int index = 1; index <= 64 && p < n; index++) {
            p = Chars.skipBlanks(t, p, 4);
            if (p >= n || t.charAt(p) == ')') {
                return p;
            }
            int end;
            boolean credential = contains(positions, index);
            if (t.charAt(p) == '\'') {
                int close = closingQuote(t, p + 1);
                if (credential && !isTruncationOnly(t, p + 1, close)) {
                    spans.add(p + 1, close);
                }
                end = close < n && t.charAt(close) == '\'' ? close + 1 : close;
            } else {
                int depth = 0;
                end = p;
                while (end < n) {
                    char c = t.charAt(end);
                    if (Chars.isLineEnd(c) || depth == 0 && (c == ',' || c == ')')) {
                        break;
                    }
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                    end++;
                }
                if (credential && end > p && isScalar(t, p, end)) {
                    spans.add(p, end);
                }
            }
            if (end < n && t.charAt(end) == ',') {
                p = end + 1;
            } else {
                return end;
            }
        }
        return p;
    }

    /**
     * The closing quote of a PHP trace string starting at {@code from}: the first {@code '} followed
     * by {@code ,} or {@code )} (PHP does not escape quotes inside), a backslash escaping the next
     * character; the end of the line if there is none.
     */
    private static int closingQuote(CharSequence t, int from) {
        int n = t.length();
        int k = from;
        while (k < n) {
            char c = t.charAt(k);
            if (Chars.isLineEnd(c)) {
                return k;
            }
            if (c == '\\') {
                k += 2;
                continue;
            }
            if (c == '\'' && (k + 1 >= n || t.charAt(k + 1) == ',' || t.charAt(k + 1) == ')'
                    || Chars.isLineEnd(t.charAt(k + 1)))) {
                return k;
            }
            k++;
        }
        return n;
    }

    private static boolean isTruncationOnly(CharSequence t, int from, int to) {
        return to - from == 3 && t.charAt(from) == '.' && t.charAt(from + 1) == '.' && t.charAt(from + 2) == '.';
    }

    /** A number or bare word as PHP prints it, not {@code NULL}, {@code Array} or {@code Object(...)}. */
    private static boolean isScalar(CharSequence t, int from, int to) {
        String v = t.subSequence(from, Math.min(to, from + 16)).toString();
        return !(v.equals("NULL") || v.equals("Array") || v.startsWith("Object(") || v.equals("true")
                || v.equals("false") || v.startsWith("[REDACTED]"));
    }

    private static boolean contains(int[] positions, int index) {
        for (int p : positions) {
            if (p == index) {
                return true;
            }
        }
        return false;
    }

    private static boolean isClassChar(char c) {
        return Chars.isLetter(c) || Chars.isDigit(c) || c == '_' || c == '\\';
    }

    private static String lower(CharSequence text, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            sb.append(Chars.lower(text.charAt(i)));
        }
        return sb.toString();
    }
}
