package org.gatewaydoctor.checks.http.internal.config.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser refuses what the real {@code haproxy -c -f} (2.6) refuses, and accepts what it accepts. */
class HaproxyCheckIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        "defaults\n mode http\n timeout connect 5s\n timeout client 5s\n timeout server 1m\nfrontend f\n bind 127.0.0.1:18080\n"
            + " default_backend app\nbackend app\n server a 127.0.0.1:9001 check\n server b unix@/tmp/x.sock\n"
            + " server c 127.0.0.1:9443 ssl verify none\n",
        "defaults\n timeout connect 5x\nbackend app\n server a 127.0.0.1:1\n",
        "backend app\n server a 127.0.0.1:1\n server b\n",
        "defaults\n mode http\n timeout connect 5s\n timeout client 5s\n timeout server 5s\nbackend app\n"
            + " server a 127.0.0.1:1 ssl\n",
        "defaults\n mode http\n timeout connect 5s\n timeout client 5s\n timeout server 5s\nfrontend f\n"
            + " bind 127.0.0.1:18080\n default_backend nothere\nbackend app\n server a 127.0.0.1:1\n",
        "defaults\n mode bogus\n",
        "resolvers dns\n nameserver ns1 127.0.0.1:5353\n hold valid 10s\ndefaults\n mode http\n timeout connect 5s\n"
            + " timeout client 5s\n timeout server 5s\nfrontend f\n bind 127.0.0.1:18080\n default_backend app\nbackend app\n"
            + " server a app.internal:80 resolvers dns init-addr none\n",
        "resolvers dns\n nameserver ns1 127.0.0.1\ndefaults\n mode http\n timeout connect 5s\n timeout client 5s\n"
            + " timeout server 5s\nbackend app\n server a app.internal:80 resolvers dns init-addr none\n",
        "defaults\n mode http\n timeout connect 5s\n timeout client 5s\n timeout server 5s\nbackend app\n"
            + " server a app.internal:80 resolvers nodns init-addr none\n",
    })
    void agreesWithHaproxyOnWhetherTheConfigurationIsValid(String text) throws Exception {
        Path cfg = dir.resolve("h.cfg");
        Files.writeString(cfg, text);
        Process p = new ProcessBuilder("haproxy", "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        HaproxyConfig c = HaproxyParser.parse(cfg);
        assertEquals(p.exitValue() != 0, c.hasErrors(), out + "\nparser: " + c.problems());
    }
}
