package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/** The worker running a slow request gets SIGSEGV: the request dies with it. */
class FpmWorkerCrashIT {

    @Test
    void namesWorkerCrashWhenTheBusyWorkerDiesOnSigsegv() {
        try (Stack stack = Stack.create("fpm-segv")) {
            Path socket = stack.path("run/www.sock");
            Path mark = NginxFpm.marks(stack).resolve("worker.pid");
            stack.write("www/index.php", "<?php echo 'ok';\n");
            stack.write("www/slow.php",
                    "<?php file_put_contents('" + mark + "', getmypid()); sleep(5); echo 'done';\n");
            PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = NginxFpm.nginx(stack, "unix:" + socket);
            assertEquals(200, Http.get(Http.url(port, "/index.php")).status(), stack.outputs());

            URI url = Http.url(port, "/slow.php");
            CompletableFuture<Http.Response> request = CompletableFuture.supplyAsync(() -> Http.get(url));
            long worker = Long.parseLong(NginxFpm.awaitMark(mark));
            Server.signal(worker, "SEGV");
            Http.Response broken = request.join();
            assertEquals(502, broken.status());
            String fpmLine = "child " + worker + " exited on signal 11 (SIGSEGV";
            NginxFpm.awaitLog(stack, "php-fpm.log", fpmLine);
            // The dead worker's unread request makes the kernel reset the connection.
            NginxFpm.awaitLog(stack, "nginx-error.log",
                    "recv() failed (104: Connection reset by peer) while reading response header from upstream");

            Diagnosis offline = Diagnose.offline(stack);
            Diagnosis live = NginxFpm.live(stack, url);
            NginxFpm.assertTops(CauseCode.PHPFPM_WORKER_CRASH, offline, fpmLine, CauseCode.PHPFPM_WORKER_CRASH, live,
                    fpmLine);
            FaultTable.record(FaultTable.Row.of("nginx-fpm-worker-segv", NginxFpm.UNIX,
                    "SIGSEGV sent to the worker running a slow request", broken.status(), Diagnose.top(offline),
                    Diagnose.top(live), "[pool www] child … exited on signal 11 (SIGSEGV) after … seconds from start",
                    ""));
        }
    }
}
