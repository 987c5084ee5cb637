package org.gatewaydoctor.checks.phpfpm.internal;

import java.util.ArrayList;
import java.util.List;

/** Fixes and confirmations for the causes the PHP-FPM log shows, in our own words. */
public final class FpmAdvice {

    private FpmAdvice() {
    }

    /** Whether a slow-request subject names something a site owner can act on (not just a script path). */
    public static boolean attributable(String subject) {
        return subject != null && (subject.startsWith("plugin ") || subject.startsWith("theme ")
                || subject.startsWith("must-use plugin ") || subject.startsWith("REST namespace ")
                || subject.startsWith("AJAX action "));
    }

    public static List<String> poolExhausted(String pool, String maxChildren, String slowSubject) {
        List<String> steps = new ArrayList<>();
        if (attributable(slowSubject)) {
            steps.add("Deal with what holds the workers first: slow requests come mostly from " + slowSubject
                    + "; update, fix, cache or disable it (wp plugin deactivate <slug>), then watch whether "
                    + "'server reached pm.max_children' stops.");
        } else {
            steps.add("Find what holds the workers: set request_slowlog_timeout = 5s and slowlog = "
                    + "/var/log/php-fpm/" + pool + "-slow.log in the pool and read the stack traces it writes.");
        }
        steps.add("Size the pool to the memory: pm.max_children" + (maxChildren.isEmpty() ? "" : " (now " + maxChildren + ")")
                + " = memory available for PHP / average worker size (ps -C php-fpm8.x -o rss= | awk '{s+=$1} END "
                + "{print s/NR/1024 \" MB\"}'); raise it only as far as that allows, then restart PHP-FPM.");
        steps.add("Serve anonymous visitors from a full-page cache so fewer requests need a PHP worker at peak.");
        return steps;
    }

    public static List<String> seemsBusy() {
        return List.of(
                "Keep more idle workers ready for bursts: raise pm.start_servers, pm.min_spare_servers and "
                        + "pm.max_spare_servers (within pm.max_children), or use pm = static if memory allows.",
                "If 'server reached pm.max_children' follows, the pool itself is too small or its requests too slow.");
    }

    public static List<String> workerCrash(boolean sigkill, boolean segfault) {
        List<String> steps = new ArrayList<>();
        if (sigkill) {
            steps.add("SIGKILL is not sent by PHP-FPM: look for the kernel's OOM killer (dmesg -T | grep -i "
                    + "'killed process') and reduce memory use (fewer pm.max_children, lower memory_limit) or add RAM.");
        }
        if (segfault) {
            steps.add("SIGSEGV/SIGBUS/SIGABRT mean PHP or an extension crashed: update PHP and its extensions, try "
                    + "without opcache.jit and recently added extensions, and capture a core dump "
                    + "(coredumpctl) to name the culprit.");
        }
        steps.add("Set emergency_restart_threshold and emergency_restart_interval in php-fpm.conf so a crash loop "
                + "restarts the master instead of serving 502s.");
        return steps;
    }

    public static List<String> requestTimeout(String subject) {
        return List.of(
                "request_terminate_timeout killed these scripts"
                        + (attributable(subject) ? ", mostly " + subject : "") + ": find why they are slow (slowlog "
                        + "stack traces, Query Monitor) and fix that, or move long jobs to WP-CLI or cron.",
                "Keep request_terminate_timeout at or above max_execution_time and below nginx's fastcgi_read_timeout, "
                        + "so PHP reports its own error instead of the worker being killed mid-answer (a 502).");
    }

    public static List<String> clientNotAllowed(String addresses) {
        return List.of(
                "Add the address the web server connects from (" + addresses + ") to listen.allowed_clients in the "
                        + "pool's configuration, or remove the line when PHP-FPM listens on 127.0.0.1 or a unix "
                        + "socket anyway; then reload PHP-FPM.",
                "If the web server's address changes (containers, a new load balancer), prefer a unix socket or "
                        + "a firewall rule over a fixed allow-list.");
    }

    public static List<String> slowRequests(String subject) {
        List<String> steps = new ArrayList<>();
        if (attributable(subject)) {
            steps.add("Look at " + subject + " first: update it, check its settings (external API calls, "
                    + "related-content queries run on every page), cache its results, or replace it.");
        }
        steps.add("Read the slowlog stack traces (slowlog in the pool) to see the function each slow request was in; "
                + "external HTTP calls without a timeout and unindexed database queries are the usual reasons.");
        steps.add("Give external calls short timeouts and cache their answers, so one slow service cannot hold "
                + "every worker.");
        return steps;
    }

    public static List<String> startFailure(String detail) {
        List<String> steps = new ArrayList<>();
        steps.add("Test the configuration: php-fpm8.x -t (or php-fpm -t); the ERROR lines just before "
                + "'FPM initialization failed' name the problem.");
        if (detail.contains("Address already in use") || detail.contains("another PHP-FPM")) {
            steps.add("Something else already holds the address: find it (ss -ltnp / ss -lxp), stop the old "
                    + "PHP-FPM or change listen in the pool.");
        }
        if (detail.contains("No such file or directory")) {
            steps.add("The socket's directory is missing (e.g. /run/php after a reboot): create it, or set "
                    + "RuntimeDirectory=php in the PHP-FPM systemd unit.");
        }
        steps.add("Start it again (systemctl start php8.x-fpm) and check it stays up: systemctl status php8.x-fpm.");
        return steps;
    }

    public static List<String> stopped() {
        return List.of(
                "Check whether PHP-FPM runs now: systemctl status php8.x-fpm; start it and enable it at boot.",
                "If something stops it (a deploy script, logrotate with a wrong postrotate, an OOM kill of the "
                        + "master), fix that so it does not happen again.");
    }

    public static List<String> appError(String causeValue, String subject) {
        return switch (causeValue) {
            case "app.memory_exhausted" -> List.of(
                    "Find why the script needs so much memory" + (attributable(subject) ? " in " + subject : "")
                            + " (a query loading every post, a huge import).",
                    "Raise memory_limit (WP_MEMORY_LIMIT, php_admin_value[memory_limit]) only as a stopgap, keeping "
                            + "pm.max_children x memory_limit within the RAM available.");
            case "app.execution_timeout" -> List.of(
                    "Make the slow task faster or move it out of web requests (WP-CLI, cron)"
                            + (attributable(subject) ? ": " + subject : "") + ".",
                    "If it must run long, raise max_execution_time for it and keep request_terminate_timeout and "
                            + "fastcgi_read_timeout above it.");
            default -> List.of(
                    "Read the error: it names the file and line. Update, fix or deactivate "
                            + (attributable(subject) ? "the " + subject : "the code it names")
                            + " (wp plugin deactivate <slug>, or rename its folder).",
                    "After a PHP upgrade, check the plugin or theme supports the new PHP version.");
        };
    }
}
