package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pool does with requests and their output.
 *
 * @param terminateTimeout {@code request_terminate_timeout}; 0 (the default) means never
 * @param slowlogTimeout {@code request_slowlog_timeout}; 0 (the default) means off
 * @param slowlog {@code slowlog}, resolved against the prefix
 * @param slowlogTraceDepth {@code request_slowlog_trace_depth} (default 20)
 * @param catchWorkersOutput {@code catch_workers_output} (default no: workers' stdout/stderr go to /dev/null)
 * @param decorateWorkersOutput {@code decorate_workers_output} (default yes)
 * @param clearEnv {@code clear_env} (default yes)
 * @param accessLog {@code access.log}, resolved against the prefix
 * @param securityLimitExtensions {@code security.limit_extensions} (default ".php .phar")
 */
public record RequestSettings(
        Setting<Duration> terminateTimeout,
        Setting<Duration> slowlogTimeout,
        Optional<Setting<String>> slowlog,
        Setting<Integer> slowlogTraceDepth,
        Setting<Boolean> catchWorkersOutput,
        Setting<Boolean> decorateWorkersOutput,
        Setting<Boolean> clearEnv,
        Optional<Setting<String>> accessLog,
        Setting<String> securityLimitExtensions) {

    public RequestSettings {
        Objects.requireNonNull(terminateTimeout, "terminateTimeout");
        Objects.requireNonNull(slowlogTimeout, "slowlogTimeout");
        Objects.requireNonNull(slowlog, "slowlog");
        Objects.requireNonNull(slowlogTraceDepth, "slowlogTraceDepth");
        Objects.requireNonNull(catchWorkersOutput, "catchWorkersOutput");
        Objects.requireNonNull(decorateWorkersOutput, "decorateWorkersOutput");
        Objects.requireNonNull(clearEnv, "clearEnv");
        Objects.requireNonNull(accessLog, "accessLog");
        Objects.requireNonNull(securityLimitExtensions, "securityLimitExtensions");
    }
}
