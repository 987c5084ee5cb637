package org.gatewaydoctor.checks.dns.internal;

import java.util.List;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.spi.Explanation;
import org.gatewaydoctor.spi.ExplanationProvider;

/**
 * What the DNS module knows about how a failing name produces another cause's evidence: HAProxy takes a server
 * whose name no longer resolves out of its farm (maintenance) once its hold time passes, and a backend with no
 * server left answers 503 and logs {@code <NOSRV>}, which reads as {@code proxy.no_healthy_upstream}; the name is
 * the cause.
 */
public final class DnsExplanations implements ExplanationProvider {

    @Override
    public List<Explanation> explanations() {
        return List.of(new Explanation(CauseCode.PROXY_UPSTREAM_DNS_FAILURE, CauseCode.PROXY_NO_HEALTHY_UPSTREAM,
                "HAProxy puts a server whose name no longer resolves in maintenance (its resolvers section, after "
                        + "'hold nx'); with no server left the backend answers 503 ('<NOSRV>')"));
    }
}
