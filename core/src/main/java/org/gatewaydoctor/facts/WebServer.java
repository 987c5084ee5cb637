package org.gatewaydoctor.facts;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A web server or load balancer as its configuration describes it.
 *
 * @param kind which software
 * @param config the main configuration file
 * @param user the user its workers run as ({@code ""} when the configuration does not say and the
 *             default is unknown); PHP-FPM's socket must let this user connect
 * @param group the workers' group, or {@code ""}
 * @param routes where it proxies to, in configuration order
 */
public record WebServer(Kind kind, Path config, String user, String group, List<ProxyRoute> routes) {

    /** The software. */
    public enum Kind { NGINX, APACHE, HAPROXY }

    public WebServer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        routes = List.copyOf(routes);
    }
}
