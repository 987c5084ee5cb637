package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * One PHP-FPM worker ({@code pm.max_children = 1}) and a slow script ({@code sleep(3)}) under concurrent
 * requests: with a listen backlog of 1 the socket's queue overflows and nginx answers 502 at once; with
 * the default backlog the requests wait their turn and end as slow 200s.
 */
class FpmPoolExhaustedIT {

    private static final String[] ONE_WORKER = {"pm = dynamic", "pm.max_children = 1", "pm.start_servers = 1",
        "pm.min_spare_servers = 1", "pm.max_spare_servers = 1"};

    @Test
    void namesPoolExhaustedWhenTheFullListenQueueMakesNginxAnswer502() {
        try (Stack stack = Stack.create("fpm-backlog")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/slow.php", "<?php sleep(3); echo 'done';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString(), with(ONE_WORKER, "listen.backlog = 1")),
                    socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());

            URI url = Http.url(port, "/slow.php");
            List<Http.Response> answers = Http.concurrently(url, 10, Duration.ofSeconds(40));
            List<Integer> statuses = answers.stream().map(Http.Response::status).toList();
            assertTrue(statuses.contains(502), "some requests find the queue full: " + statuses);
            assertTrue(statuses.contains(200), "the requests the worker took still end: " + statuses);
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 502), statuses.toString());
            String line = "connect() to unix:" + socket + " failed (11: Resource temporarily unavailable)";
            NginxFpm.awaitLog(stack, "nginx-error.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PHPFPM_POOL_EXHAUSTED, offline, line, CauseCode.PHPFPM_POOL_EXHAUSTED, live,
                    line);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-backlog-full", NginxFpm.UNIX,
                    "pm.max_children = 1, listen.backlog = 1, 10 concurrent sleep(3) requests", 502,
                    Diagnose.top(offline), Diagnose.top(live),
                    "connect() to unix:… failed (11: Resource temporarily unavailable)", ""));
        }
    }

    @Test
    void namesPoolExhaustedFromMaxChildrenWhenTheDefaultBacklogTurnsTheWaitIntoSlow200s() {
        try (Stack stack = Stack.create("fpm-max-children")) {
            Path socket = stack.path("run/www.sock");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/slow.php", "<?php sleep(3); echo 'done';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString(), ONE_WORKER), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());

            URI url = Http.url(port, "/slow.php");
            List<Integer> statuses = Http.concurrently(url, 3, Duration.ofSeconds(40)).stream()
                    .map(Http.Response::status).toList();
            assertEquals(List.of(200, 200, 200), statuses, "the queued requests wait and succeed");
            String line = "server reached pm.max_children setting (1), consider raising it";
            NginxFpm.awaitLog(stack, "php-fpm.log", line);

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PHPFPM_POOL_EXHAUSTED, offline, line, CauseCode.PHPFPM_POOL_EXHAUSTED, live,
                    line);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-max-children-slow", NginxFpm.UNIX,
                    "pm.max_children = 1, default backlog, 3 concurrent sleep(3) requests: they queue, slow 200s", 200,
                    Diagnose.top(offline), Diagnose.top(live), "[pool www] " + line, ""));
        }
    }

    private static String[] with(String[] lines, String more) {
        String[] out = Arrays.copyOf(lines, lines.length + 1);
        out[lines.length] = more;
        return out;
    }
}
