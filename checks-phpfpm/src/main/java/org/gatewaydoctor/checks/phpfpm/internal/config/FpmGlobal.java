package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [global]} section (and anything before the first section).
 *
 * @param pid {@code pid}, resolved against the prefix (else {@code /var})
 * @param errorLog the master's {@code error_log}: a path resolved like {@code pid}, or "syslog"; PHP-FPM's
 *     default is {@code log/php-fpm.log} under that directory
 * @param logLevel {@code log_level} (default notice)
 * @param emergencyRestartThreshold {@code emergency_restart_threshold} (default 0: off)
 * @param emergencyRestartInterval {@code emergency_restart_interval} (default 0: off)
 * @param processControlTimeout {@code process_control_timeout} (default 0)
 * @param processMax {@code process.max} (default 0: no limit across pools)
 * @param daemonize {@code daemonize} (default yes; Debian's systemd unit forces foreground)
 */
public record FpmGlobal(
        Optional<Setting<String>> pid,
        Setting<String> errorLog,
        Setting<String> logLevel,
        Setting<Integer> emergencyRestartThreshold,
        Setting<Duration> emergencyRestartInterval,
        Setting<Duration> processControlTimeout,
        Setting<Integer> processMax,
        Setting<Boolean> daemonize) {

    public FpmGlobal {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(errorLog, "errorLog");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(emergencyRestartThreshold, "emergencyRestartThreshold");
        Objects.requireNonNull(emergencyRestartInterval, "emergencyRestartInterval");
        Objects.requireNonNull(processControlTimeout, "processControlTimeout");
        Objects.requireNonNull(processMax, "processMax");
        Objects.requireNonNull(daemonize, "daemonize");
    }
}
