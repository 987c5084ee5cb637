package org.gatewaydoctor.it.edge;

import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;

/**
 * A real Varnish Cache ({@code /usr/sbin/varnishd}, Debian's {@code varnish} 7.1) in a stack: its own VCL
 * in {@code varnish/default.vcl}, in the foreground ({@code -F}), no privilege separation ({@code -j none},
 * so its working directory can live in the stack), 16 MB of malloc storage.
 */
final class Varnish {

    static final String BINARY = "/usr/sbin/varnishd";

    private Varnish() {
    }

    /**
     * A VCL with one backend on 127.0.0.1:{@code origin}, its first-byte timeout, and objects cached for
     * {@code ttl} then kept for {@code grace} (served stale while the origin fails).
     */
    static String vcl(int origin, Duration firstByteTimeout, Duration ttl, Duration grace) {
        return """
                vcl 4.1;
                backend origin {
                    .host = "127.0.0.1";
                    .port = "%d";
                    .connect_timeout = 1s;
                    .first_byte_timeout = %dms;
                }
                sub vcl_recv {
                    if (req.url ~ "^/wp-login\\.php") {
                        return (pass);
                    }
                }
                sub vcl_backend_response {
                    set beresp.ttl = %dms;
                    set beresp.grace = %dms;
                }
                """.formatted(origin, firstByteTimeout.toMillis(), ttl.toMillis(), grace.toMillis());
    }

    static Server start(Stack stack, String vcl, int port) {
        stack.mkdirs("varnish/work");
        var file = stack.write("varnish/default.vcl", vcl);
        Server s = stack.start("varnish", List.of(BINARY, "-F", "-j", "none", "-a", "127.0.0.1:" + port, "-f",
                file.toString(), "-n", stack.path("varnish/work").toString(), "-s", "malloc,16m"));
        Wait.until("varnish on port " + port + "\n" + stack.outputs(), Duration.ofSeconds(30),
                () -> Wait.listening(port));
        return s;
    }
}
