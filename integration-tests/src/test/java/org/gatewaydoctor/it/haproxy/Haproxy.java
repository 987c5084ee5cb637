package org.gatewaydoctor.it.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.RawBackend;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;

/**
 * A real HAProxy 2.6 ({@code /usr/sbin/haproxy}) in a stack: its own {@code haproxy/haproxy.cfg}
 * (never {@code /etc/haproxy}), in the foreground ({@code -db}), HTTP mode with {@code option httplog},
 * logging to a {@link SyslogReceiver} on UDP 127.0.0.1 that writes {@code logs/haproxy.log} (HAProxy
 * has no log file of its own). Its alerts ({@code Server be/app is DOWN}, {@code has no server
 * available!}) also go to its stderr, in {@code haproxy.out}.
 *
 * <pre>{@code
 * try (SyslogReceiver syslog = SyslogReceiver.start(stack.logs().resolve("haproxy.log"))) {
 *     Haproxy.start(stack, Haproxy.config(syslog.port(), port, "timeout server 1s", backends), port);
 * }
 * }</pre>
 */
final class Haproxy {

    static final String BINARY = "/usr/sbin/haproxy";

    private Haproxy() {
    }

    static Path configFile(Stack stack) {
        return stack.path("haproxy/haproxy.cfg");
    }

    /**
     * A configuration with a {@code global} section ({@code globalLines} appended, e.g.
     * {@code tune.bufsize}), {@code defaults} (connect 1 s, client and server 10 s unless
     * {@code defaultsLines} say otherwise; later lines win), a frontend {@code fe} on 127.0.0.1:{@code port}
     * whose default backend is {@code app}, and {@code backends} (which must define {@code app}).
     */
    static String config(int syslogPort, int port, String globalLines, String defaultsLines, String backends) {
        return """
                global
                    log 127.0.0.1:%1$d local0
                %3$s
                defaults
                    mode http
                    log global
                    option httplog
                    option dontlognull
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                %4$s
                frontend fe
                    bind 127.0.0.1:%2$d
                    default_backend app

                %5$s
                """.formatted(syslogPort, port, globalLines.strip().indent(4), defaultsLines.strip().indent(4),
                backends.strip());
    }

    /**
     * The live diagnosis: the URL, the configuration files, and the syslog file HAProxy's lines land in.
     * HAProxy's configuration names no log file (only a syslog address), so no log locator can find it:
     * an operator names {@code /var/log/haproxy.log} the same way.
     */
    static Diagnosis live(URI url, Path syslogFile, Map<String, Path> configs) {
        Target.Builder b = Target.builder().url(url).zone(ZoneId.systemDefault()).logs(syslogFile);
        configs.forEach(b::config);
        return Diagnose.run(b.build());
    }

    /** Writes {@code config} and starts HAProxy in the foreground; waits until it listens on {@code port}. */
    static Server start(Stack stack, String config, int port) {
        Path conf = stack.write("haproxy/haproxy.cfg", config);
        Server s = stack.start("haproxy", List.of(BINARY, "-db", "-f", conf.toString()));
        Wait.until("HAProxy on port " + port + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> Wait.listening(port));
        return s;
    }

    /** HAProxy's URL and the answer a visitor got once its backend broke. */
    record Broken(URI url, Http.Response answer) {
    }

    /**
     * HAProxy (defaults plus {@code defaultsLines}, e.g. a {@code log-format}) in front of {@code app}, which
     * first answers (200), then reads each request and closes without answering: the visitor gets 502, and
     * {@code logged} (the termination state as the layout writes it) reaches the syslog file.
     */
    static Broken serverCloses(Stack stack, SyslogReceiver syslog, RawBackend app, String defaultsLines,
                               String logged) {
        int port = Ports.free();
        start(stack, config(syslog.port(), port, "", defaultsLines, """
                backend app
                    server app1 127.0.0.1:%d
                """.formatted(app.port())), port);
        URI url = Http.url(port, "/");
        assertEquals(200, Http.get(url).status(), stack.outputs());

        app.behave(RawBackend.Behaviour.closeWithoutResponse());
        Http.Response broken = Http.get(url);
        assertEquals(502, broken.status(), broken.body());
        syslog.awaitLine(logged, Duration.ofSeconds(5));
        return new Broken(url, broken);
    }
}
