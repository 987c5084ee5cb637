package org.gatewaydoctor.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load generator of {@code benchmarks/real-logs.sh}: HTTP/1.1 requests, pipelined on keep-alive
 * connections to a real nginx on 127.0.0.1, for the sites {@code site01.example} .. the script configured,
 * so that <em>nginx itself</em> writes a busy shared host's error log. Each request is planned to make
 * nginx write exactly one error-log record of a known kind: most are lines of no catalogue signature
 * (missing files, {@code access forbidden by rule}, forbidden directory indexes, scanners' probes answered
 * {@code Primary script unknown}, PHP warnings relayed on FastCGI stderr), and {@code --density} percent
 * are catalogue matches (PHP fatal errors, memory exhaustion and parse errors relayed by PHP-FPM, a refused
 * TCP upstream, a missing unix socket, an upstream timeout, a PHP-FPM worker killed mid-request), in exact
 * numbers per chunk of requests. It never connects anywhere but {@code 127.0.0.1}.
 *
 * <pre>{@code
 * java -cp benchmarks.jar org.gatewaydoctor.benchmarks.RealLogLoad --port 18080 --density 2 \
 *     --log /tmp/work/error.log --bytes 1g --counts /tmp/work/counts.properties
 * }</pre>
 *
 * <p>Requests are sent in chunks (default 20,000) over {@code --connections} new connections; after each chunk
 * (every response read) the log's size is compared with {@code --bytes}, so a run ends at the first chunk
 * boundary past it (or after {@code --requests}). The counts file lists every kind sent, the catalogue
 * signature each match kind must produce ({@code expect.<signature id>}), the HTTP statuses received and
 * the number of requests; {@code real-logs.sh} checks them against the CLI's scan.
 */
public final class RealLogLoad {

    /** What a request makes nginx log; a match kind names the catalogue signature its record must match. */
    enum Kind {
        /** A missing static file: {@code open() "..." failed (2: No such file or directory)}. */
        MISSING(false, null),
        /** {@code access forbidden by rule} (hidden files, backups, PHP under uploads). */
        FORBIDDEN(false, null),
        /** {@code directory index of "..." is forbidden}. */
        DIRINDEX(false, null),
        /** A scanner's probe of a PHP file that does not exist: FastCGI {@code Primary script unknown}. */
        PROBE(false, null),
        /** PHP warnings and deprecations only, relayed on FastCGI stderr (the page is served). */
        WARN(false, null),
        /** {@code PHP Fatal error:  Uncaught Error: Call to undefined function} with its stack trace. */
        UNDEF(true, "nginx.fastcgi-stderr-fatal"),
        /** {@code PHP Fatal error:  Uncaught TypeError} with its stack trace. */
        TYPE(true, "nginx.fastcgi-stderr-fatal"),
        /** {@code PHP Fatal error:  Cannot redeclare}. */
        REDECLARE(true, "nginx.fastcgi-stderr-fatal"),
        /** {@code Allowed memory size of ... bytes exhausted}. */
        MEMORY(true, "nginx.fastcgi-stderr-memory"),
        /** {@code PHP Parse error:  syntax error} in an included file. */
        PARSE(true, "nginx.fastcgi-stderr-parse"),
        /** {@code connect() failed (111: Connection refused)}: a site whose PHP upstream is a dead TCP port. */
        REFUSED(true, "nginx.connect-refused"),
        /** {@code connect() to unix:... failed (2: No such file or directory)}: a site whose socket is gone. */
        ENOENT(true, "nginx.connect-enoent"),
        /** {@code upstream timed out (110: Connection timed out)}: admin-ajax.php slower than the read timeout. */
        TIMEOUT(true, "nginx.upstream-timed-out"),
        /** A PHP-FPM worker killed mid-request: {@code recv() failed (104: Connection reset by peer)}. */
        CRASH(true, "nginx.recv-reset");

        final boolean match;
        final String signature;

        Kind(boolean match, String signature) {
            this.match = match;
            this.signature = signature;
        }
    }

    /** Shares of the kinds among the matches (three quarters PHP errors relayed on stderr) and the rest. */
    private static final Map<Kind, Double> MATCH_SHARES = shares(
            Kind.UNDEF, 0.30, Kind.TYPE, 0.15, Kind.REDECLARE, 0.10, Kind.MEMORY, 0.12, Kind.PARSE, 0.08,
            Kind.REFUSED, 0.07, Kind.ENOENT, 0.06, Kind.TIMEOUT, 0.07, Kind.CRASH, 0.05);
    private static final Map<Kind, Double> OTHER_SHARES = shares(
            Kind.MISSING, 0.78, Kind.FORBIDDEN, 0.08, Kind.DIRINDEX, 0.06, Kind.PROBE, 0.04, Kind.WARN, 0.04);

    private static final String[] WORDS = {"summer", "garden", "furniture", "teak", "bench", "outdoor", "lighting",
        "black", "friday", "deals", "recipe", "chocolate", "cake", "wedding", "photography", "tips", "guide", "best",
        "review", "2026", "winter", "collection", "sale", "hiking", "boots", "trail", "kitchen", "renovation",
        "ideas", "budget", "travel", "lisbon", "weekend", "itinerary", "yoga", "beginners", "podcast", "episode",
        "interview", "community", "event", "schedule", "volunteer", "newsletter", "annual", "report", "product",
        "launch", "update", "how", "to", "choose", "the", "right", "bike", "for", "city", "commute"};
    private static final String[] PLUGINS = {"contact-form-7", "woocommerce", "elementor", "wordfence",
        "wordpress-seo", "wpforms-lite", "jetpack", "akismet", "litespeed-cache", "really-simple-ssl",
        "wp-mail-smtp", "updraftplus", "all-in-one-seo-pack", "wp-super-cache", "redirection", "classic-editor"};
    private static final String[] ASSETS = {"assets/css/frontend.min.css", "assets/js/frontend.min.js",
        "assets/js/vendor/swiper.min.js", "assets/fonts/icons.woff2", "dist/blocks.style.build.css",
        "assets/images/placeholder.png", "public/js/app.bundle.js.map"};
    private static final String[] FORBIDDEN = {"/.env", "/.git/config", "/.git/HEAD", "/wp-config.php.bak",
        "/wp-config.php.old", "/.htaccess", "/backup.sql", "/.DS_Store", "/wp-content/uploads/2026/11/cache.php",
        "/wp-content/uploads/wpo-cache.php", "/.well-known/../.env", "/db.sql", "/.vscode/sftp.json"};
    private static final String[] PROBES = {"/wp-login.php", "/administrator/index.php", "/phpinfo.php",
        "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php",
        "/xmlrpc2.php", "/wso.php", "/alfa.php", "/wp-includes/wlwmanifest.php", "/old/wp-admin/install.php"};
    private static final String[] SOURCES = {"newsletter", "facebook", "instagram", "google", "bing", "partner",
        "pinterest", "tiktok"};

    private final int port;
    private final int sites;
    private final double density;
    private final int connections;
    private final Random random;
    private final Map<Kind, Long> sent = new EnumMap<>(Kind.class);
    private final AtomicLongArray statuses = new AtomicLongArray(600);
    /** The first failure of a connection (nginx unreachable, a reset): the run stops with it. */
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private long requests;

    private RealLogLoad(int port, int sites, double density, int connections, long seed) {
        this.port = port;
        this.sites = sites;
        this.density = density;
        this.connections = connections;
        this.random = new Random(seed);
        for (Kind k : Kind.values()) {
            sent.put(k, 0L);
        }
    }

    /**
     * Runs the load; see the class comment for the options.
     *
     * @param args {@code --port P --density PERCENT [--sites 40] [--connections 32] [--chunk 20000]
     *             [--seed 1] [--log FILE --bytes SIZE] [--requests N] [--counts FILE]}
     * @throws Exception when nginx cannot be reached or a file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        if (!o.containsKey("port") || !o.containsKey("density")) {
            throw new IllegalArgumentException("usage: RealLogLoad --port P --density PERCENT [--sites 40] "
                    + "[--connections 32] [--chunk 20000] [--seed 1] [--log FILE --bytes SIZE] [--requests N] [--counts FILE]");
        }
        RealLogLoad load = new RealLogLoad(Integer.parseInt(o.get("port")), Integer.parseInt(o.getOrDefault("sites", "40")),
                Double.parseDouble(o.get("density")), Integer.parseInt(o.getOrDefault("connections", "32")),
                Long.parseLong(o.getOrDefault("seed", "1")));
        if (load.sites < 20 || load.density < 0 || load.density > 100) {
            throw new IllegalArgumentException("--sites must be >= 20 (sites 7 and 13 have the dead upstreams), "
                    + "--density within 0..100");
        }
        int chunk = Integer.parseInt(o.getOrDefault("chunk", "20000"));
        long maxRequests = o.containsKey("requests") ? Long.parseLong(o.get("requests")) : Long.MAX_VALUE;
        Path log = o.containsKey("log") ? Path.of(o.get("log")) : null;
        long bytes = o.containsKey("bytes") ? NginxErrorLogGenerator.parseSize(o.get("bytes")) : Long.MAX_VALUE;
        if (maxRequests == Long.MAX_VALUE && (log == null || bytes == Long.MAX_VALUE)) {
            throw new IllegalArgumentException("give --requests N, or --log FILE and --bytes SIZE");
        }
        long start = System.nanoTime();
        while (load.requests < maxRequests && (log == null || !Files.exists(log) || Files.size(log) < bytes)) {
            int n = (int) Math.min(chunk, maxRequests - load.requests);
            load.chunk(n);
            if (log != null && Files.exists(log)) {
                double s = (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "\r%,d requests, %,d bytes of log, %.0f requests/s   ",
                        load.requests, Files.size(log), load.requests / s);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "%n%,d requests in %.1f s: %.0f requests/s%n", load.requests, seconds,
                load.requests / seconds);
        String counts = load.counts(seconds);
        if (o.containsKey("counts")) {
            Files.writeString(Path.of(o.get("counts")), counts);
        } else {
            System.out.print(counts);
        }
    }

    /** Plans {@code n} requests (exactly round(n x density) matches, spread evenly) and sends them. */
    private void chunk(int n) throws InterruptedException {
        long matches = Math.round(n * density / 100.0);
        List<Kind> kinds = new ArrayList<>(n);
        List<Kind> matchKinds = exact(MATCH_SHARES, matches);
        List<Kind> otherKinds = exact(OTHER_SHARES, n - matches);
        Collections.shuffle(matchKinds, random);
        Collections.shuffle(otherKinds, random);
        int mi = 0;
        int oi = 0;
        for (int i = 0; i < n; i++) {
            // Bresenham: the i-th request is a match when floor((i+1) m / n) grows
            boolean match = (long) (i + 1) * matches / n > (long) i * matches / n;
            kinds.add(match ? matchKinds.get(mi++) : otherKinds.get(oi++));
        }
        int c = Math.max(1, Math.min(connections, n));
        List<StringBuilder> streams = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            streams.add(new StringBuilder());
        }
        int[] perConnection = new int[c];
        for (int i = 0; i < n; i++) {
            perConnection[i % c]++;
        }
        int[] written = new int[c];
        for (int i = 0; i < n; i++) {
            int k = i % c;
            written[k]++;
            request(streams.get(k), kinds.get(i), written[k] == perConnection[k]);
            sent.merge(kinds.get(i), 1L, Long::sum);
        }
        requests += n;
        List<Thread> threads = new ArrayList<>();
        for (StringBuilder s : streams) {
            byte[] bytes = s.toString().getBytes(StandardCharsets.ISO_8859_1);
            Thread t = new Thread(() -> exchange(bytes), "real-log-load");
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** {@code count} kinds in the shares given (largest remainder), in order. */
    private static List<Kind> exact(Map<Kind, Double> shares, long count) {
        List<Kind> out = new ArrayList<>();
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        double carry = 0;
        for (Map.Entry<Kind, Double> e : shares.entrySet()) {
            double want = count * e.getValue() / total + carry;
            long k = Math.round(want);
            carry = want - k;
            for (long i = 0; i < k && out.size() < count; i++) {
                out.add(e.getKey());
            }
        }
        while (out.size() < count) {
            out.add(shares.keySet().iterator().next());
        }
        return out;
    }

    /** Sends the pipelined requests on one new connection and reads every response until nginx closes it. */
    private void exchange(byte[] requestBytes) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(120_000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                    out.write(requestBytes);
                    out.flush();
                } catch (IOException e) {
                    failure.compareAndSet(null, new UncheckedIOException("sending to nginx on 127.0.0.1:" + port, e));
                }
            }, "real-log-load-writer");
            writer.start();
            readStatuses(socket.getInputStream());
            writer.join();
        } catch (IOException e) {
            failure.compareAndSet(null, new UncheckedIOException("nginx on 127.0.0.1:" + port + ": " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts the status of every response ({@code HTTP/1.1 NNN}; no body here contains that text). */
    private void readStatuses(InputStream in) throws IOException {
        byte[] marker = "HTTP/1.1 ".getBytes(StandardCharsets.ISO_8859_1);
        byte[] buf = new byte[1 << 16];
        byte[] tail = new byte[0];
        int r;
        while ((r = in.read(buf)) > 0) {
            byte[] data = new byte[tail.length + r];
            System.arraycopy(tail, 0, data, 0, tail.length);
            System.arraycopy(buf, 0, data, tail.length, r);
            int last = 0;
            for (int i = 0; i + marker.length + 3 <= data.length; i++) {
                if (data[i] == 'H' && regionMatches(data, i, marker)) {
                    int s = (data[i + 9] - '0') * 100 + (data[i + 10] - '0') * 10 + (data[i + 11] - '0');
                    if (s >= 100 && s < 600) {
                        statuses.incrementAndGet(s);
                    }
                    i += marker.length + 2;
                    last = i + 1;
                }
            }
            int keep = Math.max(last, data.length - (marker.length + 2));
            tail = Arrays.copyOfRange(data, Math.min(keep, data.length), data.length);
        }
    }

    private static boolean regionMatches(byte[] data, int at, byte[] marker) {
        for (int j = 0; j < marker.length; j++) {
            if (data[at + j] != marker[j]) {
                return false;
            }
        }
        return true;
    }

    /** Appends one request of {@code kind} to {@code out}. */
    private void request(StringBuilder out, Kind kind, boolean last) {
        int site = site(kind);
        String host = String.format(Locale.ROOT, "site%02d.example", site);
        String path = switch (kind) {
            case MISSING -> missing();
            case FORBIDDEN -> pick(FORBIDDEN);
            case DIRINDEX -> random.nextBoolean() ? "/wp-content/uploads/2026/" : "/wp-content/uploads/2026/11/";
            case PROBE -> pick(PROBES);
            case WARN -> "/index.php?e=warn&w=" + (1 + random.nextInt(3)) + "&" + campaign();
            case UNDEF, TYPE, REDECLARE, MEMORY, PARSE -> "/index.php?e=" + kind.name().toLowerCase(Locale.ROOT)
                    + "&p=" + random.nextInt(3) + "&w=" + warnings() + (random.nextBoolean() ? "&" + campaign() : "");
            case REFUSED, ENOENT -> random.nextBoolean() ? "/index.php?" + campaign() : "/wp-login.php";
            case TIMEOUT -> "/wp-admin/admin-ajax.php?action=" + pick(PLUGINS).replace('-', '_') + "_refresh&nonce="
                    + Long.toHexString(random.nextLong() & 0xffffffffffL);
            case CRASH -> "/xmlrpc.php";
        };
        out.append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(random.nextInt(4) == 0 ? "www." : "")
                .append(host).append("\r\nX-Forwarded-For: ").append(client()).append("\r\n")
                .append("User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\n");
        if (random.nextInt(10) < 7) {
            out.append("Referer: https://").append(host).append('/').append(slug()).append("/?").append(campaign())
                    .append("\r\n");
        }
        if (last) {
            out.append("Connection: close\r\n");
        }
        out.append("\r\n");
    }

    /** The site of a request: a dead-upstream site for REFUSED/ENOENT, never one for the other PHP kinds. */
    private int site(Kind kind) {
        int dead7 = 7;
        int dead13 = 13;
        return switch (kind) {
            case REFUSED -> dead7 + 20 * random.nextInt(Math.max(1, (sites + 12) / 20));
            case ENOENT -> dead13 + 20 * random.nextInt(Math.max(1, (sites + 6) / 20));
            case MISSING, FORBIDDEN, DIRINDEX, TIMEOUT, CRASH -> 1 + random.nextInt(sites);
            default -> {
                int s;
                do {
                    s = 1 + random.nextInt(sites);
                } while (s % 20 == 7 || s % 20 == 13);
                yield s;
            }
        };
    }

    /** 0 for two thirds of the PHP errors, else 1..3 warnings before (2-4 {@code PHP message:} parts). */
    private int warnings() {
        return random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
    }

    private String missing() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> String.format(Locale.ROOT, "/wp-content/uploads/%d/%02d/%s-%dx%d.%s",
                    2019 + random.nextInt(8), 1 + random.nextInt(12), slug(), 150 * (1 + random.nextInt(12)),
                    100 * (1 + random.nextInt(10)), random.nextBoolean() ? "jpg" : "webp");
            case 4, 5 -> "/wp-content/plugins/" + pick(PLUGINS) + "/" + pick(ASSETS) + "?ver=" + version();
            case 6 -> "/wp-content/themes/" + slug() + "/assets/fonts/" + pick(WORDS) + "-regular.woff2";
            case 7 -> random.nextBoolean() ? "/favicon.ico" : "/apple-touch-icon-152x152-precomposed.png";
            case 8 -> "/" + slug() + "/amp/";
            default -> "/wp-content/cache/autoptimize/css/autoptimize_" + Long.toHexString(random.nextLong()) + ".css";
        };
    }

    private String slug() {
        int n = 3 + random.nextInt(6);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : "-").append(pick(WORDS));
        }
        return s.toString();
    }

    private String campaign() {
        return "utm_source=" + pick(SOURCES) + "&utm_medium=" + (random.nextBoolean() ? "email" : "social")
                + "&utm_campaign=" + pick(WORDS) + "_" + pick(WORDS) + "_2026"
                + (random.nextInt(3) == 0 ? "&fbclid=IwAR" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
                        + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) : "");
    }

    private String version() {
        return (1 + random.nextInt(9)) + "." + random.nextInt(10) + "." + random.nextInt(20);
    }

    /** A visitor address from the documentation ranges (RFC 5737, RFC 3849): only a header, never connected to. */
    private String client() {
        return switch (random.nextInt(4)) {
            case 0 -> "203.0.113." + (1 + random.nextInt(254));
            case 1 -> "198.51.100." + (1 + random.nextInt(254));
            case 2 -> "192.0.2." + (1 + random.nextInt(254));
            default -> "2001:db8::" + Integer.toHexString(1 + random.nextInt(0xfffe));
        };
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String counts(double seconds) {
        StringBuilder s = new StringBuilder();
        s.append("# RealLogLoad: requests sent, by kind; expect.<signature> = records the catalogue must match\n");
        s.append("requests=").append(requests).append('\n');
        s.append(String.format(Locale.ROOT, "seconds=%.1f%n", seconds));
        long matches = 0;
        Map<String, Long> expect = new TreeMap<>();
        for (Map.Entry<Kind, Long> e : sent.entrySet()) {
            s.append("kind.").append(e.getKey().name().toLowerCase(Locale.ROOT)).append('=').append(e.getValue()).append('\n');
            if (e.getKey().match) {
                matches += e.getValue();
                expect.merge(e.getKey().signature, e.getValue(), Long::sum);
            }
        }
        s.append("matches=").append(matches).append('\n');
        expect.forEach((k, v) -> s.append("expect.").append(k).append('=').append(v).append('\n'));
        for (int i = 0; i < statuses.length(); i++) {
            if (statuses.get(i) > 0) {
                s.append("status.").append(i).append('=').append(statuses.get(i)).append('\n');
            }
        }
        return s.toString();
    }

    private static Map<Kind, Double> shares(Object... kv) {
        Map<Kind, Double> m = new EnumMap<>(Kind.class);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((Kind) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }
}
