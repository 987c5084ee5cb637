package org.gatewaydoctor.it.harness;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A day of a shared server's logs before the incident, generated once per test run: the background every
 * whole-stack fault is diagnosed in a second time ({@link Diagnose#noisy}). Several sites
 * ({@code shop.example.net}, {@code blog.example.net}, {@code legacy.example.net}, {@code news.example.org})
 * share nginx or Apache, PHP-FPM and MariaDB; all day long there are near misses (lines that contain a
 * signature's text but are no failure: {@code open() ... failed (2: No such file or directory)} for a
 * missing favicon, FPM children starting, MariaDB notes), and in four bursts of 20 minutes other sites fail
 * for real: upstream timeouts and refusals, PHP fatals of their plugins (with their stack traces), full
 * pools, slowlog records, worker crashes, aborted database connections, HAProxy 502/503/504s.
 *
 * <p>Every line has the exact shape the real software writes, as captured in
 * {@code core/src/test/resources/formats} (nginx 1.22, PHP-FPM 8.2, PHP 8.2, Apache 2.4, HAProxy 2.6 via
 * syslog, MariaDB 10.11) and {@code checks-http/src/test/resources} (nginx relaying PHP's stderr over
 * several lines); only names, numbers and times differ. Times run from 30 to 6 hours before the run, in the
 * JVM's zone for formats that write local time (as the servers under test do), so the incident of the test
 * is always the last episode.
 *
 * <p>The largest files (a web server's or load balancer's error log) are about {@value #BIG_MB} MB, the
 * others about {@value #SMALL_MB} MB: a diagnosis of a stack reads 12 to 16 MB of them.
 */
public final class Noise {

    static final int BIG_MB = 10;
    static final int SMALL_MB = 1;

    /** The kinds of log the stacks write, by the file names the harness gives them. */
    public enum Kind {
        NGINX_ERROR(BIG_MB), NGINX_ACCESS(SMALL_MB), APACHE_ERROR(BIG_MB), APACHE_ACCESS(SMALL_MB),
        PHP_FPM(SMALL_MB), PHP_FPM_SLOW(SMALL_MB), PHP_ERROR(SMALL_MB), HAPROXY(BIG_MB), MARIADB(SMALL_MB);

        final int megabytes;

        Kind(int megabytes) {
            this.megabytes = megabytes;
        }
    }

    private static final String[] SITES = {"shop.example.net", "blog.example.net", "legacy.example.net",
        "news.example.org"};
    private static final String[] POOLS = {"shop", "blog", "legacy", "news"};
    private static final String[] PLUGINS = {"old-gallery", "seo-booster", "shop-sync", "legacy-forms"};
    private static final String[] CLIENTS = {"198.51.100.7", "203.0.113.41", "192.0.2.118", "198.51.100.230"};
    private static Path dir;
    private static final Map<Kind, Path> FILES = new EnumMap<>(Kind.class);

    private Noise() {
    }

    /** The kind of a stack's log file by its name; null for files the harness does not name. */
    public static Kind kindOf(String fileName) {
        return switch (fileName) {
            case "nginx-error.log" -> Kind.NGINX_ERROR;
            case "nginx-access.log" -> Kind.NGINX_ACCESS;
            case "apache-error.log" -> Kind.APACHE_ERROR;
            case "apache-access.log" -> Kind.APACHE_ACCESS;
            case "php-fpm.log" -> Kind.PHP_FPM;
            case "php-fpm-slow.log" -> Kind.PHP_FPM_SLOW;
            case "wp-debug.log", "php-error.log" -> Kind.PHP_ERROR;
            case "haproxy.log" -> Kind.HAPROXY;
            case "mariadb-error.log" -> Kind.MARIADB;
            default -> null;
        };
    }

    /** The noise file of {@code kind}, generated on first use (once per test run). */
    public static synchronized Path file(Kind kind) {
        Path f = FILES.get(kind);
        if (f != null) {
            return f;
        }
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("gd-it-noise-");
                dir.toFile().deleteOnExit();
            }
            f = dir.resolve(kind.name().toLowerCase(Locale.ROOT) + ".log");
            write(kind, f, Instant.now().minus(Duration.ofHours(30)), Duration.ofHours(24), ZoneId.systemDefault());
            f.toFile().deleteOnExit();
            FILES.put(kind, f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes about {@code kind.megabytes} MB of {@code kind} lines dated from {@code start} over {@code span}. */
    static void write(Kind kind, Path file, Instant start, Duration span, ZoneId zone) throws IOException {
        Random r = new Random(kind.ordinal() * 7919L + 13);
        long target = kind.megabytes * 1_000_000L;
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 0; written < target; i++) {
                // time advances with the bytes written, so the file spans exactly `span`
                Instant at = start.plusMillis((long) (span.toMillis() * (written / (double) target)));
                boolean burst = inBurst(start, span, at);
                String text = line(kind, r, at, zone, burst, i);
                w.write(text);
                w.write('\n');
                written += text.length() + 1;
            }
        }
    }

    /** Four bursts of 20 minutes, at 2, 7, 13 and 19 hours into a 24-hour span (scaled to other spans). */
    static boolean inBurst(Instant start, Duration span, Instant at) {
        double h = Duration.between(start, at).toMillis() / (double) span.toMillis() * 24;
        for (double b : new double[] {2, 7, 13, 19}) {
            if (h >= b && h < b + 1.0 / 3) {
                return true;
            }
        }
        return false;
    }

    private static final DateTimeFormatter NGINX = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter PHP = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSSSSS yyyy",
            Locale.ROOT);
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter HAPROXY_ACCEPT = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS",
            Locale.ROOT);
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter MARIADB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    static String line(Kind kind, Random r, Instant at, ZoneId zone, boolean burst, long i) {
        ZonedDateTime t = at.atZone(zone);
        int s = r.nextInt(SITES.length);
        String site = SITES[s];
        String pool = POOLS[s];
        String plugin = PLUGINS[s];
        String client = CLIENTS[r.nextInt(CLIENTS.length)];
        int pid = 2000 + r.nextInt(3000);
        long req = 100_000 + i;
        return switch (kind) {
            case NGINX_ERROR -> nginxError(r, t, burst, site, pool, plugin, client, pid, req);
            case NGINX_ACCESS, APACHE_ACCESS -> client + " - - [" + CLF.format(t) + "] \"GET /" + (burst ? "checkout/"
                    : "wp-content/uploads/2026/11/img-" + (i % 500) + ".jpg") + " HTTP/1.1\" "
                    + (burst ? (r.nextBoolean() ? "502 157" : "504 167") : (r.nextInt(20) == 0 ? "404 153" : "200 "
                    + (2000 + r.nextInt(90000)))) + " \"https://" + site + "/\" \"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) "
                    + "Gecko/20100101 Firefox/128.0\"";
            case APACHE_ERROR -> apacheError(r, t, burst, site, plugin, client, pid);
            case PHP_FPM -> phpFpm(r, t, burst, pool, site, plugin, pid);
            case PHP_FPM_SLOW -> "\n[" + PHP.format(t) + "]  [pool " + pool + "] pid " + pid + "\n"
                    + "script_filename = /srv/www/" + pool + "/index.php\n"
                    + "[0x00007f4829413170] curl_exec() /srv/www/" + pool + "/wp-content/plugins/" + plugin
                    + "/includes/remote.php:88\n"
                    + "[0x00007f48294130f0] " + plugin.replace('-', '_') + "_fetch() /srv/www/" + pool
                    + "/wp-content/plugins/" + plugin + "/includes/remote.php:41\n"
                    + "[0x00007f4829413070] do_action() /srv/www/" + pool + "/wp-includes/plugin.php:517";
            case PHP_ERROR -> phpError(r, at, burst, pool, plugin);
            case HAPROXY -> SYSLOG.format(t) + " lb1 haproxy[410]: " + client + ":" + (30000 + r.nextInt(30000)) + " ["
                    + HAPROXY_ACCEPT.format(t) + "] fe be_" + pool + "/" + pool + "1 " + (burst
                    ? (r.nextBoolean() ? "0/0/0/-1/30001 504 198 - - sH-- 12/12/11/11/0 0/0"
                    : "0/0/-1/-1/3006 503 217 - - SC-- 12/12/11/11/3 0/0")
                    : "0/0/0/" + (20 + r.nextInt(300)) + "/" + (25 + r.nextInt(300)) + " 200 " + (2000 + r.nextInt(50000))
                    + " - - ---- 3/3/2/2/0 0/0") + " \"GET /" + (burst ? "checkout/" : "") + " HTTP/1.1\"";
            case MARIADB -> MARIADB.format(t) + " " + (10 + i % 5000) + " [Warning] Aborted connection " + (10 + i % 5000)
                    + " to db: '" + pool + "' user: '" + pool + "' host: 'localhost' (Got "
                    + (burst ? "timeout reading communication packets)" : "an error reading communication packets)");
        };
    }

    private static String nginxContext(String client, String site, String request, String upstream) {
        return ", client: " + client + ", server: " + site + ", request: \"" + request + "\""
                + (upstream == null ? "" : ", upstream: \"" + upstream + "\"") + ", host: \"" + site + "\"";
    }

    private static String nginxError(Random r, ZonedDateTime t, boolean burst, String site, String pool, String plugin,
                                     String client, int pid, long req) {
        String head = NGINX.format(t) + " [error] " + pid + "#" + pid + ": *" + req + " ";
        String fpm = "fastcgi://unix:/run/php/php8.2-fpm-" + pool + ".sock:";
        if (!burst) {
            return switch (r.nextInt(4)) {
                // near misses: the "(2: No such file or directory)" of a refused socket, for a missing file
                case 0, 1 -> head + "open() \"/srv/www/" + pool + "/favicon.ico\" failed (2: No such file or directory)"
                        + nginxContext(client, site, "GET /favicon.ico HTTP/1.1", null);
                case 2 -> NGINX.format(t) + " [warn] " + pid + "#" + pid + ": *" + req + " an upstream response is "
                        + "buffered to a temporary file /var/lib/nginx/fastcgi/3/12/00000001" + (req % 100)
                        + " while reading upstream" + nginxContext(client, site, "GET /wp-admin/export.php HTTP/1.1", fpm);
                default -> head + "access forbidden by rule" + nginxContext(client, site, "GET /.env HTTP/1.1", null);
            };
        }
        return switch (r.nextInt(5)) {
            case 0 -> head + "upstream timed out (110: Connection timed out) while reading response header from upstream"
                    + nginxContext(client, site, "GET /checkout/ HTTP/1.1", fpm);
            case 1 -> NGINX.format(t) + " [crit] " + pid + "#" + pid + ": *" + req + " connect() to unix:/run/php/"
                    + "php8.2-fpm-" + pool + ".sock failed (2: No such file or directory) while connecting to upstream"
                    + nginxContext(client, site, "GET /index.php HTTP/1.1", fpm);
            case 2 -> head + "connect() to unix:/run/php/php8.2-fpm-" + pool + ".sock failed (11: Resource temporarily "
                    + "unavailable) while connecting to upstream" + nginxContext(client, site, "GET / HTTP/1.1", fpm);
            case 3 -> head + "recv() failed (104: Connection reset by peer) while reading response header from upstream"
                    + nginxContext(client, site, "POST /wp-admin/admin-ajax.php HTTP/1.1", fpm);
            // nginx relays PHP's stderr as it comes: an uncaught error's stack trace continues on undated lines
            default -> head + "FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught Error: Call to undefined "
                    + "function " + plugin.replace('-', '_') + "_render() in /srv/www/" + pool + "/wp-content/plugins/"
                    + plugin + "/" + plugin + ".php:41\nStack trace:\n#0 /srv/www/" + pool + "/wp-includes/class-wp-hook.php"
                    + "(324): " + plugin.replace('-', '_') + "_init('')\n#1 {main}\n  thrown in /srv/www/" + pool
                    + "/wp-content/plugins/" + plugin + "/" + plugin + ".php on line 41\" while reading response header "
                    + "from upstream" + nginxContext(client, site, "GET / HTTP/1.1", fpm);
        };
    }

    private static String apacheError(Random r, ZonedDateTime t, boolean burst, String site, String plugin,
                                      String client, int pid) {
        String head = "[" + APACHE.format(t) + "] ";
        String who = " [pid " + pid + ":tid " + (pid + 11) + "] ";
        String cl = "[client " + client + ":" + (40000 + r.nextInt(20000)) + "] ";
        if (!burst) {
            return r.nextBoolean()
                    ? head + "[core:info]" + who + cl + "AH00128: File does not exist: /srv/www/" + site + "/favicon.ico"
                    : head + "[authz_core:error]" + who + cl + "AH01630: client denied by server configuration: /srv/www/"
                    + site + "/.env";
        }
        return switch (r.nextInt(3)) {
            case 0 -> head + "[proxy_fcgi:error]" + who + cl + "AH01071: Got error 'PHP message: PHP Fatal error:  Uncaught "
                    + "Error: Call to undefined function " + plugin.replace('-', '_') + "_render() in /srv/www/" + site
                    + "/wp-content/plugins/" + plugin + "/" + plugin + ".php:41\\nStack trace:\\n#0 {main}\\n  thrown in "
                    + "/srv/www/" + site + "/wp-content/plugins/" + plugin + "/" + plugin + ".php on line 41'";
            case 1 -> head + "[proxy:error]" + who + "(111)Connection refused: AH00957: FCGI: attempt to connect to "
                    + "127.0.0.1:9001 (127.0.0.1:9001) failed";
            default -> head + "[proxy_fcgi:error]" + who + "(70007)The timeout specified has expired: " + cl
                    + "AH01075: Error dispatching request to 127.0.0.1:9001: (polling)";
        };
    }

    private static String phpFpm(Random r, ZonedDateTime t, boolean burst, String pool, String site, String plugin,
                                 int pid) {
        String head = "[" + PHP.format(t) + "] ";
        if (!burst) {
            return r.nextBoolean() ? head + "NOTICE: [pool " + pool + "] child " + pid + " started"
                    : head + "NOTICE: [pool " + pool + "] child " + (pid - 1) + " exited with code 0 after "
                    + (300 + r.nextInt(3000)) + ".104455 seconds from start";
        }
        return switch (r.nextInt(4)) {
            case 0 -> head + "WARNING: [pool " + pool + "] server reached pm.max_children setting (5), consider raising it";
            case 1 -> head + "WARNING: [pool " + pool + "] child " + pid + ", script '/srv/www/" + pool
                    + "/index.php' (request: \"GET /index.php\") executing too slow (5.01339 sec), logging";
            case 2 -> head + "WARNING: [pool " + pool + "] child " + pid + " exited on signal 11 (SIGSEGV) after "
                    + (10 + r.nextInt(500)) + ".117400 seconds from start";
            default -> head + "WARNING: [pool " + pool + "] child " + pid + " said into stderr: \"NOTICE: PHP message: PHP "
                    + "Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in "
                    + "/srv/www/" + pool + "/wp-content/plugins/" + plugin + "/export.php on line 212\"";
        };
    }

    private static String phpError(Random r, Instant at, boolean burst, String pool, String plugin) {
        // PHP's error log and WordPress's debug.log name the zone: UTC here
        String head = "[" + PHP.format(at.atZone(ZoneOffset.UTC)) + " UTC] ";
        String file = "/srv/www/" + pool + "/wp-content/plugins/" + plugin + "/" + plugin + ".php";
        if (!burst) {
            return head + "PHP Deprecated:  Creation of dynamic property " + plugin.replace('-', '_')
                    + "_Widget::$title is deprecated in " + file + " on line " + (20 + r.nextInt(100));
        }
        return switch (r.nextInt(3)) {
            case 0 -> head + "PHP Fatal error:  Uncaught Error: Call to undefined function " + plugin.replace('-', '_')
                    + "_render() in " + file + ":41\nStack trace:\n#0 /srv/www/" + pool
                    + "/wp-includes/class-wp-hook.php(324): " + plugin.replace('-', '_') + "_init('')\n#1 {main}\n"
                    + "  thrown in " + file + " on line 41";
            case 1 -> head + "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate "
                    + "20480 bytes) in " + file + " on line 212";
            default -> head + "PHP Warning:  mysqli_real_connect(): (HY000/2002): Connection refused in /srv/www/" + pool
                    + "/wp-includes/class-wpdb.php on line 1982";
        };
    }

    /** The kinds with noise, for tests of the generator. */
    static List<Kind> kinds() {
        return List.of(Kind.values());
    }
}
