package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.Locale;
import java.util.Optional;

/** The {@code pm} setting: how a pool sizes itself. */
public enum ProcessManager {
    /** {@code pm.max_children} workers, always. */
    STATIC,
    /**
     * Between {@code pm.min_spare_servers} and {@code pm.max_spare_servers} idle workers, at most
     * {@code pm.max_children}.
     */
    DYNAMIC,
    /** Workers forked on demand, stopped after {@code pm.process_idle_timeout}. */
    ONDEMAND;

    /** The name as written in the configuration and in the status page. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** PHP-FPM's reading (case-insensitive), or empty for anything else. */
    public static Optional<ProcessManager> parse(String value) {
        for (ProcessManager pm : values()) {
            if (pm.configName().equalsIgnoreCase(value)) {
                return Optional.of(pm);
            }
        }
        return Optional.empty();
    }
}
