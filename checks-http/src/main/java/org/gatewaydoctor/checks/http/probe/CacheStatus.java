package org.gatewaydoctor.checks.http.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether an answer came from a cache, read from the headers caches add: {@code age} (RFC 9111 5.1),
 * {@code cf-cache-status} (Cloudflare: HIT, STALE, UPDATING, REVALIDATED...), {@code x-cache} (CloudFront
 * "Hit from cloudfront", Fastly "HIT, MISS", many proxies), {@code x-cache-status} / {@code x-proxy-cache}
 * (nginx proxy_cache conventions), {@code x-varnish} (two transaction ids on a hit), and a
 * {@code Warning: 110} "Response is Stale".
 *
 * @param cached whether some header says the answer came from a cache
 * @param stale whether some header says the cached copy is stale (served past its freshness)
 * @param markers the headers that decided, e.g. {@code age: 3612}, {@code x-varnish: 32770 3}
 */
public record CacheStatus(boolean cached, boolean stale, List<String> markers) {

    public CacheStatus {
        markers = List.copyOf(markers);
    }

    /** Reads {@code r}'s cache headers. */
    public static CacheStatus of(HttpProber.Response r) {
        List<String> markers = new ArrayList<>();
        boolean cached = false;
        boolean stale = false;
        String age = r.header("age").trim();
        if (!age.isEmpty() && age.chars().allMatch(Character::isDigit) && age.length() < 10 && Long.parseLong(age) > 0) {
            cached = true;
            markers.add("age: " + age);
        }
        String cf = r.header("cf-cache-status").trim().toUpperCase(Locale.ROOT);
        if (!cf.isEmpty()) {
            if (cf.equals("HIT") || cf.equals("STALE") || cf.equals("UPDATING") || cf.equals("REVALIDATED")) {
                cached = true;
                stale |= cf.equals("STALE") || cf.equals("UPDATING");
                markers.add("cf-cache-status: " + cf);
            }
        }
        for (String name : List.of("x-cache", "x-cache-status", "x-proxy-cache")) {
            String v = r.header(name).trim().toUpperCase(Locale.ROOT);
            if (v.contains("HIT") || v.contains("STALE")) {
                cached = true;
                stale |= v.contains("STALE");
                markers.add(name + ": " + HttpProber.printable(r.header(name).trim(), 60));
            }
        }
        String varnish = r.header("x-varnish").trim();
        if (varnish.matches("\\d{1,12} \\d{1,12}")) {
            cached = true;
            markers.add("x-varnish: " + varnish);
        }
        for (String w : r.headers().getOrDefault("warning", List.of())) {
            if (w.trim().startsWith("110")) {
                stale = true;
                cached = true;
                markers.add("warning: " + HttpProber.printable(w.trim(), 60));
            }
        }
        return new CacheStatus(cached, stale, markers);
    }
}
