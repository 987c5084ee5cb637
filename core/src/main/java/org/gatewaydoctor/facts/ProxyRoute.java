package org.gatewaydoctor.facts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One place where a web server or load balancer hands requests to an upstream: an nginx
 * {@code fastcgi_pass}/{@code proxy_pass}, an Apache {@code ProxyPass} or {@code SetHandler proxy:},
 * a HAProxy backend.
 *
 * @param server the server or virtual host name ({@code _} or {@code default} when it has none)
 * @param scope where in the server the route applies: an nginx location, an Apache path or
 *              handler pattern, a HAProxy backend name
 * @param protocol what the proxy speaks to the upstream
 * @param targets the addresses it connects to (several for an upstream group or backend); empty when
 *                they are only known at run time (a variable)
 * @param group the upstream group or backend name, or {@code ""} when the route names an address
 * @param readTimeout how long the proxy waits for the upstream's answer; {@link Duration#ZERO} when it
 *                    waits forever (HAProxy without {@code timeout server})
 * @param connectTimeout how long it waits to connect; {@link Duration#ZERO} when unlimited
 * @param file the configuration file of the directive
 * @param line its line
 */
public record ProxyRoute(String server, String scope, UpstreamProtocol protocol, List<Address> targets,
                         String group, Duration readTimeout, Duration connectTimeout, String file, int line) {
    public ProxyRoute {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(protocol, "protocol");
        targets = List.copyOf(targets);
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(file, "file");
    }

    /** {@code file:line} of the directive. */
    public String location() {
        return file + ":" + line;
    }
}
