package org.gatewaydoctor.checks.http.internal.signatures;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * The nginx signatures of the catalogue: upstream failures in nginx's error log, and the 502, 503
 * and 504 answers visitors got in the access log.
 *
 * <p>Every error-log literal is the text of an {@code ngx_log_error}/{@code ngx_connection_error}
 * format string in the nginx source (github.com/nginx/nginx, read at commit 3f6f782), named next to
 * each signature. nginx writes one physical line per entry (src/core/ngx_log.c,
 * {@code ngx_log_error_core}): {@code 2026/11/21 09:14:03 [error] 812#812: *4711 <message>}, where the
 * message may be followed by {@code " (%d: %s)"} (the errno, {@code ngx_log_errno}, with glibc's
 * strerror text), {@code " while <action>"} and the request context
 * {@code ", client: %V, server: %V, request: \"%V\", upstream: \"%V%V%s%V\", host: \"%V\""}
 * ({@code ngx_http_log_error} and {@code ngx_http_log_error_handler}, src/http/ngx_http_request.c). The
 * actions are set in src/http/ngx_http_upstream.c: {@code connecting to upstream},
 * {@code SSL handshaking to upstream}, {@code sending request to upstream},
 * {@code reading response header from upstream}, {@code reading upstream}.
 *
 * <p>Fields every error-log signature extracts when the line has them: {@code client}, {@code server},
 * {@code request} (method and path, never the query string), {@code upstream} (scheme and address, never
 * the URI: {@code fastcgi://unix:/run/php/php8.2-fpm.sock}, {@code http://127.0.0.1:8080}) and
 * {@code host}. Connection failures add {@code socket} (a unix socket nginx connected to) or
 * {@code peer} (another address), {@code errno} and {@code errtext}; timeouts and resets add
 * {@code action}; PHP errors relayed on FastCGI stderr add {@code file}, {@code plugin} and
 * {@code theme} (of that file).
 *
 * <p>Literals are chosen long (the catalogue's shortest literal sets how far the scanner skips):
 * connection failures include {@code while connecting to upstream}, which also keeps the many
 * {@code open() ... failed (2: No such file or directory)} lines of missing images out of the
 * candidates. The shortest literals here are the access-log ones, 14 bytes
 * ({@code HTTP/1.1" 502 }).
 *
 * <pre>{@code
 * SignatureCatalog catalog = SignatureCatalog.of(new NginxSignatureProvider().signatures());
 * }</pre>
 */
public final class NginxSignatureProvider implements SignatureProvider {

    /** Id prefix of the error-log signatures. */
    public static final String ERROR_LOG = "nginx.";
    /** Id prefix of the access-log signatures. */
    public static final String ACCESS_LOG = "access.";

    private static final Set<LogFormat> ERROR = Set.of(LogFormat.NGINX_ERROR);
    private static final Set<LogFormat> ACCESS = Set.of(LogFormat.HTTP_ACCESS);

    /**
     * The request context nginx appends to every line about a request (ngx_http_log_error_handler).
     * Optional, and found with a single lazy scan, so a line without it costs one pass.
     */
    static final String CONTEXT = "(?:[^\\n]{0,65536}?, client: (?<client>[^,]{1,128}), server: (?<server>[^,]{0,256})"
            + "(?:, request: \"(?<request>[A-Z]{1,16} [^\"?\\s]{0,4096})(?:\\?[^\"\\s]{0,8192})?(?: HTTP/[0-9.]{1,3})?\")?"
            + "(?:, upstream: \"(?<upstream>[a-z0-9+]{1,16}://(?:unix:[^:\"]{1,512}|[^/\"]{1,512}))[^\"]{0,8192}\")?"
            + "(?:, host: \"(?<host>[^\"]{0,256})\")?)?";
    /** {@code connect() to <address> failed (} or {@code connect() failed (}: the two forms of src/event/ngx_event_connect.c. */
    private static final String CONNECT = "connect\\(\\) (?:to (?:(?<socket>unix:[^ ]{1,512})|(?<peer>[^ ]{1,512})) )?failed \\(";
    private static final String ERRNO_TEXT = ": (?<errtext>[^)]{0,128})\\)";
    private static final String ACTION = "(?: while (?<action>[a-zA-Z ]{1,80}))?";
    /** The PHP file a relayed PHP error names ({@code in /x.php on line 3}, {@code in /x.php:3}), with its plugin or theme. */
    static final String PHP_FILE = "(?:[^\\n]{0,8192}? in (?<file>(?=/)(?:[^\\s\"'():]{0,1024}?/wp-content/(?:mu-)?plugins/"
            + "(?<plugin>[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}?)(?=/|\\.php)|[^\\s\"'():]{0,1024}?/wp-content/themes/"
            + "(?<theme>[A-Za-z0-9._-]{1,100}?)(?=/))?[^\\s\"'():]{0,1024}\\.php))?";
    /** One value or nginx's list of them ({@code 0.512, 0.020 : 1.003}: a comma per server, a colon per upstream group). */
    private static final String NUMBERS = "[0-9.-]{1,32}(?:(?:, | : )[0-9.-]{1,32}){0,16}";
    static final String STDERR = "FastCGI sent in stderr: \"[^\\n]{0,65536}?";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public NginxSignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        List<Signature> out = new ArrayList<>();

        // --- connecting (src/event/ngx_event_connect.c "connect() to %V failed"; src/http/ngx_http_upstream.c,
        // ngx_http_upstream_test_connect: "connect() failed"). Linux answers EAGAIN instead of ECONNREFUSED when a
        // unix socket's listen queue is full (comment in ngx_event_connect.c).
        out.add(error("nginx.connect-refused", "failed (111: Connection refused) while connecting to upstream",
                CONNECT + "(?<errno>111)" + ERRNO_TEXT, 502,
                "nginx's upstream refuses connections (ECONNREFUSED): nothing listens on its address",
                CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PHPFPM_DOWN));
        out.add(error("nginx.connect-eagain", "(11: Resource temporarily unavailable) while connecting to upstream",
                CONNECT + "(?<errno>11)" + ERRNO_TEXT, 502,
                "nginx could not connect: on a unix socket, its listen queue is full (EAGAIN)",
                CauseCode.PHPFPM_POOL_EXHAUSTED, CauseCode.PROXY_UPSTREAM_REFUSED));
        out.add(error("nginx.connect-enoent", "failed (2: No such file or directory) while connecting to upstream",
                CONNECT + "(?<errno>2)" + ERRNO_TEXT, 502,
                "the unix socket nginx connects to does not exist (ENOENT): PHP-FPM is stopped or listens elsewhere",
                CauseCode.PHPFPM_DOWN, CauseCode.PHPFPM_SOCKET_MISMATCH));
        // the literal stops before " while ...": pasted fragments are often cut there, and the pattern still wants connect()
        out.add(error("nginx.connect-eacces", "failed (13: Permission denied)",
                CONNECT + "(?<errno>13)" + ERRNO_TEXT, 502,
                "nginx may not connect to its upstream (EACCES): socket permissions, or SELinux for TCP",
                CauseCode.PHPFPM_SOCKET_PERMISSION, CauseCode.PROXY_UPSTREAM_REFUSED));
        out.add(error("nginx.connect-failed", "while connecting to upstream",
                CONNECT + "(?<errno>(?!(?:111|11|2|13):)\\d{1,5})" + ERRNO_TEXT + " while connecting to upstream", 502,
                "nginx could not connect to its upstream (unreachable network or host, reset, no local port)",
                CauseCode.PROXY_UPSTREAM_REFUSED));
        // src/http/ngx_http_upstream.c: "no live upstreams", logged while connecting
        out.add(error("nginx.no-live-upstreams", "no live upstreams while connecting to upstream",
                "no live upstreams", 502, "every server of the upstream group is marked failed",
                CauseCode.PROXY_NO_HEALTHY_UPSTREAM));

        // --- waiting and reading. ngx_http_upstream_next: NGX_HTTP_UPSTREAM_FT_TIMEOUT answers 504, the rest 502.
        // src/http/ngx_http_upstream.c: "upstream timed out", always logged with NGX_ETIMEDOUT
        out.add(error("nginx.upstream-timed-out", "upstream timed out (",
                "upstream timed out \\((?<errno>\\d{1,5})" + ERRNO_TEXT + ACTION, 504,
                "nginx waited longer than its connect, send or read timeout for the upstream",
                CauseCode.PROXY_UPSTREAM_TIMEOUT));
        // src/http/ngx_http_upstream.c: "upstream prematurely closed connection";
        // src/http/modules/ngx_http_fastcgi_module.c: "upstream prematurely closed FastCGI stdout" / "... FastCGI request"
        out.add(error("nginx.upstream-prematurely-closed", "upstream prematurely closed ",
                "upstream prematurely closed (?<what>connection|FastCGI stdout|FastCGI request)" + ACTION, 502,
                "the upstream closed the connection before a complete response", CauseCode.PROXY_UPSTREAM_CLOSED));
        // src/os/unix/ngx_recv.c, ngx_readv_chain.c, ngx_send.c, ngx_writev_chain.c: "recv() failed" and the like,
        // here with ECONNRESET while talking to the upstream (client resets are left out by the pattern)
        out.add(error("nginx.recv-reset", "(104: Connection reset by peer) while ",
                "(?<call>recv|readv|send|writev)\\(\\) failed \\((?<errno>104)" + ERRNO_TEXT
                        + " while (?<action>[a-zA-Z ]{0,80}upstream)", 502,
                "the upstream reset the connection (ECONNRESET)", CauseCode.PROXY_UPSTREAM_CLOSED));

        // --- what the upstream answered. src/http/modules/ngx_http_proxy_module.c and ngx_http_fastcgi_module.c:
        // "upstream sent invalid header: \"%*s\\x%02xd...\"", "upstream sent invalid status \"%V\""
        out.add(error("nginx.invalid-header", "upstream sent invalid header", "upstream sent invalid header", 502,
                "the upstream sent a malformed response header (output before the headers, a BOM)",
                CauseCode.PROXY_INVALID_HEADER));
        out.add(error("nginx.invalid-status", "upstream sent invalid status", "upstream sent invalid status", 502,
                "the upstream sent a malformed Status header", CauseCode.PROXY_INVALID_HEADER));
        // src/http/ngx_http_upstream.c: "upstream sent too big header"
        out.add(error("nginx.too-big-header", "upstream sent too big header", "upstream sent too big header", 502,
                "the upstream's response headers do not fit proxy_buffer_size / fastcgi_buffer_size",
                CauseCode.PROXY_HEADER_TOO_BIG));
        // src/http/modules/ngx_http_fastcgi_module.c: "upstream sent unsupported FastCGI protocol version: %d"
        out.add(error("nginx.fastcgi-unsupported-version", "upstream sent unsupported FastCGI protocol version: ",
                "upstream sent unsupported FastCGI protocol version: (?<version>\\d{1,5})", 502,
                "fastcgi_pass points at something that does not speak FastCGI (an HTTP server?)",
                CauseCode.PROXY_PROTOCOL_MISMATCH));
        // src/http/modules/ngx_http_proxy_module.c: "upstream sent no valid HTTP/1.0 header"
        out.add(error("nginx.no-valid-http-header", "upstream sent no valid HTTP/1.0 header",
                "upstream sent no valid HTTP/1.0 header", 502,
                "proxy_pass points at something that does not answer in HTTP (FastCGI, TLS?)",
                CauseCode.PROXY_PROTOCOL_MISMATCH));

        // --- names. src/http/ngx_http_upstream.c: "%V could not be resolved (%i: %s)", "no resolver defined to resolve %V"
        out.add(error("nginx.upstream-not-resolved", " could not be resolved (",
                "(?<name>[^\\s,]{1,256}) could not be resolved \\((?<errno>\\d{1,5})" + ERRNO_TEXT, 502,
                "the upstream's name could not be resolved", CauseCode.PROXY_UPSTREAM_DNS_FAILURE));
        out.add(error("nginx.no-resolver", "no resolver defined to resolve ",
                "no resolver defined to resolve (?<name>[^\\s,]{1,256})", 502,
                "proxy_pass uses a name known only at run time and no resolver is configured",
                CauseCode.PROXY_UPSTREAM_DNS_FAILURE));

        // --- TLS to the upstream. src/event/ngx_event_openssl.c: "SSL_do_handshake() failed",
        // "peer closed connection in SSL handshake" (action "SSL handshaking to upstream");
        // src/http/ngx_http_upstream.c: "upstream SSL certificate verify error: (%l:%s)",
        // "upstream SSL certificate does not match \"%V\""
        out.add(error("nginx.upstream-ssl-handshake", "while SSL handshaking to upstream",
                "(?<what>SSL_do_handshake\\(\\) failed|peer closed connection in SSL handshake)"
                        + "(?: \\((?<errtext>[^\\n]{0,512}?)\\))? while SSL handshaking to upstream", 502,
                "the TLS handshake from nginx to its HTTPS upstream fails", CauseCode.PROXY_UPSTREAM_TLS_FAILURE));
        out.add(error("nginx.upstream-ssl-verify", "upstream SSL certificate verify error: (",
                "upstream SSL certificate verify error: \\((?<verify>\\d{1,5}):(?<errtext>[^)]{0,256})\\)", 502,
                "the upstream's certificate does not verify (proxy_ssl_verify on)", CauseCode.PROXY_UPSTREAM_TLS_FAILURE));
        out.add(error("nginx.upstream-ssl-name-mismatch", "upstream SSL certificate does not match \"",
                "upstream SSL certificate does not match \"(?<name>[^\"]{1,256})\"", 502,
                "the upstream's certificate is not for the name nginx expects (proxy_ssl_name)",
                CauseCode.PROXY_UPSTREAM_TLS_FAILURE));

        // --- nginx itself. src/core/ngx_connection.c, src/event/ngx_event.c: "%ui worker_connections are not enough"
        // (alert: a connection was refused); the warning "..., reusing connections" means idle keepalive connections
        // were closed to make room, which is no failure
        out.add(error("nginx.worker-connections", " worker_connections are not enough",
                "(?<workerConnections>\\d{1,9}) worker_connections are not enough(?!, reusing connections)", 502,
                "nginx ran out of worker_connections", CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED));
        // src/os/unix/ngx_process_cycle.c: "signal process started" (nginx -s reload/reopen): context for the timeline
        out.add(new Signature("nginx.reload", Layer.PROXY, ERROR, "signal process started", null, null, List.of(),
                "nginx was signalled (reload, reopen or stop)"));

        // --- PHP errors PHP-FPM relays on FastCGI stderr (src/http/modules/ngx_http_fastcgi_module.c:
        // "FastCGI sent in stderr: \"%*s\""). PHP writes "PHP %s:  %s in %s on line %d" (main/main.c, php_error_cb:
        // two spaces after the colon), PHP-FPM prefixes "PHP message: " (sapi/fpm/fpm/fpm_main.c). Such an error
        // answers 500; nginx logs it because it came on stderr.
        out.add(error("nginx.fastcgi-stderr-fatal", "PHP Fatal error:  ",
                STDERR + "PHP Fatal error:  (?!Allowed memory size of |Maximum execution time of )" + PHP_FILE, 500,
                "a PHP fatal error, relayed by nginx from PHP-FPM's stderr", CauseCode.APP_FATAL_ERROR));
        out.add(error("nginx.fastcgi-stderr-parse", "PHP Parse error:  ", STDERR + "PHP Parse error:  " + PHP_FILE, 500,
                "a PHP parse error, relayed by nginx from PHP-FPM's stderr", CauseCode.APP_FATAL_ERROR));
        // Zend/zend_alloc.c: "Allowed memory size of %zu bytes exhausted (tried to allocate %zu bytes)"
        out.add(error("nginx.fastcgi-stderr-memory", "bytes exhausted (tried to allocate ",
                STDERR + "Allowed memory size of (?<limit>\\d{1,20}) bytes exhausted \\(tried to allocate "
                        + "(?<tried>\\d{1,20}) bytes\\)" + PHP_FILE, 500,
                "a PHP script hit memory_limit (relayed on FastCGI stderr)", CauseCode.APP_MEMORY_EXHAUSTED));
        // Zend/zend_execute_API.c: "Maximum execution time of " ZEND_LONG_FMT " second%s exceeded"
        out.add(error("nginx.fastcgi-stderr-timeout", "Maximum execution time of ",
                STDERR + "Maximum execution time of (?<seconds>\\d{1,9}) seconds? exceeded" + PHP_FILE, 500,
                "a PHP script hit max_execution_time (relayed on FastCGI stderr)", CauseCode.APP_EXECUTION_TIMEOUT));

        out.addAll(accessLog());
        return List.copyOf(out);
    }

    /**
     * Access-log lines whose status is 502, 503 or 504, in the common/combined format nginx and Apache
     * write ({@code 203.0.113.9 - - [21/Nov/2026:09:14:03 +0100] "GET / HTTP/1.1" 502 157 ...}): one
     * signature per status and protocol version, because the literal {@code HTTP/1.1" 502 } is the
     * longest text every such line contains. They point to no cause on their own; their per-minute
     * histogram shows when visitors were hit. Fields: {@code client}, {@code request} (method and path),
     * {@code status}, {@code bytes}, and when the log format adds them in {@code key=value} form (as
     * nginx's documentation suggests: {@code rt=$request_time urt="$upstream_response_time"}):
     * {@code upstream} ({@code ua=} / {@code upstream_addr=}), {@code upstreamStatus} ({@code us=} /
     * {@code upstream_status=}), {@code upstreamTime} ({@code urt=} / {@code upstream_response_time=})
     * and {@code requestTime} ({@code rt=} / {@code request_time=}).
     */
    private static List<Signature> accessLog() {
        List<Signature> out = new ArrayList<>();
        String[][] versions = {{"http10", "1.0"}, {"http11", "1.1"}, {"http2", "2.0"}, {"http3", "3.0"}};
        for (int status : new int[] {502, 503, 504}) {
            String title = switch (status) {
                case 502 -> "visitors got 502 Bad Gateway";
                case 503 -> "visitors got 503 Service Unavailable";
                default -> "visitors got 504 Gateway Timeout";
            };
            for (String[] v : versions) {
                String literal = "HTTP/" + v[1] + "\" " + status + " ";
                Pattern p = Pattern.compile("^(?<client>[^ ]{1,256}) [^ ]{1,256} [^ ]{1,256} \\[[^\\]]{1,64}\\] "
                        + "\"(?<request>[A-Z]{1,16} [^ \"?]{0,4096})(?:\\?[^ \"]{0,8192})? " + Pattern.quote("HTTP/" + v[1])
                        + "\" (?<status>" + status + ") (?<bytes>\\d{1,20}|-)"
                        + keyed("upstream", "ua|upstream_addr", "[^\"\\s,]{1,256}")
                        + keyed("upstreamStatus", "us|upstream_status", NUMBERS)
                        + keyed("upstreamTime", "urt|upstream_response_time", NUMBERS)
                        + keyed("requestTime", "rt|request_time", "[0-9.]{1,16}"));
                out.add(new Signature(ACCESS_LOG + status + "-" + v[0], Layer.PROXY, ACCESS, literal, p, status,
                        List.of(), title + " (HTTP/" + v[1] + ")"));
            }
        }
        return out;
    }

    /** An optional {@code key=value} (value possibly quoted) anywhere after this point, read by lookahead so order does not matter. */
    private static String keyed(String group, String keys, String value) {
        return "(?=(?:[^\\n]{0,8192}?[ \"](?:" + keys + ")=\"?(?<" + group + ">" + value + "))?)";
    }

    private static Signature error(String id, String literal, String message, int status, String title,
                                   CauseCode... causes) {
        return new Signature(id, Layer.PROXY, ERROR, literal, Pattern.compile(message + CONTEXT), status,
                List.of(causes), title);
    }
}
