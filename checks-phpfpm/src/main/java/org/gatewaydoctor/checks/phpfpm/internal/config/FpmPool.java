package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One pool ({@code [www]}) as PHP-FPM runs it.
 *
 * <pre>{@code
 * FpmPool www = config.pool("www").orElseThrow();
 * www.listen().address();                 // unix:/run/php/php8.2-fpm.sock (/etc/php/8.2/fpm/pool.d/www.conf:41)
 * www.pm().maxChildren();                 // 5 (www.conf:115)
 * www.requests().terminateTimeout();      // PT0S (php-fpm default: never)
 * www.maxExecutionTime();                 // empty: php.ini decides
 * }</pre>
 *
 * @param name the section name, as first written (PHP-FPM matches sections case-insensitively)
 * @param origin the line that opened the section first
 * @param prefix {@code prefix}, resolved
 * @param user {@code user}; PHP-FPM refuses a pool without one when the master runs as root (unless -R)
 * @param group {@code group}; unset means the user's group
 * @param chroot {@code chroot}
 * @param chdir {@code chdir} ({@code $prefix} expanded, resolved)
 * @param listen the socket
 * @param pm the process manager
 * @param requests timeouts, slowlog and worker output
 * @param status the status and ping pages
 * @param php the {@code php_value}/{@code php_flag}/{@code php_admin_value}/{@code php_admin_flag} lines, in
 *     the order written
 * @param env the {@code env[NAME]} lines, in the order written
 */
public record FpmPool(
        String name,
        Origin origin,
        Optional<Setting<String>> prefix,
        Optional<Setting<String>> user,
        Optional<Setting<String>> group,
        Optional<Setting<String>> chroot,
        Optional<Setting<String>> chdir,
        ListenSettings listen,
        PmSettings pm,
        RequestSettings requests,
        StatusSettings status,
        List<PhpIniSetting> php,
        List<PhpIniSetting> env) {

    public FpmPool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(chroot, "chroot");
        Objects.requireNonNull(chdir, "chdir");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(pm, "pm");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(status, "status");
        php = List.copyOf(php);
        env = List.copyOf(env);
    }

    /**
     * The pool's setting for a PHP ini key, as a worker ends up with it: PHP-FPM applies the
     * {@code php_value}s, then the {@code php_admin_value}s (which win), each list from the last line written
     * to the first, so for a key written twice the first line wins.
     *
     * @return the winning line, or empty when the pool leaves the key to php.ini
     */
    public Optional<PhpIniSetting> php(String key) {
        Optional<PhpIniSetting> admin = php.stream().filter(p -> p.admin() && p.key().equals(key)).findFirst();
        if (admin.isPresent()) {
            return admin;
        }
        return php.stream().filter(p -> !p.admin() && p.key().equals(key)).findFirst();
    }

    /**
     * {@code max_execution_time} set by the pool (0 means no limit); empty when php.ini decides (PHP's
     * built-in default is 30s) or the value is unreadable. A {@code php_value} (not admin) can still be changed
     * by the script ({@code set_time_limit()}).
     */
    public Optional<Setting<Duration>> maxExecutionTime() {
        return php("max_execution_time").flatMap(p -> {
            FpmValues.Read<Long> r = FpmValues.phpLong(p.value());
            return r.failed() ? Optional.empty() : Optional.of(p.asSetting().with(Duration.ofSeconds(r.value())));
        });
    }

    /** {@code memory_limit} set by the pool, in bytes (-1: no limit); empty when php.ini decides or unreadable. */
    public Optional<Setting<Long>> memoryLimit() {
        return php("memory_limit").flatMap(p -> {
            FpmValues.Read<Long> r = FpmValues.quantity(p.value());
            return r.failed() ? Optional.empty() : Optional.of(p.asSetting().with(r.value()));
        });
    }

    /** The PHP {@code error_log} the pool sets (a path resolved against the prefix, or "syslog"). */
    public Optional<Setting<String>> errorLog() {
        return php("error_log").map(PhpIniSetting::asSetting);
    }
}
