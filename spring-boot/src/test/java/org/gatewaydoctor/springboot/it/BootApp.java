package org.gatewaydoctor.springboot.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link MonitoringApp} started for real (Tomcat on a free port of 127.0.0.1, actuator, Prometheus) watching
 * one site {@code shop} of a stack: its URL, nginx's and PHP-FPM's configuration files, DNS kept on the loopback.
 */
final class BootApp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigurableApplicationContext context;
    private final int port;

    private BootApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static BootApp watching(Stack stack, URI site, String... more) {
        Path resolvConf = stack.write("resolv.conf", "# DNS stays on the loopback\nnameserver 127.0.0.1\n");
        List<String> properties = new ArrayList<>(List.of(
                "server.address=127.0.0.1",
                "server.port=0",
                "spring.main.banner-mode=off",
                "management.endpoints.web.exposure.include=health,gatewaydoctor,prometheus",
                "management.endpoint.health.show-details=always",
                "gateway-doctor.interval=1s",
                "gateway-doctor.timeout=40s",
                "gateway-doctor.sites[0].name=shop",
                "gateway-doctor.sites[0].url=" + site,
                "gateway-doctor.sites[0].configs.nginx=" + Nginx.configFile(stack),
                "gateway-doctor.sites[0].configs.php-fpm=" + PhpFpm.configFile(stack),
                "gateway-doctor.sites[0].options[dns.resolv-conf]=" + resolvConf));
        properties.addAll(List.of(more));
        return new BootApp(new SpringApplicationBuilder(MonitoringApp.class)
                .properties(properties.toArray(String[]::new)).run());
    }

    URI url(String path) {
        return Http.url(port, path);
    }

    /** Waits until the site's health component has a result, then returns {@code /actuator/health} whole. */
    JsonNode healthOnceDiagnosed() {
        URI health = url("/actuator/health");
        Wait.until("a first diagnosis of shop in " + health, Duration.ofSeconds(90),
                () -> !shop(json(health)).path("status").asText("UNKNOWN").equals("UNKNOWN"));
        return json(health);
    }

    static JsonNode shop(JsonNode health) {
        return health.path("components").path("gatewayDoctor").path("components").path("shop");
    }

    String get(String path) {
        return get(url(path));
    }

    static String get(URI url) {
        Http.Response r = Http.get(url, Duration.ofSeconds(10));
        // /actuator/health answers 503 while a component is DOWN: the body is what counts here.
        assertTrue(r.status() == 200 || r.status() == 503, url + " answered " + r.status() + ": " + r.body());
        return r.body();
    }

    static JsonNode json(URI url) {
        try {
            return JSON.readTree(get(url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the Prometheus series has reached {@code atLeast}, then returns the whole scrape. */
    String scrapeOnce(String series, double atLeast) {
        URI prometheus = url("/actuator/prometheus");
        Wait.until(series + " >= " + atLeast + " in " + prometheus, Duration.ofSeconds(120),
                () -> value(get(prometheus), series) >= atLeast);
        return get(prometheus);
    }

    /** The value of one sample line of a Prometheus scrape, NaN when the line is absent. */
    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Override
    public void close() {
        context.close();
    }
}
