package org.gatewaydoctor.springboot;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.micrometer.GatewayDoctorMetrics;
import org.gatewaydoctor.model.Target;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Watches the sites of {@code gateway-doctor.sites[n]} from a Spring Boot application: a
 * {@link SiteMonitor} diagnoses each in the background every {@code gateway-doctor.interval}; the health
 * contributor {@code gatewayDoctor} has one indicator per site; the {@code gatewaydoctor} actuator endpoint
 * serves the last diagnoses; {@link GatewayDoctorMetrics} is a {@code MeterBinder} bean, which Boot binds to its
 * registries. Switched off by {@code gateway-doctor.enabled=false}; each bean gives way to one of the
 * application's own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "gateway-doctor.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GatewayDoctorProperties.class)
public class GatewayDoctorAutoConfiguration {

    /** The engine: checks found on the class path, with the configured timeout, include, exclude and secrets. */
    @Bean
    @ConditionalOnMissingBean
    public GatewayDoctor gatewayDoctor(GatewayDoctorProperties properties) {
        return GatewayDoctor.builder()
                .timeout(properties.getTimeout())
                .include(properties.getInclude().toArray(String[]::new))
                .exclude(properties.getExclude().toArray(String[]::new))
                .secrets(properties.getSecrets().toArray(String[]::new))
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    public GatewayDoctorMetrics gatewayDoctorMetrics() {
        return new GatewayDoctorMetrics();
    }

    @Bean
    @ConditionalOnMissingBean
    public SiteMonitor gatewayDoctorSiteMonitor(GatewayDoctor doctor, GatewayDoctorProperties properties,
                                                ObjectProvider<GatewayDoctorMetrics> metrics) {
        List<MonitoredSite> sites = sites(properties);
        GatewayDoctorMetrics m = metrics.getIfAvailable();
        if (m != null) {
            sites.forEach(s -> m.watch(s.name()));
        }
        return new SiteMonitor(doctor, sites, properties.getInterval(), m == null ? null : m::record,
                Clock.systemUTC());
    }

    /** {@code gatewayDoctor} in {@code /actuator/health}, one component per site. */
    @Bean
    @ConditionalOnEnabledHealthIndicator("gatewaydoctor")
    @ConditionalOnMissingBean(name = "gatewayDoctorHealthContributor")
    public HealthContributor gatewayDoctorHealthContributor(SiteMonitor monitor) {
        if (monitor.sites().isEmpty()) {
            return (HealthIndicator) () -> Health.unknown()
                    .withDetail("sites", "none configured (gateway-doctor.sites[0].url=...)").build();
        }
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (MonitoredSite s : monitor.sites()) {
            indicators.put(s.name(), new SiteHealthIndicator(monitor, s.name()));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }

    @Bean
    @ConditionalOnAvailableEndpoint
    @ConditionalOnMissingBean
    public GatewayDoctorEndpoint gatewayDoctorEndpoint(SiteMonitor monitor) {
        return new GatewayDoctorEndpoint(monitor);
    }

    /** The configured sites as targets; a wrong value stops startup with the property it came from. */
    static List<MonitoredSite> sites(GatewayDoctorProperties properties) {
        List<MonitoredSite> sites = new ArrayList<>();
        List<GatewayDoctorProperties.Site> configured = properties.getSites();
        for (int i = 0; i < configured.size(); i++) {
            GatewayDoctorProperties.Site s = configured.get(i);
            String where = "gateway-doctor.sites[" + i + "]";
            try {
                Target.Builder b = Target.builder().url(s.getUrl()).logs(s.getLogs());
                s.getConfigs().forEach(b::config);
                s.getOptions().forEach(b::option);
                if (s.getZone() != null && !s.getZone().isBlank()) {
                    b.zone(ZoneId.of(s.getZone().strip()));
                }
                sites.add(new MonitoredSite(name(s, i), b.build()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return sites;
    }

    private static String name(GatewayDoctorProperties.Site s, int index) {
        if (s.getName() != null && !s.getName().isBlank()) {
            return s.getName().strip();
        }
        if (s.getUrl() != null && s.getUrl().getHost() != null) {
            return s.getUrl().getPort() < 0 ? s.getUrl().getHost() : s.getUrl().getHost() + ":" + s.getUrl().getPort();
        }
        return "site-" + index;
    }
}
