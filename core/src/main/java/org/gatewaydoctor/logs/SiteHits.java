package org.gatewaydoctor.logs;

import java.time.Instant;
import java.util.Objects;

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
 */
public record SiteHits(String site, long count, Instant firstSeen, Instant lastSeen, boolean setAside) {
    public SiteHits {
        Objects.requireNonNull(site, "site");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
    }
}
