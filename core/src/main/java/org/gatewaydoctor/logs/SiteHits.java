package org.gatewaydoctor.logs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gatewaydoctor.model.CauseCode;

/**
 * The failing lines of one web site (virtual host) in a scan: lines that name their site, as nginx's
 * error log does ({@code server: shop.example.org}, {@code host: "shop.example.org"}) and Apache's
 * {@code vhost_combined} access log does ({@code shop.example.org:443} in front), and that match a
 * signature of a failure (one with causes or a 5xx status).
 *
 * @param site the host name the lines name (the {@code host:} the visitor asked for when there is one)
 * @param count how many such lines were read
 * @param firstSeen the earliest of them with a readable time, {@code null} if none had one
 * @param lastSeen the latest, likewise
 * @param setAside whether they were set aside because the scan was limited to another site
 *     ({@link LogScanner.Builder#site}); such lines are in no {@link SignatureHits}
 * @param causes how many of the lines point to each cause (their signature's first cause), in code order;
 *     lines of a 5xx without a cause are in none
 * @param upstreams the upstreams the lines name (nginx's {@code upstream: "fastcgi://unix:/run/php/www.sock:"}),
 *     at most {@value #MAX_UPSTREAMS}, redacted: two sites failing on one upstream share it
 */
public record SiteHits(String site, long count, Instant firstSeen, Instant lastSeen, boolean setAside,
                       Map<CauseCode, Long> causes, List<String> upstreams) {

    /** The most upstreams kept per site. */
    public static final int MAX_UPSTREAMS = 5;

    public SiteHits {
        Objects.requireNonNull(site, "site");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        causes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(causes == null ? Map.of() : causes));
        upstreams = List.copyOf(upstreams == null ? List.of() : upstreams);
    }

    /** Without causes or upstreams. */
    public SiteHits(String site, long count, Instant firstSeen, Instant lastSeen, boolean setAside) {
        this(site, count, firstSeen, lastSeen, setAside, Map.of(), List.of());
    }
}
