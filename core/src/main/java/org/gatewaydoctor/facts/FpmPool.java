package org.gatewaydoctor.facts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A PHP-FPM pool as its configuration describes it, after defaults and {@code $pool} substitution.
 *
 * @param name the pool name ({@code [www]})
 * @param listen where it accepts FastCGI connections
 * @param owner {@code listen.owner} ({@code ""} when unset: the pool's user)
 * @param group {@code listen.group} ({@code ""} when unset)
 * @param mode {@code listen.mode} as octal text ({@code 0660} by default)
 * @param allowedClients {@code listen.allowed_clients}; empty means any
 * @param maxChildren {@code pm.max_children}
 * @param requestTerminateTimeout {@code request_terminate_timeout}; zero means off
 * @param maxExecutionTime PHP's {@code max_execution_time} set in the pool; zero when unset or off
 * @param file the file declaring the pool
 * @param line the line of its {@code [name]} header
 */
public record FpmPool(String name, Address listen, String owner, String group, String mode,
                      List<String> allowedClients, int maxChildren, Duration requestTerminateTimeout,
                      Duration maxExecutionTime, String file, int line) {
    public FpmPool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(mode, "mode");
        allowedClients = List.copyOf(allowedClients);
        Objects.requireNonNull(requestTerminateTimeout, "requestTerminateTimeout");
        Objects.requireNonNull(maxExecutionTime, "maxExecutionTime");
        Objects.requireNonNull(file, "file");
    }
}
