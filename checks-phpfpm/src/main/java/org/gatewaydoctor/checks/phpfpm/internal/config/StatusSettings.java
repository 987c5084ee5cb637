package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The pages PHP-FPM answers itself, over FastCGI on the pool's socket.
 *
 * @param statusPath {@code pm.status_path}, e.g. {@code /status}; query {@code ?json&full} for every worker
 * @param statusListen {@code pm.status_listen}: a separate socket for the status page (PHP 8.0+)
 * @param pingPath {@code ping.path}, e.g. {@code /ping}
 * @param pingResponse {@code ping.response}; "pong" by default when {@code ping.path} is set, and dropped by
 *     PHP-FPM when it is not
 */
public record StatusSettings(
        Optional<Setting<String>> statusPath,
        Optional<Setting<String>> statusListen,
        Optional<Setting<String>> pingPath,
        Optional<Setting<String>> pingResponse) {

    public StatusSettings {
        Objects.requireNonNull(statusPath, "statusPath");
        Objects.requireNonNull(statusListen, "statusListen");
        Objects.requireNonNull(pingPath, "pingPath");
        Objects.requireNonNull(pingResponse, "pingResponse");
    }
}
