package org.gatewaydoctor.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.micrometer.GatewayDoctorMetrics;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the auto-configuration makes of the gateway-doctor.* properties (no web server: a plain context). */
class GatewayDoctorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GatewayDoctorAutoConfiguration.class));

    @Test
    void bindsEachSiteToATargetWithItsLogsConfigsAndOptions() {
        runner.withPropertyValues(
                "gateway-doctor.interval=1h",
                "gateway-doctor.sites[0].name=shop",
                "gateway-doctor.sites[0].url=http://127.0.0.1:8080/",
                "gateway-doctor.sites[0].logs=/var/log/nginx,/var/log/php8.2-fpm.log",
                "gateway-doctor.sites[0].configs.nginx=/etc/nginx/nginx.conf",
                "gateway-doctor.sites[0].configs.php-fpm=/etc/php/8.2/fpm/php-fpm.conf",
                "gateway-doctor.sites[0].options[logs.since]=2026-11-21T09:00:00Z",
                "gateway-doctor.sites[0].zone=Europe/Berlin",
                "gateway-doctor.sites[1].url=http://127.0.0.1:8081/blog/").run(ctx -> {
                    assertNull(ctx.getStartupFailure());
                    SiteMonitor monitor = ctx.getBean(SiteMonitor.class);
                    assertEquals(2, monitor.sites().size());
                    Target shop = monitor.sites().get(0).target();
                    assertEquals("shop", monitor.sites().get(0).name());
                    assertEquals(URI.create("http://127.0.0.1:8080/"), shop.url());
                    assertEquals(java.util.List.of(Path.of("/var/log/nginx"), Path.of("/var/log/php8.2-fpm.log")), shop.logs());
                    assertEquals(Path.of("/etc/php/8.2/fpm/php-fpm.conf"), shop.configs().get(Target.CONFIG_PHP_FPM));
                    assertEquals(Path.of("/etc/nginx/nginx.conf"), shop.configs().get(Target.CONFIG_NGINX));
                    assertEquals("2026-11-21T09:00:00Z", shop.options().get(Target.OPTION_SINCE));
                    assertEquals(java.time.ZoneId.of("Europe/Berlin"), shop.zone());
                    assertEquals("127.0.0.1:8081", monitor.sites().get(1).name(), "a site without a name is named by host:port");
                    assertTrue(ctx.containsBean("gatewayDoctorHealthContributor"));
                    assertNotNull(ctx.getBean(GatewayDoctorMetrics.class));
                    assertNotNull(ctx.getBean(GatewayDoctor.class));
                });
    }

    @Test
    void aUrlThatIsNotHttpStopsStartupNamingTheProperty() {
        runner.withPropertyValues("gateway-doctor.sites[0].url=ftp://127.0.0.1/").run(ctx -> {
            Throwable failure = ctx.getStartupFailure();
            assertNotNull(failure);
            assertTrue(messages(failure).contains("gateway-doctor.sites[0]: the URL must be http:// or https://, got 'ftp://127.0.0.1/'"),
                    messages(failure));
        });
    }

    @Test
    void aSiteWithNothingToDiagnoseStopsStartup() {
        runner.withPropertyValues("gateway-doctor.sites[0].name=empty").run(ctx -> {
            assertTrue(messages(ctx.getStartupFailure()).contains(
                    "gateway-doctor.sites[0]: site 'empty' has nothing to diagnose: give it a url, logs or configs"),
                    messages(ctx.getStartupFailure()));
        });
    }

    @Test
    void enabledFalseLeavesEverythingOut() {
        runner.withPropertyValues("gateway-doctor.enabled=false", "gateway-doctor.sites[0].url=http://127.0.0.1/")
                .run(ctx -> {
                    assertFalse(ctx.containsBean("gatewayDoctorSiteMonitor"));
                    assertFalse(ctx.containsBean("gatewayDoctorHealthContributor"));
                });
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }
}
