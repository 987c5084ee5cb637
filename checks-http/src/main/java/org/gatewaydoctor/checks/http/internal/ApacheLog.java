package org.gatewaydoctor.checks.http.internal;

import static org.gatewaydoctor.checks.http.internal.CauseTable.part;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.checks.http.internal.signatures.ApacheSignatureProvider;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;

/**
 * Apache httpd's error log read as causes ({@link ApacheSignatureProvider}'s signatures), and what to
 * tell the site owner about each.
 *
 * <p>The statuses are Apache's own: it answers 503 when it cannot connect to its backend or
 * mod_proxy_fcgi cannot talk to it, 504 when mod_proxy_fcgi gives up waiting
 * ({@code AH01075} with APR's {@code (70007)} timeout), 502 when mod_proxy_http cannot read the
 * backend's status line ({@code AH01102}), whether the backend closed or went silent. The per-request
 * summaries that follow the line saying why ({@code AH01079}, {@code AH01114}, {@code AH00898
 * Error reading from remote server}) support the cause of that line and are not counted twice.
 */
public final class ApacheLog implements LogCauseReport.Advice {

    private static final List<CauseCode> CONNECT = List.of(CauseCode.PHPFPM_DOWN, CauseCode.PHPFPM_SOCKET_MISMATCH,
            CauseCode.PHPFPM_SOCKET_PERMISSION, CauseCode.PHPFPM_POOL_EXHAUSTED, CauseCode.PROXY_UPSTREAM_REFUSED,
            CauseCode.PROXY_UPSTREAM_TIMEOUT, CauseCode.PROXY_NO_HEALTHY_UPSTREAM);

    private static final String CHAIN_TOO_LONG = "the backend's certificate chain is longer than SSLProxyVerifyDepth "
            + "allows";
    /** The depth AH02040 says the chain has: {@code chain has 2 certificates}. */
    private static final java.util.regex.Pattern CHAIN_HAS = java.util.regex.Pattern.compile(
            "Certificate Chain too long \\(chain has ([0-9]{1,4}) certificates");

    private static final CauseTable TABLE = new CauseTable(ApacheSignatureProvider.PREFIX, ApacheLog::subjects)
            .on("fcgi-socket-missing",
                    part(CauseCode.PHPFPM_DOWN, 0.45, 0.6, "the PHP-FPM socket does not exist"),
                    part(CauseCode.PHPFPM_SOCKET_MISMATCH, 0.4, 0.55, "the PHP-FPM socket does not exist"))
            .on("fcgi-socket-refused",
                    part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.7, 0.9, "the PHP-FPM socket refuses connections"),
                    part(CauseCode.PHPFPM_DOWN, 0.5, 0.7, "nothing listens on the PHP-FPM socket"))
            .on("fcgi-socket-permission", part(CauseCode.PHPFPM_SOCKET_PERMISSION, 0.85, 0.97,
                    "Apache's user may not open the backend's socket"))
            .on("fcgi-socket-busy", part(CauseCode.PHPFPM_POOL_EXHAUSTED, 0.7, 0.9,
                    "the backend socket's listen queue is full"))
            .on("socket-connect-failed", part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.55, 0.8,
                    "Apache cannot connect to the backend's unix socket"))
            .on("fcgi-connect-refused",
                    part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.7, 0.9, "the FastCGI port refuses connections"),
                    part(CauseCode.PHPFPM_DOWN, 0.5, 0.7, "nothing listens on PHP-FPM's port"))
            .on("connect-refused", part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.75, 0.93,
                    "the backend refuses connections"))
            .on("connect-timeout", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.6, 0.85,
                    "connecting to the backend timed out"))
            .on("connect-failed", part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.55, 0.8,
                    "Apache cannot connect to the backend"))
            .supports("fcgi-no-connection", CONNECT,
                    part(CauseCode.PHPFPM_DOWN, 0.4, 0.6, "Apache could not connect to its FastCGI backend"),
                    part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.4, 0.6, "Apache could not connect to its FastCGI backend"))
            .supports("http-no-connection", CONNECT, part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.5, 0.7,
                    "Apache could not connect to its HTTP backend"))
            .supports("worker-put-in-error", CONNECT)
            .on("worker-disabled", part(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, 0.4, 0.6,
                    "the backend is in error state after an earlier failure"))
            .on("balancer-all-in-error", part(CauseCode.PROXY_NO_HEALTHY_UPSTREAM, 0.75, 0.92,
                    "every member of the balancer is in error state"))
            .on("fcgi-closed-before-headers", part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.7, 0.92,
                    "the FastCGI backend closed the connection before its headers"))
            .on("fcgi-timeout", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.75, 0.93,
                    "the FastCGI backend did not answer within the proxy timeout"))
            .on("fcgi-dispatch-failed", part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.65, 0.9,
                    "the FastCGI exchange broke off"))
            .on("fcgi-bogus-version", part(CauseCode.PROXY_PROTOCOL_MISMATCH, 0.8, 0.95,
                    "the backend does not answer in FastCGI"))
            .on("fcgi-bad-headers", part(CauseCode.PROXY_INVALID_HEADER, 0.7, 0.9,
                    "the FastCGI backend's response headers are malformed"))
            .on("script-malformed-header", part(CauseCode.PROXY_INVALID_HEADER, 0.75, 0.93,
                    "a script's response header line is malformed"))
            .on("script-no-output", part(CauseCode.PHPFPM_WORKER_CRASH, 0.55, 0.8,
                    "the script ended without any output"))
            .on("script-headers-cut", part(CauseCode.PHPFPM_WORKER_CRASH, 0.55, 0.8,
                    "the script stopped in the middle of its headers"))
            .on("http-read-timeout", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.75, 0.93,
                    "the HTTP backend did not send its status line within the proxy timeout"))
            .on("http-read-failed", part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.75, 0.93,
                    "the HTTP backend closed or reset the connection before its status line"))
            .supports("proxy-read-error", List.of(CauseCode.PROXY_UPSTREAM_CLOSED, CauseCode.PROXY_UPSTREAM_TIMEOUT),
                    part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.5, 0.7, "no response from the HTTP backend"))
            .on("http-corrupt-status-line", part(CauseCode.PROXY_PROTOCOL_MISMATCH, 0.7, 0.9,
                    "the backend's answer is not an HTTP status line"))
            .on("http-header-too-big", part(CauseCode.PROXY_HEADER_TOO_BIG, 0.85, 0.96,
                    "a response header line is longer than ResponseFieldSize"))
            .on("http-bad-header",
                    part(CauseCode.PROXY_INVALID_HEADER, 0.6, 0.85, "Apache rejected the backend's response headers"),
                    part(CauseCode.PROXY_HEADER_TOO_BIG, 0.4, 0.6, "Apache rejected the backend's response headers"))
            .on("response-header-invalid", part(CauseCode.PROXY_INVALID_HEADER, 0.7, 0.9,
                    "a response header has invalid characters"))
            .on("dns-failure", part(CauseCode.PROXY_UPSTREAM_DNS_FAILURE, 0.85, 0.96,
                    "the backend's host name does not resolve"))
            .on("tls-handshake-failed", part(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, 0.75, 0.93,
                    "the TLS handshake with the backend failed"))
            .on("tls-proxy-connect-failed", part(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, 0.7, 0.9,
                    "TLS to the backend could not be set up"))
            .on("tls-proxy-verify-failed", part(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, 0.8, 0.95,
                    "the backend's certificate failed verification"))
            .on("tls-proxy-chain-too-long", part(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, 0.85, 0.97, CHAIN_TOO_LONG))
            .on("tls-proxy-peer-certificate", part(CauseCode.PROXY_UPSTREAM_TLS_FAILURE, 0.8, 0.95,
                    "the backend's certificate is expired or names another host"))
            .on("max-request-workers", part(CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED, 0.7, 0.9,
                    "every Apache worker was busy"))
            .on("fastcgi-idle-timeout", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.7, 0.92,
                    "mod_fastcgi gave up waiting for the FastCGI server (-idle-timeout)"))
            .on("fastcgi-read-failed",
                    part(CauseCode.PHPFPM_WORKER_CRASH, 0.55, 0.8, "the FastCGI server broke off the exchange"),
                    part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.5, 0.75, "the FastCGI server broke off the exchange"))
            .on("fastcgi-malformed-header", part(CauseCode.PROXY_INVALID_HEADER, 0.75, 0.93,
                    "the FastCGI server's response headers are malformed"))
            .supports("fastcgi-incomplete-headers", List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT,
                    CauseCode.PHPFPM_WORKER_CRASH, CauseCode.PROXY_INVALID_HEADER),
                    part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.45, 0.7, "the FastCGI server sent no complete response head"))
            .on("fastcgi-connect-failed",
                    part(CauseCode.PROXY_UPSTREAM_REFUSED, 0.6, 0.85, "mod_fastcgi could not connect to PHP-FPM"),
                    part(CauseCode.PHPFPM_DOWN, 0.45, 0.65, "mod_fastcgi could not connect to PHP-FPM"))
            .on("fcgid-read-timeout", part(CauseCode.PROXY_UPSTREAM_TIMEOUT, 0.75, 0.93,
                    "mod_fcgid gave up waiting for the script's output (FcgidIOTimeout)"))
            .on("fcgid-read-error",
                    part(CauseCode.PHPFPM_WORKER_CRASH, 0.55, 0.8, "the FastCGI process broke off the exchange"),
                    part(CauseCode.PROXY_UPSTREAM_CLOSED, 0.5, 0.75, "the FastCGI process broke off the exchange"))
            .on("fcgid-no-process-slot", part(CauseCode.PHPFPM_POOL_EXHAUSTED, 0.7, 0.9,
                    "every FastCGI process slot is taken (FcgidMaxProcesses)"))
            .on("php-memory-exhausted", part(CauseCode.APP_MEMORY_EXHAUSTED, 0.8, 0.95, "a script hit memory_limit"))
            .on("php-execution-timeout", part(CauseCode.APP_EXECUTION_TIMEOUT, 0.8, 0.95,
                    "a script hit max_execution_time"))
            .on("php-fatal-error", part(CauseCode.APP_FATAL_ERROR, 0.7, 0.95, "a PHP fatal error"))
            .on("php-headers-sent", part(CauseCode.APP_OUTPUT_BEFORE_HEADERS, 0.5, 0.75,
                    "a script printed output before its headers"));

    /** The one instance. */
    public static final ApacheLog ADVICE = new ApacheLog();

    private ApacheLog() {
    }

    /** The causes the scan's Apache error-log hits point to, in a stable order. */
    public static Map<CauseCode, HitGroup> classify(LogScan scan) {
        return TABLE.classify(scan);
    }

    /** What a hit's lines are about: the unix socket, the backend address, or the plugin or file of a PHP error. */
    static Map<String, Long> subjects(SignatureHits h) {
        Map<String, Long> out = new LinkedHashMap<>();
        h.fields().getOrDefault("socket", Map.of()).forEach((s, n) -> out.merge("unix:" + s, n, Long::sum));
        h.fields().getOrDefault("upstream", Map.of()).forEach((s, n) -> out.merge(s, n, Long::sum));
        if (out.isEmpty()) {
            h.fields().getOrDefault("backend", Map.of()).forEach((s, n) -> out.merge(s, n, Long::sum));
            h.fields().getOrDefault("balancer", Map.of()).forEach((s, n) -> out.merge(s, n, Long::sum));
        }
        NginxCauses.components(h).forEach((s, n) -> out.merge(s, n, Long::sum));
        out.keySet().removeIf(k -> k.endsWith("(other)"));
        return out;
    }

    @Override
    public String summary(CauseCode cause, HitGroup t, String when) {
        String n = LogCauseReport.times(t.count()) + when;
        String who = t.topSubject("its backend");
        String why = t.details().isEmpty() ? "" : ": " + t.details().get(0).getKey();
        return switch (cause.value()) {
            case "phpfpm.down" -> "PHP-FPM looks down: Apache found nothing to talk to at " + who + " " + n + why
                    + "; Apache answers 503 for this, not 502";
            case "phpfpm.socket_mismatch" -> "Apache points at a PHP-FPM socket that does not exist (" + who + "), "
                    + n + ": PHP-FPM is stopped or listens on another path";
            case "phpfpm.socket_permission" -> "Apache's user is denied the socket " + who + " " + n
                    + " (visitors get 503)";
            case "phpfpm.pool_exhausted" -> "the listen queue of " + who + " was full " + n
                    + ": every PHP-FPM worker was busy and Apache answered 503";
            case "proxy.upstream_refused" -> "Apache could not connect to " + who + " " + n + why
                    + " (mod_proxy answers 503)";
            case "proxy.upstream_timeout" -> "Apache gave up waiting for " + who + " " + n + why
                    + (t.httpStatus() == 502 ? " (mod_proxy_http answers 502 for a read timeout)"
                    : t.httpStatus() == 504 ? " and answered 504" : "");
            case "proxy.upstream_closed" -> who + " closed the connection before Apache had a response " + n + why
                    + (t.httpStatus() > 0 ? " (visitors got " + t.httpStatus() + ")" : "");
            case "proxy.no_healthy_upstream" -> "no usable member was left for " + who + " " + n + why;
            case "proxy.worker_connections_exhausted" -> "every Apache worker was busy " + n
                    + ": new connections waited (MaxRequestWorkers)";
            case "app.fatal_error", "app.memory_exhausted", "app.execution_timeout" -> NginxAdvice.summary(cause, t, when);
            default -> "Apache: " + cause.meaning().orElse(cause.value()) + " (" + who + ") " + n + why;
        };
    }

    @Override
    public List<String> remediation(CauseCode cause, HitGroup t) {
        String who = t.topSubject("the backend");
        return switch (cause.value()) {
            case "phpfpm.down" -> List.of(
                    "Check whether PHP-FPM runs (systemctl status php8.x-fpm) and start it; if it does not stay up, "
                            + "php-fpm8.x -t and its log name the reason.",
                    "Compare the socket in Apache's SetHandler \"proxy:unix:...|fcgi://...\" (or ProxyPass) with "
                            + "listen = in the pool: they must be the same path.",
                    "Enable PHP-FPM at boot (systemctl enable php8.x-fpm).");
            case "phpfpm.socket_mismatch" -> List.of(
                    "Point the proxy:unix: path in Apache's handler at the socket the running pool creates (ls "
                            + "/run/php/), or set the pool's listen = to the path Apache uses.",
                    "Then apachectl configtest and systemctl reload apache2.");
            case "phpfpm.socket_permission" -> List.of(
                    "Set listen.owner/listen.group in the pool to Apache's user (www-data on Debian) and "
                            + "listen.mode = 0660, then restart PHP-FPM.");
            case "phpfpm.pool_exhausted" -> List.of(
                    "Find what holds PHP-FPM's workers (the slowlog with request_slowlog_timeout), then size "
                            + "pm.max_children to the memory available.");
            case "proxy.upstream_refused" -> List.of(
                    "Start the service that should listen at " + who + ", or fix the address in ProxyPass / the "
                            + "handler to where it listens (ss -ltnp, ss -lxp).",
                    "After a failure mod_proxy keeps the worker in error state for retry= seconds (60 by default): "
                            + "set a short retry= on the worker so recovery is noticed quickly.");
            case "proxy.upstream_timeout" -> List.of(
                    "Find why " + who + " is slow (PHP-FPM slowlog, the application's log) before raising anything.",
                    "If some requests must take long, raise ProxyTimeout (or timeout= on that worker) for them and "
                            + "keep PHP's max_execution_time and request_terminate_timeout below it.");
            case "proxy.upstream_closed" -> List.of(
                    "Read " + who + "'s own log at the same times: a crash, a killed worker, or a connection limit "
                            + "closes connections before they answer.",
                    "With keep-alive to the backend, a backend closing idle connections first also shows this: set "
                            + "the worker's ttl= below the backend's keep-alive timeout, or disablereuse=On.");
            case "proxy.no_healthy_upstream" -> List.of(
                    "Every member of " + who + " is in error state: fix why they failed (the lines before say), "
                            + "then they come back after retry= seconds.");
            case "proxy.worker_connections_exhausted" -> List.of(
                    "Raise MaxRequestWorkers (and ServerLimit) in the MPM configuration if memory allows, or find "
                            + "what keeps workers busy (slow backends hold one worker per request).");
            case "proxy.header_too_big" -> List.of(
                    "Raise ResponseFieldSize on the worker (ProxyPass ... responsefieldsize=16384) or trim the "
                            + "backend's headers (cookies, CSP).");
            case "proxy.upstream_tls_failure" -> t.details().stream().anyMatch(d -> d.getKey().equals(CHAIN_TOO_LONG))
                    ? List.of("Set SSLProxyVerifyDepth " + chainDepth(t) + " (or more) where SSLProxyVerify require is "
                            + "set: mod_ssl's default of 1 accepts only a backend certificate the trusted CA signed "
                            + "itself, and almost every CA signs through an intermediate.",
                    "Then apachectl configtest and reload Apache.")
                    : List.of(
                    "Test the backend's TLS from this host: openssl s_client -connect host:443 -servername name.",
                    "An https:// backend needs SSLProxyEngine On in the virtual host; with SSLProxyVerify require, "
                            + "SSLProxyCACertificateFile must hold the CA that signed the backend's certificate "
                            + "(SSLProxyCheckPeerName and SSLProxyCheckPeerExpire decide the name and date checks).");
            case "proxy.upstream_dns_failure" -> List.of(
                    "Check the name resolves on this host: getent hosts <name>. mod_proxy resolves backend names "
                            + "when a connection is made, so a DNS outage fails requests at once.",
                    "For a backend on this host, use its IP address (127.0.0.1) in ProxyPass instead of a name.");
            case "proxy.protocol_mismatch" -> List.of(
                    "Match the scheme to what listens on " + who + ": fcgi:// (or SetHandler \"proxy:unix:...|fcgi://"
                            + "localhost\") for PHP-FPM, http:// for an HTTP server, https:// only for a TLS port.",
                    "Then apachectl configtest and systemctl reload apache2.");
            case "proxy.invalid_header", "app.output_before_headers" -> List.of(
                    "The backend printed something before its headers: a UTF-8 BOM or whitespace before <?php, or a "
                            + "PHP notice while display_errors is on; a header name with a space or control byte "
                            + "also makes Apache refuse the answer.",
                    "Turn display_errors off in production, reproduce with WP_DEBUG_LOG on, and fix the file the "
                            + "PHP error names.");
            default -> NginxAdvice.remediation(cause, t);
        };
    }

    /** The deepest chain Apache's AH02040 lines name, at least 2 (a chain through one intermediate). */
    private static int chainDepth(HitGroup t) {
        int depth = 2;
        for (org.gatewaydoctor.model.Evidence.LogLine l : t.samples()) {
            java.util.regex.Matcher m = CHAIN_HAS.matcher(l.text());
            if (m.find()) {
                depth = Math.max(depth, Integer.parseInt(m.group(1)));
            }
        }
        return depth;
    }

    @Override
    public List<String> confirmWith(CauseCode cause) {
        return switch (cause.value()) {
            case "phpfpm.down" -> List.of("no php-fpm master process runs (ps aux | grep 'php-fpm: master')",
                    "if one runs, its pool's listen = differs from Apache's proxy:unix: path: a socket mismatch");
            case "proxy.upstream_timeout" -> List.of(
                    "the PHP-FPM slowlog or the backend's own log shows requests longer than ProxyTimeout");
            default -> NginxAdvice.confirmWith(cause);
        };
    }
}
