package org.gatewaydoctor.checks.http.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.logs.SiteHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;

/**
 * Other sites of the same server (nginx or Apache) that failed in the window the diagnosis ranks, as findings:
 * when the scan is limited to one site ({@code --site}, or the URL's host), the lines of other virtual hosts are
 * set aside and tallied per site with the causes they point to and the upstreams they name ({@link SiteHits}). A failure of
 * a component sites share is then a lead for this site too:
 *
 * <ul>
 *   <li>the other sites failed on an upstream this site's own lines name (nginx's {@code upstream:}, Apache's
 *       unix socket, e.g. the same PHP-FPM socket): they share it, proven by the logs. The finding names their
 *       cause, observed, and ranks with this site's causes (a full pool seen on a neighbour's requests explains
 *       this site's timeouts on the same socket);</li>
 *   <li>they failed with a cause this site's lines name too, at a component sites commonly share (PHP-FPM, the
 *       database, the host): the finding names that cause, and corroborates this site's;</li>
 *   <li>they failed at such a component with a cause this site's lines do not show: a warning symptom at that
 *       hop, "if they share it, it is a lead" (sharing is not proven, so it is not ranked as a cause).</li>
 * </ul>
 * Failures of their own upstreams (a proxy cause on another upstream) say nothing about this site.
 */
public final class OtherSites {

    private static final Set<Layer> SHARED = Set.of(Layer.PHP_FPM, Layer.DATABASE, Layer.HOST);
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final int MAX_SITES_NAMED = 5;

    private OtherSites() {
    }

    /** The findings for the other sites set aside in {@code scan}; none when the scan was not limited to a site. */
    public static List<Finding> findings(LogScan scan, ZoneId zone) {
        List<SiteHits> others = scan.sites().stream().filter(SiteHits::setAside).toList();
        if (others.isEmpty()) {
            return List.of();
        }
        Set<CauseCode> ownCauses = new HashSet<>();
        Set<String> ownUpstreams = new HashSet<>();
        for (SignatureHits h : scan.signatures()) {
            if (h.count() > 0 && !h.signature().causes().isEmpty()) {
                ownCauses.add(h.signature().causes().get(0));
            }
            ownUpstreams.addAll(h.fields().getOrDefault("upstream", Map.of()).keySet());
            // Apache names a unix socket without a scheme (AH02454 ... Unix domain socket /run/php/x.sock): the
            // scan tallies another site's such line as upstream unix:PATH
            h.fields().getOrDefault("socket", Map.of()).keySet().forEach(s -> ownUpstreams.add("unix:" + s));
        }
        Map<CauseCode, List<SiteHits>> byCause = new TreeMap<>();
        for (SiteHits site : others) {
            for (CauseCode cause : site.causes().keySet()) {
                byCause.computeIfAbsent(cause, c -> new ArrayList<>()).add(site);
            }
        }
        List<Finding> out = new ArrayList<>();
        byCause.forEach((cause, sites) -> {
            Layer layer = cause.layer().orElse(Layer.PROXY);
            List<String> shared = sites.stream().flatMap(s -> s.upstreams().stream()).filter(ownUpstreams::contains)
                    .distinct().sorted().toList();
            boolean sharedLayer = SHARED.contains(layer);
            if (shared.isEmpty() && !sharedLayer) {
                return; // their own upstream failed: nothing about this site
            }
            StringBuilder summary = new StringBuilder().append(sites.size())
                    .append(sites.size() == 1 ? " other site" : " other sites")
                    .append(" on this server failed at the same time with ").append(cause.value()).append(" (");
            for (int i = 0; i < Math.min(MAX_SITES_NAMED, sites.size()); i++) {
                SiteHits s = sites.get(i);
                long n = s.causes().get(cause);
                summary.append(i == 0 ? "" : ", ").append(s.site()).append(": ").append(n)
                        .append(n == 1 ? " line" : " lines");
            }
            if (sites.size() > MAX_SITES_NAMED) {
                summary.append(" and ").append(sites.size() - MAX_SITES_NAMED).append(" more");
            }
            summary.append(')');
            if (!shared.isEmpty()) {
                summary.append(", on the upstream this site's requests go to too (").append(shared.get(0))
                        .append("): ").append(what(layer)).append(" they share is the lead");
            } else {
                summary.append(": if this site shares ").append(what(layer)).append(" with them, it is a lead");
            }
            List<Evidence> evidence = new ArrayList<>();
            for (SiteHits s : sites) {
                evidence.add(new Evidence.Observation(s.site() + ": " + s.causes().get(cause) + " failing "
                        + (s.causes().get(cause) == 1 ? "line" : "lines") + " pointing to " + cause.value()
                        + span(s, zone) + (s.upstreams().isEmpty() ? "" : ", upstream " + String.join(", ",
                        s.upstreams())) + " (set aside: another site's lines)", s.lastSeen()));
            }
            evidence.add(new Evidence.Measurement("other sites failing with " + cause.value() + " at the same time",
                    sites.size(), "sites"));
            String[] fix = {"Look at what these sites share with this one (" + what(layer) + (shared.isEmpty() ? ""
                    : ": " + shared.get(0)) + "): one fix there is the fix for all of them.",
                "Diagnose each of them with --site NAME to see its own evidence."};
            Finding f = !shared.isEmpty() || (sharedLayer && ownCauses.contains(cause))
                    ? Finding.cause(cause, layer, Severity.WARNING, shared.isEmpty() ? 0.45 : 0.6, summary.toString())
                            .evidence(evidence).remediation(fix).build()
                    : Finding.symptom(layer, Severity.WARNING, summary.toString()).evidence(evidence)
                            .remediation(fix).build();
            out.add(f);
        });
        return out;
    }

    private static String what(Layer layer) {
        return switch (layer) {
            case PHP_FPM -> "the PHP-FPM pool";
            case DATABASE -> "the database server";
            case HOST -> "the machine";
            default -> "the upstream";
        };
    }

    private static String span(SiteHits s, ZoneId zone) {
        if (s.firstSeen() == null) {
            return "";
        }
        String from = HM.format(s.firstSeen().atZone(zone));
        String to = HM.format(s.lastSeen().atZone(zone));
        return from.equals(to) ? " at " + from : " from " + from + " to " + to;
    }
}
