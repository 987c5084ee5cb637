package org.gatewaydoctor.internal.ranking;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.HopState;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Marks every hop of the request path from the ranked causes and the check reports.
 *
 * <p>A hop is {@link HopState#FAILING} when a critical cause lives there, {@link HopState#SUSPECT}
 * when only warnings do, {@link HopState#OK} when some check looked at it and found nothing, and
 * {@link HopState#NOT_EXAMINED} otherwise. The hop that wrote the visitor's error page is the error
 * source's hop; without a page, the failing hop nearest the visitor (the one that answered with an
 * error because the hop behind it failed) is not known, so no hop is marked as writing it.
 */
final class HopMap {

    private HopMap() {
    }

    static List<PathHop> of(List<CheckReport> reports, List<RankedCause> causes, ErrorSource errorSource,
                            Layer failing) {
        Map<Layer, Set<String>> looked = new EnumMap<>(Layer.class);
        Map<Layer, List<String>> skipped = new EnumMap<>(Layer.class);
        for (CheckReport r : reports) {
            if (r instanceof CheckReport.Completed c && !(c.result() instanceof CheckResult.NotApplicable)) {
                looked.computeIfAbsent(c.layer(), l -> new LinkedHashSet<>()).add(c.checkId());
                c.result().findingList().forEach(f ->
                        looked.computeIfAbsent(f.layer(), l -> new LinkedHashSet<>()).add(c.checkId()));
            } else if (r instanceof CheckReport.Errored || r instanceof CheckReport.TimedOut) {
                skipped.computeIfAbsent(r.layer(), l -> new ArrayList<>()).add(r.checkId() + " did not finish");
            }
        }
        List<PathHop> hops = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            List<RankedCause> here = causes.stream()
                    .filter(c -> c.layer() == layer && c.severity().compareTo(Severity.INFO) > 0).toList();
            List<CauseCode> codes = here.stream().map(RankedCause::code).toList();
            List<String> checks = List.copyOf(looked.getOrDefault(layer, Set.of()));
            HopState state;
            String reason;
            if (here.stream().anyMatch(c -> c.severity() == Severity.CRITICAL)) {
                state = HopState.FAILING;
                reason = here.get(0).summary();
            } else if (!here.isEmpty()) {
                state = HopState.SUSPECT;
                reason = here.get(0).summary();
            } else if (!checks.isEmpty()) {
                state = HopState.OK;
                reason = "looked at by " + String.join(", ", checks) + "; nothing wrong found";
            } else {
                state = HopState.NOT_EXAMINED;
                List<String> why = skipped.getOrDefault(layer, List.of());
                reason = why.isEmpty() ? "no check could look at this hop with what was given" : String.join("; ", why);
            }
            boolean wrote = errorSource != null && errorSource.hop().layer() == layer;
            hops.add(new PathHop(layer, state, wrote, reason, codes, checks));
        }
        return hops;
    }
}
