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
}
