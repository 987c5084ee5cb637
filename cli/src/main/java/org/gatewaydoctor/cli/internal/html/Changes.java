package org.gatewaydoctor.cli.internal.html;

import java.util.List;
import java.util.Optional;

/**
 * Which dated evidence is a change to the stack, drawn as a marker on the incident chart: a server
 * (re)started, reloaded or stopped, or a plugin or theme changed on disk. Recognised by the texts the
 * software itself writes, and by the WordPress checks' "... changed at ..." observations.
 */
final class Changes {

    /** A text the software writes when it changes state, and what it means. */
    private record Marker(String literal, String meaning) {
    }

    private static final List<Marker> MARKERS = List.of(
            // nginx, src/os/unix/ngx_process_cycle.c and src/core/nginx.c (notice level)
            new Marker("signal process started", "nginx signalled (nginx -s reload/reopen/stop)"),
            new Marker("reconfiguring", "nginx reloads its configuration"),
            new Marker("gracefully shutting down", "nginx shuts down"),
            // PHP-FPM, sapi/fpm/fpm/fpm_events.c (ready, Reloading in progress ...) and fpm_process_ctl.c (exiting, bye-bye!)
            new Marker("ready to handle connections", "PHP-FPM started"),
            new Marker("exiting, bye-bye!", "PHP-FPM stopped"),
            new Marker("Reloading in progress", "PHP-FPM reloads"),
            // Apache httpd, server/mpm/event/event.c and prefork.c (AH00489/AH00163 ... resuming normal operations)
            new Marker("resuming normal operations", "Apache (re)started"),
            new Marker("caught SIGTERM, shutting down", "Apache stopped"),
            new Marker("Attempting to restart", "Apache restarts"),
            new Marker("Doing graceful restart", "Apache restarts gracefully"),
            new Marker("shutting down gracefully", "Apache stops gracefully"),
            // MariaDB/MySQL, sql/mysqld.cc
            new Marker("ready for connections", "the database started"),
            new Marker("Shutdown complete", "the database stopped"),
            // HAProxy 1.8-2.x, src/haproxy.c mworker_reexec() (a reload in master-worker mode)
            new Marker("Reexecuting Master process", "HAProxy reloads"));

    private Changes() {
    }

    /** What the change is, when {@code text} records one. */
    static Optional<String> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.contains(" changed at ")) {
            return Optional.of("changed: " + text);
        }
        for (Marker m : MARKERS) {
            if (text.contains(m.literal())) {
                return Optional.of(m.meaning());
            }
        }
        return Optional.empty();
    }
}
