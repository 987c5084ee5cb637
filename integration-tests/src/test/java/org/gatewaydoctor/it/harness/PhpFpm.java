package org.gatewaydoctor.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PHP-FPM 8.2 ({@code /usr/sbin/php-fpm8.2}) in a stack: its own {@code fpm/php-fpm.conf}
 * (no php.ini: {@code -n}), in the foreground, logging to {@code logs/php-fpm.log}, workers as
 * {@code www-data}.
 *
 * <pre>{@code
 * String conf = PhpFpm.config(stack, "unix:" + stack.path("run/www.sock"), "pm.max_children = 1");
 * Server fpm = PhpFpm.start(stack, conf);
 * }</pre>
 */
public final class PhpFpm {

    public static final String BINARY = "/usr/sbin/php-fpm8.2";

    private PhpFpm() {
    }

    /** The path of the configuration file {@link #start} writes. */
    public static Path configFile(Stack stack) {
        return stack.path("fpm/php-fpm.conf");
    }

    /**
     * A configuration with one pool {@code www} listening on {@code listen} (a path, or host:port), static
     * with 2 workers, ping and status pages, a slowlog; {@code poolLines} are appended to the pool and win
     * over the defaults above them (later keys override earlier ones in PHP-FPM).
     */
    public static String config(Stack stack, String listen, String... poolLines) {
        List<String> lines = new ArrayList<>(List.of(
                "[global]",
                "pid = " + stack.path("run/php-fpm.pid"),
                "error_log = " + stack.logs().resolve("php-fpm.log"),
                "log_level = notice",
                "daemonize = no",
                "",
                "[www]",
                "user = www-data",
                "group = www-data",
                "listen = " + listen,
                "listen.owner = www-data",
                "listen.group = www-data",
                "listen.mode = 0660",
                "pm = static",
                "pm.max_children = 2",
                "ping.path = /ping",
                "pm.status_path = /status",
                "slowlog = " + stack.logs().resolve("php-fpm-slow.log"),
                "request_slowlog_timeout = 1s",
                "catch_workers_output = yes",
                "decorate_workers_output = no"));
        lines.addAll(List.of(poolLines));
        return String.join("\n", lines) + "\n";
    }

    /** Writes {@code config} and starts PHP-FPM; waits until {@code readyWhen} accepts connections. */
    public static Server start(Stack stack, String config, Path socket) {
        Server s = launch(stack, config);
        Wait.until("PHP-FPM on " + socket + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> Wait.listening(socket));
        return s;
    }

    /** As {@link #start(Stack, String, Path)} on a TCP port of 127.0.0.1. */
    public static Server start(Stack stack, String config, int port) {
        Server s = launch(stack, config);
        Wait.until("PHP-FPM on port " + port + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> Wait.listening(port));
        return s;
    }

    /** Writes {@code config} and starts PHP-FPM without waiting (for start failures). */
    public static Server launch(Stack stack, String config) {
        Path conf = stack.write("fpm/php-fpm.conf", config);
        return stack.start("php-fpm", List.of(BINARY, "-n", "-F", "-R", "-y", conf.toString()));
    }
}
