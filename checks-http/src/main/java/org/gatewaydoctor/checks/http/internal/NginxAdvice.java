package org.gatewaydoctor.checks.http.internal;

import java.util.List;
import org.gatewaydoctor.model.CauseCode;

/** What to tell the site owner for each cause the nginx error log shows: a summary, the fix, what confirms it. */
public final class NginxAdvice {

    private NginxAdvice() {
    }

    /**
     * One line in words a site owner understands.
     *
     * @param when how the lines spread over time, e.g. {@code ", all between 09:12 and 09:41"} (see {@link Timing})
     */
    public static String summary(CauseCode cause, HitGroup t, String when) {
        String n = times(t.count()) + when;
        String who = t.topSubject("its upstream");
        return switch (cause.value()) {
            case "proxy.upstream_refused" -> "nginx could not connect to " + who + " " + n + ": "
                    + t.details().stream().findFirst().map(java.util.Map.Entry::getKey).orElse("connection failed");
            case "phpfpm.down" -> "PHP-FPM looks down: nothing answered on " + who + " " + n;
            case "phpfpm.socket_mismatch" -> "nginx points at a PHP-FPM socket that does not exist (" + who + "), "
                    + n + ": PHP-FPM is stopped or listens on another path";
            case "phpfpm.socket_permission" -> "nginx is denied access to the PHP-FPM socket " + who + " " + n;
            case "phpfpm.pool_exhausted" -> "PHP-FPM's listen queue on " + who + " was full " + n
                    + ": every worker was busy and nginx answered 502";
            case "proxy.upstream_timeout" -> "nginx gave up waiting for " + who + " and answered 504 " + n;
            case "proxy.upstream_closed" -> who + " closed or reset the connection before answering " + n;
            case "phpfpm.worker_crash" -> "a PHP-FPM worker died in the middle of a request: " + who
                    + " reset nginx's FastCGI connection " + n + " (PHP-FPM's log says whether it crashed or was killed)";
            case "phpfpm.request_timeout" -> "PHP-FPM may have killed a long request (request_terminate_timeout): "
                    + who + " reset nginx's FastCGI connection " + n;
            case "proxy.invalid_header" -> who + " sent a malformed response header " + n;
            case "proxy.header_too_big" -> who + " sent response headers larger than nginx's buffer " + n;
            case "proxy.no_healthy_upstream" -> "no live server was left in " + who + " " + n;
            case "proxy.upstream_dns_failure" -> "nginx could not resolve its upstream " + who + " " + n;
            case "proxy.upstream_tls_failure" -> "TLS from nginx to " + who + " failed " + n;
            case "proxy.worker_connections_exhausted" -> "nginx ran out of worker_connections " + n;
            case "proxy.protocol_mismatch" -> "nginx and " + who + " do not speak the same protocol (" + n + ")";
            case "app.fatal_error" -> "PHP fatal errors " + n + ", mostly in " + who;
            case "app.memory_exhausted" -> "PHP scripts hit memory_limit " + n + ", mostly in " + who;
            case "app.execution_timeout" -> "PHP scripts hit max_execution_time " + n + ", mostly in " + who;
            default -> cause.value() + " " + n;
        };
    }

    /** Ordered steps that fix it. */
    public static List<String> remediation(CauseCode cause, HitGroup t) {
        String who = t.topSubject("the upstream");
        return switch (cause.value()) {
            case "proxy.upstream_refused" -> List.of(
                    "Start the service behind " + who + " and enable it at boot (for PHP-FPM: systemctl enable --now "
                            + "php8.x-fpm; for an app server, its own unit).",
                    "Check that the address in fastcgi_pass/proxy_pass is where the service listens: "
                            + "ss -ltnp for TCP ports, ss -lxp for unix sockets.",
                    "If it runs but keeps dying, read its own log for the reason before restarting it again.");
            case "phpfpm.down" -> List.of(
                    "Check whether PHP-FPM runs: systemctl status php8.x-fpm (or ps aux | grep php-fpm).",
                    "Start it (systemctl start php8.x-fpm); if it does not stay up, php-fpm8.x -t and the PHP-FPM "
                            + "log name the configuration error.",
                    "Enable it at boot so a reboot does not bring the 502s back: systemctl enable php8.x-fpm.");
            case "phpfpm.socket_mismatch" -> List.of(
                    "Compare fastcgi_pass in the nginx site with listen = in the PHP-FPM pool (e.g. "
                            + "/etc/php/8.x/fpm/pool.d/www.conf): after a PHP upgrade the socket name changes "
                            + "(php8.1-fpm.sock becomes php8.2-fpm.sock).",
                    "Point fastcgi_pass at the socket the running pool creates, then nginx -t && systemctl reload nginx.");
            case "phpfpm.socket_permission" -> List.of(
                    "In the PHP-FPM pool, set listen.owner and listen.group to nginx's worker user (www-data on "
                            + "Debian/Ubuntu, nginx on RHEL) and listen.mode = 0660, then restart PHP-FPM.",
                    "If the pool sets listen.acl_users or listen.acl_groups, those replace owner/group: add nginx's "
                            + "user there.",
                    "Check the directory of the socket is traversable by that user too (ls -ld /run/php).");
            case "phpfpm.pool_exhausted" -> List.of(
                    "Find what keeps PHP-FPM's workers busy: set request_slowlog_timeout = 5s and slowlog in the pool "
                            + "and read the stack traces; slow plugins and external API calls are the usual culprits.",
                    "Raise pm.max_children only if memory allows: (RAM left for PHP) / (average php-fpm worker RSS).",
                    "Serve anonymous visitors from a full-page cache so fewer requests need a PHP worker at peak.",
                    "A larger listen.backlog in the pool (and net.core.somaxconn) only lengthens the queue: it helps "
                            + "with short bursts, not with workers held for minutes.");
            case "proxy.upstream_timeout" -> {
                List<String> steps = new java.util.ArrayList<>(List.of(
                        "Find the slow requests first (PHP-FPM slowlog, Query Monitor, the application's own logs): "
                                + "raising timeouts only makes visitors wait longer.",
                        "If some requests legitimately take long (imports, reports), raise fastcgi_read_timeout (or "
                                + "proxy_read_timeout) for those locations only, and keep PHP's max_execution_time and "
                                + "request_terminate_timeout consistent with it."));
                if (t.details().stream().anyMatch(d -> d.getKey().contains("connecting"))) {
                    steps.add("A timeout 'while connecting to upstream' means the upstream did not accept the "
                            + "connection in time (fastcgi_connect_timeout/proxy_connect_timeout): check it is up and "
                            + "not overloaded, and that no firewall drops the packets.");
                }
                yield steps;
            }
            case "proxy.upstream_closed" -> List.of(
                    "The upstream process died or hung up mid-request: read the PHP-FPM log at the same times for "
                            + "'exited on signal' or 'execution timed out'.",
                    "If request_terminate_timeout is shorter than a page needs, fix the slow code or raise it.",
                    "Check the kernel log for the OOM killer: dmesg -T | grep -i 'killed process'.");
            case "proxy.invalid_header" -> List.of(
                    "The backend printed something before its headers: a UTF-8 BOM or whitespace before <?php in a "
                            + "plugin or theme file, or a PHP notice while display_errors is on.",
                    "Turn display_errors off in production, reproduce with WP_DEBUG_LOG on, and remove the BOM "
                            + "(bytes EF BB BF) from the file it names.",
                    "With proxy_pass, check the port really serves HTTP (not FastCGI or TLS).");
            case "proxy.header_too_big" -> List.of(
                    "Raise the header buffer: fastcgi_buffer_size 32k; fastcgi_buffers 16 16k; (proxy_buffer_size / "
                            + "proxy_buffers for proxy_pass), then nginx -t && systemctl reload nginx.",
                    "Look at what makes the headers big: many or huge Set-Cookie headers, long Link or "
                            + "Content-Security-Policy headers added by a plugin.");
            case "proxy.no_healthy_upstream" -> List.of(
                    "Every server of " + who + " was marked failed (max_fails within fail_timeout): the error lines "
                            + "just before name why each one failed; fix that first.",
                    "Check each server in the upstream { } block is running and reachable from this host.");
            case "proxy.upstream_dns_failure" -> List.of(
                    "Check the name resolves on this host: getent hosts <name>.",
                    "If proxy_pass uses a variable, nginx resolves at run time and needs a resolver directive "
                            + "(e.g. resolver 127.0.0.53 valid=30s;).");
            case "proxy.upstream_tls_failure" -> List.of(
                    "Test the upstream's TLS from this host: openssl s_client -connect host:443 -servername name.",
                    "Set proxy_ssl_server_name on; (and proxy_ssl_name) when the upstream needs SNI; with "
                            + "proxy_ssl_verify on, give proxy_ssl_trusted_certificate the CA that signed its certificate.");
            case "proxy.worker_connections_exhausted" -> List.of(
                    "Raise worker_connections in the events { } block and worker_rlimit_nofile to at least twice "
                            + "that, then reload nginx.",
                    "A proxied request uses two connections (visitor and upstream): size for peak visitors times two.");
            case "proxy.protocol_mismatch" -> List.of(
                    "fastcgi_pass must point at PHP-FPM (FastCGI) and proxy_pass at an HTTP server: check which "
                            + "program listens on " + who + " and use the matching directive.");
            case "app.fatal_error" -> List.of(
                    "Read the error: it names the file and line. Update, fix or deactivate the " + who
                            + " (wp plugin deactivate <slug>, or rename its folder under wp-content/plugins).",
                    "After a PHP upgrade, check the plugin or theme supports the new PHP version.");
            case "app.memory_exhausted" -> List.of(
                    "Find why the script needs so much memory (a query loading every post, a huge import) in " + who + ".",
                    "Raise memory_limit (WP_MEMORY_LIMIT, or php_admin_value[memory_limit] in the pool) only as a "
                            + "stopgap, and keep pm.max_children x memory_limit within the RAM available.");
            case "app.execution_timeout" -> List.of(
                    "Make the slow task faster or move it out of web requests (WP-CLI, a cron job): " + who + ".",
                    "If it must run long, raise max_execution_time for it and keep request_terminate_timeout and "
                            + "fastcgi_read_timeout above it so visitors get PHP's answer, not a 502/504.");
            case "phpfpm.worker_crash" -> List.of(
                    "Read PHP-FPM's log for the same minutes: 'child N exited on signal 11 (SIGSEGV)' is a crash (update"
                            + " or disable the PHP extension it points to; a core dump names it), 'execution timed out'"
                            + " is request_terminate_timeout (make the request faster or raise it).",
                    "If PHP-FPM's log shows nothing, the kernel log (dmesg -T) shows whether the OOM killer ended the"
                            + " worker.");
            case "phpfpm.request_timeout" -> List.of(
                    "Read PHP-FPM's log for 'execution timed out (N sec), terminating' at the same minutes; if it is"
                            + " there, make the request faster or raise request_terminate_timeout above"
                            + " max_execution_time.");
            default -> List.of();
        };
    }

    /** What would confirm it when the log alone is indirect evidence; empty when the log proves it. */
    public static List<String> confirmWith(CauseCode cause) {
        return switch (cause.value()) {
            case "proxy.upstream_refused" -> List.of(
                    "ss -ltnp / ss -lxp shows nothing listening on the upstream's address");
            case "phpfpm.down" -> List.of(
                    "no php-fpm master process is running (systemctl status php8.x-fpm, ps aux | grep 'php-fpm: master')",
                    "if a master runs, compare its pool's listen = with fastcgi_pass: then it is a socket mismatch");
            case "phpfpm.socket_mismatch" -> List.of(
                    "a php-fpm master process is running but its pool's listen = path differs from nginx's "
                            + "fastcgi_pass (ls /run/php/ shows the socket it does create)",
                    "if no php-fpm master runs at all, PHP-FPM is simply down");
            case "phpfpm.socket_permission" -> List.of(
                    "ls -l on the socket versus the user of nginx's worker processes (ps -o user= -C nginx)");
            case "phpfpm.pool_exhausted" -> List.of(
                    "the PHP-FPM log shows 'server reached pm.max_children setting' at the same time",
                    "pm.status_path shows 'listen queue' above 0 and 'active processes' equal to pm.max_children");
            case "proxy.upstream_timeout" -> List.of(
                    "the PHP-FPM slowlog or the application's logs show requests slower than nginx's read timeout");
            case "proxy.upstream_closed" -> List.of(
                    "the PHP-FPM log shows 'exited on signal' or 'execution timed out' at the same times",
                    "the kernel log shows the OOM killer ending php-fpm workers (dmesg -T)");
            case "proxy.invalid_header" -> List.of(
                    "curl -sv on the backend (or cgi-fcgi against PHP-FPM) shows output before the headers");
            case "proxy.no_healthy_upstream" -> List.of(
                    "the error lines before 'no live upstreams' show each server failing");
            case "phpfpm.worker_crash", "phpfpm.request_timeout" -> List.of(
                    "PHP-FPM's log decides: 'exited on signal' (a crash) or 'execution timed out' (request_terminate_timeout)"
                            + " at the same times as nginx's resets");
            default -> List.of();
        };
    }

    private static String times(long count) {
        return count == 1 ? "once" : count + " times";
    }
}
