package org.gatewaydoctor.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lines as real software writes them, each with a planted canary secret, one per entry of the
 * redactor's taxonomy: credentials in URLs, headers, key/value pairs in every common syntax, HAProxy
 * captures, PHP stack-trace arguments (also relayed by nginx and PHP-FPM), key material and
 * registered values written escaped. Feed them to a check or a command and assert that no
 * {@link Sample#secret()} comes out.
 *
 * <pre>{@code
 * for (SecretCorpus.Sample s : SecretCorpus.samples()) {
 *     String out = redactor.redact(s.line());
 *     assertFalse(out.contains(SecretCorpus.MARKER), s.id() + ": " + out);
 * }
 * }</pre>
 *
 * <p>Every secret contains {@link #MARKER} on both sides of the characters that make it hard (a
 * {@code /}, a quote), so a mask that stops early is caught. Where PHP prints a string argument cut
 * after 15 characters, the line holds the cut form, which is all of the marker.
 *
 * <p>Sources: nginx 1.22 {@code src/http/ngx_http_upstream.c} and {@code ngx_http_fastcgi_module.c}
 * (the {@code FastCGI sent in stderr} relay), PHP-FPM 8.2 {@code fpm_stdio.c} ({@code said into
 * stderr}), php-src {@code Zend/zend_exceptions.c} (trace arguments, checked against PHP 8.2's output),
 * HAProxy's {@code httplog} format ({@code {captured|headers}}), WordPress's {@code wp-config-sample.php}.
 */
public final class SecretCorpus {

    /** The text every planted secret contains and no other part of a sample does. */
    public static final String MARKER = "CANARY";

    /**
     * One planted secret.
     *
     * @param id stable short name of the taxonomy entry ({@code url.userinfo}, {@code trace.mysqli_real_connect})
     * @param line the text, possibly several lines, holding the secret
     * @param secret the planted value; it contains {@link #MARKER}
     * @param registered whether the test must {@linkplain org.gatewaydoctor.spi.Redactor#addSecret(String)
     *     register} the secret (a value read from a configuration file) for it to be masked
     */
    public record Sample(String id, String line, String secret, boolean registered) {
        public Sample {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(secret, "secret");
            if (!secret.contains(MARKER)) {
                throw new IllegalArgumentException("secret without marker: " + secret);
            }
        }

        /** Whether the text spans several lines. */
        public boolean multiLine() {
            return line.indexOf('\n') >= 0;
        }
    }

    private static final String NGINX = "2026/11/21 09:14:03 [error] 1022#1022: *41631 ";
    private static final String FPM = "[21-Nov-2026 09:14:03] WARNING: [pool www] child 1391 said into stderr: ";
    private static final String HAPROXY = "Nov 21 09:14:03 lb haproxy[812]: 192.0.2.10:51234 [21/Nov/2026:09:14:03.120] "
            + "https~ wp/web1 0/0/1/-1/5002 502 209 - - SH-- 3/3/1/1/0 0/0 ";

    private SecretCorpus() {
    }

    /** Every sample, in a stable order. */
    public static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        // credentials in URLs
        add(s, "url.userinfo", NGINX + "connect() failed (111: Connection refused) while connecting to upstream, "
                + "client: 192.0.2.7, upstream: \"https://deploy:{S}@10.0.0.5:8443/\", host: \"example.org\"");
        add(s, "url.userinfo-slash", "cURL error 7: Failed to connect to https://deploy:{S}/x/{S}@backend.example:8443/api");
        add(s, "url.userinfo-at", "proxy https://backup:{S}@at{S}@192.0.2.44:8080/ refused the connection");
        add(s, "url.mysql-dsn", "WordPress database error: cannot reach mysql://wp:{S}@127.0.0.1:3306/wordpress");
        add(s, "url.nginx-upstream-userinfo", "2026/11/21 09:14:03 [emerg] 812#812: invalid port in upstream "
                + "\"wp:{S}@127.0.0.1:9000\" in /etc/nginx/sites-enabled/example.conf:14");
        for (String p : List.of("token", "jwt", "api_token", "secret_key", "client_secret", "password",
                "pass%77ord", "X-Amz-Signature", "access_token", "key")) {
            add(s, "url.query." + (p.contains("%") ? "encoded-name" : p), "192.0.2.8 - - [21/Nov/2026:09:14:03 +0000] "
                    + "\"GET /wp-json/app/v1/export?format=csv&" + p + "={S}&page=2 HTTP/2.0\" 502 552 \"-\" \"curl/8.4.0\"");
        }
        add(s, "url.query.error-log", NGINX + "upstream timed out (110: Connection timed out) while reading response "
                + "header from upstream, client: 192.0.2.8, server: example.org, request: \"GET /?rest_route=/app/v1/"
                + "sync&token={S} HTTP/2.0\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\"");
        // headers
        add(s, "header.authorization-bearer", "Authorization: Bearer {S}");
        add(s, "header.authorization-basic", "authorization: Basic {S}==");
        add(s, "header.proxy-authorization", "Proxy-Authorization: Basic {S}");
        add(s, "header.cookie", "Cookie: wordpress_logged_in_5c0f7e={S}; wp-settings-1=libraryContent%3Dbrowse");
        add(s, "header.set-cookie", "Set-Cookie: PHPSESSID={S}; path=/; HttpOnly");
        add(s, "header.x-api-key", "X-Api-Key: {S}");
        add(s, "header.x-api-key-blank", "upstream rejected X-Api-Key {S} for /wp-json/app/v1/sync");
        add(s, "header.bare-bearer", "PHP message: remote API said 401 for Bearer {S}");
        // key/value pairs
        add(s, "kv.equals", "PHP Warning:  pg_connect(): Unable to connect: host=db user=wp password={S} dbname=wp");
        add(s, "kv.colon", "mysql: db_password: {S}");
        add(s, "kv.json", "{\"level\":\"error\",\"password\":\"{S}\",\"user\":\"wp\"}");
        add(s, "kv.json-escaped", "PHP message: request body {\\\"username\\\":\\\"admin\\\",\\\"password\\\":\\\"{S}\\\"}");
        add(s, "kv.json-authorization", "{\"headers\":{\"Authorization\":\"Bearer {S}\",\"Accept\":\"*/*\"}}");
        add(s, "kv.php-array", "$connection = array('driver' => 'mysql', 'password' => '{S}', 'host' => 'localhost');");
        add(s, "kv.define", "define( 'DB_PASSWORD', '{S}' );");
        add(s, "kv.define-concatenated", "define('DB_PASSWORD', '{S}' . '{S}');");
        add(s, "kv.shell", "export AWS_SECRET_ACCESS_KEY={S}");
        add(s, "kv.salt-env", "AUTH_KEY=\"{S}\"");
        add(s, "kv.salt-yaml", "LOGGED_IN_SALT: {S}");
        add(s, "kv.sql", "CREATE USER 'wp'@'localhost' IDENTIFIED BY '{S}';");
        add(s, "kv.option", "mysqldump --user=wp --password={S} wordpress");
        add(s, "kv.sql-set-password", "SET PASSWORD FOR 'wp'@'localhost' = '{S}';");
        add(s, "kv.mysql-client-p", "cron: /usr/bin/mysqldump --single-transaction -u wp -p{S} wordpress | gzip > /backup/wp.sql.gz");
        add(s, "kv.var-dump", "PHP message: array(2) {\n  [\"user\"]=>\n  string(2) \"wp\"\n  [\"password\"]=>\n  string(20) \"{S}\"\n}");
        // HAProxy captured request headers and cookies
        add(s, "haproxy.captured-bearer", HAPROXY + "{Bearer {S}|Mozilla/5.0 (X11; Linux x86_64)} \"GET /wp-admin/ HTTP/1.1\"");
        add(s, "haproxy.captured-cookie", HAPROXY + "{wordpress_logged_in_5c0f7e={S}} \"GET /wp-admin/ HTTP/1.1\"");
        // stack-trace arguments, as PHP prints them
        add(s, "trace.mysqli_real_connect", "#0 /var/www/html/wp-includes/class-wpdb.php(1982): mysqli_real_connect("
                + "Object(mysqli), 'localhost', 'wp', '{S}', 'wordpress', 3306, NULL, 0)");
        add(s, "trace.mysqli-construct", "#0 /var/www/html/lib/db.php(12): mysqli->__construct('localhost', 'wp', '{S}', 'wordpress')");
        add(s, "trace.mysqli-static-construct", "#1 /var/www/html/lib/db.php(12): mysqli::__construct('localhost', 'wp', '{S}')");
        add(s, "trace.mysqli-real_connect", "#0 /var/www/html/lib/db.php(20): mysqli->real_connect('127.0.0.1', 'wp', '{S}', 'wp', 3306)");
        add(s, "trace.pdo", "#0 /var/www/html/vendor/db.php(7): PDO->__construct('mysql:host=127.0.0.1;dbname=wp', 'wp', '{S}', Array)");
        add(s, "trace.wpdb", "#1 /var/www/html/wp-includes/load.php(681): wpdb->__construct('wp', '{S}', 'wordpress', 'localhost')");
        add(s, "trace.ldap_bind", "#0 /var/www/html/wp-content/plugins/ldap/auth.php(88): ldap_bind(Object(LDAP\\Connection), "
                + "'cn=admin,dc=example,dc=org', '{S}')");
        add(s, "trace.php-quote-inside", "#1 /var/www/html/wp-includes/load.php(681): wpdb->__construct('wp', 'it'{S}\\\\x', 'wordpress', 'localhost')");
        add(s, "trace.cut-by-php", "#0 /var/www/html/wp-includes/class-wpdb.php(1982): mysqli_real_connect(Object(mysqli), "
                + "'localhost', 'wp', '{S}...', 'wordpress', 3306, NULL, 0)");
        add(s, "trace.nginx-relay", NGINX + "FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught "
                + "mysqli_sql_exception: Access denied for user 'wp'@'localhost' (using password: YES) in "
                + "/var/www/html/wp-includes/class-wpdb.php:1982\nStack trace:\n#0 /var/www/html/wp-includes/class-wpdb.php(1982): "
                + "mysqli_real_connect(Object(mysqli), 'localhost', 'wp', '{S}', 'wordpress', 3306, NULL, 0)\n#1 {main}\n"
                + "  thrown in /var/www/html/wp-includes/class-wpdb.php on line 1982\" while reading response header from "
                + "upstream, client: 192.0.2.7, server: example.org, request: \"GET / HTTP/2.0\", upstream: "
                + "\"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"");
        add(s, "trace.fpm-relay", FPM + "\"#1 /var/www/html/wp-includes/load.php(681): wpdb->__construct('wp', '{S}', "
                + "'wordpress', 'localhost')\"");
        // key material
        add(s, "key.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA{S}\n{S}Qk9x2+/w==\n-----END RSA PRIVATE KEY-----");
        add(s, "key.pem-escaped", "{\"key\":\"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg{S}\\n{S}==\\n-----END PRIVATE KEY-----\\n\"}");
        add(s, "key.jwt", "PHP message: token rejected: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3cCJ9.{S}");
        // values read from configuration files and registered, written escaped elsewhere
        String reg = "r3g/" + MARKER + "\"q'" + MARKER;
        s.add(new Sample("registered.raw", "Access denied for user 'wp' (token " + reg + ")", reg, true));
        s.add(new Sample("registered.json-escaped", "{\"msg\":\"login with " + reg.replace("\"", "\\\"").replace("/", "\\/")
                + " failed\"}", reg, true));
        s.add(new Sample("registered.partly-escaped", "PHP message: bad value " + reg.replace("\"", "\\\"") + " here", reg,
                true));
        s.add(new Sample("registered.url-encoded", NGINX + "request: \"GET /?x=" + URLEncoder.encode(reg,
                StandardCharsets.UTF_8) + " HTTP/1.1\"", reg, true));
        s.add(new Sample("registered.nginx-hex", "192.0.2.7 - - [21/Nov/2026:09:14:03 +0000] \"GET /?q="
                + reg.replace("\"", "\\x22") + " HTTP/1.1\" 502 552 \"-\" \"curl/8.0\"", reg, true));
        s.add(new Sample("registered.html", "<p>Error establishing a database connection with " + reg.replace("\"", "&quot;")
                .replace("'", "&#039;") + "</p>", reg, true));
        return List.copyOf(s);
    }

    private static void add(List<Sample> samples, String id, String template) {
        String secret = MARKER + "x" + Integer.toString(samples.size(), 36) + "Q7z" + MARKER.toLowerCase(java.util.Locale.ROOT);
        if (id.equals("trace.cut-by-php")) {
            secret = MARKER + "-cut-b" + Integer.toString(samples.size(), 36); // PHP shows at most 15 characters
        }
        samples.add(new Sample(id, template.replace("{S}", secret), secret, false));
    }
}
