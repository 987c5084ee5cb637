package org.gatewaydoctor.checks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.checks.dns.internal.DnsExplanations;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.spi.ExplanationProvider;
import org.junit.jupiter.api.Test;

/** The DNS module's explanation pair is found with ServiceLoader and accepted by the ranking's relation. */
class DnsExplanationsTest {

    @Test
    void aFailingUpstreamNameExplainsABackendWithoutServers() {
        List<ExplanationProvider> found = ServiceLoader.load(ExplanationProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p instanceof DnsExplanations).toList();
        assertEquals(1, found.size());
        assertTrue(found.get(0).explanations().stream().anyMatch(e -> e.cause() == CauseCode.PROXY_UPSTREAM_DNS_FAILURE
                && e.explained() == CauseCode.PROXY_NO_HEALTHY_UPSTREAM), found.get(0).explanations().toString());
    }

    @Test
    void thePairClosesNoCycleWithTheBuiltInOnes() {
        // a pair that would close a cycle is dropped and reported as a discovery issue
        assertEquals(List.of(), GatewayDoctor.builder().build().discoveryIssues().stream()
                .filter(i -> i.subject().contains(CauseCode.PROXY_UPSTREAM_DNS_FAILURE.value())).toList());
    }
}
