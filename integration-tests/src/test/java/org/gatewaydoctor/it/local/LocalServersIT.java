package org.gatewaydoctor.it.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.LocalServers;
import org.gatewaydoctor.LocalServers.Kind;
import org.gatewaydoctor.LocalServers.LocalServer;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.junit.jupiter.api.Test;

/** {@link LocalServers} against the real /proc with a real nginx and PHP-FPM running. */
class LocalServersIT {

    @Test
    void findsTheRunningNginxAndPhpFpmMastersWithTheirConfigurationFiles() {
        try (Stack stack = Stack.create("local")) {
            Path socket = stack.path("run/www.sock");
            Server fpm = PhpFpm.start(stack, PhpFpm.config(stack, socket.toString()), socket);
            int port = Ports.free();
            Server nginx = Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, "")), port);

            List<LocalServer> found = LocalServers.scan();

            LocalServer n = found.stream().filter(s -> s.pid() == nginx.pid()).findFirst()
                    .orElseThrow(() -> new AssertionError("nginx pid " + nginx.pid() + " not in " + found));
            assertEquals(Kind.NGINX, n.kind());
            assertEquals(Optional.of(Nginx.configFile(stack)), n.config());
            LocalServer f = found.stream().filter(s -> s.pid() == fpm.pid()).findFirst()
                    .orElseThrow(() -> new AssertionError("php-fpm pid " + fpm.pid() + " not in " + found));
            assertEquals(Kind.PHP_FPM, f.kind());
            assertEquals(Optional.of(PhpFpm.configFile(stack)), f.config());
            // Workers are not masters.
            for (long worker : nginx.children()) {
                assertTrue(found.stream().noneMatch(s -> s.pid() == worker), "worker " + worker + " in " + found);
            }
            for (long worker : fpm.children()) {
                assertTrue(found.stream().noneMatch(s -> s.pid() == worker), "worker " + worker + " in " + found);
            }
        }
    }
}
