package org.gatewaydoctor.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * The signature sets the benchmarks scan with: 10, 100 or 1,000 signatures.
 *
 * <p><b>How they are built.</b> A set of {@code n} is the first {@code n} signatures of the
 * {@linkplain #catalogue() catalogue}, topped up with synthetic signatures when the catalogue has
 * fewer. The catalogue is the real one: what {@link SignatureCatalog#discover} finds on the class path,
 * in discovery order (the benchmarks jar bundles {@code checks-http}, {@code checks-phpfpm} and
 * {@code checks-wordpress}, whose providers list nginx first: the ten first signatures are nginx's
 * upstream connect, timeout, close and header failures). If no provider is found, or with
 * {@code -Dgd.bench.catalogue=builtin}, it is {@linkplain #builtin() a built-in catalogue} of 44
 * realistic signatures written for the benchmark from the same sources (nginx {@code ngx_http_upstream.c},
 * {@code ngx_event_connect.c}, {@code ngx_http_fastcgi_module.c}; php-src {@code sapi/fpm/fpm}; httpd
 * {@code mod_proxy*}). {@link #catalogueSource()} says which one a run used.
 *
 * <p>Synthetic signatures are phrases of 2 to 6 words drawn (seeded) from a vocabulary of words that
 * real proxy and PHP logs use ({@code upstream}, {@code socket}, {@code while}, {@code reading},
 * {@code worker}, ...), 12 to 40 bytes long like the real literals, sometimes prefixed like an Apache
 * {@code AH0xxxx:} code or suffixed with an errno, each with a field-extracting pattern. Because they
 * share the log's vocabulary they share its 3-byte blocks, which is what slows a multi-literal search
 * down as literals are added; a phrase that occurs anywhere in a 4 MiB sample of the generated log is
 * rejected, so that the synthetic part never adds hits and the signature axis measures the matcher.
 *
 * <pre>
 * # the literals of a set, one a line, for grep -F -f / rg -F -f ("catalogue": the whole catalogue)
 * java -cp benchmarks/target/benchmarks.jar org.gatewaydoctor.benchmarks.BenchmarkSignatures --count catalogue \
 *     --literals /tmp/literals.txt
 * </pre>
 */
public final class BenchmarkSignatures {

    /** Size of the built-in catalogue. */
    public static final int BUILTIN_SIZE = 44;
    /** Seed of the synthetic top-up. */
    public static final long SEED = 1000;

    private static final String CLIENT = "(?:.*?, client: (?<client>[^,]+))?";
    private static final String UPSTREAM_TAIL = "(?:.*?, upstream: \"(?<upstream>[^\"]*)\")?";

    private BenchmarkSignatures() {
    }

    /**
     * Usage: {@code --count N|catalogue --literals FILE}: writes the distinct literals of the set of N,
     * one a line.
     */
    public static void main(String[] args) throws IOException {
        int count = catalogue().size();
        Path out = null;
        Path json = null;
        Path ids = null;
        String usage = "usage: --count N --literals FILE [--json FILE] [--ids FILE]";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--count" -> count = parseCount(args[++i]);
                case "--literals" -> out = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--ids" -> ids = Path.of(args[++i]);
                default -> throw new IllegalArgumentException(usage);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException(usage);
        }
        if (json != null) {
            writeSyntheticJson(set(count), json);
        }
        if (ids != null) {
            // the set's catalogue signatures as one --only argument
            Files.writeString(ids, String.join(",", set(count).stream().map(Signature::id)
                    .filter(id -> !id.startsWith("synthetic.")).toList()), StandardCharsets.UTF_8);
        }
        Set<String> literals = new LinkedHashSet<>();
        for (Signature s : set(count)) {
            literals.add(s.literal());
        }
        Files.write(out, literals, StandardCharsets.UTF_8);
        System.out.println(out + ": " + literals.size() + " literals of " + count + " signatures; "
                + catalogueSource());
    }

    /**
     * Writes the synthetic signatures of {@code set} as a CLI signature file ({@code scan --signatures
     * FILE.json}), so that the CLI can be timed with the catalogue plus them.
     */
    static void writeSyntheticJson(List<Signature> set, Path file) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = mapper.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode list = root.putArray("signatures");
        for (Signature s : set) {
            if (!s.id().startsWith("synthetic.")) {
                continue;
            }
            com.fasterxml.jackson.databind.node.ObjectNode n = list.addObject();
            n.put("id", s.id());
            n.put("layer", s.layer().name());
            com.fasterxml.jackson.databind.node.ArrayNode formats = n.putArray("formats");
            s.formats().forEach(f -> formats.add(f.name()));
            n.put("literal", s.literal());
            if (s.pattern() != null) {
                n.put("pattern", s.pattern().pattern());
            }
            n.put("title", s.title());
        }
        mapper.writeValue(file.toFile(), root);
    }

    /** A set size: a number, or {@code catalogue} for the whole catalogue. */
    public static int parseCount(String s) {
        return s.equals("catalogue") ? catalogue().size() : Integer.parseInt(s);
    }

    /** The catalogue, as the class comment says: discovered, else built-in. */
    public static List<Signature> catalogue() {
        return Catalogue.SIGNATURES;
    }

    /** Which catalogue this JVM uses, and how big it is, in words. */
    public static String catalogueSource() {
        return Catalogue.SOURCE;
    }

    private static final class Catalogue {
        static final List<Signature> SIGNATURES;
        static final String SOURCE;

        static {
            List<Signature> found = List.of();
            String why = "-Dgd.bench.catalogue=builtin";
            if (!"builtin".equals(System.getProperty("gd.bench.catalogue"))) {
                SignatureCatalog c = SignatureCatalog.discover(BenchmarkSignatures.class.getClassLoader());
                found = c.signatures();
                why = found.isEmpty() ? "no signature provider on the class path" : null;
                if (!c.problems().isEmpty()) {
                    System.err.println("signature catalogue: " + String.join("; ", c.problems()));
                }
            }
            if (why == null) {
                SIGNATURES = found;
                long literals = found.stream().map(Signature::literal).distinct().count();
                SOURCE = "catalogue: the real one, discovered: " + found.size() + " signatures, " + literals
                        + " distinct literals";
            } else {
                SIGNATURES = builtin();
                SOURCE = "catalogue: built-in, " + SIGNATURES.size() + " signatures (" + why + ")";
            }
        }
    }

    /** The first {@code count} signatures: the catalogue, then synthetic ones. */
    public static List<Signature> set(int count) {
        List<Signature> cat = catalogue();
        if (count <= cat.size()) {
            return List.copyOf(cat.subList(0, count));
        }
        List<Signature> out = new ArrayList<>(cat);
        out.addAll(synthetic(count - cat.size(), cat));
        return List.copyOf(out);
    }

    /** The built-in catalogue, most important first. */
    public static List<Signature> builtin() {
        List<Signature> s = new ArrayList<>();
        // --- nginx upstream failures (the ten the generator writes come first)
        s.add(sig("nginx.fpm-listen-queue-full", Layer.PHP_FPM,
                "failed (11: Resource temporarily unavailable) while connecting to upstream",
                "connect\\(\\) to (?<upstream>\\S+) failed \\((?<errno>11): (?<errtext>[^)]*)\\)" + CLIENT, 502,
                CauseCode.PHPFPM_POOL_EXHAUSTED, "the PHP-FPM socket's listen queue is full"));
        s.add(sig("nginx.upstream-timed-out", Layer.PROXY, "upstream timed out",
                "upstream timed out \\((?<errno>\\d+): (?<errtext>[^)]*)\\) while (?<action>[^,]+)" + CLIENT
                        + UPSTREAM_TAIL, 504, CauseCode.PROXY_UPSTREAM_TIMEOUT,
                "the upstream did not answer within nginx's timeout"));
        s.add(sig("nginx.connect-refused", Layer.PROXY, "failed (111: Connection refused) while connecting to upstream",
                "connect\\(\\) (?:to (?<peer>\\S+) )?failed \\((?<errno>111): (?<errtext>[^)]*)\\)" + CLIENT
                        + UPSTREAM_TAIL, 502, CauseCode.PROXY_UPSTREAM_REFUSED,
                "nothing accepts connections at the upstream's address"));
        s.add(sig("nginx.fpm-socket-missing", Layer.PHP_FPM,
                "failed (2: No such file or directory) while connecting to upstream",
                "connect\\(\\) to (?<upstream>unix:\\S+) failed \\((?<errno>2): (?<errtext>[^)]*)\\)" + CLIENT, 502,
                CauseCode.PHPFPM_DOWN, "the PHP-FPM socket does not exist"));
        s.add(sig("nginx.fastcgi-closed-stdout", Layer.PHP_FPM, "upstream prematurely closed FastCGI stdout",
                "prematurely closed FastCGI stdout while (?<action>[^,]+)" + CLIENT + UPSTREAM_TAIL, 502,
                CauseCode.PHPFPM_WORKER_CRASH, "the PHP-FPM worker went away mid-response"));
        s.add(sig("nginx.upstream-closed", Layer.PROXY, "upstream prematurely closed connection",
                "prematurely closed connection while (?<action>[^,]+)" + CLIENT + UPSTREAM_TAIL, 502,
                CauseCode.PROXY_UPSTREAM_CLOSED, "the upstream closed the connection before a full response"));
        s.add(sig("nginx.upstream-reset", Layer.PROXY, "(104: Connection reset by peer) while reading response header",
                "(?:recv|readv)\\(\\) failed \\((?<errno>104): (?<errtext>[^)]*)\\)" + CLIENT + UPSTREAM_TAIL, 502,
                CauseCode.PROXY_UPSTREAM_CLOSED, "the upstream reset the connection"));
        s.add(sig("nginx.invalid-header", Layer.PROXY, "upstream sent invalid header",
                "upstream sent invalid header: \"(?<header>[^\"]{0,80})" + CLIENT + UPSTREAM_TAIL, 502,
                CauseCode.PROXY_INVALID_HEADER, "the upstream sent a malformed response header"));
        s.add(sig("nginx.too-big-header", Layer.PROXY, "upstream sent too big header",
                "upstream sent too big header while (?<action>[^,]+)" + CLIENT + UPSTREAM_TAIL, 502,
                CauseCode.PROXY_HEADER_TOO_BIG, "the upstream's headers do not fit nginx's buffers"));
        s.add(sig("nginx.no-live-upstreams", Layer.PROXY, "no live upstreams",
                "no live upstreams while (?<action>[^,]+)" + CLIENT + UPSTREAM_TAIL, 502,
                CauseCode.PROXY_NO_HEALTHY_UPSTREAM, "every server of the upstream group is marked failed"));
        // --- more nginx
        s.add(sig("nginx.fpm-socket-permission", Layer.PHP_FPM,
                "failed (13: Permission denied) while connecting to upstream",
                "connect\\(\\) to (?<upstream>\\S+) failed \\((?<errno>13): (?<errtext>[^)]*)\\)" + CLIENT, 502,
                CauseCode.PHPFPM_SOCKET_PERMISSION, "nginx may not open the PHP-FPM socket"));
        s.add(sig("nginx.fastcgi-closed-request", Layer.PHP_FPM, "upstream prematurely closed FastCGI request",
                "closed FastCGI request while (?<action>[^,]+)" + CLIENT, 502, CauseCode.PHPFPM_WORKER_CRASH,
                "the PHP-FPM worker closed the request"));
        s.add(sig("nginx.invalid-status", Layer.PROXY, "upstream sent invalid status",
                "upstream sent invalid status \"(?<status>[^\"]*)\"" + CLIENT, 502, CauseCode.PROXY_INVALID_HEADER,
                "the FastCGI upstream sent an invalid status"));
        s.add(sig("nginx.upstream-tls-handshake", Layer.PROXY, "SSL_do_handshake() failed",
                "SSL_do_handshake\\(\\) failed \\((?<error>[^)]*)\\) while SSL handshaking to upstream" + CLIENT
                        + UPSTREAM_TAIL, 502, CauseCode.PROXY_UPSTREAM_TLS_FAILURE,
                "the TLS handshake with the upstream fails"));
        s.add(sig("nginx.upstream-tls-verify", Layer.PROXY, "upstream SSL certificate verify error",
                "verify error: \\((?<code>\\d+):(?<reason>[^)]*)\\)" + CLIENT, 502,
                CauseCode.PROXY_UPSTREAM_TLS_FAILURE, "the upstream's certificate does not verify"));
        s.add(sig("nginx.upstream-tls-mismatch", Layer.PROXY, "upstream SSL certificate does not match",
                "does not match \"(?<name>[^\"]*)\"" + CLIENT, 502, CauseCode.PROXY_UPSTREAM_TLS_FAILURE,
                "the upstream's certificate does not name it"));
        s.add(sig("nginx.upstream-not-resolved", Layer.PROXY, " could not be resolved (",
                "(?<name>\\S+) could not be resolved \\((?<code>\\d+): (?<reason>[^)]*)\\)", 502,
                CauseCode.PROXY_UPSTREAM_DNS_FAILURE, "the upstream's name does not resolve"));
        s.add(sig("nginx.no-resolver", Layer.PROXY, "no resolver defined to resolve",
                "no resolver defined to resolve (?<name>\\S+)", 502, CauseCode.PROXY_UPSTREAM_DNS_FAILURE,
                "no resolver is configured for the upstream's name"));
        s.add(sig("nginx.worker-connections", Layer.PROXY, "worker_connections are not enough",
                "(?<limit>\\d+) worker_connections are not enough", 502,
                CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED, "nginx ran out of worker_connections"));
        s.add(sig("nginx.fastcgi-protocol", Layer.PROXY, "upstream sent unsupported FastCGI protocol version",
                "protocol version: (?<version>\\d+)" + CLIENT, 502, CauseCode.PROXY_PROTOCOL_MISMATCH,
                "the FastCGI upstream does not speak FastCGI"));
        s.add(sig("nginx.no-valid-http", Layer.PROXY, "upstream sent no valid HTTP/1.0 header",
                "no valid HTTP/1.0 header while (?<action>[^,]+)" + CLIENT, 502, CauseCode.PROXY_PROTOCOL_MISMATCH,
                "the HTTP upstream does not answer in HTTP"));
        s.add(sig("nginx.upstream-buffer-small", Layer.PROXY, "upstream buffer is too small to read response",
                null, 502, CauseCode.PROXY_HEADER_TOO_BIG, "nginx's upstream buffer is too small"));
        s.add(sig("nginx.primary-script-unknown", Layer.PHP_FPM, "Primary script unknown",
                "Primary script unknown\"?" + CLIENT, null, CauseCode.PHPFPM_SOCKET_MISMATCH,
                "PHP-FPM cannot find the script nginx names"));
        // --- PHP fatal errors, as relayed by FastCGI or in PHP's own log
        s.add(sig("php.memory-exhausted", Layer.APPLICATION, "Allowed memory size of",
                "Allowed memory size of (?<limit>\\d+) bytes exhausted.*? in (?<file>/\\S+\\.php)", 500,
                CauseCode.APP_MEMORY_EXHAUSTED, "a script hit memory_limit"));
        s.add(sig("php.max-execution-time", Layer.APPLICATION, "Maximum execution time of",
                "Maximum execution time of (?<seconds>\\d+) seconds? exceeded in (?<file>/\\S+\\.php)", 500,
                CauseCode.APP_EXECUTION_TIMEOUT, "a script hit max_execution_time"));
        s.add(sig("php.fatal-error", Layer.APPLICATION, "PHP Fatal error:",
                "PHP Fatal error:\\s+(?<message>.*?) in (?<file>/\\S+\\.php)", 500, CauseCode.APP_FATAL_ERROR,
                "a PHP fatal error"));
        s.add(sig("wordpress.db-connection", Layer.DATABASE, "Error establishing a database connection", null,
                500, CauseCode.DATABASE_DOWN, "WordPress cannot reach its database"));
        // --- PHP-FPM master log
        s.add(sig("fpm.max-children", Layer.PHP_FPM, "server reached pm.max_children setting",
                "\\[pool (?<pool>[^\\]]+)\\] server reached pm.max_children setting \\((?<max>\\d+)\\)", 502,
                CauseCode.PHPFPM_POOL_EXHAUSTED, "every PHP-FPM worker was busy"));
        s.add(sig("fpm.seems-busy", Layer.PHP_FPM, "seems busy (you may need to increase pm.start_servers",
                "\\[pool (?<pool>[^\\]]+)\\] seems busy", 502, CauseCode.PHPFPM_POOL_EXHAUSTED,
                "the pool spawns workers as fast as it may"));
        s.add(sig("fpm.terminate-timeout", Layer.PHP_FPM, "execution timed out (",
                "child (?<pid>\\d+), script '(?<script>[^']*)' \\(request: \"(?<request>[^\"]*)\"\\) execution timed"
                        + " out \\((?<seconds>[\\d.]+) sec\\)", 502, CauseCode.PHPFPM_REQUEST_TIMEOUT,
                "request_terminate_timeout killed a script"));
        s.add(sig("fpm.child-signal", Layer.PHP_FPM, "exited on signal",
                "child (?<pid>\\d+) exited on signal (?<signal>\\d+) \\((?<signame>\\w+)", 502,
                CauseCode.PHPFPM_WORKER_CRASH, "a PHP-FPM worker died on a signal"));
        s.add(sig("fpm.bind-failed", Layer.PHP_FPM, "unable to bind listening socket for address",
                "for address '(?<address>[^']*)': (?<reason>.*)", 502, CauseCode.PHPFPM_START_FAILURE,
                "PHP-FPM cannot listen"));
        s.add(sig("fpm.client-not-allowed", Layer.PHP_FPM, "Connection disallowed: IP address",
                "IP address '(?<client>[^']*)' has been dropped", 502, CauseCode.PHPFPM_CLIENT_NOT_ALLOWED,
                "listen.allowed_clients drops the web server"));
        s.add(sig("fpm.slow-script", Layer.APPLICATION, "executing too slow (",
                "child (?<pid>\\d+), script '(?<script>[^']*)' \\(request: \"(?<request>[^\"]*)\"\\) executing too"
                        + " slow \\((?<seconds>[\\d.]+) sec\\)", null, CauseCode.APP_SLOW_REQUESTS,
                "a script ran longer than request_slowlog_timeout"));
        // --- Apache httpd
        s.add(sig("apache.backend-connect", Layer.PROXY, "failed to make connection to backend",
                "AH01114: HTTP: failed to make connection to backend: (?<backend>\\S+)", 503,
                CauseCode.PROXY_UPSTREAM_REFUSED, "Apache cannot connect to its backend"));
        s.add(sig("apache.fcgi-connect", Layer.PHP_FPM, "FCGI: attempt to connect to Unix domain socket",
                "Unix domain socket (?<socket>\\S+) \\((?<backend>[^)]*)\\) failed", 503, CauseCode.PHPFPM_DOWN,
                "Apache cannot connect to PHP-FPM's socket"));
        s.add(sig("apache.dispatch-error", Layer.PROXY, "Error dispatching request to",
                "AH01075: Error dispatching request to (?<backend>\\S*)", 503, CauseCode.PROXY_UPSTREAM_TIMEOUT,
                "Apache gave up on its backend"));
        s.add(sig("apache.headers-missing", Layer.APPLICATION, "End of script output before headers",
                "End of script output before headers: (?<script>\\S+)", 500, CauseCode.APP_OUTPUT_BEFORE_HEADERS,
                "the script ended before sending headers"));
        s.add(sig("apache.status-line", Layer.PROXY, "error reading status line from remote server",
                "from remote server (?<backend>\\S+)", 502, CauseCode.PROXY_UPSTREAM_CLOSED,
                "the backend closed the connection"));
        // --- HAProxy
        s.add(sig("haproxy.no-server", Layer.LOAD_BALANCER, "has no server available!",
                "backend (?<backend>\\S+) has no server available!", 503, CauseCode.PROXY_NO_HEALTHY_UPSTREAM,
                "every HAProxy server is down"));
        s.add(sig("haproxy.server-down", Layer.LOAD_BALANCER, "is DOWN, reason:",
                "Server (?<server>\\S+) is DOWN, reason: (?<reason>[^,]+)", 503, CauseCode.PROXY_NO_HEALTHY_UPSTREAM,
                "an HAProxy server failed its checks"));
        // --- MariaDB / MySQL
        s.add(sig("mysql.too-many-connections", Layer.DATABASE, "Too many connections", null, 500,
                CauseCode.DATABASE_TOO_MANY_CONNECTIONS, "the database rejects connections"));
        s.add(sig("mysql.innodb-memory", Layer.DATABASE, "InnoDB: Cannot allocate memory", null, 500,
                CauseCode.DATABASE_DOWN, "InnoDB ran out of memory"));
        // --- kernel
        s.add(sig("kernel.oom-kill", Layer.HOST, "Out of memory: Killed process",
                "Killed process (?<pid>\\d+) \\((?<process>[^)]*)\\)", 502, CauseCode.HOST_OUT_OF_MEMORY,
                "the OOM killer killed a process"));
        if (s.size() != BUILTIN_SIZE) {
            throw new IllegalStateException("catalogue has " + s.size() + " signatures");
        }
        return List.copyOf(s);
    }

    private static Signature sig(String id, Layer layer, String literal, String pattern, Integer status,
                                 CauseCode cause, String title) {
        return new Signature(id, layer, formats(id), literal, pattern == null ? null : Pattern.compile(pattern),
                status, List.of(cause), title);
    }

    /** The formats a catalogue signature applies to, by the prefix of its id (as the real providers do). */
    private static Set<LogFormat> formats(String id) {
        String family = id.substring(0, id.indexOf('.'));
        return switch (family) {
            case "nginx" -> Set.of(LogFormat.NGINX_ERROR);
            // PHP fatals reach nginx's and Apache's error logs through FastCGI, and PHP's own log
            case "php" -> Set.of(LogFormat.NGINX_ERROR, LogFormat.APACHE_ERROR, LogFormat.PHP_ERROR);
            case "fpm" -> Set.of(LogFormat.PHP_FPM);
            case "apache" -> Set.of(LogFormat.APACHE_ERROR);
            case "haproxy" -> Set.of(LogFormat.HAPROXY);
            case "mysql" -> Set.of(LogFormat.MYSQL_ERROR);
            case "kernel" -> Set.of(LogFormat.KERNEL);
            default -> Set.of();
        };
    }

    // ------------------------------------------------------------------ synthetic top-up

    private static final String[] WORDS = {
        "upstream", "backend", "worker", "socket", "connection", "request", "response", "header", "cache",
        "pool", "child", "listener", "handshake", "timeout", "buffer", "client", "server", "proxy", "fastcgi",
        "gateway", "session", "queue", "process", "module", "resolver", "certificate", "keepalive", "stream",
        "channel", "limit", "reached", "failed", "closed", "refused", "reset", "exceeded", "exhausted",
        "unavailable", "invalid", "missing", "expired", "blocked", "stalled", "dropped", "rejected", "aborted",
        "while", "reading", "writing", "sending", "waiting", "for", "from", "to", "the", "on", "in", "after",
        "before", "of", "no", "too", "large", "small", "body", "status", "script", "handler", "peer", "address",
        "shared", "memory", "zone", "slot", "lock", "file", "temporary", "php", "slow", "busy", "dead", "live",
        "health", "check", "retry", "next", "local", "remote", "ssl", "tls", "cipher", "protocol", "version",
    };
    private static final String[] ERRNOS = {
        " (11: Resource temporarily unavailable)", " (104: Connection reset by peer)", " (110: Connection timed out)",
        " (111: Connection refused)", " (32: Broken pipe)", " (24: Too many open files)",
    };

    /** {@code n} synthetic signatures absent from the generated log, built as the class comment says. */
    static List<Signature> synthetic(int n, List<Signature> existing) {
        String sample = sampleLog();
        Set<String> seen = new LinkedHashSet<>();
        for (Signature s : existing) {
            seen.add(s.literal());
        }
        long[] rnd = {SEED};
        List<Signature> out = new ArrayList<>(n);
        Layer[] layers = {Layer.PROXY, Layer.PHP_FPM, Layer.APPLICATION, Layer.LOAD_BALANCER, Layer.DATABASE};
        CauseCode[] causes = {CauseCode.PROXY_UPSTREAM_CLOSED, CauseCode.PHPFPM_POOL_EXHAUSTED,
            CauseCode.APP_FATAL_ERROR, CauseCode.PROXY_NO_HEALTHY_UPSTREAM, CauseCode.DATABASE_SLOW};
        while (out.size() < n) {
            int words = 2 + below(rnd, 5);
            StringBuilder b = new StringBuilder();
            int style = below(rnd, 10);
            if (style == 0) {
                b.append("AH0").append(1000 + below(rnd, 9000)).append(": ");
            }
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    b.append(' ');
                }
                b.append(WORDS[below(rnd, WORDS.length)]);
            }
            if (style == 1) {
                b.append(ERRNOS[below(rnd, ERRNOS.length)]);
            }
            String literal = b.toString();
            if (literal.length() < 12 || literal.length() > 40 || !seen.add(literal) || sample.contains(literal)) {
                continue;
            }
            int i = out.size();
            out.add(new Signature(String.format("synthetic.s%04d", i), layers[i % layers.length], Set.of(), literal,
                    Pattern.compile(Pattern.quote(literal) + CLIENT), 502, List.of(causes[i % causes.length]),
                    "synthetic signature " + i));
        }
        return out;
    }

    private static String sampleLog() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 << 20);
        try {
            new NginxErrorLogGenerator(NginxErrorLogGenerator.DEFAULT_SEED).write(bytes, 4 << 20);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static int below(long[] state, int bound) {
        long z = (state[0] += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (((z >>> 32) * bound) >>> 32);
    }
}
