package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool's process manager: {@code pm} and {@code pm.*}, as PHP-FPM uses them after its own adjustments
 * ({@code pm.start_servers} derived when unset for {@code dynamic}; spare and start counts 0 for
 * {@code ondemand}).
 *
 * @param style {@code pm}; empty when missing (PHP-FPM refuses that)
 * @param maxChildren {@code pm.max_children}; empty when missing (PHP-FPM refuses that)
 * @param startServers {@code pm.start_servers}
 * @param minSpareServers {@code pm.min_spare_servers}
 * @param maxSpareServers {@code pm.max_spare_servers}
 * @param maxSpawnRate {@code pm.max_spawn_rate} (default 32)
 * @param processIdleTimeout {@code pm.process_idle_timeout} (default 10s; ondemand only)
 * @param maxRequests {@code pm.max_requests} (default 0: workers are never recycled)
 */
public record PmSettings(
        Optional<Setting<ProcessManager>> style,
        Optional<Setting<Integer>> maxChildren,
        Setting<Integer> startServers,
        Setting<Integer> minSpareServers,
        Setting<Integer> maxSpareServers,
        Setting<Integer> maxSpawnRate,
        Setting<Duration> processIdleTimeout,
        Setting<Integer> maxRequests) {

    public PmSettings {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(maxChildren, "maxChildren");
        Objects.requireNonNull(startServers, "startServers");
        Objects.requireNonNull(minSpareServers, "minSpareServers");
        Objects.requireNonNull(maxSpareServers, "maxSpareServers");
        Objects.requireNonNull(maxSpawnRate, "maxSpawnRate");
        Objects.requireNonNull(processIdleTimeout, "processIdleTimeout");
        Objects.requireNonNull(maxRequests, "maxRequests");
    }
}
