package org.gatewaydoctor.internal.redact;

import java.util.Set;

/**
 * Which names (of parameters, headers, cookies, variables, constants, JSON and array keys) hold a
 * secret value. Names are compared {@linkplain #normalize(CharSequence, int, int) normalized}:
 * percent-decoded, lower case, {@code -} and {@code .} as {@code _}, without leading or trailing
 * {@code _}; so {@code X-Api-Key}, {@code x_api_key} and {@code pass%77ord} are recognised alike.
 */
final class SecretNames {

    /** What the value after a name is. */
    enum Kind {
        /** Not a secret. */
        NONE,
        /** A secret value in any key/value syntax. */
        VALUE,
        /** A secret only as a URL query or form parameter ({@code ?key=}, {@code &sig=}). */
        QUERY_ONLY,
        /** An {@code Authorization} header: the scheme is kept, the credentials masked. */
        AUTHORIZATION,
        /** A {@code Cookie} header: every cookie value masked. */
        COOKIE,
        /** A {@code Set-Cookie} header: the value of the cookie masked, its attributes kept. */
        SET_COOKIE,
        /** An API key header ({@code X-Api-Key}): also after a blank instead of a colon. */
        HEADER_VALUE
    }

    /** Names longer than this are not names but text. */
    static final int MAX_NAME = 128;

    private static final String[] CONTAINS = {
        "password", "passwd", "passphrase", "secret", "token", "apikey", "api_key", "private_key", "privatekey",
        "access_key", "accesskey", "credential", "signature", "jwt", "sessid", "session", "wordpress_logged_in",
        "wordpress_sec", "wp_postpass", "remember_", "auth_key", "authkey", "client_assertion"};

    private static final Set<String> EXACT = Set.of("pass", "pwd", "pw", "salt", "dbpass", "passw", "psk");

    private static final Set<String> QUERY = Set.of("key", "sig", "sid", "code", "auth", "nonce", "wpnonce",
            "otp", "ticket");

    /** Names that contain a secret word but hold none (a length, a type, a path to a file). */
    private static final String[] NOT_SECRET_SUFFIXES = {
        "_type", "_length", "_len", "_count", "_expires", "_expires_in", "_expiry", "_expiration", "_file",
        "_path", "_min", "_max", "_policy", "_hint", "_timeout", "_ttl", "_lifetime", "_name", "_enabled",
        "_required", "_changed", "_reset", "_strength", "_algo", "_algorithm", "_hash_algo", "_url", "_uri",
        "_endpoint", "_handler", "_save_path", "_id", "_status", "_mode", "_cache_limiter"};

    /** nginx directives ending in {@code _pass} whose value is an address. */
    private static final Set<String> PASS_DIRECTIVES = Set.of("fastcgi_pass", "proxy_pass", "uwsgi_pass",
            "scgi_pass", "grpc_pass", "memcached_pass");

    private SecretNames() {
    }

    static Kind classify(String n) {
        if (n == null || n.isEmpty()) {
            return Kind.NONE;
        }
        switch (n) {
            case "authorization", "proxy_authorization", "www_authenticate_credentials" -> {
                return Kind.AUTHORIZATION;
            }
            case "cookie", "http_cookie" -> {
                return Kind.COOKIE;
            }
            case "set_cookie" -> {
                return Kind.SET_COOKIE;
            }
            default -> {
            }
        }
        if (n.contains("tokens") || n.contains("tokenize") || PASS_DIRECTIVES.contains(n)
                || n.equals("wordpress_test_cookie") || n.equals("session_start")) {
            return Kind.NONE;
        }
        if (n.equals("session")) {
            // alone, prose far more often than a cookie or parameter name ("session: expired")
            return Kind.QUERY_ONLY;
        }
        for (String suffix : NOT_SECRET_SUFFIXES) {
            if (n.endsWith(suffix)) {
                // session_id and the like are secrets all the same
                return n.equals("session_id") || n.endsWith("_session_id") ? Kind.VALUE : Kind.NONE;
            }
        }
        boolean header = n.startsWith("x_");
        if (EXACT.contains(n) || n.endsWith("_pass") || n.endsWith("_pwd") || n.endsWith("_salt")
                || n.endsWith("_key") || wordPressCookie(n)) {
            return header ? Kind.HEADER_VALUE : Kind.VALUE;
        }
        for (String word : CONTAINS) {
            if (n.contains(word)) {
                return header ? Kind.HEADER_VALUE : Kind.VALUE;
            }
        }
        if (QUERY.contains(n) || n.endsWith("_sig") || n.endsWith("nonce")) {
            return Kind.QUERY_ONLY;
        }
        return Kind.NONE;
    }

    /**
     * WordPress's authentication cookie {@code wordpress_<COOKIEHASH>} (an MD5 of the site URL unless the
     * site defines its own): a hash has digits or is long. Names such as {@code wordpress.database} or
     * {@code wordpress.slow-log} (check ids and options, in prose and notes) are not cookies.
     */
    private static boolean wordPressCookie(String n) {
        if (!n.startsWith("wordpress_")) {
            return false;
        }
        String rest = n.substring("wordpress_".length());
        return rest.length() >= 16 || rest.chars().anyMatch(c -> Chars.isDigit((char) c));
    }

    /**
     * The normalized name of {@code text[start, end)}, or {@code null} when it is too long to be a
     * name.
     */
    static String normalize(CharSequence text, int start, int end) {
        if (end - start > MAX_NAME) {
            return null;
        }
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < end) {
                int h = Chars.hex(text.charAt(i + 1));
                int l = Chars.hex(text.charAt(i + 2));
                if (h >= 0 && l >= 0) {
                    c = (char) (h * 16 + l);
                    i += 2;
                }
            }
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            } else if (c == '-' || c == '.') {
                c = '_';
            }
            sb.append(c);
        }
        int s = 0;
        int e = sb.length();
        while (s < e && sb.charAt(s) == '_') {
            s++;
        }
        while (e > s && sb.charAt(e - 1) == '_') {
            e--;
        }
        return sb.substring(s, e);
    }
}
