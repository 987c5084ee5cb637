package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import static org.gatewaydoctor.checks.phpfpm.internal.fastcgi.HostilePeer.record;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.gatewaydoctor.checks.phpfpm.FpmStatusCheck;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.HostilePeer.Transport;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code phpfpm.status} against "PHP-FPM" sockets that misbehave, one behaviour each, on a unix socket: the
 * check completes inside its deadline with a finding that names the socket; it never hangs or reads
 * without end.
 */
class StatusCheckHostilePeersTest {

    @TempDir
    Path dir;

    enum Hostile {
        /**
         * Reads the request and never answers: what a pool whose workers are all busy looks like from outside
         * (the kernel accepts, nobody reads), so it reads as a full pool.
         */
        STALLS("did not answer /ping within", c -> {
            c.readRequest();
            HostilePeer.sleep(60_000);
        }),
        /** Answers with records of an unknown protocol version. */
        GARBAGE_RECORDS("gave no usable answer", c -> {
            c.readRequest();
            byte[] junk = new byte[4096];
            Arrays.fill(junk, (byte) 0x7f);
            c.write(junk);
            HostilePeer.sleep(60_000);
        }),
        /** Streams well-formed STDOUT records without end. */
        ENDLESS_STREAM("gave no usable answer", c -> {
            c.readRequest();
            byte[] chunk = record(6, 1, "x".repeat(8000).getBytes(StandardCharsets.US_ASCII), 0);
            c.write(record(6, 1, "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0));
            while (true) {
                c.write(chunk);
            }
        });

        final String says;
        final HostilePeer.Behaviour behaviour;

        Hostile(String says, HostilePeer.Behaviour behaviour) {
            this.says = says;
            this.behaviour = behaviour;
        }
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void endsWithinItsDeadlineWithAClearFinding(Hostile hostile) throws Exception {
        try (HostilePeer peer = HostilePeer.start(Transport.UNIX, dir, hostile.behaviour)) {
            Path socket = ((FcgiEndpoint.Unix) peer.endpoint()).path();
            Path conf = Files.writeString(dir.resolve("php-fpm.conf"), "[global]\nerror_log = " + dir
                    + "/php-fpm.log\n[www]\nuser = www-data\nlisten = " + socket
                    + "\npm = static\npm.max_children = 2\nping.path = /ping\npm.status_path = /status\n");
            CheckResult r = CheckTester.of(new FpmStatusCheck()).withConfig(Target.CONFIG_PHP_FPM, conf)
                    .withTimeout(Duration.ofSeconds(3)).run().assertCompleted().assertRespectsDeadline()
                    .result().orElseThrow();
            List<Finding> findings = r.findingList();
            assertFalse(findings.isEmpty(), hostile + ": " + r);
            assertTrue(findings.stream().anyMatch(f -> f.summary().contains(hostile.says)), hostile + ": " + findings);
            assertTrue(findings.stream().flatMap(f -> f.evidence().stream())
                    .anyMatch(e -> e.describe().contains(socket.toString())), hostile + ": " + findings);
        }
    }
}
