package org.gatewaydoctor.cli.internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.model.DiscoveryIssue;

/**
 * The JSON of {@code gateway-doctor checks --format json}.
 *
 * @param checks the checks found, by layer then id
 * @param discoveryIssues problems met finding them
 */
@JsonPropertyOrder({"checks", "discoveryIssues"})
public record CheckListing(List<CheckInfo> checks, List<DiscoveryIssue> discoveryIssues) {
    public CheckListing {
        checks = List.copyOf(checks);
        discoveryIssues = List.copyOf(discoveryIssues);
    }
}
