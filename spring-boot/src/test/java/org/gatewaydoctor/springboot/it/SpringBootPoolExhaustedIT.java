package org.gatewaydoctor.springboot.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Stack;
import org.junit.jupiter.api.Test;

/**
 * The alert the Spring Boot module is for: one PHP-FPM worker with a listen backlog of 1 and ten concurrent
 * slow requests, so nginx answers 502 at once for those that find the queue full; a Boot application watching
 * the site turns DOWN with {@code phpfpm.pool_exhausted} and counts it in
 * {@code gateway_doctor_cause_total{code="phpfpm.pool_exhausted"}}.
 */
class SpringBootPoolExhaustedIT {

    @Test
    void healthNamesPoolExhaustedAndPrometheusCountsItByCode() {
        try (Stack stack = Stack.create("boot-fpm-backlog")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/slow.php", "<?php sleep(3); echo 'done';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString(), "pm = dynamic", "pm.max_children = 1",
                    "pm.start_servers = 1", "pm.min_spare_servers = 1", "pm.max_spare_servers = 1", "listen.backlog = 1"),
                    socket);
            int port = SpringBootFpmStoppedIT.nginx(stack, socket);
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());
            URI slow = Http.url(port, "/slow.php");
            List<Integer> statuses = Http.concurrently(slow, 10, Duration.ofSeconds(40)).stream()
                    .map(Http.Response::status).toList();
            assertTrue(statuses.contains(502), "some requests find the queue full: " + statuses);

            try (BootApp app = BootApp.watching(stack, slow)) {
                JsonNode shop = BootApp.shop(app.healthOnceDiagnosed());
                assertAll(() -> assertEquals("DOWN", shop.path("status").asText(), shop.toPrettyString()),
                        () -> assertEquals("phpfpm.pool_exhausted", shop.path("details").path("cause").asText(),
                                shop.toPrettyString()),
                        () -> assertEquals("PHP_FPM", shop.path("details").path("failingHop").asText(),
                                shop.toPrettyString()));
                String series = "gateway_doctor_cause_total{code=\"phpfpm.pool_exhausted\",site=\"shop\"}";
                String scrape = app.scrapeOnce(series, 1);
                assertTrue(BootApp.value(scrape, series) >= 1, scrape);
            }
        }
    }
}
