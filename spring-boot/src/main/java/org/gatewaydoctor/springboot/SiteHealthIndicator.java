package org.gatewaydoctor.springboot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.RankedCause;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one monitored site, from its last diagnosis (never running one itself):
 * <ul>
 *   <li>{@code HEALTHY} → {@code UP}; {@code DEGRADED} → {@code UP} with {@code verdict: DEGRADED} (visitors
 *       are at most sometimes affected: watch the meters or the details);</li>
 *   <li>{@code FAILING} → {@code DOWN};</li>
 *   <li>{@code INCONCLUSIVE} → {@code OUT_OF_SERVICE} (the diagnosis could not decide);</li>
 *   <li>no diagnosis finished yet → {@code UNKNOWN}.</li>
 * </ul>
 * Details: {@code url}, {@code verdict}, {@code headline}, {@code cause} (the top cause code),
 * {@code failingHop} and {@code failingHopReason}, {@code hops} (each hop's state in path order),
 * {@code diagnosedAt}, {@code elapsedMillis}; all taken from the
 * redacted diagnosis.
 */
public final class SiteHealthIndicator implements HealthIndicator {

    private final SiteMonitor monitor;
    private final String site;

    public SiteHealthIndicator(SiteMonitor monitor, String site) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.site = Objects.requireNonNull(site, "site");
    }

    @Override
    public Health health() {
        SiteStatus status = monitor.status(site).orElse(null);
        if (status == null) {
            return Health.unknown().withDetail("site", site).withDetail("state", "not monitored").build();
        }
        Diagnosis d = status.last();
        if (d == null) {
            Health.Builder b = Health.unknown().withDetail("state", "first diagnosis running");
            if (status.failure() != null) {
                b.withDetail("lastFailure", status.failure());
            }
            return b.build();
        }
        Health.Builder b = new Health.Builder(status(d));
        Map<String, Object> details = new LinkedHashMap<>();
        d.target().urlOption().ifPresent(u -> details.put("url", u.toString()));
        details.put("verdict", d.verdict().name());
        details.put("headline", d.headline());
        d.topCause().map(RankedCause::code).ifPresent(c -> details.put("cause", c.value()));
        d.failingHop().ifPresent(layer -> {
            details.put("failingHop", layer.name());
            d.hop(layer).map(PathHop::reason).filter(r -> !r.isEmpty())
                    .ifPresent(r -> details.put("failingHopReason", r));
        });
        if (!d.hops().isEmpty()) {
            Map<String, String> hops = new LinkedHashMap<>();
            d.hops().forEach(h -> hops.put(h.layer().name(), h.state().name()));
            details.put("hops", hops);
        }
        details.put("diagnosedAt", d.startedAt().toString());
        details.put("elapsedMillis", d.elapsed().toMillis());
        if (status.failure() != null) {
            details.put("lastFailure", status.failure());
        }
        return b.withDetails(details).build();
    }

    /** The health status a diagnosis maps to. */
    static Status status(Diagnosis d) {
        return switch (d.verdict()) {
            case HEALTHY, DEGRADED -> Status.UP;
            case FAILING -> Status.DOWN;
            case INCONCLUSIVE -> Status.OUT_OF_SERVICE;
        };
    }
}
