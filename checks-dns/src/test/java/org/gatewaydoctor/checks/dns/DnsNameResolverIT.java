package org.gatewaydoctor.checks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.gatewaydoctor.checks.dns.internal.DnsNameResolver;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.NameResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS module's {@link NameResolver}, which the probes call instead of waiting for {@code dns.names}: a real
 * BIND 9 on 127.0.0.1 as {@code --dns-server}, the system resolver's hosts file, a silent server. Every packet goes
 * through the test route, which fails the test for any address outside 127.0.0.0/8.
 */
class DnsNameResolverIT {

    @TempDir
    static Path dir;
    static Bind bind;

    @BeforeAll
    static void startServer() {
        bind = Bind.start(dir.resolve("bind"), Map.of("example.test", Bind.zone(3, "@ IN NS ns1", "ns1 IN A 127.0.0.1",
                "shop IN A 127.0.0.2", "alias IN CNAME shop", "text IN TXT \"no address\"")));
    }

    @AfterAll
    static void stopServer() {
        if (bind != null) {
            bind.close();
        }
    }

    private static NameResolver resolver() {
        return new DnsNameResolver(TestEnvironments.isolated(dir.resolve("env")), Clock.systemUTC());
    }

    private static NameResolver.Answer ask(String host, Target target) throws InterruptedException {
        return resolver().resolve(host, target, Instant.now().plus(Duration.ofSeconds(8)));
    }

    private static Target withServer(String server) {
        return Target.builder().url("http://shop.example.test/").option(DnsOptions.SERVERS, server).build();
    }

    @Test
    void isFoundWithServiceLoader() {
        List<NameResolver> found = ServiceLoader.load(NameResolver.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        assertEquals(1, found.size(), found.toString());
        assertInstanceOf(DnsNameResolver.class, found.get(0));
    }

    @Test
    void asksTheDnsServerTheUserGave() throws Exception {
        NameResolver.Answer a = ask("shop.example.test", withServer(bind.hostPort()));
        assertEquals(NameResolver.Status.RESOLVED, a.status());
        assertEquals(List.of(InetAddress.getByName("127.0.0.2")), a.addresses());
        assertEquals("127.0.0.2 (TTL 300 s) from resolver " + bind.hostPort() + " (--dns-server)", a.describe());
    }

    @Test
    void followsACnameToItsAddress() throws Exception {
        NameResolver.Answer a = ask("alias.example.test", withServer(bind.hostPort()));
        assertEquals(List.of(InetAddress.getByName("127.0.0.2")), a.addresses());
        assertTrue(a.answer().startsWith("CNAME shop.example.test → 127.0.0.2"), a.answer());
    }

    @Test
    void aNameThatDoesNotExistIsNxdomain() throws Exception {
        NameResolver.Answer a = ask("gone.example.test", withServer(bind.hostPort()));
        assertEquals(NameResolver.Status.NXDOMAIN, a.status());
        assertEquals(List.of(), a.addresses());
        assertTrue(a.describe().endsWith(" from resolver " + bind.hostPort() + " (--dns-server)"), a.describe());
    }

    @Test
    void aNameWithoutAddressIsNodata() throws Exception {
        assertEquals(NameResolver.Status.NO_ADDRESS, ask("text.example.test", withServer(bind.hostPort())).status());
    }

    @Test
    void withoutDnsServerTheHostsFileComesFirst() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts-shop"), "127.0.0.7 shop.example.test\n");
        Target t = Target.builder().url("http://shop.example.test/").option(DnsOptions.HOSTS, hosts.toString()).build();
        NameResolver.Answer a = ask("shop.example.test", t);
        assertEquals(List.of(InetAddress.getByName("127.0.0.7")), a.addresses());
        assertEquals(hosts.toString(), a.resolver());
    }

    @Test
    void aSilentServerIsATimeoutByTheDeadline() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            NameResolver.Answer a = resolver().resolve("shop.example.test", withServer("127.0.0.1:" + silent.getLocalPort()),
                    Instant.now().plus(Duration.ofMillis(1500)));
            assertEquals(NameResolver.Status.TIMEOUT, a.status(), a.describe());
        }
    }

    @Test
    void aDnsServerOptionThatIsNoAddressIsAnErrorAnswerNotAnException() throws Exception {
        NameResolver.Answer a = ask("shop.example.test", withServer("dns.example.test"));
        assertEquals(NameResolver.Status.ERROR, a.status());
        assertTrue(a.answer().startsWith("not asked: dns.servers: 'dns.example.test' is not an IP address"), a.answer());
    }
}
