package org.gatewaydoctor.internal.redact;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.spi.Redactor;

/**
 * The built-in {@link Redactor}. Patterns cover, case-insensitively:
 * <ul>
 *   <li>WordPress {@code define('DB_PASSWORD', '...')} and the eight keys and salts
 *       ({@code AUTH_KEY} ... {@code NONCE_SALT}), and any define whose name ends in PASSWORD, KEY, SALT,
 *       SECRET or TOKEN;</li>
 *   <li>HTTP headers {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie},
 *       {@code Set-Cookie}, {@code X-Api-Key}, {@code X-Auth-Token} (value up to the end of the line
 *       or a closing quote);</li>
 *   <li>query-string and form parameters named like a secret (password, passwd, pwd, pass, token,
 *       secret, key, api_key, apikey, access_token, auth, signature, sig, session, sid, nonce, code);</li>
 *   <li>user info in URLs ({@code https://user:secret@host});</li>
 *   <li>{@code password = value} / {@code password: value} assignments in configuration and
 *       {@code IDENTIFIED BY '...'} in SQL;</li>
 *   <li>every exact value registered with {@link #addSecret(String)}.</li>
 * </ul>
 */
public final class DefaultRedactor implements Redactor {

    private static final String M = Redactor.MASK;

    private static final Pattern WP_DEFINE = Pattern.compile(
            "(define\\s*\\(\\s*['\"](?:[A-Z0-9_]*(?:PASSWORD|_KEY|_SALT|SECRET|TOKEN)|AUTH_KEY|NONCE_KEY)['\"]\\s*,\\s*)"
                    + "(?:'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"|[^)\\s]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER = Pattern.compile(
            "((?:proxy-)?authorization|set-cookie|cookie|x-api-key|x-auth-token)(\\s*[:=]\\s*\"?)([^\"\\r\\n]*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUERY = Pattern.compile(
            "([?&;](?:[a-z0-9_\\-\\[\\]]*?)(?:password|passwd|pwd|pass|token|secret|key|apikey|api_key|access_token"
                    + "|auth|signature|sig|session|sessionid|sid|nonce|code)=)([^&#\\s\"']*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern USERINFO = Pattern.compile(
            "([a-z][a-z0-9+.\\-]*://[^/\\s:@]*:)([^@\\s/]+)(@)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "((?<![a-z0-9_])(?:password|passwd|db_password|secret|api_key|apikey|auth_token|token)"
                    + "\\s*(?:=|:|=>)\\s*)('(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\""
                    // MariaDB/MySQL's "Access denied ... (using password: YES)" says whether one was sent, not which
                    + "|(?!(?:YES|NO)\\))[^\\s,;&'\"]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIED_BY = Pattern.compile(
            "(identified\\s+by\\s+(?:password\\s+)?)('(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\")",
            Pattern.CASE_INSENSITIVE);

    private static final int MIN_SECRET_LENGTH = 4;

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    @Override
    public void addSecret(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
            secrets.add(secret);
        }
    }

    @Override
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = text;
        if (!secrets.isEmpty()) {
            // Longest first, so a secret containing another is masked whole.
            List<String> ordered = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
            for (String secret : ordered) {
                if (s.contains(secret)) {
                    s = s.replace(secret, M);
                }
            }
        }
        s = replace(WP_DEFINE, s, m -> m.group(1) + "'" + M + "'");
        s = replace(HEADER, s, m -> m.group(1) + m.group(2) + M);
        s = replace(USERINFO, s, m -> m.group(1) + M + m.group(3));
        s = replace(QUERY, s, m -> m.group(1) + M);
        s = replace(IDENTIFIED_BY, s, m -> m.group(1) + "'" + M + "'");
        s = replace(ASSIGNMENT, s, m -> m.group(2).startsWith(M) ? m.group(0) : m.group(1) + M);
        return s;
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
