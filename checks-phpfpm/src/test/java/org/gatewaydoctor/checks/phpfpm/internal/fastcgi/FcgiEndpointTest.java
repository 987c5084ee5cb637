package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.gatewaydoctor.checks.phpfpm.internal.config.ListenAddress;
import org.junit.jupiter.api.Test;

/** From a pool's listen address to where a local client connects. */
class FcgiEndpointTest {

    @Test
    void connectsWhereThePoolListens() {
        assertEquals(Optional.of(new FcgiEndpoint.Unix(Path.of("/run/php/php8.2-fpm.sock"))),
                FcgiEndpoint.of(ListenAddress.parse("/run/php/php8.2-fpm.sock", "/usr")));
        assertEquals(Optional.of(new FcgiEndpoint.Unix(Path.of("/usr/var/run/www.sock"))),
                FcgiEndpoint.of(ListenAddress.parse("var/run/www.sock", "/usr")));
        assertEquals(Optional.of(new FcgiEndpoint.Tcp("127.0.0.1", 9000)),
                FcgiEndpoint.of(ListenAddress.parse("9000", "/usr")));
        assertEquals(Optional.of(new FcgiEndpoint.Tcp("::1", 9000)), FcgiEndpoint.of(ListenAddress.parse("[::1]:9000",
                "/usr")));
        assertEquals(Optional.of(new FcgiEndpoint.Tcp("localhost", 9001)),
                FcgiEndpoint.of(ListenAddress.parse("localhost:9001", "/usr")));
        assertEquals(Optional.empty(), FcgiEndpoint.of(ListenAddress.parse("127.0.0.1:0", "/usr")));
        assertEquals(Optional.empty(), FcgiEndpoint.of(ListenAddress.parse(":9000", "/usr")));
    }

    @Test
    void describesEndpointsAsNginxDoes() {
        assertEquals("unix:/run/php/php8.2-fpm.sock", new FcgiEndpoint.Unix(Path.of("/run/php/php8.2-fpm.sock"))
                .describe());
        assertEquals("127.0.0.1:9000", new FcgiEndpoint.Tcp("127.0.0.1", 9000).describe());
        assertEquals("[::1]:9000", new FcgiEndpoint.Tcp("::1", 9000).describe());
        assertThrows(IllegalArgumentException.class, () -> new FcgiEndpoint.Tcp("127.0.0.1", 0));
        assertThrows(IllegalArgumentException.class, () -> new FcgiEndpoint.Tcp("", 9000));
    }
}
