package org.gatewaydoctor.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.logs.SiteHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.TimelineEntry;

/**
 * The episodes of failure in a scan: bursts of failing lines (lines of signatures that name a cause or a
 * 5xx status) separated by at least {@link #QUIET} without any. The last one is the current incident: it
 * is still going on or it ended last. Older ones are history: a day of other sites' PHP fatals before a
 * database outage is not its cause.
 */
final class Episodes {

    /** The quiet time that separates two episodes. */
    static final Duration QUIET = Duration.ofMinutes(30);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Episodes() {
    }

    /** One burst: the start of its first and of its last minute with failing lines, and how many there were. */
    record Episode(Instant start, Instant lastMinute, long lines) {
        Episode {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(lastMinute, "lastMinute");
        }
    }

    /** The episodes of {@code scan}, oldest first; empty when no failing line had a readable time. */
    static List<Episode> of(LogScan scan) {
        TreeMap<Instant, Long> perMinute = new TreeMap<>();
        for (SignatureHits h : scan.signatures()) {
            if (failing(h)) {
                h.perMinute().forEach((minute, n) -> perMinute.merge(minute, n, Long::sum));
            }
        }
        return of(perMinute, QUIET);
    }

    /** The episodes of a per-minute count of failing lines, split where {@code quiet} or more passed without one. */
    static List<Episode> of(TreeMap<Instant, Long> perMinute, Duration quiet) {
        List<Episode> out = new ArrayList<>();
        Instant start = null;
        Instant last = null;
        long lines = 0;
        for (var e : perMinute.entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            // minutes are the starts of their minute: a gap of `quiet` means `quiet` minus one minute without lines
            if (last != null && Duration.between(last, e.getKey()).compareTo(quiet) > 0) {
                out.add(new Episode(start, last, lines));
                start = null;
                lines = 0;
            }
            if (start == null) {
                start = e.getKey();
            }
            last = e.getKey();
            lines += e.getValue();
        }
        if (start != null) {
            out.add(new Episode(start, last, lines));
        }
        return out;
    }

    /** The earliest dated line of {@code scan}: of any signature, or of a site's lines set aside. */
    static java.util.Optional<Instant> earliest(LogScan scan) {
        return java.util.stream.Stream.concat(scan.signatures().stream().map(SignatureHits::firstSeen),
                scan.sites().stream().map(SiteHits::firstSeen)).filter(Objects::nonNull).min(Instant::compareTo);
    }

    static boolean failing(SignatureHits h) {
        return !h.signature().causes().isEmpty()
                || (h.signature().httpStatus() != null && h.signature().httpStatus() >= 500);
    }

    /** The note saying which episode was ranked and which were set aside as history. */
    static String historyNote(List<Episode> episodes, ZoneId zone) {
        Episode current = episodes.get(episodes.size() - 1);
        StringBuilder b = new StringBuilder("The logs hold ").append(episodes.size())
                .append(" episodes of errors; the diagnosis ranks the current one, ").append(span(current, zone))
                .append(" (").append(lines(current.lines())).append("). Older episodes, set aside as history: ");
        int shown = 0;
        for (int i = episodes.size() - 2; i >= 0 && shown < 5; i--, shown++) {
            Episode e = episodes.get(i);
            b.append(shown == 0 ? "" : "; ").append(span(e, zone)).append(" (").append(lines(e.lines())).append(')');
        }
        if (episodes.size() - 1 > shown) {
            b.append("; and ").append(episodes.size() - 1 - shown).append(" earlier");
        }
        return b.append(". Give --since and --until to diagnose another one.").toString();
    }

    /** The most older episodes marked on the timeline: the most recent ones. */
    static final int MAX_HISTORY = 20;

    /**
     * One timeline entry per older episode (all but the last of {@code episodes}, the most recent
     * {@link #MAX_HISTORY}), dated at its start, marked {@linkplain TimelineEntry#history() history}: its span,
     * its failing lines, and the signature with most lines in it (its cause and layer).
     */
    static List<TimelineEntry> history(LogScan scan, List<Episode> episodes, ZoneId zone) {
        List<TimelineEntry> out = new ArrayList<>();
        for (int i = Math.max(0, episodes.size() - 1 - MAX_HISTORY); i < episodes.size() - 1; i++) {
            Episode e = episodes.get(i);
            SignatureHits top = null;
            long topLines = 0;
            for (SignatureHits h : scan.signatures()) {
                if (!failing(h)) {
                    continue;
                }
                long n = h.perMinute().subMap(e.start(), true, e.lastMinute(), true).values().stream()
                        .mapToLong(Long::longValue).sum();
                if (n > topLines || (n == topLines && n > 0 && h.id().compareTo(top.id()) < 0)) {
                    top = h;
                    topLines = n;
                }
            }
            CauseCode cause = top == null || top.signature().causes().isEmpty() ? null
                    : top.signature().causes().get(0);
            Layer layer = top == null ? Layer.PROXY
                    : cause != null ? cause.layer().orElse(top.signature().layer()) : top.signature().layer();
            String text = "older episode, set aside as history: " + span(e, zone) + ", " + lines(e.lines())
                    + (top == null ? "" : ", mostly " + top.signature().title() + " ("
                    + String.format(Locale.ROOT, "%,d", topLines) + ")");
            out.add(new TimelineEntry(e.start(), layer, TimelineEntry.LOG_SCAN, cause,
                    new Evidence.Observation(text, e.start()), true));
        }
        return out;
    }

    /** The note about other sites' failures set aside, or about the sites the failing lines name; null if none. */
    static String sitesNote(LogScan scan, boolean scoped) {
        List<SiteHits> others = scan.sites().stream().filter(SiteHits::setAside).toList();
        if (scoped) {
            if (others.isEmpty()) {
                return null;
            }
            StringBuilder b = new StringBuilder().append(others.size())
                    .append(others.size() == 1 ? " other site" : " other sites")
                    .append(" on this server also failed in this window: ");
            appendSites(b, others);
            return b.append(". Their lines are set aside; a PHP-FPM pool, database or server they share with this "
                    + "site is a lead.").toString();
        }
        List<SiteHits> all = scan.sites();
        if (all.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        if (all.size() == 1) {
            b.append("Failing lines name one site, ");
            appendSites(b, all);
            return b.append('.').toString();
        }
        b.append("Failing lines name ").append(all.size()).append(" sites; the busiest is ");
        appendSites(b, all);
        return b.append(". Give --site NAME (or the site's URL) to set the others' lines aside.").toString();
    }

    private static void appendSites(StringBuilder b, List<SiteHits> sites) {
        int n = Math.min(5, sites.size());
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append(sites.get(i).site()).append(" (").append(lines(sites.get(i).count()))
                    .append(')');
        }
        if (sites.size() > n) {
            b.append(" and ").append(sites.size() - n).append(" more");
        }
    }

    private static String lines(long n) {
        return String.format(Locale.ROOT, "%,d failing %s", n, n == 1 ? "line" : "lines");
    }

    private static String span(Episode e, ZoneId zone) {
        String from = SHOWN.withZone(zone).format(e.start());
        String to = SHOWN.withZone(zone).format(e.lastMinute());
        if (from.equals(to)) {
            return from + " " + zoneName(zone);
        }
        return from + " to " + (from.substring(0, 10).equals(to.substring(0, 10)) ? to.substring(11) : to) + " "
                + zoneName(zone);
    }

    private static String zoneName(ZoneId zone) {
        return zone.getId().equals("Z") ? "UTC" : zone.getId();
    }
}
