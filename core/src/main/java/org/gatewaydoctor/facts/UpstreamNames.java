package org.gatewaydoctor.facts;

import java.util.List;

/**
 * The value of {@link Facts#UPSTREAM_NAMES}: every host name the proxy layer resolves, in configuration order.
 *
 * @param names one entry per directive that names a host
 */
public record UpstreamNames(List<UpstreamName> names) {
    public UpstreamNames {
        names = List.copyOf(names);
    }
}
