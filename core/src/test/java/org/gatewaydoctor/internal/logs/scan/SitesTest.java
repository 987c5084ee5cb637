package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.gatewaydoctor.logs.LogFormat;
import org.junit.jupiter.api.Test;

/**
 * The site a line names. nginx lines are the captured ones of {@code src/test/resources/formats/nginx-error.log}
 * (nginx 1.22, ngx_http_log_error_handler's {@code , server: %V ... , host: "%V"}), with other names put in.
 */
class SitesTest {

    static String nginx(String server, String host) {
        return "2026/11/21 21:37:39 [error] 31342#31342: *3 connect() failed (111: Connection refused) while connecting"
                + " to upstream, client: 127.0.0.1, server: " + server + ", request: \"GET /refused HTTP/1.1\", upstream: "
                + "\"http://127.0.0.1:18099/refused\"" + (host == null ? "" : ", host: \"" + host + "\"")
                + ", referrer: \"http://example.org/\"";
    }

    @Test
    void anNginxLineNamesTheHostAskedForAndItsServerBlock() {
        Sites.Named n = Sites.of(LogFormat.NGINX_ERROR, nginx("shop.example.org", "www.shop.example.org:8443"));
        assertEquals(new Sites.Named("shop.example.org", "www.shop.example.org"), n);
        assertEquals("www.shop.example.org", n.label());
        assertTrue(n.isAbout(Set.of("shop.example.org")), "the server block's name is the site too");
        assertTrue(n.isAbout(Set.of("www.shop.example.org")));
        assertFalse(n.isAbout(Set.of("blog.example.org")));
    }

    /**
     * Apache 2.4's default error-log line (AH01079, captured in {@code formats}) names no vhost; with
     * {@code ErrorLogFormat "[%{u}t] [%-m:%l] [pid %P:tid %T] [%v] %7F: %E: [client\ %a] %M% ,\ referer\ %{Referer}i"}
     * (the default plus {@code [%v]}) it does.
     */
    @Test
    void anApacheErrorLineNamesItsVhostOnlyWhenErrorLogFormatHasPercentV() {
        String plain = "[Mon Dec 07 05:02:53.123456 2026] [proxy:error] [pid 4123:tid 140211] (111)Connection refused: "
                + "AH00957: HTTP: attempt to connect to 127.0.0.1:18099 (127.0.0.1) failed";
        assertNull(Sites.of(LogFormat.APACHE_ERROR, plain));
        String withVhost = plain.replace("[pid 4123:tid 140211] ", "[pid 4123:tid 140211] [blog.example.org] ");
        assertEquals(new Sites.Named("blog.example.org", null), Sites.of(LogFormat.APACHE_ERROR, withVhost));
        assertEquals(new Sites.Named("blog.example.org", null), Sites.of(LogFormat.APACHE_ERROR,
                plain.replace("[pid 4123:tid 140211] ", "[pid 4123:tid 140211] [blog.example.org:443] ")));
        // the catch-all vhost's name, an address, a module tag and the client field name no site
        assertNull(Sites.of(LogFormat.APACHE_ERROR, plain.replace("[pid 4123:tid 140211] ", "[pid 4123] [localhost] ")));
        assertNull(Sites.of(LogFormat.APACHE_ERROR, plain.replace("[pid 4123:tid 140211] ", "[127.0.0.1:80] ")));
        assertNull(Sites.of(LogFormat.APACHE_ERROR, "[Mon Dec 07 05:02:53.123456 2026] [core:error] [pid 1] [client "
                + "203.0.113.7:5123] AH00124: Request exceeded the limit of 10 internal redirects, referer: [a.example.org]"));
    }

    @Test
    void catchAllBlocksAndAddressesNameNoSite() {
        assertNull(Sites.of(LogFormat.NGINX_ERROR, nginx("localhost", "127.0.0.1:18080")));
        assertNull(Sites.of(LogFormat.NGINX_ERROR, nginx("_", null)));
        assertNull(Sites.of(LogFormat.NGINX_ERROR, nginx("", "[::1]:8080")));
        assertEquals(new Sites.Named("blog.example.org", null),
                Sites.of(LogFormat.NGINX_ERROR, nginx("blog.example.org", "10.0.0.7")));
        // a line without request context (worker crash, resolver) names nothing
        assertNull(Sites.of(LogFormat.NGINX_ERROR,
                "2026/11/21 21:37:39 [alert] 31342#31342: worker process 31343 exited on signal 11"));
    }

    @Test
    void apacheVhostCombinedNamesItsVirtualHost() {
        // LogFormat "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" vhost_combined (Debian's apache2.conf)
        assertEquals(new Sites.Named("blog.example.org", null), Sites.of(LogFormat.HTTP_ACCESS,
                "blog.example.org:443 127.0.0.1 - - [21/Nov/2026:21:38:31 +0100] \"GET /refused HTTP/1.1\" 503 529 \"-\" "
                        + "\"Mozilla/5.0 (gd-capture)\""));
        assertNull(Sites.of(LogFormat.HTTP_ACCESS, "127.0.0.1 - - [21/Nov/2026:21:38:31 +0100] \"GET /missing HTTP/1.1\""
                + " 503 529 \"-\" \"Mozilla/5.0 (gd-capture)\""));
    }

    @Test
    void siteNamesAreHostNamesWithADotInLowerCase() {
        assertEquals("example.org", Sites.siteName(" Example.ORG. "));
        assertNull(Sites.siteName("localhost"));
        assertNull(Sites.siteName("192.0.2.7"));
        assertNull(Sites.siteName("2001:db8::1"));
        assertNull(Sites.siteName("a b.example"));
    }

    /**
     * On the bytes of an ASCII line without NUL: what the text gives, for every ASCII line of the real fixtures and
     * random lines of the pieces that decide (markers, separators, whitespace {@code String.strip} takes, ports,
     * IPv6 brackets, upper case, digits only, names of 253 and 254 characters), placed anywhere in a buffer with a
     * marker just outside the line.
     */
    @Test
    void anNginxLinesBytesNameWhatItsTextNames() throws java.io.IOException {
        int named = 0;
        for (byte[] line : FixtureLines.ascii()) {
            String text = new String(line, java.nio.charset.StandardCharsets.ISO_8859_1);
            Sites.Named expected = Sites.nginx(text);
            assertEquals(expected, Sites.nginx(line, 0, line.length), text);
            named += expected == null ? 0 : 1;
        }
        assertTrue(named > 20, "fixture lines naming a site: " + named);
        String[] pieces = {", server: ", ", host: \"", ", server:", ", host: ", ",", "\"", ":", ".", "..", " ", "\t",
            "\u000b", "\u001c", "\u001f", "\u007f", "[", "]", "::1", ":8080", "*", "_", "-", "Example.ORG", "example.org",
            "www.site01.example", "192.0.2.8", "1.2", "localhost", "_", "a".repeat(250) + ".example", "x".repeat(252) + ".",
            ", request: \"GET / HTTP/1.1\"", ", upstream: \"fastcgi://unix:/run/php.sock:\"", "client: 192.0.2.1"};
        java.util.Random random = new java.util.Random(253);
        byte[] outside = ", server: outside.example, host: \"outside.example\"".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        for (int round = 0; round < 200_000; round++) {
            // mostly nginx's own shape (server, then a quoted host), its parts drawn from the pieces
            String[] names = {"example.org", "Example.ORG", "www.site01.example", "site39.example:8443", "192.0.2.8",
                "[2001:db8::1]:443", "localhost", "_", " a.example\t", "\u001ca.example.\u001f", "a.b.", "a:b:c.d",
                "x".repeat(252) + ".", "x".repeat(253) + ".", "*.example", "caf.example\u007f", ""};
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            if (random.nextInt(4) > 0) {
                sb.append(", server: ").append(names[random.nextInt(names.length)]);
                for (int i = random.nextInt(3); i > 0; i--) {
                    sb.append(pieces[random.nextInt(pieces.length)]);
                }
                if (random.nextBoolean()) {
                    sb.append(", host: \"").append(names[random.nextInt(names.length)]);
                    sb.append(random.nextInt(5) > 0 ? "\"" : "");
                }
            }
            for (int i = random.nextInt(3); i > 0; i--) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            byte[] line = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int off = random.nextInt(8);
            byte[] buf = new byte[off + line.length + outside.length];
            System.arraycopy(outside, outside.length - off, buf, 0, off);
            System.arraycopy(line, 0, buf, off, line.length);
            System.arraycopy(outside, 0, buf, off + line.length, outside.length);
            Sites.Named expected = Sites.nginx(text);
            assertEquals(expected, Sites.nginx(buf, off, line.length), text);
            named += expected == null ? 0 : 1;
        }
        assertTrue(named > 40_000, "lines naming a site: " + named);
    }
}
