package org.gatewaydoctor.checks.http.internal.signatures;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * The Apache httpd 2.4 signatures of the catalogue: mod_proxy, mod_proxy_fcgi, mod_proxy_http,
 * mod_proxy_balancer and mod_ssl failures talking to a backend, and the MPM running out of workers.
 *
 * <p>Every literal is the text of an {@code ap_log_error}/{@code ap_log_rerror} format string in the
 * httpd 2.4.x source (github.com/apache/httpd, branch 2.4.x at f45abec), file named next to each
 * signature, and was checked against lines Apache 2.4.71 (Debian 12) wrote in this module's test
 * fixtures. An error-log line is
 * {@code [Sat Nov 21 20:44:00.284194 2026] [module:level] [pid P:tid T] (errno)errtext: [client ip:port] AHnnnnn: message}:
 * the {@code (errno)errtext: } part is APR's status ({@code (111)Connection refused},
 * {@code (70007)The timeout specified has expired}, {@code (EAI 3)Temporary failure in name resolution})
 * and {@code [client ...]} is only there for request-scoped messages ({@code ap_log_rerror}).
 *
 * <p>The statuses are what Apache really answers, as observed with the fixtures: 503 whenever it cannot
 * connect to a backend or mod_proxy_fcgi cannot talk to it (mod_proxy_fcgi.c returns
 * {@code HTTP_SERVICE_UNAVAILABLE}), 504 only for a mod_proxy_fcgi read timeout, 502 for
 * mod_proxy_http read failures and timeouts alike ({@code ap_proxyerror(r, HTTP_BAD_GATEWAY, ...)}),
 * 500 for DNS failures (since 2.4.59; 502 before), TLS handshake failures, bad response header names and
 * PHP errors relayed by PHP-FPM.
 *
 * <p>Fields: {@code ah} (the AH code), {@code errno} and {@code errtext}, {@code client},
 * {@code scheme} ({@code FCGI}, {@code http}: the proxy function), {@code upstream} (the address
 * connected to), {@code socket} (a unix socket), {@code backend} (the worker's host name and port as
 * configured), {@code uri}, {@code script}, and for PHP errors relayed on FastCGI stderr
 * {@code message}, {@code file} and {@code line}.
 *
 * <p>The shortest literal here is 18 bytes ({@code Got bogus version }).
 */
public final class ApacheSignatureProvider implements SignatureProvider {

    /** Id prefix of these signatures. */
    public static final String PREFIX = "apache.";

    private static final Set<LogFormat> APACHE = Set.of(LogFormat.APACHE_ERROR);

    /** APR's status before the message: {@code (111)Connection refused: }. */
    private static final String ERRNO = "\\((?<errno>(?:EAI )?-?[0-9]{1,6})\\)(?<errtext>[^:\\]]{0,160}): ";
    private static final String CLIENT = "(?:\\[client (?<client>[^\\]]{1,160})\\] )?";
    /** The unix-socket connect line of proxy_util.c (AH02454), after its errno. */
    private static final String UDS = "AH(?<ah>02454): (?<scheme>[A-Za-z0-9]{1,16}): attempt to connect to Unix domain socket "
            + "(?<socket>\\S{1,1024}) \\((?<backend>[^)]{0,512})\\) failed";
    /** The TCP connect line of proxy_util.c (AH00957; Apache 2.2: {@code proxy: HTTP: attempt to ...}), after its errno. */
    private static final String TCP = "(?:AH(?<ah>00957)|proxy): (?<scheme>[A-Za-z0-9]{1,16}): attempt to connect to "
            + "(?<upstream>\\S{1,512}) \\((?<backend>[^)]{0,512})\\) failed";
    /** A PHP message relayed on FastCGI stderr (mod_proxy_fcgi.c AH01071), up to the PHP error text. */
    private static final String FCGI_STDERR = CLIENT + "AH(?<ah>01071): Got error '[^\\n]{0,65536}?PHP message: PHP ";
    /** {@code in /x.php on line 3} or {@code in /x.php:3}, as PHP writes a file and line. */
    static final String PHP_FILE = " in (?<file>/[^\\s'\":]{1,1024})(?::| on line )(?<line>[0-9]{1,9})";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public ApacheSignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        return List.of(
                // ---- connecting to the backend (modules/proxy/proxy_util.c, ap_proxy_connect_backend)
                sig("fcgi-socket-missing", "attempt to connect to Unix domain socket ",
                        "\\((?<errno>2)\\)(?<errtext>[^:]{0,160}): " + UDS.replace("(?<scheme>[A-Za-z0-9]{1,16})",
                                "(?<scheme>FCGI)"),
                        503, "Apache found no PHP-FPM socket file at the configured path (PHP-FPM stopped, or another"
                                + " path)", CauseCode.PHPFPM_DOWN, CauseCode.PHPFPM_SOCKET_MISMATCH),
                sig("fcgi-socket-refused", "attempt to connect to Unix domain socket ",
                        "\\((?<errno>111)\\)(?<errtext>[^:]{0,160}): " + UDS.replace("(?<scheme>[A-Za-z0-9]{1,16})",
                                "(?<scheme>FCGI)"),
                        503, "Apache's connection to the PHP-FPM socket was refused: a stale socket file, nobody"
                                + " listening", CauseCode.PHPFPM_DOWN, CauseCode.PROXY_UPSTREAM_REFUSED),
                sig("fcgi-socket-permission", "attempt to connect to Unix domain socket ",
                        "\\((?<errno>13)\\)(?<errtext>[^:]{0,160}): " + UDS,
                        503, "Apache's user may not open the backend's unix socket (listen.owner/listen.mode)",
                        CauseCode.PHPFPM_SOCKET_PERMISSION),
                sig("fcgi-socket-busy", "attempt to connect to Unix domain socket ",
                        "\\((?<errno>11)\\)(?<errtext>[^:]{0,160}): " + UDS,
                        503, "the backend's unix socket accepts no more connections: its listen backlog is full",
                        CauseCode.PHPFPM_POOL_EXHAUSTED),
                sig("socket-connect-failed", "attempt to connect to Unix domain socket ",
                        "(?!\\((?:13|11)\\)|\\((?:2|111)\\)[^:]{0,160}: AH02454: FCGI: )" + ERRNO + UDS,
                        503, "Apache could not connect to a backend's unix socket", CauseCode.PROXY_UPSTREAM_REFUSED),
                sig("fcgi-connect-refused", "attempt to connect to ",
                        "\\((?<errno>111)\\)(?<errtext>[^:]{0,160}): " + TCP.replace("(?<scheme>[A-Za-z0-9]{1,16})",
                                "(?<scheme>FCGI)"),
                        503, "nothing listens on the FastCGI address Apache connects to (PHP-FPM stopped or on another"
                                + " port)", CauseCode.PHPFPM_DOWN, CauseCode.PROXY_UPSTREAM_REFUSED),
                sig("connect-refused", "attempt to connect to ",
                        "\\((?<errno>111)\\)(?<errtext>[^:]{0,160}): " + TCP.replace("(?<scheme>[A-Za-z0-9]{1,16})",
                                "(?<scheme>(?!FCGI:)[A-Za-z0-9]{1,16})"),
                        503, "the backend refused Apache's connection: nothing listens on that address",
                        CauseCode.PROXY_UPSTREAM_REFUSED),
                sig("connect-timeout", "attempt to connect to ",
                        "\\((?<errno>110|70007)\\)(?<errtext>[^:]{0,160}): " + TCP,
                        503, "Apache timed out connecting to the backend (a firewall dropping packets, an overloaded"
                                + " host)", CauseCode.PROXY_UPSTREAM_TIMEOUT),
                sig("connect-failed", "attempt to connect to ",
                        "\\((?<errno>(?!(?:111|110|70007)\\))(?:EAI )?-?[0-9]{1,6})\\)(?<errtext>[^:]{0,160}): " + TCP,
                        503, "Apache could not connect to the backend (unreachable network, no local port left)",
                        CauseCode.PROXY_UPSTREAM_REFUSED),
                // mod_proxy_fcgi.c AH01079 and mod_proxy_http.c AH01114: the per-request summary of the above
                sig("fcgi-no-connection", "failed to make connection to backend: ",
                        CLIENT + "AH(?<ah>01079): failed to make connection to backend: (?<backend>\\S{1,512})",
                        503, "Apache answered 503: it could not connect to its FastCGI backend (the line before says"
                                + " why)", CauseCode.PHPFPM_DOWN, CauseCode.PROXY_UPSTREAM_REFUSED),
                sig("http-no-connection", "failed to make connection to backend: ",
                        CLIENT + "AH(?<ah>01114): HTTP: failed to make connection to backend: (?<backend>\\S{1,512})",
                        503, "Apache answered 503: it could not connect to its HTTP backend (the line before says why)",
                        CauseCode.PROXY_UPSTREAM_REFUSED),
                // proxy_util.c ap_proxy_acquire_connection AH00940; ap_proxy_connect_backend AH00959
                sig("worker-disabled", ": disabled connection for (",
                        "(?:AH(?<ah>00940)|proxy): (?<scheme>[A-Za-z0-9]{1,16}): disabled connection for \\((?<backend>[^)]{0,512})\\)",
                        503, "Apache did not even try the backend: it is in error state after an earlier failure"
                                + " (retry=)", CauseCode.PROXY_NO_HEALTHY_UPSTREAM, CauseCode.PROXY_UPSTREAM_REFUSED),
                sig("worker-put-in-error", "ap_proxy_connect_backend disabling worker for (",
                        "AH(?<ah>00959): ap_proxy_connect_backend disabling worker for \\((?<backend>[^)]{0,512})\\) for "
                                + "(?<retry>[0-9]{1,9})s",
                        null, "after a failed connect Apache puts the backend in error state: requests fail at once"
                                + " for the retry period"),
                // mod_proxy_balancer.c AH01170 / AH01167
                sig("balancer-all-in-error", ": All workers are in error state",
                        CLIENT + "AH(?<ah>01170|01167): (?<balancer>\\S{1,512}): All workers are in error state"
                                + "(?: for route \\((?<route>[^)]{0,256})\\))?",
                        503, "every member of the balancer is in error state", CauseCode.PROXY_NO_HEALTHY_UPSTREAM),
                // ---- talking to PHP-FPM (modules/proxy/mod_proxy_fcgi.c)
                sig("fcgi-closed-before-headers", "Failed to read FastCGI header",
                        CLIENT + "AH(?<ah>01067): Failed to read FastCGI header",
                        503, "the FastCGI backend closed the connection before answering (worker killed or crashed)",
                        CauseCode.PROXY_UPSTREAM_CLOSED),
                sig("fcgi-timeout", "Error dispatching request to ",
                        "\\((?<errno>70007)\\)(?<errtext>[^:]{0,160}): " + CLIENT
                                + "AH(?<ah>01075): Error dispatching request to (?::[0-9]{1,5})?:",
                        504, "the FastCGI backend did not answer within ProxyTimeout (or the worker's timeout=)",
                        CauseCode.PROXY_UPSTREAM_TIMEOUT),
                sig("fcgi-dispatch-failed", "Error dispatching request to ",
                        "\\((?<errno>(?!(?:70007|22)\\))-?[0-9]{1,6})\\)(?<errtext>[^:]{0,160}): " + CLIENT
                                + "AH(?<ah>01075): Error dispatching request to (?::[0-9]{1,5})?:",
                        503, "the FastCGI exchange broke off (connection reset or closed by the backend)",
                        CauseCode.PROXY_UPSTREAM_CLOSED),
                sig("fcgi-bogus-version", "Got bogus version ",
                        CLIENT + "AH(?<ah>01068): Got bogus version (?<version>-?[0-9]{1,4})",
                        503, "the backend does not speak FastCGI (version 72 is the H of an HTTP answer)",
                        CauseCode.PROXY_PROTOCOL_MISMATCH),
                sig("fcgi-bad-headers", "Error parsing script headers",
                        CLIENT + "AH(?<ah>01070): Error parsing script headers",
                        500, "the FastCGI backend's response headers are malformed (stray output before them?)",
                        CauseCode.PROXY_INVALID_HEADER, CauseCode.APP_OUTPUT_BEFORE_HEADERS),
                // server/util_script.c (no AH code, on purpose): mod_proxy_fcgi, mod_fcgid, mod_cgi
                sig("script-malformed-header", "malformed header from script '",
                        CLIENT + "malformed header from script '(?<script>[^']{1,1024})': Bad header: (?<header>.{0,30})",
                        500, "a script's response header line is malformed", CauseCode.PROXY_INVALID_HEADER,
                        CauseCode.APP_OUTPUT_BEFORE_HEADERS),
                sig("script-no-output", "End of script output before headers: ",
                        CLIENT + "End of script output before headers: (?<script>\\S{1,1024})",
                        500, "the script (mod_fcgid, CGI) ended without any output: it crashed or was killed",
                        CauseCode.PHPFPM_WORKER_CRASH),
                sig("script-headers-cut", "Premature end of script headers: ",
                        CLIENT + "Premature end of script headers: (?<script>\\S{1,1024})",
                        500, "the script (mod_fcgid, CGI) stopped in the middle of its headers: it crashed or was"
                                + " killed", CauseCode.PHPFPM_WORKER_CRASH),
                // ---- talking to an HTTP backend (modules/proxy/mod_proxy_http.c, proxy_util.c ap_proxyerror). Apache 2.2 wrote the same
                // messages without AH codes and with "proxy: " in front (2.2 mod_proxy_http.c: "proxy: error reading
                // status line from remote server %s"; proxy_util.c: "proxy: Error reading from remote server returned
                // by %s"), and its client before APR's errno: [error] [client 1.2.3.4] (70007)The timeout ...: proxy: ...
                sig("http-read-timeout", "error reading status line from remote server ",
                        "\\((?<errno>70007)\\)(?<errtext>[^:]{0,160}): " + CLIENT
                                + "(?:AH(?<ah>01102)|proxy): error reading status line from remote server (?<upstream>\\S{1,512})",
                        502, "the HTTP backend did not answer within ProxyTimeout (mod_proxy_http answers 502, not 504)",
                        CauseCode.PROXY_UPSTREAM_TIMEOUT),
                sig("http-read-failed", "error reading status line from remote server ",
                        "\\((?<errno>(?!70007\\))-?[0-9]{1,6})\\)(?<errtext>[^:]{0,160}): " + CLIENT
                                + "(?:AH(?<ah>01102)|proxy): error reading status line from remote server (?<upstream>\\S{1,512})",
                        502, "the HTTP backend closed or reset the connection before its status line",
                        CauseCode.PROXY_UPSTREAM_CLOSED),
                sig("proxy-read-error", "Error reading from remote server returned by ",
                        CLIENT + "(?:AH(?<ah>00898)|[Pp]roxy): Error reading from remote server returned by (?<uri>\\S{1,2048})",
                        502, "Apache answered 502: no response from the HTTP backend (closed, reset or timed out)",
                        CauseCode.PROXY_UPSTREAM_CLOSED, CauseCode.PROXY_UPSTREAM_TIMEOUT),
                sig("http-corrupt-status-line", "Corrupt status line returned by remote server: ",
                        CLIENT + "AH(?<ah>00898): Corrupt status line returned by remote server: (?<statusLine>[^\\n]{0,256}?)"
                                + " returned by (?<uri>\\S{1,2048})",
                        502, "the backend's answer is not an HTTP/1 status line", CauseCode.PROXY_PROTOCOL_MISMATCH,
                        CauseCode.PROXY_INVALID_HEADER),
                sig("http-header-too-big", "header size is over the limit allowed by ResponseFieldSize",
                        CLIENT + "AH(?<ah>10124): header size is over the limit allowed by ResponseFieldSize "
                                + "\\((?<limit>[0-9]{1,9}) bytes\\)",
                        502, "a response header line of the backend is longer than ResponseFieldSize",
                        CauseCode.PROXY_HEADER_TOO_BIG),
                sig("http-bad-header", " header returned by ",
                        CLIENT + "AH(?<ah>01106): bad HTTP/[0-9.]{1,3} header returned by (?<uri>\\S{1,2048}) "
                                + "\\((?<method>[A-Z]{1,16})\\)",
                        502, "Apache rejected the HTTP backend's response headers",
                        CauseCode.PROXY_INVALID_HEADER, CauseCode.PROXY_HEADER_TOO_BIG),
                // modules/http/http_filters.c AH02429 / AH02430
                sig("response-header-invalid", "contains invalid characters, aborting request",
                        CLIENT + "AH(?<ah>02429|02430): Response header (?:name )?'(?<header>[^']{0,256})'",
                        500, "a response header (from a backend or a script) has a name or value with invalid"
                                + " characters", CauseCode.PROXY_INVALID_HEADER),
                sig("dns-failure", "DNS lookup failure for: ",
                        "(?:\\((?<errno>(?:EAI )?-?[0-9]{1,6})\\)(?<errtext>[^:]{0,160}): )?" + CLIENT
                                + "AH(?<ah>00898): DNS lookup failure for: (?<backend>\\S{1,512}) returned by "
                                + "(?<uri>\\S{1,2048})",
                        500, "Apache cannot resolve its backend's host name (500 since 2.4.59, 502 before)",
                        CauseCode.PROXY_UPSTREAM_DNS_FAILURE),
                // ---- TLS to an https backend (proxy_util.c, modules/ssl/ssl_engine_io.c and ssl_engine_kernel.c)
                sig("tls-handshake-failed", "Error during SSL Handshake with remote server",
                        CLIENT + "AH(?<ah>00898): Error during SSL Handshake with remote server returned by "
                                + "(?<uri>\\S{1,2048})",
                        500, "the TLS handshake with the https backend failed (verification, protocol, plain HTTP"
                                + " port)", CauseCode.PROXY_UPSTREAM_TLS_FAILURE, CauseCode.PROXY_PROTOCOL_MISMATCH),
                sig("tls-proxy-connect-failed", "SSL Proxy connect failed",
                        "(?:\\[remote (?<upstream>[^\\]]{1,160})\\] )?AH(?<ah>02003): SSL Proxy connect failed",
                        500, "mod_ssl could not set up TLS to the backend (LogLevel info)",
                        CauseCode.PROXY_UPSTREAM_TLS_FAILURE),
                sig("tls-proxy-verify-failed", "Certificate Verification: Error (",
                        // AH02039 at LogLevel error (Apache 2.4.71 logs it by default), AH02276 with the
                        // certificate's details at info
                        "\\[remote (?<upstream>[^\\]]{1,160})\\] AH(?<ah>02276|02039): Certificate Verification: "
                                + "Error \\((?<code>[0-9]{1,4})\\): (?<reason>[^\\[]{1,200}?)(?: \\[|$)",
                        500, "the backend's certificate failed verification",
                        CauseCode.PROXY_UPSTREAM_TLS_FAILURE),
                // ssl_engine_kernel.c ssl_callback_SSLVerify (AH02040, LogLevel error): the backend's chain reaches a
                // trusted CA deeper than SSLProxyVerifyDepth (1 when not set); "[remote ...]" is the proxy side
                sig("tls-proxy-chain-too-long", "Certificate Verification: Certificate Chain too long",
                        "\\[remote (?<upstream>[^\\]]{1,160})\\] AH(?<ah>02040): Certificate Verification: Certificate "
                                + "Chain too long \\(chain has (?<depth>[0-9]{1,4}) certificates, but maximum allowed "
                                + "are only (?<max>[0-9]{1,4})\\)",
                        500, "the backend's certificate chain is longer than SSLProxyVerifyDepth allows",
                        CauseCode.PROXY_UPSTREAM_TLS_FAILURE),
                sig("tls-proxy-peer-certificate", "SSL Proxy: Peer certificate ",
                        "(?:\\[remote (?<upstream>[^\\]]{1,160})\\] )?AH(?<ah>02004|02005|02411): SSL Proxy: Peer "
                                + "certificate (?<reason>[^\\n]{1,300})",
                        500, "the backend's certificate is expired or names another host (LogLevel info)",
                        CauseCode.PROXY_UPSTREAM_TLS_FAILURE),
                // ---- the MPM (server/mpm/event/event.c AH00484, prefork.c AH00161, worker.c AH00286)
                sig("max-request-workers", "server reached MaxRequestWorkers setting",
                        "AH(?<ah>00484|00161|00286): server reached MaxRequestWorkers setting",
                        null, "every Apache worker is busy: new connections wait in the listen queue",
                        CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED),
                // ---- PHP errors PHP-FPM relays on FastCGI stderr (mod_proxy_fcgi.c AH01071)
                sig("php-memory-exhausted", "Allowed memory size of ",
                        FCGI_STDERR + "Fatal error:  Allowed memory size of (?<limit>[0-9]{1,20}) bytes exhausted"
                                + "[^(]{0,1100}\\(tried to allocate (?<size>[0-9]{1,20}) bytes\\)" + PHP_FILE,
                        500, "a PHP script hit memory_limit (relayed by PHP-FPM)", CauseCode.APP_MEMORY_EXHAUSTED),
                sig("php-execution-timeout", "Maximum execution time of ",
                        FCGI_STDERR + "Fatal error:  Maximum execution time of (?<seconds>[0-9]{1,9}) seconds? exceeded"
                                + PHP_FILE,
                        500, "a PHP script hit max_execution_time (relayed by PHP-FPM)",
                        CauseCode.APP_EXECUTION_TIMEOUT),
                sig("php-fatal-error", "Got error 'PHP message: PHP ",
                        CLIENT + "AH(?<ah>01071): Got error '(?:[^\\n]{0,65536}?PHP message: )?PHP (?<level>Fatal|Parse)"
                                + " error:  (?!Allowed memory size of|Maximum execution time of)"
                                + "(?<message>[^\\n]{1,4096}?)" + PHP_FILE,
                        500, "a PHP fatal error ended the script (relayed by PHP-FPM)", CauseCode.APP_FATAL_ERROR),
                // ---- older FastCGI modules, still common on the servers that break. mod_fastcgi 2.4
                // (mod_fastcgi.c): ap_log_rerror(FCGI_LOG_ERR, r, "FastCGI: comm with server \"%s\" aborted: idle
                // timeout (%d sec)"), "... aborted: read failed", "... aborted: error parsing headers: %s",
                // "FastCGI: incomplete headers (%d bytes) received from server \"%s\"" and "FastCGI: failed to
                // connect to server \"%s\": connect() failed" (after APR's "(13)Permission denied: " and the like).
                // Apache 2.2 writes no module and no pid: [Thu Jan 16 08:34:53 2014] [error] [client 1.2.3.4] FastCGI: ...
                sig("fastcgi-idle-timeout", "aborted: idle timeout (",
                        CLIENT + "FastCGI: comm with server \"(?<server>[^\"]{1,1024})\" aborted: idle timeout "
                                + "\\((?<seconds>\\d{1,9}) sec\\)", 500,
                        "mod_fastcgi gave up waiting for the FastCGI server (-idle-timeout)",
                        CauseCode.PROXY_UPSTREAM_TIMEOUT),
                sig("fastcgi-read-failed", "\" aborted: read failed",
                        "(?:" + ERRNO + ")?" + CLIENT + "FastCGI: comm with server \"(?<server>[^\"]{1,1024})\" "
                                + "aborted: read failed", 500,
                        "the FastCGI server broke off the exchange (a PHP worker died mid-request)",
                        CauseCode.PHPFPM_WORKER_CRASH, CauseCode.PROXY_UPSTREAM_CLOSED),
                sig("fastcgi-malformed-header", "aborted: error parsing headers: ",
                        CLIENT + "FastCGI: comm with server \"(?<server>[^\"]{1,1024})\" aborted: error parsing "
                                + "headers: (?<header>[^\n]{0,200})", 500,
                        "the FastCGI server's response headers are malformed", CauseCode.PROXY_INVALID_HEADER),
                sig("fastcgi-incomplete-headers", "FastCGI: incomplete headers (",
                        CLIENT + "FastCGI: incomplete headers \\((?<bytes>\\d{1,9}) byt?e?s\\) received from server "
                                + "\"(?<server>[^\"]{1,1024})\"", 500,
                        "the FastCGI server sent no complete response head (see the line before: timeout or reset)",
                        CauseCode.PROXY_UPSTREAM_CLOSED),
                sig("fastcgi-connect-failed", "FastCGI: failed to connect to server \"",
                        "(?:" + ERRNO + ")?" + CLIENT + "FastCGI: failed to connect to server \"(?<server>[^\"]{1,1024})\"",
                        503, "mod_fastcgi could not connect to the FastCGI server (PHP-FPM)",
                        CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PHPFPM_DOWN, CauseCode.PHPFPM_SOCKET_PERMISSION),
                // mod_fcgid 2.3 (fcgid_proc_unix.c, proc_read_ipc): ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                // "mod_fcgid: read data timeout in %d seconds"); fcgid_bridge.c: "mod_fcgid: error reading data from
                // FastCGI server", "mod_fcgid: can't apply process slot for %s"
                sig("fcgid-read-timeout", "mod_fcgid: read data timeout in ",
                        "(?:" + ERRNO + ")?" + CLIENT + "mod_fcgid: read data timeout in (?<seconds>\\d{1,9}) seconds", 500,
                        "mod_fcgid gave up waiting for the script's output (FcgidIOTimeout)",
                        CauseCode.PROXY_UPSTREAM_TIMEOUT),
                sig("fcgid-read-error", "mod_fcgid: error reading data from FastCGI server",
                        "(?:" + ERRNO + ")?" + CLIENT + "mod_fcgid: error reading data from FastCGI server", 500,
                        "the FastCGI process broke off the exchange (it crashed or was killed)",
                        CauseCode.PHPFPM_WORKER_CRASH, CauseCode.PROXY_UPSTREAM_CLOSED),
                sig("fcgid-no-process-slot", "mod_fcgid: can't apply process slot for ",
                        CLIENT + "mod_fcgid: can't apply process slot for (?<script>\\S{1,1024})", 503,
                        "every FastCGI process slot is taken (FcgidMaxProcesses)", CauseCode.PHPFPM_POOL_EXHAUSTED),
                sig("php-headers-sent", "headers already sent by (output started at ",
                        FCGI_STDERR + "Warning:  Cannot modify header information - headers already sent by "
                                + "\\(output started at (?<file>/[^\\s'\":]{1,1024}):(?<line>[0-9]{1,9})\\)",
                        null, "a script printed output before its headers (relayed by PHP-FPM); the file and line say"
                                + " where", CauseCode.APP_OUTPUT_BEFORE_HEADERS));
    }

    private static Signature sig(String id, String literal, String regex, Integer status, String title,
                                 CauseCode... causes) {
        return new Signature(PREFIX + id, Layer.PROXY, APACHE, literal, Pattern.compile(regex), status,
                List.of(causes), title);
    }
}
