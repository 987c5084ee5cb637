package org.gatewaydoctor.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes realistic nginx error logs, deterministically for a seed: the log of a busy WordPress site
 * behind nginx and PHP-FPM, mostly noise, with about 0.5% of lines that a 502 diagnosis looks for.
 *
 * <p>Every line uses nginx's exact error-log layout ({@code ngx_log_error_core} plus
 * {@code ngx_http_log_error}), copied from the captured lines of the bundled example incident
 * ({@code cli/src/main/resources/org/gatewaydoctor/cli/example/nginx/error.log}):
 * <pre>
 * 2026/11/17 09:12:33 [error] 1022#1022: *41631 connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource
 * temporarily unavailable) while connecting to upstream, client: 192.0.2.179, server: example.org, request: "GET
 * /2026/10/composting-basics/ HTTP/2.0", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "example.org"
 * </pre>
 *
 * <p>The mix (share of lines, approximately):
 * <ul>
 *   <li>noise, 99.5%: {@code open() ... failed (2: No such file or directory)} for favicons, robots.txt,
 *   old uploads and bot scans ({@code wp-login.php}, {@code xmlrpc.php} in guessed directories) 33%;
 *   FastCGI stderr with PHP warnings, notices and deprecations that are not 502s 20%;
 *   {@code access forbidden by rule} ({@code .env}, {@code .git/config}, {@code xmlrpc.php}) 14%;
 *   {@code limiting requests} 9% and {@code delaying request} 2%; client {@code SSL_do_handshake() failed}
 *   5% and {@code SSL_read() failed} 1%; {@code an upstream response is buffered to a temporary file} 4%;
 *   {@code a client request body is buffered} 3%; {@code directory index ... is not found} 3%;
 *   {@code client intended to send too large body} 2%; {@code [notice]} process lines 1%;</li>
 *   <li>signal, 0.5%, clustered (the next signal line repeats the previous kind 70% of the time, as
 *   incidents do): {@code connect() to unix:... failed} with errno 11, 111 and 2, {@code connect() failed
 *   (111: Connection refused)} to a TCP upstream, {@code upstream timed out (110: ...)}, {@code upstream
 *   prematurely closed connection} / {@code FastCGI stdout}, {@code recv() failed (104: ...)}, {@code upstream
 *   sent invalid header}, {@code upstream sent too big header}, {@code no live upstreams}, and a few PHP
 *   fatal errors relayed by FastCGI.</li>
 * </ul>
 * Clients come from the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 * 2001:db8::/32), two workers write (pids 1022 and 1023), connection numbers and timestamps only grow
 * (about 25 lines a second, starting 2026/11/17 06:25:02).
 *
 * <p>The random source is SplitMix64, implemented here, so a seed gives the same bytes on every JVM. A
 * file of {@code n} bytes holds the longest run of whole lines that fits, so the file for a smaller
 * size is a prefix of the file for a larger one. Lines are assembled from pre-encoded fragments
 * straight into a byte buffer (no {@code String}, no formatter): about 1 GB/s on one core.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.gatewaydoctor.benchmarks.NginxErrorLogGenerator \
 *     --bytes 1g --seed 502 --out /tmp/error.log
 * </pre>
 */
public final class NginxErrorLogGenerator {

    /** The seed of every published measurement. */
    public static final long DEFAULT_SEED = 502;
    /** No generated line is longer than this. */
    public static final int MAX_LINE = 2048;
    /** The clock of the first line (local time, as nginx writes it). */
    public static final LocalDateTime START = LocalDateTime.of(2026, 11, 17, 6, 25, 2);

    /**
     * What the log looks like. {@link #DEFAULT} is the log of every earlier measurement (0.5% signal, one
     * site); {@link #dense} describes the log of a busy shared host as issue 14 measured it.
     *
     * @param signalPer10k lines in 10,000 that a 502 diagnosis looks for (50 = 0.5%)
     * @param vhosts number of sites (server names, document roots) the lines are spread over
     * @param multiMessageShare share of {@code FastCGI sent in stderr} lines carrying several
     *     {@code PHP message:} parts (2 to 4); a negative value keeps the original one-in-four, two parts
     * @param fatalShare share of the signal lines that are PHP fatal errors relayed on FastCGI stderr (the
     *     original mix has 4%)
     * @param lineLength target mean line length in bytes (a query string on the request makes up the
     *     difference, lines stay within nginx's 2,048 bytes); 0 for the natural mix (about 327 bytes)
     */
    public record Params(int signalPer10k, int vhosts, double multiMessageShare, double fatalShare, int lineLength) {
        public Params {
            if (signalPer10k < 0 || signalPer10k > 10_000 || vhosts < 1 || fatalShare < 0 || fatalShare > 1
                    || multiMessageShare > 1 || lineLength < 0 || lineLength > MAX_LINE) {
                throw new IllegalArgumentException("invalid generator parameters " + signalPer10k + "/" + vhosts + "/"
                        + multiMessageShare + "/" + fatalShare + "/" + lineLength);
            }
        }

        /** The log of every earlier measurement. */
        public static final Params DEFAULT = new Params(50, 1, -1, 0.04, 0);

        /**
         * A busy shared WordPress host: {@code percent}% of lines match, three quarters of those are PHP
         * fatals relayed through FastCGI, 40 sites, a third of the FastCGI lines carry several messages,
         * about 352 bytes a line.
         */
        public static Params dense(double percent) {
            return new Params((int) Math.round(percent * 100), 40, 0.33, 0.75, 352);
        }

        boolean original() {
            return equals(DEFAULT);
        }
    }

    private final Params params;
    private final boolean original;
    private byte[][] site = {SERVER_NAME, HOST, DOCROOT};
    private long state;
    private long epochSecond;
    private long connection = 41_000;
    private long tempFile = 73;
    private int lastSignal = -1;
    private final byte[] stamp = new byte[19];
    private long stampSecond = Long.MIN_VALUE;
    private final byte[] line = new byte[2 * MAX_LINE];
    private int len;

    public NginxErrorLogGenerator(long seed) {
        this(seed, Params.DEFAULT);
    }

    public NginxErrorLogGenerator(long seed, Params params) {
        this.params = params;
        this.original = params.original();
        this.state = seed;
        this.epochSecond = START.toEpochSecond(ZoneOffset.UTC);
    }

    /**
     * Usage: {@code --bytes N[k|m|g] [--seed S] --out FILE}. Writes the file (replacing it) and prints its
     * size and the write rate.
     */
    public static void main(String[] args) throws IOException {
        long bytes = -1;
        long seed = DEFAULT_SEED;
        Path out = null;
        Params d = Params.DEFAULT;
        int signal = d.signalPer10k();
        int vhosts = d.vhosts();
        double multi = d.multiMessageShare();
        double fatal = d.fatalShare();
        int lineLength = d.lineLength();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bytes" -> bytes = parseSize(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--dense" -> {
                    Params p = Params.dense(Double.parseDouble(args[++i]));
                    signal = p.signalPer10k();
                    vhosts = p.vhosts();
                    multi = p.multiMessageShare();
                    fatal = p.fatalShare();
                    lineLength = p.lineLength();
                }
                case "--density" -> signal = (int) Math.round(Double.parseDouble(args[++i]) * 100);
                case "--vhosts" -> vhosts = Integer.parseInt(args[++i]);
                case "--multi-message" -> multi = Double.parseDouble(args[++i]);
                case "--fatal-share" -> fatal = Double.parseDouble(args[++i]);
                case "--line-length" -> lineLength = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
            }
        }
        if (bytes < 0 || out == null) {
            throw new IllegalArgumentException(USAGE);
        }
        long t0 = System.nanoTime();
        long written = writeFile(out, bytes, seed, new Params(signal, vhosts, multi, fatal, lineLength));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %,d bytes in %.2f s (%.0f MB/s)%n", out, written, s, written / 1e6 / s);
    }

    private static final String USAGE = "usage: --bytes N[k|m|g] [--seed S] [--dense PERCENT] [--density PERCENT]"
            + " [--vhosts N] [--multi-message SHARE] [--fatal-share SHARE] [--line-length BYTES] --out FILE"
            + " (--dense sets all of the mix for a busy shared host; the options after it override parts)";

    /** {@code 1g}, {@code 256m}, {@code 64k} or a plain number of bytes (binary multiples). */
    public static long parseSize(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        long mult = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * mult;
    }

    /**
     * Writes the longest run of whole lines of at most {@code maxBytes} bytes to {@code file}, through a
     * temporary file and an atomic rename (a half-written file never carries the final name).
     *
     * @return the size of the file
     */
    public static long writeFile(Path file, long maxBytes, long seed) throws IOException {
        return writeFile(file, maxBytes, seed, Params.DEFAULT);
    }

    /** As {@link #writeFile(Path, long, long)}, with the given mix. */
    public static long writeFile(Path file, long maxBytes, long seed, Params params) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try {
            long n;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                n = new NginxErrorLogGenerator(seed, params).write(ch, maxBytes);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return n;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes whole lines, at most {@code maxBytes} bytes in all; returns the bytes written. */
    public long write(FileChannel ch, long maxBytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long total = 0;
        while (true) {
            int n = nextLine();
            if (total + n > maxBytes) {
                break;
            }
            if (buf.remaining() < n) {
                drain(ch, buf);
            }
            buf.put(line, 0, n);
            total += n;
        }
        drain(ch, buf);
        return total;
    }

    /** Writes whole lines, at most {@code maxBytes} bytes in all; returns the bytes written. */
    public long write(OutputStream out, long maxBytes) throws IOException {
        byte[] buf = new byte[1 << 16];
        int used = 0;
        long total = 0;
        while (true) {
            int n = nextLine();
            if (total + n > maxBytes) {
                break;
            }
            if (buf.length - used < n) {
                out.write(buf, 0, used);
                used = 0;
            }
            System.arraycopy(line, 0, buf, used, n);
            used += n;
            total += n;
        }
        out.write(buf, 0, used);
        return total;
    }

    private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    /** The next line, newline included, as a string (for tests and examples; slow). */
    public String nextLineString() {
        int n = nextLine();
        return new String(line, 0, n, StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ random source

    private long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}. */
    private int below(int bound) {
        return (int) (((next() >>> 32) * bound) >>> 32);
    }

    private <T> T pick(T[] items) {
        return items[below(items.length)];
    }

    // ------------------------------------------------------------------ line assembly

    /** Assembles the next line into {@link #line}; returns its length including the newline. */
    int nextLine() {
        len = 0;
        if (below(25) == 0) {
            epochSecond++;
        }
        connection += 1 + below(24);
        if (!original && params.vhosts() > 1) {
            site = site(below(params.vhosts()));
        }
        int r = below(10_000);
        int signal = params.signalPer10k();
        if (r < signal) {
            signal();
        } else if (original) {
            noise(r - 50);
        } else {
            noise((int) ((r - signal) * 9950L / (10_000 - signal)));
        }
        line[len++] = '\n';
        linesMade++;
        bytesMade += len;
        return len;
    }

    private void noise(int r) {
        // r in [0, 9950)
        if (r < 3300) {
            openFailed();
        } else if (r < 5300) {
            fastcgiStderr(PHP_NOTICES, r % 11 == 0 ? WHILE_READING_UPSTREAM : WHILE_READING_HEADER);
        } else if (r < 6700) {
            head(ERROR);
            put(ACCESS_FORBIDDEN);
            request(GET, pick(FORBIDDEN_URIS), HTTP11, true);
        } else if (r < 7600) {
            head(ERROR);
            put(LIMITING);
            putInt(1 + below(30));
            put((byte) '.');
            putPadded3(below(1000));
            put(BY_ZONE_WPLOGIN);
            request(POST, WP_LOGIN, HTTP11, true);
        } else if (r < 7800) {
            head(WARN);
            put(DELAYING);
            put((byte) '0');
            put((byte) '.');
            putPadded3(below(1000));
            put(BY_ZONE_PERIP);
            request(GET, pick(PAGES), HTTP2, true);
        } else if (r < 8300) {
            head(CRIT);
            put(SSL_HANDSHAKE_FAILED);
            put(pick(SSL_ERRORS));
            put(WHILE_SSL_HANDSHAKING);
            client();
            put(SERVER_ANY_443);
        } else if (r < 8400) {
            head(CRIT);
            put(SSL_READ_FAILED);
            client();
            put(SERVER_ANY_443);
        } else if (r < 8800) {
            head(WARN);
            put(BUFFERED_UPSTREAM);
            putInt(below(10));
            put((byte) '/');
            putPadded2(below(100));
            put((byte) '/');
            putTempFile();
            put(WHILE_READING_UPSTREAM);
            request(GET, pick(EXPORTS), HTTP2, false);
            put(UPSTREAM_FPM);
            host();
            referrer(REF_ADMIN);
        } else if (r < 9100) {
            head(WARN);
            put(BUFFERED_BODY);
            putTempFile();
            request(POST, ASYNC_UPLOAD, HTTP2, false);
            host();
            referrer(REF_MEDIA_NEW);
        } else if (r < 9400) {
            head(ERROR);
            put(QUOTE);
            put(docroot());
            byte[] dir = pick(INDEX_DIRS);
            put(dir);
            put(INDEX_PHP_NOT_FOUND);
            request(GET, dir, HTTP11, true);
        } else if (r < 9600) {
            head(ERROR);
            put(TOO_LARGE_BODY);
            putInt(2_000_000 + below(60_000_000));
            put(BYTES);
            request(POST, ASYNC_UPLOAD, HTTP2, false);
            host();
            referrer(REF_UPLOAD);
        } else if (r < 9700) {
            // the master process: no connection, no client
            putStamp();
            put(NOTICE);
            put(MASTER_PID);
            put(pick(NOTICES));
        } else {
            fastcgiStderr(PHP_NOTICES, WHILE_READING_HEADER);
        }
    }

    private void openFailed() {
        head(ERROR);
        put(OPEN_QUOTE);
        put(docroot());
        int kind = below(10);
        byte[] uri;
        boolean referrer = false;
        if (kind < 3) {
            uri = pick(STATIC_MISSING);
        } else if (kind < 6) {
            uri = pick(UPLOADS);
            referrer = true;
        } else {
            uri = pick(BOT_SCANS);
        }
        put(uri);
        put(FAILED_ENOENT);
        request(GET, uri, kind < 6 ? HTTP2 : HTTP11, true);
        if (referrer) {
            referrer(pick(REFERRERS));
        }
    }

    private void fastcgiStderr(byte[][] messages, byte[] action) {
        head(ERROR);
        put(FASTCGI_STDERR);
        put(messages[below(messages.length)]);
        put(IN);
        put(docroot());
        put(pick(PHP_FILES));
        put(ON_LINE);
        putInt(20 + below(3000));
        int extra = original ? (below(4) == 0 ? 1 : 0) : more();
        for (int i = 0; i < extra && (original || len < 700); i++) {
            put(PHP_MESSAGE_SEP);
            put(messages[below(messages.length)]);
            put(IN);
            put(docroot());
            put(pick(PHP_FILES));
            put(ON_LINE);
            putInt(20 + below(3000));
        }
        put(QUOTE);
        put(action);
        request(GET, pick(PAGES), HTTP2, false);
        put(UPSTREAM_FPM);
        host();
        if (below(2) == 0) {
            referrer(pick(REFERRERS));
        }
    }

    /** One of the lines a 502 diagnosis is after. */
    private void signal() {
        if (!original && below(10_000) < (int) Math.round(params.fatalShare() * 10_000)) {
            // PHP fatals come from single requests, not in bursts of one kind
            phpFatal();
            return;
        }
        int kind = lastSignal >= 0 && below(10) < 7 ? lastSignal : below(original ? 100 : 96);
        lastSignal = kind;
        if (kind < 34) {
            connectUnix(ERRNO_EAGAIN);
        } else if (kind < 58) {
            head(ERROR);
            put(TIMED_OUT);
            put(WHILE_READING_HEADER);
            fpmRequest();
        } else if (kind < 65) {
            connectUnix(ERRNO_ECONNREFUSED);
        } else if (kind < 69) {
            connectUnix(ERRNO_ENOENT);
        } else if (kind < 73) {
            head(ERROR);
            put(CONNECT_FAILED_REFUSED);
            put(WHILE_CONNECTING);
            proxyRequest();
        } else if (kind < 78) {
            head(ERROR);
            put(PREMATURELY_FASTCGI);
            put(WHILE_READING_HEADER);
            fpmRequest();
        } else if (kind < 81) {
            head(ERROR);
            put(PREMATURELY_CONNECTION);
            put(WHILE_READING_HEADER);
            proxyRequest();
        } else if (kind < 84) {
            head(ERROR);
            put(RECV_RESET);
            put(WHILE_READING_HEADER);
            proxyRequest();
        } else if (kind < 87) {
            head(ERROR);
            put(INVALID_HEADER);
            put(WHILE_READING_HEADER);
            proxyRequest();
        } else if (kind < 92) {
            head(ERROR);
            put(TOO_BIG_HEADER);
            put(WHILE_READING_HEADER);
            fpmRequest();
        } else if (kind < 96) {
            head(ERROR);
            put(NO_LIVE);
            put(WHILE_CONNECTING);
            byte[] uri = pick(SHOP_PAGES);
            request(GET, uri, HTTP2, false);
            put(UPSTREAM_BACKEND);
            put(uri);
            put(QUOTE);
            host();
        } else {
            fastcgiStderr(PHP_FATALS, WHILE_READING_HEADER);
        }
    }

    private void connectUnix(byte[] errno) {
        head(ERROR);
        put(CONNECT_TO_FPM);
        put(errno);
        put(WHILE_CONNECTING);
        fpmRequest();
    }

    private void fpmRequest() {
        request(GET, pick(PAGES), HTTP2, false);
        put(UPSTREAM_FPM);
        host();
        if (below(2) == 0) {
            referrer(pick(REFERRERS));
        }
    }

    private void proxyRequest() {
        byte[] uri = pick(SHOP_PAGES);
        request(GET, uri, HTTP2, false);
        put(UPSTREAM_NODE);
        put(uri);
        put(QUOTE);
        host();
    }

    /** {@code 2026/11/17 09:12:33 [error] 1022#1022: *41631 } */
    private void head(byte[] level) {
        putStamp();
        put(level);
        put(below(2) == 0 ? WORKER_1022 : WORKER_1023);
        put((byte) '*');
        putInt(connection);
        put(SPACE);
    }

    /** {@code , client: 192.0.2.179, server: example.org, request: "GET /x HTTP/2.0"} and {@code , host: ...} unless upstream follows. */
    private void request(byte[] method, byte[] uri, byte[] proto, boolean withHost) {
        client();
        put(SERVER);
        put(site[0]);
        put(REQUEST);
        put(method);
        put(uri);
        if (!original && params.lineLength() > 0) {
            query(uri);
        }
        put(SPACE);
        put(proto);
        put(QUOTE);
        if (withHost) {
            host();
        }
    }

    private void host() {
        put(site[1]);
    }

    private byte[] docroot() {
        return site[2];
    }

    private final java.util.Map<Integer, byte[][]> sites = new java.util.HashMap<>();

    /** Server name, {@code , host: "..."} and document root of site {@code i} (site 0 is example.org). */
    private byte[][] site(int i) {
        return sites.computeIfAbsent(i, k -> {
            String tld = k % 3 == 0 ? "org" : k % 3 == 1 ? "com" : "net";
            String name = k == 0 ? "example.org" : SITE_NAMES[k % SITE_NAMES.length] + (k / SITE_NAMES.length == 0 ? ""
                    : String.valueOf(k / SITE_NAMES.length)) + ".example." + tld;
            return new byte[][] {b(name), b(", host: \"" + name + "\""), b("/var/www/" + name + "/htdocs")};
        });
    }

    /** How many more {@code PHP message:} parts a FastCGI stderr line carries (0 to 3). */
    private int more() {
        return below(10_000) < (int) Math.round(params.multiMessageShare() * 10_000) ? 1 + below(3) : 0;
    }

    /**
     * A PHP fatal error relayed on FastCGI stderr, as PHP 8.2 and nginx print it (the lines captured from
     * real servers in {@code checks-http/src/test/resources/fixtures/nginx/error.log}): memory and time
     * limits and parse errors {@code in FILE on line N}; an uncaught exception {@code in FILE:N} followed by
     * its stack trace on continuation lines (PHP's message holds line breaks, nginx writes them as they
     * are). Often after warnings of the same request in the same record.
     */
    private void phpFatal() {
        head(ERROR);
        put(FASTCGI_STDERR);
        int extra = more();
        for (int i = 0; i < extra && (original || len < 700); i++) {
            put(PHP_NOTICES[below(PHP_NOTICES.length)]);
            put(IN);
            put(docroot());
            put(pick(PHP_FILES));
            put(ON_LINE);
            putInt(20 + below(3000));
            put(PHP_MESSAGE_SEP);
        }
        byte[] file = pick(PHP_FILES);
        int lineNo = 2 + below(900);
        int kind = below(4);
        if (kind == 3) {
            put(UNCAUGHT[below(UNCAUGHT.length)]);
            put(IN);
            put(docroot());
            put(file);
            put((byte) ':');
            putInt(lineNo);
            put(STACK_TRACE);
            put(docroot());
            put(CLASS_WP_HOOK);
            put(THROWN_IN);
            put(docroot());
            put(file);
            put(ON_LINE);
            putInt(lineNo);
        } else {
            put(kind == 2 ? PARSE_ERRORS[below(PARSE_ERRORS.length)] : PHP_FATALS[below(2)]);
            put(IN);
            put(docroot());
            put(file);
            put(ON_LINE);
            putInt(lineNo);
        }
        put(QUOTE);
        put(WHILE_READING_HEADER);
        fpmRequest();
    }

    private long linesMade;
    private long bytesMade;

    /**
     * A query string ({@code ?utm_...&fbclid=...}, as campaign links carry) that brings the mean line length
     * towards {@link Params#lineLength()}: the deficit so far decides how long, so the mean converges
     * whatever the mix, and no line passes nginx's 2,048 bytes.
     */
    private void query(byte[] uri) {
        long deficit = params.lineLength() * (linesMade + 1) - bytesMade - len - 200;
        int room = MAX_LINE - 600 - len;
        int want = (int) Math.max(0, Math.min(Math.min(room, 1200), deficit));
        if (want < 24) {
            return;
        }
        int n = 24 + below(want - 23);
        put(uri[uri.length - 1] == '/' || indexOf(uri, (byte) '?') < 0 ? (byte) '?' : (byte) '&');
        put(UTM);
        int left = n - UTM.length - 1;
        for (int i = 0; i < left; i++) {
            put(ALNUM[below(ALNUM.length)]);
        }
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void referrer(byte[] ref) {
        put(REFERRER);
        put(ref);
        put(QUOTE);
    }

    private void client() {
        put(CLIENT);
        int r = below(100);
        if (r < 6) {
            put(IPV6_PREFIX);
            putHex(below(0x10000));
            put((byte) ':');
            putHex(below(0x10000));
            put((byte) ':');
            put((byte) ':');
            putHex(1 + below(0xFFFF));
        } else {
            put(r < 35 ? NET_192 : r < 70 ? NET_198 : NET_203);
            putInt(1 + below(254));
        }
    }

    private void putTempFile() {
        tempFile += 1 + below(5);
        long v = tempFile;
        int start = len;
        for (int i = 9; i >= 0; i--) {
            line[start + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += 10;
    }

    private void putStamp() {
        if (epochSecond != stampSecond) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
            digits(0, t.getYear(), 4);
            stamp[4] = '/';
            digits(5, t.getMonthValue(), 2);
            stamp[7] = '/';
            digits(8, t.getDayOfMonth(), 2);
            stamp[10] = ' ';
            digits(11, t.getHour(), 2);
            stamp[13] = ':';
            digits(14, t.getMinute(), 2);
            stamp[16] = ':';
            digits(17, t.getSecond(), 2);
            stampSecond = epochSecond;
        }
        put(stamp);
    }

    private void digits(int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            stamp[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private void put(byte b) {
        line[len++] = b;
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, line, len, bytes.length);
        len += bytes.length;
    }

    private void putInt(long v) {
        if (v == 0) {
            line[len++] = '0';
            return;
        }
        int digits = 0;
        for (long x = v; x > 0; x /= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            line[len + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
    }

    private void putPadded2(int v) {
        line[len++] = (byte) ('0' + v / 10);
        line[len++] = (byte) ('0' + v % 10);
    }

    private void putPadded3(int v) {
        line[len++] = (byte) ('0' + v / 100);
        line[len++] = (byte) ('0' + v / 10 % 10);
        line[len++] = (byte) ('0' + v % 10);
    }

    private void putHex(int v) {
        String s = Integer.toHexString(v);
        for (int i = 0; i < s.length(); i++) {
            line[len++] = (byte) s.charAt(i);
        }
    }

    // ------------------------------------------------------------------ fragments

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] all(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = b(s[i]);
        }
        return out;
    }

    private static final byte[] SPACE = b(" ");
    private static final byte[] QUOTE = b("\"");
    private static final byte[] ERROR = b(" [error] ");
    private static final byte[] WARN = b(" [warn] ");
    private static final byte[] CRIT = b(" [crit] ");
    private static final byte[] NOTICE = b(" [notice] ");
    private static final byte[] WORKER_1022 = b("1022#1022: ");
    private static final byte[] WORKER_1023 = b("1023#1023: ");
    private static final byte[] MASTER_PID = b("1021#1021: ");
    private static final byte[] CLIENT = b(", client: ");
    private static final byte[] SERVER = b(", server: ");
    private static final byte[] SERVER_NAME = b("example.org");
    private static final byte[] SERVER_ANY_443 = b(", server: 0.0.0.0:443");
    private static final byte[] REQUEST = b(", request: \"");
    private static final byte[] HOST = b(", host: \"example.org\"");
    private static final byte[] REFERRER = b(", referrer: \"");
    private static final byte[] GET = b("GET ");
    private static final byte[] POST = b("POST ");
    private static final byte[] HTTP11 = b("HTTP/1.1");
    private static final byte[] HTTP2 = b("HTTP/2.0");
    private static final byte[] NET_192 = b("192.0.2.");
    private static final byte[] NET_198 = b("198.51.100.");
    private static final byte[] NET_203 = b("203.0.113.");
    private static final byte[] IPV6_PREFIX = b("2001:db8:");
    private static final byte[] DOCROOT = b("/var/www/example.org/htdocs");
    private static final byte[] OPEN_QUOTE = b("open() \"");
    private static final byte[] FAILED_ENOENT = b("\" failed (2: No such file or directory)");
    private static final byte[] ACCESS_FORBIDDEN = b("access forbidden by rule");
    private static final byte[] LIMITING = b("limiting requests, excess: ");
    private static final byte[] BY_ZONE_WPLOGIN = b(" by zone \"wplogin\"");
    private static final byte[] DELAYING = b("delaying request, excess: ");
    private static final byte[] BY_ZONE_PERIP = b(", by zone \"perip\"");
    private static final byte[] WP_LOGIN = b("/wp-login.php");
    private static final byte[] SSL_HANDSHAKE_FAILED = b("SSL_do_handshake() failed (SSL: error:");
    private static final byte[] WHILE_SSL_HANDSHAKING = b(") while SSL handshaking");
    private static final byte[] SSL_READ_FAILED = b("SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof"
            + " while reading) while keepalive");
    private static final byte[] BUFFERED_UPSTREAM = b("an upstream response is buffered to a temporary file"
            + " /var/lib/nginx/fastcgi/");
    private static final byte[] BUFFERED_BODY = b("a client request body is buffered to a temporary file"
            + " /var/lib/nginx/body/");
    private static final byte[] WHILE_READING_UPSTREAM = b(" while reading upstream");
    private static final byte[] WHILE_READING_HEADER = b(" while reading response header from upstream");
    private static final byte[] WHILE_CONNECTING = b(" while connecting to upstream");
    private static final byte[] INDEX_PHP_NOT_FOUND = b("index.php\" is not found (2: No such file or directory)");
    private static final byte[] TOO_LARGE_BODY = b("client intended to send too large body: ");
    private static final byte[] BYTES = b(" bytes");
    private static final byte[] ASYNC_UPLOAD = b("/wp-admin/async-upload.php");
    private static final byte[] REF_UPLOAD = b("https://example.org/wp-admin/upload.php");
    private static final byte[] REF_MEDIA_NEW = b("https://example.org/wp-admin/media-new.php");
    private static final byte[] REF_ADMIN = b("https://example.org/wp-admin/export.php");
    private static final byte[] FASTCGI_STDERR = b("FastCGI sent in stderr: \"PHP message: ");
    private static final byte[] PHP_MESSAGE_SEP = b("; PHP message: ");
    private static final byte[] IN = b(" in ");
    private static final byte[] ON_LINE = b(" on line ");
    private static final byte[] UPSTREAM_FPM = b(", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\"");
    private static final byte[] UPSTREAM_NODE = b(", upstream: \"http://127.0.0.1:3000");
    private static final byte[] UPSTREAM_BACKEND = b(", upstream: \"http://shop_backend");
    private static final byte[] CONNECT_TO_FPM = b("connect() to unix:/run/php/php8.2-fpm.sock failed ");
    private static final byte[] ERRNO_EAGAIN = b("(11: Resource temporarily unavailable)");
    private static final byte[] ERRNO_ECONNREFUSED = b("(111: Connection refused)");
    private static final byte[] ERRNO_ENOENT = b("(2: No such file or directory)");
    private static final byte[] CONNECT_FAILED_REFUSED = b("connect() failed (111: Connection refused)");
    private static final byte[] TIMED_OUT = b("upstream timed out (110: Connection timed out)");
    private static final byte[] PREMATURELY_FASTCGI = b("upstream prematurely closed FastCGI stdout");
    private static final byte[] PREMATURELY_CONNECTION = b("upstream prematurely closed connection");
    private static final byte[] RECV_RESET = b("recv() failed (104: Connection reset by peer)");
    private static final byte[] INVALID_HEADER = b("upstream sent invalid header: \"Set-Cookie: woocommerce_items_in_cart"
            + "=1\\x0A...\"");
    private static final byte[] TOO_BIG_HEADER = b("upstream sent too big header");
    private static final byte[] NO_LIVE = b("no live upstreams");

    private static final byte[][] SSL_ERRORS = all(
            "0A00006C:SSL routines::bad key share",
            "0A000102:SSL routines::unsupported protocol",
            "0A00010B:SSL routines::wrong version number",
            "0A0000C1:SSL routines::no shared cipher",
            "0A000076:SSL routines::no suitable signature algorithm",
            "0A00009C:SSL routines::http request");

    private static final byte[][] STATIC_MISSING = all(
            "/favicon.ico", "/robots.txt", "/apple-touch-icon.png", "/apple-touch-icon-precomposed.png",
            "/ads.txt", "/sitemap.xml.gz", "/.well-known/security.txt", "/browserconfig.xml",
            "/wp-content/themes/northwind/assets/fonts/inter-var.woff2");

    private static final byte[][] UPLOADS = all(
            "/wp-content/uploads/2019/03/header-old-2.jpg", "/wp-content/uploads/2019/03/header-old-6.jpg",
            "/wp-content/uploads/2020/07/tomatoes-1024x683.jpg", "/wp-content/uploads/2021/05/compost-bin.webp",
            "/wp-content/uploads/2018/11/logo@2x.png", "/wp-content/uploads/2022/02/pruning-shears-300x200.jpg",
            "/wp-content/uploads/woocommerce-placeholder-600x600.png",
            "/wp-content/uploads/elementor/css/post-1187.css");

    private static final byte[][] BOT_SCANS = all(
            "/wordpress/wp-login.php", "/wp/wp-login.php", "/old/wp-login.php", "/blog/wp-login.php",
            "/new/xmlrpc.php", "/blog/xmlrpc.php", "/wp/wp-admin/setup-config.php",
            "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php",
            "/wp-content/plugins/revslider/temp/update_extract/revslider/db.php", "/wp-includes/wlwmanifest.xml",
            "/cms/wp-includes/wlwmanifest.xml", "/alfacgiapi/perl.alfa", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
            "/admin/config.php", "/phpmyadmin/index.php", "/shell.php", "/wp-content/themes/twentyfive/404.php");

    private static final byte[][] FORBIDDEN_URIS = all(
            "/.env", "/.git/config", "/xmlrpc.php", "/.aws/credentials", "/wp-config.php.bak", "/.env.production",
            "/.DS_Store", "/wp-content/debug.log", "/.htaccess", "/wp-config.php~");

    private static final byte[][] PAGES = all(
            "/", "/about/", "/contact/", "/blog/", "/shop/", "/2026/11/soil-testing-at-home/",
            "/2026/10/composting-basics/", "/2026/09/raised-beds-guide/", "/2026/11/best-tools-for-pruning/",
            "/product/heirloom-tomato-seeds/", "/product-category/tools/?orderby=price", "/cart/", "/checkout/",
            "/my-account/", "/?s=mulch", "/feed/", "/wp-admin/admin-ajax.php", "/wp-json/wp/v2/posts?per_page=10",
            "/category/vegetables/page/3/", "/tag/organic/", "/wp-cron.php?doing_wp_cron=1795390003.1234560012");

    private static final byte[][] SHOP_PAGES = all(
            "/shop/", "/shop/cart/", "/shop/checkout/", "/shop/api/stock?sku=TS-1042", "/shop/account/orders/");

    private static final byte[][] EXPORTS = all(
            "/wp-admin/export.php?download=true", "/wp-json/wc/v3/reports/sales?period=year",
            "/wp-content/uploads/2026/11/catalogue.pdf", "/feed/?paged=2");

    private static final byte[][] INDEX_DIRS = all(
            "/wp-content/uploads/2021/", "/wp-content/plugins/", "/wp-content/uploads/", "/wp-includes/js/",
            "/wp-content/themes/northwind/");

    private static final byte[][] REFERRERS = all(
            "https://example.org/", "https://www.google.com/", "https://example.org/2019/03/spring-planting/",
            "https://example.org/shop/", "https://duckduckgo.com/", "https://www.bing.com/",
            "android-app://com.google.android.gm/");

    private static final byte[][] PHP_FILES = all(
            "/wp-content/themes/northwind/inc/template-tags.php",
            "/wp-content/plugins/acme-slider/includes/class-acme-slider.php",
            "/wp-content/plugins/woocommerce/includes/class-wc-cart.php",
            "/wp-content/plugins/elementor/core/base/document.php",
            "/wp-content/plugins/contact-form-7/includes/formatting.php",
            "/wp-content/plugins/wordpress-seo/src/presenters/abstract-indexable-presenter.php",
            "/wp-content/plugins/jetpack/modules/stats.php",
            "/wp-content/mu-plugins/hosting-cache.php",
            "/wp-includes/functions.php",
            "/wp-includes/class-wp-hook.php");

    private static final byte[][] PHP_NOTICES = all(
            "PHP Warning:  Undefined array key \"ref\"",
            "PHP Warning:  Undefined variable $post_id",
            "PHP Warning:  Trying to access array offset on value of type null",
            "PHP Warning:  foreach() argument must be of type array|object, null given",
            "PHP Deprecated:  Creation of dynamic property Acme_Slider::$settings is deprecated",
            "PHP Deprecated:  strpos(): Passing null to parameter #1 ($haystack) of type string is deprecated",
            "PHP Deprecated:  Automatic conversion of false to array is deprecated",
            "PHP Notice:  Function _load_textdomain_just_in_time was called <strong>incorrectly</strong>. Translation"
                    + " loading for the <code>acme-slider</code> domain was triggered too early. This is usually an"
                    + " indicator for some code in the plugin or theme running too early. Translations should be"
                    + " loaded at the <code>init</code> action or later. Please see <a href=\"https://developer."
                    + "wordpress.org/advanced-administration/debug/debug-wordpress/\">Debugging in WordPress</a> for"
                    + " more information. (This message was added in version 6.7.0.)",
            "PHP Notice:  Undefined index: utm_source",
            "PHP Warning:  file_get_contents(https://api.example.net/rates): Failed to open stream: HTTP request"
                    + " failed! HTTP/1.1 429 Too Many Requests");

    private static final byte[][] PHP_FATALS = all(
            "PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes)",
            "PHP Fatal error:  Maximum execution time of 30 seconds exceeded",
            "PHP Fatal error:  Uncaught Error: Call to undefined function acme_get_option()");

    private static final String[] SITE_NAMES = {"gardenblog", "shop", "northwind", "bakery", "cycling-club",
        "photo", "dentist", "lawfirm", "school", "yoga", "news", "recipes", "travel", "wedding", "plumber", "museum"};

    private static final byte[] UTM = b("utm_source=newsletter&utm_medium=email&utm_campaign=autumn&fbclid=IwAR");
    private static final byte[] ALNUM = b("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
    private static final byte[] STACK_TRACE = b("\nStack trace:\n#0 ");
    private static final byte[] CLASS_WP_HOOK = b("/wp-includes/class-wp-hook.php(324): acme_slider_init('')\n#1 {main}");
    private static final byte[] THROWN_IN = b("\n  thrown in ");

    private static final byte[][] UNCAUGHT = all(
            "PHP Fatal error:  Uncaught Error: Call to undefined function acme_get_option()",
            "PHP Fatal error:  Uncaught TypeError: count(): Argument #1 ($value) must be of type Countable|array, null given",
            "PHP Fatal error:  Uncaught Error: Class \"Acme\\Slider\\Renderer\" not found");

    private static final byte[][] PARSE_ERRORS = all(
            "PHP Parse error:  syntax error, unexpected token \"{\", expecting variable",
            "PHP Parse error:  syntax error, unexpected end of file");

    private static final byte[][] NOTICES = all(
            "signal 1 (SIGHUP) received from 31877, reconfiguring",
            "reconfiguring",
            "using the \"epoll\" event method",
            "start worker processes",
            "start worker process 1024",
            "signal 17 (SIGCHLD) received from 1022",
            "worker process 1022 exited with code 0",
            "signal 29 (SIGIO) received",
            "signal 10 (SIGUSR1) received from 31877, reopening logs",
            "reopening logs");
}
