package org.gatewaydoctor.facts;

import java.util.List;

/**
 * The value of {@link Facts#WEB_SERVERS}: every web server and load balancer whose configuration was read.
 *
 * @param servers in the order the target named them
 */
public record WebServers(List<WebServer> servers) {
    public WebServers {
        servers = List.copyOf(servers);
    }

    /** Every route of every server. */
    public List<ProxyRoute> routes() {
        return servers.stream().flatMap(s -> s.routes().stream()).toList();
    }
}
