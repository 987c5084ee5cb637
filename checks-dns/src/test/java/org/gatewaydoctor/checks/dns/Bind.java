package org.gatewaydoctor.checks.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.gatewaydoctor.checks.dns.internal.DnsClient;
import org.gatewaydoctor.checks.dns.internal.Exchange;
import org.gatewaydoctor.checks.dns.internal.Lookups;
import org.gatewaydoctor.checks.dns.internal.NameServer;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 ({@code named} from Debian's bind9 package) started by a test in the foreground on
 * 127.0.0.1 and a free port (UDP and TCP), authoritative for the zones it is given (zone files written by the
 * test into its own folder), recursion off, no control channel. Stopped by PID. BIND is the most deployed
 * authoritative server and prints the answers real resolvers see (AA flag, SOA in negative answers,
 * truncation above the EDNS size); named only listens on interface addresses, so every instance uses
 * 127.0.0.1 with its own port.
 */
final class Bind implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;
    private final Map<String, String> zones;

    private Bind(Path dir, int port, Process process, Map<String, String> zones) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.zones = zones;
    }

    /** Starts named serving {@code zones} (zone name → zone file text) in {@code dir}; waits until it answers. */
    static Bind start(Path dir, Map<String, String> zones) {
        try {
            Files.createDirectories(dir);
            int port = freePort();
            StringBuilder conf = new StringBuilder("""
                    options {
                        directory "%1$s";
                        listen-on port %2$d { 127.0.0.1; };
                        listen-on-v6 { none; };
                        pid-file "%1$s/named.pid";
                        session-keyfile "%1$s/session.key";
                        recursion no;
                        dnssec-validation no;
                        notify no;
                        minimal-responses no;
                    };
                    controls { };
                    """.formatted(dir, port));
            for (Map.Entry<String, String> z : zones.entrySet()) {
                Path file = dir.resolve(z.getKey() + ".zone");
                Files.writeString(file, z.getValue(), StandardCharsets.UTF_8);
                conf.append("zone \"").append(z.getKey()).append("\" { type primary; file \"").append(file)
                        .append("\"; };\n");
            }
            Path confFile = dir.resolve("named.conf");
            Files.writeString(confFile, conf.toString(), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("/usr/sbin/named", "-g", "-n", "1", "-c", confFile.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("named.out").toFile()).start();
            Bind bind = new Bind(dir, port, p, new LinkedHashMap<>(zones));
            bind.awaitAnswering();
            return bind;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zone file with the usual head: SOA (serial, 300 s TTL, 60 s negative TTL) and {@code ns1} as NS. */
    static String zone(long serial, String... records) {
        StringBuilder sb = new StringBuilder("$TTL 300\n@ IN SOA ns1 hostmaster " + serial
                + " 3600 600 86400 60\n");
        for (String r : records) {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }

    int port() {
        return port;
    }

    /** This server as a name server to ask. */
    NameServer server() {
        return new NameServer(InetAddress.getLoopbackAddress(), port, "test named");
    }

    /** {@code 127.0.0.1:PORT}. */
    String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Rewrites {@code zone}'s file and makes named reload it (SIGHUP), waiting for the new serial. */
    void replace(String zone, String text, long serial) {
        try {
            Files.writeString(dir.resolve(zone + ".zone"), text, StandardCharsets.UTF_8);
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            kill.waitFor(10, TimeUnit.SECONDS);
            Instant end = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(end)) {
                if (serial(zone) == serial) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("named did not load serial " + serial + " of " + zone + ":\n" + output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long serial(String zone) throws InterruptedException {
        DnsClient c = new DnsClient(Clock.systemUTC(), UnaryOperator.identity(), Duration.ofMillis(300));
        Exchange x = c.ask(server(), Lookups.name(zone), Type.SOA, false, false, Instant.now().plusSeconds(1));
        return x.message().flatMap(m -> m.getSection(1).stream().filter(r -> r instanceof org.xbill.DNS.SOARecord)
                .map(r -> ((org.xbill.DNS.SOARecord) r).getSerial()).findFirst()).orElse(-1L);
    }

    private void awaitAnswering() {
        String first = zones.keySet().iterator().next();
        Instant end = Instant.now().plusSeconds(20);
        try {
            while (Instant.now().isBefore(end)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("named exited:\n" + output());
                }
                if (serial(first) >= 0) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IllegalStateException("named did not answer within 20 s:\n" + output());
    }

    String output() {
        try {
            return Files.readString(dir.resolve("named.out"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** A port free for both UDP and TCP on 127.0.0.1. */
    static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = u.getLocalPort();
                try (ServerSocket t = new ServerSocket()) {
                    t.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    return port;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The zones, for messages. */
    List<String> zones() {
        return List.copyOf(zones.keySet());
    }
}
