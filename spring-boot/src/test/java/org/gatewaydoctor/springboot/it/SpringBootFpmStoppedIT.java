package org.gatewaydoctor.springboot.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot application (Tomcat on a random port of 127.0.0.1, actuator, Prometheus registry) that
 * watches a real nginx → PHP-FPM site whose PHP-FPM was stopped: health, the endpoint and the meters.
 */
class SpringBootFpmStoppedIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthIsDownWithPhpFpmDownAndTheMetersCountIt() throws IOException {
        try (Stack stack = Stack.create("boot-fpm-stopped")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server fpm = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = Ports.free();
            Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, """
                    index index.php;
                    location ~ \\.php$ {
                        fastcgi_pass unix:%s;
                    %s}
                    """.formatted(socket, Nginx.fastcgiParams().indent(4)))), port);
            URI site = Http.url(port, "/index.php");
            assertEquals(200, Http.get(site).status(), stack.outputs());
            fpm.close();
            assertEquals(502, Http.get(site).status(), "nginx answers 502 once PHP-FPM is gone");
            Path resolvConf = stack.write("resolv.conf", "# DNS stays on the loopback\nnameserver 127.0.0.1\n");

            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MonitoringApp.class).properties(
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
                    "gateway-doctor.sites[0].options[dns.resolv-conf]=" + resolvConf).run()) {
                int appPort = ((WebServerApplicationContext) app).getWebServer().getPort();
                URI health = Http.url(appPort, "/actuator/health");
                Wait.until("a first diagnosis of shop in " + health, Duration.ofSeconds(90),
                        () -> !shop(health).path("status").asText().equals("UNKNOWN"));

                JsonNode whole = JSON.readTree(get(health));
                JsonNode shop = whole.path("components").path("gatewayDoctor").path("components").path("shop");
                assertAll(() -> assertEquals("DOWN", whole.path("status").asText(), whole.toPrettyString()),
                        () -> assertEquals("DOWN", shop.path("status").asText(), shop.toPrettyString()),
                        () -> assertEquals(CauseCode.PHPFPM_DOWN.value(), shop.path("details").path("cause").asText(),
                                shop.toPrettyString()),
                        () -> assertEquals(Layer.PHP_FPM.name(), shop.path("details").path("failingHop").asText(),
                                shop.toPrettyString()),
                        () -> assertEquals("FAILING", shop.path("details").path("verdict").asText()),
                        () -> assertEquals(site.toString(), shop.path("details").path("url").asText()));

                String body = get(Http.url(appPort, "/actuator/gatewaydoctor/shop"));
                assertEquals(Set.of(), schemaProblems(body), body);
                Diagnosis served = DiagnosisJson.read(body);
                assertEquals(CauseCode.PHPFPM_DOWN, served.topCause().orElseThrow().code(), body);
                assertEquals(Layer.PHP_FPM, served.failingLayer());
                JsonNode all = JSON.readTree(get(Http.url(appPort, "/actuator/gatewaydoctor")));
                assertEquals("phpfpm.down", all.path("shop").path("causes").path(0).path("code").asText(), all.toString());

                // The schedule goes on: a second diagnosis ends and is counted too.
                URI prometheus = Http.url(appPort, "/actuator/prometheus");
                Wait.until("two diagnoses of shop counted in " + prometheus, Duration.ofSeconds(90),
                        () -> value(get(prometheus), "gateway_doctor_diagnosis_duration_seconds_count{site=\"shop\"}") >= 2);
                String scrape = get(prometheus);
                assertAll(
                        () -> assertTrue(value(scrape, "gateway_doctor_cause_total{code=\"phpfpm.down\",site=\"shop\"}") >= 1,
                                scrape),
                        () -> assertTrue(value(scrape, "gateway_doctor_top_cause_total{code=\"phpfpm.down\",site=\"shop\"}") >= 1,
                                scrape),
                        () -> assertEquals(2.0, value(scrape, "gateway_doctor_verdict{site=\"shop\"}"), scrape),
                        () -> assertTrue(value(scrape,
                                "gateway_doctor_check_duration_seconds_count{check=\"http.probe\",outcome=\"findings\",site=\"shop\"}") >= 1,
                                scrape));
            }
        }
    }

    private static JsonNode shop(URI health) {
        try {
            return JSON.readTree(get(health)).path("components").path("gatewayDoctor").path("components").path("shop");
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static String get(URI url) {
        Http.Response r = Http.get(url, Duration.ofSeconds(10));
        // /actuator/health answers 503 while a component is DOWN: the body is what counts here.
        assertTrue(r.status() == 200 || r.status() == 503, url + " answered " + r.status() + ": " + r.body());
        return r.body();
    }

    /** The value of one sample line of a Prometheus scrape, NaN when the line is absent. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static Set<String> schemaProblems(String json) throws IOException {
        try (InputStream in = DiagnosisJson.schema()) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            return schema.validate(JSON.readTree(json)).stream().map(ValidationMessage::toString)
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
