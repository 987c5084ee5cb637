package org.gatewaydoctor.internal.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.gatewaydoctor.spi.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry of the redactor's taxonomy, asserted on whole lines: the value is masked, the name,
 * quotes, separators and the rest of the line stay.
 */
class RedactorTaxonomyTest {

    private static final String M = Redactor.MASK;

    static Stream<Arguments> masked() {
        return Stream.of(
                // credentials in URLs
                of("upstream: \"https://deploy:s3cr3t@10.0.0.5:8443/\"", "upstream: \"https://deploy:" + M + "@10.0.0.5:8443/\""),
                of("https://deploy:pa/ss/wd@backend.example/api", "https://deploy:" + M + "@backend.example/api"),
                of("https://deploy:p@ss@backend.example/", "https://deploy:" + M + "@backend.example/"),
                of("mysql://wp:hunter2@127.0.0.1:3306/wp", "mysql://wp:" + M + "@127.0.0.1:3306/wp"),
                of("mysql://wp:12345@127.0.0.1/wp", "mysql://wp:" + M + "@127.0.0.1/wp"),
                of("ftp://deploy:9/+8x:g@db.example.org:21/x", "ftp://deploy:" + M + "@db.example.org:21/x"),
                of("export STRIPE_SECRET==x1", "export STRIPE_SECRET=" + M),
                of("invalid port in upstream \"wp:hunter2@127.0.0.1:9000\" in /etc/nginx/conf.d/a.conf:3",
                        "invalid port in upstream \"wp:" + M + "@127.0.0.1:9000\" in /etc/nginx/conf.d/a.conf:3"),
                of("git clone https://ghp_0123456789abcdefghijklmnopqrstuv@github.com/acme/site",
                        "git clone https://" + M + "@github.com/acme/site"),
                of("GET /x?jwt=a.b.c&api_token=t1&secret_key=k2&client_secret=c3&p=1 HTTP/1.1",
                        "GET /x?jwt=" + M + "&api_token=" + M + "&secret_key=" + M + "&client_secret=" + M + "&p=1 HTTP/1.1"),
                of("GET /?pass%77ord=hunter2&user%5Bpassword%5D=x2 HTTP/1.1",
                        "GET /?pass%77ord=" + M + "&user%5Bpassword%5D=" + M + " HTTP/1.1"),
                of("GET /f?X-Amz-Credential=AKIA%2F20261121&X-Amz-Signature=9f8e7d&X-Amz-Date=20261121T091403Z",
                        "GET /f?X-Amz-Credential=" + M + "&X-Amz-Signature=" + M + "&X-Amz-Date=20261121T091403Z"),
                of("GET /wp-login.php?action=rp&key=Xy12Ab&login=admin HTTP/1.1",
                        "GET /wp-login.php?action=rp&key=" + M + "&login=admin HTTP/1.1"),
                // headers
                of("Authorization: Bearer eyJ0.abc", "Authorization: Bearer " + M),
                of("Proxy-Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: Basic " + M),
                of("Authorization: ApiSecret123", "Authorization: " + M),
                of("Cookie: wordpress_logged_in_5c0f=admin%7C17; wp-settings-1=mfold%3Do",
                        "Cookie: wordpress_logged_in_5c0f=" + M + "; wp-settings-1=" + M),
                of("Set-Cookie: PHPSESSID=abc123; path=/; HttpOnly", "Set-Cookie: PHPSESSID=" + M + "; path=/; HttpOnly"),
                of("X-Api-Key: 0a1b2c3d", "X-Api-Key: " + M),
                of("rejected X-Api-Key 0a1b2c3d4e for /sync", "rejected X-Api-Key " + M + " for /sync"),
                of("remote said 401 for Bearer abc.def-123", "remote said 401 for Bearer " + M),
                of("{Bearer abc.def-123|Mozilla/5.0} \"GET / HTTP/1.1\"", "{Bearer " + M + "|Mozilla/5.0} \"GET / HTTP/1.1\""),
                of("Set-Cookie: wordpress_5c016e8f0f95f039102cbe8366c5c7f3=admin%7C1700; path=/",
                        "Set-Cookie: wordpress_5c016e8f0f95f039102cbe8366c5c7f3=" + M + "; path=/"),
                of("{wordpress_5c016e8f0f95f039102cbe8366c5c7f3=admin%7C1700} \"GET /wp-admin/ HTTP/1.1\"",
                        "{wordpress_5c016e8f0f95f039102cbe8366c5c7f3=" + M + "} \"GET /wp-admin/ HTTP/1.1\""),
                of("{wordpress_logged_in_5c0f=admin%7C1700000000%7Cq9} \"GET /wp-admin/ HTTP/1.1\"",
                        "{wordpress_logged_in_5c0f=" + M + "} \"GET /wp-admin/ HTTP/1.1\""),
                // key/value pairs
                of("host=db user=wp password=hunter2 dbname=wp", "host=db user=wp password=" + M + " dbname=wp"),
                of("db_password: hunter2", "db_password: " + M),
                of("{\"password\":\"hunter2\",\"user\":\"wp\"}", "{\"password\":\"" + M + "\",\"user\":\"wp\"}"),
                of("body {\\\"password\\\":\\\"hun\\\\\\\"ter2\\\",\\\"user\\\":\\\"wp\\\"}",
                        "body {\\\"password\\\":\\\"" + M + "\\\",\\\"user\\\":\\\"wp\\\"}"),
                of("{\"Authorization\":\"Bearer abc\",\"Accept\":\"*/*\"}",
                        "{\"Authorization\":\"Bearer " + M + "\",\"Accept\":\"*/*\"}"),
                of("array('password' => 'hunter2', 'host' => 'localhost')",
                        "array('password' => '" + M + "', 'host' => 'localhost')"),
                of("[password] => hunter2", "[password] => " + M),
                of("define( 'DB_PASSWORD', 'it\\'s' );", "define( 'DB_PASSWORD', '" + M + "' );"),
                of("define('DB_PASSWORD', 'first' . \"second\" . 'third');",
                        "define('DB_PASSWORD', '" + M + "' . \"" + M + "\" . '" + M + "');"),
                of("define( 'NONCE_SALT', 'x y z' );", "define( 'NONCE_SALT', '" + M + "' );"),
                of("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI", "export AWS_SECRET_ACCESS_KEY=" + M),
                of("AUTH_KEY=\"a b c\"", "AUTH_KEY=\"" + M + "\""),
                of("SECURE_AUTH_SALT: q w e", "SECURE_AUTH_SALT: " + M + " w e"),
                of("CREATE USER 'wp'@'localhost' IDENTIFIED BY 'it''s';", "CREATE USER 'wp'@'localhost' IDENTIFIED BY '" + M + "';"),
                of("ALTER USER wp IDENTIFIED WITH mysql_native_password BY 'x1';",
                        "ALTER USER wp IDENTIFIED WITH mysql_native_password BY '" + M + "';"),
                of("SET PASSWORD = PASSWORD('x1')", "SET PASSWORD = PASSWORD('" + M + "')"),
                of("mysqldump --user=wp --password=hunter2 wp", "mysqldump --user=wp --password=" + M + " wp"),
                of("SET PASSWORD FOR 'wp'@'localhost' = 'x1y2';", "SET PASSWORD FOR 'wp'@'localhost' = '" + M + "';"),
                of("set password for wp@localhost = \"x1 y2\"", "set password for wp@localhost = \"" + M + "\""),
                of("SET PASSWORD FOR 'wp'@'%' = PASSWORD('x1')", "SET PASSWORD FOR 'wp'@'%' = PASSWORD('" + M + "')"),
                of("mysql -u wp -phunter2 wordpress", "mysql -u wp -p" + M + " wordpress"),
                of("/usr/bin/mysqldump --opt -h 127.0.0.1 -uwp -p'it is' wp > wp.sql",
                        "/usr/bin/mysqldump --opt -h 127.0.0.1 -uwp -p'" + M + "' wp > wp.sql"),
                of("mariadb -uroot -pS3cr!t#x -e 'show processlist'", "mariadb -uroot -p" + M + " -e 'show processlist'"),
                of("mysql -u wp -p wordpress", "mysql -u wp -p wordpress"),
                of("php -d memory_limit=1G -p 9000", "php -d memory_limit=1G -p 9000"),
                of("array(1) {\n  [\"password\"]=>\n  string(7) \"hunter2\"\n}",
                        "array(1) {\n  [\"password\"]=>\n  string(7) \"" + M + "\"\n}"),
                of("[\"db_host\"]=>\n  string(9) \"localhost\"", "[\"db_host\"]=>\n  string(9) \"localhost\""),
                // stack-trace arguments
                of("#0 /w/class-wpdb.php(1982): mysqli_real_connect(Object(mysqli), 'localhost', 'wp', 'hunter2', 'wp', 3306, NULL, 0)",
                        "#0 /w/class-wpdb.php(1982): mysqli_real_connect(Object(mysqli), 'localhost', 'wp', '" + M
                                + "', 'wp', 3306, NULL, 0)"),
                of("#0 /w/db.php(3): mysqli->real_connect('h', 'u', 'hunter2')", "#0 /w/db.php(3): mysqli->real_connect('h', 'u', '" + M + "')"),
                of("#0 /w/db.php(3): mysqli::__construct('h', 'u', 'p', 'd')", "#0 /w/db.php(3): mysqli::__construct('h', 'u', '" + M + "', 'd')"),
                of("#0 /w/db.php(3): PDO->__construct('mysql:host=h', 'u', 'p2', Array)",
                        "#0 /w/db.php(3): PDO->__construct('mysql:host=h', 'u', '" + M + "', Array)"),
                of("#1 /w/load.php(681): wpdb->__construct('wp', 'it's', 'wordpress', 'localhost')",
                        "#1 /w/load.php(681): wpdb->__construct('wp', '" + M + "', 'wordpress', 'localhost')"),
                of("#0 /w/a.php(8): ldap_bind(Object(LDAP\\Connection), 'cn=admin', 'x1')",
                        "#0 /w/a.php(8): ldap_bind(Object(LDAP\\Connection), 'cn=admin', '" + M + "')"),
                of("#0 /w/a.php(8): mysqli_real_connect(Object(mysqli), 'localhost', 'wp', 'hunter2-long-pa...', 'wp')",
                        "#0 /w/a.php(8): mysqli_real_connect(Object(mysqli), 'localhost', 'wp', '" + M + "', 'wp')"),
                of("#0 /w/a.php(8): mysqli_real_connect(Object(mysqli), 'localhost', 'wp', 12345678, 'wp')",
                        "#0 /w/a.php(8): mysqli_real_connect(Object(mysqli), 'localhost', 'wp', " + M + ", 'wp')"),
                // key material and tokens
                of("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nAAAA\n-----END OPENSSH PRIVATE KEY-----",
                        "-----BEGIN OPENSSH PRIVATE KEY-----" + M + "-----END OPENSSH PRIVATE KEY-----"),
                of("key: -----BEGIN EC PRIVATE KEY-----\\nMHcCAQEE (cut)", "key: -----BEGIN EC PRIVATE KEY-----" + M),
                of("token rejected: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3cCJ9.c2lnbmF0dXJl", "token rejected: " + M),
                of("open(/var/lib/php/sessions/sess_8fj3k2l1m0n9b8v7, O_RDWR) failed",
                        "open(/var/lib/php/sessions/sess_" + M + ", O_RDWR) failed"));
    }

    @ParameterizedTest
    @MethodSource("masked")
    void masksTheValueAndKeepsTheRestOfTheLine(String line, String expected) {
        DefaultRedactor r = new DefaultRedactor();
        assertEquals(expected, r.redact(line));
        assertEquals(expected, r.redact(expected), "redacting twice changes nothing");
    }

    static Stream<String> readable() {
        return Stream.of(
                "PHP Warning:  mysqli_real_connect(): (HY000/1045): Access denied for user 'wp'@'localhost' (using "
                        + "password: YES) in /var/www/html/wp-includes/class-wpdb.php on line 1982",
                "2026/11/21 09:14:03 [error] 1022#1022: *41631 connect() to unix:/run/php/php8.2-fpm.sock failed (11: "
                        + "Resource temporarily unavailable) while connecting to upstream, client: 192.0.2.179, server: "
                        + "example.org, request: \"GET /?p=42&s=shoes HTTP/2.0\", upstream: "
                        + "\"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"",
                "fastcgi_pass unix:/run/php/php8.2-fpm.sock; proxy_pass=http://127.0.0.1:8080;",
                "max_tokens=500 cache_key_count=3 token_type=bearer password_reset=1",
                "GET https://example.org:8443/path/@user HTTP/1.1",
                "mail to user@example.org failed; upstream: \"fastcgi://127.0.0.1:9000\"",
                "Failed password for root from 192.0.2.1 port 22 ssh2",
                "WWW-Authenticate: Basic realm=\"WordPress\"",
                "he was the bearer of bad news; Basic authentication failed",
                "cache key: abc123; primary key: id",
                "$wpdb->query(\"SELECT option_value FROM wp_options WHERE option_name = 'siteurl'\")",
                "Stack trace:\n#0 /var/www/html/index.php(17): require('/var/www/html/w...')\n#1 {main}",
                "#0 /w/a.php(8): mysqli_real_connect(Object(mysqli), 'localhost', 'wp', Object(SensitiveParameterValue), 'wp')",
                "if ($token == null) { return; } secret: ******** session: expired",
                "[pool www] server reached pm.max_children setting (5), consider raising it",
                // check ids and options of the WordPress checks are not WordPress's wordpress_<hash> cookie
                "wordpress.database: could not connect to 127.0.0.1; wordpress.changes=passed",
                "no slow query log known (--option wordpress.slow-log=FILE, or --option wordpress.dir=/var/www/html)");
    }

    @ParameterizedTest
    @MethodSource("readable")
    void leavesTextWithoutSecretsAlone(String line) {
        assertEquals(line, new DefaultRedactor().redact(line));
    }

    @Test
    void masksARegisteredValueWrittenEscapedOrCutByPhp() {
        DefaultRedactor r = new DefaultRedactor();
        r.addSecret("pa/ss\"wo'rd-42");
        assertEquals("a " + M + " b", r.redact("a pa/ss\"wo'rd-42 b"));
        assertEquals("{\"m\":\"" + M + "\"}", r.redact("{\"m\":\"pa\\/ss\\\"wo'rd-42\"}"));
        assertEquals("q=" + M + " x", r.redact("q=pa%2Fss%22wo%27rd-42 x"));
        assertEquals("GET /?q=" + M + " HTTP/1.1", r.redact("GET /?q=pa/ss\\x22wo'rd-42 HTTP/1.1"));
        assertEquals("<b>" + M + "</b>", r.redact("<b>pa/ss&quot;wo&#39;rd-42</b>"));
        assertEquals("{\"m\":\"" + M + "\"}", r.redact("{\"m\":\"pa\\\\\\/ss\\\\\\\"wo'rd-42\"}"), "escaped twice");
        assertEquals("f('" + M + "...')", r.redact("f('pa/ss\"wo'rd-...')"), "PHP's cut argument");
        assertEquals("pa/ss and pa/ss\"w", r.redact("pa/ss and pa/ss\"w"), "a short prefix alone stays");
    }

    @Test
    void ignoresRegisteredValuesTooShortToMaskEverywhere() {
        DefaultRedactor r = new DefaultRedactor();
        r.addSecret("abc");
        r.addSecret(null);
        assertEquals("abcdef", r.redact("abcdef"));
        assertEquals(null, r.redact(null));
        assertEquals("", r.redact(""));
    }

    private static Arguments of(String line, String expected) {
        return Arguments.of(line, expected);
    }
}
