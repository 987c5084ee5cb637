package org.gatewaydoctor.checks.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.checks.dns.internal.DnsClient;
import org.gatewaydoctor.checks.dns.internal.Exchange;
import org.gatewaydoctor.checks.dns.internal.Lookups;
import org.gatewaydoctor.checks.dns.internal.NameServer;
import org.xbill.DNS.Type;

/**
 * A real Unbound (Debian's unbound package) started by a test in the foreground on 127.0.0.1 and a free port:
 * a caching recursive resolver whose zones are stub zones pointing at the test's BIND servers (so it never
 * asks the root or anything outside 127.0.0.1). Its cache is what makes "propagation" real: it keeps an
 * answer for the record's TTL, counting down, after the authoritative servers changed it.
 */
final class Unbound implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private Unbound(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts unbound with {@code stubs} (zone → {@code 127.0.0.1@PORT} of its authoritative server). */
    static Unbound start(Path dir, Map<String, Integer> stubs) {
        return start(dir, stubs, null);
    }

    /**
     * Starts a validating unbound: DNSSEC answers for the stubs are checked against {@code trustAnchor}
     * (a file with the zone's key-signing DNSKEY, as {@code dnssec-keygen} writes it).
     */
    static Unbound start(Path dir, Map<String, Integer> stubs, Path trustAnchor) {
        try {
            Files.createDirectories(dir);
            int port = Bind.freePort();
            StringBuilder conf = new StringBuilder("""
                    server:
                      interface: 127.0.0.1@%2$d
                      port: %2$d
                      do-daemonize: no
                      username: ""
                      chroot: ""
                      directory: "%1$s"
                      pidfile: "%1$s/unbound.pid"
                      use-syslog: no
                      logfile: ""
                      verbosity: 1
                      num-threads: 1
                      do-ip6: no
                      do-not-query-localhost: no
                      module-config: "%3$s"
                      %4$s
                      access-control: 127.0.0.0/8 allow
                      local-zone: "test." nodefault
                    remote-control:
                      control-enable: no
                    """.formatted(dir, port, trustAnchor == null ? "iterator" : "validator iterator",
                    trustAnchor == null ? "" : "trust-anchor-file: \"" + trustAnchor + "\"\n  ede: yes"));
            stubs.forEach((zone, p) -> conf.append("stub-zone:\n  name: \"").append(zone).append("\"\n  stub-addr: 127.0.0.1@")
                    .append(p).append('\n'));
            Path file = dir.resolve("unbound.conf");
            Files.writeString(file, conf.toString(), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("/usr/sbin/unbound", "-d", "-c", file.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("unbound.out").toFile()).start();
            Unbound u = new Unbound(p, dir, port);
            u.awaitAnswering(stubs.keySet().iterator().next());
            return u;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    NameServer server() {
        return new NameServer(InetAddress.getLoopbackAddress(), port, "test unbound");
    }

    /** Asks unbound for {@code A host} (filling its cache); returns the answer's TTL in seconds, or -1. */
    long warm(String host) throws InterruptedException {
        DnsClient c = new DnsClient(Clock.systemUTC(), UnaryOperator.identity(), Duration.ofSeconds(1));
        Exchange x = c.ask(server(), Lookups.name(host), Type.A, true, false, Instant.now().plusSeconds(2));
        return x.message().flatMap(m -> m.getSection(1).stream().findFirst().map(r -> r.getTTL())).orElse(-1L);
    }

    private void awaitAnswering(String zone) {
        Instant end = Instant.now().plusSeconds(20);
        DnsClient c = new DnsClient(Clock.systemUTC(), UnaryOperator.identity(), Duration.ofMillis(300));
        try {
            while (Instant.now().isBefore(end)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("unbound exited:\n" + output());
                }
                Exchange x = c.ask(server(), Lookups.name(zone), Type.SOA, true, false, Instant.now().plusSeconds(1));
                if (x.message().isPresent()) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IllegalStateException("unbound did not answer within 20 s:\n" + output());
    }

    String output() {
        try {
            return Files.readString(dir.resolve("unbound.out"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
