package org.gatewaydoctor.internal.ranking;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.HopState;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Marks every hop of the request path from the ranked causes and the check reports.
 *
 * <ul>
 *   <li>{@link HopState#FAILING}: a critical cause lives there that is seen happening (observed, or a risk
 *       that explains an observed cause), or a check saw a critical symptom there (a probe's 502 from nginx)
 *       and no hop behind it fails; a hop that only relays the failure of a hop behind it is
 *       {@link HopState#OK}, and its reason says so. A configuration risk alone never makes a hop fail.</li>
 *   <li>{@link HopState#SUSPECT}: only risks or warnings live there.</li>
 *   <li>{@link HopState#OK}: some check looked at the hop and found nothing wrong.</li>
 *   <li>{@link HopState#NOT_EXAMINED}: nothing could look at it (or the checks that would have did not finish).</li>
 * </ul>
 * The reason names the evidence behind the mark: the most likely cause there, whether it was observed or is a
 * risk, and its most telling piece of evidence.
 *
 * <p>The hop that wrote the visitor's error is the error page's writer when a page was seen. Without a page,
 * when a probe saw the error status: a 500 with the failure in the application or database is the
 * application's own answer; any other error is written by the gateway (edge, load balancer or proxy) nearest
 * in front of the failing hop among those examined (nginx answers 502 when PHP-FPM fails behind it). Without a
 * status, no hop is marked.
 */
final class HopMap {

    private static final int MAX_EVIDENCE = 160;

    private HopMap() {
    }

    static List<PathHop> of(List<CheckReport> reports, List<RankedCause> causes, ErrorSource errorSource,
                            StatusFit.Visitors visitors, Layer failing) {
        Map<Layer, Set<String>> looked = new EnumMap<>(Layer.class);
        Map<Layer, List<String>> skipped = new EnumMap<>(Layer.class);
        Map<Layer, Finding> criticalSymptom = new EnumMap<>(Layer.class);
        Map<Layer, Finding> otherSymptom = new EnumMap<>(Layer.class);
        for (CheckReport r : reports) {
            if (r instanceof CheckReport.Completed c && !(c.result() instanceof CheckResult.NotApplicable)) {
                looked.computeIfAbsent(c.layer(), l -> new LinkedHashSet<>()).add(c.checkId());
                for (Finding f : c.result().findingList()) {
                    looked.computeIfAbsent(f.layer(), l -> new LinkedHashSet<>()).add(c.checkId());
                    if (f.isSymptom() && f.severity() == Severity.CRITICAL && !f.isRisk()) {
                        criticalSymptom.putIfAbsent(f.layer(), f);
                    } else if (f.isSymptom() && f.severity().compareTo(Severity.INFO) > 0) {
                        otherSymptom.putIfAbsent(f.layer(), f);
                    }
                }
            } else if (r instanceof CheckReport.Errored || r instanceof CheckReport.TimedOut) {
                skipped.computeIfAbsent(r.layer(), l -> new ArrayList<>()).add(r.checkId() + " did not finish");
            }
        }
        Layer writer = writer(errorSource, visitors, failing, looked.keySet());
        List<PathHop> hops = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            List<RankedCause> here = causes.stream()
                    .filter(c -> c.layer() == layer && c.severity().compareTo(Severity.INFO) > 0).toList();
            List<CauseCode> codes = here.stream().map(RankedCause::code).toList();
            List<String> checks = List.copyOf(looked.getOrDefault(layer, Set.of()));
            RankedCause failingCause = here.stream()
                    .filter(c -> c.severity() == Severity.CRITICAL && happening(c)).findFirst().orElse(null);
            HopState state;
            String reason;
            if (failingCause != null) {
                state = HopState.FAILING;
                reason = reason(failingCause);
            } else if (criticalSymptom.containsKey(layer) && failingBehind(causes, layer) != null) {
                // the messenger: it answers with an error because a hop behind it fails
                state = HopState.OK;
                reason = "relays the failure of " + failingBehind(causes, layer).label() + " behind it; "
                        + reason(criticalSymptom.get(layer));
            } else if (criticalSymptom.containsKey(layer)) {
                state = HopState.FAILING;
                reason = reason(criticalSymptom.get(layer));
            } else if (!here.isEmpty()) {
                state = HopState.SUSPECT;
                reason = reason(here.get(0));
            } else if (otherSymptom.containsKey(layer)) {
                state = HopState.SUSPECT;
                reason = reason(otherSymptom.get(layer));
            } else if (!checks.isEmpty()) {
                state = HopState.OK;
                reason = "looked at by " + String.join(", ", checks) + "; nothing wrong found";
            } else {
                state = HopState.NOT_EXAMINED;
                List<String> why = skipped.getOrDefault(layer, List.of());
                reason = why.isEmpty() ? "no check could look at this hop with what was given" : String.join("; ", why);
            }
            boolean wrote = layer == writer;
            if (wrote) {
                reason = wroteWhat(errorSource, visitors) + "; " + reason;
            }
            hops.add(new PathHop(layer, state, wrote, reason, codes, checks));
        }
        return hops;
    }

    /** The nearest hop behind {@code layer} where a critical cause is seen happening, {@code null} if none. */
    private static Layer failingBehind(List<RankedCause> causes, Layer layer) {
        return causes.stream().filter(c -> c.severity() == Severity.CRITICAL && happening(c)
                        && c.layer().compareTo(layer) > 0).map(RankedCause::layer).min(Layer::compareTo).orElse(null);
    }

    /** Observed, or a risk borne out by an observed cause it explains. */
    static boolean happening(RankedCause c) {
        return c.basis() == Basis.OBSERVED || !c.explains().isEmpty();
    }

    static Layer writer(ErrorSource errorSource, StatusFit.Visitors visitors, Layer failing, Set<Layer> examined) {
        if (errorSource != null) {
            return errorSource.hop().layer();
        }
        if (visitors == null || failing == null) {
            return null;
        }
        if (visitors.status() == 500 && (failing == Layer.APPLICATION || failing == Layer.DATABASE)) {
            return Layer.APPLICATION;
        }
        Layer behind = failing == Layer.HOST ? Layer.PHP_FPM : failing;
        Layer best = null;
        for (Layer g : List.of(Layer.EDGE, Layer.LOAD_BALANCER, Layer.PROXY)) {
            if (g.compareTo(behind) <= 0 && (examined.contains(g) || g == behind)) {
                best = g;
            }
        }
        return best;
    }

    private static String wroteVisitorsError(ErrorSource s) {
        return "wrote the visitors' " + (s.status() == null ? "error page" : s.status()) + " (" + s.vendor() + ")";
    }

    private static String wroteWhat(ErrorSource s, StatusFit.Visitors v) {
        if (s != null) {
            return wroteVisitorsError(s);
        }
        return "answered the visitors' " + v.status() + " (seen in " + v.seenAs() + ")";
    }

    private static String reason(RankedCause c) {
        String basis = c.basis() == Basis.OBSERVED ? "observed" : happening(c)
                ? "configuration risk, borne out by " + c.explains().get(0) : "configuration risk, not seen happening";
        return c.code() + " (" + basis + "): " + c.summary() + evidence(c.evidence());
    }

    private static String reason(Finding f) {
        return (f.isRisk() ? "configuration risk: " : "observed: ") + f.summary() + evidence(f.evidence());
    }

    /**
     * The first piece of evidence, cut at {@value #MAX_EVIDENCE} characters; a log or configuration line's place
     * ({@code file:line: }) is kept whole in front of its cut text, so that where the file lies (a temporary copy
     * of standard input or of the example, named relative to it only in the output) never changes how much of the
     * line is shown.
     */
    private static String evidence(List<Evidence> evidence) {
        if (evidence.isEmpty()) {
            return "";
        }
        Evidence e = evidence.get(0);
        String d = e.describe();
        String said = e instanceof Evidence.LogLine l ? l.text()
                : e instanceof Evidence.ConfigLine c ? c.directive() + " " + c.value() : d;
        String place = d.endsWith(said) ? d.substring(0, d.length() - said.length()) : "";
        String text = place.isEmpty() ? d.strip() : said.strip();
        String cut = text.length() > MAX_EVIDENCE ? text.substring(0, MAX_EVIDENCE - 3) + "..." : text;
        return " [" + (place + cut).strip() + "]";
    }
}
