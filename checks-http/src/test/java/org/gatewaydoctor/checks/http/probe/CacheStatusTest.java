package org.gatewaydoctor.checks.http.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cache headers as the caches send them (values from their documentation). */
class CacheStatusTest {

    private static HttpProber.Response with(String... nameValue) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return HttpProber.Response.of(URI.create("https://example.org/"), "192.0.2.1:443", 200, "OK", h, new byte[0]);
    }

    @Test
    void aFreshAnswerIsNotCached() {
        CacheStatus c = CacheStatus.of(with("server", "nginx", "age", "0", "cf-cache-status", "DYNAMIC",
                "x-varnish", "32770", "x-cache", "Miss from cloudfront"));
        assertFalse(c.cached());
        assertEquals(List.of(), c.markers());
    }

    @Test
    void cloudflareStaleIsCachedAndStale() {
        CacheStatus c = CacheStatus.of(with("cf-cache-status", "STALE", "age", "7423"));
        assertTrue(c.cached());
        assertTrue(c.stale());
        assertEquals(List.of("age: 7423", "cf-cache-status: STALE"), c.markers());
    }

    @Test
    void varnishHitHasTwoTransactionIds() {
        CacheStatus c = CacheStatus.of(with("x-varnish", "32770 3", "age", "12"));
        assertTrue(c.cached());
        assertFalse(c.stale());
        assertTrue(c.markers().contains("x-varnish: 32770 3"));
    }

    @Test
    void cloudfrontAndFastlyHitsAndAStaleWarning() {
        assertTrue(CacheStatus.of(with("x-cache", "Hit from cloudfront")).cached());
        assertTrue(CacheStatus.of(with("x-cache", "MISS, HIT")).cached());
        assertTrue(CacheStatus.of(with("x-cache-status", "STALE")).stale());
        assertTrue(CacheStatus.of(with("warning", "110 - \"Response is Stale\"")).stale());
    }
}
