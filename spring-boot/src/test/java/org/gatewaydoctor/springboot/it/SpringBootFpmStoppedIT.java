package org.gatewaydoctor.springboot.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;

/**
 * A real Spring Boot application watching a real nginx → PHP-FPM site whose PHP-FPM was stopped: health, the
 * endpoint and the meters.
 */
class SpringBootFpmStoppedIT {

    @Test
    void healthIsDownWithPhpFpmDownAndTheMetersCountIt() throws IOException {
        try (Stack stack = Stack.create("boot-fpm-stopped")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            Server fpm = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = nginx(stack, socket);
            URI site = Http.url(port, "/index.php");
            assertEquals(200, Http.get(site).status(), stack.outputs());
            fpm.close();
            assertEquals(502, Http.get(site).status(), "nginx answers 502 once PHP-FPM is gone");

            try (BootApp app = BootApp.watching(stack, site)) {
                JsonNode whole = app.healthOnceDiagnosed();
                JsonNode shop = BootApp.shop(whole);
                assertAll(() -> assertEquals("DOWN", whole.path("status").asText(), whole.toPrettyString()),
                        () -> assertEquals("DOWN", shop.path("status").asText(), shop.toPrettyString()),
                        () -> assertEquals(CauseCode.PHPFPM_DOWN.value(), shop.path("details").path("cause").asText(),
                                shop.toPrettyString()),
                        () -> assertEquals(Layer.PHP_FPM.name(), shop.path("details").path("failingHop").asText(),
                                shop.toPrettyString()),
                        () -> assertEquals("FAILING", shop.path("details").path("hops").path("PHP_FPM").asText(),
                                shop.toPrettyString()),
                        () -> assertEquals("FAILING", shop.path("details").path("verdict").asText()),
                        () -> assertEquals(site.toString(), shop.path("details").path("url").asText()));

                String body = app.get("/actuator/gatewaydoctor/shop");
                assertEquals(Set.of(), schemaProblems(body), body);
                Diagnosis served = DiagnosisJson.read(body);
                assertEquals(CauseCode.PHPFPM_DOWN, served.topCause().orElseThrow().code(), body);
                assertEquals(Layer.PHP_FPM, served.failingLayer());
                JsonNode all = BootApp.JSON.readTree(app.get("/actuator/gatewaydoctor"));
                assertEquals("phpfpm.down", all.path("shop").path("causes").path(0).path("code").asText(), all.toString());

                // The schedule goes on: a second diagnosis ends and is counted too.
                String scrape = app.scrapeOnce("gateway_doctor_diagnosis_duration_seconds_count{site=\"shop\"}", 2);
                assertAll(
                        () -> assertTrue(BootApp.value(scrape, "gateway_doctor_cause_total{code=\"phpfpm.down\",site=\"shop\"}") >= 1,
                                scrape),
                        () -> assertTrue(BootApp.value(scrape, "gateway_doctor_top_cause_total{code=\"phpfpm.down\",site=\"shop\"}") >= 1,
                                scrape),
                        () -> assertEquals(2.0, BootApp.value(scrape, "gateway_doctor_verdict{site=\"shop\"}"), scrape),
                        () -> assertTrue(BootApp.value(scrape,
                                "gateway_doctor_check_duration_seconds_count{check=\"http.probe\",outcome=\"findings\",site=\"shop\"}") >= 1,
                                scrape));
            }
        }
    }

    /** nginx on a free port of 127.0.0.1 passing {@code .php} to PHP-FPM's unix socket. */
    static int nginx(Stack stack, Path socket) {
        int port = Ports.free();
        Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, """
                index index.php;
                location ~ \\.php$ {
                    fastcgi_pass unix:%s;
                %s}
                """.formatted(socket, Nginx.fastcgiParams().indent(4)))), port);
        return port;
    }

    private static Set<String> schemaProblems(String json) throws IOException {
        try (InputStream in = DiagnosisJson.schema()) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            return schema.validate(BootApp.JSON.readTree(json)).stream().map(ValidationMessage::toString)
                    .collect(Collectors.toSet());
        }
    }
}
