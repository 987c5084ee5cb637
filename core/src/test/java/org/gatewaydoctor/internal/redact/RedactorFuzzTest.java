package org.gatewaydoctor.internal.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomized, reproducible: secrets in random surrounding syntax (every taxonomy entry, random
 * names, spacing, quoting, escaping, cutting and noise), none may survive; the names and the noise
 * around them must (values are masked, not lines). A failure names the seed and case to replay
 * ({@code -Dredactor.fuzz.seed=N}).
 */
class RedactorFuzzTest {

    private static final long SEED = Long.getLong("redactor.fuzz.seed", 20261207L);
    private static final int CASES = 4000;
    private static final String MARK = "CANARY";

    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** What an unquoted value may hold: no blank, quote, separator of pairs, bracket or backslash. */
    private static final String BARE = ALNUM + "-_.~!*+/=@:^%#";
    private static final String QUERY = ALNUM + "-_.~%";
    private static final String USERINFO = ALNUM + "-_.~!$*+/@:";
    private static final String QUOTED = ALNUM + " -_.~!*+/=@:^%#,;&|(){}[]<>?`";
    private static final String TOKEN68 = ALNUM + "-._~+/";
    private static final String PRINTABLE = QUOTED + "'\"\\";

    private static final String[] NAMES = {"password", "Password", "PASSWORD", "passwd", "db_password", "DB_PASSWORD",
        "dbPassword", "secret", "client_secret", "api_key", "apiKey", "token", "access_token", "auth_token",
        "AWS_SECRET_ACCESS_KEY", "AUTH_KEY", "SECURE_AUTH_SALT", "NONCE_KEY", "LOGGED_IN_SALT", "private_key",
        "passphrase", "jwt", "session_id", "PHPSESSID", "smtp_pass", "mail.password", "redis-password"};
    private static final String[] QUERY_NAMES = {"token", "jwt", "api_token", "secret_key", "client_secret", "password",
        "pass%77ord", "p%61ssword", "X-Amz-Signature", "key", "sig", "code", "access_token", "user%5Bpassword%5D"};
    private static final String[] SCHEMES = {"https", "http", "mysql", "redis", "ftp", "amqp", "postgres"};
    private static final String[] TRACE = {
        "mysqli_real_connect(Object(mysqli), 'localhost', 'wp', %s, 'wordpress', 3306, NULL, 0)",
        "mysqli->__construct('127.0.0.1', 'wp', %s, 'wordpress')",
        "mysqli::__construct('127.0.0.1', 'wp', %s)",
        "mysqli->real_connect('db', 'wp', %s, 'wp', 3306)",
        "PDO->__construct('mysql:host=db;dbname=wp', 'wp', %s, Array)",
        "wpdb->__construct('wp', %s, 'wordpress', 'localhost')",
        "ldap_bind(Object(LDAP\\Connection), 'cn=admin,dc=example,dc=org', %s)",
        "mysqli_connect('localhost', 'wp', %s, 'wp')",
        "ftp_login(Object(FTP\\Connection), 'deploy', %s)"};

    /** One generated line: the text, the secret planted in it, what must stay, whether to register the secret. */
    private record Case(String line, String secret, List<String> kept, boolean registered) {
    }

    @Test
    void noGeneratedSecretSurvivesAndNamesAndNoiseStay() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            Case c = generate(random);
            DefaultRedactor r = new DefaultRedactor();
            if (c.registered) {
                r.addSecret(c.secret);
            }
            String out = r.redact(c.line);
            String replay = "seed " + SEED + ", case " + i + "\nline:   " + c.line + "\nresult: " + out;
            if (out.contains(MARK)) {
                fail("a secret survived; " + replay);
            }
            for (String kept : c.kept) {
                if (!out.contains(kept)) {
                    fail("over-redacted '" + kept + "'; " + replay);
                }
            }
            assertEquals(out, r.redact(out), "redacting twice changes nothing; " + replay);
        }
    }

    @Test
    void linesWithoutSecretsComeOutUnchanged() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            String line = benign(random);
            assertEquals(line, new DefaultRedactor().redact(line), "seed " + (SEED + 1) + ", case " + i);
        }
    }

    private static Case generate(Random r) {
        List<String> kept = new ArrayList<>();
        String before = noise(r, kept);
        String after = noise(r, kept);
        String name = pick(r, NAMES);
        String sp = pick(r, new String[] {"", " ", "  ", "\t"});
        String fragment;
        String secret;
        boolean registered = false;
        switch (r.nextInt(22)) {
            case 0 -> {
                secret = secret(r, BARE);
                fragment = name + sp + "=" + sp + secret;
                kept.add(name);
            }
            case 1 -> {
                secret = secret(r, BARE);
                fragment = name + ":" + sp + " " + secret;
                kept.add(name);
            }
            case 2 -> {
                secret = secret(r, QUOTED + "'");
                fragment = name + sp + "=" + sp + "\"" + secret + "\"";
                kept.add(name);
            }
            case 3 -> {
                secret = secret(r, QUOTED + "\"");
                fragment = name + sp + "=" + sp + "'" + secret + "'";
                kept.add(name);
            }
            case 4 -> {
                secret = secret(r, PRINTABLE);
                fragment = "{\"" + name + "\":" + sp + "\"" + jsonEscape(secret, r.nextBoolean()) + "\",\"user\":\"wp\"}";
                kept.add("\"" + name + "\"");
                kept.add("\"user\":\"wp\"");
            }
            case 5 -> {
                secret = secret(r, PRINTABLE);
                String json = "{\"" + name + "\":\"" + jsonEscape(secret, r.nextBoolean()) + "\",\"user\":\"wp\"}";
                fragment = "PHP message: payload " + jsonEscape(json, false);
                kept.add(name);
                kept.add("user");
            }
            case 6 -> {
                secret = secret(r, QUOTED + "\"");
                fragment = "array('host' => 'localhost', '" + name + "'" + sp + "=>" + sp + "'" + secret + "')";
                kept.add("'" + name + "'");
                kept.add("'host' => 'localhost'");
            }
            case 7 -> {
                String a = secret(r, QUOTED + "\"");
                String b = secret(r, QUOTED + "\"");
                secret = a + b;
                String constant = pick(r, new String[] {"DB_PASSWORD", "AUTH_KEY", "SECURE_AUTH_KEY", "NONCE_SALT",
                    "LOGGED_IN_KEY"});
                fragment = "define(" + sp + "'" + constant + "'," + sp + "'" + a + "'" + sp + "." + sp + "'" + b + "'"
                        + sp + ");";
                kept.add("define(");
                kept.add(constant);
            }
            case 8 -> {
                secret = secret(r, QUERY);
                String q = pick(r, QUERY_NAMES);
                fragment = "request: \"GET /wp-json/x?page=2&" + q + "=" + secret + "&format=csv HTTP/2.0\"";
                kept.add(q + "=");
                kept.add("page=2");
                kept.add("format=csv HTTP/2.0");
            }
            case 9 -> {
                secret = secret(r, USERINFO);
                String host = "db" + r.nextInt(99) + ".example.org";
                fragment = pick(r, SCHEMES) + "://deploy:" + secret + "@" + host + ":" + (1024 + r.nextInt(60000)) + "/x";
                kept.add("://deploy:");
                kept.add("@" + host);
            }
            case 10 -> {
                secret = secret(r, ALNUM + "-_.~!$*+");
                fragment = "invalid port in upstream \"wp:" + secret + "@127.0.0.1:" + r.nextInt(99999) + "\"";
                kept.add("invalid port in upstream \"wp:");
                kept.add("@127.0.0.1:");
            }
            case 11 -> {
                secret = secret(r, TOKEN68);
                String header = pick(r, new String[] {"Authorization", "authorization", "Proxy-Authorization"});
                String scheme = pick(r, new String[] {"Bearer", "Basic", "Digest", "Negotiate", "Token"});
                fragment = header + ":" + sp + " " + scheme + " " + secret + "\n"; // a header ends its line
                kept.add(header);
                kept.add(scheme + " ");
            }
            case 12 -> {
                String a = secret(r, BARE.replace("=", ""));
                String b = secret(r, BARE.replace("=", ""));
                secret = a + b;
                fragment = "Cookie: wordpress_logged_in_" + r.nextInt(999) + "=" + a + "; wp_lang=" + b + "\n";
                kept.add("Cookie: wordpress_logged_in_");
                kept.add("; wp_lang=");
            }
            case 13 -> {
                secret = secret(r, BARE.replace("=", ""));
                fragment = "Set-Cookie: " + pick(r, new String[] {"PHPSESSID", "wordpress_sec_1a2b", "laravel_session"})
                        + "=" + secret + "; path=/; HttpOnly";
                kept.add("; path=/; HttpOnly");
            }
            case 14 -> {
                secret = secret(r, TOKEN68);
                if (r.nextBoolean()) {
                    fragment = "{Bearer " + secret + "|Mozilla/5.0 (X11; Linux x86_64)} \"GET / HTTP/1.1\"";
                    kept.add("|Mozilla/5.0 (X11; Linux x86_64)}");
                } else {
                    fragment = "{wordpress_logged_in_" + r.nextInt(999) + "=" + secret + "} \"GET /wp-admin/ HTTP/1.1\"";
                    kept.add("\"GET /wp-admin/ HTTP/1.1\"");
                }
            }
            case 15 -> {
                secret = secret(r, TOKEN68);
                fragment = r.nextBoolean() ? "X-Api-Key: " + secret + "\n" : "rejected X-Api-Key " + secret + " for /sync";
                kept.add("X-Api-Key");
            }
            case 16 -> {
                String raw = secret(r, QUOTED + "'\"");
                secret = raw;
                fragment = "CREATE USER 'wp'@'localhost' IDENTIFIED BY '" + raw.replace("'", "''") + "';";
                kept.add("CREATE USER 'wp'@'localhost' IDENTIFIED BY '");
            }
            case 17 -> {
                secret = secret(r, BARE);
                String var = pick(r, new String[] {"AWS_SECRET_ACCESS_KEY", "AUTH_KEY", "DB_PASSWORD", "GITHUB_TOKEN",
                    "STRIPE_SECRET"});
                fragment = r.nextBoolean() ? "export " + var + "=" + secret : var + "=\"" + secret + "\"";
                kept.add(var + "=");
            }
            case 18 -> {
                secret = secret(r, BARE);
                fragment = "mysqldump --user=wp --password=" + secret + " wordpress";
                kept.add("--user=wp --password=");
                kept.add(" wordpress");
            }
            case 19 -> {
                String raw = secret(r, PRINTABLE.replace(",", "").replace(")", ""));
                boolean cut = r.nextInt(3) == 0;
                String printed = phpEscape(cut ? MARK + raw.substring(0, Math.min(raw.length(), 9)) : raw);
                secret = raw;
                String frame = String.format(pick(r, TRACE), "'" + printed + (cut ? "...'" : "'"));
                fragment = "#0 /var/www/html/wp-includes/class-wpdb.php(1982): " + frame;
                if (r.nextBoolean()) {
                    fragment = "FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught mysqli_sql_exception: "
                            + "Access denied\nStack trace:\n" + fragment + "\n#1 {main}\"";
                } else if (r.nextBoolean()) {
                    fragment = "WARNING: [pool www] child 1391 said into stderr: \"" + fragment + "\"";
                }
                kept.add("class-wpdb.php(1982): ");
            }
            case 20 -> {
                secret = secret(r, ALNUM + "+/");
                String nl = r.nextBoolean() ? "\n" : "\\n";
                fragment = "-----BEGIN RSA PRIVATE KEY-----" + nl + secret + nl + secret(r, ALNUM) + nl
                        + "-----END RSA PRIVATE KEY-----";
                kept.add("-----BEGIN RSA PRIVATE KEY-----");
                kept.add("-----END RSA PRIVATE KEY-----");
            }
            default -> {
                secret = secret(r, PRINTABLE) + secret(r, ALNUM);
                registered = true;
                fragment = "value " + escapeSome(secret, r) + " seen";
                kept.add("value ");
                kept.add(" seen");
            }
        }
        return new Case(before + fragment + after, secret, kept, registered);
    }

    /** A secret: random characters around the marker, so a mask that stops early shows. */
    private static String secret(Random r, String alphabet) {
        return random(r, alphabet, r.nextInt(6)) + MARK + random(r, alphabet, 1 + r.nextInt(8));
    }

    private static String random(Random r, String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Log noise around the secret; each field must come out unchanged. */
    private static String noise(Random r, List<String> kept) {
        List<String> fields = List.of(
                "2026/11/21 09:14:0" + r.nextInt(10) + " [error] 1022#1022: *4" + r.nextInt(9999) + " ",
                "client: 192.0.2." + r.nextInt(255) + ", server: example.org, ",
                "request: \"GET /?p=" + r.nextInt(999) + "&s=shoes HTTP/1.1\", ",
                "upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", ",
                "host: \"www" + r.nextInt(9) + ".example.org\" ",
                "user=wp" + r.nextInt(99) + " ",
                "(using password: YES) ",
                "[pool www] ");
        StringBuilder sb = new StringBuilder(" ");
        int count = r.nextInt(3);
        for (int i = 0; i < count; i++) {
            String f = fields.get(r.nextInt(fields.size()));
            kept.add(f.strip());
            sb.append(f);
        }
        return sb.toString();
    }

    /** Realistic lines without secrets, with random values. */
    private static String benign(Random r) {
        String[] templates = {
            "2026/11/21 09:14:03 [error] 1022#1022: *%d connect() to unix:/run/php/php8.2-fpm.sock failed (11: "
                    + "Resource temporarily unavailable) while connecting to upstream, client: 192.0.2.%d, server: "
                    + "example.org, request: \"GET /?p=%d&s=shoes&page=%d HTTP/2.0\", upstream: "
                    + "\"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"",
            "[21-Nov-2026 09:13:58] WARNING: [pool www] server reached pm.max_children setting (%d), consider raising it",
            "PHP Warning:  mysqli_real_connect(): (HY000/%d): Access denied for user 'wp'@'localhost' (using password: "
                    + "YES) in /var/www/html/wp-includes/class-wpdb.php on line %d",
            "192.0.2.%d - - [21/Nov/2026:09:14:03 +0000] \"GET /wp-content/uploads/%d/photo.jpg HTTP/1.1\" 502 %d \"-\" "
                    + "\"Mozilla/5.0 (X11; Linux x86_64)\"",
            "AH01079: failed to make connection to backend: 127.0.0.1:%d, referer https://example.org/?page_id=%d&x=%d",
            "#%d /var/www/html/wp-includes/class-wp-hook.php(%d): do_action('init', %d)",
            "upstream prematurely closed connection while reading response header from upstream, upstream: "
                    + "\"http://127.0.0.1:%d/\", max_tokens=%d, token_type=bearer, cache_key_count=%d",
            "Failed password for root from 192.0.2.%d port %d ssh2 attempt %d",
            "mail to user%d@example.org failed after %d ms, queue %d"};
        String t = templates[r.nextInt(templates.length)];
        return String.format(Locale.ROOT, t, r.nextInt(99999), r.nextInt(99999), r.nextInt(99999), r.nextInt(99999));
    }

    private static String jsonEscape(String s, boolean slashes) {
        String e = s.replace("\\", "\\\\").replace("\"", "\\\"");
        return slashes ? e.replace("/", "\\/") : e;
    }

    private static String phpEscape(String s) {
        return s.replace("\\", "\\\\");
    }

    /** Escapes a random part of the characters, each in a random way (JSON, percent, nginx hex, HTML). */
    private static String escapeSome(String s, Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean special = c == '/' || c == '"' || c == '\'' || c == '\\' || c == '&' || c == '%' || c == ' '
                    || c == '<' || c == '>';
            int way = special ? r.nextInt(5) : r.nextInt(12);
            switch (way) {
                case 0 -> {
                    if (c == '\\' || c == '"' || c == '/') {
                        sb.append('\\').append(c);
                    } else {
                        sb.append(String.format(Locale.ROOT, "%%%02X", (int) c));
                    }
                }
                case 1 -> sb.append(String.format(Locale.ROOT, "%%%02X", (int) c));
                case 2 -> sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                case 3 -> sb.append("&#").append((int) c).append(';');
                default -> {
                    if (c == '\\' || c == '%' || c == '&') {
                        sb.append(String.format(Locale.ROOT, "%%%02X", (int) c)); // a raw one would start an escape
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
