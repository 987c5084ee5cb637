package org.gatewaydoctor.springboot;

import java.time.Instant;
import java.util.Optional;
import org.gatewaydoctor.model.Diagnosis;

/**
 * What the monitor knows of one site right now, read without waiting on any probe.
 *
 * @param site the site
 * @param last the last finished diagnosis, {@code null} before the first one ends
 * @param finishedAt when {@code last} ended, {@code null} with it
 * @param failure why the last attempt produced no diagnosis (the exception's class), {@code null} when it
 *     did; the diagnosis before it, if any, is kept in {@code last}
 * @param runs how many diagnoses ended (with or without a result)
 */
public record SiteStatus(MonitoredSite site, Diagnosis last, Instant finishedAt, String failure, long runs) {

    /** The last diagnosis, if one has finished. */
    public Optional<Diagnosis> diagnosis() {
        return Optional.ofNullable(last);
    }
}
